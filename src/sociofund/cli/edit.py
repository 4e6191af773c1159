"""The commands that write: ``grant``, ``allocate``, ``spend``, ``close``, ``carryover``, ``init``.

Each parses its arguments, hands one operation of ``core.ops`` to ``core.writer.run`` (lock,
apply, re-check, atomic write) and prints what happened. A change the check refuses raises
``SociofundError`` with the findings that refused it (the boundary in base.py prints them and
exits 1); the file is untouched.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sociofund.cli.base import USAGE, AmountCommand, LangOpt, LedgersOpt, app, one_set, resolve_lang, use_color

TableOpt = Annotated[bool, typer.Option("--table", help="Show the whole year's table, not just the changed row.")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show the diff it would write; write nothing.")]


def _say(code: str, lang: str, **args) -> None:
    """One note for the reader; its arguments may hold ledger text, so it is made terminal-safe."""
    from sociofund import i18n
    from sociofund.render import safe

    typer.echo(safe.terminal(i18n.note(code, lang, **args)))


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _amount(text: str) -> int:
    from sociofund.core import SociofundError
    from sociofund.core.money import MoneyError, parse_kronor

    try:
        return parse_kronor(text)
    except MoneyError as exc:
        raise SociofundError(f"bad-amount.{exc.reason}", value=text) from None


def _fte(text: str) -> float:
    """Full-time equivalents as written in Sweden (``0,5``) or in English (``0.5``)."""
    import re

    from sociofund.core import SociofundError

    if not re.fullmatch(r"[0-9]+(?:[.,][0-9]+)?", text.strip()):
        raise SociofundError("bad-fte", value=text.replace("\u2212", "-"))  # as typed (see AmountCommand)
    return float(text.strip().replace(",", "."))


def _write(folder: Path, operation, lang: str, dry_run: bool = False, shown: frozenset[str] = frozenset()):
    """Run the operation through the writer; print notes, diffs (dry run) and the findings the
    change brings (those in ``shown`` are left to the caller's own output); map refusals.

    A refused change still says what it was asked to do (its notes; in a dry run its diff too)
    before the findings that refuse it, so that the reader sees which change the check refused."""
    from sociofund import i18n
    from sociofund.core import SociofundError
    from sociofund.core.writer import run
    from sociofund.render import findings as render, safe

    outcome = run(folder, operation, dry_run=dry_run, raise_refused=False,
                  on_wait=lambda: typer.echo(i18n.note("lock-wait", lang, path=str(folder)), err=True))
    for code, args in outcome.change.notes:
        _say(code, lang, **args)
    if dry_run:
        for diff in outcome.diffs.values():
            sys.stdout.write(safe.terminal_lines(diff))
    elif outcome.written:
        for path in outcome.diffs:
            _say("written", lang, path=path)
    elif not outcome.change.notes and not outcome.refused:
        _say("nothing-changed", lang)
    if outcome.refused:  # the boundary (base.py) prints the findings and exits 1
        if dry_run:
            _say("dry-run", lang)
        raise SociofundError("refused", findings=outcome.refused)
    brought = [f for f in outcome.new_findings if f.code not in shown]
    if brought:
        _say("new-findings", lang, count=i18n.counted(len(brought), "finding", lang))
        sys.stdout.write(render.lines(brought, lang, color=use_color()))
    if dry_run:
        _say("dry-run", lang)
    return outcome


def _after(outcome, year: int, id: str | None, lang: str, whole_year: bool, remainder: bool = True) -> None:
    """After a change: the changed allocation's row and its fund's lines (the whole year's table
    with ``--table``: on a year of thousands of allocations that is most of the command's time);
    with ``remainder``, per fund what is still unallocated."""
    import shutil

    from sociofund.core.reports import OrgReport, Report, year_report
    from sociofund.render import report_table
    from sociofund.render.options import RenderOptions

    ls = outcome.after.ledger_set
    if year not in ls.years:
        return
    yr = year_report(ls, year, only=None if whole_year else id)
    width = shutil.get_terminal_size((80, 24)).columns
    report = Report([OrgReport(ls.name, ls.path, [yr], None)], [], (year,), [])
    sys.stdout.write(report_table.render(report, RenderOptions(lang, width=width, color=use_color())))
    if not remainder:
        return
    for fy in ls.fund_years(year).values():
        left = fy.figures.unallocated
        code = "remainder" if left > 0 else "remainder-over" if left < 0 else "remainder-none"
        _say(code, lang, fund=fy.fund, year=year, amount=abs(left))


GRANT_STATUSES = ("expected", "applied", "granted", "paid")


@app.command(cls=AmountCommand)
def grant(
    year: Annotated[int, typer.Argument(metavar="YEAR", help="The year (its file is created if missing).")],
    fund: Annotated[str, typer.Argument(metavar="FUND", help="The fund's id, e.g. slk.")],
    amount: Annotated[str | None, typer.Argument(metavar="[AMOUNT]", help='Whole kronor (needed for a new grant): 1750000, "1,75 mnkr".', show_default=False)] = None,
    funder: Annotated[str | None, typer.Option("--funder", help="Finansiär (default: the fund's funder in sociofund.toml).")] = None,
    program: Annotated[str | None, typer.Option("--program", help="The grant programme (default: the fund's name in sociofund.toml).")] = None,
    status: Annotated[str | None, typer.Option("--status", help="expected, applied, granted or paid (a new grant without it is granted).")] = None,
    ref: Annotated[str | None, typer.Option("--ref", help="The funder's decision, e.g. 'Tillväxtverket Dnr 2023-1234'.")] = None,
    decision: Annotated[str | None, typer.Option("--decision", help="The id of the decision it rests on (sociofund decisions lists them).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free text.")] = None,
    dry_run: DryRun = False,
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> None:
    """Record a fund's grant (tilldelning) for a year, or change the given fields of it (its
    status as it moves expected → applied → granted → paid); creates the year's file when it has
    none. Then print the year's table and what is still unallocated.

    Example: sociofund grant 2023 slk --status granted --ref "Tillväxtverket Dnr 2023-1234" --ledgers ledgers/ragunda
    """
    from sociofund.core import SociofundError, ops

    folder, language = one_set(ledgers, lang)
    if status is not None and status not in GRANT_STATUSES:
        raise SociofundError("bad-status", value=status, choices=", ".join(GRANT_STATUSES))
    value = _amount(amount) if amount is not None else None
    outcome = _write(folder, lambda loaded: ops.grant(loaded, year, fund, value, funder=funder, program=program,
                                                      status=status, ref=ref, note=note, decision=decision),
                     language,
                     dry_run=dry_run, shown=frozenset({"B001", "B002"}))  # the table below shows the balance
    _after(outcome, year, None, language, whole_year=True)


@app.command(cls=AmountCommand)
def allocate(
    year: Annotated[int | None, typer.Argument(metavar="YEAR", help="The year.", show_default=False)] = None,
    id: Annotated[str | None, typer.Argument(metavar="ID", help="The allocation's id (new or existing).", show_default=False)] = None,
    amount: Annotated[str | None, typer.Argument(metavar="AMOUNT", help='Whole kronor: 460000, "460 000 kr", "460 tkr".', show_default=False)] = None,
    name: Annotated[str | None, typer.Option("--name", help="The insats as the decision names it.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Responsible unit (ansvarig).")] = None,
    fund: Annotated[str | None, typer.Option("--fund", help="The fund (needed when the year has several).")] = None,
    fte: Annotated[str | None, typer.Option("--fte", help="Full-time equivalents, e.g. 0.15 or 0,15.")] = None,
    ref: Annotated[str | None, typer.Option("--ref", help="The decision, e.g. 'KS §12/2022'.")] = None,
    decision: Annotated[str | None, typer.Option("--decision", help="The id of the decision it rests on (sociofund decisions lists them).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free text.")] = None,
    forecast: Annotated[str | None, typer.Option("--forecast", help='Prognos: what it will spend in the whole year, e.g. "300 000 kr".')] = None,
    table: TableOpt = False,
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> int | None:
    """Add an allocation, or change the given fields of an existing one; then print its row, its
    fund's lines and what is still unallocated (--table: the whole year's table). Without arguments, in a terminal, it asks.

    Example: sociofund allocate 2022 trampolin-ifo "460 000 kr" --name "Trampolin; IFO" --ledgers ledgers/ragunda
    """
    from sociofund.core import SociofundError, ops

    folder, language = one_set(ledgers, lang)
    if year is None or id is None:
        if not _interactive():
            raise SociofundError("not-interactive")
        from sociofund.cli.ask import ask_allocation

        try:
            answers = ask_allocation(folder, language, year)
        except typer.Abort:  # Ctrl-D or Ctrl-C at a question: nothing written
            from sociofund import i18n

            typer.echo("\n" + i18n.label("ask.cancelled", language), err=True)
            return USAGE
        if answers is None:  # declined at the confirmation: nothing written
            return None
        year, id, value = answers["year"], answers["id"], answers["amount"]
        fund, name, unit = fund or answers["fund"], name or answers["name"], unit or answers["unit"]
        ref, fte = ref or answers["ref"], fte or answers["fte"]
    else:
        value = _amount(amount) if amount is not None else None
    fte_value = _fte(fte) if fte is not None else None
    forecast_value = _amount(forecast) if forecast is not None else None
    outcome = _write(folder, lambda loaded: ops.allocate(loaded, year, id, value, name=name, unit=unit, fund=fund,
                                                         fte=fte_value, ref=ref, note=note, forecast=forecast_value,
                                                         decision=decision),
                     language,
                     shown=frozenset({"B001", "B002"}))  # the table below shows the balance
    _after(outcome, year, id, language, table)
    return None


@app.command(cls=AmountCommand)
def spend(
    year: Annotated[int, typer.Argument(metavar="YEAR", help="The year.")],
    id: Annotated[str, typer.Argument(metavar="ID", help="The allocation's id.")],
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", help="Spent so far, whole kronor (replaces the earlier figure).")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="The date the figure runs to (spent_as_of), e.g. 2022-06-30.")] = None,
    table: TableOpt = False,
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> None:
    """Record utfall: what an allocation has spent so far (replaces the earlier figure), with
    --as-of the date it runs to.

    Example: sociofund spend 2022 trampolin-ifo 455300 --as-of 2022-12-31 --ledgers ledgers/ragunda
    """
    import datetime as dt

    from sociofund.core import SociofundError, ops

    folder, language = one_set(ledgers, lang)
    value = _amount(amount)
    try:
        date = dt.date.fromisoformat(as_of.strip()) if as_of is not None else None
    except ValueError:
        raise SociofundError("bad-date", value=as_of) from None
    outcome = _write(folder, lambda loaded: ops.spend(loaded, year, id, value, date), language)
    _after(outcome, year, id, language, table, remainder=False)


@app.command()
def close(
    year: Annotated[int, typer.Argument(metavar="YEAR", help="The year to close.")],
    accept_undecided: Annotated[bool, typer.Option("--accept-undecided", help="Close even though a grant is still expected or applied (said in the output).")] = False,
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> None:
    """Bokslut: require spent on every allocation and every grant granted or paid, set closed =
    true, and say per fund what is unspent and what must happen to it.

    Example: sociofund close 2022 --ledgers ledgers/ragunda
    """
    from sociofund.core import ops

    folder, language = one_set(ledgers, lang)
    _write(folder, lambda loaded: ops.close(loaded, year, accept_undecided), language)


@app.command(cls=AmountCommand)
def carryover(
    from_year: Annotated[int, typer.Argument(metavar="FROM", help="The year the money comes from.")],
    to_year: Annotated[int, typer.Argument(metavar="TO", help="The year it moves into (its file is created if missing).")],
    fund: Annotated[str | None, typer.Option("--fund", help="Only this fund.")] = None,
    amount: Annotated[str | None, typer.Option("--amount", help="Move this much (needed for a year not yet closed).")] = None,
    approved_by: Annotated[str | None, typer.Option("--approved-by", help="Who consented (needed for an approval fund).")] = None,
    ref: Annotated[str | None, typer.Option("--ref", help="The decision.")] = None,
    repay_rest: Annotated[bool, typer.Option("--repay-rest", help="Record what is not carried over as a repayment in FROM.")] = False,
    repay_ref: Annotated[str | None, typer.Option("--repay-ref", help="The repayment's reference, e.g. the funder's invoice (with --repay-rest).")] = None,
    repay_due: Annotated[str | None, typer.Option("--repay-due", help="When the repayment is due, YYYY-MM-DD (with --repay-rest).")] = None,
    dry_run: DryRun = False,
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> None:
    """Move unspent money (överflyttade medel) of FROM into TO, per fund; with --repay-rest, record
    the rest as a repayment. --amount on a carryover that exists replaces its amount (it is not
    added). Running it twice changes nothing the second time.

    Example: sociofund carryover 2021 2022 --fund slk --amount 140000 --approved-by Tillväxtverket --ledgers ledgers/ragunda
    """
    import datetime as dt

    from sociofund.core import SociofundError, ops

    folder, language = one_set(ledgers, lang)
    value = _amount(amount) if amount is not None else None
    if (repay_ref is not None or repay_due is not None) and not repay_rest:
        raise SociofundError("repay-option-alone")
    due = None
    if repay_due is not None:
        try:
            due = dt.date.fromisoformat(repay_due.strip())
        except ValueError:
            raise SociofundError("bad-date", value=repay_due) from None
    _write(folder, lambda loaded: ops.carryover(loaded, from_year, to_year, fund=fund, amount=value,
                                                approved_by=approved_by, ref=ref, repay_rest=repay_rest,
                                                repay_ref=repay_ref, repay_due=due),
           language, dry_run=dry_run)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="Where to create the ledger repository.")] = Path("."),
    organisation: Annotated[str, typer.Option("--organisation", help="The organisation's name.")] = "Min kommun",
    year: Annotated[int | None, typer.Option("--year", help="The first year (default: this year).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Where the hook and the workflow install sociofund from.")] = None,
    lang: LangOpt = None,
) -> None:
    """Start a ledger repository: ledgers/ with sociofund.toml and a first year, a pre-commit
    configuration and a GitHub Actions workflow that run sociofund check.

    Example: sociofund init kommunens-liggare --organisation "Ragunda kommun"
    """
    import datetime as dt
    import os

    from sociofund.core import SociofundError, ledgerfile, ops
    from sociofund.core.loader import sets_around
    from sociofund.core.writer import create_files

    language = resolve_lang(lang)
    around = sets_around(path)
    if around is not None:  # a new set in there would hide the others, or hide in them
        kind, folder, subs = around
        shown = os.path.relpath(folder)
        raise SociofundError(f"init-in-{kind}", path=str(path), folder=folder if shown.startswith("..") else shown,
                             sets=", ".join(f"{d.name}/" for d in subs))
    ignore = path / ".gitignore"
    try:
        # bytes decoded as they are: read_text would turn CRLF into LF, and the file would look changed
        gitignore = ledgerfile.read_bytes(ignore, str(ignore)).decode("utf-8") if os.path.lexists(ignore) else None
    except UnicodeDecodeError:
        raise SociofundError("io-read", path=str(ignore), reason="not UTF-8") from None
    change = ops.init(path, year or dt.date.today().year, organisation, gitignore, language, source)
    create_files(change, on_written=lambda p: _say("written", language, path=p))
    from sociofund.cli.reference import write_editor_support

    write_editor_support(path, language, lambda p: _say("written", language, path=p))
    for code, args in change.notes:
        _say(code, language, **args)
