"""One ledger file on disk: read it (text, TOML data or a located finding), write it atomically.

Reading never raises for what is *in* a file: bad bytes and bad TOML become findings (F001,
F002) with a line and column. Only "cannot continue" (the file vanished, no permission) raises
``SociofundError``.

Writing replaces the file in one step: a temporary file in the same folder, flushed and fsynced,
then ``os.replace`` over the original, so a crash leaves the old file or the new one, never a mix.

Must not import: typer, rich, pydantic.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sociofund.core.diagnostics import Finding, SociofundError, Severity

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")


@dataclass(slots=True)
class SourceFile:
    """A file as read: its shown path, its text (None if undecodable) and its TOML data (None if
    it did not parse; the finding that says why is in ``problem``)."""

    path: str
    text: str | None
    data: dict[str, Any] | None
    problem: Finding | None
    digest: str


try:  # a Rust TOML parser: 7x faster than tomllib on a region's roll-up (bench/RESULTS.md)
    if os.environ.get("SOCIOFUND_TOML") == "tomllib":
        raise ImportError
    from rtoml import loads as _fast_loads
except ImportError:  # pragma: no cover - rtoml has wheels for every platform we target
    _fast_loads = None


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML parser every read goes through (one place to swap it).

    tomllib (the standard library's) is the reference: its verdict and its error message, with
    line and column, are what users see. rtoml, when installed, reads valid files faster; when it
    refuses a file, tomllib reads it again, so that tomllib words the error (or, should the two
    ever disagree, accepts it). ``SOCIOFUND_TOML=tomllib`` forces the reference path; the test
    suite runs both and compares their findings.
    """
    if _fast_loads is not None:
        try:
            return _fast_loads(text)
        except Exception:  # noqa: BLE001 - any refusal goes to the reference parser
            pass
    return tomllib.loads(text)


def read(path: Path, shown: str | None = None) -> SourceFile:
    shown = shown if shown is not None else str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SociofundError("io-read", path=shown, reason=exc.strerror or str(exc)) from exc
    return from_bytes(raw, shown)


def from_bytes(raw: bytes, shown: str) -> SourceFile:
    """A file's content as read (or as it would be after an edit): decoded, parsed, findings."""
    digest = hashlib.sha256(raw).hexdigest()
    try:
        # utf-8-sig: a byte-order mark (Notepad, Excel exports) is not an error
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problem = Finding("F002", Severity.ERROR, shown, {"offset": exc.start}, line=line, col=col)
        return SourceFile(shown, None, None, problem, digest)
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _POSITION.search(msg)
        if m and m.group(1):
            line, col = int(m.group(1)), int(m.group(2))
        else:  # "at end of document"
            line, col = max(1, text.count("\n") + (0 if text.endswith("\n") else 1)), 1
        detail = _POSITION.sub("", msg)
        problem = Finding("F001", Severity.ERROR, shown, {"detail": detail}, line=line, col=col)
        return SourceFile(shown, text, None, problem, digest)
    except (RecursionError, ValueError) as exc:
        # pathological input tomllib cannot hold: nesting beyond the stack, a 5 000-digit integer
        kind = "nesting" if isinstance(exc, RecursionError) else "value"
        problem = Finding("F001", Severity.ERROR, shown, {"detail": kind}, line=1, col=1)
        return SourceFile(shown, text, None, problem, digest)
    return SourceFile(shown, text, data, None, digest)


def _umask() -> int:
    mask = os.umask(0)  # the only portable way to read it is to set it
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str | bytes, *, expect_digest: str | None = None) -> None:
    """Replace ``path`` with ``text`` (or bytes: a report file) in one step. With ``expect_digest``, refuse if the file on
    disk is no longer the one that was read (someone else changed it meanwhile)."""
    if expect_digest is not None and path.exists():
        if hashlib.sha256(path.read_bytes()).hexdigest() != expect_digest:
            raise SociofundError("changed-on-disk", path=str(path))
    import errno
    import tempfile  # writing is rare next to reading

    shown = path
    # a symlinked year file stays a symlink: the file it points to is the one replaced
    path = Path(os.path.realpath(path))
    try:
        mode: int | None = path.stat().st_mode & 0o7777
    except OSError:
        mode = None  # a new file (or one we cannot see: creating its temp file will say why)
    if mode is not None and not (mode & 0o222 and os.access(path, os.W_OK)):
        # a read-only file is a statement; renaming over it would ignore it (the folder allows it).
        # The mode bits count even for root, who may write anything.
        raise SociofundError("io-write", path=str(shown), reason=os.strerror(errno.EACCES))
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SociofundError("io-write", path=str(shown), reason=exc.strerror or str(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file 0600; the result keeps the old file's mode, or a new file gets
        # the mode any other program would give it (0666 less the umask)
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise SociofundError("io-write", path=str(shown), reason=exc.strerror or str(exc)) from exc
        raise
    try:  # make the rename itself durable
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
