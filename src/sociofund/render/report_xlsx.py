"""The report as an Excel workbook: one sheet per year, real numeric cells formatted as kronor.

openpyxl writes it (and the tests read it back with the same library). Amounts are numbers with
a kronor number format, never text; totals are numbers equal to the core's totals; text from a
ledger is neutralised so that no cell is a formula. openpyxl is imported inside the functions that
use it. A year's sheet and the roll-up's have ``render.columns``' columns that xlsx shows; the
lines under a fund go in its fund, name and amount columns.
"""

from __future__ import annotations

import io
from typing import Any

from sociofund import i18n
from sociofund.core.reports import FundBlock, OrgReport, Report, RollupRow, SideBySide, YearReport
from sociofund.render import columns, safe
from sociofund.render.columns import FTE, MONEY, NUMBER, SHARE, XLSX, Column
from sociofund.render.options import RenderOptions
from sociofund.render.report_common import fund_lines, side_lines

KRONOR_FORMAT = '#,##0" kr"'
SHARE_FORMAT = '0.0" %"'


class _Book:
    """The workbook being written: unique sheet names, the shared cell styles."""

    def __init__(self, lang: str) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.bold = Font(bold=True)
        self.lang = lang
        self.names: set[str] = set()

    def label(self, key: str, **args) -> str:
        return i18n.label(key, self.lang, **args)

    def sheet(self, title: str, headers: list[str], widths: list[int]):
        # sheet names: at most 31 characters, no []:*?/\ and unique
        base = "".join("_" if c in "[]:*?/\\" else c for c in title)[:31] or "Blad"
        name, n = base, 2
        while name in self.names:
            name, n = f"{base[:28]}-{n}", n + 1
        self.names.add(name)
        ws = self.wb.create_sheet(name)
        ws.append(headers)
        for c in ws[1]:
            c.font = self.bold
        ws.freeze_panes = "A2"
        self.widths(ws, widths)
        return ws

    @staticmethod
    def widths(ws, widths: list[int]) -> None:
        from openpyxl.utils import get_column_letter

        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width

    def money(self, ws, row: int, col: int, value: int | None, *, strong: bool = False) -> None:
        if value is None:
            return
        cell = ws.cell(row=row, column=col, value=value)
        cell.number_format = KRONOR_FORMAT
        if strong:
            cell.font = self.bold

    def cell(self, ws, row: int, col: int, column: Column, value: Any) -> None:
        """One cell of a column: money and shares as formatted numbers, text neutralised."""
        from openpyxl.styles import Alignment

        if column.kind == MONEY:
            self.money(ws, row, col, value)
        elif column.kind == SHARE:
            if value is not None:
                c = ws.cell(row=row, column=col, value=value / 10)  # a display share, not money
                c.number_format = SHARE_FORMAT
        elif column.kind in (FTE, NUMBER):
            if value is not None:
                ws.cell(row=row, column=col, value=value)
        else:
            c = ws.cell(row=row, column=col, value=safe.spreadsheet_cell(value))
            if column.wide:
                c.alignment = Alignment(wrap_text=True)


def _sheet_name(org: OrgReport, what: str, keep: int, many_orgs: bool) -> str:
    return f"{org.organisation[:keep]} {what}" if many_orgs else what


def _fund(book: _Book, ws, row: int, block: FundBlock, cols: list[Column]) -> int:
    """A fund-year's allocations, then its lines; returns the next free row."""
    at = {c.key: i for i, c in enumerate(cols, start=1)}
    for r in block.rows:
        for i, c in enumerate(cols, start=1):
            book.cell(ws, row, i, c, c.value(r, columns.Place("", block.year, block.fund)))
        row += 1
    for line in fund_lines(block, book.lang):
        ws.cell(row=row, column=at["fund"], value=safe.spreadsheet_cell(block.fund))
        ws.cell(row=row, column=at["name"], value=safe.spreadsheet_cell(line.label)).font = book.bold
        book.money(ws, row, at["amount"], line.amount, strong=True)
        row += 1
    return row + 1


def _year(book: _Book, yr: YearReport, title: str) -> None:
    cols = columns.shown(columns.ALLOCATION_COLUMNS, XLSX)
    ws = book.sheet(title, [book.label(c.label) for c in cols], [c.width for c in cols])
    row = 2
    for block in yr.funds:
        row = _fund(book, ws, row, block, cols)


def _side(book: _Book, sb: SideBySide, title: str) -> None:
    years = len(sb.years)
    ws = book.sheet(title, [book.label("r.insats"), book.label("r.fund"),
                            *(book.label("r.sum_year", year=y) for y in sb.years), book.label("r.total")],
                    [60] + [16] * (years + 2))
    row = 2
    for r in sb.rows:
        ws.cell(row=row, column=1, value=safe.spreadsheet_cell(r.name))
        ws.cell(row=row, column=2, value=safe.spreadsheet_cell(r.fund))
        for i, a in enumerate([*r.amounts, r.total]):
            book.money(ws, row, 3 + i, a)
        row += 1
    for label, line in side_lines(sb, book.lang):
        ws.cell(row=row, column=1, value=safe.spreadsheet_cell(label)).font = book.bold
        for i, v in enumerate([*line.values, line.total]):
            book.money(ws, row, 3 + i, v, strong=True)
        row += 1


def _rollup(book: _Book, rows: list[RollupRow]) -> None:
    cols = columns.shown(columns.ROLLUP_COLUMNS, XLSX)
    ws = book.sheet(book.label("r.rollup")[:31], [book.label(c.label) for c in cols], [c.width for c in cols])
    for row, r in enumerate(rows, start=2):
        for i, c in enumerate(cols, start=1):
            book.cell(ws, row, i, c, c.value(r))


def render(report: Report, options: RenderOptions = RenderOptions()) -> bytes:
    book = _Book(options.lang)
    many_orgs = len(report.organisations) > 1
    for org in report.organisations:
        for yr in org.years:
            _year(book, yr, _sheet_name(org, str(yr.year), 20, many_orgs))
        sb = org.side_by_side
        if sb is not None:
            _side(book, sb, _sheet_name(org, f"{sb.years[0]}-{sb.years[-1]}", 16, many_orgs))
    if report.rollup:
        _rollup(book, report.rollup)
    if not book.wb.worksheets:
        book.wb.create_sheet("-")
    out = io.BytesIO()
    book.wb.save(out)
    return out.getvalue()
