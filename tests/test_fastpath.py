"""The fast paths give the same findings as the reference path.

sociofund reads TOML with rtoml when it is installed and checks a large root in several
processes; tomllib in one process is the reference. These tests run both over the test fixtures,
the shipped ledgers, a generated root with planted errors and random TOML, and compare every
finding (code, file, line, column, arguments). A plain ``check`` command line runs without typer
(cli/checking.py); typer's parsing is the reference, compared byte for byte with its output, its
messages and its exit code.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, LEDGERS, ROOT
from sociofund.core import check, ledgerfile

rtoml = pytest.importorskip("rtoml")


def findings_via(env_toml: str | None, path: Path, *extra: str) -> list[dict]:
    env = {k: v for k, v in os.environ.items() if k != "SOCIOFUND_TOML"}
    if env_toml:
        env["SOCIOFUND_TOML"] = env_toml
    p = subprocess.run([sys.executable, "-m", "sociofund", "check", str(path), "--format", "json", *extra],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode in (0, 1), p.stderr
    return json.loads(p.stdout)["findings"]


def planted_root(tmp_path: Path, n_sets: int = 30) -> Path:
    """A root of many small sets, every tenth with an error, some with broken TOML."""
    root = tmp_path / "root"
    for i in range(n_sets):
        d = root / f"org{i:02d}"
        d.mkdir(parents=True)
        amount = 100_000 if i % 10 else 90_000
        (d / "2022.toml").write_text(
            f'year = 2022\n[[grant]]\nfund = "slk"\namount = 100_000\n'
            f'[[allocation]]\nid = "a"\namount = {amount}\n', encoding="utf-8")
        if i % 7 == 3:
            (d / "2023.toml").write_text('year = 2023\n[[grant]]\nfund = "slk"\nx = 1\nx = 2\n', encoding="utf-8")
    return root


@pytest.mark.parametrize("path", [FIXTURES / "as-written", LEDGERS], ids=["as-written", "ledgers"])
def test_rtoml_and_tomllib_give_identical_findings(path):
    assert findings_via(None, path) == findings_via("tomllib", path)


def test_parallel_and_serial_give_identical_findings(tmp_path):
    root = planted_root(tmp_path)
    serial = check([root], workers=1)
    parallel = check([root], workers=2)
    assert serial.findings == parallel.findings
    assert (serial.files, serial.sets) == (parallel.files, parallel.sets) == (34, 30)
    assert {f.code for f in serial.findings} == {"B002", "F001"}
    assert findings_via(None, root) == findings_via("tomllib", root)


def test_progress_is_reported_per_set(tmp_path):
    seen = []
    check([planted_root(tmp_path, 5)], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


toml_text = st.text(alphabet=st.sampled_from(list('ab=[]{}"\'#.,-_:\n 0123456789xetrufl\\')), max_size=60)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(toml_text)
def test_rtoml_never_accepts_what_tomllib_refuses(text):
    """Where rtoml parses, tomllib parses to the same data; where rtoml refuses, parse_toml
    falls back to tomllib, so the reference decides."""
    try:
        fast = rtoml.loads(text)
    except Exception:
        return
    assert ledgerfile.parse_toml(text) == fast
    assert tomllib.loads(text) == fast


# --- the cache of a clean check (core/checkcache.py) ----------------------------------------


def sociofund(tmp_path: Path, *args: str, cache: bool = True, cwd: Path | None = None,
              extra_env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The console entry point in a fresh process, with the cache in ``tmp_path/xdg``: (exit
    code, stdout, ``checked`` when the ledgers were loaded and checked, ``replayed`` when not)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOCIOFUND_NO_CACHE", "GITHUB_STEP_SUMMARY")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    if not cache:
        env["SOCIOFUND_NO_CACHE"] = "1"
    env.update(extra_env or {})
    code = ("import sys\nfrom sociofund.cli import main\nsys.argv = ['sociofund', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    rc = e.code or 0\nelse:\n    rc = 0\n"
            "sys.stderr.write('checked' if 'sociofund.core.loader' in sys.modules else 'replayed')\nsys.exit(rc)")
    p = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd or tmp_path, env=env, capture_output=True,
                       text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.rsplit("\n", 1)[-1]


def test_a_clean_check_is_replayed_only_while_nothing_it_read_changes(tmp_path):
    root = planted_root(tmp_path, 3)  # org00 has 90 000 of 100 000 allocated: B002
    (root / "org00" / "2022.toml").write_text(
        'year = 2022\n[[grant]]\nfund = "slk"\namount = 100_000\n[[allocation]]\nid = "a"\namount = 100_000\n')
    reference = sociofund(tmp_path, "check", "root", cache=False)
    assert reference[0] == 0 and reference[2] == "checked"
    first = sociofund(tmp_path, "check", "root")
    assert first[:2] == reference[:2] and first[2] == "checked"  # the full check, then recorded
    assert len(list((tmp_path / "xdg" / "sociofund").glob("*.json"))) == 1
    again = sociofund(tmp_path, "check", "root")
    assert again[:2] == reference[:2] and again[2] == "replayed"  # replayed
    # a changed amount, a stray file, a new set: each is checked afresh, with its findings
    before = (root / "org01" / "2022.toml").read_bytes()
    (root / "org01" / "2022.toml").write_text(
        'year = 2022\n[[grant]]\nfund = "slk"\namount = 100_000\n[[allocation]]\nid = "a"\namount = 90_000\n')
    changed = sociofund(tmp_path, "check", "root")
    assert changed[0] == 1 and "B002" in changed[1] and changed[2] == "checked"
    (root / "org01" / "2022.toml").write_bytes(before)  # as it was: replayed again
    assert sociofund(tmp_path, "check", "root")[2] == "replayed"
    (root / "org02" / "notes.toml").write_text("x = 1\n")
    stray = sociofund(tmp_path, "check", "root")
    assert "F007" in stray[1] and stray[2] == "checked"
    (root / "org02" / "notes.toml").unlink()
    (root / "org03").mkdir()
    (root / "org03" / "2022.toml").write_text('year = 2022\n[[grant]]\nfund = "slk"\namount = 5\n')
    new_set = sociofund(tmp_path, "check", "root")
    assert "B002" in new_set[1] and new_set[2] == "checked"


def test_a_check_with_findings_or_options_is_never_replayed(tmp_path):
    root = planted_root(tmp_path, 2)  # org00 has a B002
    for _ in range(2):
        rc, out, loaded = sociofund(tmp_path, "check", "root")
        assert rc == 1 and "B002" in out and loaded == "checked"
    assert not list((tmp_path / "xdg").rglob("*.json"))
    (root / "org00").rename(tmp_path / "gone")
    for _ in range(2):
        rc, out, loaded = sociofund(tmp_path, "check", "root", "--format", "json")
        assert rc == 0 and json.loads(out)["findings"] == [] and loaded == "checked"


@pytest.mark.parametrize("var", ["SOCIOFUND_LANG", "LANGUAGE", "LC_MESSAGES"])
def test_a_clean_check_is_not_replayed_in_another_language(tmp_path, var):
    # the cache keyed on LANG and LC_ALL only: SOCIOFUND_LANG=en replayed the Swedish sentence
    root = planted_root(tmp_path, 2)
    shutil.rmtree(root / "org00")  # (the one with a finding)
    sv = {var: "sv_SE.UTF-8" if var != "SOCIOFUND_LANG" else "sv", "LANG": "C", "LC_ALL": ""}
    en = {**sv, var: "en_GB.UTF-8" if var != "SOCIOFUND_LANG" else "en"}
    assert sociofund(tmp_path, "check", "root", extra_env=sv)[2] == "checked"
    assert sociofund(tmp_path, "check", "root", extra_env=sv)[2] == "replayed"
    rc, out, loaded = sociofund(tmp_path, "check", "root", extra_env=en)
    assert rc == 0 and out == sociofund(tmp_path, "check", "root", cache=False, extra_env=en)[1]
    assert "No problems" in out or "no problems" in out.lower(), out


def test_the_cache_reads_no_fifo(tmp_path):
    root = planted_root(tmp_path, 2)
    os.mkfifo(tmp_path / "pipe")
    (root / "org01" / "2023.toml").symlink_to(tmp_path / "pipe")
    rc, out, loaded = sociofund(tmp_path, "check", "root")  # would hang on the FIFO if it were read
    assert rc == 1 and "F002" in out and loaded == "checked"


# --- check without typer (cli/checking.py) against typer's parsing ----------------------------------

#: the console entry point (a plain check runs without typer), or typer's app alone (the reference)
ENTRY = {"fast": "from sociofund.cli import main", "typer": "from sociofund.cli.base import main"}


def run_entry(entry: str, args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple:
    """(exit code, stdout, stderr, the step summary written, whether typer was loaded) of ``sociofund
    ARGS`` through ``entry``, in a fresh process."""
    summary = Path(tempfile.mkdtemp()) / "summary.md"
    environ = {k: v for k, v in os.environ.items() if k not in ("SOCIOFUND_LEDGERS", "SOCIOFUND_LANG", "GITHUB_STEP_SUMMARY")}
    environ.update(env or {})
    if "GITHUB_STEP_SUMMARY" in environ:
        environ["GITHUB_STEP_SUMMARY"] = str(summary)
    code = (f"import sys\n{ENTRY[entry]}\nsys.argv = ['sociofund', *sys.argv[1:]]\n"
            "try:\n    main()\nfinally:\n    sys.stderr.write(f'\\n@typer={\"typer\" in sys.modules}')")
    p = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=environ, capture_output=True, timeout=120)
    err, _, loaded = p.stderr.decode().rpartition("\n@typer=")
    written = summary.read_text("utf-8") if summary.exists() else None
    shutil.rmtree(summary.parent)
    return p.returncode, p.stdout.decode(), err, written, loaded == "True"


def both_ways(args: list[str], cwd: Path, env: dict[str, str] | None = None, *, fast: bool = True) -> tuple:
    """Run ``args`` both ways and check they end the same; return the result."""
    reference = run_entry("typer", args, cwd, env)
    result = run_entry("fast", args, cwd, env)
    assert reference[4], "the reference did not go through typer"
    assert result[:4] == reference[:4]
    assert result[4] is not fast, f"{args}: expected {'no ' if fast else ''}typer"
    return result


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A working folder with the shipped ledgers, the fixtures and a root with planted errors."""
    shutil.copytree(LEDGERS, tmp_path / "ledgers")
    shutil.copytree(FIXTURES / "as-written", tmp_path / "as-written")
    planted_root(tmp_path)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "2022.toml").write_text("year = 2022\n[[grant]\nfund = 1\n", encoding="utf-8")
    return tmp_path


