"""Help, usage and usage errors in the reader's language, from the catalogues.

Why sociofund writes these itself instead of handing click a gettext catalogue: typer (0.2x)
carries its own copy of click, and that copy words "Usage:", "Error:", "Invalid value for …",
"Missing argument …" in plain f-strings, with no gettext call left to translate; only a handful
of typer's own words still go through gettext. A Swedish ``.po`` would translate almost nothing.
So the help page and the usage error are rendered here, from click's parameter objects (names,
nargs, defaults, environment variables — attributes every click and typer version has) and from
the catalogues: ``HELP`` (each command's text and each parameter's, by key) and ``LABELS``
(``help.*``, ``usage.*``, ``metavar.*``). Nothing of typer's help formatting is used, so an
upgrade of typer cannot bring English back.

Keys of ``HELP``: ``app`` (the group), ``COMMAND`` (a command's text, whose last paragraph is an
example), ``COMMAND.PARAM`` (a parameter by its Python name) or ``*.PARAM`` (the same for every
command: ``*.ledgers``, ``*.lang``, ``*.help``). A command or parameter without a key keeps the
text its code gives (English), and ``tests/test_help.py`` fails on it: a new command is not done
until it has its help in every language.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from types import MethodType
from typing import Any

from sociofund import i18n


def _help(key: str, lang: str) -> str | None:
    return i18n.help_text(key, lang)


def param_help(command: str, param, lang: str) -> str | None:
    """The help of ``param`` of ``command`` in ``lang`` (None when the catalogue lacks it)."""
    return _help(f"{command}.{param.name}", lang) or _help(f"*.{param.name}", lang)


def command_help(command: str, lang: str) -> str | None:
    return _help(command, lang)


def metavar(name: str, lang: str) -> str:
    """A placeholder in ``lang``: ``YEAR`` -> ``ÅR``, ``PATH`` -> ``SÖKVÄG``."""
    if name.startswith("[") and name.endswith("]"):  # an optional argument that says so itself
        return f"[{metavar(name[1:-1], lang)}]"
    return i18n.label_or(f"metavar.{name}", lang, name)


def _choices(param) -> list[str] | None:
    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "choices", None) if descriptor is not None else None
    if choices is None:
        choices = getattr(getattr(param, "type", None), "choices", None)
    if not choices:
        return None
    return [str(getattr(c, "value", c)) for c in choices]


def _is_flag(param) -> bool:
    return bool(getattr(param, "is_flag", False) or getattr(param, "count", False))


#: an option's placeholder when its code names none, by the option's Python name (so that the
#: command modules need not spell one out); any other option's value is a VALUE
PLACEHOLDERS = {
    "ledgers": "PATH", "output": "FILE", "org": "ORG", "name": "TEXT", "unit": "TEXT", "fund": "FUND",
    "fte": "NUMBER", "ref": "TEXT", "note": "TEXT", "forecast": "AMOUNT", "as_of": "DATE", "amount": "AMOUNT",
    "approved_by": "TEXT", "repay_ref": "TEXT", "repay_due": "DATE", "funder": "TEXT", "program": "TEXT",
    "status": "STATUS", "organisation": "TEXT", "year": "YEAR", "decision": "TEXT", "indent": "NUMBER",
}


def _value_name(param, lang: str) -> str:
    """What an option's value is called in help: its placeholder, or its choices ``a|b|c``."""
    choices = _choices(param)
    if choices:
        return "|".join(choices)
    return metavar(param.metavar or PLACEHOLDERS.get(param.name or "", "VALUE"), lang)


def argument_name(param, lang: str) -> str:
    return metavar(param.metavar or (param.name or "").upper(), lang)


def _usage_piece(param, lang: str) -> str:
    name = argument_name(param, lang)
    if param.nargs == -1:
        name += "..."
    return name if param.required or name.startswith("[") else f"[{name}]"


def usage_line(ctx, lang: str) -> str:
    """``Användning: sociofund allocate [FLAGGOR] [ÅR] [ID] [BELOPP]``."""
    cmd = ctx.command
    pieces = [i18n.label("help.options-placeholder", lang)]
    for param in cmd.params:
        if getattr(param, "param_type_name", "") == "argument":
            pieces.append(_usage_piece(param, lang))
    if hasattr(cmd, "commands"):
        pieces.append(i18n.label("help.command-placeholder", lang))
    return f"{i18n.label('help.usage', lang)}: {ctx.command_path} {' '.join(pieces)}"


