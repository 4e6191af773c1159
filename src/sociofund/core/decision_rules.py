"""The rules over decisions (docs/ledger-format.md, "Decisions"): plain functions, set in, findings out.

Each rule speaks in key paths of ``decisions.toml`` or of a year file, like every rule; the loader
places them. All but D009/D010 are warnings: a ledger that holds the documents as written must
still pass ``check``, and the gaps of the documents are exactly what these rules print, with
their figures.

- D001 a decision's rows do not add up to a total it states itself;
- D002 two decisions state different figures for the same grant-year or carry-in;
- D003 a revision drops an intervention of the decision it supersedes; D004 it changes one;
- D005 an approximate figure ("ca 700 000 kr") that an exact total depends on;
- D006 a paragraph's year (``§220/2020``) and the decision's date disagree;
- D007 money in a year file that rests on no decision (when the set records decisions);
- D008 a year file's figure differs from the decision the year follows;
- D009 ``decision`` or ``supersedes`` names no decision of the set; D010 two decisions share an id;
- D011 a total differs from the money the same decision says its years have.

Must not import: typer, rich, the loader.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING
from sociofund.core.diagnostics import CODES, Finding
from sociofund.core.ledger import LedgerSet

if TYPE_CHECKING:
    from sociofund.core.decisions import Period


def _decisions():
    """The decisions module, imported when a rule has decisions to read: it defines a dozen
    pydantic models, and a set without ``decisions.toml`` (a pre-commit run on most sets) never
    needs them."""
    from sociofund.core import decisions

    return decisions

def _f(code: str, file: str, keypath: tuple, **args) -> Finding:
    return Finding(code, CODES[code][0], file, args, keypath)


def _years(years: tuple[int, ...]) -> str:
    """``2021`` or ``2021–2022`` (the period a figure covers)."""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _periods(ls: LedgerSet) -> list[Period]:
    return [_decisions().stated(ls, i, ls.decisions_file or "") for i in range(len(ls.decisions))]


def _usable(ls: LedgerSet) -> bool:
    # with duplicate ids, which decision an entry names cannot be told: D010 says so first
    ids = [d.id for d in ls.decisions]
    return bool(ls.decisions) and len(ids) == len(set(ids))


def rows_vs_total(ls: LedgerSet) -> Iterator[Finding]:
    """D001: the rows a total covers add up to the total."""
    if not _usable(ls):
        return
    for d, p in zip(ls.decisions, _periods(ls)):
        for gap in p.gaps:
            yield _f("D001", gap.file, gap.keypath, decision=d.label, years=_years(gap.years), fund=gap.fund,
                     total=gap.total, rows=gap.rows, amount=abs(gap.amount),
                     direction="more" if gap.amount < 0 else "less")


def totals_vs_money(ls: LedgerSet) -> Iterator[Finding]:
    """D011: a stated total against the money the same decision gives its years: the grants, what
    it carries in from before, and what it moves in from its other years. Only where the decision
    states a grant for each of the total's years (otherwise its money is not known)."""
    if not _usable(ls):
        return
    for i, (d, p) in enumerate(zip(ls.decisions, _periods(ls))):
        for j, t in enumerate(d.total):
            fund = t.fund or _decisions().default_fund(ls, d)
            tyears = tuple(sorted(t.years or d.years))
            if not all((fund, y) in p.grants for y in tyears):
                continue
            granted = sum(p.grants[(fund, y)].amount for y in tyears)
            carried = sum(p.carry_in[(fund, y)].amount for y in tyears if (fund, y) in p.carry_in)
            moved = sum(a for f, frm, into, a, _ in p.transfers if f == fund and into in tyears and frm not in tyears)
            money = granted + carried + moved
            if money != t.amount:
                yield _f("D011", ls.decisions_file or "", ("decision", i, "total", j, "amount"), decision=d.label,
                         years=_years(tyears), fund=fund, total=t.amount, money=money, granted=granted,
                         carried=carried + moved, diff=t.amount - money)


