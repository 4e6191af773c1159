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


def run_readme_story(tmp_path: Path, monkeypatch) -> int:
    """Run README's "Editing" block in order on a copy of the shipped ledgers (in ``tmp_path``,
    which becomes the working folder); return how many commands ran. Where the block says "spend
    for every other allocation", this does (90 % each). Afterwards Ragunda 2022 is closed, 20 000 kr
    carried into 2023 and the rest repaid: the closed year of the README's story."""
    import re
    import shlex
    import shutil
    import tomllib

    from typer.testing import CliRunner

    from sociofund.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^### Editing.*?```sh\n(.*?)```", readme, re.S | re.M).group(1)
    shutil.copytree(ROOT / "ledgers", tmp_path / "ledgers")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    runner, ran = CliRunner(), 0
    for line in block.splitlines():
        if line.startswith("# … and spend for every other allocation"):
            year = tomllib.loads((tmp_path / "ledgers/ragunda/2022.toml").read_text(encoding="utf-8"))
            for a in year["allocation"]:
                if "spent" not in a:
                    r = runner.invoke(app, ["spend", "2022", a["id"], str(a["amount"] * 9 // 10),
                                            "--ledgers", "ledgers/ragunda"])
                    assert r.exit_code == 0, r.output
            continue
        args = shlex.split(line, comments=True)
        if not args or args[1:] == ["allocate", "--ledgers", "ledgers/ragunda"]:  # the interactive one
            continue
        r = runner.invoke(app, args[1:])
        assert r.exit_code == 0, f"{line}\n{r.output}"
        ran += 1
    return ran
