"""The report's columns, listed once: every tabular format (table, md, csv, xlsx) iterates these.

A column says what it shows (``key``), what people call it (a label id), what kind of value it is
(which decides how each medium writes it and its alignment: text left, numbers right), where it
appears, and what its total row shows. A new column is one entry here plus its data in the core;
no renderer names a column or a position of its own. CSV keeps its header names: they are the
machine contract of ``--format csv``.

Must not import: rich, openpyxl.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sociofund.core.money import thousands_adding_up
from sociofund.core.reports import FundBlock
from sociofund.render.numbers import fte, kr, pct

TEXT, NUMBER, MONEY, SHARE, FTE, DATE = "text", "number", "money", "share", "fte", "date"

#: the media a column can appear in
#: DOC: the documents made from a ``render.document.Document`` (docx, html), where each section is
#: one fund-year and its heading names the fund
TABLE, MD, CSV, XLSX, DOC = "table", "md", "csv", "xlsx", "doc"
#: the national workbook's sheet per year (xlsx over a root with --all-orgs): every organisation's
#: allocations of that year, one list, the organisation first
XLSX_YEAR = "xlsx-year"
EVERYWHERE = frozenset({TABLE, MD, CSV, XLSX, DOC, XLSX_YEAR})


class Place(NamedTuple):
    """Where a row sits: what a column may show besides the row's own fields."""

    organisation: str
    year: int
    fund: str


@dataclass(frozen=True, slots=True)
class Column:
    #: an attribute of the row (``AllocationRow``, ``RollupRow`` or its ``figures``), or of its ``Place``
    key: str
    #: label id in ``sociofund.i18n``; None for a column only CSV shows (its header is ``csv_name``)
    label: str | None
    kind: str
    media: frozenset[str] = EVERYWHERE
    #: the CSV header (the machine contract); defaults to ``key``
    csv: str | None = None
    #: a shorter label for the terminal table, where columns are narrow
    short: str | None = None
    #: the total row's cell, from the fund-year; None leaves it empty
    total: Callable[[FundBlock], Any] | None = None
    #: the total is the row's headline figure (Markdown sets it in bold)
    total_strong: bool = False
    #: shown in table and md only when the fund-year records spending
    spending: bool = False
    #: shown in table and md only when an allocation of the fund-year has a forecast (prognos)
    forecasting: bool = False
    #: a figure the terminal table leaves out when it shows a prognos: 80 columns hold the name
    #: and five amounts (budget, utfall, prognos, deviation, and the total), not eight
    planning: bool = False
    #: table: a dim second line in the cell, from this key (the unit under the name)
    detail: str | None = None
    #: the column that takes what is left of the table's width; xlsx wraps its text
    wide: bool = False
    #: table: the narrowest the column may get
    min_width: int | None = None
    #: xlsx column width in characters
    width: int = 16
    #: what table and md show where the value is None (spending not reported: "–", not 0 kr)
    missing: str = ""

    @property
    def right(self) -> bool:
        """Numbers are right-aligned, text left."""
        return self.kind != TEXT

    @property
    def csv_name(self) -> str:
        return self.csv or self.key

    def value(self, row: Any, place: Place | None = None) -> Any:
        if place is not None and self.key in Place._fields:
            return getattr(place, self.key)
        if hasattr(row, self.key):
            return getattr(row, self.key)
        return getattr(row.figures, self.key)


#: one row per allocation of a fund-year
ALLOCATION_COLUMNS: list[Column] = [
    Column("organisation", "r.organisation", TEXT, frozenset({CSV, XLSX_YEAR}), width=30),
    Column("year", None, NUMBER, frozenset({CSV})),
    Column("fund", "r.fund", TEXT, frozenset({CSV, XLSX, XLSX_YEAR}), width=12),
    Column("id", None, TEXT, frozenset({CSV})),
    Column("name", "r.insats", TEXT, detail="unit", wide=True, min_width=16, width=60),
    Column("unit", "r.unit", TEXT, frozenset({MD, CSV, XLSX, DOC, XLSX_YEAR}), width=22),
    Column("amount", "r.amount", MONEY, total=lambda b: b.figures.allocated, total_strong=True),
    Column("share", "r.share", SHARE, csv="share_percent", total=lambda b: b.allocated_share, width=9, planning=True),
    # no fte anywhere in the fund-year shows as an empty cell, not 0
    Column("fte", "r.fte", FTE, total=lambda b: b.fte or None, width=8, planning=True),
    Column("spent", "r.spent", MONEY, spending=True, total=lambda b: b.figures.spent),
    Column("remaining", "r.remaining", MONEY, spending=True, planning=True),
    Column("ref", None, TEXT, frozenset({CSV})),
    # following the year: prognos and its deviation from the budget (new CSV columns go last)
    Column("forecast", "r.forecast", MONEY, forecasting=True, total=lambda b: b.figures.forecast),
    Column("deviation", "r.deviation", MONEY, forecasting=True,
           total=lambda b: b.figures.forecast - b.figures.allocated),
    Column("spent_as_of", "r.spent_date", DATE, frozenset({CSV, XLSX, XLSX_YEAR}), width=12),
]

