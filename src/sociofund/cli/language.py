"""Which language sociofund speaks, decided before anything is parsed or read.

Help, usage and usage errors are printed before a ledger is loaded (often before the arguments
are even valid), so the language has to be known from what is at hand. In this order, the first
that names a language sociofund has wins:

1. ``--lang X`` (or ``--lang=X``) anywhere on the command line, in any case (``EN`` is ``en``);
2. the environment variable ``SOCIOFUND_LANG``;
3. the ``lang`` of the nearest ``sociofund.toml``: in the ``--ledgers`` folder (or
   ``$SOCIOFUND_LEDGERS``, else ``./ledgers``) or a folder above it, else in the current folder
   or a folder above it;
4. the locale: ``LANGUAGE`` (a list, ``sv:en``), ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` — the
   variables gettext reads, in gettext's order; ``C`` and ``POSIX`` say nothing;
5. Swedish.

After a command has read its ledger sets, their ``lang`` takes the place of step 3
(``resolve``): a report over a set that says ``lang = "en"`` is in English unless ``--lang`` or
``SOCIOFUND_LANG`` says otherwise.

Must not import: typer, rich, pydantic (``--help`` stays fast).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from sociofund.core import languages

ENV, LOCALE_VARS = languages.ENV, languages.LOCALE_VARS


def known(value: str | None) -> str | None:
    """``value`` as one of sociofund's language codes (``EN``, ``en_GB.UTF-8`` -> ``en``), or None."""
    if not value:
        return None
    code = re.split(r"[_.@-]", value.strip(), maxsplit=1)[0].lower()
    return code if code in languages.codes() else None


def from_argv(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` on the command line, if it names a language."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return known(argv[i + 1])
        if arg.startswith("--lang="):
            return known(arg.split("=", 1)[1])
    return None


def from_locale(environ=os.environ) -> str | None:
    """The language of the user's locale, as gettext reads it; None for C/POSIX or one we lack."""
    for var in LOCALE_VARS:
        value = environ.get(var)
        if not value:
            continue
        for part in value.split(":"):
            if part in ("C", "POSIX") or part.startswith(("C.", "POSIX.")):
                continue
            code = known(part)
            if code:
                return code
        return None  # the first variable that is set decides, as in gettext
    return None


def _option(argv: Sequence[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def nearest_settings(start: Path) -> Path | None:
    """The ``sociofund.toml`` in ``start`` or the nearest folder above it."""
    from sociofund.core.layout import CONFIG_FILE

    try:
        here = start.resolve()
    except (OSError, RuntimeError):
        return None
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        try:
            if candidate.is_file():
                return candidate
        except OSError:
            return None
    return None


def nearest_ledgers(start: Path) -> Path | None:
    """The ledgers nearest ``start``: ``start`` itself when it is a set or a root of sets, else
    the first folder above it that is a set (``start`` is inside one, e.g. its utfall/) or that
    holds a ``ledgers`` folder; None when there is none."""
    from sociofund.core.loader import is_set

    try:
        here = start.resolve()
        if is_set(here) or any(d.is_dir() and is_set(d) for d in here.iterdir()):
            return Path(".")
        for folder in here.parents:
            if is_set(folder):
                return Path(os.path.relpath(folder, here))
            if (folder / "ledgers").is_dir():
                return Path(os.path.relpath(folder / "ledgers", here))
    except OSError:
        return None
    return None


def settings_lang(path: Path | None) -> str | None:
    """The ``lang`` a settings file names (None when it names none, or cannot be read)."""
    if path is None:
        return None
    from sociofund.core.diagnostics import SociofundError
    from sociofund.core import ledgerfile

    try:
        data = ledgerfile.read(path).data
    except SociofundError:
        return None
    value = data.get("lang") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value in languages.codes() else None


def from_settings(argv: Sequence[str], environ=os.environ) -> str | None:
    ledgers = _option(argv, "--ledgers") or environ.get("SOCIOFUND_LEDGERS") or "ledgers"
    try:
        for start in (Path(ledgers), Path.cwd()):
            lang = settings_lang(nearest_settings(start)) if start.exists() else None
            if lang:
                return lang
    except (OSError, ValueError):  # a path too long, a NUL byte: the command will say so itself
        return None
    return None


def early(argv: Sequence[str], environ=os.environ) -> str:
    """The language of help and usage errors: decided before the command line is parsed."""
    return (from_argv(argv) or known(environ.get(ENV)) or from_settings(argv, environ)
            or from_locale(environ) or languages.DEFAULT)


def resolve(option: str | None, set_langs: Iterable[str] = (), environ=os.environ) -> str:
    """The language of a command's output, once its sets are read: ``--lang``, ``SOCIOFUND_LANG``,
    the sets' ``lang`` when they agree, the locale, Swedish."""
    langs = set(set_langs)
    return (known(option) or known(environ.get(ENV)) or (langs.pop() if len(langs) == 1 else None)
            or from_locale(environ) or languages.DEFAULT)
