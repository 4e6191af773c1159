"""The board's decisions as data: what each decision states, and the figures of a period.

A ledger set may hold the decisions its money rests on in ``decisions.toml`` (one
``[[decision]]`` table each; docs/ledger-format.md, "Decisions"). A decision records who decided
(``body``), its paragraph and Dnr as written, its status and the years it covers, and **what it
states**, exactly as the document writes it: grants per year, carry-ins, totals, and amounts per
intervention — for one year, or for the whole period when the document gives no yearly split
(Ragunda's plan KS §220/2020 gives two-year totals; nothing here splits them).

This module owns

- the models of ``decisions.toml`` (frozen, unknown keys refused, like every table);
- ``Period``: the figures of a period — grants, carry-in from before the period, money moved
  between the period's years (a transfer, counted once), amounts per intervention, and the gaps
  between what is available and what is allocated — built from a decision (``stated``) or from
  the year files (``ledger_period``), so that a decision and the ledger, or two decisions, are
  compared by the same arithmetic (``compare``);
- naming a decision as people write it (``find``: id, ``§220/2020``, ``Dnr 2021:1144``).

The rules over decisions live in ``decision_rules``. Money is whole kronor (``int``) throughout.

Must not import: typer, rich, the loader.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from sociofund.core.diagnostics import KeyPath, SociofundError
from sociofund.core.model import FORMAT_VERSION, AllocationId, FundId, Kronor, Text, Year

if TYPE_CHECKING:
    from sociofund.core.ledger import LedgerSet

DECISIONS_FILE = "decisions.toml"

DecisionId = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Body = Literal["KS", "KF", "nämnd", "arbetsgrupp", "funder"]
Status = Literal["proposed", "adopted", "rejected"]
Approx = Annotated[bool, Field(strict=True)]


def _date_or_year(value: object) -> dt.date | int:
    # one type, one message: a union would report "not a date" and "not an integer" both
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return value
    raise PydanticCustomError("date_or_year", "must be a TOML date, e.g. 2021-11-22, or a year, e.g. 2021")


DateOrYear = Annotated[dt.date | int, PlainValidator(_date_or_year),
                       WithJsonSchema({"anyOf": [{"type": "string", "format": "date"}, {"type": "integer"}]})]


class _Stated(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    fund: FundId | None = Field(None, description="The fund; may be left out when the decision names one or the set has one.")
    approx: Approx = Field(False, description="`true` when the document writes the figure as approximate (\"ca 700 000 kr\").")
    note: Text | None = Field(None, description="Free text, e.g. the words of the document.")


class StatedGrant(_Stated):
    """``[[decision.grant]]`` — a grant the decision states, per year."""

    years: list[Year] | None = Field(None, description="The years it is given for; default: the decision's years.")
    per_year: Kronor = Field(description="Whole kronor per year, for each of `years` (\"1 805 000kr/år\").")


class StatedCarryover(_Stated):
    """``[[decision.carryover]]`` — money moved into a year, as the decision states it."""

    from_year: Year | None = Field(None, description="The year the money comes from; leave out when the document does not say (\"tidigare år\").")
    into_year: Year | None = Field(None, description="The year it moves into; default: the decision's first year.")
    amount: Kronor | None = Field(None, description="Whole kronor; leave out when the document gives no figure (it is then implied by a total).")
    allocation: AllocationId | None = Field(None, description="The intervention the money funds (an allocation id): period figures count it once.")


class StatedAllocation(_Stated):
    """``[[decision.allocation]]`` — an amount the decision gives one intervention."""

    id: AllocationId = Field(description="The intervention's allocation id, as the year files use it.")
    name: Text | None = Field(None, description="The insats as the decision names it.")
    unit: Text | None = Field(None, description="Responsible unit.")
    years: list[Year] | None = Field(None, description="The years the amount covers; default: the decision's years (a period amount, not split).")
    amount: Kronor = Field(description="Whole kronor for all of `years` together.")
    fte: Annotated[float, Field(strict=True, gt=0, le=10_000)] | None = Field(None, description="Full-time equivalents, as the decision states them.")


class StatedTotal(_Stated):
    """``[[decision.total]]`` — a total the decision states (\"Årlig summa\", \"Totalt för perioden\")."""

    years: list[Year] | None = Field(None, description="The years the total covers; default: the decision's years.")
    amount: Kronor = Field(description="Whole kronor.")


class Decision(BaseModel):
    """``[[decision]]`` — one decision or proposal, as its document states it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: DecisionId = Field(description="Unique in the set, e.g. `ks-220-2020`; entries name it in `decision`.")
    body: Body = Field(description="Who decides: `KS` | `KF` | `nämnd` | `arbetsgrupp` | `funder`.")
    status: Status = Field(description="`proposed` | `adopted` | `rejected`.")
    years: list[Year] = Field(min_length=1, description="The years the decision covers, e.g. `[2021, 2022]`.")
    paragraph: Text | None = Field(None, description="The paragraph as written, e.g. `§220/2020`.")
    dnr: Text | None = Field(None, description="The diarienummer as written, e.g. `2021:1144`.")
    date: DateOrYear | None = Field(None, description="When it was taken: a TOML date, or only the year when that is all that is known.")
    title: Text | None = Field(None, description="The document's title.")
    supersedes: DecisionId | None = Field(None, description="The id of the earlier decision this one revises.")
    fund: FundId | None = Field(None, description="The fund its figures are about, when they are all about one.")
    note: Text | None = Field(None, description="Free text.")
    grant: list[StatedGrant] = Field(default_factory=list)
    carryover: list[StatedCarryover] = Field(default_factory=list)
    allocation: list[StatedAllocation] = Field(default_factory=list)
    total: list[StatedTotal] = Field(default_factory=list)

    @property
    def label(self) -> str:
        """How people name it: ``KS §220/2020``, ``Dnr 2021:1144``, else the id."""
        if self.paragraph:
            return f"{self.body} {self.paragraph}" if self.body in ("KS", "KF") else self.paragraph
        if self.dnr:
            return f"Dnr {self.dnr}"
        if self.date is not None and self.body in ("KS", "KF"):
            return f"{self.body} {self.date}"
        return self.id

    @property
    def paragraph_year(self) -> int | None:
        m = re.search(r"/\s*(\d{4})\s*$", self.paragraph or "")
        return int(m.group(1)) if m else None

    @property
    def date_year(self) -> int | None:
        if self.date is None:
            return None
        return self.date.year if isinstance(self.date, dt.date) else self.date


class DecisionsFile(BaseModel):
    """``decisions.toml`` — the decisions of a ledger set."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    format: Annotated[int, Field(strict=True, ge=1, le=FORMAT_VERSION)] = Field(FORMAT_VERSION, description="Format version; `1`.")
    note: Text | None = None
    decision: list[Decision] = Field(default_factory=list)


#: sub-table kind -> model, for did-you-mean in ``[[decision.KIND]]``
STATED_MODELS: dict[str, type[BaseModel]] = {
    "grant": StatedGrant,
    "carryover": StatedCarryover,
    "allocation": StatedAllocation,
    "total": StatedTotal,
}
MONEY_FIELDS = frozenset({"per_year", "amount"})


def fields_at(loc: tuple) -> list[str]:
    """The valid keys of the ``decisions.toml`` table that holds the key at ``loc``."""
    parent = loc[:-1]
    if len(parent) >= 3 and parent[0] == "decision" and parent[2] in STATED_MODELS:
        return list(STATED_MODELS[str(parent[2])].model_fields)
    if parent and parent[0] == "decision":
        return list(Decision.model_fields)
    return list(DecisionsFile.model_fields)


# --- naming a decision --------------------------------------------------------------------------


def _norm(text: str) -> str:
    """``"Dnr. 2021:1144"`` -> ``2021:1144``; ``"KS §220/2020"`` -> ``220/2020``."""
    t = text.casefold().strip()
    t = re.sub(r"^(dnr\.?|ks|kf)\s*", "", t)
    t = re.sub(r"^(dnr\.?)\s*", "", t)
    return re.sub(r"[\s§]", "", t)


def find(decisions: list[Decision], name: str) -> Decision:
    """The decision people mean by ``name``: its id, its paragraph (``§220/2020``, ``KS
    §220/2020``) or its Dnr (``2021:1144``, ``Dnr 2021:1144``)."""
    for d in decisions:
        if d.id == name:
            return d
    want = _norm(name)
    hits = [d for d in decisions if want and want in {_norm(d.paragraph or ""), _norm(d.dnr or "")}]
    if len(hits) == 1:
        return hits[0]
    known = ", ".join(d.id for d in decisions) or "-"
    raise SociofundError("no-such-decision", name=name, known=known)


def newest_first(decisions: list[Decision]) -> list[Decision]:
    """Newest first: by date (a date beats its year alone), then by the order of the file."""
    def key(item: tuple[int, Decision]) -> tuple:
        i, d = item
        if isinstance(d.date, dt.date):
            when = (d.date.year, d.date.month, d.date.day)
        elif d.date is not None:
            when = (d.date, 12, 31)
        else:
            when = (max(d.years) - 1, 12, 31)  # undated: taken before the first year it covers
        return (when, i)

    oldest = [d for _, d in sorted(enumerate(decisions), key=key)]
    # a revision is newer than what it supersedes, whatever the dates say (Dnr 2021:1144 dates
    # KS §220/2020 to the end of 2021, after itself)
    for _ in range(len(oldest)):
        moved = False
        for i, d in enumerate(oldest):
            j = next((k for k, e in enumerate(oldest) if e.id == d.supersedes), None)
            if j is not None and j > i:
                oldest.insert(j, oldest.pop(i))
                moved = True
                break
        if not moved:
            break
    return oldest[::-1]


def governing(decisions: list[Decision], year: int) -> Decision | None:
    """The decision year ``year`` follows: the newest adopted one covering it, else the newest
    proposal covering it. Rejected decisions govern nothing."""
    covering = [d for d in newest_first(decisions) if year in d.years and d.status != "rejected"]
    adopted = [d for d in covering if d.status == "adopted"]
    return (adopted or covering or [None])[0]


# --- the figures of a period ----------------------------------------------------------------------


@dataclass(slots=True)
class Figure:
    """One figure of a period, where it stands (file and key path) and whether it is approximate."""

    amount: int
    approx: bool = False
    file: str = ""
    keypath: KeyPath = ()
    #: not written in the source, derived from a stated total
    implied: bool = False


@dataclass(slots=True)
class Row:
    id: str
    name: str
    fund: str
    amount: int = 0
    approx: bool = False
    years: tuple[int, ...] = ()
    #: where it is written (its first entry)
    file: str = ""
    keypath: KeyPath = ()


@dataclass(slots=True)
class Gap:
    """Money a total (or a fund-year) holds that no intervention does: available − allocated."""

    fund: str
    years: tuple[int, ...]
    amount: int
    total: int
    rows: int
    file: str = ""
    keypath: KeyPath = ()


@dataclass(slots=True)
class Period:
    """What a period holds, per fund, with moved money counted once."""

    label: str
    years: tuple[int, ...]
    #: (fund, year) -> grant of that fund-year
    grants: dict[tuple[str, int], Figure] = field(default_factory=dict)
    #: (fund, into year) -> money carried in from before the period
    carry_in: dict[tuple[str, int], Figure] = field(default_factory=dict)
    #: money moved between two years of the period: (fund, from, into, amount, allocation id or "")
    transfers: list[tuple[str, int, int, int, str]] = field(default_factory=list)
    rows: dict[str, Row] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)

    def funds(self) -> list[str]:
        seen = dict.fromkeys([f for f, _ in self.grants] + [f for f, _ in self.carry_in] + [r.fund for r in self.rows.values()])
        return list(seen)

    def granted(self, fund: str | None = None) -> int:
        return sum(f.amount for (fu, _), f in self.grants.items() if fund in (None, fu))

    def carried_in(self, fund: str | None = None) -> int:
        return sum(f.amount for (fu, _), f in self.carry_in.items() if fund in (None, fu))

    def available(self, fund: str | None = None) -> int:
        return self.granted(fund) + self.carried_in(fund)

    def allocated(self, fund: str | None = None) -> int:
        """Σ per intervention, moved money counted once; transfers no intervention is named for
        are taken off here (they were allocated in both years)."""
        rows = sum(r.amount for r in self.rows.values() if fund in (None, r.fund))
        unnamed = sum(a for fu, _, _, a, aid in self.transfers if fund in (None, fu) and (not aid or aid not in self.rows))
        return rows - unnamed

    def unexplained(self, fund: str | None = None) -> int:
        return self.available(fund) - self.allocated(fund)

    def transferred(self, fund: str | None = None) -> int:
        return sum(a for fu, _, _, a, _ in self.transfers if fund in (None, fu))


