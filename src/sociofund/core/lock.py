"""The set's write lock: two commands writing the same set run one after the other.

``flock`` on ``.sociofund.lock`` in the set's folder; the writer holds it while it loads, checks
and writes (see ``writer``).

Must not import: typer, rich.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sociofund.core.diagnostics import SociofundError
from sociofund.core.layout import LOCK_NAME

LOCK_TIMEOUT_S = 30.0


@contextmanager
def locked(folder: Path, timeout: float = LOCK_TIMEOUT_S, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the set's write lock. Waits for another writer up to ``timeout`` seconds; ``on_wait``
    is called once if the lock is not free at once (the CLI says it is waiting)."""
    path = folder / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise SociofundError("io-write", path=str(path), reason=exc.strerror or str(exc)) from exc
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock, but every write stays atomic
            yield
            return
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if on_wait is not None:
                    on_wait()
                    on_wait = None
                if time.monotonic() > deadline:
                    raise SociofundError("locked", path=str(folder)) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
