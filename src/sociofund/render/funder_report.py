"""``funder-report`` in every format: the renderers ``FUNDER_FORMATS`` lists.

Data is a ``FunderReport`` (one fund-year) or a ``ProgrammeRollup`` (the funder's view across
municipalities). The human formats draw ``Document``s (``funder_doc``, ``rollup_doc``) with the
medium writers (terminal, Markdown, Word, html, xlsx); CSV and JSON carry the core's figures as
plain integers for programs. Every optional library is imported by the writer that needs it.
Like every FORMATS renderer, each returns the chunks to write; these documents are one chunk each
(a Word file or a workbook is written whole, and a funder report is one fund-year).
"""

from __future__ import annotations

import csv
import dataclasses
import io
from fractions import Fraction

from sociofund.core.funder import FunderReport, ProgrammeRollup
from sociofund.core.ledger import Figures
from sociofund.render import safe
from sociofund.render.findings import as_dict
from sociofund.render.options import RenderOptions

SCHEMA_VERSION = 1


def _docs(data, lang: str, charts: bool):
    if isinstance(data, ProgrammeRollup):
        from sociofund.render.rollup_doc import document as rollup_document

        return [rollup_document(data, lang)]
    from sociofund.render.funder_doc import document

    return [document(data, lang, charts=charts)]


def table(data, options: RenderOptions = RenderOptions()) -> list[str]:
    from sociofund.render import document_text

    return [document_text.terminal(_docs(data, options.lang, False), options.unit, options.width, options.color)]


def md(data, options: RenderOptions = RenderOptions()) -> list[str]:
    from sociofund.render import document_text

    return [document_text.markdown(_docs(data, options.lang, False), options.unit)]


def docx(data, options: RenderOptions = RenderOptions()) -> list[bytes]:
    from sociofund.render import docx_writer

    (doc,) = _docs(data, options.lang, False)
    return [docx_writer.write(doc, options.unit)]


def html(data, options: RenderOptions = RenderOptions()) -> list[str]:
    from sociofund.render import html_page

    (doc,) = _docs(data, options.lang, True)
    return [html_page.write(doc, options.unit)]


def xlsx(data, options: RenderOptions = RenderOptions()) -> list[bytes]:
    from sociofund.render import document_xlsx

    return [document_xlsx.write(_docs(data, options.lang, False), options.unit)]


# --- for programs -------------------------------------------------------------------------------

FIGURES = ("granted", "carried_in", "available", "allocated", "unallocated", "spent", "unspent", "repaid")


def _plain(value, lang: str):
    if isinstance(value, Figures):
        return {k: getattr(value, k) for k in FIGURES}
    if isinstance(value, Fraction):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        if value.__class__.__name__ == "Finding":
            return as_dict(value, lang)
        return {f.name: _plain(getattr(value, f.name), lang) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v, lang) for v in value]
    return value


def to_json(data, options: RenderOptions = RenderOptions()) -> list[str]:
    doc = {"version": SCHEMA_VERSION, **_plain(data, options.lang)}
    if isinstance(data, FunderReport):
        # the derived figures a funder reads, so a program need not recompute them
        doc["totals"] = {"carried_out": data.carried_out_total, "repaid": data.repaid_total,
                         "unsettled": data.unsettled, "cofinancing": data.cofinancing_total,
                         "cofinancing_unquantified": data.cofinancing_unquantified,
                         "total_cost": data.total_cost, "grant_share_tenths": data.grant_share}
    else:
        doc["total"] = _plain(data.total, options.lang)
    return [safe.json_dumps(doc) + "\n"]


CSV_COLUMNS = ("organisation", "fund", "year", "kind", "id", "name", "unit", "amount", "spent", "deviation",
               "ref", "approved_by", "status", "due", "paid")
ROLLUP_CSV_COLUMNS = ("organisation", "fund", "year", "granted", "carried_in", "available", "spent", "carried_out",
                      "repaid", "unsettled", "cofinancing", "cofinancing_unquantified", "closed", "errors")


def to_csv(data, options: RenderOptions = RenderOptions()) -> list[str]:
    """One row per line of the report (kind: grant, carried_in, allocation, carried_out,
    repayment, cofinancing), or one row per municipality of a roll-up; plain integers."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    t = safe.spreadsheet_cell
    n = lambda v: "" if v is None else v  # noqa: E731
    if isinstance(data, ProgrammeRollup):
        w.writerow(ROLLUP_CSV_COLUMNS)
        for r in data.lines:
            f = r.figures
            w.writerow([t(r.organisation), t(r.fund), r.year, f.granted, f.carried_in, f.available, f.spent,
                        r.carried_out, f.repaid, f.unspent - r.carried_out - f.repaid, r.cofinancing,
                        r.cofinancing_unquantified, str(r.closed).lower(), r.errors])
        return [buf.getvalue()]
    fr = data
    head = [t(fr.organisation), t(fr.fund), fr.year]
    w.writerow(CSV_COLUMNS)
    for g in fr.grants:
        w.writerow([*head, "grant", "", t(g.program), "", g.amount, "", "", t(g.ref), "", g.status, "", ""])
    for c in fr.carried_in:
        w.writerow([*head, "carried_in", c.from_year, "", "", c.amount, "", "", t(c.ref), t(c.approved_by), "", "", ""])
    for i in fr.interventions:
        w.writerow([*head, "allocation", t(i.id), t(i.name), t(i.unit), i.allocated, n(i.spent), n(i.deviation),
                    "", "", "", "", ""])
    for c in fr.carried_out:
        w.writerow([*head, "carried_out", c.to_year, "", "", c.amount, "", "", t(c.ref), t(c.approved_by), "", "", ""])
    for r in fr.repayments:
        w.writerow([*head, "repayment", "", "", "", r.amount, "", "", t(r.ref), "", "",
                    r.due.isoformat() if r.due else "", r.paid.isoformat() if r.paid else ""])
    for c in fr.cofinancing:
        w.writerow([*head, "cofinancing", c.form, t(c.name), t(c.unit), n(c.value), "", "", t(c.ref), "", "", "", ""])
    return [buf.getvalue()]
