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
from sociofund.render.report_common import (fund_lines, has_forecast, has_spending, side_lines, side_shown,
                                            title, tkr_note)


def _text(text: str, style: str = ""):
    from rich.text import Text

    return Text(safe.table_cell(text), style=style)


def _cell(column: Column, row, o: RenderOptions, value=None):
    """A row's cell; ``value`` the column's value when the caller has it (a tkr amount rounded
    to add up to its total), else the row's own."""
    value = column.value(row) if value is None else value
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
    values, totals = columns.fund_year(cols, block, o.unit)
    for r, row in zip(block.rows, values):
        table.add_row(*(_cell(c, r, o, v) for c, v in zip(cols, row)))
    if block.partial:  # a sum under some of the rows would read as their sum: the lines below say it
        console.print(table)
        return
    table.add_section()
    table.add_row(_text(i18n.label("r.sum_allocated", o.lang), "bold"),
                  *(for_people(c, t, o.lang, o.unit) if c.total else "" for c, t in zip(cols[1:], totals[1:])))
    console.print(table)


def _fund_lines(console, block: FundBlock, o: RenderOptions) -> None:
    from rich.table import Table
    from rich.text import Text

    lines = Table(box=None, show_header=False, pad_edge=False)
    lines.add_column()
    lines.add_column(justify="right", no_wrap=True)
    for line in fund_lines(block, o.lang, o.unit):
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
    """Years side by side; as many year columns per table as fit the width beside the names (a
    ten-year set at 80 columns is three tables, each readable, the total in the last)."""
    from rich import box
    from rich.table import Table

    L = lambda k, **a: i18n.label(k, o.lang, **a)  # noqa: E731
    money = lambda v: kr(v, o.lang, o.unit)  # noqa: E731
    dash = lambda v: kr_or_dash(v, o.lang, o.unit)  # noqa: E731
    lines = side_lines(sb, o.lang)
    # (header, cells under it) per year, then the total: each column as wide as its widest cell
    cols = [(L("r.sum_year", year=y), [money(r.amounts[i]) for r in sb.rows]
             + [dash(line.values[i]) for _, line in lines]) for i, y in enumerate(sb.years)]
    total = (L("r.total"), [money(r.total) for r in sb.rows] + [dash(line.total) for _, line in lines])
    width = lambda col: max(len(col[0]), *(len(c) for c in col[1])) + 2  # noqa: E731 - one space each side
    # one table when every column fits beside names of 16; else tables of the years that fit
    # beside names of 24 (a name folded into a column of 16 is hard to read over many rows)
    fits = sum(width(c) for c in cols) + width(total) <= o.width - _SIDE_NAME_MIN - 4
    room = max(o.width - (_SIDE_NAME_MIN if fits else _SIDE_NAME_ROOM) - 4, 0)
    chunks: list[list[int]] = [[]]
    used = 0
    for i, col in enumerate(cols):
        if chunks[-1] and used + width(col) > room:
            chunks.append([])
            used = 0
        chunks[-1].append(i)
        used += width(col)
    if chunks[-1] and used + width(total) > room:
        chunks.append([])  # the total alone, rather than squeezed
    for n, chunk in enumerate(chunks):
        last = n == len(chunks) - 1
        span = [sb.years[i] for i in chunk] or [sb.years[0], sb.years[-1]]
        years = f"{span[0]}–{span[-1]}" if span[0] != span[-1] else str(span[0])
        table = Table(title=_text(f"{sb.organisation} {years}", "bold"), box=box.SIMPLE_HEAD,
                      pad_edge=False, title_justify="left")
        table.add_column(L("r.insats"), ratio=1, overflow="fold", min_width=_SIDE_NAME_MIN)
        for i in chunk:
            table.add_column(cols[i][0], justify="right", no_wrap=True)
        if last:
            table.add_column(total[0], justify="right", no_wrap=True)
        shown = [*chunk, len(cols)] if last else chunk
        every = [*cols, total]
        for k, r in enumerate(sb.rows):
            table.add_row(_text(r.name), *(every[i][1][k] for i in shown))
        table.add_section()
        for j, (label, _) in enumerate(lines):
            table.add_row(_text(label, "bold"), *(every[i][1][len(sb.rows) + j] for i in shown))
        console.print(table)
    console.print()


#: the narrowest the names of a side-by-side table get
_SIDE_NAME_MIN = 16
#: the width kept for the names when the year columns are split over several tables
_SIDE_NAME_ROOM = 24


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
        _side(console, side_shown(org.side_by_side, o.unit), o)
        for yr in org.years:
            _findings(console, yr, o)
        return
    for yr in org.years:
        _year(console, yr, o)


def stream(report: Report, options: RenderOptions = RenderOptions()) -> Iterator[str]:
    """Each organisation's tables as it comes (or, over a root by default, nothing until the
    summary); then the summary lines and the roll-up."""
    from sociofund.render.console import console as make_console, unpadded

    buf = io.StringIO()
    console = make_console(buf, options.width, options.color)

    def drain() -> str:
        text = unpadded(buf.getvalue())
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
    note = tkr_note(options.unit, options.lang)
    if note:
        console.print(_text(note, "dim"))
    yield drain()


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return "".join(stream(report, options))
