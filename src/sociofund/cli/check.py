"""``sociofund check``: validate ledger sets; the command CI and pre-commit run."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from sociofund.cli.base import LangOpt, LedgersOpt, app, append_step_summary, exit_code, resolve_lang, use_color
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
    from sociofund.cli.progress import progress_bar
    from sociofund.core import check as run_check
    from sociofund.core.diagnostics import count
    from sociofund.render.options import RenderOptions

    with progress_bar("sociofund check") as progress:
        result = run_check(paths or [ledgers], progress=progress)
    language = resolve_lang(lang, result.langs)
    spec = FINDINGS_FORMATS[fmt.value]
    options = RenderOptions(lang=language, color=use_color())
    out = spec.render(result, options)
    append_step_summary(spec, result, options)
    sys.stdout.write(out)
    if not result.findings:  # a clean run may be replayed while nothing it read changes
        from sociofund.core import checkcache

        checkcache.record(out)
    return exit_code(*count(result.findings), strict=strict)
