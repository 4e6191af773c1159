"""What sociofund says to people: the lookups over one catalogue module per language.

Each language is one module beside this one, named by its code (``sv.py``, ``en.py``), holding
that language's sentences (``MESSAGES``, ``ERRORS``, ``NOTES``, ``LABELS``, ``PROBLEMS``,
``F001_DETAILS``), plural forms, translations of tomllib's messages and number conventions. The
list of languages (``LANGS``) is found from those files (``core/languages.py``), so adding a
language is adding its file; ``tests/test_i18n.py`` checks it has every key, with the same
``{fields}``.

The core hands out codes and arguments; this module turns them into sentences. Templates use
``str.format`` fields with two extra format specs: ``{amount:kr}`` (``1 750 000 kr`` in Swedish,
with U+00A0; ``1,750,000 kr`` in English) and ``{amount:int}`` (a plain integer for a command
line). Sentences here are plain text; each renderer escapes ledger text for its own medium.

One fallback rule for every lookup (``_entry``/``_text``): a key a language lacks (or a language
sociofund does not have) is said in the default language; a key no language has, or a sentence
its arguments do not fit, is said as the plain code and arguments (``code: {args}``, as
``str(SociofundError)``), never raised.

Must not import: typer, rich.
"""

from __future__ import annotations

import importlib
import re
import string
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from sociofund.core import languages

if TYPE_CHECKING:
    from sociofund.core.diagnostics import Finding

# core.money (and its decimal) and core.diagnostics are imported where they are used: help and
# usage errors, the most common sentences of a run that reads no ledger, need neither

#: every language sociofund speaks, the default (Swedish) first
LANGS: tuple[str, ...] = languages.codes()
DEFAULT = languages.DEFAULT


@cache
def catalogue(lang: str) -> ModuleType:
    """The module of ``lang`` (imported on first use); the default language's for an unknown one."""
    return importlib.import_module(f"{__name__}.{lang if lang in LANGS else DEFAULT}")


def _entry(table: str, key: str, lang: str) -> Any:
    """``key`` of catalogue ``table`` in ``lang``, else in the default language, else None."""
    for code in (lang, DEFAULT):
        found = getattr(catalogue(code), table).get(key)
        if found is not None:
            return found
    return None


def _plain(key: str, args: dict[str, Any]) -> str:
    """What is said when no language has ``key``: the code and its arguments, as data."""
    return f"{key}: {args}" if args else key


def _text(template: str | None, key: str, lang: str, args: dict[str, Any]) -> str:
    if template is None:
        return _plain(key, args)
    try:
        return fmt(template, lang, **args)
    except (KeyError, IndexError, ValueError):  # a sentence the arguments do not fit
        return _plain(key, args)


# --- numbers ----------------------------------------------------------------------------------


def kronor(amount: int, lang: str, unit: str = "kr") -> str:
    """An amount for people in ``lang``: ``1 750 000 kr`` (sv, U+00A0) or ``1,750,000 kr`` (en)."""
    from sociofund.core.money import format_kronor

    c = catalogue(lang)
    return format_kronor(amount, group=c.GROUP, unit_sep=c.KRONOR_SEP, unit=unit)


def locale(lang: str) -> str:
    """The BCP 47 tag of ``lang`` for a document (``sv-SE``): html's ``lang``, Word's language."""
    return catalogue(lang).LOCALE


def decimal(text: str, lang: str) -> str:
    """A plain decimal number (``24.3``) with ``lang``'s decimal mark: ``24,3`` in Swedish."""
    return text.replace(".", catalogue(lang).DECIMAL)


def percent(text: str, lang: str) -> str:
    """A share (``24.3``) as ``lang`` writes a percentage: ``24,3 %`` (sv, U+00A0) / ``24.3 %``."""
    return catalogue(lang).PERCENT.format(number=decimal(text, lang))


def answers() -> tuple[frozenset[str], frozenset[str]]:
    """(yes, no): the words any language answers a yes/no question with. Every language's are
    accepted whatever the output language, so an English answer to a Swedish question works."""
    yes = frozenset(w for code in LANGS for w in catalogue(code).YES)
    no = frozenset(w for code in LANGS for w in catalogue(code).NO)
    return yes, no


# --- sentences --------------------------------------------------------------------------------


def counted(n: int, noun: str, lang: str) -> str:
    """``1 fil``, ``3 filer``; ``1 file``, ``3 files``."""
    one, many = _entry("PLURALS", noun, lang) or (noun, noun)
    return f"{n} {one if n == 1 else many}"


