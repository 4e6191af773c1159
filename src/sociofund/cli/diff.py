"""``sociofund diff``: what a change does to the budget, in kronor, where a pull request is reviewed."""

from __future__ import annotations

import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from sociofund.cli.base import FINDINGS, OK, LangOpt, LedgersOpt, app, append_step_summary, resolve_lang, use_color
from sociofund.render.formats import DIFF_FORMATS, named

DiffFormat = Enum("DiffFormat", {name: name for name in DIFF_FORMATS}, type=str)


@app.command()
def diff(
    a: Annotated[str | None, typer.Argument(metavar="A", help="The revision before (default: HEAD; with --base, the revision under review).", show_default=False)] = None,
    b: Annotated[str | None, typer.Argument(metavar="B", help="The revision after (default: the working tree).", show_default=False)] = None,
    base: Annotated[str | None, typer.Option("--base", metavar="REV", help="Compare with where the branch left REV (their merge-base), as a pull request does.")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help=named(DIFF_FORMATS) + ".")] = DiffFormat("table"),
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> int:
    """Show what a change does to the budget: per set and fund-year the figures before and after,
    the interventions added, removed or changed, and the findings the change adds or removes.

    Reads both revisions from git (no checkout). Exit 1 when the change adds errors.

    Example: sociofund diff --base main --format md
    """
    from sociofund.core import gitrev, revdiff
    from sociofund.render.options import RenderOptions

    resolve_lang(lang)  # an error before any set is read is worded in --lang
    result = revdiff.diff(gitrev.open_repo(ledgers), a, b, base=base)
    language = resolve_lang(lang, [s.lang for s in result.sets])
    spec = DIFF_FORMATS[fmt.value]
    options = RenderOptions(lang=language, color=use_color(), width=shutil.get_terminal_size((80, 24)).columns)
    out = spec.render(result, options)
    append_step_summary(spec, result, options)
    sys.stdout.write(out)
    return FINDINGS if result.errors_added else OK
