"""A ``Document`` as one self-contained html page: tables and inline-SVG charts.

The page is a single file that reads the same offline, attached to an e-mail or opened from a
share: no stylesheet, font, image or script is fetched, and a Content-Security-Policy in the page
itself (``default-src 'none'``) makes the browser refuse any that slipped in — the browser test
reports such a refusal as a console error. Styles are inline in ``<style>``; a print rule fits the
tables to A4.

Every string from a ledger is escaped as html text (``svg.text``: ``& < > " '`` and visible control
and bidi characters); the page has no attribute or URL built from ledger text.
"""

from __future__ import annotations

from sociofund import i18n
from sociofund.render.document import compact, for_unit, NUMERIC, Chart, Document, Paragraph, Table, cell_text
from sociofund.render.svg import text as esc

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #222; margin: 24px;
       max-width: 1000px; font-size: 14px; line-height: 1.35; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 3px; }
p.meta { margin: 2px 0; color: #444; }
p.alert { color: #a01010; font-weight: bold; }
table { border-collapse: collapse; margin: 8px 0 16px; }
caption { text-align: left; font-style: italic; padding-bottom: 4px; }
th, td { border: 1px solid #bbb; padding: 3px 8px; vertical-align: top; }
th { background: #f0f0f0; text-align: left; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.strong td { font-weight: bold; background: #fafafa; }
figure { margin: 12px 0 20px; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; } h2 { break-after: avoid; } table, figure { break-inside: avoid; } }
"""


def write(doc: Document, unit: str = "kr") -> str:
    doc = for_unit(doc, unit)
    lang = doc.lang
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{i18n.locale(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(doc.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(doc.title)}</h1>",
    ]
    if doc.organisation:
        label = f"{esc(doc.organisation_label)}: " if doc.organisation_label else ""
        out.append(f'<p class="meta">{label}{esc(doc.organisation)}</p>')
    if doc.refs:
        label = f"{esc(doc.refs_label)}: " if doc.refs_label else ""
        out.append(f'<p class="meta">{label}{"; ".join(esc(r) for r in doc.refs)}</p>')
    for sec in doc.sections:
        out.append(f"<section><h2>{esc(sec.heading)}</h2>")
        for block in sec.blocks:
            if isinstance(block, Table):
                out += _table(block, lang, unit)
            elif isinstance(block, Paragraph):
                out.append(f'<p class="alert">{esc(block.text)}</p>' if block.alert else f"<p>{esc(block.text)}</p>")
            elif isinstance(block, Chart):
                out.append(f"<figure>{block.svg}</figure>")
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _table(table: Table, lang: str, unit: str) -> list[str]:
    table = compact(table)
    out = ["<table>"]
    if table.caption:
        out.append(f"<caption>{esc(table.caption)}</caption>")
    heads = "".join(f'<th{" class=num" if c.kind in NUMERIC else ""}>{esc(c.label)}</th>' for c in table.columns)
    out.append(f"<thead><tr>{heads}</tr></thead><tbody>")
    for i, row in enumerate(table.rows):
        cells = "".join(
            f'<td{" class=num" if c.kind in NUMERIC else ""}>{esc(cell_text(v, c.kind, lang, unit))}</td>'
            for c, v in zip(table.columns, row))
        out.append(f'<tr class="strong">{cells}</tr>' if i in table.strong else f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return out