def note(code: str, lang: str, **args: Any) -> str:
    return _text(_entry("NOTES", code, lang), code, lang, args)


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "kr":
            return kronor(int(value), self.lang)
        if format_spec == "int":
            return str(int(value))
        if format_spec == "+kr":  # a difference: +60 000 kr, −30 000 kr
            sign = "+" if value > 0 else "−" if value < 0 else "±"
            return sign + kronor(abs(int(value)), self.lang)
        return super().format_field(value, format_spec)


def fmt(template: str, lang: str, **args: Any) -> str:
    return _Formatter(lang).format(template, **args)


def label(key: str, lang: str, **args: Any) -> str:
    text = _entry("LABELS", key, lang)
    if text is None:
        return _plain(key, args)
    return _text(text, key, lang, args) if args else text


def label_or(key: str, lang: str, default: str) -> str:
    """A label that may be missing on purpose (a placeholder with no translation): ``default`` then."""
    text = _entry("LABELS", key, lang)
    return default if text is None else text


def catalogue_entry(table: str, key: str, lang: str) -> Any:
    """``key`` of catalogue ``table`` in ``lang`` (else the default language), or None."""
    return _entry(table, key, lang)


def help_text(key: str, lang: str) -> str | None:
    """A command's or a parameter's help (``HELP``), or None when no language has it."""
    return _entry("HELP", key, lang)


def problem(kind: str, lang: str, ctx: dict[str, Any]) -> str | None:
    """What a pydantic error type says is wrong with a value (``ska vara ett heltal``), or None."""
    text = _problem_text({"type": kind, "ctx": ctx}, lang) if _entry("PROBLEMS", kind, lang) else ""
    return text.strip()[1:-1] if text.strip() else None


#: pydantic error types that only repeat what F004's message already says
_MONEY_OBVIOUS = frozenset({"int_type", "int_from_float", "int_parsing"})
_MONEY_RANGE = frozenset({"greater_than_equal", "less_than_equal"})


def _problem_text(problem: dict[str, Any] | None, lang: str) -> str:
    if not problem:
        return ""
    kind = _entry("PROBLEMS", problem.get("type", ""), lang)
    if kind is None:
        return f" ({problem.get('fallback') or problem.get('type')})"
    ctx = dict(problem.get("ctx", {}))
    if "expected" in ctx:  # pydantic's "'a', 'b' or 'c'" -> "a, b, c" in either language
        ctx["expected"] = re.sub(r"'([^']*)'", r"\1", str(ctx["expected"])).replace(" or ", ", ")
    try:
        return f" ({kind.format(**ctx)})"
    except (KeyError, IndexError):
        return f" ({problem.get('fallback') or problem.get('type')})"


def _decision_words(args: dict[str, Any], lang: str) -> dict[str, Any]:
    """The words a decision finding's flags stand for: "ca " before an approximate figure, what
    kind of figure it is, a status."""
    out = dict(args)
    for flag in ("approx", "other_approx", "old_approx", "new_approx"):
        out[flag.replace("approx", "ca")] = label("d.approx", lang) if args.get(flag) else ""
    for flag in ("implied", "other_implied"):
        out[flag] = label("d.implied", lang) if args.get(flag) else ""
    if "kind" in args:
        out["what"] = label(f"d.what.{args['kind']}", lang, fund=args.get("fund", ""), id=args.get("id", ""))
        out["entry_word"] = label(f"d.entry.{args['kind']}", lang) if args["kind"] in ("grant", "carryover", "allocation") else ""
    if "status" in args:
        out["status"] = label(f"d.status.{args['status']}", lang)
    return out


