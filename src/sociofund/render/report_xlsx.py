"""The report as an Excel workbook: one sheet per year, real numeric cells formatted as kronor.

openpyxl writes it (and the tests read it back with the same library). Amounts are numbers with
a kronor number format, never text; totals are numbers equal to the core's totals; text from a
ledger is neutralised so that no cell is a formula. openpyxl is imported inside ``render``.
"""

from __future__ import annotations

import io

from sociofund import i18n
from sociofund.core.reports import Report
from sociofund.render import safe
from sociofund.render.options import RenderOptions
from sociofund.render.report_common import fund_lines, side_lines

KRONOR_FORMAT = '#,##0" kr"'
SHARE_FORMAT = '0.0" %"'


def render(report: Report, options: RenderOptions = RenderOptions()) -> bytes:
    lang = options.lang
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    L = lambda k, **a: i18n.label(k, lang, **a)  # noqa: E731
    text = safe.spreadsheet_cell
    names: set[str] = set()

    def sheet(title: str):
        # sheet names: at most 31 characters, no []:*?/\ and unique
        base = "".join("_" if c in "[]:*?/\\" else c for c in title)[:31] or "Blad"
        name, n = base, 2
        while name in names:
            name, n = f"{base[:28]}-{n}", n + 1
        names.add(name)
        return wb.create_sheet(name)

    def money(ws, row: int, col: int, value: int | None, *, strong: bool = False) -> None:
        if value is None:
            return
        cell = ws.cell(row=row, column=col, value=value)
        cell.number_format = KRONOR_FORMAT
        if strong:
            cell.font = bold

    many_orgs = len(report.organisations) > 1
    for org in report.organisations:
        for yr in org.years:
            ws = sheet(f"{org.organisation[:20]} {yr.year}" if many_orgs else str(yr.year))
            headers = [L("r.fund"), L("r.insats"), L("r.unit"), L("r.amount"), L("r.share"), L("r.fte"),
                       L("r.spent"), L("r.remaining")]
            ws.append(headers)
            for c in ws[1]:
                c.font = bold
            ws.freeze_panes = "A2"
            row = 2
            for block in yr.funds:
                for r in block.rows:
                    ws.cell(row=row, column=1, value=text(block.fund))
                    ws.cell(row=row, column=2, value=text(r.name)).alignment = Alignment(wrap_text=True)
                    ws.cell(row=row, column=3, value=text(r.unit))
                    money(ws, row, 4, r.amount)
                    if r.share is not None:
                        c = ws.cell(row=row, column=5, value=r.share / 10)  # a display share, not money
                        c.number_format = SHARE_FORMAT
                    if r.fte is not None:
                        ws.cell(row=row, column=6, value=r.fte)
                    money(ws, row, 7, r.spent)
                    money(ws, row, 8, r.remaining)
                    row += 1
                for line in fund_lines(block, lang):
                    ws.cell(row=row, column=1, value=text(block.fund))
                    ws.cell(row=row, column=2, value=text(line.label)).font = bold
                    money(ws, row, 4, line.amount, strong=True)
                    row += 1
                row += 1
            for col, width in zip("ABCDEFGH", (12, 60, 22, 16, 9, 8, 16, 16)):
                ws.column_dimensions[col].width = width
        sb = org.side_by_side
        if sb is not None:
            ws = sheet(f"{org.organisation[:16]} {sb.years[0]}-{sb.years[-1]}" if many_orgs else f"{sb.years[0]}-{sb.years[-1]}")
            ws.append([L("r.insats"), L("r.fund"), *(L("r.sum_year", year=y) for y in sb.years), L("r.total")])
            for c in ws[1]:
                c.font = bold
            ws.freeze_panes = "A2"
            row = 2
            for r in sb.rows:
                ws.cell(row=row, column=1, value=text(r.name))
                ws.cell(row=row, column=2, value=text(r.fund))
                for i, a in enumerate(r.amounts):
                    money(ws, row, 3 + i, a)
                money(ws, row, 3 + len(sb.years), r.total)
                row += 1
            for key, label in side_lines(lang):
                ws.cell(row=row, column=1, value=text(label)).font = bold
                vals = [getattr(f, key) for f in sb.totals]
                for i, v in enumerate(vals):
                    money(ws, row, 3 + i, v, strong=True)
                money(ws, row, 3 + len(vals), sum(vals), strong=True)
                row += 1
            ws.column_dimensions["A"].width = 60
            for i in range(len(sb.years) + 2):
                ws.column_dimensions[chr(ord("B") + i)].width = 16
    if report.rollup:
        ws = sheet(L("r.rollup")[:31])
        ws.append([L("r.fund"), L("r.year"), L("r.organisations"), L("r.granted"), L("r.carried_in_any"),
                   L("r.available"), L("r.allocated"), L("r.unallocated"), L("r.spent")])
        for c in ws[1]:
            c.font = bold
        ws.freeze_panes = "A2"
        for i, r in enumerate(report.rollup, start=2):
            ws.cell(row=i, column=1, value=text(r.fund))
            ws.cell(row=i, column=2, value=r.year)
            ws.cell(row=i, column=3, value=r.organisations)
            for j, v in enumerate(getattr(r.figures, k) for k in ("granted", "carried_in", "available", "allocated", "unallocated", "spent")):
                money(ws, i, 4 + j, v)
        for col in "ABCDEFGHI":
            ws.column_dimensions[col].width = 16
    if not wb.worksheets:
        wb.create_sheet("-")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
