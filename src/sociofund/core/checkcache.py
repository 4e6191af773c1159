"""A clean ``check`` remembered by the digests of what it read, as bean-check keeps its cache.

A pre-commit hook runs ``sociofund check`` on every commit, mostly over ledgers that have not
changed, and most of a cold check of one organisation is Python loading typer and pydantic. So
when ``check`` finds nothing, the console entry point records what the run depended on: the
arguments, the working folder, the version and source files of sociofund, the relevant
environment, the listing of every folder it looked into and the SHA-256 of every ``.toml`` in the
ledger sets. The next identical run compares those (stdlib only, before typer is imported) and,
when every one is the same, the entry point prints the recorded output and exits 0.

There is one code path for correctness: a result is only ever *replayed*, never computed here,
and only a result without a single finding, for byte-identical inputs. Anything else — a finding,
a changed or new file, another argument or option, a terminal, ``SOCIOFUND_NO_CACHE=1`` — runs
the full check. The cache lives in the user's cache folder (``$XDG_CACHE_HOME/sociofund`` or
``~/.cache/sociofund``), never inside a repository, so ``git add -A`` cannot pick it up.

Must not import: anything but the standard library and ``core.languages`` (it runs before typer).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path

from sociofund.core import languages  # (standard library only, like this module)

#: environment that can change what ``check`` prints or reads (the language's among it)
_ENV = ("SOCIOFUND_TOML", "SOCIOFUND_LEDGERS", "NO_COLOR", "FORCE_COLOR", "CI", "TERM", languages.ENV,
        *languages.LOCALE_VARS)

#: set by the console entry point when this run may be recorded: the key and its inputs
pending: dict | None = None


def folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sociofund"


def _eligible(argv: list[str]) -> list[str] | None:
    """The paths of ``check PATH...`` with no option at all, when replaying is safe; else None."""
    if not argv or argv[0] != "check" or os.environ.get("SOCIOFUND_NO_CACHE"):
        return None
    if any(a.startswith("-") for a in argv[1:]) or os.environ.get("GITHUB_STEP_SUMMARY"):
        return None
    if sys.stdout.isatty() or sys.stderr.isatty():  # colour and the progress bar: run it
        return None
    return argv[1:] or [os.environ.get("SOCIOFUND_LEDGERS") or "ledgers"]


def _source_stamp() -> list:
    """sociofund's own files by size and time: an upgrade or an edit of the code is a new key."""
    from sociofund import __version__

    root = Path(__file__).resolve().parent.parent
    stamp: list = [__version__]
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                st = os.stat(os.path.join(dirpath, name))
                stamp.append((os.path.relpath(os.path.join(dirpath, name), root), st.st_size, st.st_mtime_ns))
    return stamp


def _listing(path: str) -> list[str] | None:
    try:
        return sorted(e.name + ("/" if e.is_dir() else "") for e in os.scandir(path))
    except OSError:
        return None


def _inputs(paths: list[str]) -> dict | None:
    """Every folder listing and ``.toml`` digest that the check of ``paths`` can depend on: a
    path's folder (a file's: its set) and each of its subfolders (a root's sets), whether or not
    they turn out to be sets, so no file the loader reads is left out. None when something cannot
    be read (the full check will say what)."""
    listings: dict[str, list[str] | None] = {}
    digests: dict[str, str] = {}
    folders: list[str] = []
    for p in paths:
        top = (os.path.dirname(p) or ".") if os.path.isfile(p) else p
        names = _listing(top)
        if names is None:
            return None
        listings[top] = names
        folders.append(top)
        for n in names:
            if n.endswith("/"):
                sub = os.path.join(top, n[:-1])
                listings[sub] = _listing(sub)
                folders.append(sub)
    for f in folders:
        for n in listings[f] or ():
            if n.endswith(".toml"):
                digest = _digest(os.path.join(f, n))
                if digest is None:
                    return None
                digests[os.path.join(f, n)] = digest
    return {"listings": listings, "digests": digests}


#: as ``ledgerfile.MAX_BYTES``: a larger file is a finding, never a clean check
_MAX_BYTES = 10 * 1024 * 1024


def _digest(path: str) -> str | None:
    """SHA-256 of a regular file of at most ``_MAX_BYTES``; None for anything else (a FIFO, a
    device, a huge file: the full check says what it is, and it is never replayed). Opened without
    blocking, so a FIFO is not waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_BYTES:
            return None
        h = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def _key(paths: list[str]) -> str:
    env = {k: os.environ.get(k) for k in _ENV}
    raw = json.dumps([os.getcwd(), paths, env, _source_stamp()], sort_keys=True)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def replay(argv: list[str]) -> str | None:
    """The recorded output of an identical clean run; else None (and, when this run may be
    recorded, remember what to record it under)."""
    global pending
    paths = _eligible(argv)
    if paths is None:
        return None
    try:
        key = _key(paths)
        inputs = _inputs(paths)
        if inputs is None:
            return None
        pending = {"key": key, "paths": paths, "inputs": inputs}
        entry = folder() / f"{key}.json"
        if not entry.is_file():
            return None
        saved = json.loads(entry.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(saved, dict) or saved.get("inputs") != inputs or not isinstance(saved.get("output"), str):
        return None
    return saved["output"]


def record(output: str) -> None:
    """Remember the output of the clean run that ``replay`` could not answer (never fails)."""
    global pending
    if pending is None:
        return
    entry, pending = pending, None
    try:
        if _inputs(entry["paths"]) != entry["inputs"]:  # changed while it was checked: not this output
            return
        target = folder()
        target.mkdir(parents=True, exist_ok=True)
        tmp = target / f".{entry['key']}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"inputs": entry["inputs"], "output": output}), encoding="utf-8")
        os.replace(tmp, target / f"{entry['key']}.json")
    except OSError:
        pass
