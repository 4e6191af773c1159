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
    unit: Annotated[Unit, typer.Option("--unit", help="Amounts in kr or tkr (table, md, docx and html); tkr rounded so that the rows add up to the total.")] = Unit.kr,
    org: Annotated[str | None, typer.Option("--org", help="One organisation of a root: its folder or its name.")] = None,
    all_orgs: Annotated[bool, typer.Option("--all-orgs", help="Over a root: every organisation's tables, not one line each.")] = False,
    indent: Annotated[int | None, typer.Option("--indent", min=0, max=8, help="JSON: indent by this many spaces (default: compact).", show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when check finds errors in the years shown.")] = False,
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> int:
    """Print the fördelning table of a year, or several years side by side; over a root, the
    roll-up per fund and year and one line per organisation (--all-orgs or --org for their tables).

    Example: sociofund report 2021 2022 --ledgers ledgers/ragunda --format md
    """
    from sociofund.cli.language import settings_lang
    from sociofund.core import SociofundError, discover_all
    from sociofund.core.layout import CONFIG_FILE
    from sociofund.core.loader import any_has_year, iter_reports, pick_set
    from sociofund.core.reports import Report

    folders = discover_all([ledgers])
    if org is not None:  # by folder name without reading anything; by name from the settings files
        folders = pick_set(folders, org)
    several = len(folders) > 1
    # each set's own lang, None where it names none (then the locale decides, as in every command)
    set_langs = [] if lang is not None else [settings_lang(f / CONFIG_FILE) for f in folders]
    language = resolve_lang(lang, set_langs)
    if REPORT_FORMATS[fmt.value].binary and output is None and sys.stdout.isatty():  # before any work: bytes on a terminal
        raise SociofundError("binary-needs-output", format=fmt.value)
    detail = all_orgs or not several
    if several and years and not any_has_year(folders, years):
        # asked before the report streams (it writes as it goes): no file, one message
        raise SociofundError("no-year-anywhere", path=str(ledgers), sets=len(folders),
                             years=", ".join(str(y) for y in years))
    orgs = iter_reports(folders, tuple(years or ()), detail=detail)
    if not several:  # one set: nothing to print when it has none of the years asked
        orgs = list(orgs)
        if not orgs[0].summary.years:
            _missing(orgs[0].missing and [(orgs[0].organisation, y) for y in orgs[0].missing], language)
            return USAGE
    data = Report.stream(orgs, tuple(years or ()), detail=detail, several=several)
    _write(_render(data, fmt, language, unit.value, indent), output)
    _missing(data.missing_years, language)
    if not any(o.years for o in data.summaries):
        return USAGE
    if not strict:  # the report's findings are check's business, unless asked
        return OK
    return exit_code(data.errors, data.warnings)


def _missing(missing: list[tuple[str, int]], language: str) -> None:
    from sociofund import i18n

    for name, year in missing:
        typer.echo(i18n.label("r.missing", language, org=name, year=year), err=True)


def _render(data, fmt: ReportFormat, lang: str, unit: str, indent: int | None):
    """The chunks of the rendered report, produced as they are written."""
    return render_with(REPORT_FORMATS[fmt.value], data, lang, unit, indent)


def render_with(spec, data, lang: str, unit: str, indent: int | None = None):
    """The chunks ``spec`` (one format of a FORMATS table) renders; a missing optional library is
    a usage error that says what to install."""
    from sociofund.render.options import RenderOptions

    options = RenderOptions(lang=lang, unit=unit, width=shutil.get_terminal_size((80, 24)).columns, color=use_color(),
                            indent=indent)
    try:
        yield from spec.render(data, options)
    except ImportError:
        if spec.needs is None:
            raise
        from sociofund.core import SociofundError

        raise SociofundError(spec.needs) from None


def _write(chunks, output: Path | None) -> None:
    if output is not None and str(output) != "-":  # "-" is standard output, as everywhere
        from sociofund.core.ledgerfile import write_atomic

        write_atomic(output, chunks)
        return
    for chunk in chunks:
        if isinstance(chunk, bytes):
            sys.stdout.buffer.write(chunk)
        else:
            sys.stdout.write(chunk)
