"""One ledger file on disk: read it (text, TOML data or a located finding), write it atomically.

Reading never raises for what is *in* a file: bad bytes and bad TOML become findings (F001,
F002) with a line and column. What the file *is* can be a finding too: only a regular file of at
most ``MAX_BYTES`` is read. A FIFO, a device (``ln -s /dev/zero 2022.toml``: git stores
symlinks, so one pull request can plant it), a folder or an oversized file is F002, never a hang
or a read without end. Only "cannot continue" (the file vanished, no permission, a name too long)
raises ``SociofundError``.

Writing replaces the file in one step: a temporary file in the same folder, flushed and fsynced,
then ``os.replace`` over the original, so a crash leaves the old file or the new one, never a mix.
Whether the file is still the one that was read is asked as late as possible: after the temporary
file is complete, immediately before the rename.

Must not import: typer, rich, pydantic.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# hashlib, tomllib and hints are imported where they are used: a digest for a writer, the
# reference parser for a file rtoml cannot take, a fix for a syntax error. Reading a settings
# file for its lang (--help in a ledger set) or a clean year file needs none of them.
from sociofund.core.diagnostics import Finding, SociofundError, Severity
from sociofund.core.layout import TEMP_FILE

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")

#: the largest ledger file read: a year of a large municipality is some tens of kB
MAX_BYTES = 10 * 1024 * 1024
#: an export to import: a large municipality's whole-year huvudbok, with room to spare
EXPORT_MAX_BYTES = 512 * 1024 * 1024

#: (st_dev, st_ino, st_size, st_mtime_ns): a file replaced or rewritten since it was read
#: shows in one of them without reading it again
Identity = tuple[int, int, int, int]


@dataclass(slots=True)
class SourceFile:
    """A file as read: its shown path, its text (None if undecodable) and its TOML data (None if
    it did not parse; the finding that says why is in ``problem``). ``identity`` is the file's
    as it was read (None for text that is not on disk)."""

    path: str
    text: str | None
    data: dict[str, Any] | None
    problem: Finding | None
    #: the bytes as read (None: nothing was read)
    raw: bytes | None = None
    identity: Identity | None = None
    #: the file began with a UTF-8 byte-order mark (Notepad, Excel): a rewrite keeps it
    bom: bool = False
    _digest: str | None = field(default=None, repr=False)

    @property
    def digest(self) -> str:
        """The SHA-256 of the bytes as read ("" when nothing was read): what a writer expects to
        find on disk. Computed when first asked: ``check`` reads thousands of files and never asks."""
        if self._digest is None:
            import hashlib

            self._digest = hashlib.sha256(self.raw).hexdigest() if self.raw is not None else ""
        return self._digest


def _identity(st: os.stat_result) -> Identity:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


try:  # a Rust TOML parser: 7x faster than tomllib on a region's roll-up (bench/RESULTS.md)
    if os.environ.get("SOCIOFUND_TOML") == "tomllib":
        raise ImportError
    from rtoml import loads as _fast_loads
except ImportError:  # pragma: no cover - rtoml has wheels for every platform we target
    _fast_loads = None

# What rtoml (TOML 1.1 drafts) accepts and TOML 1.0 forbids, or reads to other values, is found
# only near these: a byte-order mark (one is stripped on decoding; a second is an error), any
# backslash (the escapes \e and \xHH), an inline table (newlines and a trailing comma inside
# one), a time without seconds (07:32), and a carriage return that does not end a line, or any
# CR in a file with multi-line strings (rtoml keeps the \r of a CRLF inside them; TOML drops it).
# A line with an inline table is exact when it is the simple one-line form ledgers use
# (``codes = { projekt = "7101", ansvar = "42" }``); any other line with a brace is not.
# A file with none of them is read by rtoml; any other goes to tomllib, so tomllib's verdict and
# values stand for every file. Ledger files have none of them (bench/generate.py, the shipped
# ledgers), so the fast path stays the common one. A differential test (tests/test_torture.py,
# tests/torture/toml_fuzz.py) holds sociofund's verdicts and values to tomllib's.
_BRACE_LINE = re.compile(r"^[^\n{]*\{[^\n]*$", re.M)
_KEY = r"[A-Za-z0-9_-]+"
_PAIR = rf"{_KEY}[ \t]*=[ \t]*(?:\"[^\"\\\x00-\x1f\x7f]*\"|0|[1-9][0-9]*)"
_SIMPLE_INLINE = re.compile(rf"[ \t]*{_KEY}[ \t]*=[ \t]*\{{[ \t]*{_PAIR}(?:[ \t]*,[ \t]*{_PAIR})*[ \t]*\}}[ \t]*\r?")
_DIGITS = frozenset("0123456789")


def _short_time(text: str) -> bool:
    """Is there a time without seconds (``07:32``, not ``07:32:00``) anywhere? Looked for at
    each colon, with string operations: a regex over the whole text costs more than the parse
    (ledgers have a colon in every ``Dnr 2021:1144``)."""
    digits = _DIGITS
    i = text.find(":")
    while i != -1:
        if (i >= 2 and text[i - 1] in digits and text[i - 2] in digits and (i < 3 or (text[i - 3] not in digits and text[i - 3] != ":"))
                and text[i + 1:i + 2] in digits and text[i + 2:i + 3] in digits and text[i + 1:i + 3]
                and not (text[i + 3:i + 4] == ":" and text[i + 4:i + 5] in digits and text[i + 4:i + 5])):
            return True
        i = text.find(":", i + 1)
    return False


def _fast_is_exact(text: str) -> bool:
    """True when rtoml's verdict on ``text`` is tomllib's (see the comment above). Substring
    tests first: they cost next to nothing against the parse."""
    if "\ufeff" in text or "\\" in text:
        return False
    if "\r" in text and ("\"\"\"" in text or "\'\'\'" in text or text.replace("\r\n", "").find("\r") != -1):
        return False
    if "{" in text and not all(_SIMPLE_INLINE.fullmatch(m.group(0)) for m in _BRACE_LINE.finditer(text)):
        return False
    return not _short_time(text)


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML parser every read goes through (one place to swap it).

    tomllib (the standard library's) is the reference: its verdict, its values and its error
    message, with line and column, are what users see. rtoml, when installed, reads a file
    faster where it is known to agree with tomllib (``_fast_is_exact``); when it refuses a file,
    tomllib reads it again, so that tomllib words the error (or, should the two ever disagree,
    accepts it). ``SOCIOFUND_TOML=tomllib`` forces the reference path; the test suite runs both
    and compares their findings, and a differential fuzz compares their verdicts and values.
    """
    if _fast_loads is not None and _fast_is_exact(text):
        try:
            return _fast_loads(text)
        except Exception:  # noqa: BLE001 - any refusal goes to the reference parser
            pass
    import tomllib

    return tomllib.loads(text)


