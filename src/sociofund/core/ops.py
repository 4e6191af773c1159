"""The operations behind the commands that write: grant, allocate, spend, import, close, carryover, init.

Each is a pure function from the loaded set (``Loaded``) and its arguments to a ``Change``: the
explicit edits, and notes for the reader. None reads or writes the disk; ``writer.run`` does, under
the set's lock, after checking the set as it would be. A rule the change would break is left to
that check (one mechanism for every refusal); an operation raises ``SociofundError`` only when it
cannot say what to change at all (no such year, no such allocation, no amount to move).

Must not import: typer, rich.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sociofund.core import languages
from sociofund.core.change import Change, Loaded
from sociofund.core.diagnostics import SociofundError
from sociofund.core.edit import AppendBlock, CreateFile, SetKey, block_text, toml_value
from sociofund.core.layout import FIRST_YEAR, GITIGNORE_LINES, LAST_YEAR
from sociofund.core.ledger import UNDECIDED, LedgerSet, allocation_fund, year_funds
from sociofund.core.model import Carryover, YearFile
from sociofund.core.templates import init_files, new_year_text


def _year(ls: LedgerSet, year: int, loaded: Loaded) -> YearFile:
    if year in ls.years:
        return ls.years[year]
    path = _path(ls, year)
    if str(path) in loaded.sources:  # the file is there but does not validate
        raise SociofundError("year-invalid", year=year, path=str(path))
    raise SociofundError("no-such-year", year=year, path=str(path))


def _path(ls: LedgerSet, year: int) -> Path:
    return Path(ls.path) / f"{year}.toml"


def _open_year(ls: LedgerSet, year: int, loaded: Loaded) -> YearFile:
    """A year whose allocations may change: after bokslut they are history, changed only by
    reopening the year by hand (``closed = false``), deliberately."""
    data = _year(ls, year, loaded)
    if data.closed:
        raise SociofundError("year-closed", year=year, path=str(_path(ls, year)))
    return data


def _find(data: YearFile, year: int, id: str) -> int | None:
    """The index of allocation ``id``; None if there is none. Two with that id (I001): which one
    the user means cannot be told, so nothing is changed."""
    found = [i for i, a in enumerate(data.allocation) if a.id == id]
    if len(found) > 1:
        raise SociofundError("id-ambiguous", id=id, year=year, count=len(found))
    return found[0] if found else None


def grant(loaded: Loaded, year: int, fund: str, amount: int | None = None, *, funder: str | None = None,
          program: str | None = None, status: str | None = None, ref: str | None = None,
          note: str | None = None, decision: str | None = None) -> Change:
    """Record fund ``fund``'s grant (tilldelning) in ``year``, or change the given fields of the
    one there; a year without a file gets one. A new grant takes its funder and programme from the
    set's register of funds unless they are given; without ``status`` it is ``granted`` (the
    format's default).

    A closed year's money is history: its grant's amount is not changed and no grant is added
    to it, but its status, ref and note may still be brought up to date (a grant is often paid
    out after the bokslut)."""
    ls = loaded.ledger_set
    path = _path(ls, year)
    fields: dict[str, Any] = {"funder": funder, "program": program, "amount": amount, "status": status,
                              "ref": ref, "decision": decision, "note": note}
    data = ls.years.get(year)
    if data is None and str(path) in loaded.sources:  # the file is there but does not validate
        raise SociofundError("year-invalid", year=year, path=str(path))
    found = [i for i, g in enumerate(data.grant) if g.fund == fund] if data is not None else []
    if len(found) > 1:  # which one is meant cannot be told
        raise SociofundError("grant-ambiguous", fund=fund, year=year, count=len(found))
    if found:
        i = found[0]
        g = data.grant[i]
        edits = [SetKey(path, ("grant", i), k, v) for k, v in fields.items() if v is not None and getattr(g, k) != v]
        if data.closed and any(e.key == "amount" for e in edits):
            raise SociofundError("year-closed", year=year, path=str(path))
        note_ = {"fund": fund, "year": year, "amount": amount if amount is not None else g.amount,
                 "status": status or g.status}
        notes = [("grant-changed" if edits else "grant-unchanged", note_)]
        if amount is not None and amount != g.amount:
            notes.append(("grant-amount-changed", {**note_, "old": g.amount}))
        return Change(edits, notes)
    if data is not None and data.closed:
        raise SociofundError("year-closed", year=year, path=str(path))
    if amount is None:
        raise SociofundError("grant-amount-needed", fund=fund, year=year)
    info = ls.config.funds.get(fund)
    values = (("fund", fund), ("funder", funder if funder is not None else info and info.funder),
              ("program", program if program is not None else info and info.name), ("amount", amount),
              ("status", status), ("ref", ref), ("decision", decision), ("note", note))
    note_ = {"fund": fund, "year": year, "amount": amount, "status": status or "granted"}
    if data is None:
        if not FIRST_YEAR <= year <= LAST_YEAR:  # the format's range (model.Year)
            raise SociofundError("bad-year", year=year)
        text = new_year_text(year) + "\n" + block_text("grant", values)
        return Change([CreateFile(path, text)], [("year-created", {"year": year, "path": str(path)}),
                                                 ("grant-added", note_)])
    return Change([AppendBlock(path, "grant", values)], [("grant-added", note_)])


def allocate(loaded: Loaded, year: int, id: str, amount: int | None = None, *, name: str | None = None,
             unit: str | None = None, fund: str | None = None, fte: float | None = None, ref: str | None = None,
             note: str | None = None, forecast: int | None = None, decision: str | None = None) -> Change:
    """Add allocation ``id`` to ``year``, or change the given fields of the existing one;
    ``decision`` is the id of the decision (decisions.toml) it rests on."""
    ls = loaded.ledger_set
    data = _open_year(ls, year, loaded)
    path = _path(ls, year)
    fields: dict[str, Any] = {"fund": fund, "name": name, "unit": unit, "amount": amount, "fte": fte,
                              "forecast": forecast, "ref": ref, "decision": decision, "note": note}
    i = _find(data, year, id)
    if i is not None:
        a = data.allocation[i]
        edits = [SetKey(path, ("allocation", i), k, v) for k, v in fields.items() if v is not None and getattr(a, k) != v]
        return Change(edits, [("allocation-changed" if edits else "allocation-unchanged", {"id": id, "year": year})])
    if amount is None:
        raise SociofundError("amount-needed", id=id, year=year)
    funds = year_funds(data)
    if fund is None and len(funds) > 1:
        raise SociofundError("fund-needed", id=id, funds=", ".join(funds))
    values = (("id", id), ("fund", fund), ("name", name), ("unit", unit), ("amount", amount), ("fte", fte),
              ("forecast", forecast), ("ref", ref), ("decision", decision), ("note", note))
    return Change([AppendBlock(path, "allocation", values)], [("allocation-added", {"id": id, "year": year})])


def _no_such_allocation(data, year: int, id: str) -> SociofundError:
    """No allocation ``id`` in the year: the error names the nearest id and the year's ids."""
    import difflib

    ids = [a.id for a in data.allocation]
    near = difflib.get_close_matches(id, ids, n=1, cutoff=0.5)
    if not ids:
        return SociofundError("no-such-allocation.none", id=id, year=year)
    return SociofundError("no-such-allocation.near" if near else "no-such-allocation", id=id, year=year,
                          near=near[0] if near else "", ids=", ".join(ids))


