"""The report as rich tables for a terminal: fits 80 columns by wrapping names.

Every string from a ledger goes into a ``rich.text.Text`` after ``safe.terminal``: rich never
reads it as markup and a terminal never sees its escape sequences. rich is imported inside the
functions that draw, so that importing this module costs nothing. The columns are
``render.columns``' lists, the ones the table shows.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from sociofund import i18n
from sociofund.core.reports import FundBlock, Report, RollupRow, SideBySide, YearReport
from sociofund.render import columns, safe
from sociofund.render.columns import TABLE, TEXT, Column, for_people
from sociofund.render.numbers import kr, kr_or_dash
from sociofund.render.options import RenderOptions
from sociofund.render.report_common import fund_lines, has_forecast, has_spending, side_lines, title


def _text(text: str, style: str = ""):
    from rich.text import Text

    return Text(safe.table_cell(text), style=style)


def _cell(column: Column, row, o: RenderOptions):
    value = column.value(row)
    if column.kind != TEXT:
        return for_people(column, value, o.lang, o.unit)
    cell = _text(value)
    detail = getattr(row, column.detail) if column.detail else ""
    if detail:
        cell.append("\n").append(_text(detail, "dim"))
    return cell


def _add_columns(table, cols: list[Column], o: RenderOptions, *, overflow: str | None = None) -> None:
    """Each column as its kind wants it: numbers right-aligned and never wrapped, text wrapped; the
    wide column takes the width the others leave."""
    for c in cols:
        label = i18n.label(c.short or c.label, o.lang)
        if c.wide:
            table.add_column(label, ratio=1, overflow="fold", min_width=c.min_width)
        else:
            table.add_column(label, justify="right" if c.right else "left", no_wrap=c.right, min_width=c.min_width,
                             **({"overflow": overflow} if overflow else {}))


def _fund_table(console, block: FundBlock, o: RenderOptions) -> None:
    from rich import box
    from rich.table import Table

    cols = columns.shown(columns.ALLOCATION_COLUMNS, TABLE, spending=has_spending(block),
                        forecasting=has_forecast(block))
    table = Table(title=_text(title(block), "bold"), box=box.SIMPLE_HEAD, pad_edge=False, expand=True,
                  title_justify="left")
    _add_columns(table, cols, o)
    for r in block.rows:
        table.add_row(*(_cell(c, r, o) for c in cols))
    if block.partial:  # a sum under some of the rows would read as their sum: the lines below say it
        console.print(table)
        return
    table.add_section()
    table.add_row(_text(i18n.label("r.sum_allocated", o.lang), "bold"),
                  *(for_people(c, c.total(block), o.lang, o.unit) if c.total else "" for c in cols[1:]))
    console.print(table)


def _fund_lines(console, block: FundBlock, o: RenderOptions) -> None:
    from rich.table import Table
    from rich.text import Text

    lines = Table(box=None, show_header=False, pad_edge=False)
    lines.add_column()
    lines.add_column(justify="right", no_wrap=True)
    for line in fund_lines(block, o.lang):
        lines.add_row(_text(line.label), Text(kr_or_dash(line.amount, o.lang, o.unit), style="bold red" if line.alert else ""))
    console.print(lines)
    if block.refs:
        console.print(_text(f"{i18n.label('r.refs', o.lang)}: " + "; ".join(block.refs), "dim"))
    console.print()


def _findings(console, yr: YearReport, o: RenderOptions) -> None:
    if yr.findings:
        console.print(_text(i18n.label("r.findings", o.lang, year=yr.year), "bold yellow"))
        for f in yr.findings:
            msg, _ = i18n.message(f, o.lang)
            console.print(_text(f"  {f.file}:{f.line}: {f.code} {msg}"), soft_wrap=True)
        console.print()


def _year(console, yr: YearReport, o: RenderOptions) -> None:
    state = i18n.label("r.closed" if yr.closed else "r.open", o.lang)
    console.print(_text(f"{yr.organisation} {yr.year} ({state})", "bold underline"))
    for block in yr.funds:
        _fund_table(console, block, o)
        _fund_lines(console, block, o)
    _findings(console, yr, o)


def _side(console, sb: SideBySide, o: RenderOptions) -> None:
    from rich import box
    from rich.table import Table

    L = lambda k, **a: i18n.label(k, o.lang, **a)  # noqa: E731
    money = lambda v: kr(v, o.lang, o.unit)  # noqa: E731
    table = Table(title=_text(f"{sb.organisation} {sb.years[0]}–{sb.years[-1]}", "bold"), box=box.SIMPLE_HEAD,
                  pad_edge=False, title_justify="left")
    table.add_column(L("r.insats"), ratio=1, overflow="fold", min_width=16)
    for y in sb.years:
        table.add_column(L("r.sum_year", year=y), justify="right", no_wrap=True)
    table.add_column(L("r.total"), justify="right", no_wrap=True)
    for r in sb.rows:
        table.add_row(_text(r.name), *(money(a) for a in r.amounts), money(r.total))
    table.add_section()
    dash = lambda v: kr_or_dash(v, o.lang, o.unit)  # noqa: E731
    for label, line in side_lines(sb, o.lang):
        table.add_row(_text(label, "bold"), *(dash(v) for v in line.values), dash(line.total))
    console.print(table)
    console.print()


def _rollup(console, rows: list[RollupRow], o: RenderOptions) -> None:
    from rich import box
    from rich.table import Table

    # seven columns in 80: amounts never wrap, so the gaps are one space and the edges none
    table = Table(title=_text(i18n.label("r.rollup", o.lang), "bold"), box=box.SIMPLE_HEAD, pad_edge=False,
                  show_edge=False, padding=(0, 1), collapse_padding=True, title_justify="left")
    cols = columns.shown(columns.ROLLUP_COLUMNS, TABLE)
    _add_columns(table, cols, o, overflow="fold")
    for r in rows:
        table.add_row(*(_cell(c, r, o) for c in cols))
    console.print(table)


def _summary(console, report: Report, o: RenderOptions) -> None:
    from rich import box
    from rich.table import Table

    table = Table(title=_text(i18n.label("r.summary", o.lang), "bold"), box=box.SIMPLE_HEAD, pad_edge=False,
                  show_edge=False, padding=(0, 1), collapse_padding=True, title_justify="left")
    cols = columns.shown(columns.SUMMARY_COLUMNS, TABLE)
    _add_columns(table, cols, o, overflow="fold")
    for r in report.summaries:
        table.add_row(*(_cell(c, r, o) for c in cols))
    console.print(table)
    console.print(_text(i18n.label("r.summary_hint", o.lang), "dim"))
    console.print()


def _org(console, org, o: RenderOptions) -> None:
    if org.side_by_side is not None:
        _side(console, org.side_by_side, o)
        for yr in org.years:
            _findings(console, yr, o)
        return
    for yr in org.years:
        _year(console, yr, o)


def stream(report: Report, options: RenderOptions = RenderOptions()) -> Iterator[str]:
    """Each organisation's tables as it comes (or, over a root by default, nothing until the
    summary); then the summary lines and the roll-up."""
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=options.width, color_system="standard" if options.color else None,
                      force_terminal=options.color, no_color=not options.color, highlight=False, emoji=False)

    def drain() -> str:
        # rich pads every line to the full width; a pasted or diffed table is better without it
        text = "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))
        buf.seek(0)
        buf.truncate()
        return text

    for org in report.organisations:
        if report.detail:
            _org(console, org, options)
            yield drain()
    if not report.detail:
        _summary(console, report, options)
    if report.rollup:
        _rollup(console, report.rollup, options)
    yield drain()


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return "".join(stream(report, options))