def _syntax_error() -> type[ValueError]:
    """tomllib's error for a file that is not TOML. Looked up only when a read fails (an
    ``except`` clause is evaluated then), by which time ``parse_toml`` has loaded tomllib."""
    import tomllib

    return tomllib.TOMLDecodeError


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def _not_a_file(shown: str, mode: int) -> Finding:
    return Finding("F002", Severity.ERROR, shown, {"kind": "special", "what": _kind(mode)}, line=1, col=1)


def _too_large(shown: str, size: int) -> Finding:
    return Finding("F002", Severity.ERROR, shown, {"kind": "large", "size": size, "limit": MAX_BYTES}, line=1, col=1)


def _io_error(shown: str, exc: OSError) -> SociofundError:
    return SociofundError("io-read", path=shown, reason=exc.strerror or str(exc))


def _read_raw(path: Path, shown: str, limit: int | None = None) -> tuple[bytes, Identity] | Finding:
    """The bytes of a regular file (a symlink to one is followed) of at most ``limit`` bytes
    (``MAX_BYTES`` for a ledger file), or the finding that says what it is instead.

    What it is, is asked before it is opened (a device is never opened), and again of the open
    file (it may have been swapped in between): the open never waits for a FIFO's writer
    (``O_NONBLOCK``), and at most ``limit + 1`` bytes are ever read.
    """
    limit = MAX_BYTES if limit is None else limit  # looked up now: tests lower the module's limit
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _io_error(shown, exc) from exc
    if not stat.S_ISREG(st.st_mode):
        return _not_a_file(shown, st.st_mode)
    if st.st_size > limit:
        return _too_large(shown, st.st_size)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _io_error(shown, exc) from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return _not_a_file(shown, st.st_mode)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _io_error(shown, exc) from exc
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:  # grew since the stat
        return _too_large(shown, len(raw))
    return raw, _identity(st)


def read_bytes(path: Path, shown: str) -> bytes:
    """A small file that is not a ledger file (``.gitignore``), read as ``read`` reads one: what
    is not a regular file of at most ``MAX_BYTES`` is an I/O error (exit 2)."""
    got = _read_raw(path, shown)
    if isinstance(got, Finding):
        raise SociofundError("io-read", path=shown, reason=os.strerror(errno.EINVAL))
    return got[0]


def read_raw(path: Path, shown: str) -> bytes | Finding:
    """A ledger file's bytes as ``read`` gets them, unparsed, or the finding that says why not
    (``diff`` hashes a working-tree file before it decides whether to parse it)."""
    got = _read_raw(path, shown)
    return got if isinstance(got, Finding) else got[0]