def spend(loaded: Loaded, year: int, id: str, amount: int, as_of: dt.date | None = None) -> Change:
    """Record utfall: ``amount`` spent so far by allocation ``id`` (replaces the earlier figure),
    with ``as_of`` the date it runs to. Without ``as_of`` an earlier ``spent_as_of`` stays, and
    the reader is told so: it may no longer be true."""
    ls = loaded.ledger_set
    data = _open_year(ls, year, loaded)
    i = _find(data, year, id)
    if i is None:
        raise _no_such_allocation(data, year, id)
    a, path = data.allocation[i], _path(ls, year)
    edits = []
    if a.spent != amount:
        edits.append(SetKey(path, ("allocation", i), "spent", amount))
    if as_of is not None and a.spent_as_of != as_of:
        edits.append(SetKey(path, ("allocation", i), "spent_as_of", as_of))
    args = {"id": id, "year": year, "amount": amount}
    notes = [("spent-set" if edits else "spent-unchanged", args)]
    if as_of is None and a.spent_as_of is not None:
        notes.append(("spent-as-of-kept", {**args, "date": a.spent_as_of.isoformat()}))
    return Change(edits, notes)


def import_utfall(loaded: Loaded, year: int, raw: bytes, path: str) -> Change:
    """Utfall from an export (its bytes ``raw``, its name ``path``): ``spent`` and ``spent_as_of``
    of every allocation of ``year`` that has ``codes``, as the reconciliation gives it (in
    ``Change.data``). A file with a line that cannot be read raises with every such line.

    Refused, with nothing changed, when no allocation has codes, when the file has no row in the
    year (the wrong file, most likely), or when an allocation's rows sum below zero (credits
    beyond its costs: ``spent`` cannot say that, and a guess would hide it)."""
    from sociofund.core import utfall
    from sociofund.core.utfall.reconcile import Target, parse_ranges, reconcile

    ls = loaded.ledger_set
    data = _open_year(ls, year, loaded)
    year_path = _path(ls, year)
    index = {}
    targets = []
    for i, a in enumerate(data.allocation):
        if a.codes:
            targets.append(Target(a.id, tuple(a.codes.items()), a.spent, allocation_fund(data, a)))
            index[a.id] = i
    if not targets:
        raise SociofundError("import-no-codes", year=year, path=str(year_path))
    if len(index) != len(targets):
        dup = next(t.id for t in targets if sum(u.id == t.id for u in targets) > 1)
        raise SociofundError("id-ambiguous", id=dup, year=year, count=sum(t.id == dup for t in targets))
    settings = ls.config.utfall
    dimensions = list(dict.fromkeys(utfall.dimension_key(k) for t in targets for k, _ in t.codes))
    export = utfall.read(raw, path, dimensions=dimensions,
                         columns={utfall.dimension_key(k): v for k, v in settings.columns.items()})
    rec = reconcile(export, year, targets, cost_accounts=parse_ranges(settings.cost_accounts))
    if rec.rows and rec.rows == rec.outside_year.rows:
        period = f"{rec.period[0].isoformat()}–{rec.period[1].isoformat()}" if rec.period else "-"
        raise SociofundError("import-wrong-year", path=export.path, year=year, period=period)
    negative = [m for m in rec.allocations if m.new < 0]
    if negative:
        m = negative[0]
        raise SociofundError("import-negative", path=export.path, id=m.id, year=year, ore=m.ore, amount=-m.new)
    change = Change(data=rec)
    for m in rec.allocations:
        i, a = index[m.id], data.allocation[index[m.id]]
        if a.spent != m.new:
            change.edits.append(SetKey(year_path, ("allocation", i), "spent", m.new))
        if rec.as_of is not None and a.spent_as_of != rec.as_of:
            change.edits.append(SetKey(year_path, ("allocation", i), "spent_as_of", rec.as_of))
    changed = len({e.entry for e in change.edits})
    change.notes.append(("import-set", {"count": changed, "year": year}) if changed
                        else ("import-unchanged", {"year": year, "path": export.path}))
    return change


