"""``sociofund decisions`` and ``sociofund compare``: the board's decisions, and what changed."""

from __future__ import annotations

import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from sociofund.cli.base import OK, LangOpt, LedgersOpt, app, one_set, use_color
from sociofund.cli.report import Unit, _write
from sociofund.render.formats import COMPARE_FORMATS, DECISIONS_FORMATS, named
from sociofund.render.options import Format

CompareFormat = Enum("CompareFormat", {name: name for name in COMPARE_FORMATS}, type=str)
DecisionsFormat = Enum("DecisionsFormat", {name: name for name in DECISIONS_FORMATS}, type=str)


def _render(spec: Format, data, lang: str, unit: str, output: Path | None) -> None:
    from sociofund.core import SociofundError
    from sociofund.render.options import RenderOptions

    if spec.binary and output is None and sys.stdout.isatty():  # bytes never go to a terminal
        raise SociofundError("xlsx-needs-output")
    options = RenderOptions(lang=lang, unit=unit, width=shutil.get_terminal_size((80, 24)).columns, color=use_color())
    try:
        out = spec.render(data, options)
    except ImportError:
        if spec.needs is None:
            raise
        raise SociofundError(spec.needs) from None
    _write(out, output)


@app.command()
def decisions(
    fmt: Annotated[DecisionsFormat, typer.Option("--format", "-f", help=named(DECISIONS_FORMATS) + ".")] = DecisionsFormat("table"),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")] = None,
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> int:
    """List the decisions of a ledger set (decisions.toml), newest first: status, the years each
    covers, what it supersedes, and the money it states.

    Example: sociofund decisions --ledgers ledgers/ragunda
    """
    from sociofund.core import load_set
    from sociofund.core.decisions import summaries

    folder, language = one_set(ledgers, lang)
    _render(DECISIONS_FORMATS[fmt.value], summaries(load_set(folder).ledger_set), language, "kr", output)
    return OK


@app.command()
def compare(
    first: Annotated[str, typer.Argument(metavar="A", help="A decision: its id, paragraph (§220/2020) or Dnr (2021:1144).")],
    second: Annotated[str | None, typer.Argument(metavar="[B]", help="Another decision; without it, the ledger as it stands.", show_default=False)] = None,
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", help=named(COMPARE_FORMATS) + ".")] = CompareFormat("table"),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")] = None,
    unit: Annotated[Unit, typer.Option("--unit", help="Amounts in kr or tkr (table and md).")] = Unit.kr,
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> int:
    """What changed between two decisions, or between a decision and the ledger as it stands:
    per intervention the amount in A, in B and the difference; per fund the grants, carry-in and
    total over the period (moved money counted once); and why the total changed.

    Example: sociofund compare §220/2020 "Dnr 2021:1144" --ledgers ledgers/ragunda
    """
    from sociofund.core import load_set
    from sociofund.core.decisions import compare as compare_decisions

    folder, language = one_set(ledgers, lang)
    data = compare_decisions(load_set(folder).ledger_set, first, second)
    _render(COMPARE_FORMATS[fmt.value], data, language, unit.value, output)
    return OK
