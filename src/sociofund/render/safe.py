"""Text from a ledger is data: escape it for each place it is shown.

One function per medium. Ledger text (names, notes, refs, even key names in a finding) may hold
rich markup, terminal escape sequences, bidirectional overrides, spreadsheet formulas, Markdown
pipes or GitHub workflow commands; none of it may take effect.

Must not import: typer, rich (rich markup is escaped by building ``rich.text.Text`` objects, never
by formatting markup strings, so no rich import is needed here).
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode format characters that reorder or hide text
# (bidi embeddings/overrides/isolates, line/paragraph separators, zero-width joiners stay).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    ch = m.group(0)
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """One line of plain text for a terminal: control characters shown as ``\\x1b``."""
    return _UNSAFE.sub(_visible, text)


def terminal_lines(text: str) -> str:
    """Several lines (a diff) for a terminal: each line made safe, the line breaks kept."""
    return "".join(terminal(line) + "\n" for line in text.splitlines())


def markdown_cell(text: str) -> str:
    """A Markdown table cell: terminal-safe, pipes and backslashes escaped, no HTML."""
    text = terminal(text).replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def spreadsheet_cell(text: str) -> str:
    """A CSV/xlsx text cell that no spreadsheet will run as a formula (OWASP CSV injection)."""
    text = terminal(text)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") or text.startswith("\\x09") or text.startswith("\\x0d"):
        return "'" + text
    return text


def github_data(text: str) -> str:
    """The message part of a GitHub Actions workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value (file=, title=) of a workflow command."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