def close(loaded: Loaded, year: int, accept_undecided: bool = False) -> Change:
    """Bokslut: set ``closed = true`` and say per fund what is unspent and what must happen to it.
    An allocation without ``spent`` makes the closed year fail Y001, so the writer refuses it;
    unspent money not yet carried over or repaid (K001/K002) is the expected state after a
    bokslut and is allowed: ``check`` keeps reporting it until ``carryover`` settles it.

    A year whose grants are not all granted or paid is not closed: the books of money that may
    never come are not final. ``accept_undecided`` closes it anyway, and the notes say so."""
    ls = loaded.ledger_set
    data = _year(ls, year, loaded)
    undecided = [f"{g.fund} ({g.status})" for g in data.grant if g.status in UNDECIDED]
    notes = []
    if undecided and not data.closed:
        if not accept_undecided:
            raise SociofundError("close-undecided", year=year, grants=", ".join(undecided))
        notes.append(("closed-undecided", {"year": year, "grants": ", ".join(undecided)}))
    for fy in ls.fund_years(year).values():
        carried = fy.figures.carried_out
        notes.append(("unspent", {"fund": fy.fund, "year": year, "amount": fy.figures.unspent, "repaid": fy.figures.repaid,
                                  "carried": carried}))
        if fy.figures.unspent - fy.figures.repaid - carried > 0:  # still undecided: say what to run
            policy = ls.config.policy(fy.fund)
            todo = {"none": "unspent.todo-none", "approval": "unspent.todo-approval"}.get(policy, "unspent.todo")
            notes.append((todo, {"fund": fy.fund, "year": year, "next": year + 1}))
    if data.closed:
        return Change([], [("already-closed", {"year": year}), *notes])
    return Change([SetKey(_path(ls, year), (), "closed", True)], [("closed", {"year": year}), *notes],
                  allowed=frozenset({"K001", "K002"}))