def default_fund(ls: LedgerSet, decision: Decision | None = None) -> str:
    """The fund a figure without ``fund`` is about: the decision's, else the set's only fund."""
    if decision is not None and decision.fund:
        return decision.fund
    funds = dict.fromkeys(ls.config.funds)
    for data in ls.years.values():
        for e in (*data.grant, *data.carryover):
            funds.setdefault(e.fund, None)
    return next(iter(funds)) if len(funds) == 1 else ""


def stated(ls: LedgerSet, index: int, file: str = "") -> Period:
    """The period figures decision number ``index`` of the set states, as written."""
    d = ls.decisions[index]
    base: KeyPath = ("decision", index)
    fund0 = default_fund(ls, d)
    years = tuple(sorted(d.years))
    p = Period(d.label, years)
    for j, g in enumerate(d.grant):
        for y in g.years or years:
            p.grants[(g.fund or fund0, y)] = Figure(g.per_year, g.approx, file, (*base, "grant", j, "per_year"))
    for j, a in enumerate(d.allocation):
        fund = a.fund or fund0
        row = p.rows.get(a.id)
        if row is None:
            row = p.rows[a.id] = Row(a.id, a.name or a.id, fund, file=file, keypath=(*base, "allocation", j, "amount"))
        row.amount += a.amount
        row.approx = row.approx or a.approx
        row.years = tuple(sorted(set(row.years) | set(a.years or years)))
        if a.name:
            row.name = a.name
    unknown: list[tuple[int, str, int]] = []
    for j, c in enumerate(d.carryover):
        fund = c.fund or fund0
        into = c.into_year or years[0]
        path = (*base, "carryover", j, "amount" if c.amount is not None else "from_year")
        if c.from_year is not None and c.from_year in years:
            if c.amount is not None:
                p.transfers.append((fund, c.from_year, into, c.amount, c.allocation or ""))
            continue
        if c.amount is None:
            unknown.append((j, fund, into))
            continue
        prev = p.carry_in.get((fund, into))
        amount = c.amount + (prev.amount if prev else 0)
        p.carry_in[(fund, into)] = Figure(amount, c.approx or bool(prev and prev.approx), file, path)
    totals = [(j, t, t.fund or fund0, tuple(sorted(t.years or years))) for j, t in enumerate(d.total)]
    # a carry-in the document names without a figure is what its total leaves over ("Årlig summa:
    # 2 008 680kr (tilldelat 1 750 000kr för -21 samt överflyttade medel från tidigare år")
    for j, fund, into in unknown:
        for _, t, tfund, tyears in totals:
            if tfund == fund and into in tyears and not any((fund, y) in p.carry_in for y in tyears):
                rest = t.amount - sum(p.grants[(fund, y)].amount for y in tyears if (fund, y) in p.grants)
                if rest >= 0:
                    p.carry_in[(fund, into)] = Figure(rest, t.approx, file, (*base, "carryover", j), implied=True)
                break
    for j, t, tfund, tyears in totals:
        # the rows as written (one per year in a revision, one per period in a plan), not summed per id
        inside = [a for a in d.allocation if (a.fund or fund0) == tfund and set(a.years or years) <= set(tyears)]
        if not inside:
            continue
        rows = sum(a.amount for a in inside)
        if rows != t.amount:
            p.gaps.append(Gap(tfund, tyears, t.amount - rows, t.amount, rows, file, (*base, "total", j, "amount")))
    return p


