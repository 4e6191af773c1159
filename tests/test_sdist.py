"""The sdist is enough to test sociofund: built as a release builds it (``python -m build
--sdist``), unpacked, it holds the license, the tests, the ledgers and the docs, and the tests
that read them pass there against the code in it. A cheap part of the suite: the release workflow
runs all of it from the sdist."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile

import pytest

from conftest import ROOT
from sociofund import __version__


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="not a source tree")
def test_the_tests_run_from_the_unpacked_sdist(tmp_path):
    r = subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path / "dist"), str(ROOT)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    (sdist,) = (tmp_path / "dist").glob("*.tar.gz")
    assert sdist.name == f"sociofund-{__version__}.tar.gz"
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    root = tmp_path / "unpacked" / f"sociofund-{__version__}"
    for name in ("LICENSE", "README.md", ".pre-commit-hooks.yaml", ".ci/run", "docs/ledger-format.md",
                 "ledgers/ragunda/2022.toml", "tests/conftest.py", "tests/test_docs.py", "src/sociofund/__init__.py"):
        assert (root / name).is_file(), f"the sdist lacks {name}"
    assert "License-Expression: MIT" in (root / "PKG-INFO").read_text(encoding="utf-8")
    # the sdist's code, not this tree's: its src/ comes first
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "SOCIOFUND_NO_CACHE": "1"}
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_docs.py",
                        "tests/test_rules.py"], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert " passed" in r.stdout