def carryover(loaded: Loaded, from_year: int, to_year: int, *, fund: str | None = None, amount: int | None = None,
              approved_by: str | None = None, ref: str | None = None, repay_rest: bool = False,
              repay_ref: str | None = None, repay_due: dt.date | None = None) -> Change:
    """Move each fund's unspent money of ``from_year`` (or ``amount``) into ``to_year``; with
    ``repay_rest``, record what is not moved as a repayment in ``from_year``, with its own
    ``repay_ref`` (the invoice, not the approval's ``ref``) and ``repay_due``.

    A closed year moves what is still undecided: unspent, less what is already repaid or carried
    into other years (nothing, for a fund whose policy is ``none``: its money can only be
    repaid). An open year (a planned move) needs ``amount``, and moves at most what it has.
    Nothing ever moves more than that, so a carryover can leave money undecided (K001/K002, which
    ``check`` keeps reporting, as after ``close``) but never settle more money than there is.
    Running it again changes nothing: a carryover of the same fund, year and amount is
    recognised, one of a different amount is updated (``amount`` replaces what it moves, it is never
    added to it: the notes say so)."""
    ls = loaded.ledger_set
    data = _year(ls, from_year, loaded)
    funds = _carried_funds(ls, data, from_year, to_year, fund, amount, repay_rest)
    target = ls.years.get(to_year)
    to_path, from_path = _path(ls, to_year), _path(ls, from_year)
    if target is None and str(to_path) in loaded.sources:
        raise SociofundError("year-invalid", year=to_year, path=str(to_path))
    change = Change(allowed=frozenset({"K001", "K002"}))
    new_file_blocks: list[str] = []
    for f in funds:
        existing = None
        if target is not None:
            existing = next((i for i, c in enumerate(target.carryover) if c.fund == f and c.from_year == from_year), None)
        limit, move = _decide(ls, data, f, from_year, to_year, existing, amount)
        if move <= 0 and not repay_rest:
            code = "carry-forbidden" if ls.config.policy(f) == "none" and limit > 0 else "nothing-to-carry"
            change.notes.append((code, {"fund": f, "year": from_year, "next": to_year}))
            continue
        if move > 0:
            note = {"fund": f, "from": from_year, "to": to_year, "amount": move}
            given = {"amount": move, "approved_by": approved_by, "ref": ref}
            if existing is not None:  # written before: bring it up to date, or say it already is
                _update_carryover(change, to_path, existing, target.carryover[existing], given, note)
            else:
                values = (("fund", f), ("from_year", from_year), *given.items())
                if target is None:
                    new_file_blocks.append(block_text("carryover", values))
                else:
                    change.edits.append(AppendBlock(to_path, "carryover", values))
                change.notes.append(("carryover-set", note))
        if repay_rest and limit - move > 0:
            _repay(change, from_path, f, from_year, limit - move, repay_ref, repay_due)
    if new_file_blocks:
        change.edits.insert(0, CreateFile(to_path, new_year_text(to_year, funds) + "\n" + "\n".join(new_file_blocks)))
    return change


def _carried_funds(ls: LedgerSet, data: YearFile, from_year: int, to_year: int, fund: str | None,
                   amount: int | None, repay_rest: bool) -> list[str]:
    """The funds a carryover moves money of; refuses arguments that leave it unable to say how much."""
    funds = [fund] if fund else list(ls.fund_years(from_year))
    if fund and fund not in ls.fund_years(from_year):
        raise SociofundError("no-such-fund", fund=fund, year=from_year)
    if not data.closed and amount is None:
        raise SociofundError("amount-needed-open", year=from_year)
    if not data.closed and repay_rest:  # what is left to repay is known only after bokslut
        raise SociofundError("repay-rest-open", year=from_year)
    if amount is not None and len(funds) > 1:
        raise SociofundError("fund-needed", id=f"{from_year}→{to_year}", funds=", ".join(funds))
    return funds


