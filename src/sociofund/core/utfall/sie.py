"""SIE 4 (*SIE typ 4*, with vouchers): the Swedish standard export of accounting data.

What is read, per the SIE 4B specification (sie.se):

- the text's encoding: ``#FORMAT PC8`` — IBM code page 437, the only one the standard allows —
  so ``\\x99stby`` is ``Östby``. Some programs write UTF-8 and still say PC8; a file that is valid
  UTF-8 with non-ASCII letters in it is read as UTF-8 (PC8 bytes of Swedish letters, such as
  ``\\x94`` for ``ö``, are never valid UTF-8, so the two cannot be confused);
- ``#DIM`` / ``#UNDERDIM`` (dimension number -> name) and ``#OBJEKT`` (a code's name);
- ``#RAR 0`` (the financial year) and ``#OMFATTN`` (the date the figures run to);
- ``#VER`` vouchers and their ``#TRANS`` rows: account, object list (``{1 "7101" 6 "42"}``) and
  amount. A ``#RTRANS`` (a row added afterwards) is followed by an identical ``#TRANS`` for
  readers that do not know ``#RTRANS``: the pair counts once. A ``#BTRANS`` (a removed row) never
  counts.

Every other label (``#KONTO``, ``#IB``, ``#RES``, ``#KSUMMA``, …) is skipped, as the standard
asks of a reader. Fields are separated by spaces or tabs; a field with spaces is quoted, and a
quote inside it is ``\\"``. Dates are ``YYYYMMDD``; amounts have a decimal point and become
whole öre exactly.

Must not import: typer, rich, pydantic.
"""

from __future__ import annotations

import datetime as dt
import re

from sociofund.core.utfall import Export, Problems, Row, dimension_key, parse_date, parse_ore

#: the dimensions the standard reserves, named as the SIE 4B specification names them; a file's
#: own ``#DIM`` overrides the name
STANDARD_DIMS = {
    "1": "kostnadsställe",
    "2": "kostnadsbärare",
    "6": "projekt",
    "7": "anställd",
    "8": "kund",
    "9": "leverantör",
    "10": "faktura",
}

_QUOTED = r'"(?:[^"\\]|\\.)*"'
_FIELD = re.compile(rf'[ \t]*(?:({_QUOTED})|(\{{(?:[^}}"]|{_QUOTED})*\}})|([^ \t"{{}}]+))')
_UNESCAPE = re.compile(r"\\(.)")


class _Bad(Exception):
    def __init__(self, col: int, what: str) -> None:
        self.col, self.what = col, what


def fields(rest: str, offset: int = 0) -> list[str | list[str]]:
    """The fields of a line after its label: a string per field, a list for an object list.
    ``offset`` is the column where ``rest`` starts (for the error's place)."""
    out: list[str | list[str]] = []
    pos, end = 0, len(rest.rstrip(" \t"))
    while pos < end:
        m = _FIELD.match(rest, pos)
        if m is None or m.end() == pos:
            what = "quote" if rest[pos:].lstrip(" \t").startswith('"') else (
                "brace" if rest[pos:].lstrip(" \t").startswith("{") else "field")
            raise _Bad(offset + pos + 1, what)
        quoted, objects, plain = m.groups()
        if quoted is not None:
            inner = quoted[1:-1]
            out.append(_UNESCAPE.sub(r"\1", inner) if "\\" in inner else inner)
        elif objects is not None:
            out.append([f for f in fields(objects[1:-1], offset + m.start(2) + 1) if isinstance(f, str)])
        else:
            out.append(plain)
        pos = m.end()
    return out


