"""The report as GitHub-flavoured Markdown: pastes into a tjänsteskrivelse or a pull request."""

from __future__ import annotations

from collections.abc import Iterator

from sociofund import i18n
from sociofund.core.reports import FundBlock, Report, RollupRow, SideBySide, YearReport
from sociofund.render import columns, safe
from sociofund.render.columns import MD, TEXT, Column, for_people
from sociofund.render.numbers import kr, kr_or_dash
from sociofund.render.options import RenderOptions
from sociofund.render.report_common import (fund_lines, has_forecast, has_spending, side_lines, side_shown,
                                            title, tkr_note)


def _cell(text: str) -> str:
    return safe.markdown_cell(text)


def _header(cols: list[Column], lang: str) -> list[str]:
    labels = [i18n.label(c.label, lang) for c in cols]
    return ["| " + " | ".join(labels) + " |", "|" + "|".join("---:" if c.right else "---" for c in cols) + "|"]


def _cells(cols: list[Column], row, lang: str, unit: str, values: list | None = None) -> str:
    """A row; ``values`` its columns' values when the caller has them (tkr amounts rounded to
    add up to their totals), else the row's own."""
    texts = (for_people(c, v, lang, unit) for c, v in zip(cols, values or [c.value(row) for c in cols]))
    return "| " + " | ".join(_cell(v) if c.kind == TEXT else v for c, v in zip(cols, texts)) + " |"


def _total(cols: list[Column], totals: list, lang: str, unit: str) -> str:
    """The fund-year's sum row: its label in the first column, each column's total rule after."""
    cells = [f"**{i18n.label('r.sum_allocated', lang)}**"]
    for c, total in zip(cols[1:], totals[1:]):
        value = for_people(c, total, lang, unit) if c.total else ""
        cells.append(f"**{value}**" if c.total_strong else value)
    return "| " + " | ".join(cells) + " |"


def _fund(block: FundBlock, lang: str, unit: str) -> list[str]:
    L = lambda k: i18n.label(k, lang)  # noqa: E731
    cols = columns.shown(columns.ALLOCATION_COLUMNS, MD, spending=has_spending(block),
                        forecasting=has_forecast(block))
    out = [f"### {_cell(title(block))}", "", *_header(cols, lang)]
    values, totals = columns.fund_year(cols, block, unit)
    out += [_cells(cols, r, lang, unit, v) for r, v in zip(block.rows, values)]
    out.append(_total(cols, totals, lang, unit))
    out += ["", f"| | {L('r.amount')} |", "|---|---:|"]
    out += [f"| {_cell(line.label)} | {kr_or_dash(line.amount, lang, unit)} |" for line in fund_lines(block, lang, unit)]
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
    for label, line in side_lines(sb, lang):
        out.append(f"| **{_cell(label)}** | | " + " | ".join(kr_or_dash(v, lang, unit) for v in line.values)
                   + f" | {kr_or_dash(line.total, lang, unit)} |")
    return out + [""]


def _rollup(rows: list[RollupRow], lang: str, unit: str) -> list[str]:
    cols = columns.shown(columns.ROLLUP_COLUMNS, MD)
    return [f"## {i18n.label('r.rollup', lang)}", "", *_header(cols, lang), *(_cells(cols, r, lang, unit) for r in rows), ""]


def _summary(report: Report, lang: str, unit: str) -> list[str]:
    cols = columns.shown(columns.SUMMARY_COLUMNS, MD)
    return [f"## {i18n.label('r.summary', lang)}", "", *_header(cols, lang),
            *(_cells(cols, r, lang, unit) for r in report.summaries), "",
            _cell(i18n.label("r.summary_hint", lang)), ""]


def stream(report: Report, options: RenderOptions = RenderOptions()) -> Iterator[str]:
    """Each organisation's sections as it comes; then the summary lines and the roll-up."""
    lang, unit = options.lang, options.unit
    started = False
    for org in report.organisations:
        if not report.detail:
            continue
        out: list[str] = []
        if org.side_by_side is not None:
            out += _side(side_shown(org.side_by_side, unit), lang, unit)
            for yr in org.years:
                out += _findings(yr, lang)
        else:
            for yr in org.years:
                out += _year(yr, lang, unit)
        if out:
            # a blank line between sections, none at the end of the document (as one join would)
            text = "\n".join(out).rstrip("\n")
            yield ("\n\n" if started else "") + text
            started = True
    out = []
    if not report.detail:
        out += _summary(report, lang, unit)
    if report.rollup:
        out += _rollup(report.rollup, lang, unit)
    note = tkr_note(unit, lang)
    if note:
        out += [f"*{note}*", ""]  # our own sentence, not ledger text
    text = "\n".join(out).rstrip("\n")
    yield (("\n\n" if started and text else "") + text) + "\n"


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return "".join(stream(report, options))
