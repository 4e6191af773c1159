"""``sociofund check``'s work, and the same check run straight from the command line.

``run`` is the command: the typer command in cli/check.py calls it with the values typer parsed.
A cold ``check`` of one organisation spends most of its time starting: importing typer, which
parses arguments through pydantic TypeAdapters built per parameter, costs more than checking the
files. So the console entry point first offers the command line to ``fast``: when it is one of
the plain forms a hook or CI writes — ``check`` with paths, ``--format``/``-f`` a findings
format, ``--strict`` — it calls the same ``run`` with the same values, inside the same boundary,
without loading typer. Anything else (another option, ``--lang``, ``--help``, a repeated option,
a path typer would refuse, ``--``) returns None, and typer parses the command line as always.
``tests/test_fastpath.py`` runs both ways over the same inputs and compares the output and the
exit code byte for byte.

Must not import: typer, rich, pydantic at module level.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sociofund.cli.common import OK, SESSION, append_step_summary, default_ledgers, exit_code, exit_for, guarded, \
    not_utf8, resolve_lang, start, use_color


def run(paths: list[Path], fmt: str, strict: bool, lang) -> int:
    """Check ``paths``, print the findings in ``fmt`` and return the exit code."""
    from sociofund.cli.progress import progress_bar
    from sociofund.core import check as run_check
    from sociofund.core.diagnostics import count
    from sociofund.render.formats import FINDINGS_FORMATS
    from sociofund.render.options import RenderOptions

    with progress_bar("sociofund check") as progress:
        result = run_check(paths, progress=progress)
    language = resolve_lang(lang, result.langs)
    spec = FINDINGS_FORMATS[fmt]
    options = RenderOptions(lang=language, color=use_color())
    out = spec.render(result, options)
    append_step_summary(spec, result, options)
    sys.stdout.write(out)
    if not result.findings:  # a clean run may be replayed while nothing it read changes
        from sociofund.core import checkcache

        checkcache.record(out)
    return exit_code(*count(result.findings), strict=strict)


#: the findings formats (render/formats.py ``FINDINGS_FORMATS``), named here so that reading the
#: command line imports nothing; tests/test_fastpath.py checks they are the same
FORMATS = ("text", "json", "github")


def parse(argv: list[str]) -> tuple[list[str], str, bool] | None:
    """(paths, format, strict) of ``check PATH... [--format F | -f F] [--strict]``; None for any
    other command line (typer parses it)."""
    if not argv or argv[0] != "check":
        return None
    paths: list[str] = []
    fmt: str | None = None
    strict = False
    rest = iter(argv[1:])
    for arg in rest:
        if arg in ("--format", "-f") or arg.startswith("--format="):
            value = arg.split("=", 1)[1] if "=" in arg else next(rest, None)
            if fmt is not None or value not in FORMATS:
                return None
            fmt = value
        elif arg == "--strict" and not strict:
            strict = True
        elif arg and not arg.startswith("-"):
            paths.append(arg)
        else:
            return None
    return paths, fmt or "text", strict


def _readable(path: Path) -> bool:
    """Whether typer would take ``path`` (a path that exists must be readable; one that does not
    is the check's to report)."""
    try:
        return not path.exists() or os.access(path, os.R_OK)
    except (OSError, ValueError):
        return False


def main() -> None:
    """Run ``check`` from ``sys.argv`` without typer and exit, when the command line is one of
    the plain forms (``parse``); else return, and typer parses it."""
    argv = sys.argv[1:]
    parsed = parse(argv) if not_utf8(argv) is None else None
    if parsed is None:
        return
    names, fmt, strict = parsed
    env_ledgers = os.environ.get("SOCIOFUND_LEDGERS")  # click reads an empty variable as unset
    ledgers = Path(env_ledgers or "ledgers")
    if not all(_readable(p) for p in (*map(Path, names), ledgers)):
        return
    code: list[int] = []
    # with paths, --ledgers is not used: no nearest ledgers looked for or named (as _ledgers_option)
    default = not env_ledgers and not names
    guarded(lambda: code.append(_run(argv, [Path(n) for n in names], fmt, strict, ledgers, default)))
    sys.exit(code[0])


def _run(argv: list[str], paths: list[Path], fmt: str, strict: bool, ledgers: Path, default: bool) -> int:
    """What typer does with these values, step by step: the session started from the command line
    (``_Commands.main``), the boundary entered with the early language (``_Commands.invoke``),
    the --ledgers callback (the nearest ledgers, said in that language) and the --lang callback
    (``resolve_lang`` of no option), then the command."""
    start(argv)
    SESSION.lang = SESSION.early
    try:
        ledgers = default_ledgers(ledgers, default)
        resolve_lang(None)
        code = run(paths or [ledgers], fmt, strict, None)
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the boundary, as _Commands.invoke
        code = exit_for(exc, SESSION.lang)
    return code or OK
