"""No input, however broken, produces a traceback (PRODUCT.md §4).

Property-based tests: arbitrary bytes, arbitrary TOML documents (wrong types, unknown keys, huge
integers, floats, deep nesting, control characters, rich markup, terminal escapes, GitHub workflow
commands, non-UTF-8 bytes spliced into valid text) and ledger-shaped documents close enough to
valid that the rules run. Each run must end in findings or a clean pass: every finding placed at a
file, a line and a column, with a known code and a message in both languages. The command line
over the same folders exits 0 or 1 and prints no escape character that came from a ledger.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sociofund import i18n
from sociofund.cli import app
from sociofund.core import check
from sociofund.core.diagnostics import CODES

#: modest by default so the suite stays fast; SOCIOFUND_FUZZ=5000 for a long hunt
SETTINGS = settings(max_examples=int(os.environ.get("SOCIOFUND_FUZZ", "120")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# --- values -------------------------------------------------------------------------------------

HOSTILE = ["[bold]rubrik[/bold]", "\x1b[31mröd\x1b[0m", "::error::owned", "\x1b]0;title\x07", "=SUM(A1)",
           "a|b", "\u202egnirts", "%0A::warning::x", "line\nbreak", "\x00nul", "{amount}", "{0}", "%s"]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=20),  # C0, C1 controls, DEL
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=3).map("".join),
)
huge_int = st.sampled_from([10**30, 2**63, 2**63 - 1, -(2**63), -(2**63) - 1, 10**13 + 1, -1, 0, 10**400])
scalar = st.one_of(
    st.integers(),
    huge_int,
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    hostile_text,
    st.dates(),
    st.datetimes(),
    st.times(),
)
junk = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(hostile_text, inner, max_size=3),
    ),
    max_leaves=12,
)

# --- ledger-shaped documents: mostly valid values, sometimes junk, sometimes unknown keys ---------

FUNDS = ["slk", "egen", "a-1"]
fund = st.sampled_from(FUNDS)
amount = st.one_of(st.integers(0, 2_000_000), st.sampled_from([0, 100, 5_000, 140_000]))
year = st.sampled_from([2021, 2022, 2023])


def maybe_junk(valid: st.SearchStrategy, junky: bool = True) -> st.SearchStrategy:
    """The valid value most of the time, anything at all otherwise (never, unless ``junky``)."""
    return st.one_of(valid, valid, valid, junk) if junky else valid


def entry(required: dict, optional: dict, junky: bool) -> st.SearchStrategy:
    fields = st.fixed_dictionaries({k: maybe_junk(v, junky) for k, v in required.items()},
                                   optional={k: maybe_junk(v, junky) for k, v in optional.items()})
    if not junky:
        return fields
    unknown = st.dictionaries(st.sampled_from(["ammount", "belopp", "Fund", "x", "::error::", "\x1b[1m"]), junk, max_size=1)
    return st.tuples(fields, st.one_of(st.just({}), st.just({}), unknown)).map(lambda t: {**t[0], **t[1]})


def year_doc(junky: bool) -> st.SearchStrategy:
    """A year file's data: with ``junky``, wrong types and unknown keys here and there; without,
    valid values whose sums rarely agree, so that the rules (not just the format) have work."""
    grant = entry({"fund": fund, "amount": amount},
                  {"status": st.sampled_from(["expected", "applied", "granted", "paid"] + ["beviljad"] * junky),
                   "funder": hostile_text, "program": hostile_text, "ref": hostile_text, "note": hostile_text}, junky)
    carryover = entry({"fund": fund, "from_year": st.integers(2019, 2024), "amount": amount},
                      {"approved_by": st.sampled_from(["Tillväxtverket", "", "  "]), "ref": hostile_text}, junky)
    allocation = entry({"id": st.sampled_from(["trampolin", "ami", "x-1"] + ["Bad Id"] * junky), "amount": amount},
                       {"fund": fund, "name": hostile_text, "unit": hostile_text,
                        "fte": st.floats(0.05, 2), "spent": amount, "ref": hostile_text}, junky)
    repayment = entry({"fund": fund, "amount": amount},
                      {"ref": hostile_text, "due": st.dates(), "paid": st.dates()}, junky)
    optional = {
        "format": maybe_junk(st.just(1), junky),
        "closed": maybe_junk(st.booleans(), junky),
        "note": hostile_text,
        "grant": st.lists(grant, max_size=3),
        "carryover": st.lists(carryover, max_size=2),
        "allocation": st.lists(allocation, max_size=4),
        "repayment": st.lists(repayment, max_size=2),
    }
    if junky:
        optional["extra"] = junk
    return st.fixed_dictionaries({"year": maybe_junk(year, junky)}, optional=optional)


config_doc = st.fixed_dictionaries(
    {},
    optional={
        "organisation": maybe_junk(hostile_text),
        "lang": maybe_junk(st.sampled_from(i18n.LANGS)),
        "format": maybe_junk(st.just(1)),
        "funds": st.dictionaries(
            st.one_of(fund, hostile_text),
            st.fixed_dictionaries({}, optional={"name": hostile_text,
                                                "carryover": maybe_junk(st.sampled_from(["approval", "free", "none"]))}),
            max_size=2,
        ),
    },
)
any_doc = st.dictionaries(st.one_of(st.sampled_from(["year", "grant", "allocation", "closed"]), hostile_text), junk,
                          max_size=5)


def dumps(doc: dict) -> str | None:
    """TOML text of ``doc``, or None for what TOML cannot say (tomli-w refuses some values)."""
    try:
        return tomli_w.dumps(doc)
    except (TypeError, ValueError):
        return None


@st.composite
def spliced(draw, text: str) -> bytes:
    """``text`` as UTF-8 with a few bytes that are not UTF-8 put in somewhere."""
    raw = text.encode()
    at = draw(st.integers(0, len(raw)))
    bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xe4", b"\x80\x80", b"\xed\xa0\x80", b"\x00"]))
    return raw[:at] + bad + raw[at:]


@st.composite
def ledger_set(draw) -> dict[str, bytes]:
    """File name -> content of one ledger set: one to three year files, maybe a sociofund.toml."""
    files: dict[str, bytes] = {}
    for y in draw(st.lists(year, min_size=1, max_size=3, unique=True)):
        doc = draw(st.one_of(year_doc(junky=False), year_doc(junky=False), year_doc(junky=True), any_doc))
        if draw(st.integers(0, 4)):  # mostly the year of the file name, so I002 does not hide the rest
            doc = {**doc, "year": y}
        text = dumps(doc)
        if text is None:
            text = f"year = {y}\n"
        data = draw(st.one_of(*[st.just(text.encode())] * 5, spliced(text)))
        files[f"{y}.toml"] = data
    if draw(st.booleans()):
        text = dumps(draw(config_doc)) or ""
        files["sociofund.toml"] = text.encode()
    return files


@contextmanager
def written(files: dict[str, bytes]):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "set"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        yield folder


def assert_clean_findings(folder: Path) -> list:
    """Check ``folder``; every finding is placed, known and can be worded in both languages."""
    result = check([folder], workers=1)
    names = {str(folder / n) for n in (p.name for p in folder.iterdir())}
    for f in result.findings:
        assert f.file in names, f
        assert f.line >= 1 and f.col >= 1, f
        assert f.code in CODES, f
        assert_on_its_line(f)
        for lang in i18n.LANGS:
            msg, hint = i18n.message(f, lang)
            assert msg and isinstance(msg, str)
            assert hint is None or isinstance(hint, str)
    return result.findings


def assert_on_its_line(f) -> None:
    """The line a finding names holds the key or table it is about, or one that encloses it
    (an entry's header, an inline array's key): never an unrelated line. Checked where the key
    is a bare TOML key, whose spelling in the file is known."""
    parts = [p for p in f.keypath if isinstance(p, str)]
    if f.code == "F005":  # a missing key is placed at its entry's header, or line 1
        parts = parts[:-1]
    if not parts or not all(re.fullmatch(r"[A-Za-z0-9_-]+", p) for p in parts):
        return
    text = Path(f.file).read_bytes().decode("utf-8-sig", "replace")
    if not any(p in text for p in parts):
        return  # nothing of it is in the file: no line to compare
    line = text.split("\n")[f.line - 1]
    assert any(p in line for p in parts), (f, line)


# --- (a) arbitrary bytes --------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_a_year_file(data):
    with written({"2022.toml": data}) as folder:
        assert_clean_findings(folder)


@SETTINGS
@given(st.binary(max_size=200))
def test_arbitrary_bytes_as_settings(data):
    with written({"2022.toml": b"year = 2022\n", "sociofund.toml": data}) as folder:
        assert_clean_findings(folder)


# --- (b) arbitrary and ledger-shaped TOML ---------------------------------------------------------


@SETTINGS
@given(ledger_set())
def test_toml_documents_give_placed_findings(files):
    with written(files) as folder:
        assert_clean_findings(folder)


@SETTINGS
@given(st.dictionaries(hostile_text, junk, max_size=6))
def test_arbitrary_toml_tables(doc):
    text = dumps(doc)
    if text is None:
        return
    with written({"2022.toml": text.encode()}) as folder:
        findings = assert_clean_findings(folder)
    assert findings, "a document without `year` is never a clean year file"


DEEP = 10_000
PATHOLOGICAL = {
    "deep array": f"year = 2022\nx = {'[' * DEEP}{']' * DEEP}\n",
    "deep array as an amount": f"year = 2022\n[[grant]]\nfund = 'slk'\namount = {'[' * DEEP}{']' * DEEP}\n",
    "deep inline tables": "year = 2022\nx = " + "{a = " * 2_000 + "1" + "}" * 2_000 + "\n",
    "deep unclosed array": "year = 2022\nx = " + "[" * DEEP + "\n",
    "deep dotted key": "year = 2022\n" + ".".join(["k"] * 3_000) + " = 1\n",
    "deep table header": "year = 2022\n[" + ".".join(["t"] * 3_000) + "]\n",
    "long integer": "year = 2022\n[[grant]]\nfund = 'slk'\namount = " + "9" * 5_000 + "\n",
    "2**63": f"year = 2022\n[[grant]]\nfund = 'slk'\namount = {2**63}\n",
    "10**30": f"year = 2022\n[[grant]]\nfund = 'slk'\namount = {10**30}\n",
    "-2**63": f"year = 2022\n[[grant]]\nfund = 'slk'\namount = {-(2**63)}\n",
    "float year": "year = 2022.0\n",
    "nan and inf": "year = 2022\n[[grant]]\nfund = 'slk'\namount = nan\n[[allocation]]\nid = 'a'\namount = 1\nfte = inf\n",
    "control characters": 'year = 2022\n[[allocation]]\nid = "a"\namount = 1\nname = "\\u001b[31m[bold]::error::\\u0000"\n',
    "escape in a key": 'year = 2022\n"\\u001b[31m::error::x" = 1\n',
    "datetime as a date": "year = 2022\n[[repayment]]\nfund = 'slk'\namount = 1\ndue = 2023-03-31T10:00:00+01:00\n",
    "table as an entry list": "year = 2022\n[grant]\nfund = 'slk'\n",
    "array of arrays as entries": "year = 2022\nallocation = [[1, 2], []]\n",
    "nested arrays of tables": "year = 2022\n[[allocation]]\nid = 'a'\namount = 1\n[[allocation.sub]]\nx = 1\n",
    "only a BOM": "\ufeff",
    "empty": "",
    "CRLF": "year = 2022\r\n[[grant]]\r\nfund = 'slk'\r\namount = '5 kr'\r\n",
    "lone CR": "year = 2022\r[[grant]]\r",
    "multi-line string looking like keys": "year = 2022\n[[allocation]]\nid = 'a'\nname = '''\nammount = 1\n[[grant]]\n'''\namount = 1.5\n",
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_documents(text):
    with written({"2022.toml": text.encode()}) as folder:
        assert_clean_findings(folder)


# --- (c) the command line ---------------------------------------------------------------------------

runner = CliRunner()


@SETTINGS
@given(ledger_set(), st.sampled_from(["text", "json", "github"]), st.sampled_from(["sv", "en"]))
def test_cli_exits_0_or_1_and_prints_no_escape(files, fmt, lang):
    with written(files) as folder:
        result = runner.invoke(app, ["check", str(folder), "--format", fmt, "--lang", lang])
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
    assert "\x1b" not in result.stdout
    if fmt == "json":
        json.loads(result.stdout)
    elif fmt == "github":
        # every line is one annotation of ours or the summary: ledger text cannot start a command
        *annotations, summary = result.stdout.rstrip("\n").split("\n")
        for line in annotations:
            assert re.match(r"::(error|warning) file=[^:]*,line=\d+,col=\d+,title=[A-Z]\d{3}::", line), line
        assert not summary.startswith("::")


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_cli_on_pathological_documents(text):
    with written({"2022.toml": text.encode()}) as folder:
        result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 1, (result.output, result.exception)
    assert "\x1b" not in result.stdout


# --- (d) the core loads no presentation libraries ---------------------------------------------------


def test_core_imports_neither_typer_nor_rich_nor_click():
    code = (
        "import sys, sociofund.core, sociofund.core.loader, sociofund.core.rules; "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"sociofund.core loaded {out.stdout.strip()}"



# --- places: a key that only exists inside a dotted key or a table header ------------------------

PLACED = {
    "dotted key": ("year = 2022\nfoo.bar = 1\n", 2),
    "table header": ("year = 2022\n\n[a.b.c]\nx = 1\n", 3),
    "dotted key in an entry": ("year = 2022\n[[grant]]\nfund = 'slk'\namount = 1\nx.y = 2\n", 5),
    "sub-table of an entry": ("year = 2022\n[[grant]]\nfund = 'slk'\namount = 1\n[grant.x.y]\nz = 1\n", 5),
    "dotted entry list": ("year = 2022\n# comment\ngrant.x = 1\n", 3),
    # TOML breaks lines only at LF: U+2028, NEL and U+2029 inside a string do not shift the lines after
    "after a string with Unicode line breaks": ("year = 2022\nnote = \"a\u2028b\x85c\u2029\"\n[[grant]]\nfund = 'slk'\nammount = 5\namount = 5\n", 5),
    "CRLF": ("year = 2022\r\n[[grant]]\r\nfund = 'slk'\r\namount = 5\r\nx = 1\r\n", 5),
}


@pytest.mark.parametrize("text,line", PLACED.values(), ids=PLACED.keys())
def test_implicit_keys_are_placed_at_their_line(text, line):
    with written({"2022.toml": text.encode()}) as folder:
        findings = assert_clean_findings(folder)
    assert [(f.code, f.line) for f in findings] in ([("F003", line)], [("F006", line)]), findings