def ledger_period(ls: LedgerSet, years: tuple[int, ...], label: str = "") -> Period:
    """The period figures of the year files over ``years`` (those the set holds): money carried
    between two of these years is a transfer, counted once — per intervention when the carryover
    names its allocation."""
    from sociofund.core.ledger import allocation_fund, year_funds

    shown = tuple(sorted(y for y in years if y in ls.years))
    p = Period(label, shown)
    for y in shown:
        data, file = ls.years[y], ls.files[y]
        funds = year_funds(data)
        for i, g in enumerate(data.grant):
            prev = p.grants.get((g.fund, y))
            p.grants[(g.fund, y)] = Figure(g.amount + (prev.amount if prev else 0), False, file,
                                           prev.keypath if prev else ("grant", i, "amount"))
        for i, c in enumerate(data.carryover):
            if c.from_year in shown:
                p.transfers.append((c.fund, c.from_year, y, c.amount, c.allocation or ""))
                continue
            prev = p.carry_in.get((c.fund, y))
            p.carry_in[(c.fund, y)] = Figure(c.amount + (prev.amount if prev else 0), False, file,
                                             prev.keypath if prev else ("carryover", i, "amount"))
        for i, a in enumerate(data.allocation):
            fund = allocation_fund(data, a, funds) or ""
            row = p.rows.get(a.id)
            if row is None:
                row = p.rows[a.id] = Row(a.id, a.name or a.id, fund, file=file, keypath=("allocation", i, "amount"))
            row.amount += a.amount
            row.years = (*row.years, y)
            if a.name:
                row.name = a.name
        for fy in ls.fund_years(y).values():
            if fy.figures.unallocated:
                p.gaps.append(Gap(fy.fund, (y,), fy.figures.unallocated, fy.figures.available, fy.figures.allocated, file, fy.anchor))
    # moved money that names its intervention was allocated to it in both years: once is enough
    for fund, _, _, amount, aid in p.transfers:
        if aid and aid in p.rows:
            p.rows[aid].amount -= amount
    return p


