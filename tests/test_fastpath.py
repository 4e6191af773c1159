"""The fast paths give the same findings as the reference path.

sociofund reads TOML with rtoml when it is installed and checks a large root in several
processes; tomllib in one process is the reference. These tests run both over the test fixtures,
the shipped ledgers, a generated root with planted errors and random TOML, and compare every
finding (code, file, line, column, arguments).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


def sociofund(tmp_path: Path, *args: str, cache: bool = True, cwd: Path | None = None) -> tuple[int, str, str]:
    """The console entry point in a fresh process, with the cache in ``tmp_path/xdg``: (exit
    code, stdout, whether typer was loaded)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOCIOFUND_NO_CACHE", "GITHUB_STEP_SUMMARY")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    if not cache:
        env["SOCIOFUND_NO_CACHE"] = "1"
    code = ("import sys\nfrom sociofund.cli import main\nsys.argv = ['sociofund', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    rc = e.code or 0\nelse:\n    rc = 0\n"
            "sys.stderr.write('typer' if 'typer' in sys.modules else 'no typer')\nsys.exit(rc)")
    p = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd or tmp_path, env=env, capture_output=True,
                       text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.rsplit("\n", 1)[-1]


def test_a_clean_check_is_replayed_only_while_nothing_it_read_changes(tmp_path):
    root = planted_root(tmp_path, 3)  # org00 has 90 000 of 100 000 allocated: B002
    (root / "org00" / "2022.toml").write_text(
        'year = 2022\n[[grant]]\nfund = "slk"\namount = 100_000\n[[allocation]]\nid = "a"\namount = 100_000\n')
    reference = sociofund(tmp_path, "check", "root", cache=False)
    assert reference[0] == 0 and reference[2] == "typer"
    first = sociofund(tmp_path, "check", "root")
    assert first[:2] == reference[:2] and first[2] == "typer"  # the full check, then recorded
    assert len(list((tmp_path / "xdg" / "sociofund").glob("*.json"))) == 1
    again = sociofund(tmp_path, "check", "root")
    assert again[:2] == reference[:2] and again[2] == "no typer"  # replayed
    # a changed amount, a stray file, a new set: each is checked afresh, with its findings
    before = (root / "org01" / "2022.toml").read_bytes()
    (root / "org01" / "2022.toml").write_text(
        'year = 2022\n[[grant]]\nfund = "slk"\namount = 100_000\n[[allocation]]\nid = "a"\namount = 90_000\n')
    changed = sociofund(tmp_path, "check", "root")
    assert changed[0] == 1 and "B002" in changed[1] and changed[2] == "typer"
    (root / "org01" / "2022.toml").write_bytes(before)  # as it was: replayed again
    assert sociofund(tmp_path, "check", "root")[2] == "no typer"
    (root / "org02" / "notes.toml").write_text("x = 1\n")
    stray = sociofund(tmp_path, "check", "root")
    assert "F007" in stray[1] and stray[2] == "typer"
    (root / "org02" / "notes.toml").unlink()
    (root / "org03").mkdir()
    (root / "org03" / "2022.toml").write_text('year = 2022\n[[grant]]\nfund = "slk"\namount = 5\n')
    new_set = sociofund(tmp_path, "check", "root")
    assert "B002" in new_set[1] and new_set[2] == "typer"


def test_a_check_with_findings_or_options_is_never_replayed(tmp_path):
    root = planted_root(tmp_path, 2)  # org00 has a B002
    for _ in range(2):
        rc, out, loaded = sociofund(tmp_path, "check", "root")
        assert rc == 1 and "B002" in out and loaded == "typer"
    assert not list((tmp_path / "xdg").rglob("*.json"))
    (root / "org00").rename(tmp_path / "gone")
    for _ in range(2):
        rc, out, loaded = sociofund(tmp_path, "check", "root", "--format", "json")
        assert rc == 0 and json.loads(out)["findings"] == [] and loaded == "typer"


def test_the_cache_reads_no_fifo(tmp_path):
    root = planted_root(tmp_path, 2)
    os.mkfifo(tmp_path / "pipe")
    (root / "org01" / "2023.toml").symlink_to(tmp_path / "pipe")
    rc, out, loaded = sociofund(tmp_path, "check", "root")  # would hang on the FIFO if it were read
    assert rc == 1 and "F002" in out and loaded == "typer"
