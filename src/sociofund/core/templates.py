"""The text of the files sociofund creates: a new year file (``carryover`` into a year the set
lacks) and a new ledger repository's files (``init``). Swedish, as the ledgers are.

Must not import: typer, rich.
"""

from __future__ import annotations

from pathlib import Path

from sociofund.core import languages
from sociofund.core.edit import toml_value
from sociofund.core.layout import GITIGNORE_LINES


def new_year_text(year: int, funds: list[str] = ()) -> str:
    """A new year file: ``year`` and ``closed``, and a comment that says how each fund's grant is
    recorded once it is known (until then the year is undecided: an imbalance is a warning)."""
    lines = [f"# {year}: skapad av sociofund."]
    lines += [f"# Registrera årets tilldelning när den är känd: sociofund grant {year} {f} BELOPP" for f in funds]
    lines += ["format = 1", f"year = {year}", "closed = false", ""]
    return "\n".join(lines)


def init_files(root: Path, year: int, organisation: str = "Min kommun", lang: str = languages.DEFAULT) -> dict[Path, str]:
    """The files of a new ledger repository under ``root``."""
    return {
        root / "ledgers" / "sociofund.toml": INIT_CONFIG.format(organisation=toml_value("organisation", organisation),
                                                                lang=lang),
        root / "ledgers" / f"{year}.toml": INIT_YEAR.format(year=year),
        root / ".pre-commit-config.yaml": INIT_PRECOMMIT,
        root / ".github" / "workflows" / "sociofund.yml": INIT_WORKFLOW,
        root / ".gitignore": "".join(line + "\n" for line in GITIGNORE_LINES),
    }


INIT_CONFIG = '''# Inställningar för liggaren. Se sociofunds docs/ledger-format.md.
format = 1
organisation = {organisation}
lang = "{lang}"

# Fonder: en per bidragsprogram. carryover = "approval" (överflyttning kräver finansiärens
# medgivande, approved_by), "free" eller "none".
[funds.slk]
name = "Stärka landsbygdskommuner"
funder = "Tillväxtverket"
carryover = "approval"
'''

INIT_YEAR = '''# {year}. Fördela med: sociofund allocate {year} ID BELOPP --name "..."
format = 1
year = {year}
closed = false

[[grant]]
fund = "slk"
funder = "Tillväxtverket"
amount = 0
status = "expected"
'''

INIT_PRECOMMIT = '''# pre-commit: kör sociofund check innan varje commit (https://pre-commit.com).
# Kräver att sociofund är installerat där du committar (pip install sociofund).
repos:
  - repo: local
    hooks:
      - id: sociofund-check
        name: sociofund check
        entry: sociofund check ledgers/
        language: system
        pass_filenames: false
        files: ^ledgers/.*\\.toml$
'''

INIT_WORKFLOW = '''# GitHub Actions: kontrollera liggaren vid varje push och pull request.
name: sociofund
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # sociofund diff jämför med basgrenen och behöver historiken
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      # installera sociofund från där ni har det, t.ex. pip install git+https://…/sociofund
      - run: pip install sociofund
      - run: sociofund check ledgers/ --format github
      # i en pull request: vad ändringen gör med budgeten, i kronor, i stegets sammanfattning
      - if: github.event_name == 'pull_request'
        env:
          BASE: ${{ github.base_ref }}
        run: sociofund diff --base "origin/$BASE" --ledgers ledgers/ --format github
'''
