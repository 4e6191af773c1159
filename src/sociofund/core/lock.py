"""The set's write lock: two commands writing the same set run one after the other.

A ``filelock.FileLock`` (``fcntl`` on POSIX, ``msvcrt`` on Windows: every platform takes the
lock) on a file *outside* the set, so that ``git add -A`` never picks it up and a write leaves
nothing behind in the ledger folder: inside the git directory of the work tree that holds the
set (``.git/sociofund/``), else in the user's cache folder. Either way the file is named by the
set's real path, so every way of naming one set (a relative path, a symlink) takes one lock. The
writer holds it while it loads, checks and writes (see ``writer``).

Must not import: typer, rich.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sociofund.core.diagnostics import SociofundError

LOCK_TIMEOUT_S = 30.0


def _git_dir(folder: Path) -> Path | None:
    """The git directory of the work tree holding ``folder``: ``.git``, or where a ``.git`` file
    (a linked worktree, a submodule) points."""
    for parent in (folder, *folder.parents):
        dot = parent / ".git"
        try:
            if dot.is_dir():
                return dot
            if dot.is_file():
                text = dot.read_text(encoding="utf-8", errors="replace").strip()
                if text.startswith("gitdir:"):
                    target = Path(text[len("gitdir:"):].strip())
                    return target if target.is_absolute() else (parent / target).resolve()
                return None
        except OSError:
            return None
    return None


def _cache_dir() -> Path:
    """The user's cache folder for sociofund (per user, never inside a ledger)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sociofund" / "locks"


def lock_path(folder: Path) -> Path:
    """Where the lock of the set in ``folder`` lives (not inside the set: see the module's doc)."""
    real = Path(os.path.realpath(folder))
    name = hashlib.sha256(str(real).encode("utf-8", "surrogateescape")).hexdigest()[:24] + ".lock"
    git = _git_dir(real)
    return (git / "sociofund" / name) if git is not None else _cache_dir() / name


@contextmanager
def locked(folder: Path, timeout: float = LOCK_TIMEOUT_S, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the set's write lock. Waits for another writer up to ``timeout`` seconds; ``on_wait``
    is called once if the lock is not free at once (the CLI says it is waiting)."""
    from filelock import FileLock, Timeout  # only writes need it

    path = lock_path(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SociofundError("io-write", path=str(path.parent), reason=exc.strerror or str(exc)) from exc
    lock = FileLock(path)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait is not None:
                on_wait()
            lock.acquire(timeout=timeout)
    except Timeout:
        raise SociofundError("locked", path=str(folder)) from None
    except OSError as exc:
        raise SociofundError("io-write", path=str(path), reason=exc.strerror or str(exc)) from exc
    try:
        yield
    finally:
        lock.release()
