"""Återrapportering: one fund-year as its funder is told it, reconciled to the krona.

A funder asks: what money came in and when (grants, with the funder's reference and status),
what was carried in from earlier years, how it was split between interventions and what each
spent (budget against utfall, and the deviation), what was carried out to later years and with
whose consent, what was paid back (invoice, due date, paid date), and what the municipality put in
itself (co-financing). ``funder_report`` gathers exactly that from a loaded set, with the money
figures taken from the one fund-year record (``LedgerSet.fund_years``) that ``check`` also reads.

The figures reconcile by construction, and a test asserts it on the numbers:

    available = granted + carried in = allocated + unallocated
    unspent   = available − spent    = carried out + repaid + unsettled

``unsettled`` is what neither a carryover nor a repayment covers yet: normal in an open year,
a K001/K002 finding in a closed one.

``programme_rollup`` is the funder's view across municipalities: one row per organisation for
the funds that belong to one programme, whatever each organisation calls its fund.

Must not import: typer, rich.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from sociofund.core import cofinancing as cof
from sociofund.core.diagnostics import Finding, SociofundError
from sociofund.core.ledger import Figures, LedgerSet, allocation_fund, year_funds
from sociofund.core.reports import share_tenths


@dataclass(frozen=True, slots=True)
class GrantIn:
    funder: str
    program: str
    amount: int
    status: str
    ref: str
    note: str


@dataclass(frozen=True, slots=True)
class CarriedIn:
    from_year: int
    amount: int
    approved_by: str
    ref: str


@dataclass(frozen=True, slots=True)
class InterventionLine:
    id: str
    name: str
    unit: str
    allocated: int
    #: None while no utfall is recorded
    spent: int | None
    #: spent − allocated (negative: under budget); None without utfall
    deviation: int | None
    #: tenths of a percent of the fund-year's available money
    share: int | None
    note: str


@dataclass(frozen=True, slots=True)
class CarriedOut:
    to_year: int
    amount: int
    approved_by: str
    ref: str


@dataclass(frozen=True, slots=True)
class Repaid:
    amount: int
    ref: str
    due: dt.date | None
    paid: dt.date | None


@dataclass(frozen=True, slots=True)
class CofinancingLine:
    name: str
    unit: str
    #: "money" | "hours" | "fte" | "none"
    form: str
    hours: int | None
    fte: float | None
    hourly_cost: int | None
    #: whole kronor; None when not quantified
    value: int | None
    #: an fte valuation was rounded once to whole kronor
    rounded: bool
    ref: str


@dataclass(frozen=True, slots=True)
class YearFlow:
    """The fund in one year of the set, for the flow across years."""

    year: int
    figures: Figures
    carried_out: int


@dataclass(slots=True)
class FunderReport:
    organisation: str
    fund: str
    fund_name: str
    funder: str
    program: str
    regulation: str
    year: int
    closed: bool
    file: str
    grants: list[GrantIn]
    carried_in: list[CarriedIn]
    interventions: list[InterventionLine]
    carried_out: list[CarriedOut]
    repayments: list[Repaid]
    cofinancing: list[CofinancingLine]
    #: the fund-year's money, the same record ``check`` and ``report`` read
    figures: Figures
    #: every allocation has its utfall recorded
    spent_complete: bool
    #: the funder's maximum share of total cost, when the fund register states one
    max_share: Fraction | None
    #: the fund in every year of the set that has it, oldest first
    history: list[YearFlow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def carried_out_total(self) -> int:
        return sum(c.amount for c in self.carried_out)

    @property
    def repaid_total(self) -> int:
        return self.figures.repaid

    @property
    def unsettled(self) -> int:
        """Unspent money neither carried out nor repaid (yet)."""
        return self.figures.unspent - self.carried_out_total - self.figures.repaid

    @property
    def allocated_share(self) -> int | None:
        """What the allocations hold, as tenths of a percent of the available money."""
        return share_tenths(self.figures.allocated, self.figures.available)

    @property
    def cofinancing_total(self) -> int:
        """What the quantified co-financing is worth."""
        return sum(c.value or 0 for c in self.cofinancing)

    @property
    def cofinancing_unquantified(self) -> int:
        return sum(1 for c in self.cofinancing if c.value is None)

    @property
    def cost(self) -> int:
        """What the fund-year's money paid for: utfall when complete, else what is allocated."""
        return self.figures.spent if self.spent_complete else self.figures.allocated

    @property
    def total_cost(self) -> int:
        return self.cost + self.cofinancing_total

    @property
    def grant_share(self) -> int | None:
        """The grant as tenths of a percent of total cost (None when not computable)."""
        if self.cofinancing_unquantified or self.total_cost <= 0:
            return None
        return share_tenths(self.figures.granted, self.total_cost)


def _t(value: str | None) -> str:
    return value or ""


def cofinancing_lines(ls: LedgerSet, year: int, fund: str) -> list[CofinancingLine]:
    data = ls.years[year]
    funds = year_funds(data)
    out = []
    for c in data.cofinancing:
        if (c.fund or (funds[0] if len(funds) == 1 else None)) != fund:
            continue
        v = cof.value(c.amount, c.hours, c.fte, c.hourly_cost)
        out.append(CofinancingLine(_t(c.name), _t(c.unit), v.form, c.hours, c.fte, c.hourly_cost, v.value,
                                   v.rounded, _t(c.ref)))
    return out


