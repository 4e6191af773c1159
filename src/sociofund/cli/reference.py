"""``sociofund format`` and ``sociofund schema``: the format for the reader and for the editor.

A hint that says "see the format" must point to something the user has: the installed sociofund,
not a file in sociofund's own repository.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from sociofund.cli.base import LangOpt, app, resolve_lang


@app.command(name="format")
def format_(lang: LangOpt = None) -> None:
    """Print the ledger format: every table and key, what it means, and how values are written.
    Its help is HELP["format"] in the catalogues."""
    from sociofund.render import format_reference
    from sociofund.render.options import RenderOptions

    language = resolve_lang(lang)
    width = shutil.get_terminal_size((80, 24)).columns
    sys.stdout.write(format_reference.render(None, RenderOptions(lang=language, width=width)))


@app.command(name="schema")
def schema_(
    folder: Annotated[Path, typer.Argument(metavar="PATH")] = Path("schema"),
    lang: LangOpt = None,
) -> None:
    """Write the JSON Schema of the year file and of sociofund.toml into a folder, for editors.
    Its help is HELP["schema"] in the catalogues."""
    language = resolve_lang(lang)
    write_schemas(folder, language, lambda p: _written(p, language))


def _written(path: Path, lang: str) -> None:
    from sociofund import i18n

    typer.echo(i18n.note("written", lang, path=str(path)))


def write_schemas(folder: Path, lang: str, on_written, *, keep: bool = False) -> None:
    """The schema files in ``folder`` (made if missing); with ``keep``, a file already there stays."""
    from sociofund.core import SociofundError
    from sociofund.core.ledgerfile import write_atomic
    from sociofund.render import schema

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SociofundError("io-write", path=str(folder), reason=exc.strerror or str(exc)) from None
    for name in schema.FILES:
        target = folder / name
        if keep and target.exists():
            continue
        write_atomic(target, schema.render(name, lang))
        on_written(target)


def write_editor_support(root: Path, lang: str, on_written) -> None:
    """What ``init`` adds for editors: the schemas in ``.sociofund/`` and a ``.taplo.toml`` that
    points taplo and Even Better TOML to them (neither replaces a file that is there)."""
    from sociofund.core.ledgerfile import write_atomic
    from sociofund.render import schema

    write_schemas(root / ".sociofund", lang, on_written, keep=True)
    taplo = root / ".taplo.toml"
    if not taplo.exists():
        write_atomic(taplo, schema.TAPLO)
        on_written(taplo)
