"""The JSON Schema of the two files sociofund reads, for editors: ``sociofund schema``.

Generated from the models (pydantic), so it names exactly the keys the format has; each key's
description is the catalogue's ``FIELDS`` sentence in the reader's language (an editor shows it
on hover). taplo and VS Code's Even Better TOML read it from ``.taplo.toml`` (``init`` writes one)
or a ``#:schema`` line, and then complete keys and flag a typo while the file is being written.
The repository ships the Swedish copies in ``schema/``; ``tests/test_schema.py`` keeps them current.

Must not import: typer, rich.
"""

from __future__ import annotations

import json
from typing import Any

from sociofund import i18n
from sociofund.core import model

#: the schema files: name -> (model, the FIELDS table of its top level)
FILES = {"year.schema.json": (model.YearFile, "year"), "sociofund.schema.json": (model.Config, "settings")}
#: a $defs entry (pydantic's name for a nested model) -> its FIELDS table
_DEFS = {"Grant": "grant", "Carryover": "carryover", "Allocation": "allocation", "Repayment": "repayment",
         "Cofinancing": "cofinancing", "FundInfo": "funds", "UtfallSettings": "utfall"}


def _describe(props: dict[str, Any], table: str, lang: str) -> None:
    for key, prop in props.items():
        text = i18n.catalogue_entry("FIELDS", f"{table}.{key}", lang)
        if text:
            prop["description"] = text


def build(name: str, lang: str) -> dict[str, Any]:
    m, table = FILES[name]
    schema = m.model_json_schema()
    _describe(schema.get("properties", {}), table, lang)
    for def_name, sub in schema.get("$defs", {}).items():
        if def_name in _DEFS:
            _describe(sub.get("properties", {}), _DEFS[def_name], lang)
            title = i18n.catalogue_entry("FIELDS", f"title.{_DEFS[def_name]}", lang)
            if title:
                sub["description"] = title
    title = i18n.catalogue_entry("FIELDS", f"title.{table}", lang)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **({"description": title} if title else {}),
            **{k: v for k, v in schema.items() if k != "description"}}


def render(name: str, lang: str) -> str:
    return json.dumps(build(name, lang), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


#: what init writes beside ledgers/: taplo (and Even Better TOML) find the schemas through it
TAPLO = """# taplo / Even Better TOML: completion and checking of the ledger files while you type.
# The schemas are sociofund's (sociofund schema .sociofund/ writes them again).
[[rule]]
include = ["ledgers/**/sociofund.toml"]
[rule.schema]
path = "./.sociofund/sociofund.schema.json"

[[rule]]
include = ["ledgers/**/[0-9][0-9][0-9][0-9].toml"]
[rule.schema]
path = "./.sociofund/year.schema.json"
"""
