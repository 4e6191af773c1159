"""What every human-readable report format shows the same way: the lines under a fund's table.

The figures are the core's; this decides only which lines a reader sees and what they are called,
so the rich table and the Markdown say the same thing.
"""

from __future__ import annotations

from typing import NamedTuple

from sociofund import i18n
from sociofund.core.reports import FundBlock


class Line(NamedTuple):
    label: str
    amount: int
    #: money out of balance (over-allocated, or left unallocated): a format may mark it
    alert: bool = False


def fund_lines(block: FundBlock, lang: str) -> list[Line]:
    """The lines under a fund-year's allocations."""
    lines: list[Line] = []
    for g in block.grants:
        extra = [g.funder] if g.funder else []
        if g.status not in ("granted", "paid"):
            extra.append(i18n.label(f"r.status.{g.status}", lang))
        label = i18n.label("r.granted", lang) + (f" ({', '.join(extra)})" if extra else "")
        lines.append(Line(label, g.amount))
    for c in block.carryovers:
        lines.append(Line(i18n.label("r.carried_in", lang, year=c.from_year), c.amount))
    figs = block.figures
    lines.append(Line(i18n.label("r.available", lang), figs.available))
    lines.append(Line(i18n.label("r.allocated", lang), figs.allocated))
    key = "r.overallocated" if figs.unallocated < 0 else "r.unallocated"
    lines.append(Line(i18n.label(key, lang), abs(figs.unallocated), figs.unallocated != 0))
    if figs.spent or block.spent_complete and block.rows:
        key = "r.spent_total" if block.spent_complete else "r.spent_so_far"
        lines.append(Line(i18n.label(key, lang), figs.spent))
        lines.append(Line(i18n.label("r.unspent", lang), figs.unspent))
    if figs.repaid:
        lines.append(Line(i18n.label("r.repaid", lang), figs.repaid))
    return lines


def has_spending(block: FundBlock) -> bool:
    return any(r.spent is not None for r in block.rows)


def title(block: FundBlock) -> str:
    return f"{block.fund} — {block.name} {block.year}" if block.name != block.fund else f"{block.fund} {block.year}"


def side_lines(lang: str) -> list[tuple[str, str]]:
    """(SideBySide.totals key, label) for the lines under a side-by-side table."""
    return [
        ("granted", i18n.label("r.granted", lang)),
        ("carried_in", i18n.label("r.carried_in_any", lang)),
        ("available", i18n.label("r.available", lang)),
        ("allocated", i18n.label("r.allocated", lang)),
        ("unallocated", i18n.label("r.unallocated", lang)),
    ]