#: one row per fund and year, summed across organisations
ROLLUP_COLUMNS: list[Column] = [
    Column("fund", "r.fund", TEXT, frozenset({TABLE, MD, XLSX, DOC}), min_width=11),
    Column("year", "r.year", NUMBER, frozenset({TABLE, MD, XLSX, DOC})),
    Column("organisations", "r.organisations", NUMBER, frozenset({TABLE, MD, XLSX, DOC}), short="r.orgs"),
    Column("granted", "r.granted", MONEY, frozenset({MD, XLSX, DOC})),
    Column("carried_in", "r.carried_in_any", MONEY, frozenset({MD, XLSX, DOC})),
    Column("available", "r.available", MONEY, frozenset({TABLE, MD, XLSX, DOC})),
    Column("allocated", "r.allocated", MONEY, frozenset({TABLE, MD, XLSX, DOC})),
    Column("unallocated", "r.unallocated", MONEY, frozenset({TABLE, MD, XLSX, DOC})),
    Column("spent", "r.spent", MONEY, frozenset({TABLE, MD, XLSX, DOC}), missing="–"),
]


#: one row per organisation, fund and year (the national workbook with --all-orgs): what the roll-up sums
FUND_YEAR_COLUMNS: list[Column] = [
    Column("organisation", "r.organisation", TEXT, frozenset({XLSX}), width=30),
    Column("fund", "r.fund", TEXT, frozenset({XLSX}), width=12),
    Column("year", "r.year", NUMBER, frozenset({XLSX}), width=8),
    Column("granted", "r.granted", MONEY, frozenset({XLSX})),
    Column("carried_in", "r.carried_in_any", MONEY, frozenset({XLSX})),
    Column("available", "r.available", MONEY, frozenset({XLSX})),
    Column("allocated", "r.allocated", MONEY, frozenset({XLSX})),
    Column("unallocated", "r.unallocated", MONEY, frozenset({XLSX})),
    Column("spent", "r.spent", MONEY, frozenset({XLSX})),
    Column("carried_out", "r.carried_out_any", MONEY, frozenset({XLSX})),
    Column("repaid", "r.repaid", MONEY, frozenset({XLSX})),
]


#: one line per organisation of a root (the national report's default): its years shown, each krona once
SUMMARY_COLUMNS: list[Column] = [
    Column("organisation", "r.organisation", TEXT, wide=True, min_width=12, width=30),
    Column("span", "r.years", TEXT, frozenset({MD, CSV, XLSX, DOC}), csv="years", width=11),
    Column("granted", "r.granted", MONEY, frozenset({MD, CSV, XLSX, DOC})),
    Column("carried_in", "r.carried_in_any", MONEY, frozenset({MD, CSV, XLSX, DOC})),
    Column("available", "r.available", MONEY),
    Column("allocated", "r.allocated", MONEY),
    Column("unallocated", "r.unallocated", MONEY),
    Column("spent", "r.spent", MONEY),
    Column("errors", "r.errors", NUMBER, frozenset({MD, CSV, XLSX, DOC}), width=8),
    Column("warnings", "r.warnings", NUMBER, frozenset({MD, CSV, XLSX, DOC}), width=10),
]


def shown(columns: list[Column], medium: str, *, spending: bool = True, forecasting: bool = True) -> list[Column]:
    """The columns ``medium`` shows, in order; without spending (or a forecast), their columns go."""
    return [c for c in columns if medium in c.media and (spending or not c.spending)
            and (forecasting or not c.forecasting) and not (forecasting and c.planning and medium == TABLE)]


def fund_year(cols: list[Column], block: FundBlock, unit: str,
              place: Place | None = None) -> tuple[list[list[Any]], list[Any]]:
    """A fund-year's table as values: each row's cells and the total row's, column by column. In
    tkr, each money column with a total holds its amounts rounded to whole thousands so that the
    rows add up to the total (``core.money.thousands_adding_up``), still as kronor (a multiple of
    1 000 formats as itself in tkr); a block of some rows only has no total to add up to."""
    rows = [[c.value(r, place) for c in cols] for r in block.rows]
    totals = [c.total(block) if c.total else None for c in cols]
    if unit != "tkr" or block.partial:
        return rows, totals
    for j, c in enumerate(cols):
        if c.kind != MONEY or totals[j] is None:
            continue
        shown, total = thousands_adding_up([row[j] for row in rows], totals[j])
        for row, value in zip(rows, shown):
            row[j] = None if value is None else value * 1000
        totals[j] = total * 1000
    return rows, totals


def for_people(column: Column, value: Any, lang: str, unit: str) -> str:
    """A number as people read it in table and md (kronor, percent, fte); text as it is, for the
    medium to escape."""
    if value is None:
        return column.missing
    if column.kind == MONEY:
        return kr(value, lang, unit)
    if column.kind == SHARE:
        return pct(value, lang)
    if column.kind == FTE:
        return fte(value, lang)
    if column.kind == DATE:
        return value.isoformat()
    return str(value)