PLAIN = {
    "a set with warnings": ["check", "ledgers/ragunda"],
    "the shipped root": ["check", "ledgers"],
    "strict": ["check", "ledgers", "--strict"],
    "json": ["check", "ledgers", "--format", "json"],
    "github, short option first": ["check", "-f", "github", "ledgers/soderhamn"],
    "json with =": ["check", "--format=json", "as-written"],
    "errors": ["check", "as-written"],
    "a file of a set": ["check", "as-written/ragunda/2022.toml"],
    "two paths": ["check", "root/org00", "root/org03", "--strict"],
    "a root with planted errors": ["check", "root", "-f", "json"],
    "broken TOML": ["check", "broken"],
    "no such path": ["check", "nowhere"],
    "no path: ./ledgers": ["check"],
    "no sets": ["check", "root/org00/2022.toml", "."],
}


@pytest.mark.parametrize("args", PLAIN.values(), ids=PLAIN.keys())
def test_a_plain_check_without_typer_ends_as_with_typer(args, tree):
    both_ways(args, tree)


@pytest.mark.parametrize("env", [{"SOCIOFUND_LANG": "en"}, {"LANG": "en_GB.UTF-8"}, {"NO_COLOR": "1", "CI": "1"},
                                 {"SOCIOFUND_LEDGERS": "root"}, {"SOCIOFUND_LEDGERS": ""}],
                         ids=["SOCIOFUND_LANG", "locale", "CI", "SOCIOFUND_LEDGERS", "empty SOCIOFUND_LEDGERS"])
