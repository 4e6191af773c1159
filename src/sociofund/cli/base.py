"""The typer app, the options every command shares, and the one error boundary.

Exit codes (README, "Exit codes", computed in cli/common.py only): 0 nothing wrong; 1 findings at
error level (or warnings under ``--strict``), or a change refused; 2 usage or I/O error; 3
internal error (a bug); 130 Ctrl-C. A command returns an exit code (None is 0) or raises
``SociofundError``; it never prints an error or exits itself. Every command runs inside
``_Commands.invoke``, which maps what it raises to a message in the reader's language and an exit
code (``exit_for``), in the style of pre-commit's ``error_handler``. The language is the one the
command last resolved (``resolve_lang``), kept in ``SESSION``. What needs no typer lives in
cli/common.py and is re-exported here.

Must not import at module level: rich, pydantic, tomli-w, openpyxl (``--help`` stays fast).
"""

from __future__ import annotations

import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from sociofund import __version__
from sociofund.cli.common import (  # noqa: F401 - re-exported for the command modules
    BUG, FINDINGS, INTERRUPTED, OK, PIPE_CLOSED, SESSION, USAGE, Session, append_step_summary, default_ledgers,
    exit_code, exit_for, guarded, resolve_lang, start, use_color,
)
from sociofund.core import languages


#: the --lang choices: the language modules of sociofund.i18n (core/languages.py)
Lang = Enum("Lang", {code: code for code in languages.codes()}, type=str)


# click's own ends of a command, which click maps itself: a usage error (ClickException, exit 2),
# --help and --version (Exit), a prompt's Ctrl-D (Abort). typer exports Exit and Abort, and
# ClickException only as an ancestor of BadParameter.
_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
_CLICK_OWN = (typer.Exit, typer.Abort, _CLICK_EXCEPTION)


class _Commands(typer.core.TyperGroup):
    """The app's group of commands: help and usage errors in the reader's language, each command
    inside the one error boundary, and each command built when it is asked for (``COMMANDS``)."""

    def list_commands(self, ctx) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx, cmd_name: str):
        """The command ``cmd_name``: its module imported and its click command built on first use.

        typer builds a click command for every command registered on the app when the app is
        called, reading each function's signature and annotations (a fifth of ``--help``'s time
        with fifteen commands). A run needs one command, ``--help`` of the app none: so the command
        modules are imported here, by name, and only the asked-for command is built, by the same
        typer function that builds the registered ones (those already imported are built by
        typer itself; either way the result is the same command)."""
        cmd = self.commands.get(cmd_name)
        if cmd is None and cmd_name in COMMANDS:
            __import__(f"sociofund.cli.{COMMANDS[cmd_name]}")
            info = next(c for c in app.registered_commands if _command_name(c) == cmd_name)
            cmd = self.commands[cmd_name] = typer.main.get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode)
            lang = getattr(self, "help_lang", None)
            if lang is not None:  # help already localised (``main``): this command's too
                from sociofund.cli import helptext

                helptext.localise_command(cmd, lang)
        return cmd

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Decide the language from what is at hand (cli/language.py), word every help page and
        usage error in it (cli/helptext.py), then let click parse and run the command."""
        from sociofund.cli import helptext

        argv = list(sys.argv[1:] if args is None else args)
        start(argv)
        helptext.localise(self, SESSION.lang)
        try:
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            sys.stderr.write(i18n_label("ask.cancelled", SESSION.lang) + "\n")
            code = FINDINGS
        except _CLICK_EXCEPTION as exc:
            shown = exc.ctx.get_help() + "\n" if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx else None
            sys.stderr.write(shown or helptext.render_usage_error(exc, SESSION.lang))
            code = exc.exit_code
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else OK)

    def invoke(self, ctx: typer.Context):
        SESSION.lang = SESSION.early
        try:
            code = super().invoke(ctx)
        except _CLICK_OWN:
            raise
        except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the boundary
            raise typer.Exit(exit_for(exc, SESSION.lang)) from None
        if code:
            raise typer.Exit(code)
        return None


def i18n_label(key: str, lang: str) -> str:
    from sociofund import i18n

    return i18n.label(key, lang)


app = typer.Typer(
    cls=_Commands,
    name="sociofund",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

def _ledgers_option(ctx: typer.Context, param: typer.CallbackParam, value: Path) -> Path:
    """The nearest ledgers when --ledgers is neither given nor set (cli/common.py ``default_ledgers``),
    and it is used: ``check PATH...`` checks its paths (click has read them: arguments on the
    command line are processed before an option that is not), so none are looked for or named."""
    source = ctx.get_parameter_source(param.name) if param.name else None
    return default_ledgers(value, getattr(source, "name", "") == "DEFAULT" and not ctx.params.get("paths"))


LedgersOpt = Annotated[
    Path,
    typer.Option("--ledgers", envvar="SOCIOFUND_LEDGERS", callback=_ledgers_option),
]


def _lang_option(value: Lang | None) -> Lang | None:
    resolve_lang(value)  # an error about the arguments is already in the asked-for language
    return value


LangOpt = Annotated[
    Lang | None,
    typer.Option("--lang", callback=_lang_option, case_sensitive=False),
]


_NEGATIVE = r"-[0-9]"  # compiled (and kept by re) when an amount command parses its arguments


class AmountCommand(typer.core.TyperCommand):
    """A command with an AMOUNT argument: ``-5000`` reaches the amount parser (which says amounts
    are never negative) instead of click's "No such option: -5"."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        # U+2212 MINUS SIGN: not an option to click, still a minus to parse_kronor
        return super().parse_args(ctx, ["\u2212" + a[1:] if re.match(_NEGATIVE, a) else a for a in args])


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sociofund {__version__}")
        raise typer.Exit(OK)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True)
    ] = False,
    lang: LangOpt = None,
) -> None:
    """The app's own options; its help is ``HELP["app"]`` in the catalogues. ``--lang`` here too,
    so that ``sociofund --lang en --help`` is English help, not an unknown option."""


