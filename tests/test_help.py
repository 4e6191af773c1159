"""Help, usage and usage errors in the reader's language (cli/helptext.py, cli/language.py).

The Swedish outputs of every command — its ``--help``, its usage errors — and the Swedish
sentence of every finding code are searched for English a Swedish finance officer would not use
(``GIVEAWAYS``). A command added later without its help in the catalogues fails here: add
``HELP["COMMAND"]`` and ``HELP["COMMAND.PARAM"]`` to every ``i18n/<lang>.py``.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from conftest import ROOT
from sociofund import i18n
from sociofund.cli import app, helptext, language

#: English words and phrases that give away an untranslated text in Swedish output
GIVEAWAYS = ("Usage", "Options", "Arguments", "Commands", "Error", "Invalid value", "Show this message",
             "No such", "Missing", "Expected", "must be", "the ", "The ", "Try ", "default:",
             "env var", "required", "Aborted", "not one of", "Input should", "unable to", "integer",
             "Print ", "Value error", "[OPTIONS]", "COMMAND", "YEAR", "AMOUNT", "PATH", "<int>", "<str>",
             "list[", "directory", "Permission denied")

#: every command the app offers (the group builds each when it is asked for: cli/base.py)
COMMANDS = sorted(typer.main.get_command(app).list_commands(None))


def giveaways(text: str) -> list[str]:
    """The giveaways in ``text``, outside quoted values (``"expected"`` is a value of the format)."""
    text = re.sub(r'"[^"\n]*"', "", text)
    return [g for g in GIVEAWAYS if g in text]


@pytest.fixture
def runner(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no sociofund.toml around to choose the language
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    return CliRunner()


def command(name: str):
    return typer.main.get_command(app).get_command(None, name)


# --- every command has its help in every language -------------------------------------------------


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_parameter_has_its_help_in_every_language(name, lang):
    cmd = command(name)
    assert helptext.command_help(name, lang), f'i18n/{lang}.py has no HELP["{name}"]'
    for param in cmd.params:
        assert helptext.param_help(name, param, lang), \
            f'i18n/{lang}.py has no HELP["{name}.{param.name}"] (or HELP["*.{param.name}"])'


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_help_ends_with_a_real_example(name, lang, tmp_path, monkeypatch):
    """The last paragraph is ``Exempel:``/``Example:`` and a command line that sociofund parses:
    run on a copy of the shipped ledgers, it is never a usage error."""
    text = helptext.command_help(name, lang)
    last = text.strip().split("\n\n")[-1]
    word = {"sv": "Exempel", "en": "Example"}.get(lang, "")
    m = re.fullmatch(rf"{word}: (sociofund {name}\b.*)", last)
    assert m, f'HELP["{name}"] in {lang} does not end with "{word}: sociofund {name} …"'
    shutil.copytree(ROOT / "ledgers", tmp_path / "ledgers")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, shlex.split(m.group(1))[1:])
    assert "Användning" not in r.output and "Usage" not in r.output, r.output


def test_the_table_of_commands_is_what_the_modules_define():
    """cli/base.py ``COMMANDS`` names every command the command modules register, in the order
    ``--help`` lists them, with the module that defines it: a command missing from the table
    could not be run (its module would never be imported)."""
    from sociofund.cli import base

    base.load_all()
    defined = {base._command_name(info): info.callback.__module__ for info in app.registered_commands}
    assert {name: f"sociofund.cli.{module}" for name, module in base.COMMANDS.items()} == defined
    assert COMMANDS == sorted(defined)


def loaded(*args: str, names: str = "set(COMMANDS.values())", prefix: str = "sociofund.cli.") -> list[str]:
    """Which of ``names`` (by default the command modules of ``COMMANDS``) a fresh ``sociofund
    ARGS`` has imported, as ``prefix + name``, when it is done."""
    code = ("import sys\nfrom sociofund.cli import main\nsys.argv = ['sociofund', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "done = set(sys.modules)\nfrom sociofund.cli.base import COMMANDS\n"
            f"print(sorted({{m for m in {names} if '{prefix}' + m in done}}))")
    env = {k: v for k, v in os.environ.items() if k != "SOCIOFUND_LANG"}
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=60).stdout
    return ast.literal_eval(out.strip().splitlines()[-1])


command_modules_loaded = loaded


def test_a_run_imports_only_the_command_module_it_runs():
    """``sociofund --help`` lists every command from the catalogues without importing (or
    building) one; ``sociofund check`` imports cli/check.py alone."""
    assert command_modules_loaded("--help") == []
    assert command_modules_loaded("check", "--help") == ["check"]
    assert command_modules_loaded("allocate", "--help") == ["edit"]
    assert command_modules_loaded("chek") == []  # a usage error: no such command


def test_help_and_a_plain_check_load_only_what_they_use():
    """``--help`` draws nothing and validates nothing: no rich, no pydantic. A plain check
    (cli/checking.py) parses its command line itself: no typer, and no rich off a terminal."""
    heavy = "('typer', 'rich', 'pydantic')"
    assert loaded("--help", names=heavy, prefix="") == ["typer"]
    assert loaded("check", "ledgers", "--format", "github", names=heavy, prefix="") == ["pydantic"]


# --- Swedish help and usage errors ----------------------------------------------------------------


def usage_errors(name: str) -> list[list[str]]:
    """Ways to get a command's arguments wrong: an unknown option, a bad value, a missing one."""
    cmd = command(name)
    calls = [[name, "--no-such-option"], [name, "--lang", "de"], [name, "--ledgers"]]
    args = [p for p in cmd.params if p.param_type_name == "argument"]
    if any(p.required for p in args):
        calls.append([name])  # a required argument missing
    if args and all(p.nargs != -1 for p in args):
        calls.append([name, *["x7"] * max(1, len(args)), "extra", "more"])
    return calls


