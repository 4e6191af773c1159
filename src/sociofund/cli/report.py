"""``sociofund report``: the fördelning tables the working group and the board read."""

from __future__ import annotations

import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from sociofund.cli.base import OK, USAGE, LangOpt, LedgersOpt, app, exit_code, resolve_lang, use_color
from sociofund.render.formats import REPORT_FORMATS, named

ReportFormat = Enum("ReportFormat", {name: name for name in REPORT_FORMATS}, type=str)


class Unit(str, Enum):
    kr = "kr"
    tkr = "tkr"


@app.command()
def report(
    years: Annotated[list[int] | None, typer.Argument(metavar="YEAR", help="Years to show; several side by side. Default: every year.", show_default=False)] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help=named(REPORT_FORMATS) + ".")] = ReportFormat("table"),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")] = None,
    unit: Annotated[Unit, typer.Option("--unit", help="Amounts in kr or tkr (table and md).")] = Unit.kr,
    org: Annotated[str | None, typer.Option("--org", help="One organisation of a root: its folder or its name.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when check finds errors in the years shown.")] = False,
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> int:
    """Print the fördelning table of a year, or several years side by side; over a root, one
    section per organisation and a roll-up per fund and year.

    Example: sociofund report 2021 2022 --ledgers ledgers/ragunda --format md
    """
    from sociofund.core import SociofundError, iter_sets
    from sociofund.core.diagnostics import count
    from sociofund.core.reports import build, pick_organisation

    loaded = pick_organisation(list(iter_sets([ledgers])), org)
    language = resolve_lang(lang, [x.ledger_set.config.lang for x in loaded])
    if REPORT_FORMATS[fmt.value].binary and output is None and sys.stdout.isatty():  # before any work: bytes on a terminal
        raise SociofundError("xlsx-needs-output")
    data = build([(x.ledger_set, x.findings) for x in loaded], tuple(years or ()))
    for name, year in data.missing_years:
        from sociofund import i18n

        typer.echo(i18n.label("r.missing", language, org=name, year=year), err=True)
    if not any(o.years for o in data.organisations):
        return USAGE
    _write(_render(data, fmt, language, unit.value), output)
    if not strict:  # the report's findings are check's business, unless asked
        return OK
    return exit_code(*count([f for o in data.organisations for y in o.years for f in y.findings]))


def _render(data, fmt: ReportFormat, lang: str, unit: str) -> str | bytes:
    from sociofund.render.options import RenderOptions

    spec = REPORT_FORMATS[fmt.value]
    options = RenderOptions(lang=lang, unit=unit, width=shutil.get_terminal_size((80, 24)).columns, color=use_color())
    try:
        return spec.render(data, options)
    except ImportError:
        if spec.needs is None:
            raise
        from sociofund.core import SociofundError

        raise SociofundError(spec.needs) from None


def _write(out: str | bytes, output: Path | None) -> None:
    if output is not None:
        from sociofund.core.ledgerfile import write_atomic

        write_atomic(output, out)
    elif isinstance(out, bytes):
        sys.stdout.buffer.write(out)
    else:
        sys.stdout.write(out)
