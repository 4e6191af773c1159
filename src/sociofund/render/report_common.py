"""What every human-readable report format shows the same way: the lines under a fund's table.

The figures are the core's; this decides only which lines a reader sees and what they are called,
so the rich table and the Markdown say the same thing.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from sociofund import i18n
from sociofund.core.money import thousands, thousands_adding_up, thousands_summing_to
from sociofund.core.reports import FundBlock, SideBySide, SideLine


class Line(NamedTuple):
    label: str
    #: None: nothing reported (shown as "–")
    amount: int | None
    #: money out of balance (over-allocated, or left unallocated): a format may mark it
    alert: bool = False
    #: what the line is, for a format that computes it (a spreadsheet's formula): "available",
    #: "allocated", "unallocated", "spent"; None for the others
    key: str | None = None


def fund_lines(block: FundBlock, lang: str, unit: str = "kr") -> list[Line]:
    """The lines under a fund-year's allocations: where its money came from, and where it went
    (allocated, spent, carried out to a later year, repaid), so that available = allocated and,
    once the year is closed, unspent = carried out + repaid read off the table. No spending
    reported shows as "–" (``amount`` None), not 0 kr.

    In tkr (``unit``) the lines add up as shown (``_in_thousands``), still as kronor: each a
    multiple of 1 000, which formats as itself in tkr."""
    lines: list[tuple[Line, str]] = []  # (line, its part in the sums: _in_thousands)
    for g in block.grants:
        extra = [g.funder] if g.funder else []
        if g.status not in ("granted", "paid"):
            extra.append(i18n.label(f"r.status.{g.status}", lang))
        label = i18n.label("r.granted", lang) + (f" ({', '.join(extra)})" if extra else "")
        lines.append((Line(label, g.amount), "in"))
    for c in block.carryovers:
        lines.append((Line(i18n.label("r.carried_in", lang, year=c.from_year), c.amount), "in"))
    figs = block.figures
    lines.append((Line(i18n.label("r.available", lang), figs.available, key="available"), "available"))
    lines.append((Line(i18n.label("r.allocated", lang), figs.allocated, key="allocated"), "allocated"))
    key = "r.overallocated" if figs.unallocated < 0 else "r.unallocated"
    lines.append((Line(i18n.label(key, lang), abs(figs.unallocated), figs.unallocated != 0, key="unallocated"),
                  "unallocated"))
    reported = has_spending(block)
    key = "r.spent_total" if block.spent_complete else "r.spent_so_far"
    label = i18n.label(key, lang)
    if reported and block.spent_as_of is not None:  # followed during the year: the date the figures run to
        label = i18n.label("r.spent_as_of", lang, date=block.spent_as_of.isoformat())
    lines.append((Line(label, figs.spent if reported else None, key="spent"), "spent"))
    if reported:
        lines.append((Line(i18n.label("r.unspent", lang), figs.unspent), "unspent"))
    for year, amount in block.carried_out_to:
        lines.append((Line(i18n.label("r.carried_out", lang, year=year), amount), "out"))
    if block.closed and not block.carried_out_to:
        lines.append((Line(i18n.label("r.carried_out_any", lang), 0), "out"))
    if block.forecasting:
        # the prognos of the whole year, and what it leaves: money the funder must be asked about
        lines.append((Line(i18n.label("r.forecast", lang), figs.forecast), "forecast"))
        lines.append((Line(i18n.label("r.forecast_unspent", lang), figs.forecast_unspent, figs.forecast_unspent != 0),
                      "forecast_unspent"))
    if figs.repaid or block.closed:
        lines.append((Line(i18n.label("r.repaid", lang), figs.repaid), "out"))
    if unit == "tkr":
        return _in_thousands(lines, block)
    return [line for line, _ in lines]


def _in_thousands(lines: list[tuple[Line, str]], block: FundBlock) -> list[Line]:
    """The lines in whole thousands so that they add up as they are read: the money in (grants,
    carried in) to the available line, rounded once; allocated as the table's sum row shows it
    (rounded once), and unallocated what is left of the two as shown; likewise unspent and the
    prognos's rest; and what is carried out and repaid to the unspent line, by largest remainder
    (``core.money``), when they are its exact parts."""
    figs = block.figures
    sources, available = thousands_adding_up([ln.amount for ln, part in lines if part == "in"], figs.available)
    shown: dict[str, int] = {"available": available, "allocated": thousands(figs.allocated),
                             "spent": thousands(figs.spent), "forecast": thousands(figs.forecast)}
    shown["unallocated"] = abs(available - shown["allocated"])
    shown["unspent"] = available - shown["spent"]
    shown["forecast_unspent"] = available - shown["forecast"]
    outs = [ln.amount for ln, part in lines if part == "out"]
    out_shown = (thousands_summing_to(outs, shown["unspent"]) if sum(outs) == figs.unspent
                 else [thousands(a) for a in outs])
    ins, outs_left = iter(sources), iter(out_shown)
    result = []
    for ln, part in lines:
        if ln.amount is None:
            value = None
        elif part == "in":
            value = next(ins)
        elif part == "out":
            value = next(outs_left)
        else:
            value = shown[part]
        result.append(ln._replace(amount=None if value is None else value * 1000))
    return result


def has_spending(block: FundBlock) -> bool:
    return any(r.spent is not None for r in block.rows)


def has_forecast(block: FundBlock) -> bool:
    return block.forecasting


def title(block: FundBlock) -> str:
    return f"{block.fund} — {block.name} {block.year}" if block.name != block.fund else f"{block.fund} {block.year}"


def side_lines(sb: SideBySide, lang: str) -> list[tuple[str, SideLine]]:
    """(label, line) for the lines under a side-by-side table; the core computed their totals."""
    labels = {
        "granted": i18n.label("r.granted", lang),
        "carried_in": i18n.label("r.carried_in_before", lang, year=sb.years[0]),
        "transferred": i18n.label("r.transferred", lang),
        "available": i18n.label("r.available", lang),
        "allocated": i18n.label("r.allocated", lang),
        "unallocated": i18n.label("r.unallocated", lang),
        "spent": i18n.label("r.spent_total", lang),
        "carried_out": i18n.label("r.carried_out_after", lang, year=sb.years[-1]),
        "repaid": i18n.label("r.repaid", lang),
    }
    return [(labels[line.key], line) for line in sb.lines]


def side_shown(sb: SideBySide, unit: str) -> SideBySide:
    """``sb`` as a table in ``unit`` shows it: in tkr, each column's rows rounded to whole
    thousands so that they add up to its allocated line (``core.money.thousands_adding_up``; a
    column whose rows are not that line's sum is rounded cell by cell), as kronor."""
    if unit != "tkr":
        return sb
    k = next((i for i, line in enumerate(sb.lines) if line.key == "allocated"), None)
    if k is None:
        return sb
    line = sb.lines[k]
    columns = [[r.amounts[j] for r in sb.rows] for j in range(len(sb.years))] + [[r.total for r in sb.rows]]
    totals = [*line.values, line.total]
    for j, (parts, total) in enumerate(zip(columns, totals)):
        if total is None:
            continue
        shown, rounded = thousands_adding_up(parts, total)
        columns[j] = [None if v is None else v * 1000 for v in shown]
        totals[j] = rounded * 1000
    rows = [dataclasses.replace(r, amounts=tuple(col[i] for col in columns[:-1]), total=columns[-1][i])
            for i, r in enumerate(sb.rows)]
    lines = list(sb.lines)
    lines[k] = dataclasses.replace(line, values=tuple(totals[:-1]), total=totals[-1])
    return dataclasses.replace(sb, rows=rows, lines=_side_lines_in_thousands(lines))


#: the lines under a side-by-side table that make up its available line, column by column
_MONEY_IN = ("granted", "carried_in", "transferred")


def _side_lines_in_thousands(lines: list[SideLine]) -> list[SideLine]:
    """The lines under a side-by-side table in tkr, each column adding up as it is read: the
    money in (granted, carried in, moved between the years) to the available line, rounded once,
    and unallocated what is left of available less allocated as shown. ``lines`` has its
    allocated line in thousands already (as kronor); the rest are exact kronor, and lines that
    are parts of nothing (spent, repaid, carried out) are rounded each on its own by the format."""
    at = {line.key: i for i, line in enumerate(lines)}
    if "available" not in at:
        return lines
    cells = [[*line.values, line.total] for line in lines]
    ins = [at[key] for key in _MONEY_IN if key in at]
    for j, available in enumerate(cells[at["available"]]):
        if available is None:
            continue
        parts = [cells[i][j] for i in ins]
        if sum(v for v in parts if v is not None) != available:
            continue  # (the total column: money moved between the years is in neither end)
        shown, total = thousands_adding_up(parts, available)
        for i, value in zip(ins, shown):
            cells[i][j] = None if value is None else value * 1000
        cells[at["available"]][j] = total * 1000
        if "allocated" in at and "unallocated" in at and cells[at["allocated"]][j] is not None:
            cells[at["unallocated"]][j] = total * 1000 - cells[at["allocated"]][j]
    return [dataclasses.replace(line, values=tuple(c[:-1]), total=c[-1]) for line, c in zip(lines, cells)]


def tkr_note(unit: str, lang: str) -> str | None:
    """What a table in tkr says about its rounding (None in kronor: exact needs no word)."""
    return i18n.label("r.tkr_note", lang) if unit == "tkr" else None
