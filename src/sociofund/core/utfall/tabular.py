"""Huvudbok exports as CSV or xlsx: one booked row per line, columns named in a header.

The columns are found by their Swedish header names, compared without case or extra spaces:
``Datum``, ``Konto``, ``Belopp`` (or ``Debet`` and ``Kredit``, the amount being debet − kredit),
and one column per dimension the ledger's ``codes`` use (``Projekt``, ``Ansvar``, …). The header
need not be the first line: exports often start with a title and a date range. Another name is
given per column in ``columns`` (``{"belopp": "Summa SEK", "projekt": "Proj.nr"}``, from
``[import.columns]`` in ``sociofund.toml``). A column ``<dimension>namn`` (``Projektnamn``), if
there is one, names the codes in the reconciliation.

CSV as Swedish spreadsheets write it: ``;`` between fields (``,`` and tab work too), decimal
comma, spaces (also no-break) between thousands, a trailing minus (``1 234,50-``); UTF-8 with or
without a byte-order mark, else Windows-1252. Amounts become whole öre exactly; an amount with
more than two decimals, or one that could be read two ways (``1.234``), is refused, not guessed.

xlsx needs openpyxl (the ``xlsx`` extra); its numeric cells are binary floats, taken at their
shortest decimal form (what Excel shows) and refused if that has more than two decimals.

Must not import: typer, rich, pydantic.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

from sociofund.core.utfall import Export, Problems, Row, dimension_key, parse_date, parse_ore

#: the column roles and the header names each is found by, by default
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "datum": ("datum", "bokföringsdatum", "bokf.datum", "verifikationsdatum", "transaktionsdatum"),
    "konto": ("konto", "kontonr", "konto nr"),
    "belopp": ("belopp", "belopp sek", "belopp kr"),
    "debet": ("debet",),
    "kredit": ("kredit",),
}
#: how far down an export the header is looked for
HEADER_SEARCH = 30

_SPACES = re.compile(r"[ \u00a0\u202f]+")
_UNIT = re.compile(r"(?i)\s*(kr|sek)\.?$")


def parse_amount(text: str) -> int | None:
    """An amount as a spreadsheet export writes it, in whole öre; None if it is not one (or
    could be read two ways)."""
    s = _UNIT.sub("", text.strip())
    negative = False
    if s.endswith("-") or s.endswith("\u2212"):
        negative, s = True, s[:-1].rstrip()
    if s.startswith("(") and s.endswith(")"):  # accountants' negative
        negative, s = not negative, s[1:-1].strip()
    if s[:1] in ("-", "\u2212"):
        negative, s = not negative, s[1:].lstrip()
    s = _SPACES.sub(" ", s)
    if " " in s:  # spaces group thousands: "1 234 567,50"
        head, *groups = s.split(" ")
        if not (1 <= len(head) <= 3 and all(len(g) >= 3 and g[:3].isdigit() and (len(g) == 3 or g[3] in ",.")
                                            for g in groups)):
            return None
        s = "".join([head, *groups])
    marks = [c for c in s if c in ",."]
    if len(set(marks)) == 2:  # "1.234,50" / "1,234.50": the last mark is the decimal one
        decimal = marks[-1]
        s = s.replace("," if decimal == "." else ".", "")
    elif len(marks) > 1:  # "1.234.567": thousands only
        parts = re.split(r"[.,]", s)
        if not all(len(p) == 3 for p in parts[1:]):
            return None
        s = "".join(parts)
    elif marks and len(s.rsplit(marks[0], 1)[1]) == 3:
        return None  # "1,234" or "1.234": thousands or thousandths? Not guessed.
    ore = parse_ore(s)
    if ore is None:
        return None
    return -ore if negative else ore


def decode(raw: bytes, problems: Problems) -> str | None:
    """UTF-8 (with or without a byte-order mark), else Windows-1252; None (and U002) if neither."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are not Windows-1252
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add("U002", line, col, offset=exc.start)
        return None


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error:
        # an open quote running to the end of the file: the row it starts is the broken one
        yield line, None  # type: ignore[misc]


def read_csv(raw: bytes, path: str, *, dimensions: Iterable[str] = (), columns: dict[str, str] | None = None) -> Export:
    problems = Problems(path)
    text = decode(raw, problems)
    problems.raise_if_any()
    head = [line for line in text.splitlines()[:HEADER_SEARCH]]
    # the delimiter: the first of ";", tab, "," that splits a line into the needed header
    chosen = None
    for delimiter in (";", "\t", ","):
        rows = list(_csv_rows("\n".join(head), delimiter))
        if _find_header(rows, dimensions, columns)[0] is not None:
            chosen = delimiter
            break
    return _read_rows(_csv_rows(text, chosen or ";"), Export(path, "csv"), problems, dimensions, columns)


