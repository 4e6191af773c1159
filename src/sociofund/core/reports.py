"""Report data: the fördelning tables as plain rows and totals, computed once for every format.

A report is built from loaded ledger sets and holds only data — ints for money, strings from the
ledger as they are — so that each output format (rich table, Markdown, CSV, JSON, xlsx) is a small
renderer over the same figures, and adding one touches nothing here. Fund-year figures come from
``LedgerSet.fund_years``, the same numbers the rules check.

Must not import: typer, rich, openpyxl.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sociofund.core.diagnostics import Finding, Severity, SociofundError
from sociofund.core.ledger import Figures, LedgerSet, allocation_fund, sum_figures, year_funds


def share_tenths(part: int, whole: int) -> int | None:
    """``part`` as tenths of a percent of ``whole``, rounded half up, in integer arithmetic
    (``243`` is 24,3 %). None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return (part * 2000 + whole) // (2 * whole)


def shares_tenths(parts: list[int], whole: int) -> tuple[list[int | None], int | None]:
    """Each part's share of ``whole`` and their total's, in tenths of a percent, as a table shows
    them: the parts' shares add up to the total's (largest-remainder rounding: each share is its
    exact value rounded down, and the tenths left go to the largest remainders, the first row
    first on a tie), and the total shows 100,0 % only when the parts are the whole — 999 600 kr
    of 1 000 000 kr is 99,9 %, not 100,0 % (and over-allocation never shows as 100,0 % either).
    All in integer arithmetic."""
    if whole <= 0:
        return [None] * len(parts), None
    part = sum(parts)
    total = share_tenths(part, whole)
    if total == 1000 and part != whole:
        total = 999 if part < whole else 1001
    floors = [p * 1000 // whole for p in parts]
    left = total - sum(floors)
    order = sorted(range(len(parts)), key=lambda i: (-(parts[i] * 1000 % whole), i))
    i = 0
    while left > 0 and order:  # at most one tenth per part, by the argument above; cycle if not
        floors[order[i % len(order)]] += 1
        left -= 1
        i += 1
    return floors, total


@dataclass(frozen=True, slots=True)
class AllocationRow:
    id: str
    name: str
    unit: str
    amount: int
    #: tenths of a percent of the fund-year's available money
    share: int | None
    fte: float | None
    spent: int | None
    #: amount - spent, when spent is recorded
    remaining: int | None
    ref: str
    #: prognos of the whole year (its ``forecast``, else its amount), when the fund-year has a prognos
    forecast: int | None = None
    #: forecast - amount (negative: the insats will leave money), when there is a prognos
    deviation: int | None = None
    #: the date ``spent`` runs to, when recorded
    spent_as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class GrantLine:
    funder: str
    program: str
    amount: int
    status: str
    ref: str


@dataclass(frozen=True, slots=True)
class CarryLine:
    from_year: int
    amount: int
    approved_by: str
    ref: str


@dataclass(slots=True)
class FundBlock:
    """One fund-year: its allocations and the lines under them."""

    fund: str
    name: str
    year: int
    rows: list[AllocationRow]
    grants: list[GrantLine]
    carryovers: list[CarryLine]
    figures: Figures
    #: every allocation has ``spent`` (otherwise ``spent``/``unspent`` are so far)
    spent_complete: bool
    fte: float
    refs: list[str]
    #: what the allocations hold, as tenths of a percent of the available money (the total row's share)
    allocated_share: int | None
    #: (year, amount): where later years of the set say this fund-year's money went
    carried_out_to: list[tuple[int, int]] = field(default_factory=list)
    #: the year is closed: its unspent money must be carried out or repaid, so both lines show
    closed: bool = False
    #: ``rows`` is some of the fund-year's allocations (the one a command changed), not all
    partial: bool = False
    #: some allocation has a ``forecast``: the report shows prognos and deviation
    forecasting: bool = False
    #: the one date every recorded ``spent`` runs to (None when none says, or they differ)
    spent_as_of: dt.date | None = None


@dataclass(slots=True)
class YearReport:
    organisation: str
    year: int
    closed: bool
    file: str
    funds: list[FundBlock]
    #: findings of ``check`` that touch this year's file
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SideRow:
    """One allocation id across years (None where the year has no such allocation)."""

    id: str
    name: str
    fund: str
    amounts: tuple[int | None, ...]
    #: over the period: moved money the allocation got from an earlier year shown counts once
    total: int


@dataclass(slots=True)
class SideBySide:
    """Several years of one organisation, one column per year, rows matched by allocation id."""

    organisation: str
    years: tuple[int, ...]
    rows: list[SideRow]
    #: per fund: its figures in each year (summed when a year has the fund twice)
    funds: dict[str, tuple[Figures, ...]]
    #: every fund's figures summed, per year
    totals: tuple[Figures, ...]
    #: every fund's figures over the period, each krona once (``LedgerSet.period``)
    period: Figures = Figures()
    #: per year, money moved into it from an earlier year shown: a transfer, not new money
    transfers: tuple[int, ...] = ()
    #: the lines under the table, with their totals, as every format shows them
    lines: list[SideLine] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SideLine:
    """A figure under a side-by-side table: one value per year and its total over the period
    (None where the figure has no value: no spending reported, a transfer that adds nothing)."""

    key: str
    values: tuple[int | None, ...]
    total: int | None
    #: money out of balance: a format may mark it
    alert: bool = False


@dataclass(frozen=True, slots=True)
class RollupRow:
    """One fund and year summed across organisations: what a funder sees."""

    fund: str
    #: the year, or over several years (a fund's total row) the period, e.g. ``2021–2022``
    year: int | str
    organisations: int
    figures: Figures
    #: some allocation recorded spending (otherwise spent shows as "–", not 0 kr)
    spent_reported: bool = True

    @property
    def spent(self) -> int | None:
        return self.figures.spent if self.spent_reported else None


@dataclass(frozen=True, slots=True)
class FundYearRow:
    """One organisation's fund-year as a line (the national workbook's list, which the roll-up sums)."""

    organisation: str
    fund: str
    year: int
    figures: Figures
    #: some allocation recorded spending (otherwise spent shows as "–", not 0 kr)
    spent_reported: bool = True

    @property
    def spent(self) -> int | None:
        return self.figures.spent if self.spent_reported else None


@dataclass(frozen=True, slots=True)
class OrgSummary:
    """One organisation in one line: the years shown and every fund of them summed."""

    organisation: str
    path: str
    years: tuple[int, ...]
    figures: Figures
    #: findings of ``check`` in the years shown
    errors: int
    warnings: int
    #: some allocation recorded spending (otherwise spent shows as "–", not 0 kr)
    spent_reported: bool = True

    @property
    def spent(self) -> int | None:
        return self.figures.spent if self.spent_reported else None

    @property
    def span(self) -> str:
        """The years shown as people write them: ``2016–2025``, ``2022``."""
        if not self.years:
            return ""
        return str(self.years[0]) if len(self.years) == 1 else f"{self.years[0]}–{self.years[-1]}"


@dataclass(slots=True)
class OrgReport:
    organisation: str
    path: str
    #: the year tables; empty when the report shows this organisation as a summary line only
    years: list[YearReport]
    side_by_side: SideBySide | None
    #: per fund, the figures over the years shown, each krona once
    period: dict[str, Figures] = field(default_factory=dict)
    summary: OrgSummary | None = None
    #: (fund, year, figures, spending reported) of every fund-year shown: what the roll-up sums
    fund_figures: list[tuple[str, int, Figures, bool]] = field(default_factory=list)
    #: years asked for that the set does not have
    missing: tuple[int, ...] = ()


@dataclass(slots=True)
class Report:
    """The report: organisations one at a time, then what is summed across them.

    ``organisations`` may be a stream (a generator over sets loaded in parallel) that can be read
    once; ``rollup``, ``summaries``, ``missing_years`` and the finding counts are complete once it
    has been read to the end (``stream``). A renderer therefore writes each organisation as it
    comes and the roll-up after them, and holds no more than one organisation's rows."""

    organisations: Iterable[OrgReport]
    #: across organisations (only when there are several)
    rollup: list[RollupRow]
    years_asked: tuple[int, ...]
    missing_years: list[tuple[str, int]]
    #: per-organisation tables; else one summary line per organisation (a root's default)
    detail: bool = True
    #: there is more than one organisation: a roll-up follows them
    several: bool = False
    summaries: list[OrgSummary] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0

    @classmethod
    def stream(cls, orgs: Iterable[OrgReport], years: tuple[int, ...] = (), *, detail: bool = True,
               several: bool = False) -> Report:
        """A report over ``orgs`` as they come: each passes through once, leaving its summary
        and its fund-year figures behind for the roll-up."""
        report = cls([], [], tuple(years), [], detail=detail, several=several)
        report.organisations = report._fold(orgs)
        return report

    def _fold(self, orgs: Iterable[OrgReport]) -> Iterator[OrgReport]:
        """Pass each organisation on, keeping what the roll-up needs: one row per fund and year
        summed across organisations; then, for a fund shown in several years, its total over
        them, each krona once (money moved between the years is not new money)."""
        acc: dict[tuple[str, int], list[Figures]] = {}
        reported: dict[tuple[str, int], bool] = {}
        periods: dict[str, list[Figures]] = {}
        for org in orgs:
            for fund, year, figs, spent in org.fund_figures:
                acc.setdefault((fund, year), []).append(figs)
                reported[(fund, year)] = reported.get((fund, year), False) or spent
            for fund, figs in org.period.items():
                periods.setdefault(fund, []).append(figs)
            self.missing_years += [(org.organisation, y) for y in org.missing]
            if org.summary is not None:
                self.summaries.append(org.summary)
                self.errors += org.summary.errors
                self.warnings += org.summary.warnings
            yield org
        if not self.several:
            return
        rows = [RollupRow(fund, year, len(figs), sum_figures(figs), reported[(fund, year)])
                for (fund, year), figs in sorted(acc.items(), key=lambda kv: (kv[0][1], kv[0][0]))]
        for fund in dict.fromkeys(f for f, _ in sorted(acc)):
            years = sorted(y for f, y in acc if f == fund)
            if len(years) < 2:
                continue
            figs = periods.get(fund, [])
            rows.append(RollupRow(fund, f"{years[0]}–{years[-1]}", len(figs), sum_figures(figs),
                                  any(reported[(fund, y)] for y in years)))
        self.rollup = rows


def _text(value: str | None) -> str:
    return value or ""


def _one_date(dates) -> dt.date | None:
    found = set(dates)
    return found.pop() if len(found) == 1 else None



def _add_refs(refs: dict[str, None], ref: str | None) -> None:
    """Each decision a ``ref`` names, once: one entry may name several ("Dnr 2021:1144; KS
    §220/2020") and many name the same, and the fund-year's line lists each decision once."""
    for part in (ref or "").split(";"):
        if part.strip():
            refs.setdefault(part.strip(), None)


def year_report(ls: LedgerSet, year: int, findings: list[Finding] = (), only: str | None = None) -> YearReport:
    """A year's fund blocks; ``only``: just the fund of that allocation, with just its row (what a
    command that changed it shows), the fund's figures still whole."""
    data = ls.years[year]
    file = ls.files[year]
    funds = year_funds(data)
    figures = ls.fund_years(year)
    blocks: list[FundBlock] = []
    for fund, fy in figures.items():
        rows = []
        fte = 0.0
        refs: dict[str, None] = {}
        mine = [a for a in data.allocation if allocation_fund(data, a, funds) == fund]
        # shares over the whole fund-year (they add up to its total), even when one row is shown
        row_shares, total_share = shares_tenths([a.amount for a in mine], fy.figures.available)
        for a, share in zip(mine, row_shares):
            if only is not None and a.id != only:
                continue
            forecast = (a.amount if a.forecast is None else a.forecast) if fy.forecast_at else None
            rows.append(AllocationRow(
                id=a.id, name=_text(a.name) or a.id, unit=_text(a.unit), amount=a.amount,
                share=share, fte=a.fte, spent=a.spent,
                remaining=None if a.spent is None else a.amount - a.spent, ref=_text(a.ref),
                # in a fund-year with a prognos, an allocation without one is expected to spend its amount
                forecast=forecast, deviation=None if forecast is None else forecast - a.amount,
                spent_as_of=a.spent_as_of))
            fte += a.fte or 0.0
            _add_refs(refs, a.ref)
        grants = [GrantLine(_text(g.funder), _text(g.program), g.amount, g.status, _text(g.ref))
                  for g in data.grant if g.fund == fund]
        carries = [CarryLine(c.from_year, c.amount, _text(c.approved_by), _text(c.ref))
                   for c in data.carryover if c.fund == fund]
        for line in (*grants, *carries):
            _add_refs(refs, line.ref)
        info = ls.config.funds.get(fund)
        name = (info.name if info and info.name else None) or next((g.program for g in grants if g.program), "") or fund
        blocks.append(FundBlock(
            fund=fund, name=name, year=year, rows=rows, grants=grants, carryovers=carries,
            figures=fy.figures, spent_complete=not fy.spent_missing, fte=round(fte, 4), refs=list(refs),
            allocated_share=total_share,
            carried_out_to=[(later, c.amount) for later, d in ls.years.items() if later > year
                            for c in d.carryover if c.fund == fund and c.from_year == year],
            closed=data.closed, partial=only is not None,
            forecasting=bool(fy.forecast_at), spent_as_of=_one_date(r.spent_as_of for r in rows if r.spent is not None)))
    if only is not None:
        blocks = [b for b in blocks if b.rows]
    touching = [f for f in findings if f.file == file]
    return YearReport(ls.name, year, data.closed, file, blocks, touching)


def _spent_reported(blocks) -> bool:
    return any(r.spent is not None for b in blocks for r in b.rows)


def side_by_side(reports: list[YearReport], ls: LedgerSet | None = None) -> SideBySide:
    """Several years side by side. With the set, the totals column counts each krona once: money
    moved between two of the years is a transfer line, an allocation's total counts money moved to
    it once, and what is available over the period is the grants and what came from before it."""
    years = tuple(r.year for r in reports)
    moved = ls.transfers(years) if ls is not None else []
    order: dict[str, tuple[str, str]] = {}
    amounts: dict[str, dict[int, int]] = {}
    for r in reports:
        for block in r.funds:
            for row in block.rows:
                # first seen fixes the row's place; a later year's name wins: the newest decision names the insats
                order[row.id] = (row.name, block.fund)
                amounts.setdefault(row.id, {})[r.year] = row.amount
    rows = []
    for aid, (name, fund) in order.items():
        per = tuple(amounts[aid].get(y) for y in years)
        once = sum(a for f, _, _, a, named in moved if named == aid and f == fund)
        rows.append(SideRow(aid, name, fund, per, sum(a or 0 for a in per) - once))
    fund_names = dict.fromkeys(b.fund for r in reports for b in r.funds)
    funds = {fund: tuple(sum_figures(b.figures for b in r.funds if b.fund == fund) for r in reports)
             for fund in fund_names}
    totals = tuple(sum_figures(b.figures for b in r.funds) for r in reports)
    period = sum_figures(ls.period(years).values()) if ls is not None else sum_figures(totals)
    transfers = tuple(sum(a for _, _, into, a, _ in moved if into == y) for y in years)
    spent = [_spent_reported(r.funds) for r in reports]
    out_of_period = [sum(b.figures.carried_out for b in r.funds) - sum(a for _, frm, _, a, _ in moved if frm == r.year)
                     for r in reports]
    lines = [
        SideLine("granted", tuple(t.granted for t in totals), period.granted),
        SideLine("carried_in", tuple(t.carried_in - m for t, m in zip(totals, transfers)), period.carried_in),
    ]
    if any(transfers):
        lines.append(SideLine("transferred", tuple(m or None for m in transfers), None))
    lines += [
        SideLine("available", tuple(t.available for t in totals), period.available),
        SideLine("allocated", tuple(t.allocated for t in totals), period.allocated),
        SideLine("unallocated", tuple(t.unallocated for t in totals), period.unallocated,
                 alert=any(t.unallocated for t in totals)),
        SideLine("spent", tuple(t.spent if s else None for t, s in zip(totals, spent)),
                 period.spent if any(spent) else None),
    ]
    if any(out_of_period):
        lines.append(SideLine("carried_out", tuple(out_of_period), period.carried_out))
    if period.repaid:
        lines.append(SideLine("repaid", tuple(t.repaid for t in totals), period.repaid))
    return SideBySide(reports[0].organisation if reports else "", years, rows, funds, totals, period, transfers, lines)


def org_report(ls: LedgerSet, findings: list[Finding], years: tuple[int, ...] = (), *,
               detail: bool = True) -> OrgReport:
    """One organisation's part of a report: the years asked for (all of the set's when none);
    without ``detail`` only its summary line and the figures the roll-up sums, taken from the
    fund-years themselves (no allocation rows are made: a national report's default)."""
    wanted = years or tuple(ls.years)
    present = [y for y in wanted if y in ls.years]
    period = ls.period(tuple(present))
    reports = [year_report(ls, y, findings) for y in present] if detail else []
    if detail:
        figures = [(b.fund, b.year, b.figures, _spent_reported([b])) for r in reports for b in r.funds]
        shown = [f for r in reports for f in r.findings]
    else:
        figures = [(fund, y, fy.figures, fund in _funds_spending(ls, y))
                   for y in present for fund, fy in ls.fund_years(y).items()]
        files = {ls.files[y] for y in present}
        shown = [f for f in findings if f.file in files]
    errors = sum(1 for f in shown if f.severity is Severity.ERROR)
    summary = OrgSummary(ls.name, ls.path, tuple(present), sum_figures(period.values()), errors, len(shown) - errors,
                         any(spent for *_, spent in figures))
    missing = tuple(y for y in wanted if y not in ls.years)
    return OrgReport(ls.name, ls.path, reports, side_by_side(reports, ls) if len(reports) > 1 else None,
                     period, summary, figures, missing)


def _funds_spending(ls: LedgerSet, year: int) -> set[str]:
    """The funds of ``year`` with an allocation that records spending (``_spent_reported``)."""
    data = ls.years[year]
    funds = year_funds(data)
    return {allocation_fund(data, a, funds) for a in data.allocation if a.spent is not None}


def build(sets: list[tuple[LedgerSet, list[Finding]]], years: tuple[int, ...] = (), *,
          detail: bool = True) -> Report:
    """The report over loaded sets, read to the end (a list of organisations, the roll-up done)."""
    report = Report.stream((org_report(ls, f, tuple(years), detail=detail) for ls, f in sets), tuple(years),
                           detail=detail, several=len(sets) > 1)
    report.organisations = list(report.organisations)
    return report
