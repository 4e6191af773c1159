"""Shared test helpers: ledger sets from inline TOML, golden files."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LEDGERS = ROOT / "ledgers"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"

# the commands the tests run must not remember clean checks in the user's cache folder
# (core/checkcache.py); the tests of that cache turn it on in a folder of their own
os.environ["SOCIOFUND_NO_CACHE"] = "1"


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch):
    """Tests see Swedish unless they ask: the developer's locale or SOCIOFUND_LANG would
    otherwise choose the language of every output (cli/language.py)."""
    for var in ("SOCIOFUND_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def make_set(tmp_path, monkeypatch):
    """Write a ledger set from dedented TOML strings: ``make_set({"2022.toml": "..."})``.

    The test runs inside the set's parent, so findings name files as ``set/2022.toml``."""

    def make(files: dict[str, str], name: str = "set") -> Path:
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        for fname, text in files.items():
            data = text if isinstance(text, bytes) else textwrap.dedent(text).lstrip("\n").encode()
            (folder / fname).write_bytes(data)
        monkeypatch.chdir(tmp_path)
        return Path(name)

    return make


def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; ``SOCIOFUND_REGEN=1`` rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("SOCIOFUND_REGEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"golden file {path} missing: run with SOCIOFUND_REGEN=1"
    assert actual == path.read_text(encoding="utf-8")