def read_xlsx(raw: bytes, path: str, *, dimensions: Iterable[str] = (), columns: dict[str, str] | None = None) -> Export:
    """The first sheet that has the header; each row's line is its row number in the sheet."""
    import io

    from sociofund.core.diagnostics import SociofundError

    try:
        import openpyxl
    except ImportError as exc:
        raise SociofundError("xlsx-missing") from exc
    problems = Problems(path)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any broken workbook is "not an xlsx file" to the reader
        problems.add("U002", 1, offset=0, detail=type(exc).__name__)
        problems.raise_if_any()
        raise AssertionError("unreachable") from exc
    try:
        sheets = []
        for sheet in book.worksheets:
            sheets.append([(n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), 1)])
    except Exception as exc:  # noqa: BLE001 - a sheet openpyxl cannot read: the file is not readable
        problems.add("U002", 1, offset=0, detail=type(exc).__name__)
        problems.raise_if_any()
        raise AssertionError("unreachable") from exc
    finally:
        book.close()
    for rows in sheets:
        if _find_header(rows[:HEADER_SEARCH], dimensions, columns)[0] is not None:
            return _read_rows(iter(rows), Export(path, "xlsx"), problems, dimensions, columns)
    return _read_rows(iter(sheets[0] if sheets else []), Export(path, "xlsx"), problems, dimensions, columns)


def _names(role: str, columns: dict[str, str] | None) -> tuple[str, ...]:
    if columns and role in columns:
        return (dimension_key(columns[role]),)
    return DEFAULT_COLUMNS.get(role, (role,))


def _find_header(rows: list[tuple[int, list[Any]]], dimensions: Iterable[str], columns: dict[str, str] | None
                 ) -> tuple[int | None, dict[str, int], list[str]]:
    """(index of the header row, role -> column index, missing column names of the best row)."""
    dimensions = list(dimensions)
    best: tuple[int, list[str]] = (10**9, [])
    for i, (_line, cells) in enumerate(rows):
        if not cells:
            continue
        keys = [dimension_key(str(c)) if c is not None else "" for c in cells]
        found: dict[str, int] = {}
        for role in ("datum", "konto", "belopp", "debet", "kredit", *dimensions):
            for name in _names(role, columns):
                if name in keys:
                    found[role] = keys.index(name)
                    break
            name_col = f"{role}namn"
            if role in dimensions and name_col in keys:
                found[name_col] = keys.index(name_col)
        missing = [_names(r, columns)[0] for r in ("datum", "konto", *dimensions) if r not in found]
        if "belopp" not in found and not ("debet" in found and "kredit" in found):
            missing.append(_names("belopp", columns)[0])
        if not missing:
            return i, found, []
        if len(missing) < best[0]:
            best = (len(missing), missing)
    return None, {}, best[1]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell_ore(value: Any) -> int | None:
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value * 100
    if isinstance(value, float):
        # a spreadsheet's number is a binary float: its shortest decimal form, to the öre when
        # only float noise lies beyond (0.1 + 0.2 in a formula cell is 0.30000000000000004);
        # a real third decimal is refused
        from decimal import Decimal, InvalidOperation

        try:
            exact = Decimal(repr(value))
            ore = exact.quantize(Decimal("0.01"))
        except InvalidOperation:  # inf, nan
            return None
        return int(ore * 100) if abs(exact - ore) < Decimal("0.000001") else None
    return parse_amount(str(value))


def _cell_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(_cell_text(value))


def _read_rows(rows: Iterator[tuple[int, list[Any] | None]], export: Export, problems: Problems,
               dimensions: Iterable[str], columns: dict[str, str] | None) -> Export:
    dimensions = list(dimensions)
    seen: list[tuple[int, list[Any]]] = []
    header_at = None
    for line, cells in rows:
        if cells is None:
            problems.add("U001", line, detail="quote")
            break
        seen.append((line, cells))
        if len(seen) >= HEADER_SEARCH:
            break
    header_at, col, missing = _find_header(seen, dimensions, columns)
    if header_at is None:
        problems.add("U003", seen[0][0] if seen else 1, missing=", ".join(missing))
        problems.raise_if_any()
    width = len(seen[header_at][1])

    def body() -> Iterator[tuple[int, list[Any] | None]]:
        yield from seen[header_at + 1 :]
        yield from rows

    for line, cells in body():
        if cells is None:
            problems.add("U001", line, detail="quote")
            break
        if not any(_cell_text(c) for c in cells):
            continue
        if len(cells) < width:
            cells = list(cells) + [None] * (width - len(cells))
        date = _cell_date(cells[col["datum"]])
        account = _cell_text(cells[col["konto"]])
        if date is None:
            # a summary line ("Summa konto 4010") under the rows has no date and no amount row
            # shape; anything else without a date is a row we cannot place in time
            if not _cell_text(cells[col["datum"]]) and not account.isdigit():
                continue
            problems.add("U004", line, col["datum"] + 1, what="date", value=_cell_text(cells[col["datum"]])[:40])
            continue
        if not account.isascii() or not account.isdigit():
            problems.add("U004", line, col["konto"] + 1, what="account", value=account[:40])
            continue
        if "belopp" in col:
            ore = _cell_ore(cells[col["belopp"]])
            where = col["belopp"]
        else:
            debit, credit = _cell_ore(cells[col["debet"]]), _cell_ore(cells[col["kredit"]])
            ore = None if debit is None or credit is None else debit - credit
            where = col["debet"] if debit is None else col["kredit"]
        if ore is None:
            problems.add("U004", line, where + 1, what="amount", value=_cell_text(cells[where])[:40])
            continue
        dims = []
        for d in dimensions:
            code = _cell_text(cells[col[d]])
            if code:
                dims.append((d, code))
                name = col.get(f"{d}namn")
                if name is not None and _cell_text(cells[name]):
                    export.objects.setdefault((d, code), _cell_text(cells[name]))
        export.rows.append(Row(line, date, account, ore, tuple(dims)))
    problems.raise_if_any()
    return export