def size_finding(shown: str, size: int) -> Finding | None:
    """F002 for content larger than ``read`` reads (a git blob is held to the same limit)."""
    return _too_large(shown, size) if size > MAX_BYTES else None


def read(path: Path, shown: str | None = None) -> SourceFile:
    """Read a ledger file: its text and data, or the finding that says why not (F001, F002)."""
    shown = shown if shown is not None else str(path)
    got = _read_raw(path, shown)
    if isinstance(got, Finding):
        return SourceFile(shown, None, None, got)
    raw, identity = got
    src = from_bytes(raw, shown)
    src.identity = identity
    return src


def read_export(path: Path, shown: str | None = None) -> bytes:
    """An export from the ekonomisystem to import (``sociofund import``), read as ``read`` reads a
    ledger file but with room for a year's huvudbok (``EXPORT_MAX_BYTES``): what is not a regular
    file of at most that size is an I/O error (exit 2), never a hang on a FIFO or a device."""
    shown = shown if shown is not None else str(path)
    got = _read_raw(path, shown, EXPORT_MAX_BYTES)
    if isinstance(got, Finding):
        raise SociofundError("io-read", path=shown, reason=os.strerror(errno.EFBIG if got.args.get("kind") == "large"
                                                                         else errno.EINVAL))
    return got[0]


def from_bytes(raw: bytes, shown: str) -> SourceFile:
    """A file's content as read (or as it would be after an edit): decoded, parsed, findings."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    skip = 3 if bom else 0
    try:
        # a byte-order mark (Notepad, Excel exports) is not an error; cut by hand, as "utf-8-sig"
        # would, because that codec runs in Python and the plain one in C (a check reads thousands)
        text = raw[skip:].decode("utf-8") if skip else raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start + skip
        line = raw.count(b"\n", 0, start) + 1
        line_start = raw.rfind(b"\n", 0, start) + 1
        col = start - max(line_start, skip) + 1  # (the mark is not a column of line 1)
        problem = Finding("F002", Severity.ERROR, shown, {"offset": start}, line=line, col=col)
        return SourceFile(shown, None, None, problem, raw)
    try:
        data = parse_toml(text)
    except _syntax_error() as exc:
        msg = str(exc)
        m = _POSITION.search(msg)
        if m and m.group(1):
            line, col = int(m.group(1)), int(m.group(2))
        else:  # "at end of document"
            line, col = max(1, text.count("\n") + (0 if text.endswith("\n") else 1)), 1
        detail = _POSITION.sub("", msg)
        args: dict[str, Any] = {"detail": detail}
        from sociofund.core import hints

        lines = text.split("\n")  # tomllib counts lines at LF only, not at U+2028 or NEL
        fix = hints.syntax_fix(lines[line - 1]) if 0 < line <= len(lines) else None
        if fix is not None:  # a mistake people make often: the finding says what to write instead
            args["fix_kind"], args["fix"] = fix
        problem = Finding("F001", Severity.ERROR, shown, args, line=line, col=col)
        return SourceFile(shown, text, None, problem, raw, bom=bom)
    except (RecursionError, ValueError) as exc:
        # pathological input tomllib cannot hold: nesting beyond the stack, a 5 000-digit integer
        kind = "nesting" if isinstance(exc, RecursionError) else "value"
        problem = Finding("F001", Severity.ERROR, shown, {"detail": kind}, line=1, col=1)
        return SourceFile(shown, text, None, problem, raw, bom=bom)
    return SourceFile(shown, text, data, None, raw, bom=bom)


def _umask() -> int:
    mask = os.umask(0)  # the only portable way to read it is to set it
    os.umask(mask)
    return mask


def clean_stale_temps(folder: Path, older_than: float) -> list[Path]:
    """Remove temporary files a killed writer left in ``folder``: only names of our own pattern,
    only regular files (not symlinks) last written before ``older_than`` (the time the caller
    took the set's lock, so none of them can be a running writer's). Returns what was removed."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not TEMP_FILE.match(name):
            continue
        p = folder / name
        try:
            st = os.lstat(p)
            if stat.S_ISREG(st.st_mode) and st.st_mtime < older_than:
                os.unlink(p)
                removed.append(p)
        except OSError:
            continue  # gone meanwhile, or not ours to remove
    return removed