def conflicts(ls: LedgerSet) -> Iterator[Finding]:
    """D002: two decisions state different grants for one fund-year, or different carry-ins into it.

    The finding stands at the newer decision's figure and names the older one's."""
    if not _usable(ls):
        return
    periods = dict(zip((d.id for d in ls.decisions), _periods(ls)))
    order = [d for d in reversed(_decisions().newest_first(ls.decisions)) if d.status != "rejected"]
    for i, newer in enumerate(order):
        pn = periods[newer.id]
        for older in order[:i]:
            po = periods[older.id]
            for kind, mine, theirs in (("grant", pn.grants, po.grants), ("carry_in", pn.carry_in, po.carry_in)):
                for (fund, year), fig in mine.items():
                    other = theirs.get((fund, year))
                    if other is None or other.amount == fig.amount:
                        continue
                    yield _f("D002", fig.file, fig.keypath, kind=kind, fund=fund, year=year,
                             amount=fig.amount, approx=fig.approx, implied=fig.implied, decision=newer.label,
                             other=other.amount, other_approx=other.approx, other_implied=other.implied,
                             other_decision=older.label, diff=fig.amount - other.amount, id=newer.id,
                             other_id=older.id)


def revisions(ls: LedgerSet) -> Iterator[Finding]:
    """D003/D004: per intervention of the superseded decision, what its revision does with it.

    Amounts are compared over the years both cover; a row of the earlier decision that covers a
    year the revision does not is left alone (its amount cannot be split without inventing)."""
    if not _usable(ls):
        return
    by_id = {d.id: i for i, d in enumerate(ls.decisions)}
    for i, d in enumerate(ls.decisions):
        if d.supersedes not in by_id:
            continue
        j = by_id[d.supersedes]
        old, new = _decisions().stated(ls, j, ls.decisions_file or ""), _decisions().stated(ls, i, ls.decisions_file or "")
        common = set(new.years)
        earlier = ls.decisions[j]
        for row in old.rows.values():
            if not set(row.years) <= common:
                continue
            nrow = new.rows.get(row.id)
            if nrow is None:
                yield _f("D003", ls.decisions_file or "", ("decision", i, "supersedes"), decision=d.label,
                         other_decision=earlier.label, id=row.id, name=row.name, amount=row.amount,
                         approx=row.approx, years=_years(row.years))
                continue
            if not set(nrow.years) <= set(row.years):
                continue
            amount = nrow.amount
            if amount != row.amount:
                yield _f("D004", nrow.file, nrow.keypath, decision=d.label, other_decision=earlier.label,
                         id=row.id, name=nrow.name, old=row.amount, old_approx=row.approx, new=amount,
                         new_approx=nrow.approx, diff=amount - row.amount, years=_years(row.years))


def approximations(ls: LedgerSet) -> Iterator[Finding]:
    """D005: an exact total whose rows or grants and carry-ins hold an approximate figure."""
    if not _usable(ls):
        return
    for i, (d, p) in enumerate(zip(ls.decisions, _periods(ls))):
        for j, t in enumerate(d.total):
            if t.approx:
                continue
            tyears = set(t.years or d.years)
            parts = [f for (_, y), f in (*p.grants.items(), *p.carry_in.items()) if y in tyears]
            parts += [r for r in p.rows.values() if set(r.years) <= tyears]
            for part in parts:
                if part.approx:
                    yield _f("D005", ls.decisions_file or "", part.keypath, decision=d.label, amount=part.amount,
                             total=t.amount, years=_years(tuple(sorted(tyears))))


def paragraph_dates(ls: LedgerSet) -> Iterator[Finding]:
    """D006: ``§220/2020`` is a paragraph of 2020's minutes; a date in another year is a mistake
    in one of them."""
    for i, d in enumerate(ls.decisions):
        py, dy = d.paragraph_year, d.date_year
        if py is not None and dy is not None and py != dy:
            yield _f("D006", ls.decisions_file or "", ("decision", i, "date"), decision=d.label,
                     paragraph=d.paragraph, paragraph_year=py, date=str(d.date), date_year=dy)


