"""The report as an Excel workbook made for printing, real numbers, written row by row.

One organisation (a set, or ``--org``): one sheet per fund-year, its allocations and under them
the lines that say where the money came from and went, then its years side by side.

A root of several organisations (the national report): a fixed set of sheets whatever the number
of organisations — "Per organisation" (one line each) and the roll-up per fund and year; with
``--all-orgs`` also one line per organisation, fund and year (what the roll-up sums) and one sheet
per year with every organisation's allocations, an organisation column first (filterable). Never
a sheet per organisation: XlsxWriter keeps every sheet open until the file is put together (about
40 KB and an open file each), and 290 organisations' thousands of sheets grew past 330 MiB.

XlsxWriter writes it in constant-memory mode: each sheet's rows go to a temporary file as they
are written, in order. The year sheets must come in year order while the organisations come one
at a time, so their rows wait in a temporary file per year (``_Spool``) until the stream has
passed; memory holds one organisation's rows, however many there are. The finished file is
assembled in a temporary file too and handed on in chunks.

Excel's limit of 1 048 576 rows a sheet: a sheet that reaches it goes on in a sheet of the same
name with a counter (``Insatser (2) 2022``), under the same title (marked as a continuation) and
headers. A fund-year too long for one sheet gets its sums as values instead of formulas (a
formula cannot reach into the continuation).

XlsxWriter rather than openpyxl because a sum must be a formula *and* show its value: openpyxl
writes a formula without a cached result, so a viewer that does not calculate (a phone, a web
preview) shows an empty cell. Here the sums a reader may want to stay right when they edit a
cell — what is available, what is allocated, what is left, what is spent, a row's total over the
years — are formulas whose cached value is the core's exact figure.

Every sheet has a title row and the column headers under it (both repeated on each printed page),
prints A4 landscape fitted to one page wide, shows amounts as numbers formatted as kronor and
shares as real percentages (0,243 shown as 24,3 %). Text from a ledger is a string cell, never a
formula, after ``safe.xlsx_text`` (no CSV apostrophe: a string cell is never a formula). A sheet's
columns are ``render.columns``' XLSX columns (``XLSX_YEAR`` for the national year sheets).
XlsxWriter is imported inside ``stream``.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from sociofund import i18n
from sociofund.core.reports import FundBlock, FundYearRow, OrgReport, Report, SideBySide, YearReport
from sociofund.render import columns, safe
from sociofund.render.columns import DATE, FTE, MONEY, NUMBER, SHARE, XLSX, XLSX_YEAR, Column, Place
from sociofund.render.document_xlsx import A4, SHARE_FORMAT, column_letter, sheet_name
from sociofund.render.options import RenderOptions
from sociofund.render.report_common import fund_lines, side_lines, title

KRONOR_FORMAT = '#,##0" kr"'
#: Excel's rows per sheet
ROWS = 1_048_576
#: the title row and the headers above every sheet's rows
TOP = 2
#: the finished file is handed on in pieces of this size
CHUNK = 1 << 20


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


class _Sheet:
    """One sheet being written, row by row; past Excel's last row it goes on in a new sheet."""

    def __init__(self, book: _Book, name: str, heading: str, headers: list[str], widths: list[int],
                 *, filtered: bool = False) -> None:
        self.book, self.base, self.heading = book, name, heading
        self.headers, self.widths, self.filtered = headers, widths, filtered
        self._open(name, heading)

    def _open(self, name: str, heading: str) -> None:
        book = self.book
        ws = book.wb.add_worksheet(sheet_name(name, book.names))
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
        ws.repeat_rows(0, TOP - 1)  # the title and the headers on every printed page
        ws.freeze_panes(TOP, 0)
        for i, width in enumerate(self.widths):
            ws.set_column(i, i, width)
        ws.write_string(0, 0, safe.xlsx_text(heading), book.fmt(bold=True, size=13))
        for i, h in enumerate(self.headers):
            ws.write_string(1, i, safe.xlsx_text(h), book.fmt(bold=True, wrap=True))
        self.ws, self.row = ws, TOP

    @property
    def room(self) -> int:
        """How many more rows this part holds."""
        return ROWS - self.row

    def append(self, cells: list) -> int:
        """Write one row; return its (0-based) index in the sheet it went to."""
        if self.row >= ROWS:
            self.close()
            self._open(self.base, f"{self.heading} ({self.book.label('r.continued')})")
        r, ws, book = self.row, self.ws, self.book
        for c, cell in enumerate(cells):
            if cell is None:
                continue
            if isinstance(cell, Styled):
                value, f = cell.value, book.fmt(cell.fmt, cell.bold, cell.wrap)
            else:
                value, f = cell, None
            if isinstance(value, Formula):
                ws.write_formula(r, c, value.text, f, value.cached)
            elif isinstance(value, str):
                ws.write_string(r, c, value, f)
            elif hasattr(value, "isoformat"):
                ws.write_datetime(r, c, value, f)
            else:
                ws.write_number(r, c, value, f)
        self.row += 1
        return r

    def close(self) -> None:
        """Done with the current part."""
        if self.filtered and self.row > TOP:  # a list to filter by organisation, fund, year
            self.ws.autofilter(TOP - 1, 0, self.row - 1, len(self.headers) - 1)


