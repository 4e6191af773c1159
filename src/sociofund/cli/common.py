"""What every command run shares that needs no typer: the exit codes, the language of the running
command, the boundary's mapping of what ended a command to a message and an exit code, colour, the
default ledgers, and the guard around a whole run.

Here rather than in ``cli/base.py`` (which re-exports these names) because a run that does not
need typer must still end exactly as one that does: the check that cli/checking.py runs before
typer is loaded goes through these same functions.

Exit codes (README, "Exit codes"): 0 nothing wrong; 1 findings at error level (or warnings under
``--strict``), or a change refused; 2 usage or I/O error; 3 internal error (a bug); 130 Ctrl-C;
141 the reader of the output went away. They are computed here and only here.

Must not import: typer, rich, pydantic (``--help`` and the check stay fast).
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sociofund.core import languages

OK, FINDINGS, USAGE, BUG, INTERRUPTED, PIPE_CLOSED = 0, 1, 2, 3, 130, 141


@dataclass(slots=True)
class Session:
    """What the error boundary needs to know about the running command: the language it speaks."""

    lang: str = languages.DEFAULT
    #: the language known before parsing (cli/language.py ``early``)
    early: str = languages.DEFAULT
    #: the --lang of the command line, wherever it stands (``sociofund --lang en check``)
    option: str | None = None


#: the running command's; one command runs at a time (it is started afresh for each)
SESSION = Session()


def start(argv: list[str]) -> None:
    """The session of a command line about to run: the language decided from what is at hand."""
    from sociofund.cli import language

    SESSION.lang = SESSION.early = language.early(argv)
    SESSION.option = language.from_argv(argv)  # --lang before the command counts for it too


def resolve_lang(option, set_langs: list[str | None] | None = None) -> str:
    """The language of the command's output (cli/language.py ``resolve``): ``--lang`` (a ``Lang``
    or its code), ``SOCIOFUND_LANG``, the sets' own ``lang`` when they agree, the locale, Swedish.
    The boundary words an error in the language last resolved."""
    from sociofund.cli import language

    SESSION.lang = language.resolve(getattr(option, "value", option) if option is not None else SESSION.option,
                                    [x for x in set_langs or [] if x])
    return SESSION.lang


def default_ledgers(value: Path | None, from_default: bool) -> Path | None:
    """``--ledgers`` as a command gets it. Without --ledgers and $SOCIOFUND_LEDGERS
    (``from_default``), and with no ./ledgers here: the nearest ledger set or root — the current
    folder when it holds year files, else a folder above it that is a set or holds ledgers/ — and
    say on stderr which one is used."""
    if value is None or not from_default or value.exists():
        return value
    from sociofund.cli import language

    found = language.nearest_ledgers(Path.cwd())
    if found is None:
        return value
    from sociofund import i18n

    sys.stderr.write(i18n.note("ledgers-found", SESSION.lang, missing=str(value), path=str(found.resolve())) + "\n")
    return found


def append_step_summary(spec, data, options) -> None:
    """Append a format's second document (GitHub's step summary) to ``$GITHUB_STEP_SUMMARY`` when
    the format has one and the variable is set (``check`` and ``diff`` in GitHub Actions)."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not (spec.summary and path):
        return
    from sociofund.core import SociofundError

    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(spec.render_summary(data, options))
    except OSError as exc:
        raise SociofundError("io-write", path=f"GITHUB_STEP_SUMMARY={path}", reason=exc.strerror or str(exc)) from None


def exit_code(errors: int, warnings: int, strict: bool = False) -> int:
    return FINDINGS if errors or (strict and warnings) else OK


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":  # a terminal that says it shows no colour
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def exit_for(exc: BaseException, lang: str) -> int:
    """Say what ended the command, on stderr (findings that refused a change on stdout, as
    ``check`` prints findings), and return its exit code: ``SociofundError`` 2, or 1 when findings
    refused a change; Ctrl-C 130; anything else is a bug, 3, with a traceback only under
    ``SOCIOFUND_DEBUG=1``."""
    from sociofund.core.diagnostics import SociofundError

    if isinstance(exc, SociofundError):
        from sociofund import i18n
        from sociofund.render import findings, safe

        if exc.findings:
            sys.stdout.write(findings.lines(exc.findings, lang, color=use_color()))
        sys.stderr.write(f"sociofund: {safe.terminal(i18n.error_message(exc, lang))}\n")
        sys.stderr.flush()
        return FINDINGS if exc.findings else USAGE
    if isinstance(exc, KeyboardInterrupt):
        sys.stderr.write("sociofund: avbrutet / interrupted\n")
        return INTERRUPTED
    if isinstance(exc, BrokenPipeError):
        return reader_gone()
    if os.environ.get("SOCIOFUND_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    sys.stderr.write(
        f"sociofund: internt fel (en bugg i sociofund) / internal error (a bug): {type(exc).__name__}: {exc}\n"
        "Kör med SOCIOFUND_DEBUG=1 för detaljer och rapportera felet. / "
        "Run with SOCIOFUND_DEBUG=1 for details and report it.\n"
    )
    return BUG


def not_utf8(argv: list[str]) -> str | None:
    """The first argument the shell passed as bytes that are not UTF-8 (surrogateescape), shown."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return None


def guarded(run: Callable[[], None]) -> None:
    """Run a whole command line: arguments that are not UTF-8 refused, buffered output flushed to
    a pipe after the command has returned, a reader that went away not a bug, and any failure
    outside a command's own boundary a bug (the last line of defence)."""
    shown = not_utf8(sys.argv[1:])
    if shown is not None:
        sys.stderr.write(f"sociofund: argumentet {shown!r} är inte UTF-8 / the argument is not UTF-8\n")
        sys.exit(USAGE)
    _whole_writes_to_a_pipe()
    try:
        try:
            run()
        finally:  # buffered output reaches a pipe here, after the command has returned
            sys.stdout.flush()
    except BrokenPipeError:
        sys.exit(reader_gone())
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the last line of defence
        sys.exit(exit_for(exc, languages.DEFAULT))


class _WholeWrites(io.RawIOBase):
    """A pipe written to the last byte or not at all: a write the reader cut short (it read some
    and left) is followed by the next, which fails with EPIPE. Python's own file accepts the short
    write and drops the rest, so ``check | head`` went on to exit 1 instead of saying the reader
    was gone (141)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            done += os.write(self._fd, view[done:])
        return done


def _whole_writes_to_a_pipe() -> None:
    """Standard output written through ``_WholeWrites`` when it is a pipe (a terminal or a file
    takes every write whole)."""
    try:
        fd = sys.stdout.fileno()
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            return
    except (AttributeError, OSError, ValueError):  # a test's captured output, a closed stream
        return
    sys.stdout.flush()
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(_WholeWrites(fd)), encoding=sys.stdout.encoding,
                                  errors=sys.stdout.errors, line_buffering=sys.stdout.line_buffering)


def reader_gone() -> int:
    """The reader of our output went away (``sociofund check | head``): not a bug and nothing to
    say. Exit as a program killed by SIGPIPE does (128 + 13), with stdout pointed at /dev/null so
    that Python's own flush at exit does not complain again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return PIPE_CLOSED