@pytest.mark.parametrize("args", [["check"], ["check", "nowhere"], ["check", "as-written", "--strict"]],
                         ids=["no path", "no such path", "errors"])
def test_the_environment_counts_the_same_without_typer(args, env, tree):
    both_ways(args, tree, env)


def test_the_sets_language_and_the_nearest_ledgers_without_typer(tree):
    """The set's ``lang`` words the output and the errors before any set is read; without
    ./ledgers, the nearest set is used and named on stderr (the --ledgers callback's note)."""
    settings = tree / "ledgers" / "ragunda" / "sociofund.toml"
    settings.write_text(settings.read_text("utf-8").replace('lang = "sv"', 'lang = "en"'), "utf-8")
    inside = tree / "ledgers" / "ragunda"
    for args in (["check", "nowhere"], ["check", "."], ["check", "2022.toml"]):
        both_ways(args, inside)
    rc, out, err, _, _ = both_ways(["check"], inside)
    assert "ragunda" in err  # no ./ledgers here: the note names the set that is used
    assert rc == 0 and "warnings" in out  # in the set's language
    rc, out, err, _, _ = both_ways(["check"], tree, {"SOCIOFUND_LEDGERS": "ledgers/ragunda"})
    assert rc == 0 and "warnings" in out


def test_a_check_of_given_paths_names_no_nearest_ledgers(tree):
    """Without ./ledgers here, ``check`` alone checks the nearest ledgers and says which; given
    paths it checks them and says nothing of a --ledgers it does not use (it named the folder
    it was run in, which it did not check)."""
    rc, out, err, _, _ = both_ways(["check"], tree / "root")
    assert "./ledgers finns inte; använder liggaren i " in err
    rc, out, err, _, _ = both_ways(["check", "org01", "org02"], tree / "root")
    assert rc == 0 and err == "" and "(2 liggare)" in out
    rc, out, err, _, _ = both_ways(["check", "org01", "--lang", "en"], tree / "root", fast=False)
    assert rc == 0 and err == ""


def test_the_step_summary_is_the_same_without_typer(tree):
    rc, out, err, written, _ = both_ways(["check", "as-written", "--format", "github"], tree,
                                         {"GITHUB_STEP_SUMMARY": "yes"})
    assert rc == 1 and written


@pytest.mark.parametrize("args", [
    ["check", "ledgers", "--lang", "en"], ["check", "--help"], ["check", "ledgers", "--strict", "--strict"],
    ["check", "--format", "yaml", "ledgers"], ["check", "-x"], ["check", "--", "ledgers"], ["check", "-"],
    ["check", "--format"], ["check", "ledgers", "-fjson"],
], ids=["--lang", "--help", "repeated", "unknown format", "unknown option", "--", "dash", "no value", "-fjson"])
def test_any_other_check_command_line_goes_to_typer(args, tree):
    both_ways(args, tree, fast=False)


def test_the_formats_read_without_typer_are_the_findings_formats():
    from sociofund.cli import checking
    from sociofund.render.formats import FINDINGS_FORMATS

    assert checking.FORMATS == tuple(FINDINGS_FORMATS)
