"""The rules of PRODUCT.md §4 as plain functions: a ledger set in, findings out.

Each rule is a function ``(LedgerSet) -> Iterable[Finding]``. It speaks in key paths, never in
lines: the loader places every finding through the file's source map. ``RULES`` lists them in
the order they run; callers may pass their own tuple (tests do), nothing patches a registry.

Every code is stable: a code, once shipped, keeps its meaning. The catalogue of all codes with
their default severity is ``diagnostics.CODES``, beside ``Finding``.

Must not import: typer, rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from sociofund.core import decision_rules
from sociofund.core.cofinancing import value as cofinancing_value
from sociofund.core.diagnostics import CODES, Finding, Severity
from sociofund.core.ledger import LedgerSet, allocation_fund, year_funds

E, W = Severity.ERROR, Severity.WARNING


def finding(code: str, file: str, keypath: tuple[str | int, ...], severity: Severity | None = None, **args) -> Finding:
    return Finding(code, severity or CODES[code][0], file, args, keypath)


Rule = Callable[[LedgerSet], Iterable[Finding]]


def balance(ls: LedgerSet) -> Iterator[Finding]:
    """B001/B002: Σ allocation = available per fund-year; a warning while the money is undecided
    (every grant expected/applied, or no grant recorded yet)."""
    for year in ls.years:
        for fy in ls.fund_years(year).values():
            diff = fy.figures.unallocated
            if diff == 0:
                continue
            severity = W if fy.undecided else E
            code = "B001" if diff < 0 else "B002"
            # no grant yet: the message's hint says to record it (``sociofund grant``)
            extra = {"grant": "missing"} if fy.grant_missing else {}
            yield finding(code, ls.files[year], fy.anchor, severity, fund=fy.fund, year=year, amount=abs(diff),
                          available=fy.figures.available, allocated=fy.figures.allocated, **extra)


def spending(ls: LedgerSet) -> Iterator[Finding]:
    """S001: Σ spent ≤ available per fund-year. S002: an allocation spent more than its amount."""
    for year, data in ls.years.items():
        for fy in ls.fund_years(year).values():
            if fy.figures.spent > fy.figures.available:
                yield finding("S001", ls.files[year], fy.anchor, fund=fy.fund, year=year,
                              amount=fy.figures.spent - fy.figures.available, spent=fy.figures.spent, available=fy.figures.available)
        for i, a in enumerate(data.allocation):
            if a.spent is not None and a.spent > a.amount:
                yield finding("S002", ls.files[year], ("allocation", i, "spent"), id=a.id,
                              amount=a.spent - a.amount, spent=a.spent, allocated=a.amount)


def carryover(ls: LedgerSet) -> Iterator[Finding]:
    """C001: from_year before year. C002: approval needed. C003: the fund allows no carryover."""
    for year, data in ls.years.items():
        for i, c in enumerate(data.carryover):
            if c.from_year >= year:
                yield finding("C001", ls.files[year], ("carryover", i, "from_year"), from_year=c.from_year, year=year)
            policy = ls.config.policy(c.fund)
            if policy == "none":
                yield finding("C003", ls.files[year], ("carryover", i, "fund"), fund=c.fund)
            elif policy == "approval" and not (c.approved_by or "").strip():
                yield finding("C002", ls.files[year], ("carryover", i), fund=c.fund, amount=c.amount)


def continuity(ls: LedgerSet) -> Iterator[Finding]:
    """K001/K002: a closed year's unspent money is carried over or repaid, exactly.

    Checked when year N is closed and the set holds N+1 (before that, the money's fate is not yet
    due). Fund-years with a missing ``spent`` are left to Y001, and overspent ones to S001: their
    unspent figure is not known or not meaningful.
    """
    for year, data in ls.years.items():
        if not data.closed or year + 1 not in ls.years:
            continue
        for fy in ls.fund_years(year).values():
            if fy.spent_missing or fy.figures.unspent < 0:
                continue
            carried = fy.figures.carried_out
            covered = carried + fy.figures.repaid
            if covered == fy.figures.unspent:
                continue
            args = dict(fund=fy.fund, year=year, unspent=fy.figures.unspent, carried=carried,
                        repaid=fy.figures.repaid, amount=abs(fy.figures.unspent - covered), next=year + 1,
                        next_file=ls.files[year + 1])
            code = "K002" if covered == 0 else "K001"
            yield finding(code, ls.files[year], fy.anchor, **args)


def closed_years(ls: LedgerSet) -> Iterator[Finding]:
    """Y001: in a closed year every allocation has ``spent``."""
    for year, data in ls.years.items():
        if data.closed:
            for i, a in enumerate(data.allocation):
                if a.spent is None:
                    yield finding("Y001", ls.files[year], ("allocation", i), id=a.id, year=year)


def forecast(ls: LedgerSet) -> Iterator[Finding]:
    """P001: while a year is open, a prognos that leaves money unspent in a fund whose carryover
    needs the funder's approval is said now, when the funder can still be asked (PRODUCT.md §1:
    unused money moves only with the funder's consent, the rest is paid back). Allocations
    without ``forecast`` count as spending their amount; a fund-year without any is not judged."""
    for year, data in ls.years.items():
        if data.closed:
            continue
        for fy in ls.fund_years(year).values():
            left = fy.figures.forecast_unspent
            if not fy.forecast_at or left <= 0 or ls.config.policy(fy.fund) != "approval":
                continue
            info = ls.config.funds.get(fy.fund)
            funder = (info.funder if info else None) or next((g.funder for g in data.grant
                                                              if g.fund == fy.fund and g.funder), None)
            yield finding("P001", ls.files[year], fy.forecast_at, fund=fy.fund, year=year, amount=left,
                          forecast=fy.figures.forecast, available=fy.figures.available, next=year + 1,
                          funder=funder or "-")


def identity(ls: LedgerSet) -> Iterator[Finding]:
    """I001 unique ids, I002 year = file name, I003 funds have money in the year, I004 fund needed."""
    for year, data in ls.years.items():
        file = ls.files[year]
        if data.year != year:
            yield finding("I002", file, ("year",), year=data.year, expected=year)
        seen: set[str] = set()
        for i, a in enumerate(data.allocation):
            if a.id in seen:
                yield finding("I001", file, ("allocation", i, "id"), id=a.id, year=year)
            seen.add(a.id)
        funds = year_funds(data)
        for i, a in enumerate(data.allocation):
            if a.fund is None and allocation_fund(data, a, funds) is None:
                yield finding("I004", file, ("allocation", i), id=a.id, funds=", ".join(funds) or "-")
            elif a.fund is not None and a.fund not in funds:
                yield finding("I003", file, ("allocation", i, "fund"), fund=a.fund, year=year)
        for i, r in enumerate(data.repayment):
            if r.fund not in funds:
                yield finding("I003", file, ("repayment", i, "fund"), fund=r.fund, year=year)


def _cofinancing_forms(c) -> list[str]:
    return [key for key in ("amount", "hours", "fte") if getattr(c, key) is not None]


def cofinancing(ls: LedgerSet) -> Iterator[Finding]:
    """M001: a co-financing entry without a value. M002: one entry, several forms. M003: the
    grant is more than the funder's ``max_share`` of the fund-year's total cost.

    Total cost is what the fund-year's money paid for (utfall when every allocation has it, else
    what is allocated) plus the co-financing's value. M003 is left out while any co-financing of
    the fund-year has no value (M001 says so) or nothing is allocated yet; it is a warning while
    utfall is incomplete (the figures are a plan) and an error once it is complete. Everything is
    compared in integers: ``granted × den > num × total`` for ``max_share = num/den``.
    """
    for year, data in ls.years.items():
        file = ls.files[year]
        funds = year_funds(data)
        value: dict[str, int] = {}
        unknown: set[str] = set()
        for i, c in enumerate(data.cofinancing):
            forms = _cofinancing_forms(c)
            fund = c.fund or (funds[0] if len(funds) == 1 else None)
            if len(forms) > 1 or (c.amount is not None and c.hourly_cost is not None):
                yield finding("M002", file, ("cofinancing", i), forms=", ".join(forms + (
                    ["hourly_cost"] if c.amount is not None and c.hourly_cost is not None else [])))
                unknown.add(fund)
                continue
            v = cofinancing_value(c.amount, c.hours, c.fte, c.hourly_cost)
            if v.value is None:
                missing = "hourly_cost" if forms else "amount"
                yield finding("M001", file, ("cofinancing", i), fund=fund or "-", year=year,
                              name=c.name or c.unit or "-", missing=missing)
                unknown.add(fund)
            elif fund is not None:
                value[fund] = value.get(fund, 0) + v.value
            if c.fund is not None and c.fund not in funds:
                yield finding("I003", file, ("cofinancing", i, "fund"), fund=c.fund, year=year)
        for fund, fy in ls.fund_years(year).items():
            info = ls.config.funds.get(fund)
            cap = info.share_cap if info else None
            if cap is None or fund in unknown or None in unknown or not fy.figures.allocated:
                continue
            cost = fy.figures.allocated if fy.spent_missing else fy.figures.spent
            total = cost + value.get(fund, 0)
            granted = fy.figures.granted
            if granted * cap.denominator <= cap.numerator * total:
                continue
            # the least total cost the grant needs: granted / cap, rounded up to whole kronor
            needed = -(-granted * cap.denominator // cap.numerator)
            yield finding("M003", file, fy.anchor, W if fy.spent_missing else E, fund=fund, year=year,
                          granted=granted, total=total, cost=cost, cofinancing=value.get(fund, 0),
                          cap=_percent(cap), max_grant=cap.numerator * total // cap.denominator,
                          missing=needed - total)


def _percent(cap) -> str:
    """9/10 -> "90"; 37/40 -> "92.5" (a share as a plain number; never money)."""
    tenths = cap * 1000
    whole = tenths.numerator // tenths.denominator
    return str(whole // 10) if whole % 10 == 0 else f"{whole // 10}.{whole % 10}"


RULES: tuple[Rule, ...] = (identity, balance, spending, carryover, continuity, closed_years, forecast, cofinancing,
                          *decision_rules.RULES)


def run(ls: LedgerSet, rules: Iterable[Rule] = RULES) -> list[Finding]:
    return [f for rule in rules for f in rule(ls)]