def references(ls: LedgerSet) -> Iterator[Finding]:
    """D009: ``decision`` and ``supersedes`` name decisions of the set. D010: ids are unique.
    D007: with decisions recorded, every grant, carryover and allocation names the one it rests on."""
    ids = {d.id for d in ls.decisions}
    seen: set[str] = set()
    for i, d in enumerate(ls.decisions):
        if d.id in seen:
            yield _f("D010", ls.decisions_file or "", ("decision", i, "id"), id=d.id)
        seen.add(d.id)
        if d.supersedes is not None and d.supersedes not in ids:
            yield _f("D009", ls.decisions_file or "", ("decision", i, "supersedes"), id=d.supersedes,
                     known=", ".join(sorted(ids)) or "-")
    for year, data in ls.years.items():
        file = ls.files[year]
        for kind, entries in (("grant", data.grant), ("carryover", data.carryover), ("allocation", data.allocation)):
            for i, e in enumerate(entries):
                if e.decision is None:
                    if ls.decisions:
                        yield _f("D007", file, (kind, i), kind=kind, amount=e.amount,
                                 entry=getattr(e, "id", None) or e.fund, year=year)
                elif e.decision not in ids:
                    yield _f("D009", file, (kind, i, "decision"), id=e.decision, known=", ".join(sorted(ids)) or "-")


def ledger_follows(ls: LedgerSet) -> Iterator[Finding]:
    """D008: the year files hold what the decision each year follows states (``governing``).

    Grants per fund-year and carry-ins into a year are compared year by year; an intervention's
    amount over the years its row covers, when the set holds all of them and they follow the same
    decision (a two-year plan row against the two years' allocations, moved money once)."""
    if not _usable(ls) or not ls.years:
        return
    rules_of: dict[int, str] = {}
    for y in ls.years:
        g = _decisions().governing(ls.decisions, y)
        if g is not None:
            rules_of[y] = g.id
    index = {d.id: i for i, d in enumerate(ls.decisions)}
    for did in dict.fromkeys(rules_of.values()):
        d = ls.decisions[index[did]]
        p = _decisions().stated(ls, index[did], ls.decisions_file or "")
        mine = tuple(sorted(y for y, g in rules_of.items() if g == did))
        led = _decisions().ledger_period(ls, tuple(sorted(set(d.years) & set(ls.years))))
        for kind, figs, ledger_figs in (("grant", p.grants, led.grants), ("carry_in", p.carry_in, led.carry_in)):
            for (fund, year), fig in figs.items():
                if year not in mine:
                    continue
                have = ledger_figs.get((fund, year))
                amount = have.amount if have else 0
                if amount == fig.amount:
                    continue
                anchor = have.keypath if have else _anchor(ls, year, fund)
                yield _f("D008", ls.files[year], anchor, kind=kind, fund=fund, year=year, amount=amount,
                         decision=d.label, status=d.status, stated=fig.amount, approx=fig.approx,
                         diff=amount - fig.amount, id="", name="")
        for row in p.rows.values():
            if not set(row.years) <= set(mine):
                continue
            have = _ledger_row(ls, row.id, row.years)
            if have is not None and have[0] == row.amount:
                continue
            amount, year, keypath = have if have is not None else (0, row.years[0], _anchor(ls, row.years[0], row.fund))
            yield _f("D008", ls.files[year], keypath, kind="allocation", fund=row.fund,
                     year="–".join(map(str, (row.years[0], row.years[-1]))) if len(row.years) > 1 else row.years[0],
                     amount=amount, decision=d.label, status=d.status, stated=row.amount, approx=row.approx,
                     diff=amount - row.amount, id=row.id, name=row.name)


def _ledger_row(ls: LedgerSet, aid: str, years: tuple[int, ...]) -> tuple[int, int, tuple] | None:
    """(amount over ``years`` with moved money once, the first year that has it, its key path)."""
    led = _decisions().ledger_period(ls, years)
    row = led.rows.get(aid)
    if row is None:
        return None
    return row.amount, row.years[0], row.keypath


def _anchor(ls: LedgerSet, year: int, fund: str) -> tuple:
    fy = ls.fund_years(year).get(fund)
    return fy.anchor if fy is not None else ()


RULES = (references, rows_vs_total, totals_vs_money, conflicts, revisions, approximations, paragraph_dates, ledger_follows)