# --- comparing two periods ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One intervention in A and B: None where it is not there (it appeared or vanished)."""

    id: str
    name: str
    fund: str
    a: int | None
    b: int | None
    a_approx: bool = False
    b_approx: bool = False

    @property
    def diff(self) -> int:
        return (self.b or 0) - (self.a or 0)


@dataclass(frozen=True, slots=True)
class FundLine:
    fund: str
    granted: tuple[int, int]
    carried_in: tuple[int, int]
    available: tuple[int, int]
    allocated: tuple[int, int]
    unexplained: tuple[int, int]
    transferred: tuple[int, int]
    #: the carry-in (and so what is available) rests on an approximate figure, in A and in B
    approx: tuple[bool, bool] = (False, False)


@dataclass(slots=True)
class Comparison:
    """What changed from A to B, and why the total changed.

    The reconciliation holds by construction: ``total = granted + carried_in`` and
    ``total = lines + (unexplained in B − unexplained in A)``."""

    organisation: str
    a: str
    b: str
    years: tuple[int, ...]
    lines: list[Line]
    funds: list[FundLine]
    #: B − A
    total: int
    granted: int
    carried_in: int
    lines_diff: int
    gaps_a: list[Gap]
    gaps_b: list[Gap]
    approx: bool = False


def p_approx(p: Period, fund: str) -> bool:
    """Whether the money ``p`` has for ``fund`` rests on an approximate grant or carry-in."""
    return any(f.approx for (fu, _), f in (*p.grants.items(), *p.carry_in.items()) if fu == fund)