def decode(raw: bytes) -> str:
    """The text of a SIE file: PC8 (code page 437), unless it is UTF-8 (see the module's note)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp437")  # every byte is a character in code page 437: this cannot fail
    return text


def read(raw: bytes, path: str) -> Export:
    """Read a SIE 4 file; raises ``SociofundError`` with every located problem if any line
    cannot be read (nothing from such a file is used)."""
    text = decode(raw)
    problems = Problems(path)
    export = Export(path, "sie")
    names = dict(STANDARD_DIMS)
    pending: list[tuple[int, dt.date, str, int, tuple[tuple[str, str], ...]]] = []
    voucher: dt.date | None = None  # the date of the voucher whose rows are being read
    opened = False  # its "{" has been seen
    ver_line = 0
    rtrans: list | None = None  # the fields of a #RTRANS, to skip its twin #TRANS

    for number, line in enumerate(text.splitlines(), 1):
        s = line.strip(" \t\r\x1a")  # \x1a: the end-of-file mark some DOS programs still write
        if not s:
            continue
        if s == "{":
            if voucher is None or opened:
                problems.add("U001", number, detail="brace-unexpected")
            opened = True
            continue
        if s == "}":
            if not opened:
                problems.add("U001", number, detail="brace-unexpected")
            voucher, opened, rtrans = None, False, None
            continue
        if not s.startswith("#"):
            problems.add("U001", number, detail="no-label", text=s[:40])
            continue
        label, _, rest = s.partition(" ")
        if "\t" in label:
            label, _, more = label.partition("\t")
            rest = more + " " + rest
        label = label.upper()
        col = len(label) + 2
        try:
            f = fields(rest, col - 1)
        except _Bad as bad:
            problems.add("U001", number, bad.col, detail=bad.what)
            if label == "#VER":  # its rows still follow: read them for their own problems, not as strays
                voucher, opened, ver_line = dt.date.min, False, number
            continue

        if label in ("#TRANS", "#RTRANS", "#BTRANS"):
            if voucher is None or not opened:
                problems.add("U001", number, detail="trans-outside")
                continue
            if label == "#BTRANS":
                continue
            if label == "#TRANS" and rtrans is not None and f == rtrans:
                rtrans = None  # the twin of the #RTRANS before it: already counted
                continue
            rtrans = f if label == "#RTRANS" else None
            if len(f) < 3 or not isinstance(f[0], str) or not isinstance(f[1], list) or not isinstance(f[2], str):
                problems.add("U001", number, col, detail="trans-fields")
                continue
            account, objects, amount = f[0], f[1], f[2]
            if not account.isascii() or not account.isdigit():
                problems.add("U004", number, col, what="account", value=account[:40])
                continue
            ore = parse_ore(amount)
            if ore is None:
                problems.add("U004", number, col, what="amount", value=amount[:40])
                continue
            if len(objects) % 2:
                problems.add("U001", number, col, detail="objects-odd")
                continue
            dims = tuple((objects[i], objects[i + 1]) for i in range(0, len(objects), 2))
            pending.append((number, voucher, account, ore, dims))
            continue

        rtrans = None
        if voucher is not None and label != "#VER":
            # a label inside a voucher that is not a row: skipped like any label we do not use
            continue
        if label == "#VER":
            if voucher is not None:
                problems.add("U001", ver_line, detail="ver-unclosed")
            date = parse_date(f[2]) if len(f) >= 3 and isinstance(f[2], str) else None
            if date is None:
                problems.add("U004", number, col, what="date", value=str(f[2])[:40] if len(f) >= 3 else "")
                date = dt.date.min  # keep reading its rows for their own problems; nothing is used
            voucher, opened, ver_line = date, False, number
        elif label in ("#DIM", "#UNDERDIM") and len(f) >= 2 and isinstance(f[0], str) and isinstance(f[1], str):
            names[f[0]] = dimension_key(f[1])
        elif label == "#OBJEKT" and len(f) >= 3 and all(isinstance(x, str) for x in f[:3]):
            export.objects[(f[0], f[1])] = f[2]  # keyed by number until the names are known
        elif label == "#RAR" and len(f) >= 3 and f[0] == "0":
            start, end = parse_date(str(f[1])), parse_date(str(f[2]))
            if start is None or end is None:
                problems.add("U004", number, col, what="date", value=f"{f[1]} {f[2]}"[:40])
            else:
                export.period = (start, end)
        elif label == "#OMFATTN" and f:
            export.as_of = parse_date(str(f[0]))
            if export.as_of is None:
                problems.add("U004", number, col, what="date", value=str(f[0])[:40])
        elif label == "#FNAMN" and f and isinstance(f[0], str):
            export.organisation = f[0]
    if voucher is not None:
        problems.add("U001", ver_line, detail="ver-unclosed")
    problems.raise_if_any()

    def name(dim: str) -> str:
        return names.get(dim, dim)

    export.rows = [Row(n, d, a, o, tuple((name(k), c) for k, c in dims)) for n, d, a, o, dims in pending]
    export.objects = {(name(k), c): v for (k, c), v in export.objects.items()}
    export.aliases = {k: v for k, v in names.items() if k != v}
    return export
