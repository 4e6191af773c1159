"""Edits to ledger text: explicit, surgical, through the source map.

An operation (``core.ops``) says *what* changes as a list of edits — set this key of this entry,
append this block, create this file — and this module applies them to the text: a changed value
rewrites only its own line (a trailing comment stays), a new key is a new line at the end of its
entry, a new entry is a block appended at the end of the file. Every other byte — comments, blank
lines, key order, number style, line endings — stays as it was, so ``git diff`` shows the change
and nothing else.

Must not import: typer, rich. Pure text in, text out: nothing here touches the disk.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sociofund.core import sourcemap
from sociofund.core.diagnostics import KeyPath, SociofundError
from sociofund.core.model import MONEY_FIELDS
from sociofund.core.money import toml_literal


@dataclass(frozen=True, slots=True)
class SetKey:
    """Set ``key`` of the entry at ``entry`` (``("allocation", 2)``, or ``()`` for the file's top
    level) to ``value``: rewrite its line, or add the line if the key is not there."""

    path: Path
    entry: KeyPath
    key: str
    value: Any


@dataclass(frozen=True, slots=True)
class AppendBlock:
    """Append a new ``[[table]]`` entry with ``values`` (in this order) at the end of the file."""

    path: Path
    table: str
    values: tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class CreateFile:
    """Write a new file; ``replaces``: the text of a file that is there and may be replaced (an
    existing ``.gitignore`` that ``init`` extends), None: the file must not exist."""

    path: Path
    text: str
    replaces: str | None = None


Edit = SetKey | AppendBlock | CreateFile

_INVISIBLE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def toml_value(key: str, value: Any) -> str:
    """A value as a ledger file writes it: money with ``_`` separators (``460_000``), text as a
    TOML basic string (escaped by tomli-w), dates and booleans as TOML has them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and key in MONEY_FIELDS:
        return toml_literal(value)
    if isinstance(value, (int, dt.date)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, float):
        return repr(value)
    import tomli_w  # only writes need it

    literal = tomli_w.dumps({"k": value}).split(" = ", 1)[1].rstrip("\n")
    # tomli-w escapes C0 controls; characters that editors and terminals take for line breaks or
    # that reorder text (C1 controls, U+2028/9, bidi controls) are escaped too, so that the line
    # in the file reads as what it holds
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", literal) if isinstance(value, str) else literal


def toml_lines(text: str) -> list[str]:
    """``text``'s lines with their ends, as TOML counts them: broken at LF only (CRLF ends in
    LF). ``str.splitlines`` also breaks at U+2028, NEL, form feeds and others that a string may
    hold, and would put an edit inside that string."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _set_key(text: str, edit: SetKey) -> str:
    smap = sourcemap.build(text)
    nl = _newline(text)
    lines = toml_lines(text)
    literal = toml_value(edit.key, edit.value)
    span = smap.keys.get((*edit.entry, edit.key))
    if span is not None:
        first = lines[span.line - 1]
        if span.end_line == span.line:
            lines[span.line - 1] = first[: span.value_start] + literal + first[span.value_end :]
        else:  # a multi-line value (a long string or array) becomes one line
            last = lines[span.end_line - 1]
            lines[span.line - 1 : span.end_line] = [first[: span.value_start] + literal + last[span.value_end :]]
        return "".join(lines)
    new_line = f"{edit.key} = {literal}{nl}"
    if edit.entry:
        table = smap.tables.get(edit.entry)
        if table is None:  # an inline table (``allocation = [{...}]``): no line of its own to add
            raise SociofundError("inline-entry", path=str(edit.path), table=str(edit.entry[0]),
                                 line=smap.locate(edit.entry)[0])
        after = table.end_line
    else:  # top level: after its last key, else after the file's opening comments
        top = [s.end_line for p, s in smap.keys.items() if len(p) == 1]
        after = max(top) if top else _opening_comments(lines)
    if after and not lines[after - 1].endswith(("\n", "\r")):
        lines[after - 1] += nl
    lines.insert(after, new_line)
    return "".join(lines)


def _opening_comments(lines: list[str]) -> int:
    """How many lines the comment block at the top of a file takes (0 if it has none)."""
    n = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("#"):
            n = i + 1
        elif stripped:
            break
    return n


def block_text(table: str, values: tuple[tuple[str, Any], ...], nl: str = "\n") -> str:
    body = "".join(f"{key} = {toml_value(key, value)}{nl}" for key, value in values if value is not None)
    return f"[[{table}]]{nl}{body}"


def _append(text: str, edit: AppendBlock) -> str:
    inline = sourcemap.build(text).keys.get((edit.table,))
    if inline is not None:  # ``allocation = [{...}]``: a [[allocation]] block after it would be a TOML error
        raise SociofundError("inline-entry", path=str(edit.path), table=edit.table, line=inline.line)
    nl = _newline(text)
    if text and not text.endswith("\n"):
        text += nl
    sep = "" if not text.strip() else nl
    return text + sep + block_text(edit.table, edit.values, nl)


def apply(text: str | None, edits: list[Edit]) -> str:
    """``text`` with ``edits`` applied in order (all of one file). ``text`` None: a new file."""
    for edit in edits:
        if isinstance(edit, CreateFile):
            text = edit.text
        elif text is None:
            raise ValueError(f"{edit.path}: no such file to edit")
        elif isinstance(edit, SetKey):
            text = _set_key(text, edit)
        else:
            text = _append(text, edit)
    return text or ""


def unified_diff(path: str, old: str | None, new: str) -> str:
    """The change as ``diff -u`` shows it (what ``difflib.unified_diff`` writes). A surgical edit
    changes a few lines of what may be a long file, and difflib's matching grows with the square
    of the lines it is given: the common head and tail are set aside as equal first and only the
    lines between them are matched; the hunks, with three lines of context, are grouped over the
    whole file."""
    import difflib

    a, b = toml_lines(old or ""), toml_lines(new)
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle = difflib.SequenceMatcher(None, a[head:len(a) - tail], b[head:len(b) - tail], autojunk=False)
    ops = [("equal", 0, head, 0, head)] if head else []
    ops += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle.get_opcodes()]
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    whole = difflib.SequenceMatcher(None, (), ())
    whole.opcodes = ops  # get_grouped_opcodes groups these instead of matching again
    out: list[str] = []
    for group in whole.get_grouped_opcodes(3):
        if not out:
            out += [f"--- {'a/' + path if old is not None else '/dev/null'}\n", f"+++ b/{path}\n"]
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in a[i1:i2]]
                continue
            if tag in ("replace", "delete"):
                out += ["-" + line for line in a[i1:i2]]
            if tag in ("replace", "insert"):
                out += ["+" + line for line in b[j1:j2]]
    return "".join(out)


def _range(start: int, stop: int) -> str:
    """A hunk's line range as ``diff -u`` writes it (difflib's ``_format_range_unified``)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if not length else start + 1},{length}"
