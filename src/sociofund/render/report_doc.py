"""``report --format docx | html``: the fördelning as a ``Document`` for the board.

One section per organisation, year and fund: the allocations (amount, share, fte, utfall, kvar)
with their sum, the lines under them (grants, carried in, available, unallocated…) as
``report_common.fund_lines`` words them for every other format, and on the html page the charts:
the split between interventions, budget against utfall, and the fund's flow across the years shown.
"""

from __future__ import annotations

from sociofund import i18n
from sociofund.core.reports import Report
from sociofund.render import columns, svg
from sociofund.render.document import Chart, Column, Document, Paragraph, Section, Table
from sociofund.render.options import RenderOptions
from sociofund.render.report_common import fund_lines, has_forecast, has_spending, side_lines, side_shown, title


def _fund_blocks(yr, block, lang: str, charts: bool, unit: str) -> list[object]:
    """A fund-year's allocations with their sum row, the lines under them, and its charts."""
    L = lambda key, **a: i18n.label(key, lang, **a)  # noqa: E731
    # the one list of report columns, as the document media show them
    shown = columns.shown(columns.ALLOCATION_COLUMNS, columns.DOC, spending=has_spending(block),
                          forecasting=has_forecast(block))
    cols = [Column(L(c.label), c.kind, c.width) for c in shown]
    # in kronor: a document is put in tkr by its sum rows (document.for_unit), as every document is
    rows, totals = columns.fund_year(shown, block, "kr", columns.Place("", block.year, block.fund))
    n = len(rows)
    rows.append([L("r.sum_allocated"), *totals[1:]])
    lines = fund_lines(block, lang, unit)  # (in tkr, already adding up: the writer rounds nothing more)
    out: list[object] = [
        Table(cols, rows, strong=frozenset({n}), sums={n: (0, n - 1)} if n else {}),
        Table([Column(""), Column(L("r.amount"), "money")], [[ln.label, ln.amount] for ln in lines],
              strong=frozenset(i for i, ln in enumerate(lines) if ln.alert)),
    ]
    if charts:
        split = L("fr.chart.split", year=yr.year)
        out.append(Chart(svg.split_chart(
            split, [svg.Slice(r.name, r.amount, r.share) for r in block.rows if r.amount], lang), split))
        if has_spending(block):
            out.append(Chart(svg.budget_chart(
                L("fr.chart.budget"), [svg.BudgetRow(r.name, r.amount, r.spent) for r in block.rows], lang,
                (L("fr.budget"), L("fr.spent"))), L("fr.chart.budget")))
    return out


def _findings(yr, lang: str) -> list[Section]:
    if not yr.findings:
        return []
    return [Section(i18n.label("r.findings", lang, year=yr.year).rstrip(":"), [
        Paragraph(f"{f.code} {f.file}:{f.line}: {i18n.message(f, lang)[0]}", alert=f.severity.value == "error")
        for f in yr.findings])]


def _flow(org, lang: str) -> list[Section]:
    """The flow chart of each fund shown in more than one year."""
    L = lambda key, **a: i18n.label(key, lang, **a)  # noqa: E731
    by_fund: dict[str, list] = {}
    for yr in org.years:
        for block in yr.funds:
            by_fund.setdefault(block.fund, []).append(block)
    out = []
    for fund, blocks in by_fund.items():
        if len(blocks) < 2:
            continue
        # carried out of a year = the carryovers from it that the later years shown hold
        flow = [svg.FlowYear(b.year, b.figures.granted, b.figures.carried_in, b.figures.spent,
                             sum(c.amount for later in blocks for c in later.carryovers if c.from_year == b.year),
                             b.figures.repaid) for b in blocks]
        name = L("fr.chart.flow", fund=fund)
        legend = {k: L(f"fr.legend.{k}") for k in ("granted", "carried", "spent", "repaid")}
        out.append(Section(f"{org.organisation}: {name}", [Chart(svg.flow_chart(name, flow, lang, legend), name)]))
    return out


def _heading(org, yr, block, lang: str) -> str:
    state = i18n.label("r.closed" if yr.closed else "r.open", lang)
    return f"{org.organisation}: {title(block)} ({state})"


def document(report: Report, lang: str, charts: bool, unit: str = "kr") -> Document:
    """The whole report as one document: a section per organisation, year and fund (or, over a
    root without --all-orgs, one line per organisation), then the roll-up. The organisations are
    read once, as they stream in."""
    L = lambda key, **a: i18n.label(key, lang, **a)  # noqa: E731
    sections: list[Section] = []
    refs: dict[str, None] = {}
    orgs: list[str] = []
    years: set[int] = set()
    for org in report.organisations:
        orgs.append(org.organisation)
        for yr in org.years:
            years.add(yr.year)
            for block in yr.funds:
                refs.update(dict.fromkeys(block.refs))
                sections.append(Section(_heading(org, yr, block, lang), _fund_blocks(yr, block, lang, charts, unit)))
            sections += _findings(yr, lang)
        if org.side_by_side is not None:
            sections.append(_side_section(side_shown(org.side_by_side, unit), lang))
        if charts:
            sections += _flow(org, lang)
    if not report.detail:
        sections.append(_table_section(L("r.summary"), columns.SUMMARY_COLUMNS, report.summaries, lang))
    if report.rollup:
        sections.append(_table_section(L("r.rollup"), columns.ROLLUP_COLUMNS, report.rollup, lang))
    span = sorted(years or {y for s in report.summaries for y in s.years})
    period = f"{span[0]}–{span[-1]}" if len(span) > 1 else (str(span[0]) if span else "")
    return Document(title=f"{L('r.doc_title')} {period}".strip(), organisation=", ".join(orgs) if len(orgs) < 4 else "",
                    refs=list(refs), sections=sections, lang=lang, organisation_label=L("fr.organisation"),
                    refs_label=L("fr.refs"))


def _side_section(sb, lang: str) -> Section:
    L = lambda key, **a: i18n.label(key, lang, **a)  # noqa: E731
    cols = [Column(L("r.insats")), Column(L("r.fund")), *(Column(L("r.sum_year", year=y), "money") for y in sb.years),
            Column(L("r.total"), "money")]
    rows: list[list[object]] = [[r.name, r.fund, *r.amounts, r.total] for r in sb.rows]
    strong = set()
    for label, line in side_lines(sb, lang):
        strong.add(len(rows))
        rows.append([label, "", *line.values, line.total])
    return Section(f"{sb.organisation} {sb.years[0]}–{sb.years[-1]}", [Table(cols, rows, strong=frozenset(strong))])


def _table_section(heading: str, which: list, items, lang: str) -> Section:
    """The roll-up or the one-line-per-organisation summary, from the one column list."""
    shown = columns.shown(which, columns.DOC)
    cols = [Column(i18n.label(c.label, lang), c.kind, c.width) for c in shown]
    return Section(heading, [Table(cols, [[c.value(r) for c in shown] for r in items])])


def docx(report: Report, options: RenderOptions = RenderOptions()) -> list[bytes]:
    """One chunk: a Word document is written whole."""
    from sociofund.render import docx_writer

    return [docx_writer.write(document(report, options.lang, charts=False, unit=options.unit), options.unit)]


def html(report: Report, options: RenderOptions = RenderOptions()) -> list[str]:
    from sociofund.render import html_page

    return [html_page.write(document(report, options.lang, charts=True, unit=options.unit), options.unit)]
