"""A ``Document`` as text: Markdown for a tjänsteskrivelse, a rich table for a terminal.

The same sections and tables as the Word file and the html page; charts are named, not drawn.
Ledger text is escaped for each medium (``safe.markdown_cell``; ``safe.terminal`` inside rich
``Text``, never markup). rich is imported inside ``terminal``.
"""

from __future__ import annotations

import io

from sociofund.render import safe
from sociofund.render.document import compact, for_unit, NUMERIC, Chart, Document, Paragraph, Table, cell_text


def markdown(docs: list[Document], unit: str = "kr") -> str:
    docs = [for_unit(d, unit) for d in docs]
    out: list[str] = []
    for doc in docs:
        c = safe.markdown_cell
        out += [f"# {c(doc.title)}", ""]
        if doc.organisation:
            out.append(f"{c(doc.organisation_label)}: {c(doc.organisation)}  " if doc.organisation_label
                       else f"{c(doc.organisation)}  ")
        if doc.refs:
            out.append((f"{c(doc.refs_label)}: " if doc.refs_label else "") + "; ".join(c(r) for r in doc.refs))
        out.append("")
        for sec in doc.sections:
            blocks = [b for b in sec.blocks if not isinstance(b, Chart)]
            if not blocks:
                continue
            out += [f"## {c(sec.heading)}", ""]
            for block in blocks:
                if isinstance(block, Paragraph):
                    out += [f"**{c(block.text)}**" if block.alert else c(block.text), ""]
                elif isinstance(block, Table):
                    out += _md_table(block, doc.lang, unit)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_table(table: Table, lang: str, unit: str) -> list[str]:
    table = compact(table)
    c = safe.markdown_cell
    out = [f"*{c(table.caption)}*", ""] if table.caption else []
    out.append("| " + " | ".join(c(col.label) for col in table.columns) + " |")
    out.append("|" + "|".join("---:" if col.kind in NUMERIC else "---" for col in table.columns) + "|")
    for i, row in enumerate(table.rows):
        cells = []
        for col, value in zip(table.columns, row):
            text = c(cell_text(value, col.kind, lang, unit))
            cells.append(f"**{text}**" if i in table.strong and text else text)
        out.append("| " + " | ".join(cells) + " |")
    return out + [""]


def terminal(docs: list[Document], unit: str = "kr", width: int = 80, color: bool = False) -> str:
    docs = [for_unit(d, unit) for d in docs]
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    from sociofund.render.console import console as make_console, unpadded

    buf = io.StringIO()
    console = make_console(buf, width, color)

    def T(text: str, style: str = "") -> Text:  # noqa: N802 - reads like a constructor
        return Text(safe.terminal(text), style=style)

    for doc in docs:
        console.print(T(doc.title, "bold underline"))
        if doc.organisation:
            console.print(T(f"{doc.organisation_label}: {doc.organisation}" if doc.organisation_label else doc.organisation))
        if doc.refs:
            console.print(T((f"{doc.refs_label}: " if doc.refs_label else "") + "; ".join(doc.refs), "dim"))
        console.print()
        for sec in doc.sections:
            blocks = [b for b in sec.blocks if not isinstance(b, Chart)]
            if not blocks:
                continue
            console.print(T(sec.heading, "bold"))
            for block in blocks:
                if isinstance(block, Paragraph):
                    console.print(T(block.text, "bold red" if block.alert else ""), soft_wrap=False)
                    continue
                block = compact(block)
                # each cell as text once; ledger text cut as in every terminal table (safe.table_cell:
                # a table of any input renders in linear time); amounts are never cut: a table that
                # cannot fit the terminal is printed wider (the terminal wraps its lines) rather
                # than with "1 750 0…" in a cell
                texts = [[safe.table_cell(cell_text(v, c.kind, doc.lang, unit)) for c, v in zip(block.columns, row)]
                         for row in block.rows]
                longest = [max([len(row[j]) for row in texts] + [len(c.label)]) for j, c in enumerate(block.columns)]
                wide = sum(3 + (n if c.kind in NUMERIC else min(n, 10)) for n, c in zip(longest, block.columns)) > width
                table = RichTable(title=T(block.caption, "italic") if block.caption else None, box=box.SIMPLE_HEAD,
                                  pad_edge=False, title_justify="left", expand=False)
                for j, (col, n) in enumerate(zip(block.columns, longest)):
                    numeric = col.kind in NUMERIC
                    # the first column names the line (an insats): it gets the room the others leave
                    table.add_column(T(col.label), justify="right" if numeric else "left", no_wrap=numeric,
                                     overflow="fold", ratio=None if numeric or wide else (3 if j == 0 else 1),
                                     min_width=None if numeric else min(n, 24) if wide else (16 if j == 0 else 8))
                for i, row in enumerate(texts):
                    if i in block.strong:
                        table.add_section()
                    table.add_row(*(Text(text, style="bold" if i in block.strong else "") for text in row))
                if wide:
                    need = sum(3 + (n if c.kind in NUMERIC else min(n, 24)) for n, c in zip(longest, block.columns))
                    make_console(buf, need, color).print(table)
                else:
                    console.print(table)
            console.print()
    return unpadded(buf.getvalue()).rstrip("\n") + "\n"
