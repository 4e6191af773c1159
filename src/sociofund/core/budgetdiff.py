"""What a change does to the budget: two loaded states of a ledger set in, the difference out.

Pure: no git, no disk. ``diff_set`` takes the set as it was (A) and as it is (B), either of which
may be absent (a set added or removed is shown whole), and returns per fund-year the figures
before, after and their difference, per intervention the amounts that appeared, vanished or
changed, the decisions of ``decisions.toml`` added, removed or changed, the findings the change
adds and removes, and the findings of the rules about changes (history that was rewritten, an
amount changed with no new decision behind it).

Sets are matched by folder: a renamed set is one removed and one added, never guessed at.
An intervention is an allocation id within its fund; its amount is summed over the set's years.
The set's totals (``LedgerSet.period``) and an intervention's total count money moved between two
of the set's years once (a transfer, not new money): the 140 000 kr Ragunda moves from 2021 into
2022 for AMI is allocated in both years but decided once.

Must not import: typer, rich.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sociofund.core.diagnostics import CODES, Finding, Severity
from sociofund.core.layout import year_of
from sociofund.core.ledger import LedgerSet, allocation_fund, sum_figures, year_funds

#: the figures of a fund-year, in the order every renderer shows them
FIGURES = ("granted", "carried_in", "available", "allocated", "spent", "carried_out", "repaid")

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True, slots=True)
class Amounts:
    """One figure before and after; None where that side does not have it at all."""

    before: int | None
    after: int | None

    @property
    def difference(self) -> int:
        return (self.after or 0) - (self.before or 0)

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(slots=True)
class FundYearChange:
    fund: str
    year: int
    status: str
    #: the year file, in B when it is there, else in A
    file: str
    figures: dict[str, Amounts]


@dataclass(slots=True)
class InterventionChange:
    fund: str
    id: str
    #: the name in B when it has one there, else in A, else the id
    name: str
    status: str
    #: year -> amount, on each side
    before: dict[int, int]
    after: dict[int, int]
    #: money moved to it from one of the set's years into another (a carryover naming it), on
    #: each side: in two years' amounts, counted once in the total
    moved_before: int = 0
    moved_after: int = 0

    @property
    def total(self) -> Amounts:
        return Amounts(sum(self.before.values()) - self.moved_before if self.before else None,
                       sum(self.after.values()) - self.moved_after if self.after else None)

    @property
    def years(self) -> list[int]:
        return sorted(set(self.before) | set(self.after))


@dataclass(slots=True)
class DecisionChange:
    """A decision of ``decisions.toml`` that the change adds, removes or changes."""

    id: str
    #: how people name it (``KS §220/2020``), in B when it is there
    label: str
    status: str
    #: its ``status`` (proposed, adopted, rejected) on each side
    before: str | None
    after: str | None
    #: the keys whose values differ, for a decision on both sides
    keys: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SetChange:
    path: str
    name: str
    status: str
    #: the set's ``lang`` setting (B's, else A's; None when it has none), for choosing the
    #: language of the output
    lang: str | None = None
    fund_years: list[FundYearChange] = field(default_factory=list)
    interventions: list[InterventionChange] = field(default_factory=list)
    decisions: list[DecisionChange] = field(default_factory=list)
    #: the set's money over all its years, moved money counted once
    available: Amounts = Amounts(None, None)
    allocated: Amounts = Amounts(None, None)
    findings_added: list[Finding] = field(default_factory=list)
    findings_removed: list[Finding] = field(default_factory=list)
    #: year files whose figures are unknown on that side (they did not parse or validate); the
    #: rest of the set is still compared, and their findings say why
    unread_before: list[str] = field(default_factory=list)
    unread_after: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Revision:
    """A state as the user named it: the revision as written (None: the working tree), its
    commit, and for a merge-base the revision it was computed from (``--base main``)."""

    rev: str | None
    commit: str | None
    base_of: str | None = None


@dataclass(slots=True)
class BudgetDiff:
    before: Revision
    after: Revision
    sets: list[SetChange]
    #: sets whose files are the same on both sides (not loaded, nothing to show)
    unchanged: int = 0

    @property
    def findings_added(self) -> list[Finding]:
        return [f for s in self.sets for f in s.findings_added]

    @property
    def findings_removed(self) -> list[Finding]:
        return [f for s in self.sets for f in s.findings_removed]

    @property
    def errors_added(self) -> int:
        return sum(1 for f in self.findings_added if f.severity is Severity.ERROR)


@dataclass(slots=True)
class Side:
    """One state of a set as loaded: the set, its findings, every file it holds (name -> shown
    path)."""

    ledger_set: LedgerSet
    findings: list[Finding]
    files: dict[str, str]


# --- figures -------------------------------------------------------------------------------


def figures(ls: LedgerSet) -> dict[tuple[str, int], dict[str, int]]:
    """(fund, year) -> the fund-year's ``Figures`` as ``FIGURES`` names them."""
    out: dict[tuple[str, int], dict[str, int]] = {}
    for year in ls.years:
        for fund, fy in ls.fund_years(year).items():
            out[(fund, year)] = {name: getattr(fy.figures, name) for name in FIGURES}
    return out


