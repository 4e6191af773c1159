"""Languages are files: every language module says everything, with the same ``{fields}``; the one
list of languages is what the model, the command line and the number formatting all use; a new
language is one new file; and no other module names the languages.
"""

from __future__ import annotations

import io
import os
import shutil
import string
import subprocess
import sys
import textwrap
import tokenize
import typing
from pathlib import Path

import pytest

from conftest import ROOT
from sociofund import i18n
from sociofund.cli import language as CliLanguage
from sociofund.cli.base import Lang as CliLang
from sociofund.core import languages
from sociofund.core.diagnostics import Finding, Severity, SociofundError
from sociofund.core.model import Config
from sociofund.core.model import Lang as ModelLang

SRC = ROOT / "src" / "sociofund"
I18N = SRC / "i18n"

#: the catalogues every language has, key for key
CATALOGUES = ("MESSAGES", "PROBLEMS", "F001_DETAILS", "ERRORS", "LABELS", "PLURALS", "NOTES", "HELP", "TOML_ERRORS", "OS_ERRORS", "FIELDS")
#: the number conventions and answer words every language has
CONVENTIONS = ("GROUP", "DECIMAL", "KRONOR_SEP", "PERCENT", "YES", "NO")


def fields(template: str | None) -> set[tuple[str, str]]:
    """The ``{field:spec}`` pairs of a sentence: ``"{amount:kr} i {fund}"`` -> {("amount", "kr"), ("fund", "")}."""
    if template is None:
        return set()
    return {(name, spec or "") for _, name, spec, _ in string.Formatter().parse(template) if name is not None}


def sentences(value) -> tuple:
    """A catalogue entry as a tuple of its sentences: MESSAGES and PLURALS hold pairs."""
    return value if isinstance(value, tuple) else (value,)


OTHERS = [code for code in i18n.LANGS if code != i18n.DEFAULT]


def test_the_languages_are_the_modules_default_first():
    modules = sorted(p.stem for p in I18N.glob("*.py") if p.stem != "__init__")
    assert sorted(i18n.LANGS) == modules
    assert i18n.LANGS[0] == i18n.DEFAULT == "sv"  # Swedish first


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("table", CATALOGUES)
def test_every_language_has_every_key_with_the_same_fields(table, lang):
    default, other = getattr(i18n.catalogue(i18n.DEFAULT), table), getattr(i18n.catalogue(lang), table)
    assert set(other) == set(default), (
        f"i18n/{lang}.py {table}: missing {sorted(set(default) - set(other))}, extra {sorted(set(other) - set(default))}")
    for key, value in default.items():
        ours, theirs = sentences(value), sentences(other[key])
        assert len(ours) == len(theirs), f"{table}[{key!r}]: {i18n.DEFAULT} and {lang} differ in shape"
        for a, b in zip(ours, theirs, strict=True):
            assert (a is None) == (b is None), f"{table}[{key!r}]: a hint in one language only"
            assert fields(a) == fields(b), f"{table}[{key!r}]: {{fields}} differ: {fields(a)} vs {fields(b)}"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_language_has_its_number_conventions_and_answers(lang):
    c = i18n.catalogue(lang)
    for name in CONVENTIONS:
        assert getattr(c, name), f"i18n/{lang}.py has no {name}"
    assert fields(c.PERCENT) == {("number", "")}
    assert not set(c.YES) & set(c.NO)
    # tomllib's messages translated: a message that varies says so by its {key} or {char} only
    assert all(fields(text) == fields(key) <= {("key", ""), ("char", "")} for key, text in c.TOML_ERRORS.items())


def test_yes_and_no_words_of_every_language_are_accepted():
    yes, no = i18n.answers()
    assert {"j", "ja", "y", "yes"} <= yes and {"n", "nej", "no"} <= no
    assert not yes & no


def test_the_model_the_cli_and_the_numbers_use_the_same_languages():
    assert typing.get_args(ModelLang) == i18n.LANGS == languages.codes()
    assert tuple(m.value for m in CliLang) == i18n.LANGS
    assert Config.model_fields["lang"].default is None  # unset: the reader's locale, else the default
    assert CliLanguage.early([], environ={}) == i18n.DEFAULT
    for lang in i18n.LANGS:
        assert Config(lang=lang).lang == lang
        assert i18n.catalogue(lang).__name__ == f"sociofund.i18n.{lang}"  # no silent fallback
        assert i18n.kronor(1_750_000, lang).endswith("kr")


def test_number_forms_as_before():
    assert i18n.kronor(1_750_000, "sv") == "1\u00a0750\u00a0000\u00a0kr"
    assert i18n.kronor(1_750_000, "en") == "1,750,000 kr"
    assert i18n.kronor(1_750_499, "sv", "tkr") == "1\u00a0750\u00a0tkr"
    assert i18n.percent("24.3", "sv") == "24,3\u00a0%" and i18n.percent("24.3", "en") == "24.3 %"


# --- one fallback rule --------------------------------------------------------------------------


