"""``sociofund check`` through the command line: exit codes, the three formats, hostile text.

Outputs are compared with golden files (tests/golden/check-*), rendered without colour.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, LEDGERS, ROOT, assert_golden
from sociofund.cli import app

AS_WRITTEN = FIXTURES / "as-written"


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(ROOT)  # findings name files relative to the project, as a user would see
    return CliRunner()


def invoke(runner, *args, **kw):
    return runner.invoke(app, ["check", *args], catch_exceptions=False, **kw)


def test_shipped_ledgers_exit_0(runner):
    r = invoke(runner, "ledgers/")
    assert r.exit_code == 0, r.output
    # every gap of the documents is a warning (Ragunda's decisions, Katrineholm's 8 mnkr not applied for, Ragunda's co-financing not quantified)
    assert r.stdout.endswith("0 fel, 24 varningar i 12 filer (3 liggare).\n")
    assert r.stderr == ""


def test_default_path_and_env_variable(runner, monkeypatch):
    assert invoke(runner).exit_code == 0  # ./ledgers
    monkeypatch.setenv("SOCIOFUND_LEDGERS", str(AS_WRITTEN.relative_to(ROOT)))
    r = invoke(runner)
    assert r.exit_code == 1
    assert "85\u00a0680\u00a0kr ofördelat" in r.stdout


def test_strict_makes_warnings_fail(runner):
    assert invoke(runner, "ledgers/katrineholm").exit_code == 0
    assert invoke(runner, "ledgers/katrineholm", "--strict").exit_code == 1
    assert invoke(runner, "ledgers/soderhamn", "--strict").exit_code == 0
    assert invoke(runner, "ledgers/ragunda", "--strict").exit_code == 1  # its documents disagree


def test_text_golden(runner):
    r = invoke(runner, "tests/fixtures/as-written")
    assert r.exit_code == 1
    assert_golden("check-as-written.txt", r.stdout)


def test_text_golden_english(runner):
    r = invoke(runner, "tests/fixtures/as-written", "--lang", "en")
    assert_golden("check-as-written.en.txt", r.stdout)


def test_json_golden_and_only_json_on_stdout(runner):
    r = invoke(runner, "tests/fixtures/as-written", "--format", "json")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)  # nothing but JSON
    assert doc["summary"] == {"errors": 1, "warnings": 1, "files": 3, "sets": 1}
    assert [(f["line"], f["code"], f["severity"]) for f in doc["findings"]] == [(6, "B002", "error"), (6, "B002", "warning")]
    assert_golden("check-as-written.json", r.stdout)


def test_github_golden_and_step_summary(runner, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = invoke(runner, "tests/fixtures/as-written", "--format", "github")
    assert r.exit_code == 1
    assert_golden("check-as-written.github.txt", r.stdout)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, not overwritten
    assert_golden("check-as-written.summary.md", text)


def test_an_unwritable_step_summary_is_an_io_error(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no" / "such" / "summary.md"))
    r = invoke(runner, "ledgers/", "--format", "github")
    assert r.exit_code == 2
    assert "summary.md: kan inte skrivas: filen eller mappen finns inte" in r.stderr


def test_missing_path_is_a_usage_error(runner):
    r = invoke(runner, "no/such/folder")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr == "sociofund: no/such/folder: finns inte\n"


def test_folder_without_ledgers_is_a_usage_error(runner, tmp_path):
    r = invoke(runner, str(tmp_path))
    assert r.exit_code == 2
    assert "inga liggare" in r.stderr


@pytest.mark.parametrize("name", ["2023.toml", "sociofund.toml"])
def test_a_broken_symlink_in_a_set_is_an_io_error_not_skipped(runner, tmp_path, name):
    (tmp_path / "2022.toml").write_text("year = 2022\n")
    (tmp_path / name).symlink_to(tmp_path / "nowhere" / name)
    r = invoke(runner, str(tmp_path))
    assert r.exit_code == 2
    assert f"{tmp_path / name}: kan inte läsas" in r.stderr


def test_bad_option_is_a_usage_error(runner):
    assert invoke(runner, "--format", "yaml").exit_code == 2


def test_a_file_checks_its_set(runner):
    r = invoke(runner, "tests/fixtures/as-written/ragunda/2022.toml")
    assert r.exit_code == 1
    assert "2021.toml:6:1: B002" in r.stdout


def test_a_bug_exits_3_not_1(monkeypatch, capsys):
    import sociofund.core

    def boom(*_a, **_k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(sociofund.core, "check", boom)
    monkeypatch.setattr(sys, "argv", ["sociofund", "check", str(LEDGERS)])
    from sociofund.cli import main

    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 3
    err = capsys.readouterr().err
    assert "internt fel" in err and "simulated bug" in err and "Traceback" not in err


HOSTILE = """year = 2022

[[grant]]
fund = "slk"
amount = 100

[[allocation]]
id = "a"
amount = 100
"\\u001b[31mred[bold]x[/bold]::error::pwn%0A" = 1
"""


def test_hostile_text_is_printed_literally_in_every_format(runner, tmp_path, monkeypatch):
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "2022.toml").write_text(HOSTILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    text = invoke(runner, "set").stdout
    assert "\x1b" not in text
    assert "\\x1b[31mred[bold]x[/bold]::error::pwn%0A" in text
    gh = invoke(runner, "set", "--format", "github").stdout.splitlines()
    assert gh[0].startswith("::error file=set/2022.toml,line=10,col=1,title=F003::")
    assert "%250A" in gh[0] and "\x1b" not in gh[0]
    assert not any(line.startswith("::error::") for line in gh)
    doc = json.loads(invoke(runner, "set", "--format", "json").stdout)
    assert "\x1b[31m" in doc["findings"][0]["message"]  # JSON carries the data; its reader escapes


def test_summary_markdown_escapes_pipes(tmp_path, monkeypatch):
    from sociofund.core import check
    from sociofund.render.findings import github_summary

    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "2022.toml").write_text('year = 2022\n"a|b<script>" = 1\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = check([Path("set")])
    md = github_summary(result)
    assert "a\\|b\\<script\\>" in md


def test_color_only_when_asked(runner, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[31m" in invoke(runner, "tests/fixtures/as-written").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in invoke(runner, "tests/fixtures/as-written").stdout


def test_readme_check_command_as_a_real_process():
    """What the README's first command runs, as a subprocess of the installed package."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOCIOFUND_LEDGERS", "GITHUB_STEP_SUMMARY")}
    env["NO_COLOR"] = "1"
    p = subprocess.run([sys.executable, "-m", "sociofund", "check", "ledgers/"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert "0 fel, 24 varningar i 12 filer (3 liggare)." in p.stdout
    p = subprocess.run([sys.executable, "-m", "sociofund", "check", "tests/fixtures/as-written"], cwd=ROOT,
                       env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 1
    assert p.stderr == ""
