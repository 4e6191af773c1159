"""``sociofund check``: validate ledger sets; the command CI and pre-commit run."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from sociofund.cli.base import LangOpt, LedgersOpt, app
from sociofund.render.formats import FINDINGS_FORMATS, named

CheckFormat = Enum("CheckFormat", {name: name for name in FINDINGS_FORMATS}, type=str)


@app.command()
def check(
    paths: Annotated[list[Path] | None, typer.Argument(metavar="PATH", help="Ledger sets, roots of sets, or files in a set. Default: --ledgers.", show_default=False)] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help=named(FINDINGS_FORMATS) + ".")] = CheckFormat("text"),
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> int:
    """Check ledgers against the format and the rules; report every finding.

    Exit 0 when nothing is wrong, 1 when there are errors (or warnings with --strict).

    Example: sociofund check ledgers/ --format github
    """
    from sociofund.cli import checking

    return checking.run(paths or [ledgers], fmt.value, strict, lang)
