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
    _carried: dict[tuple[int, str], int] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.config.organisation or self.path.rstrip("/").rsplit("/", 1)[-1]

    def carried_out(self, from_year: int, fund: str, skip: tuple[int, int] | None = None) -> int:
        """What the set carries of ``fund`` out of ``from_year`` into later years; ``skip`` is the
        (year, index) of a carryover to leave out (one a command is about to rewrite)."""
        if skip is None:
            return self._carried_out_all().get((from_year, fund), 0)
        return sum(c.amount for year, data in self.years.items() if year > from_year
                   for i, c in enumerate(data.carryover)
                   if c.fund == fund and c.from_year == from_year and (year, i) != skip)

    def _carried_out_all(self) -> dict[tuple[int, str], int]:
        """(from year, fund) -> what later years carry out of it, summed once per set: every
        fund-year asks, and scanning all years for each would be quadratic in the years."""
        if self._carried is None:
            carried: dict[tuple[int, str], int] = {}
            for year, data in self.years.items():
                for c in data.carryover:
                    if c.from_year < year:
                        key = (c.from_year, c.fund)
                        carried[key] = carried.get(key, 0) + c.amount
            self._carried = carried
        return self._carried

    def fund_years(self, year: int) -> dict[str, FundYear]:
        """The fund-years of ``year``, computed once (several rules and reports read them), with
        what later years of the set carry out of each."""
        cached = self._fund_years.get(year)
        if cached is None:
            cached = self._fund_years[year] = fund_years(self.years[year], self._carried_out_all())
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


def fund_years(year: YearFile, carried_out: dict[tuple[int, str], int]) -> dict[str, FundYear]:
    """The figures of each fund-year of ``year``, keyed by fund, in order of first mention;
    ``carried_out`` maps (year, fund) to what later years carry out of it (``LedgerSet`` knows).

    Sums are kept as plain ints per fund and made into one ``FundYear`` each at the end: a year
    holds thousands of allocations, and a record per entry was most of ``check``'s time."""
    funds = year_funds(year)
    only = funds[0] if len(funds) == 1 else None  # allocation_fund's rule, inlined in the hot loop
    #: fund -> [granted, carried_in, allocated, spent, repaid, forecast, anchor, spent_missing, forecast_at]
    acc: dict[str, list] = {}

    def new(fund: str, anchor: tuple[str | int, ...]) -> list:
        a = acc[fund] = [0, 0, 0, 0, 0, 0, anchor, False, ()]
        return a

    statuses: dict[str, list[str]] = {}
    for i, g in enumerate(year.grant):
        (acc.get(g.fund) or new(g.fund, ("grant", i)))[0] += g.amount
        statuses.setdefault(g.fund, []).append(g.status)
    for i, c in enumerate(year.carryover):
        (acc.get(c.fund) or new(c.fund, ("carryover", i)))[1] += c.amount
    for i, a in enumerate(year.allocation):
        fund = a.fund if a.fund is not None else only
        if fund is None:
            continue
        s = acc.get(fund) or new(fund, ("allocation", i))
        s[2] += a.amount
        if a.spent is None:
            s[7] = True
        else:
            s[3] += a.spent
        if a.forecast is None:
            s[5] += a.amount
        else:
            s[5] += a.forecast
            if not s[8]:
                s[8] = ("allocation", i, "forecast")
    for i, r in enumerate(year.repayment):
        (acc.get(r.fund) or new(r.fund, ("repayment", i)))[4] += r.amount
    out: dict[str, FundYear] = {}
    for fund, (g, cin, alloc, spent, repaid, forecast, anchor, spent_missing, forecast_at) in acc.items():
        sts = statuses.get(fund)
        out[fund] = FundYear(
            fund, year.year,
            Figures(granted=g, carried_in=cin, allocated=alloc, spent=spent, repaid=repaid, forecast=forecast,
                    carried_out=carried_out.get((year.year, fund), 0)),
            undecided=not sts or all(st in UNDECIDED for st in sts), grant_missing=not sts,
            spent_missing=spent_missing, forecast_at=forecast_at, anchor=anchor)
    return out
