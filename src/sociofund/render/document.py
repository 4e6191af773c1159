"""A document as the board and the funder receive it: headings, tables, paragraphs and charts.

The Word and html renderers draw the same thing — a title, the organisation, the decisions it rests
on, then sections of tables — so each report (the fördelning, the återrapportering) is turned into
one ``Document`` here-shaped value and the two media only decide how a table looks. A table's
columns say what kind of value they hold; money stays ``int`` kronor until a medium formats it
(``cell_text``), so no number is formatted twice or differently in the two files.

Must not import: typer, rich, python-docx (the docx renderer imports it lazily).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Union

from sociofund import i18n
from sociofund.core import languages
from sociofund.core.money import thousands_adding_up, thousands_summing_to
from sociofund.render.numbers import fte, kr, pct

Kind = Literal["text", "money", "share", "fte", "date", "number"]
#: the kinds a medium right-aligns
NUMERIC = frozenset({"money", "share", "fte", "number"})


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    kind: Kind = "text"
    #: width in characters where a medium sets one (a spreadsheet's column)
    width: int | None = None


@dataclass(slots=True)
class Table:
    columns: Sequence[Column]
    #: cells: str for text, int kronor for money, int tenths of a percent for share, float fte,
    #: a ``datetime.date``; None is an empty cell
    rows: list[Sequence[object]]
    #: indices of rows that are totals or sums (shown bold)
    strong: frozenset[int] = frozenset()
    caption: str | None = None
    #: a sum row -> the (first, last) rows whose numeric cells it adds up: a spreadsheet writes
    #: it as a formula (with the value cached), so it stays right when a user edits a cell
    sums: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    #: a finding or a warning the reader must not miss
    alert: bool = False


@dataclass(frozen=True, slots=True)
class Chart:
    """An inline SVG document made by ``render.svg`` (the html page shows it; Word skips it)."""

    svg: str
    title: str


Block = Union[Table, Paragraph, Chart]


@dataclass(slots=True)
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    title: str
    organisation: str
    #: the decisions the figures rest on (Dnr, KS §), shown under the title
    refs: Sequence[str]
    sections: list[Section]
    lang: str = languages.DEFAULT
    #: the labels of the lines under the title ("Organisation", "Beslut")
    organisation_label: str = ""
    refs_label: str = ""
    #: a short name for a spreadsheet sheet (at most 31 characters)
    sheet: str = ""


def cell_text(value: object, kind: Kind, lang: str, unit: str = "kr") -> str:
    """A cell as people read it: ``460 000 kr``, ``24,3 %``, ``1,0``, ``2023-03-31``."""
    if value is None:
        return ""
    if kind == "money":
        return kr(value, lang, unit)  # type: ignore[arg-type]
    if kind == "share":
        return pct(value, lang)  # type: ignore[arg-type]
    if kind == "fte":
        return fte(value, lang)  # type: ignore[arg-type]
    if kind == "date":
        return value.isoformat()  # type: ignore[attr-defined]
    return str(value)


def compact(table: Table) -> Table:
    """``table`` without the columns that hold nothing (no utfall yet, no due dates): every
    medium shows the same columns, and none shows an empty one."""
    keep = [j for j in range(len(table.columns)) if j == 0 or any(row[j] not in (None, "") for row in table.rows)]
    if len(keep) == len(table.columns):
        return table
    return Table([table.columns[j] for j in keep], [[row[j] for j in keep] for row in table.rows],
                 table.strong, table.caption, table.sums)


def for_unit(doc: Document, unit: str) -> Document:
    """``doc`` as a medium shows it in ``unit``. In tkr, every sum row's money cells and the rows
    it adds up are rounded to whole thousands so that the rows add up to it
    (``core.money.thousands_adding_up``), still as kronor (a multiple of 1 000 formats as itself
    in tkr, and a spreadsheet's sum formula over them gives the cached total); other amounts are
    rounded each on its own. The document says so at the top of its first section. In kronor,
    ``doc`` itself."""
    if unit != "tkr":
        return doc
    sections = [Section(sec.heading, [_tkr_table(b) if isinstance(b, Table) else b for b in sec.blocks])
                for sec in doc.sections]
    note = Paragraph(i18n.label("r.tkr_note", doc.lang))
    if sections:
        sections[0].blocks.insert(0, note)
    else:
        sections.append(Section("", [note]))
    return Document(doc.title, doc.organisation, doc.refs, sections, doc.lang, doc.organisation_label,
                    doc.refs_label, doc.sheet)


def _tkr_table(table: Table) -> Table:
    """``table``'s sum rows and the rows they add up, in whole thousands that add up as shown.
    A sum can be a part of another (available = spent + unspent, and unspent = carried out +
    repaid + unsettled): the outer sum is rounded first and its parts made to add up to it, so
    an inner sum's parts add up to the inner sum as shown (``thousands_summing_to``)."""
    exact = table.rows
    rows = [list(row) for row in table.rows]
    depth = {at: sum(a <= at <= b for other, (a, b) in table.sums.items() if other != at) for at in table.sums}
    placed: set[tuple[int, int]] = set()  # (row, column) cells already given their shown value
    for at in sorted(table.sums, key=lambda at: depth[at]):
        first, last = table.sums[at]
        for j, col in enumerate(table.columns):
            if col.kind != "money" or exact[at][j] is None:  # no total shown: nothing to add up to
                continue
            parts = [exact[i][j] for i in range(first, last + 1)]
            if (at, j) in placed:  # an inner sum, shown already as a part of the outer one
                if sum(p for p in parts if p is not None) != exact[at][j]:
                    continue  # not its parts' sum: they are rounded each on its own
                shown = thousands_summing_to(parts, rows[at][j] // 1000)
            else:
                shown, total = thousands_adding_up(parts, exact[at][j])
                rows[at][j] = total * 1000
                placed.add((at, j))
            for i, value in zip(range(first, last + 1), shown):
                rows[i][j] = None if value is None else value * 1000
                placed.add((i, j))
    return Table(table.columns, rows, table.strong, table.caption, table.sums)
