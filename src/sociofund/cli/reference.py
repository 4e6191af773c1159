"""``sociofund format``: the format reference in the reader's language, where the user is.

A hint that says "see the format" must point to something the user has: the installed sociofund,
not a file in sociofund's own repository.
"""

from __future__ import annotations

import shutil
import sys

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
