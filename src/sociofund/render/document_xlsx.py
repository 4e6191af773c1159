"""``Document``s as an Excel workbook made for printing: one sheet per document.

Written with XlsxWriter (a well-kept, write-only library) rather than openpyxl because a sum must
be a formula *and* show its value: openpyxl writes a formula without a cached result, so a viewer
that does not calculate (a phone, a web preview, a converter) shows an empty cell. XlsxWriter's
``write_formula(..., value=)`` stores both: the formula keeps the total right when someone edits a
cell, the cached value is the core's exact figure until then. openpyxl stays what the tests read
the file back with.

Each sheet: a title row, the organisation and decisions, then every table with its header; amounts
are numbers formatted as kronor, shares real percentages (0,243 shown as 24,3 %), dates real
dates. Printed: A4 landscape, fitted to one page wide, the title row repeated on every page.
Ledger text is written as string cells (never a formula) after ``safe.xlsx_text``: no CSV apostrophe.
XlsxWriter is imported inside ``write``.
"""

from __future__ import annotations

import io

from sociofund.render import safe
from sociofund.render.document import compact, for_unit, Chart, Document, Paragraph, Table

KRONOR_FORMAT = '#,##0" kr"'
TKR_FORMAT = '#,##0," tkr"'
SHARE_FORMAT = "0.0 %"
FTE_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
A4 = 9


def sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``, unique."""
    base = "".join("_" if c in "[]:*?/\\" else c for c in safe.terminal(title)).strip("' ")[:31] or "Blad"
    name, n = base, 2
    head, _, last = base.rpartition(" ")
    while name.casefold() in {t.casefold() for t in taken}:  # a counter before the last word (a year) keeps it
        suffix = f" ({n})"
        name = head[: 31 - len(suffix) - len(last) - 1].rstrip() + suffix + " " + last if head else base[:27] + suffix
        n += 1
    taken.add(name)
    return name


def column_letter(index: int) -> str:
    """0-based column index -> its letters: 0 -> A, 27 -> AB."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def write(docs: list[Document], unit: str = "kr") -> bytes:
    docs = [for_unit(d, unit) for d in docs]
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    f = {
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "meta": wb.add_format({"font_color": "#444444"}),
        "heading": wb.add_format({"bold": True, "font_size": 12, "bottom": 1}),
        "caption": wb.add_format({"italic": True}),
        "head": wb.add_format({"bold": True, "bg_color": "#EEEEEE", "bottom": 1, "text_wrap": True, "valign": "top"}),
        "head_num": wb.add_format({"bold": True, "bg_color": "#EEEEEE", "bottom": 1, "align": "right",
                                   "text_wrap": True, "valign": "top"}),
        "alert": wb.add_format({"bold": True, "font_color": "#A01010"}),
    }
    numeric = {"money": TKR_FORMAT if unit == "tkr" else KRONOR_FORMAT, "share": SHARE_FORMAT,
               "fte": FTE_FORMAT, "number": "0", "date": DATE_FORMAT}
    for bold in (False, True):
        f[("text", bold)] = wb.add_format({"bold": bold, "text_wrap": True, "valign": "top",
                                           **({"top": 1} if bold else {})})
        for kind, num_format in numeric.items():
            f[(kind, bold)] = wb.add_format({"bold": bold, "num_format": num_format, "valign": "top",
                                             **({"top": 1} if bold else {})})
    taken: set[str] = set()
    for doc in docs:
        ws = wb.add_worksheet(sheet_name(doc.sheet or doc.title, taken))
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as it takes
        ws.repeat_rows(0)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        # each sheet column as wide as the widest its tables ask for (the first holds the names)
        widths: dict[int, int] = {}
        for sec in doc.sections:
            for block in sec.blocks:
                if isinstance(block, Table):
                    for j, col in enumerate(compact(block).columns):
                        widths[j] = max(widths.get(j, 0), col.width or (48 if j == 0 else 17))
        for j, w in widths.items():
            ws.set_column(j, j, w)
        ws.write_string(0, 0, safe.xlsx_text(doc.title), f["title"])
        row = 1
        if doc.organisation:
            ws.write_string(row, 0, safe.xlsx_text(
                f"{doc.organisation_label}: {doc.organisation}" if doc.organisation_label else doc.organisation), f["meta"])
            row += 1
        if doc.refs:
            ws.write_string(row, 0, safe.xlsx_text(
                (f"{doc.refs_label}: " if doc.refs_label else "") + "; ".join(doc.refs)), f["meta"])
            row += 1
        for sec in doc.sections:
            blocks = [b for b in sec.blocks if not isinstance(b, Chart)]
            if not blocks:
                continue
            row += 1
            if sec.heading:  # (a one-section sheet may have none: its title says it)
                ws.write_string(row, 0, safe.xlsx_text(sec.heading), f["heading"])
                row += 1
            for block in blocks:
                if isinstance(block, Paragraph):
                    ws.write_string(row, 0, safe.xlsx_text(block.text), f["alert"] if block.alert else None)
                    row += 1
                elif isinstance(block, Table):
                    row = _table(ws, block, row, f) + 1
    wb.close()
    return out.getvalue()


def _table(ws, table: Table, row: int, f: dict) -> int:
    """Write ``table`` from ``row``; return the next free row."""
    table = compact(table)
    if table.caption:
        ws.write_string(row, 0, safe.xlsx_text(table.caption), f["caption"])
        row += 1
    for j, col in enumerate(table.columns):
        ws.write_string(row, j, safe.xlsx_text(col.label), f["head" if col.kind == "text" else "head_num"])
    first = row + 1
    for i, cells in enumerate(table.rows):
        r = first + i
        bold = i in table.strong
        for j, (col, value) in enumerate(zip(table.columns, cells)):
            fmt = f[(col.kind, bold)]
            if value is None:
                if bold:
                    ws.write_blank(r, j, None, fmt)
                continue
            if col.kind == "text":
                ws.write_string(r, j, safe.xlsx_text(str(value)), fmt)
                continue
            if col.kind == "date":
                ws.write_datetime(r, j, value, fmt)
                continue
            # a share arrives as integer tenths of a percent: the cell holds the real fraction
            number = value / 1000 if col.kind == "share" else value
            span = table.sums.get(i)
            if span is not None and col.kind == "money":
                a, b = first + span[0] + 1, first + span[1] + 1  # 1-based rows in A1 notation
                ws.write_formula(r, j, f"=SUM({column_letter(j)}{a}:{column_letter(j)}{b})", fmt, number)
            else:
                ws.write_number(r, j, number, fmt)
    return first + len(table.rows)
