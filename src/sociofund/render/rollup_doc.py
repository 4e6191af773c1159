"""The funder's view across municipalities as a ``Document``: one row per municipality and year.

Rows come from ``ProgrammeRollup`` (core): each organisation's fund of the programme, whatever
the organisation calls it, with the same figures its own funder report shows.
"""

from __future__ import annotations

from sociofund import i18n
from sociofund.core.funder import ProgrammeRollup
from sociofund.render.document import Column, Document, Paragraph, Section, Table


def document(data: ProgrammeRollup, lang: str) -> Document:
    L = lambda key, **a: i18n.label(key, lang, **a)  # noqa: E731
    one_year = len({r.year for r in data.lines}) <= 1  # the title names it
    columns = [Column(L("fr.organisation")), Column(L("r.fund")), Column(L("r.year"), "number"),
               Column(L("fr.legend.granted"), "money"), Column(L("fr.carried_in"), "money"),
               Column(L("fr.spent"), "money"), Column(L("fr.carried_out"), "money"),
               Column(L("fr.repaid"), "money"), Column(L("fr.cofinancing"), "money"), Column(L("fr.state"))]
    rows: list[list[object]] = []
    for r in data.lines:
        f = r.figures
        state = L("fr.closed" if r.closed else "fr.open")
        if r.errors:
            state += " " + L("fr.errors", count=r.errors)
        cof = r.cofinancing if r.cofinancing or not r.cofinancing_unquantified else None
        rows.append([r.organisation, r.fund, r.year, f.granted, f.carried_in, f.spent, r.carried_out, f.repaid,
                     cof, state])
    if one_year:
        columns, rows = columns[:2] + columns[3:], [row[:2] + row[3:] for row in rows]
    n = len(rows)
    total = data.total
    rows.append([L("r.total"), "", *([] if one_year else [None]), total.granted, total.carried_in, total.spent,
                 sum(r.carried_out for r in data.lines), total.repaid,
                 # no sum where no co-financing has a value: "0 kr" would say it is worth nothing
                 sum(r.cofinancing for r in data.lines) if any(row[-2] is not None for row in rows) else None, ""])
    blocks: list[object] = [Table(columns, rows, strong=frozenset({n}), sums={n: (0, n - 1)} if n else {})]
    unquantified = [r.organisation for r in data.lines if r.cofinancing_unquantified]
    if unquantified:
        blocks.append(Paragraph(L("fr.rollup_unquantified", orgs=", ".join(dict.fromkeys(unquantified)))))
    if data.absent:
        blocks.append(Paragraph(L("fr.rollup_absent", orgs=", ".join(data.absent))))
    years = "–".join(str(y) for y in sorted({r.year for r in data.lines})[::max(len({r.year for r in data.lines}) - 1, 1)])
    return Document(title=L("fr.rollup_title", program=data.key) + (f" {years}" if years else ""), organisation="",
                    refs=[], sections=[Section(L("fr.s.rollup"), blocks)], lang=lang, sheet=data.key)