def compare_periods(a: Period, b: Period, organisation: str = "") -> Comparison:
    lines: list[Line] = []
    for aid in dict.fromkeys([*a.rows, *b.rows]):
        ra, rb = a.rows.get(aid), b.rows.get(aid)
        ref = rb or ra
        lines.append(Line(aid, ref.name, ref.fund, ra.amount if ra else None, rb.amount if rb else None,
                          bool(ra and ra.approx), bool(rb and rb.approx)))
    funds = []
    for fund in dict.fromkeys([*a.funds(), *b.funds()]):
        funds.append(FundLine(fund, (a.granted(fund), b.granted(fund)), (a.carried_in(fund), b.carried_in(fund)),
                              (a.available(fund), b.available(fund)), (a.allocated(fund), b.allocated(fund)),
                              (a.unexplained(fund), b.unexplained(fund)), (a.transferred(fund), b.transferred(fund)),
                              (p_approx(a, fund), p_approx(b, fund))))
    approx = any(f.approx for p in (a, b) for f in (*p.grants.values(), *p.carry_in.values())) or any(
        line.a_approx or line.b_approx for line in lines)
    return Comparison(
        organisation, a.label, b.label, tuple(sorted(set(a.years) | set(b.years))), lines, funds,
        total=b.available() - a.available(), granted=b.granted() - a.granted(),
        carried_in=b.carried_in() - a.carried_in(), lines_diff=sum(x.diff for x in lines),
        gaps_a=a.gaps, gaps_b=b.gaps, approx=approx)


