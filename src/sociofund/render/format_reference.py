"""The format reference as text, in the reader's language: what ``sociofund format`` prints.

Made from the models (which tables and keys there are, which are required) and the catalogue's
``FIELDS`` (what each means), so that it can never name a key the format lacks; a key added to a
model without its sentence in every language fails ``tests/test_format_cli.py``.

Must not import: typer, rich.
"""

from __future__ import annotations

import textwrap

from sociofund import i18n
from sociofund.core import model
from sociofund.render.options import RenderOptions

#: the reference's sections: catalogue name -> (header as written in a file, model)
TABLES = {
    "year": model.YearFile,
    "grant": model.Grant,
    "carryover": model.Carryover,
    "allocation": model.Allocation,
    "repayment": model.Repayment,
    "cofinancing": model.Cofinancing,
    "settings": model.Config,
    "funds": model.FundInfo,
    "utfall": model.UtfallSettings,
}


def field_text(table: str, key: str, lang: str) -> str | None:
    return i18n.catalogue_entry("FIELDS", f"{table}.{key}", lang)


def render(_data=None, options: RenderOptions = RenderOptions()) -> str:
    lang, width = options.lang, max(60, min(options.width, 100))
    out = textwrap.wrap(i18n.catalogue_entry("FIELDS", "intro", lang) or "", width)
    required = i18n.catalogue_entry("FIELDS", "required", lang) or "required"
    for table, m in TABLES.items():
        out += ["", i18n.catalogue_entry("FIELDS", f"title.{table}", lang) or table, ""]
        for key, field in m.model_fields.items():
            text = field_text(table, key, lang) or field.description or ""
            head = f"  {key}" + (f" ({required})" if field.is_required() else "")
            body = textwrap.wrap(text, width - 6) or [""]
            out.append(head)
            out += [f"      {line}" for line in body]
    out += ["", *textwrap.wrap(i18n.catalogue_entry("FIELDS", "outro", lang) or "", width)]
    return "\n".join(out) + "\n"
