"""``sociofund funder-report``: the återrapportering of a fund-year, or a programme's roll-up."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from sociofund.cli.base import OK, LangOpt, LedgersOpt, app, exit_code, resolve_lang
from sociofund.cli.report import Unit, _write, render_with
from sociofund.render.formats import FUNDER_FORMATS, named

FunderFormat = Enum("FunderFormat", {name: name for name in FUNDER_FORMATS}, type=str)


@app.command("funder-report")
def funder_report(
    fund: Annotated[str, typer.Argument(metavar="FUND", help="The fund's id (slk), or over a root of organisations the funder's programme: a fund id, or the fund register's program or regulation (\"SFS 2018:152\").", show_default=False)],
    year: Annotated[int, typer.Argument(metavar="YEAR", help="The year reported.", show_default=False)],
    fmt: Annotated[FunderFormat, typer.Option("--format", "-f", help=named(FUNDER_FORMATS) + ".")] = FunderFormat("table"),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")] = None,
    unit: Annotated[Unit, typer.Option("--unit", help="Amounts in kr or tkr (table, md, docx, html, xlsx); tkr rounded so that the rows add up to the total.")] = Unit.kr,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when check finds errors in the fund-year.")] = False,
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> int:
    """Återrapportering: one fund-year as its funder is told it, reconciled to the krona — grants,
    carried in, budget and utfall per intervention, carried out and repaid, co-financing, and the
    year's findings. Over a root of organisations: the funder's roll-up, one row per organisation.

    Example: sociofund funder-report slk 2022 --ledgers ledgers/ragunda --format docx -o aterrapport.docx
    """
    from sociofund.core import SociofundError, iter_sets
    from sociofund.core.diagnostics import count
    from sociofund.core.funder import funder_report as build, programme_funds, programme_rollup

    loaded = list(iter_sets([ledgers]))
    language = resolve_lang(lang, [x.ledger_set.config.lang for x in loaded])
    if FUNDER_FORMATS[fmt.value].binary and output is None and sys.stdout.isatty():  # before any work
        raise SociofundError("binary-needs-output", format=fmt.value)
    if len(loaded) == 1:
        x = loaded[0]
        # a fund id, or a programme the set's register names (one fund of it)
        matches = programme_funds(x.ledger_set, fund)
        data = build(x.ledger_set, matches[0] if len(matches) == 1 else fund, year, x.findings)
        findings = data.findings
    else:
        data = programme_rollup([(x.ledger_set, x.findings) for x in loaded], fund, (year,))
        if not data.lines:
            raise SociofundError("no-such-programme", program=fund, year=year)
        findings = [f for x in loaded for f in x.findings if f.file.endswith(f"{year}.toml")]
    _write(render_with(FUNDER_FORMATS[fmt.value], data, language, unit.value), output)
    if not strict:  # the fund-year's findings are listed in the report; failing on them is check's business
        return OK
    return exit_code(*count(findings))