def totals(ls: LedgerSet) -> tuple[int, int]:
    """(available, allocated) over all the set's years, every krona once (``LedgerSet.period``)."""
    total = sum_figures(ls.period(tuple(ls.years)).values())
    return total.available, total.allocated


def interventions(ls: LedgerSet) -> dict[tuple[str, str], tuple[str | None, dict[int, int], int]]:
    """(fund, id) -> (its latest name, year -> amount, money moved to it between two of the
    set's years: in two years' amounts, decided once)."""
    out: dict[tuple[str, str], tuple[str | None, dict[int, int], int]] = {}
    for year, data in ls.years.items():
        funds = year_funds(data)
        for a in data.allocation:
            key = (allocation_fund(data, a, funds) or "", a.id)
            name, per, _ = out.get(key, (None, {}, 0))
            per[year] = per.get(year, 0) + a.amount
            out[key] = (a.name or name, per, 0)
    for fund, _, _, amount, named in ls.transfers(tuple(ls.years)):
        if named and (fund, named) in out:
            name, per, moved = out[(fund, named)]
            out[(fund, named)] = (name, per, moved + amount)
    return out


def decisions(before: list, after: list) -> list[DecisionChange]:
    """The decisions added, removed or changed, matched by id, in B's order then A's."""
    old = {d.id: d for d in before}
    new = {d.id: d for d in after}
    out = []
    for did in dict.fromkeys([*new, *old]):
        a, b = old.get(did), new.get(did)
        if a == b:
            continue
        d = b or a
        keys = [k for k in type(d).model_fields if getattr(a, k) != getattr(b, k)] if a and b else []
        out.append(DecisionChange(did, d.label, ADDED if a is None else REMOVED if b is None else CHANGED,
                                  a.status if a else None, b.status if b else None, keys))
    return out


# --- one set -------------------------------------------------------------------------------


