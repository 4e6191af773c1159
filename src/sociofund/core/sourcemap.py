"""TOML text -> where each key and each table stands in it.

``tomllib`` parses TOML but forgets positions. This module re-reads the same text line by line and
records, for every key path (``("allocation", 2, "amount")``), the line and column of the key and
the extent of its value, and for every table or array-of-tables entry (``("allocation", 2)``) its
header line and last line. Findings use it to name a line; the writer uses it to change exactly
the lines of one entry.

It is run only on text that ``tomllib`` has already accepted, so it need not diagnose bad TOML;
it must only never be wrong about where a key of valid TOML is. Multi-line strings and arrays are
skipped as values, so a line inside them is never taken for a key.

Must not import: typer, rich, pydantic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from sociofund.core.diagnostics import KeyPath

_BARE = re.compile(r"[A-Za-z0-9_-]+")
#: ``key = value  # comment`` with a bare key and a one-line basic string, number, boolean or date:
#: placed without the general reader (anything else — a quoted or dotted key, a literal or
#: multi-line string, an array, a date with a space before its time — does not match and is read
#: by it). Group 2 is exactly the value the general reader finds.
_SIMPLE = re.compile(r'([A-Za-z0-9_-]+)[ \t]*=[ \t]*("(?:[^"\\]|\\.)*"|[-+0-9A-Za-z_.:]+)[ \t]*(?:#.*)?')


@dataclass(frozen=True, slots=True)
class KeySpan:
    """A ``key = value`` pair. Lines are 1-based; columns are 0-based offsets into the line.

    ``value_start``/``value_end`` are on ``line`` and ``end_line`` respectively; ``value_end`` is
    where the value stops (before spaces and a trailing comment)."""

    line: int
    col: int
    value_start: int
    end_line: int
    value_end: int


@dataclass(frozen=True, slots=True)
class TableSpan:
    """A ``[table]`` or ``[[array]]`` entry: its header line and its last non-blank line."""

    line: int
    end_line: int


@dataclass(slots=True)
class SourceMap:
    keys: dict[KeyPath, KeySpan] = field(default_factory=dict)
    tables: dict[KeyPath, TableSpan] = field(default_factory=dict)
    #: number of entries of each array of tables, by path
    arrays: dict[KeyPath, int] = field(default_factory=dict)

    #: every proper prefix of a key or table path -> the first place inside it (built on first use)
    _first: dict[KeyPath, tuple[int, int]] | None = field(default=None, repr=False, compare=False)

    def locate(self, path: KeyPath) -> tuple[int, int]:
        """(line, col), both 1-based, of the key or table at ``path``; else of its nearest
        enclosing entry; else line 1 (never "nowhere").

        A table that is only implied (``foo`` in ``foo.bar = 1`` or in ``[foo.bar]``) stands where
        the first key or header inside it stands. The keys are indexed by prefix once, on the first
        call, so placing every finding of a file costs the keys once plus each finding's own path:
        a file with 4 000 findings is not 4 000 scans of its keys."""
        first = self._first if self._first is not None else self._index()
        for n in range(len(path), 0, -1):
            prefix = path[:n]
            span = self.keys.get(prefix)
            if span is not None:
                return span.line, span.col + 1
            table = self.tables.get(prefix)
            if table is not None:
                return table.line, 1
            inside = first.get(prefix)
            if inside is not None:
                return inside
        return 1, 1

    def _index(self) -> dict[KeyPath, tuple[int, int]]:
        first: dict[KeyPath, tuple[int, int]] = {}
        places = [(p, (s.line, s.col + 1)) for p, s in self.keys.items()]
        places += [(p, (s.line, 1)) for p, s in self.tables.items()]
        for p, at in places:
            for n in range(1, len(p) + 1):
                prefix = p[:n]
                seen = first.get(prefix)
                if seen is None or at < seen:
                    first[prefix] = at
        self._first = first
        return first


class _Cursor:
    """Reads TOML keys and skips TOML values across lines."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def key(self, i: int, pos: int, stop: str) -> tuple[list[str], int]:
        """A dotted key starting at ``pos`` on line ``i``, up to the ``stop`` character."""
        line = self.lines[i]
        parts: list[str] = []
        while True:
            pos = _skip_ws(line, pos)
            ch = line[pos : pos + 1]
            if ch == '"':
                end = _end_of_basic(line, pos + 1)
                parts.append(_unescape(line[pos + 1 : end]))
                pos = end + 1
            elif ch == "'":
                end = line.index("'", pos + 1)
                parts.append(line[pos + 1 : end])
                pos = end + 1
            else:
                m = _BARE.match(line, pos)
                if not m:  # not valid TOML; tomllib would have refused it
                    raise ValueError(f"line {i + 1}: expected a key")
                parts.append(m.group(0))
                pos = m.end()
            pos = _skip_ws(line, pos)
            if line.startswith(stop, pos):
                return parts, pos
            if line[pos : pos + 1] != ".":
                raise ValueError(f"line {i + 1}: expected {stop!r}")
            pos += 1

    def value(self, i: int, pos: int) -> tuple[int, int]:
        """Skip the value starting at (i, pos); return (line index, offset) just past it."""
        depth = 0
        while True:
            line = self.lines[i]
            n = len(line)
            while pos < n:
                ch = line[pos]
                if ch in "\"'":
                    triple = line.startswith(ch * 3, pos)
                    if triple:
                        i, pos = self._multiline_string(i, pos + 3, ch * 3)
                        line, n = self.lines[i], len(self.lines[i])
                        continue
                    pos = (_end_of_basic(line, pos + 1) if ch == '"' else line.index("'", pos + 1)) + 1
                    continue
                if ch in "[{":
                    depth += 1
                elif ch in "]}":
                    depth -= 1
                    if depth == 0:
                        return i, pos + 1
                elif ch == "#":
                    if depth == 0:
                        return i, len(line[:pos].rstrip())
                    break
                elif depth == 0 and ch in " \t":
                    # a scalar ends at the first blank outside brackets (dates with a time part
                    # use 'T' or a single space: keep going if a time follows)
                    if re.match(r" \d\d:\d\d", line[pos:]):
                        pos += 1
                        continue
                    return i, pos
                pos += 1
            if depth == 0:
                return i, len(line.rstrip("\r\n"))
            i, pos = i + 1, 0

    def _multiline_string(self, i: int, pos: int, delim: str) -> tuple[int, int]:
        while True:
            line = self.lines[i]
            while True:
                if delim == '"""':
                    j = pos
                    while True:
                        j = line.find('"""', j)
                        if j < 0 or not _escaped(line, j):
                            break
                        j += 1
                else:
                    j = line.find(delim, pos)
                if j < 0:
                    break
                # up to two quotes may stand right before the closing delimiter
                end = j + 3
                while line[end : end + 1] == delim[0] and end - j < 5:
                    end += 1
                return i, end
            i, pos = i + 1, 0


