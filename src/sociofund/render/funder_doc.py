"""The återrapportering as a ``Document``: the sections a funder reads, in the reader's language.

One builder for every human format of ``funder-report`` (terminal, Markdown, Word, html, xlsx):
each draws this value, so the five say the same thing with the same figures. Every sum row is a
sum of the rows above it in the same table (``Table.sums``), so a spreadsheet can keep it as a
formula; the figures themselves are the core's (``FunderReport``), never recomputed here.
"""

from __future__ import annotations

from sociofund import i18n
from sociofund.core.funder import FunderReport
from sociofund.render import svg
from sociofund.render.document import Chart, Column, Document, Paragraph, Section, Table
from sociofund.render.numbers import fte as fmt_fte
from sociofund.render.numbers import kr, pct


def _status(status: str, lang: str) -> str:
    return i18n.label(f"fr.status.{status}", lang)


def document(fr: FunderReport, lang: str, charts: bool = True) -> Document:
    L = lambda key, **a: i18n.label(key, lang, **a)  # noqa: E731
    figs = fr.figures
    name = fr.fund_name if fr.fund_name != fr.fund else fr.fund
    sections: list[Section] = []

    # 1. the money: grants and carried in = available
    rows: list[list[object]] = []
    for g in fr.grants:
        rows.append([L("fr.grant", funder=g.funder or "-"), g.ref, _status(g.status, lang), g.amount])
    for c in fr.carried_in:
        rows.append([L("fr.carried_from", year=c.from_year), c.ref,
                     L("fr.approved_by", who=c.approved_by) if c.approved_by else "", c.amount])
    n = len(rows)
    rows.append([L("fr.available"), "", "", figs.available])
    money_in = Table([Column(L("fr.item")), Column(L("fr.ref")), Column(L("fr.status")), Column(L("fr.amount"), "money")],
                     rows, strong=frozenset({n}), sums={n: (0, n - 1)} if n else {})
    sections.append(Section(L("fr.s.money"), [money_in]))

    # 2. per intervention: budget, utfall, deviation
    rows = [[i.name, i.unit, i.allocated, i.share, i.spent, i.deviation] for i in fr.interventions]
    n = len(rows)
    any_spent = any(i.spent is not None for i in fr.interventions)
    rows.append([L("fr.sum_allocated"), "", figs.allocated, fr.allocated_share, figs.spent if any_spent else None,
                 (figs.spent - figs.allocated) if fr.spent_complete and n else None])
    strong = {n}
    sums = {n: (0, n - 1)} if n else {}
    blocks: list[object] = []
    table = Table([Column(L("fr.insats")), Column(L("fr.unit")), Column(L("fr.budget"), "money"),
                   Column(L("fr.share"), "share"), Column(L("fr.spent"), "money"), Column(L("fr.deviation"), "money")],
                  rows, strong=frozenset(strong), sums=sums)
    blocks.append(table)
    if figs.unallocated:
        blocks.append(Paragraph(L("fr.overallocated" if figs.unallocated < 0 else "fr.unallocated",
                                  amount=kr(abs(figs.unallocated), lang)), alert=True))
    if not fr.spent_complete:
        blocks.append(Paragraph(L("fr.spent_so_far")))
    sections.append(Section(L("fr.s.interventions"), blocks))

    # 3. what was not spent, and where it went: unspent = carried out + repaid + unsettled
    rows = [[L("fr.available"), "", "", None, figs.available],
            [L("fr.spent_total"), "", "", None, figs.spent],
            [L("fr.unspent"), "", "", None, figs.unspent]]
    first = len(rows)
    for c in fr.carried_out:
        rows.append([L("fr.carried_to", year=c.to_year), c.ref,
                     L("fr.approved_by", who=c.approved_by) if c.approved_by else "", None, c.amount])
    for r in fr.repayments:
        due = L("fr.due", date=r.due.isoformat()) if r.due else ""
        rows.append([L("fr.repaid"), r.ref, due, r.paid, r.amount])
    if fr.unsettled:
        rows.append([L("fr.unsettled"), "", "", None, fr.unsettled])
    # available = spent + unspent, and unspent = what follows it: both kept as sums (a spreadsheet's
    # formulas; in tkr the shown thousands add up as they are read)
    sums = {0: (1, 2), **({2: (first, len(rows) - 1)} if len(rows) > first else {})}
    settle = Table([Column(L("fr.item")), Column(L("fr.ref")), Column(L("fr.terms")), Column(L("fr.paid"), "date"),
                    Column(L("fr.amount"), "money")], rows, strong=frozenset({2}), sums=sums)
    blocks = [settle]
    if fr.closed and fr.unsettled:
        blocks.append(Paragraph(L("fr.unsettled_closed", amount=kr(fr.unsettled, lang)), alert=True))
    sections.append(Section(L("fr.s.unspent"), blocks))

    # 4. co-financing
    blocks = []
    if fr.cofinancing:
        rows = []
        for c in fr.cofinancing:
            rows.append([c.name or "-", c.unit, _basis(c, lang), c.value])
        n = len(rows)
        # no sum where nothing has a value: "0 kr" would say the co-financing is worth nothing
        total = fr.cofinancing_total if len(fr.cofinancing) > fr.cofinancing_unquantified else None
        rows.append([L("fr.cofinancing_total"), "", "", total])
        blocks.append(Table([Column(L("fr.contribution")), Column(L("fr.unit")), Column(L("fr.basis")),
                             Column(L("fr.value"), "money")], rows, strong=frozenset({n}), sums={n: (0, n - 1)}))
        if fr.cofinancing_unquantified:
            blocks.append(Paragraph(L("fr.unquantified", entries=i18n.counted(fr.cofinancing_unquantified, "entry", lang)), alert=True))
    else:
        blocks.append(Paragraph(L("fr.no_cofinancing")))
    share = fr.grant_share
    if share is not None:
        cap = "" if fr.max_share is None else L("fr.cap", cap=pct(round(fr.max_share * 1000), lang))
        blocks.append(Paragraph(L("fr.grant_share", share=pct(share, lang), granted=kr(figs.granted, lang),
                                  total=kr(fr.total_cost, lang)) + cap))
    sections.append(Section(L("fr.s.cofinancing"), blocks))

    # 5. charts (the html page draws them; text formats leave them out)
    if charts:
        title_split = L("fr.chart.split", year=fr.year)
        slices = [svg.Slice(i.name, i.allocated, i.share) for i in fr.interventions if i.allocated]
        budget = [svg.BudgetRow(i.name, i.allocated, i.spent) for i in fr.interventions]
        flow = [svg.FlowYear(h.year, h.figures.granted, h.figures.carried_in, h.figures.spent, h.carried_out,
                             h.figures.repaid) for h in fr.history]
        legend = {k: L(f"fr.legend.{k}") for k in ("granted", "carried", "spent", "repaid")}
        sections.append(Section(L("fr.s.charts"), [
            Chart(svg.split_chart(title_split, slices, lang), title_split),
            Chart(svg.budget_chart(L("fr.chart.budget"), budget, lang, (L("fr.budget"), L("fr.spent"))),
                  L("fr.chart.budget")),
            Chart(svg.flow_chart(L("fr.chart.flow", fund=name), flow, lang, legend), L("fr.chart.flow", fund=name)),
        ]))

    # 6. the findings of check for this fund-year
    if fr.findings:
        sections.append(Section(L("fr.s.findings"), [
            Paragraph(f"{f.code} {f.file}:{f.line}: {i18n.message(f, lang)[0]}", alert=f.severity.value == "error")
            for f in fr.findings]))

    refs = list(dict.fromkeys(r for r in (*(g.ref for g in fr.grants), *(c.ref for c in fr.carried_in)) if r))
    state = L("fr.closed" if fr.closed else "fr.open")
    return Document(
        title=L("fr.title", fund=name, year=fr.year) + f" ({state})", organisation=fr.organisation, refs=refs,
        sections=sections, lang=lang, organisation_label=L("fr.organisation"), refs_label=L("fr.refs"),
        sheet=f"{fr.fund} {fr.year}")


def _basis(c, lang: str) -> str:
    """How a contribution is valued, in words: ``120 h × 450 kr``, ``0,15 årsarbete × 1 720 h × 450 kr``."""
    L = lambda key, **a: i18n.label(key, lang, **a)  # noqa: E731
    if c.form == "money":
        return L("fr.basis.money")
    if c.form == "hours":
        return L("fr.basis.hours", hours=c.hours, cost=kr(c.hourly_cost, lang)) if c.hourly_cost else \
            L("fr.basis.no_cost", what=L("fr.basis.hours_only", hours=c.hours))
    if c.form == "fte":
        what = L("fr.basis.fte", fte=fmt_fte(c.fte, lang), cost=kr(c.hourly_cost, lang)) if c.hourly_cost else \
            L("fr.basis.no_cost", what=L("fr.basis.fte_only", fte=fmt_fte(c.fte, lang)))
        return what + (L("fr.basis.rounded") if c.rounded else "")
    return L("fr.basis.none")
