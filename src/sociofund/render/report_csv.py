"""The report as CSV: one row per allocation and year, plain integers, a header row.

For programs and spreadsheets: amounts are whole kronor without separators or unit, text cells
that a spreadsheet would run as a formula are neutralised. UTF-8 without a byte-order mark.
``csv-excel`` is the same table as Swedish Excel opens it by a double-click (``stream_excel``). The columns are
``render.columns.ALLOCATION_COLUMNS`` that CSV shows, headed by their CSV names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from sociofund.core.reports import Report
from sociofund.render import columns, safe
from sociofund.render.columns import CSV, DATE, SHARE, TEXT, Column, Place
from sociofund.render.numbers import share
from sociofund.render.options import RenderOptions


def _cell(column: Column, value: Any, excel: bool = False) -> Any:
    if column.kind == TEXT:
        return safe.spreadsheet_cell(value)
    if column.kind == SHARE:
        return share(value).replace(".", ",") if excel else share(value)
    if column.kind == DATE:
        return "" if value is None else value.isoformat()
    if excel and isinstance(value, float):  # fte: Swedish Excel reads 0,5, not 0.5
        return str(value).replace(".", ",")
    return "" if value is None else value


def stream_excel(report: Report, options: RenderOptions = RenderOptions()) -> Iterator[str]:
    """The same table for Swedish Excel opened by a double-click: a byte-order mark (so Excel reads
    UTF-8), semicolons between cells (the comma is the decimal mark), decimal commas, CRLF."""
    first = True
    for chunk in stream(report, options, excel=True):
        yield ("\ufeff" + chunk) if first else chunk
        first = False


def stream(report: Report, options: RenderOptions = RenderOptions(), *, excel: bool = False) -> Iterator[str]:
    """One chunk per organisation. Over a root by default (no per-organisation detail) the rows
    are the organisations' summary lines (``SUMMARY_COLUMNS``) instead: a CSV is one table."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n") if excel else csv.writer(buf, lineterminator="\n")

    def drain() -> str:
        text = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        return text

    if not report.detail:
        for _ in report.organisations:
            pass
        cols = columns.shown(columns.SUMMARY_COLUMNS, CSV)
        w.writerow([c.csv_name for c in cols])
        for r in report.summaries:
            w.writerow([_cell(c, c.value(r), excel) for c in cols])
        yield drain()
        return
    cols = columns.shown(columns.ALLOCATION_COLUMNS, CSV)
    w.writerow([c.csv_name for c in cols])
    for org in report.organisations:
        for yr in org.years:
            for block in yr.funds:
                place = Place(org.organisation, yr.year, block.fund)
                for r in block.rows:
                    w.writerow([_cell(c, c.value(r, place), excel) for c in cols])
        yield drain()
    yield drain()


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return "".join(stream(report, options))
