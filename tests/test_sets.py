"""Sets stay sets: a folder that is a ledger set and also holds set folders is a finding (F008)
that hides nothing, the commands that write refuse it, and ``init`` never makes one."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sociofund.cli import app
from sociofund.core import check

YEAR = 'year = {year}\n\n[[grant]]\nfund = "slk"\namount = 100\n\n[[allocation]]\nid = "a"\namount = 100\n'


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A repository whose ledgers/ holds three organisations, one with a typo."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    monkeypatch.chdir(tmp_path)
    for org in ("katrineholm", "ragunda", "soderhamn"):
        (tmp_path / "ledgers" / org).mkdir(parents=True)
        (tmp_path / "ledgers" / org / "2021.toml").write_text(YEAR.format(year=2021))
    (tmp_path / "ledgers/ragunda/2021.toml").write_text(YEAR.format(year=2021).replace("amount = 100\n\n[[alloc",
                                                                                        "ammount = 100\n\n[[alloc"))
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def test_a_mixed_folder_is_an_error_and_its_sets_are_still_checked(root):
    (root / "ledgers/2023.toml").write_text(YEAR.format(year=2023))
    findings = check([Path("ledgers")]).findings
    f008 = [f for f in findings if f.code == "F008"]
    assert [(f.file, f.line, f.col) for f in f008] == [("ledgers/2023.toml", 1, 1)]
    # the typo in ragunda is not hidden behind the small set
    assert any(f.code == "F003" and f.file == "ledgers/ragunda/2021.toml" for f in findings)
    r = CliRunner().invoke(app, ["check", "ledgers"])
    assert r.exit_code == 1
    assert "ledgers/2023.toml:1:1: F008 fel: ledgers är en liggare men innehåller också liggarna " \
           "katrineholm/, ragunda/, soderhamn/" in r.stdout
    assert "(4 liggare)" in r.stdout


def test_a_command_that_writes_refuses_a_mixed_folder(root):
    (root / "ledgers/2023.toml").write_text(YEAR.format(year=2023))
    before = tree(root / "ledgers")
    r = CliRunner().invoke(app, ["allocate", "2023", "b", "5", "--ledgers", "ledgers"])
    assert r.exit_code == 1, r.output
    assert "F008 fel" in r.stdout and "inget skrevs; välj en av liggarna med --ledgers" in r.stderr
    assert tree(root / "ledgers") == before


@pytest.mark.parametrize("where, found", [
    (".", "ledgers innehåller redan liggarna katrineholm/, ragunda/, soderhamn/"),  # the case
    ("ledgers", "ledgers innehåller redan liggarna katrineholm/, ragunda/, soderhamn/"),
    ("ledgers/ny", "ledgers innehåller redan liggarna"),
    ("ledgers/ragunda", "ragunda är redan en liggare"),
    ("ledgers/ragunda/sub", "ragunda är redan en liggare"),
])
def test_init_inside_a_root_of_sets_or_a_set_exits_2_and_writes_nothing(root, where, found):
    before = tree(root)
    r = CliRunner().invoke(app, ["init", where, "--year", "2023"])
    assert r.exit_code == 2, r.output
    assert found in r.stderr and "Inget skrevs" in r.stderr
    assert tree(root) == before
    assert not (root / "ledgers/sociofund.toml").exists()
