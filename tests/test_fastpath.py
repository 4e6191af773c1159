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