def diff_set(path: str, before: Side | None, after: Side | None,
             locate: Callable[[list[Finding]], list[Finding]] = lambda fs: fs) -> SetChange:
    """The change of one set from ``before`` to ``after`` (None: the set is not there).
    ``locate`` places the findings of the rules about changes at their lines in B."""
    a_ls = before.ledger_set if before else None
    b_ls = after.ledger_set if after else None
    status = ADDED if before is None else REMOVED if after is None else CHANGED
    ls = b_ls or a_ls
    change = SetChange(path, ls.name, status, ls.config.lang)  # type: ignore[union-attr]

    fa = figures(a_ls) if a_ls else {}
    fb = figures(b_ls) if b_ls else {}
    for key in sorted(fa.keys() | fb.keys(), key=lambda k: (k[1], k[0])):
        fund, year = key
        old, new = fa.get(key), fb.get(key)
        amounts = {f: Amounts(old[f] if old else None, new[f] if new else None) for f in FIGURES}
        if old is not None and new is not None and not any(a.changed for a in amounts.values()):
            continue
        file = (b_ls.files.get(year) if b_ls else None) or (a_ls.files.get(year) if a_ls else "") or ""
        change.fund_years.append(FundYearChange(fund, year, ADDED if old is None else REMOVED if new is None else CHANGED,
                                                file, amounts))

    ia = interventions(a_ls) if a_ls else {}
    ib = interventions(b_ls) if b_ls else {}
    for key in list(dict.fromkeys([*ia, *ib])):
        old_name, old, old_moved = ia.get(key, (None, {}, 0))
        new_name, new, new_moved = ib.get(key, (None, {}, 0))
        if old == new and old_moved == new_moved:
            continue
        st = ADDED if not old else REMOVED if not new else CHANGED
        change.interventions.append(InterventionChange(key[0], key[1], new_name or old_name or key[1], st, old, new,
                                                       old_moved, new_moved))

    change.decisions = decisions(a_ls.decisions if a_ls else [], b_ls.decisions if b_ls else [])

    if a_ls or b_ls:
        ta = totals(a_ls) if a_ls else (None, None)
        tb = totals(b_ls) if b_ls else (None, None)
        change.available, change.allocated = Amounts(ta[0], tb[0]), Amounts(ta[1], tb[1])

    old_findings = before.findings if before else []
    new_findings = after.findings if after else []
    change.findings_added, change.findings_removed = compare_findings(old_findings, new_findings)
    if before and after:
        change.findings_added = sorted(change.findings_added + locate(change_rules(before, after)),
                                       key=lambda f: f.sort_key)
    if before:
        change.unread_before = unread(before)
    if after:
        change.unread_after = unread(after)
    return change


def unread(side: Side) -> list[str]:
    """The year files of a side whose figures could not be read (they are missing from the set)."""
    loaded = set(side.ledger_set.files.values())
    return sorted(path for name, path in side.files.items() if year_of(name) is not None and path not in loaded)


def _identity(f: Finding) -> tuple:
    """A finding as the same problem on both sides: its place by file, not line (lines move when
    entries are added above), and its arguments (a changed amount is a new finding)."""
    return (f.code, f.file, f.severity.value, repr(sorted(f.args.items())))


