"""``sociofund format``: the format reference the hints point to, in the reader's language, with
every table and key of the models."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sociofund import i18n
from sociofund.cli import app
from sociofund.render.format_reference import TABLES
from test_help import giveaways


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_key_of_the_format_has_its_meaning_in_every_language(lang):
    fields = i18n.catalogue(lang).FIELDS
    missing = [f"{t}.{k}" for t, m in TABLES.items() for k in m.model_fields if f"{t}.{k}" not in fields]
    assert not missing, f"i18n/{lang}.py FIELDS lacks {missing}: a key added to the format needs its meaning " \
                        "in every language (sociofund format prints it)"


def test_format_prints_every_key_in_swedish():
    r = CliRunner().invoke(app, ["format"])
    assert r.exit_code == 0, r.output
    for table, m in TABLES.items():
        for key in m.model_fields:
            assert f"\n  {key}" in r.stdout
    assert "[[allocation]] — fördelning till en insats" in r.stdout
    assert not giveaways(r.stdout), giveaways(r.stdout)


def test_format_in_english():
    r = CliRunner().invoke(app, ["format", "--lang", "en"])
    assert r.stdout.startswith("The ledger format, version 1.")
    assert "year (required)" in r.stdout


def test_the_syntax_hint_points_to_the_format_command(make_set):
    from sociofund.core import check

    folder = make_set({"2022.toml": "year = 2022\n[[grant\n"})
    f = check([folder]).findings[0]
    assert i18n.message(f, "sv")[1] == "rätta raden; formatet beskrivs av sociofund format"
    assert "docs/" not in i18n.message(f, "en")[1]