class _Book:
    """The workbook being written: unique sheet names, the shared cell formats."""

    def __init__(self, lang: str, out: IO[bytes], tmpdir: str) -> None:
        import xlsxwriter

        self.wb = xlsxwriter.Workbook(out, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "tmpdir": tmpdir})
        self.lang, self.tmpdir = lang, tmpdir
        self.names: set[str] = set()
        self.formats: dict[tuple, Any] = {}
        self.sheets: list[_Sheet] = []

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

    def sheet(self, name: str, heading: str, headers: list[str], widths: list[int], *,
              filtered: bool = False) -> _Sheet:
        sheet = _Sheet(self, name, heading, headers, widths, filtered=filtered)
        self.sheets.append(sheet)
        return sheet

    def columns_sheet(self, name: str, heading: str, cols: list[Column], *, filtered: bool = False) -> _Sheet:
        """A sheet whose headers and widths are those of ``cols``."""
        return self.sheet(name, heading, [self.label(c.label) if c.label else "" for c in cols],
                          [c.width for c in cols], filtered=filtered)

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

    def close(self) -> None:
        if not self.names:
            self.wb.add_worksheet("-")
        for sheet in self.sheets:
            sheet.close()
        self.wb.close()


class _Spool:
    """Rows of sheets that are written after the stream has passed (the year sheets, in year
    order), each kept in a temporary file of its own. A row is pickled on its own: a ``Pickler``
    would remember every object it wrote."""

    def __init__(self, tmpdir: str) -> None:
        self.tmpdir = tmpdir
        self.files: dict[Any, IO[bytes]] = {}

    def key(self, key: Any) -> None:
        """Make sure ``key`` has a file (a sheet), rows or not."""
        if key not in self.files:
            self.files[key] = tempfile.TemporaryFile(dir=self.tmpdir)

    def add(self, key: Any, row: list) -> None:
        self.key(key)
        self.files[key].write(pickle.dumps(row, pickle.HIGHEST_PROTOCOL))

    def rows(self, key: Any) -> Iterator[list]:
        fh = self.files[key]
        fh.seek(0)
        while True:
            try:
                yield pickle.load(fh)
            except EOFError:
                return

    def close(self) -> None:
        for fh in self.files.values():
            fh.close()


def _sum(col: int, first: int, last: int, cached: int) -> Formula:
    return Formula(f"=SUM({_a1(col, first)}:{_a1(col, last)})", cached)


def _fund(book: _Book, org: OrgReport, yr: YearReport, block: FundBlock) -> None:
    """One fund-year's sheet: its allocations, then its lines, the sums among them as formulas."""
    cols = columns.shown(columns.ALLOCATION_COLUMNS, XLSX)
    state = book.label("r.closed" if yr.closed else "r.open")
    sheet = book.columns_sheet(f"{block.fund} {yr.year}", f"{org.organisation}: {title(block)} ({state})", cols)
    at = {c.key: i for i, c in enumerate(cols)}
    lines = fund_lines(block, book.lang)
    # a formula reaches only rows of its own sheet: past Excel's last row the sums are values
    formulas = len(block.rows) + len(lines) <= sheet.room
    first = sheet.row
    for r in block.rows:
        sheet.append([book.cell(c, c.value(r, Place("", block.year, block.fund))) for c in cols])
    last = sheet.row - 1
    money_col = at["amount"]
    sources: list[int] = []  # the rows of the grants and carryovers: what is available
    where: dict[str, int] = {}
    for line in lines:
        value: int | Formula | None = line.amount
        if line.amount is not None and formulas:
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
        index = sheet.append(row)
        if line.key is None and not where:
            sources.append(index)
        if line.key:
            where[line.key] = index


