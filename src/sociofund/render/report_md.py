"""The report as GitHub-flavoured Markdown: pastes into a tjänsteskrivelse or a pull request."""

from __future__ import annotations

from sociofund import i18n
from sociofund.core.reports import FundBlock, Report, SideBySide, YearReport
from sociofund.render import safe
from sociofund.render.numbers import fte, kr, pct
from sociofund.render.options import RenderOptions
from sociofund.render.report_common import fund_lines, has_spending, side_lines, title


def _cell(text: str) -> str:
    return safe.markdown_cell(text)


def _fund(block: FundBlock, lang: str, unit: str) -> list[str]:
    L = lambda k: i18n.label(k, lang)  # noqa: E731
    spending = has_spending(block)
    cols = [L("r.insats"), L("r.unit"), L("r.amount"), L("r.share"), L("r.fte")]
    align = ["---", "---", "---:", "---:", "---:"]
    if spending:
        cols += [L("r.spent"), L("r.remaining")]
        align += ["---:", "---:"]
    out = [f"### {_cell(title(block))}", "", "| " + " | ".join(cols) + " |", "|" + "|".join(align) + "|"]
    for r in block.rows:
        cells = [_cell(r.name), _cell(r.unit), kr(r.amount, lang, unit), pct(r.share, lang), fte(r.fte, lang)]
        if spending:
            cells += [kr(r.spent, lang, unit), kr(r.remaining, lang, unit)]
        out.append("| " + " | ".join(cells) + " |")
    total = [f"**{L('r.sum_allocated')}**", "", f"**{kr(block.figures.allocated, lang, unit)}**",
             pct(block.allocated_share, lang), fte(block.fte or None, lang)]
    if spending:
        total += [kr(block.figures.spent, lang, unit), ""]
    out.append("| " + " | ".join(total) + " |")
    out += ["", f"| | {L('r.amount')} |", "|---|---:|"]
    out += [f"| {_cell(line.label)} | {kr(line.amount, lang, unit)} |" for line in fund_lines(block, lang)]
    if block.refs:
        out += ["", f"{L('r.refs')}: " + "; ".join(_cell(ref) for ref in block.refs)]
    return out + [""]


def _year(yr: YearReport, lang: str, unit: str) -> list[str]:
    state = i18n.label("r.closed" if yr.closed else "r.open", lang)
    out = [f"## {_cell(yr.organisation)} {yr.year} ({state})", ""]
    for block in yr.funds:
        out += _fund(block, lang, unit)
    return out + _findings(yr, lang)


def _findings(yr: YearReport, lang: str) -> list[str]:
    """The findings of ``check`` that touch the year, under its table."""
    if not yr.findings:
        return []
    return [i18n.label("r.findings", lang, year=yr.year), "",
            *(f"- `{f.code}` {_cell(f.file)}:{f.line}: {_cell(i18n.message(f, lang)[0])}" for f in yr.findings), ""]


def _side(sb: SideBySide, lang: str, unit: str) -> list[str]:
    L = lambda k, **a: i18n.label(k, lang, **a)  # noqa: E731
    years = [L("r.sum_year", year=y) for y in sb.years]
    out = [f"## {_cell(sb.organisation)} {sb.years[0]}–{sb.years[-1]}", "",
           f"| {L('r.insats')} | {L('r.fund')} | " + " | ".join(years) + f" | {L('r.total')} |",
           "|---|---|" + "---:|" * (len(years) + 1)]
    for r in sb.rows:
        out.append(f"| {_cell(r.name)} | {_cell(r.fund)} | " + " | ".join(kr(a, lang, unit) for a in r.amounts)
                   + f" | {kr(r.total, lang, unit)} |")
    for key, label in side_lines(lang):
        vals = [getattr(f, key) for f in sb.totals]
        out.append(f"| **{_cell(label)}** | | " + " | ".join(kr(v, lang, unit) for v in vals)
                   + f" | {kr(sum(vals), lang, unit)} |")
    return out + [""]


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    lang, unit = options.lang, options.unit
    out: list[str] = []
    for org in report.organisations:
        if org.side_by_side is not None:
            out += _side(org.side_by_side, lang, unit)
            for yr in org.years:
                out += _findings(yr, lang)
        else:
            for yr in org.years:
                out += _year(yr, lang, unit)
    if report.rollup:
        L = lambda k: i18n.label(k, lang)  # noqa: E731
        out += [f"## {L('r.rollup')}", "",
                f"| {L('r.fund')} | {L('r.year')} | {L('r.organisations')} | {L('r.granted')} | "
                f"{L('r.carried_in_any')} | {L('r.available')} | {L('r.allocated')} | {L('r.unallocated')} | {L('r.spent')} |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in report.rollup:
            out.append(f"| {_cell(r.fund)} | {r.year} | {r.organisations} | " + " | ".join(
                kr(getattr(r.figures, k), lang, unit) for k in ("granted", "carried_in", "available", "allocated", "unallocated", "spent")) + " |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
