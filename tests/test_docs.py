"""The docs say what the code does: README, docs/ledger-format.md, the catalogues and the CLI agree.

- every finding code in ``diagnostics.CODES`` has a heading and a table row in docs/ledger-format.md, a
  row in the README's code table, and a message in every language's ``MESSAGES``;
- every field of every model is in the docs' table for that model, with its description;
- every example in the docs triggers exactly the codes its marker names, and prints exactly the
  output shown under it;
- the README's "Two commands" are what CI runs; every command of the app is in the README.

Examples in docs/ledger-format.md are written as::

    <!-- example: B002 [MORE CODES] [encoding=cp1252] -->
    ```toml
    # file: 2022.toml
    ...
    ```

    ```console
    $ sociofund check ledger/
    <output>
    ```

Each ``# file: NAME`` line starts a file of the set (and stays in it as its line 1). The console
block is optional; its commands run in a folder holding the set as ``ledger/``. After an intended
change of wording, ``SOCIOFUND_REGEN=1`` rewrites the outputs in the doc: review the diff.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from conftest import ROOT, run_readme_story
from sociofund import i18n
from sociofund.cli import app
from sociofund.core import check
from sociofund.core.decisions import (
    Decision,
    DecisionsFile,
    StatedAllocation,
    StatedCarryover,
    StatedGrant,
    StatedTotal,
)
from sociofund.core.model import Allocation, Carryover, Cofinancing, Config, FundInfo, Grant, Repayment, UtfallSettings, YearFile
from sociofund.core.diagnostics import CODES
from sociofund.core.utfall import CODES as IMPORT_CODES

DOC = ROOT / "docs" / "ledger-format.md"
README = ROOT / "README.md"
CI = ROOT / ".ci" / "run"

doc_text = DOC.read_text(encoding="utf-8")
readme_text = README.read_text(encoding="utf-8")

# --- finding codes ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_code_is_documented(code):
    name = CODES[code][1]
    assert re.search(rf"^#+ {code} {re.escape(name)}$", doc_text, re.M), f"no heading '#### {code} {name}' in {DOC.name}"
    assert re.search(rf"^\| \[{code}\]\(#{code.lower()}-{name}\) \| {name} \|", doc_text, re.M), \
        f"{code} is missing from the code table of {DOC.name}"
    assert re.search(rf"^\| {code} \| {name} \|", readme_text, re.M), f"{code} is missing from README's code table"
    assert examples_of(code), f"{DOC.name} has no example that triggers {code}"


@pytest.mark.parametrize("code", CODES)
def test_code_has_messages_in_every_language(code):
    for lang in i18n.LANGS:
        assert code in i18n.catalogue(lang).MESSAGES, f"i18n/{lang}.py lacks a message for {code}"
        message, _hint = i18n.catalogue(lang).MESSAGES[code]
        assert message.strip()


def test_no_documented_code_is_unknown():
    documented = set(re.findall(r"^\| ([A-Z]\d{3}) \|", readme_text, re.M))
    documented |= set(re.findall(r"^#+ ([A-Z]\d{3}) ", doc_text, re.M))
    known = set(CODES) | set(IMPORT_CODES)
    assert documented <= known, f"documented codes that do not exist: {sorted(documented - known)}"


@pytest.mark.parametrize("code", IMPORT_CODES)
def test_import_code_is_documented_in_both_languages(code):
    name = IMPORT_CODES[code][1]
    assert re.search(rf"^\| {code} \| {name} \|", readme_text, re.M), f"{code} is missing from README's import table"
    assert re.search(rf"^\| {code} \| {name} \|", doc_text, re.M), f"{code} is missing from {DOC.name}'s import table"
    for lang in i18n.LANGS:
        assert i18n.catalogue(lang).MESSAGES[code][0].strip()


# --- fields ---------------------------------------------------------------------------------------

#: model -> the heading of its section in the doc
SECTIONS = {
    Config: "## `sociofund.toml`: the set's settings",
    FundInfo: "### `[funds.ID]`: the register of funds",
    UtfallSettings: "### `[utfall]`: how exports are read",
    YearFile: "### Top-level keys",
    Grant: "### `[[grant]]`",
    Carryover: "### `[[carryover]]`",
    Allocation: "### `[[allocation]]`",
    Repayment: "### `[[repayment]]`",
    Cofinancing: "### `[[cofinancing]]`",
    DecisionsFile: "### Top-level keys of `decisions.toml`",
    Decision: "### `[[decision]]`",
    StatedGrant: "### `[[decision.grant]]`",
    StatedCarryover: "### `[[decision.carryover]]`",
    StatedAllocation: "### `[[decision.allocation]]`",
    StatedTotal: "### `[[decision.total]]`",
}


def section(heading: str) -> str:
    """The doc's text from ``heading`` to the next heading (of any level: a model's own table
    comes before the sections of the tables nested in it)."""
    start = doc_text.index(f"\n{heading}\n") + len(heading) + 2
    end = re.compile(r"^#+ ", re.M).search(doc_text, start)
    return doc_text[start : end.start() if end else len(doc_text)]


@pytest.mark.parametrize("model", SECTIONS, ids=lambda m: m.__name__)
def test_every_field_is_documented(model):
    rows = {}
    for line in section(SECTIONS[model]).splitlines():
        m = re.match(r"^\| `([a-z_]+)` \|(.*)\|$", line)
        if m:
            rows[m.group(1)] = m.group(2).replace("\\|", "|")
    for name, field in model.model_fields.items():
        assert name in rows, f"{model.__name__}.{name} has no row in '{SECTIONS[model]}' of {DOC.name}"
        if field.description:  # the doc may say more than the model, never something else
            assert field.description.rstrip(".") in rows[name], \
                f"{model.__name__}.{name}: the doc's row does not contain the model's description {field.description!r}"
    extra = set(rows) - set(model.model_fields)
    assert not extra, f"'{SECTIONS[model]}' documents keys {model.__name__} does not have: {sorted(extra)}"


# --- examples -------------------------------------------------------------------------------------

EXAMPLE = re.compile(
    r"<!-- example: (?P<marker>[^>]*?) -->\n```toml\n(?P<toml>.*?)```\n"
    r"(?:\n```console\n(?P<console>.*?)```\n)?",
    re.S,
)


@dataclass
class Example:
    codes: list[str]
    encoding: str
    files: dict[str, str]
    console: str | None
    #: where the console block's content starts and ends in the doc
    span: tuple[int, int] | None
    line: int

    @property
    def id(self) -> str:
        return f"{self.codes[0]}@{self.line}"


def parse_examples(text: str = doc_text) -> list[Example]:
    out = []
    for m in EXAMPLE.finditer(text):
        words = m.group("marker").split()
        codes = [w for w in words if "=" not in w]
        options = dict(w.split("=", 1) for w in words if "=" in w)
        files: dict[str, str] = {}
        current = None
        for line in m.group("toml").splitlines(keepends=True):
            name = re.fullmatch(r"# file: (\S+(?: \(HEAD\))?)\s*", line)
            if name:
                current = name.group(1)
                files[current] = ""
            assert current is not None, f"example at line {text.count(chr(10), 0, m.start()) + 1}: starts without '# file: NAME'"
            files[current] += line
        files = {n: t.rstrip("\n") + "\n" for n, t in files.items()}
        span = (m.start("console"), m.end("console")) if m.group("console") is not None else None
        out.append(Example(codes, options.get("encoding", "utf-8"), files, m.group("console"), span,
                           text.count("\n", 0, m.start()) + 1))
    return out


EXAMPLES = parse_examples()


def examples_of(code: str) -> list[Example]:
    return [e for e in EXAMPLES if e.codes and e.codes[0] == code]


def is_diff(example: Example) -> bool:
    """An example of a change: some file is shown as committed (``# file: NAME (HEAD)``) too."""
    return any(name.endswith(HEAD) for name in example.files)


HEAD = " (HEAD)"


def write_set(example: Example, where: Path) -> Path:
    """The example's set as ``where/ledger``. For a change, ``where`` becomes a git repository:
    HEAD holds every file, in its ``(HEAD)`` version where it has one; the working tree holds
    the files without ``(HEAD)`` (a file shown only as committed is deleted)."""
    folder = where / "ledger"
    folder.mkdir()
    if is_diff(example):
        from gitrepo import Repo

        repo = Repo(where)
        committed = {n: t for n, t in example.files.items() if not n.endswith(HEAD)}
        committed.update({n.removesuffix(HEAD): t for n, t in example.files.items() if n.endswith(HEAD)})
        for name, text in committed.items():
            (folder / name).write_bytes(text.encode(example.encoding))
        repo.commit("before")
        for name in committed:
            if name not in example.files:
                (folder / name).unlink()
    for name, text in example.files.items():
        if not name.endswith(HEAD):  # a name may hold a folder: ragunda/2021.toml
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(text.encode(example.encoding))
    return folder


def test_examples_are_found():
    # a broken marker or fence would silently drop examples: every marker must parse
    assert len(EXAMPLES) == doc_text.count("<!-- example:")
    assert all(e.codes and set(e.codes) <= set(CODES) for e in EXAMPLES), [e.codes for e in EXAMPLES]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_example_triggers_its_codes(example, tmp_path):
    folder = write_set(example, tmp_path)
    if is_diff(example):
        from sociofund.core import gitrev, revdiff

        found = {f.code for f in revdiff.diff(gitrev.open_repo(folder)).findings_added}
    else:
        found = {f.code for f in check([folder]).findings}
    assert found == set(example.codes), f"{DOC.name} line {example.line}: documented {example.codes}, found {sorted(found)}"


def run_console(example: Example, where: Path, monkeypatch) -> str:
    """The console block as it is now: each ``$ sociofund …`` command followed by its stdout."""
    monkeypatch.chdir(where)
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    runner = CliRunner()
    out = []
    for line in example.console.splitlines():
        if line.startswith("$ "):
            argv = shlex.split(line[2:])
            assert argv[0] == "sociofund", line
            result = runner.invoke(app, argv[1:])
            assert result.exit_code in (0, 1), (line, result.output)
            out.append(line + "\n" + result.stdout)
    return "".join(out)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.console is not None], ids=lambda e: e.id)