def _skip_ws(line: str, pos: int) -> int:
    while pos < len(line) and line[pos] in " \t":
        pos += 1
    return pos


def _escaped(line: str, j: int) -> bool:
    backslashes = 0
    k = j - 1
    while k >= 0 and line[k] == "\\":
        backslashes += 1
        k -= 1
    return backslashes % 2 == 1


def _end_of_basic(line: str, pos: int) -> int:
    """Index of the closing quote of a one-line basic string whose content starts at ``pos``."""
    while True:
        j = line.index('"', pos)
        if not _escaped(line, j):
            return j
        pos = j + 1


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    import tomllib

    return tomllib.loads(f'k = "{raw}"')["k"]


@lru_cache(maxsize=4)
def build(text: str) -> SourceMap:
    """The source map of ``text``, which must be TOML that ``tomllib`` accepts.

    Kept for the last few texts: one command asks for the same text's map several times (the
    writer's edits, then placing the findings of the set before and after), and builds it once.
    A map is never changed after it is built, so sharing it is safe."""
    # TOML's only line break is LF (or CRLF); str.splitlines() would also break at U+2028, NEL,
    # form feeds and others that TOML text may hold inside strings, and shift every line after
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines[-1] == "":
        lines.pop()
    cur = _Cursor(lines)
    smap = SourceMap()
    table: KeyPath = ()
    open_table: KeyPath | None = None
    last_content = 0
    array_index: dict[KeyPath, int] = {}

    def close_table() -> None:
        if open_table is not None:
            smap.tables[open_table] = TableSpan(smap.tables[open_table].line, max(last_content, smap.tables[open_table].line))

    def resolve(parts: list[str]) -> KeyPath:
        # ``[[a.b]]`` inside the current ``[[a]]`` entry is ('a', <index of a>, 'b', ...)
        path: KeyPath = ()
        for part in parts:
            path = (*path, part)
            if path in array_index:
                path = (*path, array_index[path])
        return path

    i = 0
    while i < len(lines):
        line = lines[i]
        pos = _skip_ws(line, 0)
        if pos >= len(line) or line[pos] == "#":
            i += 1
            continue
        if line.startswith("[[", pos):
            close_table()
            parts, _ = cur.key(i, pos + 2, "]]")
            base = resolve(parts[:-1]) + (parts[-1],)
            index = smap.arrays.get(base, 0)
            smap.arrays[base] = index + 1
            array_index[base] = index
            # entries nested in an earlier entry of this array start afresh
            for key in [k for k in array_index if len(k) > len(base) and k[: len(base)] == base]:
                del array_index[key]
            table = (*base, index)
            smap.tables[table] = TableSpan(i + 1, i + 1)
            open_table, last_content = table, i + 1
            i += 1
            continue
        if line.startswith("[", pos):
            close_table()
            parts, _ = cur.key(i, pos + 1, "]")
            table = resolve(parts)
            smap.tables[table] = TableSpan(i + 1, i + 1)
            open_table, last_content = table, i + 1
            i += 1
            continue
        simple = _SIMPLE.fullmatch(line, pos)
        if simple is not None:  # most lines of a ledger: a bare key, a one-line scalar, a comment
            smap.keys[(*table, simple[1])] = KeySpan(i + 1, pos, simple.start(2), i + 1, simple.end(2))
            last_content = i + 1
            i += 1
            continue
        parts, eq = cur.key(i, pos, "=")
        vstart = _skip_ws(line, eq + 1)
        end_i, vend = cur.value(i, vstart)
        smap.keys[(*table, *parts)] = KeySpan(i + 1, pos, vstart, end_i + 1, vend)
        last_content = end_i + 1
        i = end_i + 1
    close_table()
    return smap
