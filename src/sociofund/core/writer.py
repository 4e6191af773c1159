"""Carry out a change to a ledger set: lock, apply the edits, re-check, write atomically.

The order is the promise of PRODUCT.md §6:

1. Take the set's lock (``core.lock``: ``flock`` on a file in the folder), so that two commands
   writing the same set run one after the other and neither change is lost.
2. Load the set as it is now and let the operation compute its edits from *that* state.
3. Apply the edits to the text and check the whole set as it would be (``load_set`` with
   overrides), before anything touches the disk.
4. Refuse if the change adds an error the set did not have — except money left unallocated
   (B002), the normal state while a year is being filled in, and, for ``close`` and
   ``carryover``, a closed year's unspent money not yet (all) carried over or repaid
   (K001/K002): bokslut comes first, the decisions on the unspent money after it, one fund at a
   time. (``carryover`` itself never moves more than there is.)
5. Write each file atomically, refusing a file that changed on disk since it was read.

Must not import: typer, rich.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sociofund.core import edit, ledgerfile
from sociofund.core.change import Change, Loaded, Outcome
from sociofund.core.diagnostics import Finding, Severity, SociofundError
from sociofund.core.loader import load_set
from sociofund.core.lock import locked

#: errors any change may add: money left unallocated while a year is being filled in
ALLOWED_NEW = frozenset({"B002"})


def _identity(f: Finding) -> tuple:
    # where and what, not the figures: an error that was there before stays "the same" error
    # when the change moves an amount in its message
    return (f.code, f.file, f.keypath or (f.line,))


def run(folder: Path, operation: Callable[[Loaded], Change], *, dry_run: bool = False,
        on_wait: Callable[[], None] | None = None) -> Outcome:
    """Load ``folder`` under its lock, let ``operation`` compute a change, check and write it."""
    with locked(folder, on_wait=on_wait):
        before = load_set(folder, keep_sources=True)
        change = operation(before)
        by_file: dict[Path, list[edit.Edit]] = {}
        for e in change.edits:
            by_file.setdefault(Path(e.path), []).append(e)
        old: dict[Path, str | None] = {}
        new: dict[Path, str] = {}
        for path, edits in by_file.items():
            src = before.sources.get(str(path))
            old[path] = src.text if src is not None else None
            new[path] = edit.apply(old[path], edits)
        changed = {p: t for p, t in new.items() if t != old[p]}
        if not changed:
            return Outcome(change, {}, False, before, [])
        after = load_set(folder, overrides=changed, keep_sources=True)
        known = {_identity(f) for f in before.findings}
        added = [f for f in after.findings if _identity(f) not in known]
        refusing = [f for f in added if f.severity is Severity.ERROR and f.code not in ALLOWED_NEW | change.allowed]
        if refusing:
            raise SociofundError("refused", findings=refusing)
        diffs = {str(p): edit.unified_diff(str(p), old[p], t) for p, t in changed.items()}
        if not dry_run:
            for path, text in changed.items():
                src = before.sources.get(str(path))
                if src is None and path.exists():  # created by someone else meanwhile
                    raise SociofundError("changed-on-disk", path=str(path))
                ledgerfile.write_atomic(path, text, expect_digest=src.digest if src else None)
        return Outcome(change, diffs, not dry_run, after, added)


def create_files(change: Change, on_written: Callable[[Path], None] | None = None) -> list[Path]:
    """Write the new files of ``change`` (``init``): parents made, an existing file touched only
    when the edit says which text it replaces, and only if that is still the text on disk.

    Replacements go first, and every new file is checked to be absent before any is written: the
    likely failures (a read-only or changed file, a file already there) leave nothing behind.
    ``on_written`` hears of each file as it is written, so that a failure later (a full disk)
    still tells the reader what is there."""
    import hashlib

    if not all(isinstance(e, edit.CreateFile) for e in change.edits):
        raise TypeError("create_files takes only CreateFile edits")
    clash = [str(e.path) for e in change.edits if e.replaces is None and Path(e.path).exists()]
    if clash:
        raise SociofundError("init-exists", paths=", ".join(clash))
    written = []
    for e in sorted(change.edits, key=lambda e: e.replaces is None):  # replacements first
        path = Path(e.path)
        if e.replaces is not None:
            ledgerfile.write_atomic(path, e.text, expect_digest=hashlib.sha256(e.replaces.encode("utf-8")).hexdigest())
        else:
            if path.exists():  # created by someone else meanwhile
                raise SociofundError("init-exists", paths=str(path))
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SociofundError("io-write", path=str(path.parent), reason=exc.strerror or str(exc)) from exc
            ledgerfile.write_atomic(path, e.text)
        written.append(path)
        if on_written is not None:
            on_written(path)
    return written
