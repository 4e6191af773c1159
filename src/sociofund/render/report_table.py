"""The report as rich tables for a terminal: fits 80 columns by wrapping names.

Every string from a ledger goes into a ``rich.text.Text`` after ``safe.terminal``: rich never
reads it as markup and a terminal never sees its escape sequences. rich is imported inside
``render`` so that importing this module costs nothing.
"""

from __future__ import annotations

import io

from sociofund import i18n
from sociofund.core.reports import FundBlock, Report, SideBySide, YearReport
from sociofund.render import safe
from sociofund.render.numbers import fte, kr, pct
from sociofund.render.options import RenderOptions
from sociofund.render.report_common import fund_lines, has_spending, side_lines, title


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    lang, unit, width, color = options.lang, options.unit, options.width, options.color
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system="standard" if color else None,
                      force_terminal=color, no_color=not color, highlight=False, emoji=False)

    def T(text: str, style: str = "") -> Text:  # noqa: N802 - reads like a constructor
        return Text(safe.terminal(text), style=style)

    def L(key: str, **args) -> str:  # noqa: N802
        return i18n.label(key, lang, **args)

    def fund_table(block: FundBlock) -> None:
        spending = has_spending(block)
        table = Table(title=T(title(block), "bold"), box=box.SIMPLE_HEAD, pad_edge=False, expand=True,
                      title_justify="left")
        table.add_column(L("r.insats"), ratio=1, overflow="fold", min_width=16)
        for key in ("r.amount", "r.share", "r.fte") + (("r.spent", "r.remaining") if spending else ()):
            table.add_column(L(key), justify="right", no_wrap=True)
        for r in block.rows:
            name = T(r.name)
            if r.unit:
                name.append("\n").append(T(r.unit, "dim"))
            cells = [kr(r.amount, lang, unit), pct(r.share, lang), fte(r.fte, lang)]
            if spending:
                cells += [kr(r.spent, lang, unit), kr(r.remaining, lang, unit)]
            table.add_row(name, *cells)
        total = [kr(block.figures.allocated, lang, unit), pct(block.allocated_share, lang),
                 fte(block.fte or None, lang)]
        if spending:
            total += [kr(block.figures.spent, lang, unit), ""]
        table.add_section()
        table.add_row(T(L("r.sum_allocated"), "bold"), *total)
        console.print(table)
        lines = Table(box=None, show_header=False, pad_edge=False)
        lines.add_column()
        lines.add_column(justify="right", no_wrap=True)
        for line in fund_lines(block, lang):
            lines.add_row(T(line.label), Text(kr(line.amount, lang, unit), style="bold red" if line.alert else ""))
        console.print(lines)
        if block.refs:
            console.print(T(f"{L('r.refs')}: " + "; ".join(block.refs), "dim"))
        console.print()

    def findings(yr: YearReport) -> None:
        if yr.findings:
            console.print(T(L("r.findings", year=yr.year), "bold yellow"))
            for f in yr.findings:
                msg, _ = i18n.message(f, lang)
                console.print(T(f"  {f.file}:{f.line}: {f.code} {msg}"), soft_wrap=True)
            console.print()

    def side(sb: SideBySide) -> None:
        table = Table(title=T(f"{sb.organisation} {sb.years[0]}–{sb.years[-1]}", "bold"), box=box.SIMPLE_HEAD,
                      pad_edge=False, title_justify="left")
        table.add_column(L("r.insats"), ratio=1, overflow="fold", min_width=16)
        for y in sb.years:
            table.add_column(L("r.sum_year", year=y), justify="right", no_wrap=True)
        table.add_column(L("r.total"), justify="right", no_wrap=True)
        for r in sb.rows:
            table.add_row(T(r.name), *(kr(a, lang, unit) for a in r.amounts), kr(r.total, lang, unit))
        table.add_section()
        for key, label in side_lines(lang):
            vals = [getattr(f, key) for f in sb.totals]
            table.add_row(T(label, "bold"), *(kr(v, lang, unit) for v in vals), kr(sum(vals), lang, unit))
        console.print(table)
        console.print()

    for org in report.organisations:
        if org.side_by_side is not None:
            side(org.side_by_side)
            for yr in org.years:
                findings(yr)
            continue
        for yr in org.years:
            state = L("r.closed" if yr.closed else "r.open")
            console.print(T(f"{yr.organisation} {yr.year} ({state})", "bold underline"))
            for block in yr.funds:
                fund_table(block)
            findings(yr)
    if report.rollup:
        # seven columns in 80: amounts never wrap, so the gaps are one space and the edges none
        table = Table(title=T(L("r.rollup"), "bold"), box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False,
                      padding=(0, 1), collapse_padding=True, title_justify="left")
        for key in ("r.fund", "r.year", "r.orgs", "r.available", "r.allocated", "r.unallocated", "r.spent"):
            table.add_column(L(key), justify="left" if key == "r.fund" else "right", overflow="fold",
                             no_wrap=key != "r.fund", min_width=11 if key == "r.fund" else None)
        for r in report.rollup:
            table.add_row(T(r.fund), str(r.year), str(r.organisations),
                          *(kr(getattr(r.figures, k), lang, unit) for k in ("available", "allocated", "unallocated", "spent")))
        console.print(table)
    # rich pads every line to the full width; a pasted or diffed table is better without it
    return "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))