def one_set(ledgers: Path, option: Lang | None) -> tuple[Path, str]:
    """The one ledger set a command writes to, and the language to speak: ``--lang``, else the
    set's own ``lang`` (read from its settings file alone: the writer loads the set later, under
    its lock, and messages about the arguments come before that)."""
    from sociofund.core import SociofundError, discover_all

    sets = discover_all([ledgers])
    if len(sets) > 1 and sets[0] == ledgers:  # a set holding set folders (F008): not written to
        from sociofund.core.loader import mixed_folder

        mixed = mixed_folder(ledgers)
        if mixed is not None:
            raise SociofundError("mixed-folder", findings=[mixed], path=str(ledgers))
    if len(sets) != 1:
        raise SociofundError("one-set-needed", path=str(ledgers), sets=", ".join(p.name for p in sets),
                             example=str(sets[0]))
    folder = sets[0]
    from sociofund.cli import language
    from sociofund.core.layout import CONFIG_FILE

    return folder, resolve_lang(option, [language.settings_lang(folder / CONFIG_FILE)])


def main() -> None:
    """Console entry point. Errors inside a command are the boundary's (``_Commands``); this
    guards what comes before it: arguments that are not UTF-8, and a failure outside any command
    (cli/common.py ``guarded``)."""
    guarded(app)


#: every command, in the order ``--help`` lists them, and the module of ``sociofund.cli`` that
#: defines it (registers it on ``app``). A module is imported only when one of its commands is
#: run or its help is asked for (``_Commands.get_command``); ``tests/test_help.py`` checks that
#: this table names exactly the commands the modules define.
COMMANDS = {
    "check": "check", "report": "report", "funder-report": "funder",
    "grant": "edit", "allocate": "edit", "spend": "edit", "close": "edit", "carryover": "edit", "init": "edit",
    "decisions": "decisions", "compare": "decisions", "import": "utfall", "diff": "diff",
    "format": "reference", "schema": "reference",
}


def _command_name(info) -> str:
    """The name typer gives a registered command: its own, or its function's (``_`` as ``-``)."""
    return info.name or typer.main.get_command_name(info.callback.__name__)


def load_all() -> dict[str, str]:
    """Import every command module (each registers its commands on ``app``); for the tests and
    the docs, which go through all commands. Returns ``COMMANDS``."""
    for module in dict.fromkeys(COMMANDS.values()):
        __import__(f"sociofund.cli.{module}")
    return COMMANDS
