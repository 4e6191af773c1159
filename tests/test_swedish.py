"""No English inside Swedish output, and hints that finish the job.

- every message tomllib can give (read from tomllib's own source) and the operating system's
  common reasons are said in Swedish;
- the sentence of every finding code, as ``check`` prints it for the docs' examples, and every
  Swedish sentence of the catalogues, hold none of test_help's English giveaways;
- an amount, a boolean or a table header written as people write them gets the line to write
  (F001, F006); Swedish key and table names get the format's name (F003); an unknown allocation
  id gets the nearest and the year's ids; without ./ledgers the nearest set is found.
"""

from __future__ import annotations

import ast
import inspect
import re
import string
import tomllib

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from sociofund import i18n
from sociofund.cli import app
from sociofund.core import check
from test_docs import EXAMPLES, write_set
from test_help import giveaways


# --- tomllib and the operating system -------------------------------------------------------------


def tomllib_messages() -> list[str]:
    """Every message tomllib's parser raises, a sample value in place of each varying part."""
    import tomllib._parser as parser

    src = inspect.getsource(parser)
    found = re.findall(r'suffixed_err\(\s*\w+,\s*\w+,\s*(f?)("[^"]*")', src)
    assert len(found) > 15, "tomllib's source changed shape: read it again"
    return [re.sub(r"\{[^}]*\}", "'x'", text[1:-1]) if f else ast.literal_eval(text) for f, text in found]


@pytest.mark.parametrize("detail", sorted(set(tomllib_messages())))
def test_every_tomllib_message_is_said_in_swedish(detail):
    said = i18n.toml_error(detail, "sv")
    assert said != detail, f"tomllib's {detail!r} has no Swedish in i18n/sv.py TOML_ERRORS"
    assert not giveaways(said)
    assert i18n.toml_error(detail, "en") == detail


@pytest.mark.parametrize("text, swedish", [
    ("No such file or directory", "filen eller mappen finns inte"),
    ("Permission denied", "behörighet saknas"),
    ("Is a directory", "det är en mapp"),
    ("No space left on device", "disken är full"),
    ("not UTF-8", "inte UTF-8-text"),
])
def test_os_reasons_are_said_in_swedish(text, swedish):
    assert i18n.os_error(text, "sv") == swedish
    assert i18n.os_error(text, "en") == text


def test_an_unreadable_path_is_reported_in_swedish(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "2022.toml").mkdir()  # a folder where a year file belongs
    r = CliRunner().invoke(app, ["report", "--ledgers", "set"])
    assert not giveaways(r.output), r.output


# --- every finding code, every sentence -----------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_every_finding_of_the_docs_examples_is_swedish(example, tmp_path, monkeypatch):
    write_set(example, tmp_path)
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["check", "ledger/"], env={"NO_COLOR": "1"})
    assert r.exit_code in (0, 1), r.output
    assert not giveaways(r.stdout), (giveaways(r.stdout), r.stdout)


def swedish_sentences():
    c = i18n.catalogue("sv")
    for table in ("MESSAGES", "ERRORS", "NOTES", "LABELS", "PROBLEMS", "F001_DETAILS", "HELP", "TOML_ERRORS",
                  "OS_ERRORS"):
        for key, value in getattr(c, table).items():
            for text in value if isinstance(value, tuple) else (value,):
                if text:
                    yield f"{table}[{key}]", text


def test_no_swedish_sentence_has_an_english_giveaway():
    bad = []
    for where, text in swedish_sentences():
        # placeholders ({year}) and the format's own words in backticks are not prose
        prose = re.sub(r"`[^`]*`|\{[^}]*\}", "", text)
        if giveaways(prose):
            bad.append((where, giveaways(prose), text))
    assert not bad, bad


# --- hints that finish the job --------------------------------------------------------------------


def finding(make_set, text: str, lang: str = "sv"):
    folder = make_set({"2022.toml": text})
    found = check([folder]).findings
    assert len(found) == 1, found
    return found[0], i18n.message(found[0], lang)


GRANT = 'year = 2022\n\n[[grant]]\nfund = "slk"\n'


@pytest.mark.parametrize("written, fix", [
    ("amount = 1 750 000", "amount = 1_750_000"),
    ("amount = 1 750 000 kr", "amount = 1_750_000"),
    ("amount = 1.750.000", "amount = 1_750_000"),
    ("amount = 1,750,000", "amount = 1_750_000"),
    ("amount = 460 tkr", "amount = 460_000"),
    ("amount = 1,75 mnkr", "amount = 1_750_000"),
    ("amount = 1\u00a0750\u00a0000", "amount = 1_750_000"),
    ("belopp = 1 750 000", "amount = 1_750_000"),
])
def test_every_way_of_writing_an_amount_wrong_gets_the_amount_to_write(make_set, written, fix):
    f, (msg, hint) = finding(make_set, GRANT + written + "\n")
    assert (f.code, f.file, f.line) == ("F001", "set/2022.toml", 5)
    assert hint.startswith(f"skriv {fix}: belopp är hela kronor"), hint
    assert i18n.message(f, "en")[1].startswith(f"write {fix}:")


