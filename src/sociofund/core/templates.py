"""The text of the files sociofund creates: a new year file (``carryover`` into a year the set
lacks) and a new ledger repository's files (``init``). Swedish, as the ledgers are.

Must not import: typer, rich.
"""

from __future__ import annotations

import json
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


#: the actions the workflow uses, pinned by commit (a tag can be moved; a commit cannot)
CHECKOUT = "actions/checkout@34e114876b0b11c390a56381ad16ebd13914f8d5  # v4.3.1"
SETUP_PYTHON = "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065  # v5.6.0"


def default_source(version: str) -> str:
    """The pip requirement of the sociofund the new repository runs: this very version."""
    return f"sociofund=={version}"


def init_files(root: Path, year: int, organisation: str = "Min kommun", lang: str = languages.DEFAULT,
               source: str | None = None) -> dict[Path, str]:
    """The files of a new ledger repository under ``root``. ``source`` is the one pip requirement
    (``sociofund==0.2.0``, a git URL, a path) that both the pre-commit hook and the CI workflow
    install: the same sociofund checks a commit on a desk and in CI."""
    from sociofund import __version__

    quoted = json.dumps(source or default_source(__version__), ensure_ascii=False)  # a JSON string is a YAML double-quoted string
    return {
        root / "ledgers" / "sociofund.toml": INIT_CONFIG.format(organisation=toml_value("organisation", organisation),
                                                                lang=lang),
        root / "ledgers" / f"{year}.toml": INIT_YEAR.format(year=year),
        root / ".pre-commit-config.yaml": INIT_PRECOMMIT.format(source=quoted),
        root / ".github" / "workflows" / "sociofund.yml": INIT_WORKFLOW.format(source=quoted, checkout=CHECKOUT,
                                                                               setup_python=SETUP_PYTHON),
        root / ".gitignore": "".join(line + "\n" for line in GITIGNORE_LINES),
    }


INIT_CONFIG = '''# Inställningar för liggaren. Formatet beskrivs av: sociofund format
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

INIT_YEAR = '''# {year}. Registrera årets tilldelning: sociofund grant {year} slk BELOPP --status expected
# och fördela den: sociofund allocate {year} ID BELOPP --name "..."
format = 1
year = {year}
closed = false
'''

# pre-commit installs the hook's sociofund itself (language: python) from the one source, so the
# hook runs the same version on every desk whatever else is installed there
INIT_PRECOMMIT = '''# pre-commit: kör sociofund check före varje commit (https://pre-commit.com):
#   pip install pre-commit && pre-commit install
# pre-commit installerar sociofund själv, från källan i additional_dependencies: samma källa
# som SOCIOFUND_SOURCE i .github/workflows/sociofund.yml. Byt båda på en gång.
repos:
  - repo: local
    hooks:
      - id: sociofund-check
        name: sociofund check
        entry: sociofund check ledgers/
        language: python
        additional_dependencies: [{source}]
        pass_filenames: false
        files: ^ledgers/
'''

INIT_WORKFLOW = '''# GitHub Actions: kontrollera liggaren vid varje push och pull request.
# sociofund installeras från SOCIOFUND_SOURCE: samma källa som additional_dependencies i
# .pre-commit-config.yaml. Byt båda på en gång.
name: sociofund

on:
  push:
  pull_request:

# bara läsrätt: jobbet läser liggaren och skriver inget till repot
permissions:
  contents: read

# a newer push to the same branch makes an older run moot
concurrency:
  group: ${{{{ github.workflow }}}}-${{{{ github.ref }}}}
  cancel-in-progress: true

env:
  SOCIOFUND_SOURCE: {source}

jobs:
  check:
    name: sociofund check
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: {checkout}
        with:
          persist-credentials: false
          fetch-depth: 0  # sociofund diff jämför med basgrenen och behöver historiken
      - uses: {setup_python}
        with:
          python-version: "3.12"
      - name: Installera sociofund
        run: |
          if ! python -m pip install --disable-pip-version-check --quiet "$SOCIOFUND_SOURCE" > "${{RUNNER_TEMP:-/tmp}}/sociofund-pip.log" 2>&1; then
            echo "::group::pip"; cat "${{RUNNER_TEMP:-/tmp}}/sociofund-pip.log"; echo "::endgroup::"
            echo "::error title=sociofund kunde inte installeras::Källan SOCIOFUND_SOURCE=$SOCIOFUND_SOURCE går inte att installera härifrån. Sätt SOCIOFUND_SOURCE i .github/workflows/sociofund.yml och additional_dependencies i .pre-commit-config.yaml till en källa som går att nå, t.ex. sociofund==X.Y.Z från PyPI eller git+https://github.com/ORG/sociofund@vX.Y.Z."
            exit 1
          fi
      # fynden som annoteringar, och en tabell i stegets sammanfattning ($GITHUB_STEP_SUMMARY)
      - name: sociofund check
        run: sociofund check ledgers/ --format github
      # i en pull request: vad ändringen gör med budgeten, i kronor, i stegets sammanfattning
      - name: sociofund diff
        if: github.event_name == 'pull_request'
        env:
          BASE: ${{{{ github.base_ref }}}}
        run: sociofund diff --base "origin/$BASE" --ledgers ledgers/ --format github
'''