def test_a_language_sociofund_lacks_is_said_in_the_default_language():
    f = Finding("F005", Severity.ERROR, "x.toml", {"key": "year"})
    assert i18n.message(f, "de") == i18n.message(f, i18n.DEFAULT)
    assert i18n.label("r.total", "de") == i18n.label("r.total", i18n.DEFAULT)
    assert i18n.note("dry-run", "de") == i18n.note("dry-run", i18n.DEFAULT)
    assert i18n.counted(2, "file", "de") == i18n.counted(2, "file", i18n.DEFAULT)
    exc = SociofundError("no-such-path", path="x")
    assert i18n.error_message(exc, "de") == i18n.error_message(exc, i18n.DEFAULT)


def test_a_key_a_language_lacks_is_said_in_the_default_language(monkeypatch):
    monkeypatch.delitem(i18n.catalogue("en").LABELS, "r.total")
    monkeypatch.delitem(i18n.catalogue("en").ERRORS, "no-such-path")
    assert i18n.label("r.total", "en") == "Totalt"
    assert i18n.error_message(SociofundError("no-such-path", path="x"), "en") == "x: finns inte"


def test_a_key_no_language_has_is_said_as_code_and_arguments():
    exc = SociofundError("no-such-code", path="x")
    assert i18n.error_message(exc, "en") == str(exc) == "no-such-code: {'path': 'x'}"
    assert i18n.label("no-such-label", "en") == "no-such-label"
    assert i18n.note("no-such-note", "sv", year=2022) == "no-such-note: {'year': 2022}"
    assert i18n.message(Finding("Z999", Severity.ERROR, "x.toml", {"a": 1}), "sv") == ("Z999: {'a': 1}", None)
    assert i18n.counted(2, "widget", "sv") == "2 widget"


def test_a_sentence_its_arguments_do_not_fit_is_said_as_code_and_arguments():
    exc = SociofundError("no-such-path", wrong="x")
    assert i18n.error_message(exc, "sv") == str(exc)
    assert i18n.note("written", "en") == "written"  # {path} missing


# --- adding a language is one file --------------------------------------------------------------

#: a made-up third language: English words, continental number forms
NEW_LANGUAGE = """
import re
from pathlib import Path
text = (Path(__file__).parent / "en.py").read_text(encoding="utf-8")
text = text.replace('GROUP = ","', 'GROUP = "."').replace('DECIMAL = "."', 'DECIMAL = ","')
text = text.replace('YES = ("y", "yes")', 'YES = ("o", "oui")')
exec(compile(text, __file__, "exec"))
"""

PROBE = textwrap.dedent("""
    import json, sys, typing
    import sociofund
    from sociofund import i18n
    from sociofund.cli.base import Lang
    from sociofund.core.model import Config, Lang as ModelLang
    from typer.testing import CliRunner
    from sociofund.cli import app
    result = CliRunner().invoke(app, ["check", sys.argv[1], "--lang", "xx"])
    print(json.dumps({
        "file": sociofund.__file__,
        "langs": list(i18n.LANGS),
        "cli": [m.value for m in Lang],
        "model": list(typing.get_args(ModelLang)),
        "config": Config(lang="xx").lang,
        "kronor": i18n.kronor(1_750_000, "xx"),
        "yes": sorted(i18n.answers()[0]),
        "exit": result.exit_code,
        "output": result.output,
    }))
""")


def test_a_new_language_is_one_new_file(tmp_path):
    """Copy the package, add ``i18n/xx.py`` and nothing else: every list of languages has it."""
    import json

    copy = tmp_path / "src" / "sociofund"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "i18n" / "xx.py").write_text(NEW_LANGUAGE, encoding="utf-8")
    ledger = tmp_path / "set"
    ledger.mkdir()
    (ledger / "2022.toml").write_text('year = 2022\n[[grant]]\nfund = "slk"\namount = 1_750_000\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src"), "NO_COLOR": "1"}
    out = subprocess.run([sys.executable, "-c", PROBE, "set"], capture_output=True, text=True, env=env,
                         cwd=tmp_path, check=True).stdout
    seen = json.loads(out)
    assert Path(seen["file"]).is_relative_to(tmp_path)
    assert seen["langs"] == seen["cli"] == seen["model"] == ["sv", "en", "xx"]
    assert seen["config"] == "xx"
    assert seen["kronor"] == "1.750.000 kr"
    assert {"o", "oui", "j", "ja", "y", "yes"} <= set(seen["yes"])
    # the finding and the summary in xx's words (English here) and numbers
    assert "B002 error: 1.750.000 kr unallocated in slk 2022" in seen["output"], seen["output"]
    assert "1 error, 0 warnings in 1 file (1 ledger set)." in seen["output"]


#: where a language code may be written in src/: the language files themselves, and the one
#: documented default (``core/languages.DEFAULT``, which every ``lang=`` default names)
ALLOWED = {I18N / "sv.py", I18N / "en.py", SRC / "core" / "languages.py"}


def test_no_other_module_names_the_languages():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path in ALLOWED:
            continue
        source = path.read_text(encoding="utf-8")
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type != tokenize.STRING:
                continue
            try:
                value = eval(tok.string)  # noqa: S307 - a literal from our own source
            except Exception:  # an f-string part or the like: not a plain code
                continue
            if value in i18n.LANGS:
                found.append(f"{path.relative_to(ROOT)}:{tok.start[0]}: {tok.line.strip()}")
    assert not found, "languages named outside the language files:\n" + "\n".join(found)