def message(f: Finding, lang: str = DEFAULT) -> tuple[str, str | None]:
    """(message, hint) of a finding in ``lang``."""
    args = dict(f.args)
    kind = (args.get("problem") or {}).get("type") if f.code == "F004" else None
    # an amount out of range is an integer: say what is wrong with it, not "must be an integer"
    key = "F004.range" if kind in _MONEY_RANGE else f.code
    if f.code == "F002" and args.get("kind") in ("special", "large"):  # not a file, or too large
        key = f"F002.{args['kind']}"
        args["what"] = label(f"file.{args.get('what', 'other')}", lang)
    # an import file's problems (U001, U004) say which kind in an argument: its own sentence
    # (and a change diff finds, H001 and H003, says in ``what`` which figure changed)
    sub = args.get("detail") or args.get("what") if f.code in ("U001", "U004", "H001", "H003") else None
    if sub and _entry("MESSAGES", f"{f.code}.{sub}", lang):
        key = f"{f.code}.{sub}"
    if f.code in ("B001", "B002") and args.get("grant") == "missing":  # the hint: record the grant
        key = f"{f.code}.no-grant"
    msg_t, hint_t = _entry("MESSAGES", key, lang) or (None, None)
    if f.code == "F004" and (args.get("problem") or {}).get("type") in _MONEY_OBVIOUS:
        args["problem"] = None
    if f.code in ("F004", "F006"):
        args["problem"] = _problem_text(args.get("problem"), lang)
    if f.code == "F001":
        detail = args.get("detail", "")
        # sociofund's own details are in every language; tomllib's (English) where translated
        args["detail"] = _entry("F001_DETAILS", detail, lang) or toml_error(detail, lang)
    if f.code.startswith("D"):
        args = _decision_words(args, lang)
    msg = _text(msg_t, key, lang, args)
    # a line people often get wrong (F001) or a value that says what it meant (F006): the fix
    fixed = f"{f.code}.{args['fix_kind']}" if f.code == "F001" and args.get("fix_kind") else \
        "F006.fix" if f.code == "F006" and args.get("fix") else None
    if fixed and _entry("MESSAGES", fixed, lang):
        hint_t = _entry("MESSAGES", fixed, lang)[1]
    hint = None
    # F003 and F004 have a hint only when there is something concrete to suggest
    if hint_t is not None and (f.code not in ("F003", "F004") or args.get("suggestion")):
        hint = _text(hint_t, key, lang, args)
    return msg, hint


#: tomllib's messages that carry a value, as (pattern, the TOML_ERRORS key it is said by); the
#: rest are looked up as they are. Patterns, not compiled ones: ``re`` compiles (and keeps) each
#: on first use, when a TOML error is worded, not whenever sociofund starts.
_TOML_PATTERNS = (
    (r"^Cannot declare (?P<key>.+) twice$", "Cannot declare {key} twice"),
    (r"^Cannot mutate immutable namespace (?P<key>.+)$", "Cannot mutate immutable namespace {key}"),
    (r"^Cannot redefine namespace (?P<key>.+)$", "Cannot redefine namespace {key}"),
    (r"^Duplicate inline table key (?P<key>.+)$", "Duplicate inline table key {key}"),
    (r"^Expected (?P<char>'.*')$", "Expected {char}"),
    (r"^Found invalid character (?P<char>.+)$", "Found invalid character {char}"),
    (r"^Illegal character (?P<char>.+)$", "Illegal character {char}"),
)


def toml_error(detail: str, lang: str) -> str:
    """A tomllib message in ``lang`` (as it is, when no language has it)."""
    table = catalogue(lang).TOML_ERRORS
    if detail in table:
        return table[detail]
    for pattern, key in _TOML_PATTERNS:
        m = re.match(pattern, detail)
        if m and key in table:
            return _text(table[key], key, lang, m.groupdict())
    return detail


@cache
def _errno_names() -> dict[str, str]:
    """This platform's ``strerror`` texts -> errno names (``No such file or directory`` -> ``ENOENT``)."""
    import errno
    import os

    names = {os.strerror(code): name for code, name in errno.errorcode.items()}
    names["not UTF-8"] = "NOT_UTF8"  # a reason sociofund gives itself, beside the system's
    return names


def os_error(reason: str, lang: str) -> str:
    """An operating system's reason (``No such file or directory``, as ``strerror`` gives it) in
    ``lang``, by its errno name (OS_ERRORS); a reason no language has is said as it is."""
    name = _errno_names().get(str(reason))
    return (_entry("OS_ERRORS", name, lang) if name else None) or str(reason)


def error_message(exc: Exception, lang: str = DEFAULT) -> str:
    """A ``SociofundError`` in ``lang``; any other exception as its own text."""
    from sociofund.core.diagnostics import SociofundError

    code = getattr(exc, "code", None)
    if not isinstance(exc, SociofundError) or code is None:
        return str(exc)
    args = dict(exc.args_)
    if "reason" in args:  # the operating system's words (strerror) are English
        args["reason"] = os_error(args["reason"], lang)
    return _text(_entry("ERRORS", code, lang), code, lang, args)
