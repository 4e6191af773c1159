"""Match an export's rows to the year's allocations and account for every öre.

A row belongs to an allocation when every key of the allocation's ``codes`` names the row's code
in that dimension (``{ projekt = "7101", ansvar = "42" }`` narrows to rows booked on both). When
several allocations match a row, the one with the most keys (the narrowest) takes it; two equally
narrow ones cannot be told apart, and the row is reported as unmatched with both ids rather than
counted twice or guessed.

Only cost rows are utfall: rows on the cost accounts (by default BAS and Kommun-Bas classes 4–7,
accounts 4000–7999), dated in the year. Revenue and balance rows, and rows of other years, are
counted and shown but not used.

Money stays in öre until the very end: an allocation's rows are summed exactly, then rounded
once, to whole kronor, 50 öre upward. Everything else (unmatched rows, totals) stays in öre, so
the proof line — the file's cost total equals matched plus unmatched — holds to the öre.

Must not import: typer, rich, pydantic, or the loader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sociofund.core.utfall import Export, Row, dimension_key

#: BAS / Kommun-Bas cost classes: 4 (material, tjänster), 5–6 (övriga kostnader), 7 (personal)
COST_ACCOUNTS: tuple[tuple[int, int], ...] = ((4000, 7999),)


@dataclass(frozen=True, slots=True)
class Target:
    """An allocation with ``codes``, as the reconciliation needs it."""

    id: str
    codes: tuple[tuple[str, str], ...]
    spent: int | None = None
    fund: str | None = None


@dataclass(slots=True)
class Matched:
    """What one allocation gets from the export."""

    id: str
    codes: tuple[tuple[str, str], ...]
    old: int | None
    ore: int = 0
    rows: int = 0
    fund: str | None = None

    @property
    def new(self) -> int:
        """Whole kronor, rounded once, 50 öre upward."""
        return round_kronor(self.ore)

    @property
    def rounded(self) -> bool:
        return self.ore % 100 != 0

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(slots=True)
class Unmatched:
    """Cost rows of the year whose codes no allocation has, grouped by those codes."""

    codes: tuple[tuple[str, str], ...]
    #: the export's name of each code (SIE ``#OBJEKT``), None where it has none
    names: tuple[str | None, ...]
    ore: int = 0
    rows: int = 0
    first_line: int = 0
    #: allocations that match equally well (the row could not be given to one of them)
    ambiguous: tuple[str, ...] = ()


@dataclass(slots=True)
class Bucket:
    """Rows set aside (outside the year, not on a cost account): how many, their sum, the first."""

    rows: int = 0
    ore: int = 0
    first_line: int = 0

    def add(self, row: Row) -> None:
        self.rows += 1
        self.ore += row.ore
        self.first_line = self.first_line or row.line


@dataclass(slots=True)
class Reconciliation:
    """The whole account of one import: per allocation, unmatched, set aside, and the proof."""

    path: str
    kind: str
    year: int
    as_of: dt.date | None
    allocations: list[Matched] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    outside_year: Bucket = field(default_factory=Bucket)
    non_cost: Bucket = field(default_factory=Bucket)
    #: öre of every cost row of the year, summed on its own (not from the parts)
    cost_total: int = 0
    cost_rows: int = 0
    rows: int = 0
    #: the financial year the file says it covers, if it does
    period: tuple[dt.date, dt.date] | None = None

    @property
    def matched_ore(self) -> int:
        return sum(m.ore for m in self.allocations)

    @property
    def unmatched_ore(self) -> int:
        return sum(u.ore for u in self.unmatched)

    @property
    def balanced(self) -> bool:
        """The proof line: nothing of the file's costs was lost or counted twice."""
        return self.cost_total == self.matched_ore + self.unmatched_ore

    @property
    def rounded(self) -> list[Matched]:
        return [m for m in self.allocations if m.rounded]

    @property
    def changed(self) -> list[Matched]:
        return [m for m in self.allocations if m.changed]


def round_kronor(ore: int) -> int:
    """Öre to whole kronor, 50 öre upward (12 350 öre -> 124 kr; −150 öre -> −1 kr)."""
    return (ore + 50) // 100


def parse_ranges(specs: Iterable[str | int]) -> tuple[tuple[int, int], ...]:
    """``["4000-7999", 3990]`` -> ((4000, 7999), (3990, 3990)); ValueError names a bad one."""
    out = []
    for spec in specs:
        text = str(spec).replace("–", "-").replace(" ", "")
        lo, sep, hi = text.partition("-")
        if not lo.isdigit() or (sep and not hi.isdigit()):
            raise ValueError(str(spec))
        out.append((int(lo), int(hi) if sep else int(lo)))
    return tuple(out)


def is_cost(account: str, ranges: tuple[tuple[int, int], ...] = COST_ACCOUNTS) -> bool:
    """Whether an account is a cost account. A longer account (``40101``, a sub-account some
    systems add) is judged by its first four digits, the BAS account it refines."""
    number = int(account[:4])
    return any(lo <= number <= hi for lo, hi in ranges)


def normalise(codes: dict[str, str], aliases: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """``codes`` keys as the export names its dimensions (``"6"`` -> ``projekt``), sorted."""
    out = {}
    for key, code in codes.items():
        k = dimension_key(key)
        out[aliases.get(k, k)] = str(code).strip()
    return tuple(sorted(out.items()))


def reconcile(export: Export, year: int, targets: list[Target], *,
              cost_accounts: tuple[tuple[int, int], ...] = COST_ACCOUNTS) -> Reconciliation:
    """The reconciliation of ``export`` against the allocations ``targets`` of ``year``."""
    rec = Reconciliation(export.path, export.kind, year, export.as_of, period=export.period)
    matched = [Matched(t.id, normalise(dict(t.codes), export.aliases), t.spent, fund=t.fund) for t in targets]
    rec.allocations = matched
    used: list[str] = []
    for m in matched:
        for k, _ in m.codes:
            if k not in used:
                used.append(k)
    unmatched: dict[tuple, Unmatched] = {}
    newest: dt.date | None = None
    for row in export.rows:
        rec.rows += 1
        if row.date.year != year:
            rec.outside_year.add(row)
            continue
        if newest is None or row.date > newest:
            newest = row.date
        if not is_cost(row.account, cost_accounts):
            rec.non_cost.add(row)
            continue
        rec.cost_rows += 1
        rec.cost_total += row.ore
        dims = dict(row.dims)
        best: list[Matched] = []
        for m in matched:
            if m.codes and all(dims.get(k) == c for k, c in m.codes):
                if not best or len(m.codes) > len(best[0].codes):
                    best = [m]
                elif len(m.codes) == len(best[0].codes):
                    best.append(m)
        if len(best) == 1:
            best[0].ore += row.ore
            best[0].rows += 1
            continue
        key = tuple((k, dims[k]) for k in used if k in dims)
        group = unmatched.get(key)
        if group is None:
            names = tuple(export.objects.get(kc) for kc in key)
            group = unmatched[key] = Unmatched(key, names, first_line=row.line,
                                               ambiguous=tuple(m.id for m in best))
        group.ore += row.ore
        group.rows += 1
    rec.unmatched = sorted(unmatched.values(), key=lambda u: (-abs(u.ore), u.codes))
    if rec.as_of is None:
        rec.as_of = newest
    return rec
