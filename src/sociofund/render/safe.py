"""Text from a ledger is data: escape it for each place it is shown.

One function per medium. Ledger text (names, notes, refs, file names, even key names in a
finding) may hold rich markup, terminal escape sequences, bidirectional overrides, spreadsheet
formulas, Markdown links and images, pipes or GitHub workflow commands; none of it may take
effect. A file name that is not UTF-8 arrives with its bad bytes as lone surrogates
(``surrogateescape``); it is shown as ``\\xff`` and never reaches an output as invalid UTF-8.

Must not import: typer, rich (rich markup is escaped by building ``rich.text.Text`` objects, never
by formatting markup strings, so no rich import is needed here).
"""

from __future__ import annotations

import json
import re
from typing import Any

# What is invisible or moves text: C0 and C1 controls and DEL; the Unicode format characters that
# reorder or hide text (bidi marks, embeddings, overrides and isolates, the Arabic letter mark,
# line and paragraph separators, the word joiner and invisible operators, the byte-order mark);
# and lone surrogates (undecodable bytes of a file name). Zero-width (non-)joiners stay: scripts
# and emoji need them.
_INVISIBLE = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
#: what JSON leaves raw (it escapes C0 itself): escaped as ``\\uXXXX`` so a program reading the
#: document gets the character and a person viewing it sees no reordered text
_UNSAFE_JSON = re.compile(f"[{_INVISIBLE}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte surrogateescape could not decode: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """One line of plain text for a terminal: control characters shown as ``\\x1b``."""
    return _UNSAFE.sub(_visible, text)


def terminal_lines(text: str) -> str:
    """Several lines (a diff) for a terminal: each line made safe, the line breaks kept."""
    return "".join(terminal(line) + "\n" for line in text.splitlines())


# Markdown-active in running text: escapes, code, emphasis, strikethrough, links and images, raw
# HTML and autolinks, entities, table pipes, math, heading closers; and what would start a GFM
# autolink: the ':' of "://", "mailto:" and "xmpp:", every '@' (a@b.se), the '.' of "www.".
# Every ASCII punctuation character may be backslash-escaped (CommonMark), and an escaped one is
# literal text. ("Dnr 2021:1144" keeps its colon.)
_MD_ACTIVE = re.compile(r"[\\`*_~\[\]<>!&|$#@]|:(?=//)|(?i:(?<=mailto)|(?<=xmpp)):|(?<=[wW]{3})\.")


def markdown(text: str) -> str:
    """Ledger text inside Markdown (a table cell, a heading, a list item): visible controls,
    every Markdown-active character backslash-escaped, so it renders as exactly the text."""
    return _MD_ACTIVE.sub(lambda m: "\\" + m.group(0), terminal(text))


def markdown_cell(text: str) -> str:
    """A Markdown table cell (``markdown`` escapes the pipe too)."""
    return markdown(text)


def markdown_code(text: str, *, in_table: bool = False) -> str:
    """Ledger text as a Markdown code span: nothing inside one is Markdown, a link or a mention.
    The fence is longer than any run of backticks in the text; in a GFM table a pipe still ends
    the cell unless escaped (GitHub removes that backslash before the span is read)."""
    text = terminal(text)
    if not text:
        return ""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text[0] in "` " or text[-1] in "` ":
        text = f" {text} "
    if in_table:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


def json_dumps(doc: Any, indent: int | None = 2) -> str:
    """A JSON document (UTF-8 text, indented) in which invisible and reordering characters are
    ``\\u`` escapes (a program reading it gets them back) and an undecodable byte of a file name
    is the text ``\\xff``, as every other format shows it (a lone surrogate is no character a
    JSON reader must accept). Always valid UTF-8. ``indent=None``: compact, no spaces."""
    text = json.dumps(doc, ensure_ascii=False, indent=indent, separators=None if indent is not None else (",", ":"))
    text = _SURROGATE.sub(lambda m: _visible(m).replace("\\", "\\\\"), text)
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def spreadsheet_cell(text: str) -> str:
    """A CSV/xlsx text cell that no spreadsheet will run as a formula (OWASP CSV injection)."""
    text = terminal(text)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") or text.startswith("\\x09") or text.startswith("\\x0d"):
        return "'" + text
    return text


def xlsx_text(text: str) -> str:
    """The text of an xlsx string cell: terminal-safe, and nothing more. A string cell is never a
    formula (the writer stores it with the string type), so the apostrophe that defends a CSV
    cell would only be shown: a unit ``-IFO`` stays ``-IFO``."""
    return terminal(text)


def github_data(text: str) -> str:
    """The message part of a GitHub Actions workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value (file=, title=) of a workflow command."""
    return github_data(terminal(text)).replace(":", "%3A").replace(",", "%2C")


#: the most characters of one ledger text a terminal table shows: rich lays out a cell in more
#: than linear time, and a 10 MB name took 39 s (issue 18); no name or unit is this long
TABLE_TEXT_MAX = 300


def table_cell(text: str) -> str:
    """Ledger text for a cell of a terminal table: terminal-safe, and cut with "…" past
    ``TABLE_TEXT_MAX`` characters, so a table of any input renders in linear time."""
    return cut(terminal(text[: TABLE_TEXT_MAX * 8]), TABLE_TEXT_MAX)


def cut(text: str, limit: int) -> str:
    """At most ``limit`` characters: a longer text ends in "…" (a table renders any input in
    time linear in its size)."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"