def _decide(ls: LedgerSet, data: YearFile, f: str, from_year: int, to_year: int, existing: int | None,
            amount: int | None) -> tuple[int, int]:
    """For fund ``f``: (what this carryover may move, what it moves). ``existing`` is the index of
    the carryover in ``to_year`` it rewrites, left out of what is already carried."""
    fy = ls.fund_years(from_year)[f]
    if data.closed and fy.spent_missing:
        raise SociofundError("spent-missing", year=from_year, ids=f)
    others = ls.carried_out(from_year, f, skip=None if existing is None else (to_year, existing))
    # what this carryover may move: the closed year's undecided money, the open year's money
    money = fy.figures
    limit = (money.unspent if data.closed else money.available) - money.repaid - others
    forbidden = ls.config.policy(f) == "none"
    move = amount if amount is not None else 0 if forbidden else max(limit, 0)
    if move > limit:
        raise SociofundError("carry-too-much" if data.closed else "carry-too-much-open", fund=f, year=from_year,
                             amount=move, limit=max(limit, 0), base=money.unspent if data.closed else money.available,
                             repaid=money.repaid, carried=others)
    return limit, move


def _update_carryover(change: Change, path: Path, index: int, entry: Carryover, given: dict[str, Any],
                      note: dict[str, Any]) -> None:
    """Bring carryover ``index`` of the target year up to ``given``, or say it already is."""
    edits = [SetKey(path, ("carryover", index), k, v) for k, v in given.items()
             if v is not None and getattr(entry, k) != v]
    change.edits += edits
    if entry.amount != given["amount"]:
        change.notes.append(("carryover-changed", {**note, "old": entry.amount}))
    elif not edits:
        change.notes.append(("carryover-unchanged", note))
    # the funder's consent is a record: rewriting it is said, with the old value
    fields = [f"{e.key} {toml_value(e.key, getattr(entry, e.key)) if getattr(entry, e.key) is not None else '-'}"
              f" → {toml_value(e.key, e.value)}" for e in edits if e.key != "amount"]
    if fields:
        change.notes.append(("carryover-fields", {**note, "fields": "; ".join(fields)}))


def _repay(change: Change, path: Path, f: str, year: int, rest: int, ref: str | None, due: dt.date | None) -> None:
    """Record what a closed year does not carry over as repaid (``--repay-rest``)."""
    change.edits.append(AppendBlock(path, "repayment", (("fund", f), ("amount", rest), ("ref", ref), ("due", due))))
    change.notes.append(("repayment-set", {"fund": f, "year": year, "amount": rest}))


def init(root: Path, year: int, organisation: str = "Min kommun", gitignore: str | None = None,
         lang: str = languages.DEFAULT, source: str | None = None) -> Change:
    """Create a new ledger repository's files (``writer.create_files`` refuses any that exists);
    an existing ``.gitignore`` (its text in ``gitignore``) gets the lines it lacks of the lock file
    and the temporary files (``layout.GITIGNORE_LINES``). ``source``: the pip requirement the hook
    and the workflow install (default: this version of sociofund)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:  # the format's range (model.Year)
        raise SociofundError("bad-year", year=year)
    if source is not None and (not source.strip() or any(c in source for c in "\r\n\0")):
        raise SociofundError("bad-source", value=source)
    files = init_files(root, year, organisation, lang, source and source.strip())
    ignore = root / ".gitignore"
    edits = [CreateFile(p, t) for p, t in files.items() if p != ignore]
    if gitignore is None:
        edits.append(CreateFile(ignore, files[ignore]))
    else:
        have = {line.strip() for line in gitignore.splitlines()}
        missing = [line for line in GITIGNORE_LINES if line not in have]
        if missing:
            nl = "\r\n" if "\r\n" in gitignore else "\n"
            sep = "" if not gitignore or gitignore.endswith("\n") else nl
            edits.append(CreateFile(ignore, gitignore + sep + "".join(line + nl for line in missing), replaces=gitignore))
    return Change(edits, [("init", {"ledgers": str(root / "ledgers")})])
