"""The report as CSV: one row per allocation and year, plain integers, a header row.

For programs and spreadsheets: amounts are whole kronor without separators or unit, text cells
that a spreadsheet would run as a formula are neutralised. UTF-8 without a byte-order mark
(Excel users who double-click a CSV are better served by ``--format xlsx``).
"""

from __future__ import annotations

import csv
import io

from sociofund.core.reports import Report
from sociofund.render import safe
from sociofund.render.numbers import share
from sociofund.render.options import RenderOptions

COLUMNS = ("organisation", "year", "fund", "id", "name", "unit", "amount", "share_percent", "fte",
           "spent", "remaining", "ref")


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    text = safe.spreadsheet_cell
    for org in report.organisations:
        for yr in org.years:
            for block in yr.funds:
                for r in block.rows:
                    w.writerow([text(org.organisation), yr.year, text(block.fund), text(r.id), text(r.name),
                                text(r.unit), r.amount, share(r.share), "" if r.fte is None else r.fte,
                                "" if r.spent is None else r.spent, "" if r.remaining is None else r.remaining,
                                text(r.ref)])
    return buf.getvalue()
