"""Report data: the fördelning tables as plain rows and totals, computed once for every format.

A report is built from loaded ledger sets and holds only data — ints for money, strings from the
ledger as they are — so that each output format (rich table, Markdown, CSV, JSON, xlsx) is a small
renderer over the same figures, and adding one touches nothing here. Fund-year figures come from
``LedgerSet.fund_years``, the same numbers the rules check.

Must not import: typer, rich, openpyxl.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sociofund.core.diagnostics import Finding, SociofundError
from sociofund.core.ledger import Figures, LedgerSet, allocation_fund, sum_figures, year_funds


def share_tenths(part: int, whole: int) -> int | None:
    """``part`` as tenths of a percent of ``whole``, rounded half up, in integer arithmetic
    (``243`` is 24,3 %). None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return (part * 2000 + whole) // (2 * whole)


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


@dataclass(frozen=True, slots=True)
class RollupRow:
    """One fund and year summed across organisations: what a funder sees."""

    fund: str
    year: int
    organisations: int
    figures: Figures


@dataclass(slots=True)
class OrgReport:
    organisation: str
    path: str
    years: list[YearReport]
    side_by_side: SideBySide | None


@dataclass(slots=True)
class Report:
    organisations: list[OrgReport]
    #: across organisations (only when there are several)
    rollup: list[RollupRow]
    years_asked: tuple[int, ...]
    missing_years: list[tuple[str, int]]


def _text(value: str | None) -> str:
    return value or ""


def year_report(ls: LedgerSet, year: int, findings: list[Finding] = ()) -> YearReport:
    data = ls.years[year]
    file = ls.files[year]
    funds = year_funds(data)
    figures = ls.fund_years(year)
    blocks: list[FundBlock] = []
    for fund, fy in figures.items():
        rows = []
        fte = 0.0
        refs: dict[str, None] = {}
        for a in data.allocation:
            if allocation_fund(data, a, funds) != fund:
                continue
            rows.append(AllocationRow(
                id=a.id, name=_text(a.name) or a.id, unit=_text(a.unit), amount=a.amount,
                share=share_tenths(a.amount, fy.figures.available), fte=a.fte, spent=a.spent,
                remaining=None if a.spent is None else a.amount - a.spent, ref=_text(a.ref)))
            fte += a.fte or 0.0
            if a.ref:
                refs.setdefault(a.ref, None)
        grants = [GrantLine(_text(g.funder), _text(g.program), g.amount, g.status, _text(g.ref))
                  for g in data.grant if g.fund == fund]
        carries = [CarryLine(c.from_year, c.amount, _text(c.approved_by), _text(c.ref))
                   for c in data.carryover if c.fund == fund]
        for line in (*grants, *carries):
            if line.ref:
                refs.setdefault(line.ref, None)
        info = ls.config.funds.get(fund)
        name = (info.name if info and info.name else None) or next((g.program for g in grants if g.program), "") or fund
        blocks.append(FundBlock(
            fund=fund, name=name, year=year, rows=rows, grants=grants, carryovers=carries,
            figures=fy.figures, spent_complete=not fy.spent_missing, fte=round(fte, 4), refs=list(refs),
            allocated_share=share_tenths(fy.figures.allocated, fy.figures.available)))
    touching = [f for f in findings if f.file == file]
    return YearReport(ls.name, year, data.closed, file, blocks, touching)


def side_by_side(reports: list[YearReport]) -> SideBySide:
    years = tuple(r.year for r in reports)
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
        rows.append(SideRow(aid, name, fund, per, sum(a or 0 for a in per)))
    fund_names = dict.fromkeys(b.fund for r in reports for b in r.funds)
    funds = {fund: tuple(sum_figures(b.figures for b in r.funds if b.fund == fund) for r in reports)
             for fund in fund_names}
    totals = tuple(sum_figures(b.figures for b in r.funds) for r in reports)
    return SideBySide(reports[0].organisation if reports else "", years, rows, funds, totals)


def rollup(orgs: list[OrgReport]) -> list[RollupRow]:
    acc: dict[tuple[str, int], list[Figures]] = {}
    for org in orgs:
        for yr in org.years:
            for b in yr.funds:
                acc.setdefault((b.fund, b.year), []).append(b.figures)
    return [RollupRow(fund, year, len(figs), sum_figures(figs))
            for (fund, year), figs in sorted(acc.items(), key=lambda kv: (kv[0][1], kv[0][0]))]


def build(sets: list[tuple[LedgerSet, list[Finding]]], years: tuple[int, ...] = ()) -> Report:
    """The report over loaded sets: the years asked for (all of each set's when none)."""
    orgs = []
    missing: list[tuple[str, int]] = []
    for ls, findings in sets:
        wanted = years or tuple(ls.years)
        present = [y for y in wanted if y in ls.years]
        missing += [(ls.name, y) for y in wanted if y not in ls.years]
        reports = [year_report(ls, y, findings) for y in present]
        orgs.append(OrgReport(ls.name, ls.path, reports, side_by_side(reports) if len(reports) > 1 else None))
    return Report(orgs, rollup(orgs) if len(orgs) > 1 else [], tuple(years), missing)


def pick_organisation(loaded: list, org: str | None) -> list:
    """The loaded sets to report: all, or the one whose folder or organisation name is ``org``
    (case-insensitive)."""
    if org is None:
        return loaded
    want = org.casefold()
    picked = [x for x in loaded
              if want in (x.ledger_set.name.casefold(), x.ledger_set.path.rstrip("/").rsplit("/", 1)[-1].casefold())]
    if not picked:
        raise SociofundError("no-such-org", org=org, known=", ".join(x.ledger_set.name for x in loaded))
    return picked