def test_example_output_is_what_sociofund_prints(example, tmp_path, monkeypatch):
    write_set(example, tmp_path)
    actual = run_console(example, tmp_path, monkeypatch)
    if os.environ.get("SOCIOFUND_REGEN"):
        # rewrite this example's console block in the doc as it is now (earlier rewrites moved it)
        text = DOC.read_text(encoding="utf-8")
        now = next(e for e in parse_examples(text) if (e.codes, e.files) == (example.codes, example.files))
        DOC.write_text(text[: now.span[0]] + actual + text[now.span[1] :], encoding="utf-8")
        return
    assert example.console == actual, f"{DOC.name} line {example.line}: output differs; SOCIOFUND_REGEN=1 rewrites it"


# --- README and CI ----------------------------------------------------------------------------------


def test_readme_two_commands_are_what_ci_runs():
    m = re.search(r"^## Two commands\n(.*?)(?=^## )", readme_text, re.S | re.M)
    assert m, "README has no '## Two commands' section"
    commands = [line for block in re.findall(r"```sh\n(.*?)```", m.group(1), re.S) for line in block.splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert len(commands) == 2, commands
    ci_lines = [line.strip() for line in CI.read_text(encoding="utf-8").splitlines()]
    for command in commands:
        assert command.strip() in ci_lines, f"README command not run verbatim by .ci/run: {command}"


def test_the_readme_editing_examples_run_in_order_on_the_shipped_ledgers(tmp_path, monkeypatch):
    """The "Editing" block is a story a reader may follow command by command: each works where it
    stands (``conftest.run_readme_story``)."""
    from typer.testing import CliRunner

    ran = run_readme_story(tmp_path, monkeypatch)
    assert ran >= 7
    r = CliRunner().invoke(app, ["check", "ledgers/ragunda"])
    assert "K00" not in r.stdout  # the bokslut's money is carried or repaid: only 2023's grant is to fill in


def registered_commands() -> list[str]:
    return sorted(typer.main.get_command(app).list_commands(None))


def test_app_has_commands():
    assert "check" in registered_commands()


@pytest.mark.parametrize("name", registered_commands())
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"`sociofund {re.escape(name)}\b", readme_text), f"README.md does not mention `sociofund {name}`"
