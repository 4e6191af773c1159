"""``sociofund schema``: the JSON Schema of the two files, generated from the models, shipped in
``schema/`` and wired by ``init`` for taplo / Even Better TOML; check-jsonschema (as an editor
would) accepts the shipped ledgers and reports a typo."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import LEDGERS, ROOT
from sociofund.cli import app
from sociofund.render import schema

SHIPPED = ROOT / "schema"
CHECK = [sys.executable, "-m", "check_jsonschema"]


@pytest.mark.parametrize("name", schema.FILES)
def test_the_shipped_schema_is_current(name):
    """A key added to a model changes the schema: regenerate with `sociofund schema schema/` and
    commit the result (SOCIOFUND_REGEN=1 does it too)."""
    import os

    now = schema.render(name, "sv")
    if os.environ.get("SOCIOFUND_REGEN"):
        (SHIPPED / name).write_text(now, encoding="utf-8")
    assert (SHIPPED / name).read_text(encoding="utf-8") == now, \
        f"schema/{name} is out of date with the models: run `sociofund schema schema/` (or SOCIOFUND_REGEN=1) and commit it"


def test_the_command_writes_both_files_in_the_readers_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["schema", "out", "--lang", "en"])
    assert r.exit_code == 0, r.output
    year = json.loads((tmp_path / "out" / "year.schema.json").read_text(encoding="utf-8"))
    assert year["properties"]["year"]["description"] == "Must equal the file name."
    assert set(year["$defs"]["Allocation"]["properties"]) >= {"id", "amount", "spent", "fte"}
    sv = json.loads((SHIPPED / "year.schema.json").read_text(encoding="utf-8"))
    assert sv["$defs"]["Allocation"]["properties"]["amount"]["description"] == "Fördelade hela kronor."


def _check(schema_file: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CHECK, "--schemafile", str(schema_file), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def test_the_shipped_ledgers_validate_against_the_schema():
    years = sorted(LEDGERS.glob("*/[0-9][0-9][0-9][0-9].toml"))
    settings = sorted(LEDGERS.glob("*/sociofund.toml"))
    r = _check(SHIPPED / "year.schema.json", *years)
    assert r.returncode == 0, r.stdout + r.stderr
    r = _check(SHIPPED / "sociofund.schema.json", *settings)
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_typo_is_reported_by_the_schema(tmp_path):
    text = (LEDGERS / "ragunda" / "2022.toml").read_text(encoding="utf-8").replace("amount =", "ammount =", 1)
    (tmp_path / "2022.toml").write_text(text, encoding="utf-8")
    r = _check(SHIPPED / "year.schema.json", tmp_path / "2022.toml")
    assert r.returncode == 1
    assert "ammount" in r.stdout + r.stderr


def test_init_wires_the_schema_for_taplo(tmp_path, monkeypatch):
    import tomllib

    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["init", "repo", "--year", "2025"])
    assert r.exit_code == 0, r.output
    taplo = tomllib.loads((tmp_path / "repo" / ".taplo.toml").read_text(encoding="utf-8"))
    paths = {rule["schema"]["path"] for rule in taplo["rule"]}
    assert paths == {"./.sociofund/year.schema.json", "./.sociofund/sociofund.schema.json"}
    for p in paths:
        assert (tmp_path / "repo" / p).is_file()
    r = _check(tmp_path / "repo" / ".sociofund" / "year.schema.json", tmp_path / "repo" / "ledgers" / "2025.toml")
    assert r.returncode == 0, r.stdout + r.stderr