def compare_findings(before: Iterable[Finding], after: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(added, removed): the findings ``after`` has that ``before`` does not, and the reverse,
    counted as multisets (two equal findings where there was one is one added)."""
    before, after = list(before), list(after)
    return _beyond(after, before), _beyond(before, after)


def _beyond(these: list[Finding], others: list[Finding]) -> list[Finding]:
    """The findings of ``these`` left over once each of ``others`` has cancelled one equal to it."""
    left = Counter(_identity(f) for f in others)
    out = []
    for f in these:
        k = _identity(f)
        if left[k] > 0:
            left[k] -= 1
        else:
            out.append(f)
    return out


# --- the rules about changes ---------------------------------------------------------------


def _change(code: str, file: str, keypath: tuple[str | int, ...], **args) -> Finding:
    return Finding(code, CODES[code][0], file, args, keypath)


def _first(entries, match) -> int | None:
    return next((i for i, e in enumerate(entries) if match(e)), None)


def change_rules(before: Side, after: Side) -> list[Finding]:
    """H001–H003: what a change may not do to history, and what it should not do silently.

    Findings point into B (the state under review) and speak in key paths; the caller places them.
    A closed year is one closed in A: reopening it (``closed = false``) does not make its past
    figures free to change in the same change. A year file of B that does not load is left to its
    own findings: its figures are unknown, not changed.
    """
    a_ls, b_ls = before.ledger_set, after.ledger_set
    present = set(after.files.values())
    out: list[Finding] = []
    for year, old in a_ls.years.items():
        new = b_ls.years.get(year)
        if old.closed:
            if new is None:
                if a_ls.files[year] not in present:  # a closed year's file deleted
                    out.append(_change("H001", a_ls.files[year], ("year",), year=year, what="file", entry="",
                                       before=0, after=0))
                continue
            if new is not old:  # the same file on both sides (read once) has changed nothing
                out += _closed_year(year, old, new, b_ls.files[year])
            out += _closed_money_out(year, a_ls, b_ls)
        elif new is not None and new is not old:
            out += _amounts_without_decision(year, old, new, b_ls.files[year])
    return out


def _per_fund(entries) -> dict[str, int]:
    sums: dict[str, int] = {}
    for e in entries:
        sums[e.fund] = sums.get(e.fund, 0) + e.amount
    return sums


def _closed_year(year: int, old, new, file: str) -> Iterable[Finding]:
    """H001: a closed year's grants, carry-in, allocations and spending, entry by entry."""
    for kind, what in (("grant", "granted"), ("carryover", "carried_in")):
        a, b = _per_fund(getattr(old, kind)), _per_fund(getattr(new, kind))
        for fund in dict.fromkeys([*a, *b]):
            if a.get(fund, 0) != b.get(fund, 0):
                i = _first(getattr(new, kind), lambda e: e.fund == fund)
                where = (kind, i, "amount") if i is not None else ("year",)
                yield _change("H001", file, where, year=year, what=what, entry=fund,
                              before=a.get(fund, 0), after=b.get(fund, 0))
    old_allocs = {a.id: a for a in old.allocation}
    seen: set[str] = set()
    for i, a in enumerate(new.allocation):
        seen.add(a.id)
        prev = old_allocs.get(a.id)
        if prev is None:
            yield _change("H001", file, ("allocation", i, "amount"), year=year, what="amount", entry=a.id,
                          before=0, after=a.amount)
            continue
        if prev.amount != a.amount:
            yield _change("H001", file, ("allocation", i, "amount"), year=year, what="amount", entry=a.id,
                          before=prev.amount, after=a.amount)
        if prev.spent != a.spent:
            yield _change("H001", file, ("allocation", i, "spent") if a.spent is not None else ("allocation", i),
                          year=year, what="spent", entry=a.id, before=prev.spent or 0, after=a.spent or 0)
    for aid, prev in old_allocs.items():
        if aid not in seen:
            yield _change("H001", file, ("year",), year=year, what="amount", entry=aid, before=prev.amount, after=0)


def _closed_money_out(year: int, before: LedgerSet, after: LedgerSet) -> Iterable[Finding]:
    """H003: what a closed year carried over or repaid is settled money."""

    def carried(ls: LedgerSet) -> dict[tuple[str, int], int]:
        sums: dict[tuple[str, int], int] = {}
        for to_year, data in ls.years.items():
            for c in data.carryover:
                if c.from_year == year:
                    sums[(c.fund, to_year)] = sums.get((c.fund, to_year), 0) + c.amount
        return sums

    a, b = carried(before), carried(after)
    for fund, to_year in dict.fromkeys([*a, *b]):
        old, new = a.get((fund, to_year), 0), b.get((fund, to_year), 0)
        if old == new:
            continue
        data = after.years.get(to_year)
        i = _first(data.carryover, lambda c: c.fund == fund and c.from_year == year) if data else None
        file = after.files.get(to_year) or after.files[year]
        where = ("carryover", i, "amount") if i is not None else ("year",)
        yield _change("H003", file, where, year=year, what="carryover", entry=fund, to_year=to_year,
                      before=old, after=new)
    ra, rb = _per_fund(before.years[year].repayment), _per_fund(after.years[year].repayment)
    for fund in dict.fromkeys([*ra, *rb]):
        if ra.get(fund, 0) != rb.get(fund, 0):
            i = _first(after.years[year].repayment, lambda r: r.fund == fund)
            where = ("repayment", i, "amount") if i is not None else ("year",)
            yield _change("H003", after.files[year], where, year=year, what="repayment", entry=fund, to_year=year,
                          before=ra.get(fund, 0), after=rb.get(fund, 0))


def _rests_on(a) -> tuple:
    """What an allocation says it rests on: its ``ref`` and, where the format has one, its decision."""
    return (a.ref, getattr(a, "decision", None))


def _amounts_without_decision(year: int, old, new, file: str) -> Iterable[Finding]:
    """H002: an allocation's amount changed while what it rests on stayed the same."""
    old_allocs = {a.id: a for a in old.allocation}
    for i, a in enumerate(new.allocation):
        prev = old_allocs.get(a.id)
        if prev is not None and prev.amount != a.amount and _rests_on(prev) == _rests_on(a):
            yield _change("H002", file, ("allocation", i, "amount"), year=year, id=a.id, before=prev.amount,
                          after=a.amount, ref=a.ref or "–")
