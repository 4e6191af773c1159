"""The report as an Excel workbook: one sheet per year, real numeric cells formatted as kronor.

openpyxl writes it in write-only mode (each row goes to a temporary file as it is appended, so a
national report holds one organisation's rows, not the workbook), and (and the tests read it back with the same library). Amounts are numbers with
a kronor number format, never text; totals are numbers equal to the core's totals; text from a
ledger is neutralised so that no cell is a formula. openpyxl is imported inside the functions that
use it. A year's sheet and the roll-up's have ``render.columns``' columns that xlsx shows; the
lines under a fund go in its fund, name and amount columns.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from sociofund import i18n
from sociofund.core.reports import FundBlock, OrgReport, Report, RollupRow, SideBySide, YearReport
from sociofund.render import columns, safe
from sociofund.render.columns import DATE, FTE, MONEY, NUMBER, SHARE, XLSX, Column
from sociofund.render.options import RenderOptions
from sociofund.render.report_common import fund_lines, side_lines

KRONOR_FORMAT = '#,##0" kr"'
SHARE_FORMAT = '0.0" %"'


class _Book:
    """The workbook being written, row by row: unique sheet names, the shared cell styles."""

    def __init__(self, lang: str) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        self.wb = Workbook(write_only=True)
        self.bold = Font(bold=True)
        self.wrap = Alignment(wrap_text=True)
        self.lang = lang
        self.names: set[str] = set()
        self.ws = None

    def label(self, key: str, **args) -> str:
        return i18n.label(key, self.lang, **args)

    def sheet(self, title: str, headers: list[str], widths: list[int]):
        from openpyxl.utils import get_column_letter

        # sheet names: at most 31 characters, no []:*?/\ and unique
        base = "".join("_" if c in "[]:*?/\\" else c for c in title)[:31] or "Blad"
        name, n = base, 2
        while name in self.names:
            name, n = f"{base[:28]}-{n}", n + 1
        self.names.add(name)
        ws = self.wb.create_sheet(name)
        ws.freeze_panes = "A2"
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        self.ws = ws
        self.append([self.styled(h, bold=True) for h in headers])
        return ws

    def append(self, cells: list) -> None:
        self.ws.append(cells)

    def styled(self, value: Any, *, fmt: str | None = None, bold: bool = False, wrap: bool = False):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.ws, value=value)
        if fmt:
            cell.number_format = fmt
        if bold:
            cell.font = self.bold
        if wrap:
            cell.alignment = self.wrap
        return cell

    def money(self, value: int | None, *, strong: bool = False):
        return None if value is None else self.styled(value, fmt=KRONOR_FORMAT, bold=strong)

    def text(self, value: str, *, strong: bool = False):
        return self.styled(safe.spreadsheet_cell(value), bold=strong)

    def cell(self, column: Column, value: Any):
        """One cell of a column: money and shares as formatted numbers, text neutralised."""
        if column.kind == MONEY:
            return self.money(value)
        if column.kind == SHARE:
            return None if value is None else self.styled(value / 10, fmt=SHARE_FORMAT)  # a display share, not money
        if column.kind in (FTE, NUMBER):
            return value
        if column.kind == DATE:
            return None if value is None else self.styled(value, fmt="yyyy-mm-dd")
        return self.styled(safe.spreadsheet_cell(value), wrap=column.wide)


def _sheet_name(org: OrgReport, what: str, keep: int, many_orgs: bool) -> str:
    return f"{org.organisation[:keep]} {what}" if many_orgs else what


def _fund(book: _Book, block: FundBlock, cols: list[Column]) -> None:
    """A fund-year's allocations, then its lines, then a blank row."""
    at = {c.key: i for i, c in enumerate(cols)}
    for r in block.rows:
        book.append([book.cell(c, c.value(r, columns.Place("", block.year, block.fund))) for c in cols])
    for line in fund_lines(block, book.lang):
        row = [None] * len(cols)
        row[at["fund"]] = book.text(block.fund)
        row[at["name"]] = book.text(line.label, strong=True)
        row[at["amount"]] = book.money(line.amount, strong=True)
        book.append(row)
    book.append([])


def _year(book: _Book, yr: YearReport, title: str) -> None:
    cols = columns.shown(columns.ALLOCATION_COLUMNS, XLSX)
    book.sheet(title, [book.label(c.label) for c in cols], [c.width for c in cols])
    for block in yr.funds:
        _fund(book, block, cols)


def _side(book: _Book, sb: SideBySide, title: str) -> None:
    years = len(sb.years)
    book.sheet(title, [book.label("r.insats"), book.label("r.fund"),
                       *(book.label("r.sum_year", year=y) for y in sb.years), book.label("r.total")],
               [60] + [16] * (years + 2))
    for r in sb.rows:
        book.append([book.text(r.name), book.text(r.fund), *(book.money(a) for a in [*r.amounts, r.total])])
    for label, line in side_lines(sb, book.lang):
        book.append([book.text(label, strong=True), None,
                     *(book.money(v, strong=True) for v in [*line.values, line.total])])


def _table(book: _Book, title: str, cols: list[Column], rows) -> None:
    book.sheet(title[:31], [book.label(c.label) for c in cols], [c.width for c in cols])
    for r in rows:
        book.append([book.cell(c, c.value(r)) for c in cols])


def stream(report: Report, options: RenderOptions = RenderOptions()) -> Iterator[bytes]:
    """The workbook, one chunk: its sheets are written as the organisations come, the file is
    put together at the end."""
    book = _Book(options.lang)
    for org in report.organisations:
        if not report.detail:
            continue
        for yr in org.years:
            _year(book, yr, _sheet_name(org, str(yr.year), 20, report.several))
        sb = org.side_by_side
        if sb is not None:
            _side(book, sb, _sheet_name(org, f"{sb.years[0]}-{sb.years[-1]}", 16, report.several))
    if not report.detail:
        _table(book, book.label("r.summary"), columns.shown(columns.SUMMARY_COLUMNS, XLSX), report.summaries)
    if report.rollup:
        _table(book, book.label("r.rollup"), columns.shown(columns.ROLLUP_COLUMNS, XLSX), report.rollup)
    if not book.names:
        book.wb.create_sheet("-")
    out = io.BytesIO()
    book.wb.save(out)
    yield out.getvalue()


def render(report: Report, options: RenderOptions = RenderOptions()) -> bytes:
    return b"".join(stream(report, options))