def compare(ls: LedgerSet, first: str, second: str | None = None) -> Comparison:
    """Decision ``first`` against decision ``second``, or against the ledger as it stands over
    the first decision's years."""
    a_index = ls.decisions.index(find(ls.decisions, first))
    a = stated(ls, a_index, ls.decisions_file or "")
    if second is None:
        b = ledger_period(ls, a.years, "ledger")
    else:
        b_index = ls.decisions.index(find(ls.decisions, second))
        b = stated(ls, b_index, ls.decisions_file or "")
    return compare_periods(a, b, ls.name)


@dataclass(frozen=True, slots=True)
class DecisionSummary:
    """One line of ``sociofund decisions``."""

    id: str
    label: str
    body: str
    status: str
    date: str
    years: tuple[int, ...]
    title: str
    supersedes: str
    superseded_by: tuple[str, ...]
    #: the total the decision states for its period (grants + carry-in), None when it states none
    available: int | None
    allocated: int | None


def summaries(ls: LedgerSet) -> list[DecisionSummary]:
    """The set's decisions, newest first."""
    out = []
    by_id = {d.id: d for d in ls.decisions}
    for d in newest_first(ls.decisions):
        p = stated(ls, ls.decisions.index(d))
        sup = by_id.get(d.supersedes or "")
        out.append(DecisionSummary(
            d.id, d.label, d.body, d.status, "" if d.date is None else str(d.date), tuple(sorted(d.years)),
            d.title or "", sup.label if sup else (d.supersedes or ""),
            tuple(x.label for x in ls.decisions if x.supersedes == d.id),
            p.available() if (p.grants or p.carry_in) else None, p.allocated() if p.rows else None))
    return out
