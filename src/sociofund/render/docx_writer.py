"""A ``Document`` as a Word file (.docx) for a tjänsteskrivelse: python-docx writes it.

python-docx is a well-kept library for exactly this (the Office Open XML a handläggare's Word
opens), an optional extra (``pip install 'sociofund[docx]'``) imported only inside ``write``.

What the board's document needs: A4, a title, the organisation and the decisions (Dnr) under it,
then each section as a heading and tables whose amounts are right-aligned in Swedish form
(``1 750 000 kr``, no-break spaces so an amount never wraps) with sums in bold. Charts are left to
the html page: Word's own charts would need the figures twice. Ledger text is shown as text —
control and bidi characters made visible (``safe.terminal``), which also keeps characters XML
cannot hold out of the file.
"""

from __future__ import annotations

import io

from sociofund import i18n
from sociofund.render import safe
from sociofund.render.document import compact, for_unit, NUMERIC, Chart, Document, Paragraph, Table, cell_text

A4_MM = (210, 297)


def write(doc: Document, unit: str = "kr") -> bytes:
    doc = for_unit(doc, unit)
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    word = docx.Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    word.styles["Normal"].font.name = "Calibri"
    word.styles["Normal"].font.size = Pt(10)
    word.core_properties.title = safe.terminal(doc.title)
    word.core_properties.language = i18n.locale(doc.lang)

    t = safe.terminal
    word.add_heading(t(doc.title), level=0)
    if doc.organisation:
        word.add_paragraph(f"{doc.organisation_label}: {t(doc.organisation)}" if doc.organisation_label
                           else t(doc.organisation))
    if doc.refs:
        word.add_paragraph((f"{doc.refs_label}: " if doc.refs_label else "") + "; ".join(t(r) for r in doc.refs))

    for sec in doc.sections:
        word.add_heading(t(sec.heading), level=1)
        for block in sec.blocks:
            if isinstance(block, Paragraph):
                run = word.add_paragraph().add_run(t(block.text))
                if block.alert:
                    run.bold = True
                    run.font.color.rgb = RGBColor(0xA0, 0x10, 0x10)
            elif isinstance(block, Table):
                _table(word, block, doc.lang, unit, WD_ALIGN_PARAGRAPH, WD_TABLE_ALIGNMENT)
            elif isinstance(block, Chart):
                continue
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _table(word, table: Table, lang: str, unit: str, align, table_align) -> None:
    table = compact(table)
    t = safe.terminal
    if table.caption:
        word.add_paragraph(t(table.caption)).runs[0].italic = True
    grid = word.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = table_align.LEFT

    def put(cell, value: str, *, right: bool, bold: bool) -> None:
        para = cell.paragraphs[0]
        run = para.add_run(value)
        run.bold = bold
        if right:
            para.alignment = align.RIGHT

    for j, col in enumerate(table.columns):
        put(grid.rows[0].cells[j], t(col.label), right=col.kind in NUMERIC, bold=True)
    for i, row in enumerate(table.rows):
        cells = grid.rows[i + 1].cells
        for j, (col, value) in enumerate(zip(table.columns, row)):
            text = cell_text(value, col.kind, lang, unit)
            put(cells[j], t(text) if col.kind == "text" else text, right=col.kind in NUMERIC,
                bold=i in table.strong)
    word.add_paragraph()