def _side(book: _Book, sb: SideBySide) -> None:
    n = len(sb.years)
    sheet = book.sheet(f"{sb.years[0]}-{sb.years[-1]}", f"{sb.organisation} {sb.years[0]}–{sb.years[-1]}",
                       [book.label("r.insats"), book.label("r.fund"), *(book.label("r.sum_year", year=y) for y in sb.years),
                        book.label("r.total")], [60] + [16] * (n + 2))
    lines = side_lines(sb, book.lang)
    formulas = len(sb.rows) + len(lines) <= sheet.room
    for r in sb.rows:
        # a row's total over the years is the sum of its years (an insats's money is not moved)
        total = Formula(f"=SUM({_a1(2, sheet.row)}:{_a1(1 + n, sheet.row)})", r.total) if formulas else r.total
        sheet.append([book.text(r.name), book.text(r.fund), *(book.money(a) for a in r.amounts), book.money(total)])
    for label, line in lines:
        # the lines' totals count a krona once (money moved between the years shown is not new):
        # the core's figures, not a sum of the year columns
        sheet.append([book.text(label, strong=True), None,
                      *(book.money(v, strong=True) for v in [*line.values, line.total])])


def _one(book: _Book, report: Report) -> None:
    """One organisation: a sheet per fund-year, then its years side by side."""
    for org in report.organisations:
        for yr in org.years:
            for block in yr.funds:
                _fund(book, org, yr, block)
        if org.side_by_side is not None:
            _side(book, org.side_by_side)


def _national(book: _Book, report: Report) -> None:
    """Several organisations: the summary lines and the roll-up (first in the workbook, written
    once the stream has passed); with --all-orgs each organisation's fund-years as they come and
    its allocations spooled into their year's sheet."""
    summary_cols = columns.shown(columns.SUMMARY_COLUMNS, XLSX)
    rollup_cols = columns.shown(columns.ROLLUP_COLUMNS, XLSX)
    summary_name, rollup_name = book.label("r.summary"), book.label("r.rollup")
    summary = book.columns_sheet(summary_name, summary_name, summary_cols)
    rollup = book.columns_sheet(rollup_name, rollup_name, rollup_cols)
    spool = _Spool(book.tmpdir)
    try:
        if report.detail:
            cols = columns.shown(columns.FUND_YEAR_COLUMNS, XLSX)
            fund_years = book.columns_sheet(book.label("r.fund_years"), book.label("r.fund_years"), cols,
                                            filtered=True)
            alloc_cols = columns.shown(columns.ALLOCATION_COLUMNS, XLSX_YEAR)
        for org in report.organisations:
            if not report.detail:
                continue
            for fund, year, figures, reported in org.fund_figures:
                row = FundYearRow(org.organisation, fund, year, figures, reported)
                fund_years.append([book.cell(c, c.value(row)) for c in cols])
            for yr in org.years:
                spool.key(yr.year)
                for block in yr.funds:
                    place = Place(org.organisation, yr.year, block.fund)
                    for r in block.rows:
                        spool.add(yr.year, [c.value(r, place) for c in alloc_cols])
        for s in report.summaries:
            summary.append([book.cell(c, c.value(s)) for c in summary_cols])
        for r in report.rollup:
            rollup.append([book.cell(c, c.value(r)) for c in rollup_cols])
        for year in sorted(spool.files):
            sheet = book.columns_sheet(book.label("r.year_sheet", year=year), book.label("r.year_title", year=year),
                                       alloc_cols, filtered=True)
            for values in spool.rows(year):
                sheet.append([book.cell(c, v) for c, v in zip(alloc_cols, values)])
    finally:
        spool.close()


def stream(report: Report, options: RenderOptions = RenderOptions()) -> Iterator[bytes]:
    """The workbook in chunks: its sheets are written as the organisations come, the file is put
    together at the end (in a temporary file, not in memory)."""
    # XlsxWriter removes its files (a sheet's rows, the parts of the file) only when it finishes:
    # in a folder of our own they go however the report ends (an error, Ctrl-C)
    with tempfile.TemporaryDirectory(prefix="sociofund-xlsx-", ignore_cleanup_errors=True) as tmpdir, \
            tempfile.TemporaryFile() as out:
        book = _Book(options.lang, out, tmpdir)
        (_national if report.several else _one)(book, report)
        book.close()
        out.seek(0)
        while chunk := out.read(CHUNK):
            yield chunk


def render(report: Report, options: RenderOptions = RenderOptions()) -> bytes:
    return b"".join(stream(report, options))

