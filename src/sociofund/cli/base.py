"""The typer app, the options every command shares, and the exit-code contract.

Exit codes (README, "Exit codes"): 0 nothing wrong; 1 findings at error level (or warnings under
``--strict``), or a change refused; 2 usage or I/O error; 3 internal error (a bug). They are
computed here and only here.

Must not import at module level: rich, pydantic, tomli-w, openpyxl (``--help`` stays fast).
"""

from __future__ import annotations

import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from sociofund import __version__
from sociofund.core import languages

OK, FINDINGS, USAGE, BUG = 0, 1, 2, 3


#: the --lang choices: the language modules of sociofund.i18n (core/languages.py)
Lang = Enum("Lang", {code: code for code in languages.codes()}, type=str)


app = typer.Typer(
    name="sociofund",
    help="Budgetliggare för öronmärkta bidrag — a budget ledger for earmarked grant money.\n\n"
    "Example: sociofund check ledgers/",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

LedgersOpt = Annotated[
    Path,
    typer.Option("--ledgers", envvar="SOCIOFUND_LEDGERS", help="The ledger folder (a set, or a root of sets)."),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option("--lang", help=f"Language of the output: {languages.DEFAULT} (default, or the set's lang) or "
                 f"{' or '.join(languages.codes()[1:])}."),
]


_NEGATIVE = re.compile(r"-[0-9]")


class AmountCommand(typer.core.TyperCommand):
    """A command with an AMOUNT argument: ``-5000`` reaches the amount parser (which says amounts
    are never negative) instead of click's "No such option: -5"."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        # U+2212 MINUS SIGN: not an option to click, still a minus to parse_kronor
        return super().parse_args(ctx, ["\u2212" + a[1:] if _NEGATIVE.match(a) else a for a in args])


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sociofund {__version__}")
        raise typer.Exit(OK)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Budgetliggare för öronmärkta bidrag — a budget ledger for earmarked grant money."""


def resolve_lang(option: Lang | None, set_langs: list[str] | None = None) -> str:
    """``--lang``, else the sets' own ``lang`` when they agree, else Swedish."""
    if option is not None:
        return option.value
    langs = set(set_langs or [])
    return langs.pop() if len(langs) == 1 else languages.DEFAULT


def exit_code(errors: int, warnings: int, strict: bool = False) -> int:
    return FINDINGS if errors or (strict and warnings) else OK


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def fail(exc: Exception, lang: str = languages.DEFAULT) -> NoReturn:
    """Print a ``SociofundError`` for people on stderr and exit 2 (1 if findings refused a change)."""
    from sociofund import i18n
    from sociofund.render import safe

    typer.echo(f"sociofund: {safe.terminal(i18n.error_message(exc, lang))}", err=True)  # type: ignore[arg-type]
    raise typer.Exit(FINDINGS if getattr(exc, "findings", None) else USAGE)


def main() -> None:
    """Console entry point: a bug exits 3 with a short message, never 1 like a finding."""
    for arg in sys.argv[1:]:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:  # the shell passed bytes that are not UTF-8 (surrogateescape)
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            sys.stderr.write(f"sociofund: argumentet {shown!r} är inte UTF-8 / the argument is not UTF-8\n")
            sys.exit(USAGE)
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("sociofund: avbrutet / interrupted\n")
        sys.exit(130)
    except BaseException as exc:  # noqa: BLE001 - the last line of defence
        import traceback

        if os.environ.get("SOCIOFUND_DEBUG"):
            traceback.print_exc()
        detail = f"{type(exc).__name__}: {exc}"
        sys.stderr.write(
            f"sociofund: internt fel (en bugg i sociofund) / internal error (a bug): {detail}\n"
            "Kör med SOCIOFUND_DEBUG=1 för detaljer och rapportera felet. / "
            "Run with SOCIOFUND_DEBUG=1 for details and report it.\n"
        )
        sys.exit(BUG)


# The command modules: each registers its commands on ``app`` when imported. Imported here, after
# ``app`` exists, so that ``--help`` lists every command; each keeps its heavy imports inside
# its command functions.
COMMAND_MODULES = ("check", "report", "edit")
for _module in COMMAND_MODULES:
    __import__(f"sociofund.cli.{_module}")
