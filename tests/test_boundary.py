"""The one error boundary (cli/base.py): commands raise ``SociofundError`` or return an exit code;
the boundary words the error in the command's language and maps every ending to its exit code:
2 an error, 1 a change refused by findings (printed first), 3 a bug, 130 Ctrl-C."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import sociofund.core
from sociofund.cli import app

YEAR = """\
year = 2025
closed = false

[[grant]]
fund = "slk"
amount = 100

[[allocation]]
id = "a"
amount = 100
"""


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("SOCIOFUND_DEBUG", raising=False)
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    return CliRunner()


@pytest.mark.parametrize(("lang", "words"), [("sv", "finns inte"), ("en", "no such file or folder")])
def test_an_error_exits_2_in_the_language_asked_for(runner, tmp_path, lang, words):
    r = runner.invoke(app, ["check", str(tmp_path / "nowhere"), "--lang", lang])
    assert r.exit_code == 2
    assert r.stderr == f"sociofund: {tmp_path / 'nowhere'}: {words}\n"
    assert r.stdout == ""


def test_an_error_speaks_the_sets_own_language(runner, make_set):
    folder = make_set({"sociofund.toml": 'lang = "en"\n', "2025.toml": YEAR})
    r = runner.invoke(app, ["spend", "2025", "a", "-5", "--ledgers", str(folder)])
    assert r.exit_code == 2
    assert "amounts in the ledger are never negative" in r.stderr


def test_a_refused_change_exits_1_with_its_findings_first(runner, make_set):
    folder = make_set({"2025.toml": YEAR})
    before = (folder / "2025.toml").read_text()
    r = runner.invoke(app, ["allocate", "2025", "b", "50", "--ledgers", str(folder), "--lang", "en"])
    assert r.exit_code == 1
    assert "B001" in r.stdout  # the finding that refused it, on stdout as check prints findings
    assert r.stderr.startswith("sociofund: nothing was written")
    assert (folder / "2025.toml").read_text() == before


def _boom(exc):
    def run(*_a, **_k):
        raise exc

    return run


def test_a_bug_exits_3_without_a_traceback(runner, monkeypatch):
    monkeypatch.setattr(sociofund.core, "check", _boom(RuntimeError("simulated bug")))
    r = runner.invoke(app, ["check", "ledgers"])
    assert r.exit_code == 3
    assert "internt fel" in r.stderr and "RuntimeError: simulated bug" in r.stderr
    assert "Traceback" not in r.stderr


def test_a_bug_shows_its_traceback_under_sociofund_debug(runner, monkeypatch):
    monkeypatch.setattr(sociofund.core, "check", _boom(RuntimeError("simulated bug")))
    monkeypatch.setenv("SOCIOFUND_DEBUG", "1")
    r = runner.invoke(app, ["check", "ledgers"])
    assert r.exit_code == 3
    assert "Traceback" in r.stderr and "internt fel" in r.stderr


def test_ctrl_c_exits_130(runner, monkeypatch):
    monkeypatch.setattr(sociofund.core, "check", _boom(KeyboardInterrupt()))
    r = runner.invoke(app, ["check", "ledgers"])
    assert r.exit_code == 130
    assert r.stderr == "sociofund: avbrutet / interrupted\n"


def test_a_usage_error_stays_clicks_exit_2(runner):
    r = runner.invoke(app, ["check", "--format", "yaml"])
    assert r.exit_code == 2
    assert "internt fel" not in r.stderr


def test_the_boundary_forgets_the_last_commands_language(runner, tmp_path):
    # one process, two commands (as in the tests): the second is not worded in the first's language
    runner.invoke(app, ["check", str(tmp_path / "nowhere"), "--lang", "en"])
    r = runner.invoke(app, ["check", str(tmp_path / "nowhere")])
    assert r.stderr.endswith(": finns inte\n")


def test_a_reader_that_closes_the_pipe_is_not_a_bug(tmp_path):
    """``sociofund report --format md | head -1``: the reader stops after a line. Before, the closed pipe
    surfaced as BrokenPipeError and exited 3 ("internt fel"); now it exits 141 (as SIGPIPE would)
    and says nothing on stderr."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "set"
    folder.mkdir()
    # 2 000 allocations: a report far larger than a pipe's buffer, so the writer is still
    # writing when the reader goes away
    blocks = "".join(f'[[allocation]]\nid = "a{i}"\nname = "Insats nummer {i}"\namount = 1000\n\n'
                     for i in range(2000))
    (folder / "2022.toml").write_text(
        f'year = 2022\n[[grant]]\nfund = "slk"\namount = 2_000_000\n\n{blocks}', encoding="utf-8")
    env = {**os.environ, "SOCIOFUND_NO_CACHE": "1"}
    p = subprocess.Popen([sys.executable, "-m", "sociofund", "report", "--ledgers", str(folder), "--format", "md"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert p.stdout.read(1)  # the report started, then the reader goes away
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 141
    assert "internt fel" not in err and "Traceback" not in err and "BrokenPipe" not in err, err


def test_check_whose_reader_leaves_mid_output_exits_141(tmp_path):
    """``sociofund check | head``: the write the reader cut short was taken as written and the
    rest dropped, so check went on to exit 1 (its findings) as if all had been read."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "set"
    folder.mkdir()
    blocks = "".join(f'[[allocation]]\nid = "a{i}"\namount = 1\nbogus = 1\n\n' for i in range(3000))
    (folder / "2022.toml").write_text(f'year = 2022\n[[grant]]\nfund = "slk"\namount = 100\n\n{blocks}',
                                      encoding="utf-8")
    env = {**os.environ, "SOCIOFUND_NO_CACHE": "1"}
    for entry in (["check", str(folder)], ["--lang", "en", "check", str(folder)]):  # without typer, and with it
        p = subprocess.Popen([sys.executable, "-m", "sociofund", *entry], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
        assert p.stdout.read(1)
        p.stdout.close()
        err = p.stderr.read().decode()
        assert p.wait(timeout=120) == 141, err
        assert "Traceback" not in err and "internt fel" not in err, err