def test_an_amount_as_a_string_or_a_float_keeps_its_hint(make_set):
    f, (msg, hint) = finding(make_set, GRANT + 'amount = "1 750 000 kr"\n[[allocation]]\nid = "a"\namount = 1_750_000\n')
    assert (f.code, hint) == ("F004", "skriv 1_750_000")


@pytest.mark.parametrize("written, fix", [("closed = ja", "closed = true"), ("closed = nej", "closed = false"),
                                          ("closed = True", "closed = true"), ("closed = yes", "closed = true")])
def test_a_yes_no_word_for_a_boolean_gets_true_or_false(make_set, written, fix):
    f, (msg, hint) = finding(make_set, f"year = 2022\n{written}\n")
    assert (f.code, f.line) == ("F001", 2)
    assert hint == f"skriv {fix}: true eller false, utan citattecken"


def test_a_quoted_yes_for_a_boolean_gets_true(make_set):
    f, (msg, hint) = finding(make_set, 'year = 2022\nclosed = "ja"\n')
    assert (f.code, f.line, hint) == ("F006", 2, "skriv closed = true")


@pytest.mark.parametrize("header, meant", [("[[fördelning]]", "[[allocation]]"), ("[[återbetalning]]", "[[repayment]]"),
                                           ("[[överflyttning]]", "[[carryover]]"), ("[fördelning]", "[[allocation]]")])
def test_a_swedish_table_header_gets_the_formats_name(make_set, header, meant):
    """A header with å, ä or ö is a TOML syntax error (F001); one without (tilldelning) is F003."""
    f, (msg, hint) = finding(make_set, f'year = 2022\n\n{header}\nid = "x"\n')
    assert (f.code, f.line) == ("F001", 3)
    assert hint.startswith(f"menade du {meant}?"), hint
    assert not giveaways(msg)


@pytest.mark.parametrize("key, meant", [("belopp", "amount"), ("utfall", "spent"), ("namn", "name"),
                                        ("ansvarig", "unit"), ("beslut", "ref"), ("årsarbetskrafter", "fte"),
                                        ("Fond", "fund")])
def test_swedish_key_names_get_did_you_mean(make_set, key, meant):
    text = GRANT + 'amount = 100\n\n[[allocation]]\nid = "a"\namount = 100\n' + f'"{key}" = 1\n'
    f, (msg, hint) = finding(make_set, text)
    assert (f.code, f.line) == ("F003", 10)
    assert hint == f"menade du `{meant}`?"


@pytest.mark.parametrize("header, meant", [("insats", "allocation"), ("tilldelning", "grant")])
def test_a_swedish_top_level_table_gets_did_you_mean(make_set, header, meant):
    f, (msg, hint) = finding(make_set, f'year = 2022\n\n[[{header}]]\nid = "x"\n')
    assert (f.code, hint) == ("F003", f"menade du `{meant}`?")


def test_a_misshapen_table_says_the_shape_it_needs(make_set):
    f, (msg, hint) = finding(make_set, GRANT + 'amount = 5000\n\n[allocation]\nid = "test"\namount = 5000\n')
    assert (f.code, f.file, f.line) == ("F006", "set/2022.toml", 7)
    assert msg == ("ogiltigt värde för `allocation`: [allocation] (ska vara en lista med tabeller: skriv rubriken "
                   "[[allocation]] för varje post)")
    assert hint == "skriv [[allocation]]"
    assert "{" not in msg and "'id'" not in msg
    assert "[[allocation]]" in i18n.message(f, "en")[0]


def test_an_unknown_id_gets_the_nearest_and_the_years_ids(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(ROOT / "ledgers", tmp_path / "ledgers")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["spend", "2022", "tramplin-ifo", "5", "--ledgers", "ledgers/ragunda"])
    assert r.exit_code == 2
    assert "menade du trampolin-ifo?" in r.stderr
    assert "årets insatser: trampolin-ifo, trampolin-elevhalsan" in r.stderr


@pytest.mark.parametrize("where", ["ledgers/ragunda", "ledgers/ragunda/sub", "ledgers", "elsewhere/deep"])
def test_without_ledgers_here_the_nearest_set_is_used_and_said(where, tmp_path, monkeypatch):
    import shutil

    shutil.copytree(ROOT / "ledgers", tmp_path / "ledgers")
    (tmp_path / where).mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(tmp_path / where)
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    r = CliRunner().invoke(app, ["check"])
    assert r.exit_code in (0, 1), r.output
    assert "./ledgers finns inte; använder liggaren i " in r.stderr
    assert "liggare)" in r.stdout


def test_with_ledgers_nowhere_the_error_is_as_before(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["check"])
    assert r.exit_code == 2
    assert r.stderr == "sociofund: ledgers: finns inte\n"
