"""A loaded ledger set and the arithmetic of a fund-year.

A *fund-year* is one fund in one year: the unit every balance rule and every report total works
on. ``fund_years`` computes its figures once, from the entries, in whole kronor; rules and reports
both read them from here so that a check and a table can never disagree.

Must not import: typer, rich, or the loader.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sociofund.core.model import Allocation, Config, YearFile

if TYPE_CHECKING:  # a type only: decisions computes over the set, above this module
    from sociofund.core.decisions import Decision

UNDECIDED = frozenset({"expected", "applied"})


@dataclass(slots=True)
class LedgerSet:
    """One organisation's folder: its settings and the year files that loaded cleanly."""

    path: str
    config: Config
    config_file: str | None = None
    years: dict[int, YearFile] = field(default_factory=dict)
    #: year -> the file's path as shown to people
    files: dict[int, str] = field(default_factory=dict)
    #: the decisions of ``decisions.toml`` (when it validated), in the file's order
    decisions: list[Decision] = field(default_factory=list)
    decisions_file: str | None = None
    _fund_years: dict[int, dict[str, FundYear]] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.config.organisation or self.path.rstrip("/").rsplit("/", 1)[-1]

    def carried_out(self, from_year: int, fund: str, skip: tuple[int, int] | None = None) -> int:
        """What the set carries of ``fund`` out of ``from_year`` into later years; ``skip`` is the
        (year, index) of a carryover to leave out (one a command is about to rewrite)."""
        return sum(c.amount for year, data in self.years.items() if year > from_year
                   for i, c in enumerate(data.carryover)
                   if c.fund == fund and c.from_year == from_year and (year, i) != skip)

    def fund_years(self, year: int) -> dict[str, FundYear]:
        """The fund-years of ``year``, computed once (several rules and reports read them), with
        what later years of the set carry out of each."""
        cached = self._fund_years.get(year)
        if cached is None:
            cached = self._fund_years[year] = fund_years(self.years[year])
            for fy in cached.values():
                fy.figures = replace(fy.figures, carried_out=self.carried_out(year, fy.fund))
        return cached

    def transfers(self, years: tuple[int, ...]) -> list[tuple[str, int, int, int, str]]:
        """Money moved between two of ``years``: (fund, from, into, amount, allocation id or "")."""
        return [(c.fund, c.from_year, y, c.amount, c.allocation or "") for y in years if y in self.years
                for c in self.years[y].carryover if c.from_year in years and c.from_year < y]

    def period(self, years: tuple[int, ...]) -> dict[str, Figures]:
        """Each fund's figures over ``years`` with every krona counted once: money moved between
        two of them is neither new money in the later year nor allocated twice, and what is
        carried out is what leaves the period."""
        shown = tuple(y for y in years if y in self.years)
        moved: dict[str, int] = {}
        for fund, _, _, amount, _ in self.transfers(shown):
            moved[fund] = moved.get(fund, 0) + amount
        out: dict[str, Figures] = {}
        for y in shown:
            for fund, fy in self.fund_years(y).items():
                f = fy.figures
                out_of_period = sum(c.amount for later, data in self.years.items() if later > y and later not in shown
                                    for c in data.carryover if c.fund == fund and c.from_year == y)
                out[fund] = out.get(fund, Figures()) + replace(fy.figures, carried_out=out_of_period)
        # a forecast defaults to the allocation's amount: moved money is in it twice like in allocated
        return {fund: replace(f, carried_in=f.carried_in - moved.get(fund, 0), allocated=f.allocated - moved.get(fund, 0),
                              forecast=f.forecast - moved.get(fund, 0))
                for fund, f in out.items()}


