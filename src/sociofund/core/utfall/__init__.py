"""Utfall from the ekonomisystem: read its exports (SIE 4, CSV, xlsx) and reconcile them with the
ledger's allocations.

Three layers, each pure (bytes or rows in, plain data out; nothing here touches the disk, prints
or exits):

- ``sie`` and ``tabular`` read one export into an ``Export``: its rows, each with a date, an
  account, an amount in whole öre (``int``; never a float) and the codes it is booked on (its
  dimensions: ``projekt``, ``ansvar``, …), plus what the file says about itself (period, object
  names). A line that cannot be read is a located finding (``U001``–``U004``); the reader reads
  the whole file and raises one ``SociofundError`` carrying all of them, so nothing is written
  from a file that was only partly understood.
- ``reconcile`` matches the rows to allocations by their ``codes`` and accounts for every öre:
  what each allocation gets, what matched nothing, what lies outside the year or on accounts that
  are not costs; and the proof line (the file's cost total = matched + unmatched).

Text from an export (object names, codes) is data: every renderer escapes it for its medium.

Must not import: typer, rich, pydantic, or the loader.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sociofund.core.diagnostics import Finding, Severity, SociofundError

E = Severity.ERROR

#: finding codes of an import file: code -> (severity, short name). They are not ledger codes
#: (``rules.CODES``): they name a line of the export, and a file with any of them is not imported.
CODES: dict[str, tuple[Severity, str]] = {
    "U001": (E, "import-syntax"),      # a line that cannot be split into its fields
    "U002": (E, "import-not-text"),    # bytes that are not text in any encoding the format allows
    "U003": (E, "import-columns"),     # a CSV/xlsx export without the columns needed
    "U004": (E, "import-value"),       # a date, an account or an amount that cannot be read
}

# at most 15 digits of kronor (a thousand times any municipal budget): a longer "amount" is not
# one, and Python refuses to convert more than 4 300 digits to an int at all
_ORE = re.compile(r"([+\-\u2212]?)([0-9]{0,15})(?:[.,]([0-9]{1,2}))?")

#: how many located problems one error carries: a file of the wrong kind would otherwise print
#: one line per row of it
MAX_PROBLEMS = 50


@dataclass(frozen=True, slots=True)
class Row:
    """One booked row of the export: a ``#TRANS`` of SIE, a line of a huvudbok export."""

    line: int
    date: dt.date
    account: str
    #: öre, debit positive: a cost is positive, a credit note on a cost account negative
    ore: int
    #: (dimension, code) pairs, dimension in lower case as ``codes`` keys name it (``projekt``)
    dims: tuple[tuple[str, str], ...] = ()

    def dim(self, name: str) -> str | None:
        for key, code in self.dims:
            if key == name:
                return code
        return None


@dataclass(slots=True)
class Export:
    """One export as read."""

    path: str
    #: "sie", "csv" or "xlsx"
    kind: str
    rows: list[Row] = field(default_factory=list)
    #: (dimension, code) -> the name the file gives it (SIE ``#OBJEKT``)
    objects: dict[tuple[str, str], str] = field(default_factory=dict)
    #: dimension aliases: SIE dimension numbers ("6") -> their name ("projekt")
    aliases: dict[str, str] = field(default_factory=dict)
    #: the financial year the file covers (SIE ``#RAR 0``), if it says
    period: tuple[dt.date, dt.date] | None = None
    #: the last date the file's figures include (SIE ``#OMFATTN``), if it says
    as_of: dt.date | None = None
    #: text the file names itself with (SIE ``#FNAMN``), for the reconciliation's heading
    organisation: str | None = None


class Problems:
    """The located problems of one file, collected while reading it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.found: list[Finding] = []
        self.more = 0

    def add(self, code: str, line: int, col: int = 1, **args: object) -> None:
        if len(self.found) >= MAX_PROBLEMS:
            self.more += 1
            return
        self.found.append(Finding(code, CODES[code][0], self.path, dict(args), line=line, col=col))

    def raise_if_any(self) -> None:
        if self.found:
            self.found.sort(key=lambda f: f.sort_key)
            raise SociofundError("import-unreadable", findings=self.found, path=self.path,
                                 count=len(self.found) + self.more, more=self.more)


def dimension_key(name: str) -> str:
    """How a dimension is named in ``codes``: lower case, trimmed (``Projekt`` -> ``projekt``)."""
    return " ".join(name.split()).casefold()


def parse_ore(text: str) -> int | None:
    """An amount as SIE writes it (``-1234.50``; a comma is taken as the decimal mark too) in
    whole öre; None when it is not one. More than two decimals are not öre and are refused,
    never rounded."""
    m = _ORE.fullmatch(text.strip())
    if m is None or not (m.group(2) or m.group(3)):
        return None
    ore = int(m.group(2) or "0") * 100 + int(((m.group(3) or "") + "00")[:2])
    return -ore if m.group(1) in ("-", "\u2212") else ore


def parse_date(text: str) -> dt.date | None:
    """``20220315`` (SIE) or ``2022-03-15`` (spreadsheets, also with a time after it)."""
    s = text.strip()
    if len(s) >= 10 and s[4] in "-/." and s[7] == s[4]:
        s = s[:4] + s[5:7] + s[8:10] if len(s) == 10 or s[10] in " T" else ""
    if len(s) != 8 or not s.isascii() or not s.isdigit():
        return None
    try:
        return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        return None


def read(raw: bytes, path: str, *, dimensions: list[str] | tuple[str, ...] = (),
         columns: dict[str, str] | None = None) -> Export:
    """Any export: xlsx by its zip signature or name, SIE by its name (``.se``, ``.si``, ``.sie``)
    or its first label, CSV otherwise. ``dimensions`` and ``columns`` are for CSV and xlsx, whose
    columns are found by name (SIE names its dimensions itself)."""
    from sociofund.core.utfall import sie, tabular

    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if raw[:4] == b"PK\x03\x04" or suffix in ("xlsx", "xlsm"):
        return tabular.read_xlsx(raw, path, dimensions=dimensions, columns=columns)
    if suffix in ("se", "si", "sie") or raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"#":
        return sie.read(raw, path)
    return tabular.read_csv(raw, path, dimensions=dimensions, columns=columns)