@pytest.mark.parametrize("env", [{}, {"LANG": "sv_SE.UTF-8"}], ids=["default", "LANG=sv_SE"])
@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_swedish_help_has_no_english(name, env, runner):
    r = runner.invoke(app, [*([name] if name else []), "--help"], env=env)
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Användning: sociofund")
    assert not giveaways(r.stdout), (giveaways(r.stdout), r.stdout)


@pytest.mark.parametrize("name", COMMANDS)
def test_swedish_usage_errors_have_no_english(name, runner):
    for call in usage_errors(name):
        r = runner.invoke(app, call)
        assert r.exit_code == 2, (call, r.output)
        assert "Fel: " in r.stderr, (call, r.stderr)
        assert not giveaways(r.stderr), (call, giveaways(r.stderr), r.stderr)


def test_a_usage_error_in_swedish(runner):
    r = runner.invoke(app, ["report", "20x"])
    assert r.exit_code == 2
    assert r.stderr == ("Användning: sociofund report [FLAGGOR] [ÅR...]\n"
                        "Skriv 'sociofund report -h' för att få hjälp.\n\n"
                        "Fel: ogiltigt värde för ÅR: '20x' är inget heltal\n")
    r = runner.invoke(app, ["check", "--lang", "de"])
    assert r.stderr.endswith("Fel: ogiltigt värde för --lang: 'de' ska vara något av: sv, en\n")


def test_no_arguments_shows_the_help(runner):
    r = runner.invoke(app, [])
    assert "Användning: sociofund [FLAGGOR] KOMMANDO" in r.output
    assert "Kommandon:" in r.output


# --- English when asked ---------------------------------------------------------------------------


def test_lang_before_the_command_gives_english_help(runner):
    r = runner.invoke(app, ["--lang", "en", "--help"])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Usage: sociofund [OPTIONS] COMMAND")


@pytest.mark.parametrize("how", [["--lang", "en"], ["--lang", "EN"], ["--lang=En"]], ids=["en", "EN", "=En"])
def test_lang_en_in_any_case_gives_english_help(how, runner):
    r = runner.invoke(app, ["allocate", *how, "--help"])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Usage: sociofund allocate [OPTIONS] [YEAR] [ID] [AMOUNT]")
    assert "Options:" in r.stdout and "Show this message and exit." in r.stdout
    assert "Example: sociofund allocate" in r.stdout
    assert "Flaggor" not in r.stdout


def test_lang_in_any_case_is_accepted_by_commands(runner):
    r = runner.invoke(app, ["check", str(ROOT / "ledgers" / "ragunda"), "--lang", "EN"])
    assert r.exit_code == 0, r.output
    assert "ledger set" in r.stdout


@pytest.mark.parametrize("env", [{"LANG": "en_GB.UTF-8"}, {"LC_ALL": "en_US.UTF-8"}, {"SOCIOFUND_LANG": "en"},
                                 {"LANGUAGE": "en:sv", "LANG": "sv_SE.UTF-8"}])
def test_an_english_locale_or_setting_gives_english(env, runner):
    r = runner.invoke(app, ["--help"], env=env)
    assert r.stdout.startswith("Usage: sociofund [OPTIONS] COMMAND"), r.stdout
    r = runner.invoke(app, ["report", "20x"], env=env)
    assert "Error: Invalid value for 'YEAR': '20x' is not an integer" in r.stderr


def test_english_usage_errors(runner):
    r = runner.invoke(app, ["spend", "2022", "--lang", "en"])
    assert r.stderr == ("Usage: sociofund spend [OPTIONS] YEAR ID AMOUNT\n"
                        "Try 'sociofund spend -h' for help.\n\nError: Missing argument 'ID'.\n")


# --- how the language is known before anything is read --------------------------------------------


def test_the_order_of_the_language_sources(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "sociofund.toml").write_text('lang = "en"\n', encoding="utf-8")
    (tmp_path / "set" / "inner").mkdir()
    assert language.early([], environ={}) == "sv"
    assert language.early([], environ={"LANG": "en_US.UTF-8"}) == "en"
    assert language.early([], environ={"LANG": "C.UTF-8"}) == "sv"  # C says nothing
    assert language.early(["--ledgers", "set"], environ={}) == "en"  # the set's settings
    assert language.early(["--ledgers", "set/inner"], environ={}) == "en"  # found upward
    monkeypatch.chdir(tmp_path / "set" / "inner")
    assert language.early([], environ={}) == "en"  # from the current folder upward
    assert language.early([], environ={"SOCIOFUND_LANG": "sv"}) == "sv"  # the variable beats the set
    assert language.early(["--lang", "SV"], environ={"SOCIOFUND_LANG": "en"}) == "sv"  # the option beats all
    assert language.early(["--lang", "de"], environ={}) == "en"  # not a language: the next source decides


def test_output_language_after_the_sets_are_read():
    assert language.resolve(None, [], environ={}) == "sv"
    assert language.resolve(None, ["en"], environ={}) == "en"
    assert language.resolve(None, ["en", "sv"], environ={"LANG": "en_US"}) == "en"  # sets disagree: locale
    assert language.resolve(None, ["sv"], environ={"LANG": "en_US"}) == "sv"  # the set beats the locale
    assert language.resolve(None, ["sv"], environ={"SOCIOFUND_LANG": "EN"}) == "en"
    assert language.resolve("EN", ["sv"], environ={}) == "en"