def funder_report(ls: LedgerSet, fund: str, year: int, findings: list[Finding] = ()) -> FunderReport:
    """The återrapportering of ``fund`` in ``year``; a ``SociofundError`` when the set has no such
    fund-year."""
    if year not in ls.years:
        raise SociofundError("no-such-year", year=year, path=f"{ls.path.rstrip('/')}/{year}.toml")
    data = ls.years[year]
    fys = ls.fund_years(year)
    if fund not in fys:
        raise SociofundError("no-such-fund", fund=fund, year=year, known=", ".join(fys) or "-")
    fy = fys[fund]
    available = fy.figures.available
    funds = year_funds(data)
    interventions = []
    for a in data.allocation:
        if allocation_fund(data, a, funds) != fund:
            continue
        share = share_tenths(a.amount, available)
        interventions.append(InterventionLine(
            a.id, _t(a.name) or a.id, _t(a.unit), a.amount, a.spent,
            None if a.spent is None else a.spent - a.amount, share, _t(a.note)))
    grants = [GrantIn(_t(g.funder), _t(g.program), g.amount, g.status, _t(g.ref), _t(g.note))
              for g in data.grant if g.fund == fund]
    carried_in = [CarriedIn(c.from_year, c.amount, _t(c.approved_by), _t(c.ref))
                  for c in data.carryover if c.fund == fund]
    carried_out = [CarriedOut(y, c.amount, _t(c.approved_by), _t(c.ref))
                   for y, d in sorted(ls.years.items()) if y > year
                   for c in d.carryover if c.fund == fund and c.from_year == year]
    repayments = [Repaid(r.amount, _t(r.ref), r.due, r.paid) for r in data.repayment if r.fund == fund]
    info = ls.config.funds.get(fund)
    program = (info.program if info else None) or next((g.program for g in grants if g.program), "")
    name = (info.name if info else None) or program or fund
    funder = (info.funder if info else None) or next((g.funder for g in grants if g.funder), "")
    file = ls.files[year]
    mine = [f for f in findings if f.file == file and f.args.get("fund", fund) == fund]
    return FunderReport(
        organisation=ls.name, fund=fund, fund_name=name, funder=funder, program=program,
        regulation=_t(info.regulation if info else None), year=year, closed=data.closed, file=file,
        grants=grants, carried_in=carried_in, interventions=interventions, carried_out=carried_out,
        repayments=repayments, cofinancing=cofinancing_lines(ls, year, fund), figures=fy.figures,
        spent_complete=not fy.spent_missing, max_share=info.share_cap if info else None,
        history=[YearFlow(y, ls.fund_years(y)[fund].figures, ls.carried_out(y, fund))
                 for y in sorted(ls.years) if fund in ls.fund_years(y)],
        findings=mine)


# --- the funder's view across municipalities ---------------------------------------------------


def programme_funds(ls: LedgerSet, key: str) -> list[str]:
    """The funds of ``ls`` that ``key`` names: a fund id, or a programme as the fund register
    (``program``, ``regulation``, ``name``) or a grant's ``program`` states it (case-insensitive)."""
    want = key.casefold().strip()
    out: dict[str, None] = {}
    if any(fund == key for data in ls.years.values() for fund in year_funds(data)) or key in ls.config.funds:
        out[key] = None
    for fund, info in ls.config.funds.items():
        if want in {(v or "").casefold().strip() for v in (info.program, info.regulation, info.name)}:
            out[fund] = None
    for data in ls.years.values():
        for g in data.grant:
            if g.program and (g.program.casefold().strip() == want or f"({want})" in g.program.casefold()):
                out[g.fund] = None
    return list(out)


@dataclass(frozen=True, slots=True)
class RollupLine:
    """One municipality's fund-year in the funder's programme."""

    organisation: str
    fund: str
    year: int
    figures: Figures
    carried_out: int
    cofinancing: int
    #: co-financing entries without a value
    cofinancing_unquantified: int
    closed: bool
    #: error-level findings in that fund-year
    errors: int


@dataclass(slots=True)
class ProgrammeRollup:
    key: str
    years: tuple[int, ...]
    lines: list[RollupLine]
    #: organisations that have no fund of the programme in the years asked
    absent: list[str]

    @property
    def total(self) -> Figures:
        out = Figures()
        for line in self.lines:
            out = out + line.figures
        return out


def programme_rollup(sets: list[tuple[LedgerSet, list[Finding]]], key: str,
                     years: tuple[int, ...] = ()) -> ProgrammeRollup:
    lines: list[RollupLine] = []
    absent: list[str] = []
    for ls, findings in sets:
        found = False
        for fund in programme_funds(ls, key):
            for year in sorted(years or ls.years):
                if year not in ls.years or fund not in ls.fund_years(year):
                    continue
                found = True
                r = funder_report(ls, fund, year, findings)
                lines.append(RollupLine(ls.name, fund, year, r.figures, r.carried_out_total, r.cofinancing_total,
                                        r.cofinancing_unquantified, r.closed,
                                        sum(1 for f in r.findings if f.severity.value == "error")))
        if not found:
            absent.append(ls.name)
    lines.sort(key=lambda x: (x.year, x.organisation.casefold(), x.fund))
    return ProgrammeRollup(key, tuple(years), lines, absent)
