"""The report as an Excel workbook made for printing: one sheet per fund-year, real numbers.

XlsxWriter writes it in constant-memory mode (each sheet's rows go to a temporary file as they are
written, so a national report holds one organisation's rows, not the workbook); the tests read it
back with openpyxl. XlsxWriter rather than openpyxl because a sum must be a formula *and* show
its value: openpyxl writes a formula without a cached result, so a viewer that does not calculate
(a phone, a web preview) shows an empty cell. Here the sums a reader may want to stay right when
they edit a cell — what is available, what is allocated, what is left, what is spent, a row's
total over the years — are formulas whose cached value is the core's exact figure.

Every sheet has a title row and the column headers under it (both repeated on each printed page),
prints A4 landscape fitted to one page wide, shows amounts as numbers formatted as kronor and
shares as real percentages (0,243 shown as 24,3 %). Text from a ledger is a string cell, never a
formula, after ``safe.xlsx_text`` (no CSV apostrophe: a string cell is never a formula). A sheet's columns are ``render.columns``' XLSX columns.
XlsxWriter is imported inside ``stream``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sociofund import i18n
from sociofund.core.reports import FundBlock, OrgReport, Report, SideBySide, YearReport
from sociofund.render import columns, safe
from sociofund.render.columns import DATE, FTE, MONEY, NUMBER, SHARE, XLSX, Column
from sociofund.render.document_xlsx import A4, SHARE_FORMAT, column_letter, sheet_name
from sociofund.render.options import RenderOptions
from sociofund.render.report_common import fund_lines, side_lines, title

KRONOR_FORMAT = '#,##0" kr"'


@dataclass(frozen=True, slots=True)
class Formula:
    """A cell computed by the spreadsheet, with the value the core computed cached in it."""

    text: str
    cached: int


@dataclass(frozen=True, slots=True)
class Styled:
    value: Any
    fmt: str | None = None
    bold: bool = False
    wrap: bool = False


def _a1(col: int, row: int) -> str:
    """0-based column and row as A1 notation."""
    return f"{column_letter(col)}{row + 1}"


class _Book:
    """The workbook being written, row by row: unique sheet names, the shared cell formats."""

    def __init__(self, lang: str) -> None:
        import xlsxwriter

        self.out = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.out, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False})
        self.lang = lang
        self.names: set[str] = set()
        self.formats: dict[tuple, Any] = {}
        self.ws = None
        self.row = 0

    def label(self, key: str, **args) -> str:
        return i18n.label(key, self.lang, **args)

    def fmt(self, num: str | None = None, bold: bool = False, wrap: bool = False, size: int | None = None):
        key = (num, bold, wrap, size)
        if key not in self.formats:
            props: dict[str, Any] = {"valign": "top"}
            if num:
                props["num_format"] = num
            if bold:
                props["bold"] = True
            if wrap:
                props["text_wrap"] = True
            if size:
                props["font_size"] = size
            self.formats[key] = self.wb.add_format(props)
        return self.formats[key]

    def sheet(self, name: str, heading: str, headers: list[str], widths: list[int]) -> None:
        ws = self.wb.add_worksheet(sheet_name(name, self.names))
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
        ws.repeat_rows(0, 1)  # the title and the headers on every printed page
        ws.freeze_panes(2, 0)
        for i, width in enumerate(widths):
            ws.set_column(i, i, width)
        ws.write_string(0, 0, safe.xlsx_text(heading), self.fmt(bold=True, size=13))
        for i, h in enumerate(headers):
            ws.write_string(1, i, safe.xlsx_text(h), self.fmt(bold=True, wrap=True))
        self.ws, self.row = ws, 2

    def append(self, cells: list) -> int:
        """Write one row; return its (0-based) index."""
        r = self.row
        for c, cell in enumerate(cells):
            if cell is None:
                continue
            if isinstance(cell, Styled):
                value, f = cell.value, self.fmt(cell.fmt, cell.bold, cell.wrap)
            else:
                value, f = cell, None
            if isinstance(value, Formula):
                self.ws.write_formula(r, c, value.text, f, value.cached)
            elif isinstance(value, str):
                self.ws.write_string(r, c, value, f)
            elif hasattr(value, "isoformat"):
                self.ws.write_datetime(r, c, value, f)
            else:
                self.ws.write_number(r, c, value, f)
        self.row += 1
        return r

    def money(self, value: int | Formula | None, *, strong: bool = False):
        return None if value is None else Styled(value, KRONOR_FORMAT, bold=strong)

    def text(self, value: str, *, strong: bool = False):
        return Styled(safe.xlsx_text(value), bold=strong)

    def cell(self, column: Column, value: Any):
        """One cell of a column: money and shares as formatted numbers, text neutralised."""
        if value is None:
            return None
        if column.kind == MONEY:
            return self.money(value)
        if column.kind == SHARE:
            return Styled(value / 1000, SHARE_FORMAT)  # tenths of a percent -> the real fraction
        if column.kind in (FTE, NUMBER):
            return value
        if column.kind == DATE:
            return Styled(value, "yyyy-mm-dd")
        return Styled(safe.xlsx_text(value), wrap=column.wide)

    def close(self) -> bytes:
        self.wb.close()
        return self.out.getvalue()


def _name(org: OrgReport, what: str, keep: int, many_orgs: bool) -> str:
    # the name shortened only as far as Excel's 31 characters need, in the middle, so that both
    # "… norra" and "… södra" stay told apart (``keep`` is no longer a cut)
    if not many_orgs:
        return what
    room, name = 31 - len(what) - 1, org.organisation
    if len(name) > room:
        head = room // 2
        name = name[:head].rstrip() + "…" + name[len(name) - (room - 1 - head):].lstrip()
    return f"{name} {what}"


def _sum(col: int, first: int, last: int, cached: int) -> Formula:
    return Formula(f"=SUM({_a1(col, first)}:{_a1(col, last)})", cached)


def _fund(book: _Book, org: OrgReport, yr: YearReport, block: FundBlock, name: str) -> None:
    """One fund-year's sheet: its allocations, then its lines, the sums among them as formulas."""
    cols = columns.shown(columns.ALLOCATION_COLUMNS, XLSX)
    state = book.label("r.closed" if yr.closed else "r.open")
    book.sheet(name, f"{org.organisation}: {title(block)} ({state})", [book.label(c.label) if c.label else "" for c in cols],
               [c.width for c in cols])
    at = {c.key: i for i, c in enumerate(cols)}
    first = book.row
    for r in block.rows:
        book.append([book.cell(c, c.value(r, columns.Place("", block.year, block.fund))) for c in cols])
    last = book.row - 1
    money_col = at["amount"]
    sources: list[int] = []  # the rows of the grants and carryovers: what is available
    where: dict[str, int] = {}
    for line in fund_lines(block, book.lang):
        value: int | Formula | None = line.amount
        if line.amount is not None:
            if line.key == "available" and sources:
                value = _sum(money_col, sources[0], sources[-1], line.amount)
            elif line.key == "allocated" and block.rows:
                value = _sum(money_col, first, last, line.amount)
            elif line.key == "unallocated" and {"available", "allocated"} <= set(where):
                value = Formula(f"=ABS({_a1(money_col, where['available'])}-{_a1(money_col, where['allocated'])})",
                                line.amount)
            elif line.key == "spent" and block.rows and "spent" in at:
                value = Formula(f"=SUM({_a1(at['spent'], first)}:{_a1(at['spent'], last)})", line.amount)
        row = [None] * len(cols)
        row[at["name"]] = book.text(line.label, strong=True)
        row[money_col] = book.money(value, strong=True)
        index = book.append(row)
        if line.key is None and not where:
            sources.append(index)
        if line.key:
            where[line.key] = index


