"""The one way a renderer draws with rich: a console over a buffer, and its text without padding.

Every rich-drawn format (report, compare, funder report) needs the same console — the reader's
width, colour only when asked, no markup highlighting, no emoji codes — and the same clean-up:
rich pads every line to the full width, and a pasted or diffed table is better without it.
rich is imported inside ``console``, so importing this module costs nothing.
"""

from __future__ import annotations

import io


def console(buf: io.StringIO, width: int, color: bool):
    from rich.console import Console

    return Console(file=buf, width=width, color_system="standard" if color else None, force_terminal=color,
                   no_color=not color, highlight=False, emoji=False)


def unpadded(text: str) -> str:
    """``text`` with the spaces rich pads each line with removed."""
    return "\n".join(line.rstrip() for line in text.split("\n"))