def _width() -> int:
    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))


def _dl(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Two columns, the second wrapped; a long first column puts the text on the next line."""
    first = min(max((len(a) for a, _ in rows), default=0), 20) + 2
    out = []
    for name, text in rows:
        body = textwrap.wrap(text, max(20, width - 2 - first)) or [""]
        if len(name) + 2 > first:
            out.append(f"  {name}")
            out.extend(" " * (2 + first) + line for line in body)
        else:
            out.append(f"  {name.ljust(first)}{body[0]}".rstrip())
            out.extend(" " * (2 + first) + line for line in body[1:])
    return out


def _paragraphs(text: str, width: int) -> list[str]:
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text.strip()):
        if out:
            out.append("")
        joined = " ".join(line.strip() for line in para.splitlines())
        out.extend(textwrap.wrap(joined, width - 2, initial_indent="  ", subsequent_indent="  ",
                                 break_on_hyphens=False, break_long_words=False))
    return out


def _default_shown(param) -> Any:
    if _is_flag(param) or param.default is None or getattr(param, "show_default", True) is False:
        return None
    default = param.default
    if callable(default) or isinstance(default, (list, tuple)) and not default:
        return None
    return getattr(default, "value", default)


def _param_row(command: str, param, ctx, lang: str) -> tuple[str, str] | None:
    if getattr(param, "hidden", False):
        return None
    if getattr(param, "param_type_name", "") == "argument":
        name = argument_name(param, lang) + ("..." if param.nargs == -1 else "")
    else:
        opts = ", ".join(sorted([*param.opts, *getattr(param, "secondary_opts", [])], key=len))
        name = opts if _is_flag(param) else f"{opts} {_value_name(param, lang)}"
    text = param_help(command, param, lang) or param.help or ""
    extra = []
    envvar = getattr(param, "envvar", None)
    if envvar and getattr(param, "show_envvar", True) is not False:
        extra.append(i18n.label("help.envvar", lang, var=envvar if isinstance(envvar, str) else ", ".join(envvar)))
    default = _default_shown(param)
    if default is not None and getattr(param, "param_type_name", "") == "option":
        extra.append(i18n.label("help.default", lang, default=default))
    if extra:
        text = f"{text}  [{'; '.join(extra)}]" if text else f"[{'; '.join(extra)}]"
    return name, text


def short_help(command: str, group, ctx, lang: str) -> str | None:
    """The first sentence of a command's help, for the group's list of commands (None for a hidden
    command). From the catalogue, so that listing the commands builds none of them (the group
    builds a command when it is asked for: cli/base.py ``_Commands``); a command the catalogue
    lacks (``tests/test_help.py`` fails on it) is built for the text its code gives."""
    built = getattr(group, "commands", {}).get(command)
    text = command_help(command, lang)
    if text is None or built is not None:
        built = built or group.get_command(ctx, command)
        if built is None or getattr(built, "hidden", False):
            return None
        text = text or built.help or ""
    first = re.split(r"(?<=[.;])\s|\n\s*\n", text.strip(), maxsplit=1)[0]
    return " ".join(first.split()).rstrip(".;")


def render_help(ctx, lang: str) -> str:
    """The help page of ``ctx.command`` in ``lang``."""
    cmd = ctx.command
    name = ctx.info_name if ctx.parent is not None else "app"
    width = _width()
    out = [usage_line(ctx, lang), ""]
    text = command_help(name, lang) or cmd.help or ""
    if text:
        out += [*_paragraphs(text, width), ""]
    args, opts = [], []
    for param in cmd.get_params(ctx):
        row = _param_row(name, param, ctx, lang)
        if row is None:
            continue
        (args if getattr(param, "param_type_name", "") == "argument" else opts).append(row)
    if args:
        out += [i18n.label("help.arguments", lang) + ":", *_dl(args, width), ""]
    if opts:
        out += [i18n.label("help.options", lang) + ":", *_dl(opts, width), ""]
    if hasattr(cmd, "list_commands"):
        rows = [(n, short_help(n, cmd, ctx, lang)) for n in cmd.list_commands(ctx)]
        rows = [row for row in rows if row[1] is not None]
        if rows:
            out += [i18n.label("help.commands", lang) + ":", *_dl(rows, width), ""]
    return "\n".join(out).rstrip("\n")


def localise(group, lang: str) -> None:
    """Make every help page of ``group`` and its commands come from ``render_help`` in ``lang``.

    click builds a help page with ``command.get_help(ctx)`` (``--help``, and a group without
    arguments); replacing it on each command object (made afresh for every run) reaches commands
    whose class sociofund did not choose. The group keeps ``lang`` (``help_lang``) for the
    commands it builds later, when they are asked for."""
    group.help_lang = lang
    for cmd in (group, *getattr(group, "commands", {}).values()):
        localise_command(cmd, lang)


def localise_command(cmd, lang: str) -> None:
    """``cmd``'s help page from ``render_help`` in ``lang``."""

    def get_help(self, ctx) -> str:
        return render_help(ctx, lang)

    cmd.get_help = MethodType(get_help, cmd)


# --- usage errors ---------------------------------------------------------------------------------


def _param_name(param, lang: str) -> str:
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "argument":
        return argument_name(param, lang)
    return "/".join(param.opts)


def _problem(exc, lang: str) -> str:
    """What is wrong with a value click's typer could not convert, in ``lang``."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            err = errors(include_url=False)[0]
        except Exception:  # noqa: BLE001 - any shape we do not know: the plain message
            err = None
        if err is not None:
            value = err.get("input")
            if err.get("type") == "value_error":
                m = re.search(r"is not one of (.*)\.$", str(err.get("ctx", {}).get("error", "")))
                if m:
                    choices = re.sub(r"'([^']*)'", r"\1", m.group(1))
                    return i18n.label("usage.not-a-choice", lang, value=value, choices=choices)
            kind = i18n.problem(err.get("type", ""), lang, err.get("ctx") or {})
            if kind:
                return i18n.label("usage.bad-value-problem", lang, value=value, problem=kind)
    return str(getattr(exc, "message", "") or exc)


# click's sentences, as patterns: compiled (and kept by ``re``) when a usage error is worded
_EXTRA = r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$"
_NO_COMMAND = r"^No such command '(.*)'\."
_NO_VALUE = r"^Option '(.*)' does not take a value\.$"
_NEEDS_VALUE = r"^Option '(.*)' requires (?:an argument|(\d+) arguments)\.$"


def usage_error_message(exc, lang: str) -> str:
    """The sentence of a click usage error in ``lang``, chosen by the error's kind and data."""
    kinds = {c.__name__ for c in type(exc).__mro__}
    L = i18n.label
    if "NoSuchOption" in kinds:
        possible = getattr(exc, "possibilities", None) or []
        text = L("usage.no-such-option", lang, option=exc.option_name)
        if possible:
            text += " " + L("usage.did-you-mean", lang, options=", ".join(sorted(possible)))
        return text
    if "MissingParameter" in kinds:
        param = getattr(exc, "param", None)
        kind = "usage.missing-argument" if getattr(param, "param_type_name", "") == "argument" else "usage.missing-option"
        return L(kind, lang, name=_param_name(param, lang))
    if "BadParameter" in kinds:
        return L("usage.bad-value", lang, name=_param_name(getattr(exc, "param", None), lang) or "?",
                 problem=_problem(exc, lang))
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    for pattern, key in ((_EXTRA, "usage.extra-arguments"), (_NO_COMMAND, "usage.no-such-command")):
        m = re.match(pattern, message)
        if m:
            return L(key, lang, args=m.group(1), name=m.group(1))
    m = re.match(_NO_VALUE, message)
    if m:
        return L("usage.no-value-taken", lang, option=m.group(1))
    m = re.match(_NEEDS_VALUE, message)
    if m:
        return L("usage.value-needed", lang, option=m.group(1))
    if message.startswith("Missing command"):
        return L("usage.missing-command", lang)
    return message


def render_usage_error(exc, lang: str) -> str:
    """What click's ``UsageError.show`` prints, in ``lang``: usage, a pointer to help, the error."""
    ctx = getattr(exc, "ctx", None)
    head = ""
    if ctx is not None:
        help_opt = (ctx.help_option_names or ["--help"])[0]
        head = f"{usage_line(ctx, lang)}\n{_try_line(ctx.command_path, help_opt, lang)}\n\n"
    return f"{head}{i18n.label('usage.error', lang)}: {usage_error_message(exc, lang)}\n"


def _try_line(path: str, option: str, lang: str) -> str:
    return i18n.label("usage.try", lang, command=f"{path} {option}")