def _side(book: _Book, sb: SideBySide, name: str) -> None:
    n = len(sb.years)
    book.sheet(name, f"{sb.organisation} {sb.years[0]}–{sb.years[-1]}",
               [book.label("r.insats"), book.label("r.fund"), *(book.label("r.sum_year", year=y) for y in sb.years),
                book.label("r.total")], [60] + [16] * (n + 2))
    for r in sb.rows:
        # a row's total over the years is the sum of its years (an insats's money is not moved)
        total = Formula(f"=SUM({_a1(2, book.row)}:{_a1(1 + n, book.row)})", r.total)
        book.append([book.text(r.name), book.text(r.fund), *(book.money(a) for a in r.amounts), book.money(total)])
    for label, line in side_lines(sb, book.lang):
        # the lines' totals count a krona once (money moved between the years shown is not new):
        # the core's figures, not a sum of the year columns
        book.append([book.text(label, strong=True), None,
                     *(book.money(v, strong=True) for v in [*line.values, line.total])])


def _table(book: _Book, heading: str, cols: list[Column], rows) -> None:
    book.sheet(heading, heading, [book.label(c.label) if c.label else "" for c in cols], [c.width for c in cols])
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
            for block in yr.funds:
                _fund(book, org, yr, block, _name(org, f"{block.fund} {yr.year}", 16, report.several))
        sb = org.side_by_side
        if sb is not None:
            _side(book, sb, _name(org, f"{sb.years[0]}-{sb.years[-1]}", 16, report.several))
    if not report.detail:
        _table(book, book.label("r.summary"), columns.shown(columns.SUMMARY_COLUMNS, XLSX), report.summaries)
    if report.rollup:
        _table(book, book.label("r.rollup"), columns.shown(columns.ROLLUP_COLUMNS, XLSX), report.rollup)
    if not book.names:
        book.wb.add_worksheet("-")
    yield book.close()


def render(report: Report, options: RenderOptions = RenderOptions()) -> bytes:
    return b"".join(stream(report, options))