@dataclass(frozen=True, slots=True)
class Figures:
    """The money of a fund-year, or of several summed: the one record every report row, side-by-side
    column and roll-up line carries. Derived figures are properties, so they cannot disagree."""

    granted: int = 0
    carried_in: int = 0
    allocated: int = 0
    spent: int = 0
    repaid: int = 0
    #: prognos of the whole year: each allocation's ``forecast``, or its amount where it has none
    forecast: int = 0
    #: carried out of this fund-year into a later year of the set (over a period: out of the period)
    carried_out: int = 0

    @property
    def available(self) -> int:
        return self.granted + self.carried_in

    @property
    def unallocated(self) -> int:
        """Positive: money no allocation holds; negative: over-allocated."""
        return self.available - self.allocated

    @property
    def unspent(self) -> int:
        return self.available - self.spent

    @property
    def forecast_unspent(self) -> int:
        """What the prognos leaves of the available money (negative: it spends more than there is)."""
        return self.available - self.forecast

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.granted + other.granted, self.carried_in + other.carried_in,
                       self.allocated + other.allocated, self.spent + other.spent, self.repaid + other.repaid,
                       self.forecast + other.forecast, self.carried_out + other.carried_out)


def sum_figures(items: Iterable[Figures]) -> Figures:
    return sum(items, Figures())


@dataclass(slots=True)
class FundYear:
    fund: str
    year: int
    figures: Figures = Figures()
    #: the money is not decided yet: every grant is expected/applied, or no grant is recorded at
    #: all (only money carried in, as ``carryover`` leaves the next year until its grant is known)
    undecided: bool = False
    #: no grant of this fund is recorded in the year (``sociofund grant`` records it)
    grant_missing: bool = False
    #: at least one allocation of this fund has no ``spent``
    spent_missing: bool = False
    #: the key path of the first ``forecast`` of the fund-year's allocations, () when none has one
    forecast_at: tuple[str | int, ...] = ()
    #: the key path of the entry that stands for the fund-year: its first grant, else first
    #: carryover, else first allocation
    anchor: tuple[str | int, ...] = ()


def year_funds(year: YearFile) -> list[str]:
    """The funds a year has money in (a grant or a carryover), in order of first mention."""
    seen: dict[str, None] = {}
    for entry in (*year.grant, *year.carryover):
        seen.setdefault(entry.fund, None)
    return list(seen)


def allocation_fund(year: YearFile, alloc: Allocation, funds: list[str] | None = None) -> str | None:
    """The allocation's fund: as written, or the year's only fund; None when it cannot be told."""
    if alloc.fund is not None:
        return alloc.fund
    funds = year_funds(year) if funds is None else funds
    return funds[0] if len(funds) == 1 else None


def fund_years(year: YearFile) -> dict[str, FundYear]:
    """The figures of each fund-year of ``year``, keyed by fund, in order of first mention."""
    funds = year_funds(year)
    out: dict[str, FundYear] = {}

    def get(fund: str, anchor: tuple[str | int, ...]) -> FundYear:
        fy = out.get(fund)
        if fy is None:
            fy = out[fund] = FundYear(fund, year.year, anchor=anchor)
        return fy

    statuses: dict[str, list[str]] = {}
    for i, g in enumerate(year.grant):
        fy = get(g.fund, ("grant", i))
        fy.figures += Figures(granted=g.amount)
        statuses.setdefault(g.fund, []).append(g.status)
    for i, c in enumerate(year.carryover):
        fy = get(c.fund, ("carryover", i))
        fy.figures += Figures(carried_in=c.amount)
    for i, a in enumerate(year.allocation):
        fund = allocation_fund(year, a, funds)
        if fund is None:
            continue
        fy = get(fund, ("allocation", i))
        fy.figures += Figures(allocated=a.amount, spent=a.spent or 0,
                              forecast=a.amount if a.forecast is None else a.forecast)
        fy.spent_missing |= a.spent is None
        if a.forecast is not None and not fy.forecast_at:
            fy.forecast_at = ("allocation", i, "forecast")
    for i, r in enumerate(year.repayment):
        fy = get(r.fund, ("repayment", i))
        fy.figures += Figures(repaid=r.amount)
    for fund, fy in out.items():
        sts = statuses.get(fund)
        fy.grant_missing = not sts
        fy.undecided = fy.grant_missing or all(s in UNDECIDED for s in sts)
    return out
