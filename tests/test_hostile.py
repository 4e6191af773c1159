"""The defects a hostile campaign found (issue 18), each reproduced: special files, names, an
editor's save during the write, TOML that only rtoml accepts, live Markdown, stray temp files.

Hang guards are generous subprocess timeouts; nothing here asserts how fast anything is.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from sociofund.cli import app
from sociofund.core import SociofundError, check, ledgerfile
from sociofund.core.edit import AppendBlock
from sociofund.core.writer import Change, run

YEAR = textwrap.dedent('''\
    year = 2022
    closed = false

    [[grant]]
    fund = "slk"
    amount = 1_000_000
    ''')

#: a year with nothing to report
FULL = YEAR + '\n[[allocation]]\nid = "a"\namount = 1_000_000\n'

posix = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and signals are POSIX")


def sociofund(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command in a process, so that a hang is a failed test (the timeout), not a
    hung suite."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SOCIOFUND_LEDGERS", None)
    return subprocess.run([sys.executable, "-m", "sociofund", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=timeout)


# --- 1. special files -----------------------------------------------------------------------


@posix
@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_year_file_linked_to_a_special_file_is_a_finding_not_a_hang(make_set, tmp_path, target):
    folder = make_set({"2021.toml": YEAR.replace("2022", "2021")})
    if target == "fifo":
        target = str(tmp_path / "pipe")
        os.mkfifo(target)
    (folder / "2022.toml").symlink_to(target)
    p = sociofund("check", str(folder), cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    out = p.stdout.decode()
    assert "set/2022.toml:1:1: F002 fel: filen är ingen vanlig fil utan" in out
    for cmd in (["report", "--ledgers", str(folder)], ["allocate", "2021", "a", "1", "--ledgers", str(folder)]):
        p = sociofund(*cmd, cwd=tmp_path)
        assert p.returncode in (0, 1, 2), p.stderr  # never 3, never a hang (the timeout)


def test_an_oversized_file_is_a_finding(tmp_path, monkeypatch):
    monkeypatch.setattr(ledgerfile, "MAX_BYTES", 100)
    path = tmp_path / "2022.toml"
    path.write_text("# " + "x" * 200 + "\n" + YEAR)
    src = ledgerfile.read(path, "2022.toml")
    assert src.data is None and src.problem.code == "F002" and src.problem.args["kind"] == "large"


def test_a_file_that_grows_past_the_limit_while_read_is_cut_off(tmp_path, monkeypatch):
    # the size is asked before reading; what is read stops at the limit whatever the file does
    monkeypatch.setattr(ledgerfile, "MAX_BYTES", 100)
    path = tmp_path / "2022.toml"
    path.write_text(YEAR[:50])
    real_fstat = os.fstat

    def grow(fd):
        st = real_fstat(fd)
        with open(path, "a") as fh:
            fh.write("#" * 500 + "\n")
        return st

    monkeypatch.setattr(ledgerfile.os, "fstat", grow)
    src = ledgerfile.read(path, "2022.toml")
    assert src.problem.code == "F002" and src.problem.args["kind"] == "large"


# --- 3. an editor's save during the write window --------------------------------------------


def test_an_editor_save_after_the_temp_file_is_written_is_not_overwritten(make_set, monkeypatch):
    folder = make_set({"2022.toml": YEAR})
    path = folder / "2022.toml"
    edited = YEAR + '\n[[allocation]]\nid = "from-the-editor"\namount = 5\n'
    real_chmod = os.chmod

    def chmod_then_save(p, mode, **kw):  # the temp file is complete and flushed: the editor saves
        real_chmod(p, mode, **kw)
        if str(p).endswith(".tmp"):
            path.write_text(edited)

    monkeypatch.setattr(ledgerfile.os, "chmod", chmod_then_save)
    with pytest.raises(SociofundError) as exc:
        run(folder, lambda loaded: Change([AppendBlock(path, "allocation", (("id", "mine"), ("amount", 1)))]))
    assert exc.value.code == "changed-on-disk"
    assert path.read_text() == edited
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_file_created_meanwhile_is_not_replaced(tmp_path, monkeypatch):
    path = tmp_path / "2023.toml"
    real_chmod = os.chmod

    def chmod_then_create(p, mode, **kw):
        real_chmod(p, mode, **kw)
        path.write_text("# someone else's\n")

    monkeypatch.setattr(ledgerfile.os, "chmod", chmod_then_create)
    with pytest.raises(SociofundError) as exc:
        ledgerfile.write_atomic(path, "year = 2023\n", create=True)
    assert exc.value.code == "changed-on-disk"
    assert path.read_text() == "# someone else's\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2023.toml"]


# --- 8. temporary files ---------------------------------------------------------------------


@posix
def test_sigterm_during_a_write_leaves_no_temp_file(tmp_path):
    path = tmp_path / "2022.toml"
    path.write_text(YEAR)
    child = textwrap.dedent(f'''
        import os, signal
        from pathlib import Path
        from sociofund.core import ledgerfile
        real = os.fsync
        def fsync(fd):
            real(fd)
            os.kill(os.getpid(), signal.SIGTERM)   # a CI job cancelled mid-write
        ledgerfile.os.fsync = fsync
        ledgerfile.write_atomic(Path({str(path)!r}), "year = 2022\\n")
        ''')
    p = subprocess.run([sys.executable, "-c", child], capture_output=True, timeout=120)
    assert p.returncode == -signal.SIGTERM, p.stderr
    assert path.read_text() == YEAR
    assert sorted(x.name for x in tmp_path.iterdir()) == ["2022.toml"]


def test_stale_temp_files_of_our_own_pattern_only_are_cleaned(tmp_path):
    ours = tmp_path / ".2022.toml.k3j_9x0q.tmp"
    config = tmp_path / ".sociofund.toml.abcdefgh.tmp"
    fresh = tmp_path / ".2023.toml.zzzzzzzz.tmp"
    others = [tmp_path / ".2022.toml.short.tmp", tmp_path / "notes.tmp", tmp_path / ".report.xlsx.abcdefgh.tmp"]
    for p in (ours, config, fresh, *others):
        p.write_text("x")
    os.utime(ours, (1000, 1000))
    os.utime(config, (1000, 1000))
    for p in others:
        os.utime(p, (1000, 1000))
    link = tmp_path / ".2024.toml.abcdefgh.tmp"
    link.symlink_to(tmp_path / "notes.tmp")
    os.utime(link, (1000, 1000), follow_symlinks=False)
    removed = ledgerfile.clean_stale_temps(tmp_path, older_than=2000)
    assert sorted(removed) == sorted([ours, config])
    assert fresh.exists() and link.is_symlink() and all(p.exists() for p in others)


# --- 4. one TOML verdict --------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "\ufeffyear = 2022\n",  # a second byte-order mark: one is stripped on decoding
    'name = "\\e[2J"\n',
    'name = "\\x41"\n',
    "a = {b = 1,\n c = 2}\n",
    "a = {b = 1,}\n",
    "a = 07:32\n",
    "a = 1979-05-27T07:32\n",
])
def test_what_toml_forbids_is_refused_even_where_rtoml_accepts_it(text):
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)
    with pytest.raises(tomllib.TOMLDecodeError):
        ledgerfile.parse_toml(text)


@pytest.mark.parametrize("text", ['a = """x\r\ny"""\n', "a = '''x\r\ny'''\n"])
def test_a_crlf_inside_a_multiline_string_reads_as_tomllib_reads_it(text):
    assert ledgerfile.parse_toml(text) == tomllib.loads(text) == {"a": "x\ny"}


def test_check_refuses_an_escape_toml_does_not_have(make_set):
    folder = make_set({"2022.toml": YEAR + '\n[[allocation]]\nid = "a"\nname = "\\e[2J"\namount = 1\n'})
    r = CliRunner().invoke(app, ["check", str(folder)])
    assert r.exit_code == 1
    assert "F001" in r.stdout


# --- 6. text is inert in every sink ---------------------------------------------------------

PAYLOADS_MD = ["[click](http://evil)", "![t](http://evil/t.png)", "**bold**", "<img src=x>", "a|b",
               "`code` and ``more``", "&lt;entity&gt;", "http://evil.example", "www.evil.example",
               "mailto:x@evil.example", "x@evil.example", "$x^2$", "~~struck~~", "_em_", "# not a heading #",
               "back\\slash"]


def markdown_html(md: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(md)


@pytest.mark.parametrize("payload", PAYLOADS_MD)
def test_markdown_text_renders_as_exactly_the_text(payload):
    from html import unescape

    from sociofund.render import safe

    html = markdown_html(f"| {safe.markdown_cell(payload)} |\n|---|\n")
    assert not any(tag in html for tag in ("<a", "<img", "<strong", "<em", "<s>", "<code"))
    cell = html.split("<th>", 1)[1].split("</th>", 1)[0]
    assert unescape(cell) == payload
    code = safe.markdown_code(payload, in_table=False)
    html = markdown_html(code)
    assert unescape(html.split("<code>", 1)[1].split("</code>", 1)[0]) == payload


@pytest.mark.parametrize("ch", ["\u202e", "\u2066", "\x85", "\x9b", "\u2028", "\u200f", "\ufeff", "\udcff"])
def test_invisible_and_reordering_characters_are_shown_and_json_escapes_them(ch):
    from sociofund.render import safe

    text = f"a{ch}b"
    for shown in (safe.terminal(text), safe.markdown(text), safe.markdown_code(text), safe.spreadsheet_cell(text),
                  safe.github_property(text)):
        assert ch not in shown
    doc = safe.json_dumps({"name": text})
    doc.encode("utf-8")  # valid UTF-8, even for an undecodable byte of a file name
    assert ch not in doc and json.loads(doc) == {"name": safe.terminal(text) if ch == "\udcff" else text}


# --- 2. year files are exactly [0-9]{4}.toml ------------------------------------------------


@pytest.mark.parametrize("name", ["２０２２.toml", "٢٠٢٢.toml", "0999.toml", "2201.toml", "1899.toml"])
def test_only_ascii_four_digit_names_of_a_valid_year_are_year_files(make_set, name):
    folder = make_set({"2021.toml": FULL.replace("2022", "2021"), name: YEAR})
    r = CliRunner().invoke(app, ["check", str(folder), "--lang", "en"])
    assert r.exit_code == 0, r.output  # a warning: the stray file is not read
    assert f"set/{name}:1:1: F007 warning: `{name}` is not a year file" in r.stdout
    r = CliRunner().invoke(app, ["spend", "2022", "a", "1", "--ledgers", str(folder)])
    assert r.exit_code == 2, r.output  # no such year; never 3


def test_a_lookalike_year_file_does_not_stand_in_for_an_unparseable_one(make_set):
    broken = "year = 2022\n[[grant]\n"
    folder = make_set({"٢٠٢٢.toml": YEAR, "2022.toml": broken})
    r = CliRunner().invoke(app, ["allocate", "2022", "b", "0", "--ledgers", str(folder)])
    assert r.exit_code in (1, 2), r.output
    assert (folder / "2022.toml").read_text() == broken
    assert (folder / "٢٠٢٢.toml").read_text() == YEAR


# --- 5. paths and names ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["component", "total"])
def test_a_path_too_long_is_a_usage_error_not_a_crash(tmp_path, monkeypatch, kind):
    monkeypatch.chdir(tmp_path)
    path = "x" * 300 if kind == "component" else "/".join(["y" * 200] * 25)
    for cmd in (["check", path], ["report", "--ledgers", path], ["allocate", "2022", "a", "1", "--ledgers", path],
                ["init", path]):
        r = CliRunner().invoke(app, cmd)
        assert r.exit_code == 2, (cmd, r.output, r.exception)


@posix
def test_a_file_name_that_is_not_utf8_is_shown_safely_in_every_format(tmp_path):
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "2022.toml").write_text(YEAR + '\n[[allocation]]\nid = "a"\namount = 1_000_000\n')
    (folder / os.fsdecode(b"\xff\xfe.toml")).write_text(YEAR)
    for fmt in ("text", "github", "json"):
        p = sociofund("check", "set", "--format", fmt, cwd=tmp_path)
        assert p.returncode == 0, p.stderr
        out = p.stdout.decode("utf-8")  # valid UTF-8
        if fmt == "json":
            assert json.loads(out)["findings"][0]["file"] == "set/\\xff\\xfe.toml"
        else:
            assert "set/\\xff\\xfe.toml" in out


@posix
@pytest.mark.parametrize("name", ["2022.toml", "sociofund.toml"])
@pytest.mark.parametrize("kind", ["dir", "fifo"])
def test_a_folder_or_fifo_with_a_ledger_file_name_is_a_finding(tmp_path, name, kind):
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "2021.toml").write_text(YEAR.replace("2022", "2021"))
    if kind == "dir":
        (folder / name).mkdir()
    else:
        os.mkfifo(folder / name)
    p = sociofund("check", "set", cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    assert f"set/{name}:1:1: F002 fel: filen är ingen vanlig fil utan" in p.stdout.decode()


# --- 8. temporary files and --dry-run -------------------------------------------------------


def test_the_next_write_removes_a_killed_writers_temp_file(make_set):
    folder = make_set({"2022.toml": YEAR})
    stale = folder / ".2022.toml.k3j_9x0q.tmp"
    stale.write_text(YEAR)
    os.utime(stale, (1000, 1000))
    r = CliRunner().invoke(app, ["allocate", "2022", "a", "1", "--ledgers", str(folder)])
    assert r.exit_code == 0, r.output
    assert not stale.exists()


def test_init_keeps_temp_files_out_of_git(tmp_path, monkeypatch):
    import fnmatch

    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["init", "repo", "--year", "2025"]).exit_code == 0
    patterns = (tmp_path / "repo" / ".gitignore").read_text().splitlines()
    for name in (".2025.toml.k3j_9x0q.tmp", ".sociofund.toml.abcdefgh.tmp"):
        assert any(fnmatch.fnmatch(name, p) for p in patterns), name


#: who runs sociofund without write access when the tests run as root (as CI does)
NOBODY = 65534


def _without_write_access(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """sociofund run by a user who may write nothing the test made. As root (CI), the user
    nobody (setpriv), allowed to read and search every folder — CAP_DAC_READ_SEARCH, ambient, so
    that the interpreter and the checkout may sit in root's home — and to write none it does not
    own (writing anywhere else would take CAP_DAC_OVERRIDE, which it has not). As anyone else,
    that user, on folders the caller made read-only."""
    cmd = [sys.executable, "-m", "sociofund", *args]
    if os.geteuid() == 0:
        cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
               "--inh-caps=-all,+dac_read_search", "--ambient-caps=-all,+dac_read_search", *cmd]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, timeout=120)


#: every command with --dry-run, on a copy of Ragunda's ledger: one that changes a year, one that
#: would create a year's file, two that change two files or import an export
DRY_RUNS = {
    "grant (change)": ["grant", "2022", "slk", "--status", "paid"],
    "grant (new year)": ["grant", "2030", "slk", "1000000"],
    "carryover": ["carryover", "2022", "2023", "--fund", "slk", "--amount", "1000", "--approved-by", "Tillväxtverket"],
    "import": ["import", "2022", "utfall/ragunda-2022-jan-jun.se"],
}


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


@posix
@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None, reason="setpriv (util-linux) runs it unprivileged")
@pytest.mark.parametrize("command", DRY_RUNS)
def test_dry_run_needs_no_write_access(command):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        # outside pytest's folders (root's alone): a user checks only that it may read the set
        Path(tmp).chmod(0o755)
        _dry_run_without_write_access(Path(tmp), command)


def _dry_run_without_write_access(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "ragunda"
    shutil.copytree(ROOT / "ledgers" / "ragunda", folder)
    args = [str(folder / a) if a.startswith("utfall/") else a for a in DRY_RUNS[command]]
    # the user's cache folder, where a set outside git keeps its lock: writable, so that a lock
    # taken would show as a file there rather than as an error
    cache = tmp_path / "home"
    cache.mkdir()
    if os.geteuid() == 0:
        os.chown(cache, NOBODY, NOBODY)
    env = {**os.environ, "HOME": str(cache), "XDG_CACHE_HOME": str(cache), "NO_COLOR": "1"}
    env.pop("SOCIOFUND_LEDGERS", None)
    before = _files(folder)
    folder.chmod(0o555)
    try:
        dry = _without_write_access([*args, "--dry-run", "--ledgers", str(folder)], tmp_path, env)
        locks = list(cache.rglob("*"))
        # the same user cannot write the set: the dry run's success is not root's
        real = _without_write_access([*args, "--ledgers", str(folder)], tmp_path, env)
    finally:
        folder.chmod(0o755)
    assert dry.returncode == 0, dry.stderr.decode()
    assert "\n+" in dry.stdout.decode()  # the diff it would write
    assert real.returncode == 2, (real.returncode, real.stderr.decode())
    assert _files(folder) == before
    assert locks == [], "the dry run took the lock"


def test_dry_run_takes_no_lock(make_set):
    from sociofund.core.lock import locked

    folder = make_set({"2022.toml": YEAR})
    with locked(folder):  # another writer holds it: a dry run does not wait
        outcome = run(folder, lambda loaded: Change([AppendBlock(folder / "2022.toml", "allocation",
                                                                 (("id", "a"), ("amount", 1)))]),
                      dry_run=True, on_wait=lambda: pytest.fail("a dry run waited for the lock"))
    assert outcome.diffs and not outcome.written
    assert (folder / "2022.toml").read_text() == YEAR


def test_the_writer_compares_the_files_identity_too(make_set, monkeypatch):
    # the same bytes written anew (an editor's save of unchanged text) is still a save meanwhile
    folder = make_set({"2022.toml": YEAR})
    path = folder / "2022.toml"
    real_chmod = os.chmod

    def chmod_then_resave(p, mode, **kw):
        real_chmod(p, mode, **kw)
        if str(p).endswith(".tmp"):
            tmp = path.with_name("editor.swp")
            tmp.write_text(YEAR)
            os.replace(tmp, path)

    monkeypatch.setattr(ledgerfile.os, "chmod", chmod_then_resave)
    with pytest.raises(SociofundError) as exc:
        run(folder, lambda loaded: Change([AppendBlock(path, "allocation", (("id", "mine"), ("amount", 1)))]))
    assert exc.value.code == "changed-on-disk"


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85"])
def test_an_edit_beside_a_string_holding_a_line_separator_lands_on_its_own_line(make_set, sep):
    # TOML breaks lines at LF only; Python's str.splitlines also at U+2028, NEL, FF and others,
    # which put an edit inside the string before it (the change was refused: a TOML error)
    text = YEAR + f'program = "a{sep}b{sep}c"\n'  # the grant's last key: a new one goes after it
    folder = make_set({"2022.toml": text})
    r = CliRunner().invoke(app, ["grant", "2022", "slk", "--note", "n", "--ledgers", str(folder)])
    assert r.exit_code == 0, r.output
    data = tomllib.loads((folder / "2022.toml").read_text(encoding="utf-8"))
    assert data["grant"][0]["program"] == f"a{sep}b{sep}c" and data["grant"][0]["note"] == "n"
    assert f'program = "a{sep}b{sep}c"\nnote = "n"\n' in (folder / "2022.toml").read_text(encoding="utf-8")


# --- 9. shares that add up ------------------------------------------------------------------


def _block(make_set, amounts: list[int], grant: int):
    from sociofund.core import reports
    from sociofund.core.loader import load_set

    allocs = "".join(f'\n[[allocation]]\nid = "a{i}"\namount = {a}\n' for i, a in enumerate(amounts))
    folder = make_set({"2022.toml": f'year = 2022\n[[grant]]\nfund = "slk"\namount = {grant}\n' + allocs})
    return reports.year_report(load_set(folder).ledger_set, 2022).funds[0]


def test_three_thirds_show_shares_that_sum_to_the_total(make_set):
    block = _block(make_set, [1_000_000] * 3, 3_000_000)
    assert [r.share for r in block.rows] == [334, 333, 333]
    assert sum(r.share for r in block.rows) == block.allocated_share == 1000


def test_money_left_unallocated_is_never_shown_as_100_percent(make_set):
    block = _block(make_set, [999_600], 1_000_000)
    assert block.allocated_share == 999 and [r.share for r in block.rows] == [999]
    over = _block(make_set, [1_000_400], 1_000_000)
    assert over.allocated_share == 1001


def test_shares_add_up_for_any_amounts():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sociofund.core.reports import shares_tenths

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.integers(0, 10**9), max_size=12), st.integers(1, 10**10))
    def check(parts, whole):
        rows, total = shares_tenths(parts, whole)
        assert sum(rows) == total
        if total == 1000:  # 100,0 % only when the money is all allocated
            assert sum(parts) == whole
        exact = [p * 1000 / whole for p in parts]
        assert all(abs(r - e) < 1 for r, e in zip(rows, exact))

    check()


TKR = YEAR + "".join(f'\n[[allocation]]\nid = "a{i}"\namount = 1_400\nspent = 1_400\n' for i in range(3))


def _md_column(md: str, header: str) -> list[str]:
    """The cells of column ``header`` in the first Markdown table that has it, the sum row last."""
    lines = [ln for ln in md.splitlines() if ln.startswith("|")]
    for k, ln in enumerate(lines):
        heads = [c.strip() for c in ln.strip("|").split("|")]
        if header in heads:
            j = heads.index(header)
            body = []
            for row in lines[k + 2:]:
                cells = [c.strip().strip("*") for c in row.strip("|").split("|")]
                if len(cells) != len(heads):
                    break
                body.append(cells[j])
            return body
    raise AssertionError(f"no column {header!r} in {md}")


def _tkr(cell: str) -> int:
    return int(cell.removesuffix("tkr").replace("\u00a0", "").replace("\u2212", "-").strip())


def test_tkr_rows_add_up_to_the_tkr_total_in_core():
    from sociofund.core.money import thousands_adding_up

    # each rounded on its own: 1 + 1 + 1 under a total of 4 (4 200 kr)
    assert thousands_adding_up([1_400, 1_400, 1_400]) == ([2, 1, 1], 4)
    assert thousands_adding_up([1_400, None, 2_600]) == ([1, None, 3], 4)
    assert thousands_adding_up([-1_500]) == ([-2], -2)  # half away from zero, as format_kronor
    # a total row that is not the rows' sum: nothing to add up to, each rounded on its own
    assert thousands_adding_up([1_400, 1_400], 5_000) == ([1, 1], 5)


def test_tkr_lines_add_up_to_a_total_shown_elsewhere():
    from sociofund.core.money import thousands_summing_to

    assert thousands_summing_to([800, 700], 2) == [1, 1]  # unspent 1 500 kr shown as 2 tkr above
    assert thousands_summing_to([800, 700], 1) == [1, 0]
    assert thousands_summing_to([1_000, 1_000], 3) == [1, 1]  # exact parts have no other rounding
    assert thousands_summing_to([400, None], 0) == [0, None]


@pytest.mark.parametrize("column", ["Belopp", "Utfall"])
def test_report_rows_in_tkr_add_up_to_the_sum_row_and_say_so(make_set, column):
    folder = make_set({"2022.toml": TKR})
    r = CliRunner().invoke(app, ["report", "2022", "--ledgers", str(folder), "--format", "md", "--unit", "tkr"])
    assert r.exit_code == 0, r.output
    *rows, total = [_tkr(c) for c in _md_column(r.stdout, column)]
    assert rows == [2, 1, 1] and total == 4
    assert "avrundade" in r.stdout and "tillsammans blir summan" in " ".join(r.stdout.split())
    table = CliRunner().invoke(app, ["report", "2022", "--ledgers", str(folder), "--unit", "tkr"],
                               env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert "2\u00a0tkr" in table.stdout and "avrundade" in table.stdout
    kr = CliRunner().invoke(app, ["report", "2022", "--ledgers", str(folder), "--format", "md"])
    assert "avrundade" not in kr.stdout  # exact kronor need no word on rounding


# the lines under a fund-year's table: 1 400 + 1 400 kr in (granted, carried in) of which 1 400 is
# allocated and 1 300 spent, the rest of a closed year carried out (800) and repaid (700)
LINES_2021 = textwrap.dedent('''\
    year = 2021
    closed = true

    [[grant]]
    fund = "slk"
    amount = 1_400

    [[allocation]]
    id = "a"
    amount = 1_400
    spent = 1_400
    ''')
LINES_2022 = textwrap.dedent('''\
    year = 2022
    closed = true

    [[grant]]
    fund = "slk"
    amount = 1_400

    [[carryover]]
    fund = "slk"
    from_year = 2021
    amount = 1_400
    approved_by = "Tillväxtverket"

    [[allocation]]
    id = "a"
    amount = 2_800
    spent = 1_300

    [[repayment]]
    fund = "slk"
    amount = 700
    ''')
LINES_2023 = textwrap.dedent('''\
    year = 2023

    [[grant]]
    fund = "slk"
    amount = 1_000

    [[carryover]]
    fund = "slk"
    from_year = 2022
    amount = 800
    approved_by = "Tillväxtverket"

    [[allocation]]
    id = "a"
    amount = 1_800
    ''')


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_lines_under_a_table_in_tkr_add_up_as_they_are_read(make_set, tmp_path, fmt):
    # each rounded on its own: 1 + 1 in under an available 3, 1 + 1 carried out and repaid under 2
    folder = make_set({"2021.toml": LINES_2021, "2022.toml": LINES_2022, "2023.toml": LINES_2023})
    out = tmp_path / f"r.{fmt}"
    r = CliRunner().invoke(app, ["report", "2022", "--ledgers", str(folder), "--format", fmt, "--unit", "tkr",
                                 "--output", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text()
    if fmt == "html":  # the amounts table's cells, in order: label, amount
        import re

        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", text, re.S)]
        pairs = [(cells[i], cells[i + 1]) for i in range(len(cells) - 1) if cells[i + 1].endswith("tkr")]
    else:
        pairs = [tuple(c.strip() for c in ln.strip("|").split("|")) for ln in text.splitlines()
                 if ln.startswith("| ") and ln.rstrip().endswith("tkr |") and ln.count("|") == 3]
    shown = {}
    for label, cell in pairs:
        shown.setdefault(label.split(" (")[0], []).append(_tkr(cell))
    granted, carried_in = shown["Tilldelning"][0], shown["Överflyttat från 2021"][0]
    available, allocated = shown["Tillgängligt"][0], shown["Fördelat"][-1]
    assert granted + carried_in == available == 3, shown  # 2 800 kr: 3 tkr, and 1 + 2 (or 2 + 1) in
    assert available - allocated == shown["Ofördelat"][0], shown
    assert available - shown["Utfall"][-1] == shown["Outnyttjat"][0] == 2, shown
    out_lines = shown["Överflyttat till 2023"][0] + shown["Återbetalt"][0]
    assert out_lines == shown["Outnyttjat"][0], shown  # 800 + 700 kr: 1 + 1 tkr, under 2  # 1 500 kr unspent: 800 + 700 as 1 + 1 = 2


def test_the_lines_under_years_side_by_side_in_tkr_add_up_column_by_column(make_set):
    # 2022: 1 400 granted and 1 400 carried in from before the period, each rounded on its own
    # 1 + 1 under an available of 3; 2023: 1 000 granted and 800 moved from 2022
    folder = make_set({"2021.toml": LINES_2021, "2022.toml": LINES_2022, "2023.toml": LINES_2023})
    r = CliRunner().invoke(app, ["report", "2022", "2023", "--ledgers", str(folder), "--format", "md", "--unit", "tkr"])
    assert r.exit_code == 0, r.output
    cells = lambda ln: [c.strip().strip("*") for c in ln.strip("|").split("|")]  # noqa: E731
    line = {cells(ln)[0]: cells(ln)[2:] for ln in r.stdout.splitlines() if ln.startswith("| **")}
    value = lambda key, j: 0 if line[key][j] in ("–", "") else _tkr(line[key][j])  # noqa: E731
    money_in = ("Tilldelning", "Överflyttat från före 2022", "Flyttat mellan åren (räknas en gång)")
    for j in range(2):  # 2022 and 2023 (the total column counts money moved between them once)
        assert sum(value(k, j) for k in money_in) == value("Tillgängligt", j), (j, line)
        assert value("Tillgängligt", j) - value("Fördelat", j) == value("Ofördelat", j), (j, line)
    assert value("Tilldelning", 2) + value("Överflyttat från före 2022", 2) == value("Tillgängligt", 2), line


def test_years_side_by_side_in_tkr_add_up_to_the_allocated_line(make_set):
    folder = make_set({"2022.toml": TKR, "2023.toml": TKR.replace("2022", "2023")})
    r = CliRunner().invoke(app, ["report", "2022", "2023", "--ledgers", str(folder), "--format", "md", "--unit", "tkr"])
    assert r.exit_code == 0, r.output
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("| ")]
    cells = lambda ln: [c.strip().strip("*") for c in ln.strip("|").split("|")]  # noqa: E731
    rows = [cells(ln)[2:] for ln in lines[1:] if cells(ln)[1] == "slk"]
    allocated = next(cells(ln)[2:] for ln in lines if cells(ln)[0] == "Fördelat")
    for j in range(3):  # 2022, 2023 and the total
        assert sum(_tkr(row[j]) for row in rows) == _tkr(allocated[j]), (j, rows, allocated)
    assert _tkr(allocated[2]) == 8  # 8 400 kr: the total rounded once


@pytest.mark.parametrize("fmt", ["md", "table", "html", "docx", "xlsx"])
def test_funder_report_rows_in_tkr_add_up_to_the_sum_row(make_set, tmp_path, fmt):
    folder = make_set({"2022.toml": TKR})
    out = tmp_path / f"fr.{fmt}"
    r = CliRunner().invoke(app, ["funder-report", "slk", "2022", "--ledgers", str(folder), "--format", fmt,
                                 "--unit", "tkr", "--output", str(out)], env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert r.exit_code == 0, r.output
    if fmt == "md":
        *rows, total = [_tkr(c) for c in _md_column(out.read_text(), "Budget")]
        assert rows == [2, 1, 1] and total == 4
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        ws = load_workbook(out).active
        values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, int)]
        assert values.count(2_000) and values.count(1_000) >= 2 and 1_400 not in values
    elif fmt == "docx":
        import docx

        cells = [c.text for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells]
        assert "2\u00a0tkr" in cells and "4\u00a0tkr" in cells
    else:
        text = out.read_text()
        assert "2\u00a0tkr" in text and "4\u00a0tkr" in text
    text = out.read_text(errors="replace") if fmt not in ("docx", "xlsx") else None
    if text is not None:
        assert "avrundade" in text


def test_funder_report_unspent_table_in_tkr_adds_up_as_it_is_read(make_set, tmp_path):
    # 2 600 available, 1 400 spent: 1 200 unspent, carried out 600 and repaid 600. Each rounded on
    # its own: 3 - 1 under an unspent of 1, and 1 + 1 carried out and repaid under that 1
    closed = LINES_2021.replace("amount = 1_400\n\n[[allocation]]", "amount = 2_600\n\n[[allocation]]")
    closed = closed.replace("amount = 1_400\nspent = 1_400", "amount = 2_600\nspent = 1_400")
    closed += '\n[[repayment]]\nfund = "slk"\namount = 600\n'
    nxt = LINES_2023.replace("from_year = 2022", "from_year = 2021").replace("year = 2023", "year = 2022")
    nxt = nxt.replace("amount = 800", "amount = 600").replace("amount = 1_800", "amount = 1_600")
    folder = make_set({"2021.toml": closed, "2022.toml": nxt})
    assert check([folder]).findings == []
    out = tmp_path / "fr.md"
    r = CliRunner().invoke(app, ["funder-report", "slk", "2021", "--ledgers", str(folder), "--format", "md",
                                 "--unit", "tkr", "--output", str(out)])
    assert r.exit_code == 0, r.output
    section = out.read_text().split("## Ej förbrukade medel", 1)[1].split("\n## ", 1)[0]
    amounts = {c[0].strip("* "): _tkr(c[-1].strip("* ")) for c in
               ([x.strip() for x in ln.strip("|").split("|")] for ln in section.splitlines()
                if ln.startswith("| ") and ln.rstrip().rstrip("|* ").endswith("tkr"))}
    assert amounts["Tillgängligt"] == 3 and amounts["Tillgängligt"] - amounts["Utfall"] == amounts["Ej förbrukat"], amounts
    assert amounts["Överflyttat till 2022"] + amounts["Återbetalt"] == amounts["Ej förbrukat"], amounts


@pytest.mark.parametrize("fmt", ["md", "table"])
def test_compare_in_tkr_says_each_amount_is_rounded_on_its_own(fmt):
    r = CliRunner().invoke(app, ["compare", "Dnr 2021:1144", "--ledgers", str(ROOT / "ledgers" / "ragunda"),
                                 "--format", fmt, "--unit", "tkr"], env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert r.exit_code == 0, r.output
    assert "tkr" in r.stdout and "vart och ett för sig" in " ".join(r.stdout.split())


def test_tkr_columns_add_up_for_any_amounts():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sociofund.core.money import thousands, thousands_adding_up

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.one_of(st.none(), st.integers(-10**12, 10**12)), max_size=15))
    def check(parts):
        rows, total = thousands_adding_up(parts)
        exact = sum(p for p in parts if p is not None)
        assert total == thousands(exact)  # the total is rounded once, from the exact sum
        assert sum(r for r in rows if r is not None) == total
        assert [r is None for r in rows] == [p is None for p in parts]
        assert all(abs(r * 1000 - p) < 1000 for r, p in zip(rows, parts) if p is not None)

    check()


# --- 7. long text in tables -----------------------------------------------------------------


def test_a_very_long_name_is_cut_in_the_table(make_set):
    name = "Insats " + "x" * 1_000_000
    folder = make_set({"2022.toml": YEAR + f'\n[[allocation]]\nid = "a"\nname = "{name}"\namount = 1_000_000\n'})
    r = CliRunner().invoke(app, ["report", "2022", "--ledgers", str(folder)], env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    assert "Insats" in r.stdout and "x…" in r.stdout
    assert len(r.stdout) < 20_000  # the table holds a cut name, not a megabyte folded into lines
    # the funder report's tables (document_text) cut it the same way
    fr = CliRunner().invoke(app, ["funder-report", "slk", "2022", "--ledgers", str(folder)], env={"COLUMNS": "80"})
    assert fr.exit_code in (0, 1), fr.output
    assert "x…" in fr.stdout and len(fr.stdout) < 20_000
