"""A progress bar for long work, on a terminal only. Part of the CLI: it draws on stderr, and
renderers never print.

The core reports progress as calls of ``progress(done, total)``; this turns them into a rich
progress bar on stderr, but only when stderr is a terminal, not in CI, and only once the work has
taken more than about a second (a quick check should print nothing extra). rich is imported only
when the bar is actually shown.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

DELAY_S = 1.0


@contextmanager
def progress_bar(label: str, stream=None, delay: float = DELAY_S) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a ``progress(done, total)`` callback, or None where no bar may be drawn."""
    stream = stream or sys.stderr
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb" or not (hasattr(stream, "isatty") and stream.isatty()):
        yield None
        return
    start = time.monotonic()
    state: dict = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if time.monotonic() - start < delay or done >= total:
                return
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(console=Console(file=stream), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(label, total=total)
        state["bar"].update(state["task"], completed=done)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()