class _Signalled(BaseException):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _CleanupOnSignal:
    """While a temporary file exists, turn SIGTERM and SIGHUP (a CI job cancelled, a terminal
    closed) into an exception, so that the file is removed; then die of the same signal, as the
    sender meant. Only the main thread can set handlers; elsewhere this does nothing."""

    SIGNALS = ("SIGTERM", "SIGHUP")

    def __enter__(self) -> _CleanupOnSignal:
        import signal
        import threading

        self.saved: dict[int, Any] = {}
        if threading.current_thread() is not threading.main_thread():
            return self

        def raise_(signum: int, _frame: Any) -> None:
            raise _Signalled(signum)

        for name in self.SIGNALS:
            sig = getattr(signal, name, None)
            if sig is not None:
                try:
                    self.saved[sig] = signal.signal(sig, raise_)
                except (ValueError, OSError):
                    pass
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        import signal

        for sig, handler in self.saved.items():
            signal.signal(sig, handler)
        if isinstance(exc, _Signalled):
            # the temporary file is gone (the caller's cleanup ran); now do what the signal meant
            handler = self.saved.get(exc.signum)
            if callable(handler):
                handler(exc.signum, None)
                return
            signal.signal(exc.signum, signal.SIG_DFL)
            os.kill(os.getpid(), exc.signum)


def _changed(path: Path, expect_digest: str | None, expect_identity: Identity | None) -> bool:
    """Is ``path`` (the real file) no longer the one that was read?"""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return True
    if expect_identity is not None and _identity(st) != expect_identity:
        return True
    if expect_digest is not None:
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return True
        import hashlib

        with open(path, "rb") as fh:
            if hashlib.sha256(fh.read(MAX_BYTES + 1)).hexdigest() != expect_digest:
                return True
        if expect_identity is not None:
            # asked again after the read, as the last thing before the rename: an editor's save
            # landing while the digest was computed is seen, and what is left is this stat to
            # the rename (no rename can compare and replace in one step)
            try:
                if _identity(os.stat(path)) != expect_identity:
                    return True
            except FileNotFoundError:
                return True
    return False


def write_atomic(path: Path, text: str | bytes | Iterable[str | bytes], *, expect_digest: str | None = None,
                 expect_identity: Identity | None = None, create: bool = False) -> None:
    """Replace ``path`` with ``text`` (or bytes: a report file; or an iterable of either, written as
    it comes: a streamed report) in one step.

    With ``expect_digest`` (and ``expect_identity``), refuse if the file on disk is no longer the
    one that was read: asked after the temporary file is complete and flushed, immediately before
    the rename, so that an editor saving during the write is not overwritten. With ``create``,
    the file must not exist, and a file someone creates meanwhile is not replaced either.

    The temporary file never outlives the call on an exit Python sees: an exception, Ctrl-C,
    SIGTERM or SIGHUP. Only an uncatchable end (SIGKILL, power loss) leaves it; the next write
    under the lock removes it (``clean_stale_temps``).
    """
    import tempfile  # writing is rare next to reading

    shown = path
    # a symlinked year file stays a symlink: the file it points to is the one replaced
    try:
        path = Path(os.path.realpath(path))
        st: os.stat_result | None = path.stat()
    except FileNotFoundError:
        st = None  # a new file (or one we cannot see: creating its temp file will say why)
    except OSError as exc:  # a name too long, a loop of links
        raise SociofundError("io-write", path=str(shown), reason=exc.strerror or str(exc)) from exc
    if st is not None and create:
        raise SociofundError("changed-on-disk", path=str(shown))
    if st is None and (expect_digest is not None or expect_identity is not None):
        raise SociofundError("changed-on-disk", path=str(shown))  # removed meanwhile
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise SociofundError("io-write", path=str(shown), reason=os.strerror(errno.EINVAL))
    mode = st.st_mode & 0o7777 if st is not None else None
    if mode is not None and not (mode & 0o222 and os.access(path, os.W_OK)):
        # a read-only file is a statement; renaming over it would ignore it (the folder allows it).
        # The mode bits count even for root, who may write anything.
        raise SociofundError("io-write", path=str(shown), reason=os.strerror(errno.EACCES))
    folder = path.parent
    chunks = [text] if isinstance(text, (str, bytes)) else text
    with _CleanupOnSignal():
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "wb") as fh:
                for chunk in chunks:
                    fh.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
                fh.flush()
                os.fsync(fh.fileno())
            # mkstemp makes the file 0600; the result keeps the old file's mode, or a new file
            # gets the mode any other program would give it (0666 less the umask)
            os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
            # the last moment to notice an editor's save: the new text is complete and on disk
            if (expect_digest is not None or expect_identity is not None) and _changed(
                    path, expect_digest, expect_identity):
                raise SociofundError("changed-on-disk", path=str(shown))
            if create:
                _create_from(tmp, path, shown)
            else:
                os.replace(tmp, path)
            tmp = None
        except BaseException as exc:
            if tmp is not None:
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


def _create_from(tmp: str, path: Path, shown: Path) -> None:
    """Put ``tmp`` at ``path`` only if nothing is there: a hard link fails if a file appeared."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise SociofundError("changed-on-disk", path=str(shown)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # a file system without hard links: as close as it gets
        if os.path.lexists(path):
            raise SociofundError("changed-on-disk", path=str(shown)) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)
