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

from sociofund.core import languages
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
