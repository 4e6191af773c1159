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

import os
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from sociofund.core import edit, ledgerfile
from sociofund.core.change import Change, Loaded, Outcome
from sociofund.core.diagnostics import Finding, Severity, SociofundError
from sociofund.core.loader import load_set, place
from sociofund.core.lock import locked

#: errors any change may add: money left unallocated while a year is being filled in
ALLOWED_NEW = frozenset({"B002"})


def _identity(f: Finding) -> tuple:
    # where and what, not the figures: an error that was there before stays "the same" error
    # when the change moves an amount in its message
    return (f.code, f.file, f.keypath or (f.line,))


def run(folder: Path, operation: Callable[[Loaded], Change], *, dry_run: bool = False,
        on_wait: Callable[[], None] | None = None, raise_refused: bool = True) -> Outcome:
    """Load ``folder`` under its lock, let ``operation`` compute a change, check and write it.

    A dry run takes no lock and writes nothing: it needs only read access, and what it shows is
    the change as it would be made now.

    A change the check refuses is not written: ``SociofundError("refused")`` with the findings that
    refuse it, or, with ``raise_refused=False``, an outcome holding its notes, its diff and, in
    ``refused``, those findings (so that a command can show what it was asked to do first)."""
    with nullcontext() if dry_run else locked(folder, on_wait=on_wait):
        if not dry_run:
            # under the lock no other sociofund writes here: a temp file of ours is a killed writer's
            ledgerfile.clean_stale_temps(folder, older_than=time.time())
        # findings are compared by code, file and key, never by line: placing them (a source map per
        # file with findings) is left to the few this command prints
        before = load_set(folder, keep_sources=True, place=False)
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
        after = load_set(folder, overrides=changed, keep_sources=True, place=False)
        known = {_identity(f) for f in before.findings}
        added = place([f for f in after.findings if _identity(f) not in known], after.sources)
        refusing = [f for f in added if f.severity is Severity.ERROR and f.code not in ALLOWED_NEW | change.allowed]
        diffs = {str(p): edit.unified_diff(str(p), old[p], t) for p, t in changed.items()}
        if refusing:  # nothing is written
            if raise_refused:
                raise SociofundError("refused", findings=refusing)
            return Outcome(change, diffs, False, after, added, refused=refusing)
        if not dry_run:
            for path, text in changed.items():
                src = before.sources.get(str(path))
                if src is None:  # a new file: not if someone else created it meanwhile
                    ledgerfile.write_atomic(path, text, create=True)
                else:  # not over a save made since it was read (compared just before the rename)
                    # every byte but the change stays: a byte-order mark the file began with too
                    ledgerfile.write_atomic(path, "\ufeff" + text if src.bom else text, expect_digest=src.digest,
                                            expect_identity=src.identity)
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
    clash = [str(e.path) for e in change.edits if e.replaces is None and os.path.lexists(e.path)]
    if clash:
        raise SociofundError("init-exists", paths=", ".join(clash))
    written = []
    for e in sorted(change.edits, key=lambda e: e.replaces is None):  # replacements first
        path = Path(e.path)
        if e.replaces is not None:
            ledgerfile.write_atomic(path, e.text, expect_digest=hashlib.sha256(e.replaces.encode("utf-8")).hexdigest())
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SociofundError("io-write", path=str(path.parent), reason=exc.strerror or str(exc)) from exc
            try:  # not over a file someone else created meanwhile
                ledgerfile.write_atomic(path, e.text, create=True)
            except SociofundError as exc:
                if exc.code == "changed-on-disk":
                    raise SociofundError("init-exists", paths=str(path)) from None
                raise
        written.append(path)
        if on_written is not None:
            on_written(path)
    return written
