"""What a command costs, counted in operations, never timed: placing findings is linear in the
keys, a command builds each text's source map once, and the writer places only what it prints.
"""

from __future__ import annotations

import pytest

from sociofund.core import sourcemap, writer
from sociofund.core import ops

CONFIG = 'organisation = "Testkommun"\n\n[funds.slk]\nname = "Stärka landsbygdskommuner"\n'


def year_text(year: int, n: int, *, amount: bool = True) -> str:
    """A year with one grant and ``n`` allocations that share it exactly; ``amount=False`` leaves
    every allocation without its amount (one finding each)."""
    parts = [f"year = {year}\nclosed = false\n\n[[grant]]\nfund = \"slk\"\namount = {n * 1000}\nstatus = \"granted\"\n"]
    for i in range(n):
        parts.append(f'\n[[allocation]]\nid = "a{i}"\nname = "Insats {i}"\n' + ("amount = 1000\n" if amount else ""))
    return "".join(parts)


def naive_locate(smap: sourcemap.SourceMap, path) -> tuple[int, int]:
    """The definition of ``locate``, a scan of every key per prefix: the reference."""
    for n in range(len(path), 0, -1):
        prefix = path[:n]
        if prefix in smap.keys:
            return smap.keys[prefix].line, smap.keys[prefix].col + 1
        if prefix in smap.tables:
            return smap.tables[prefix].line, 1
        inside = [(s.line, s.col + 1) for p, s in smap.keys.items() if p[:n] == prefix]
        inside += [(s.line, 1) for p, s in smap.tables.items() if p[:n] == prefix]
        if inside:
            return min(inside)
    return 1, 1


class CountingDict(dict):
    """A dict that counts how many times it is walked whole."""

    walks = 0

    def items(self):
        CountingDict.walks += 1
        return super().items()


def test_locate_gives_what_the_naive_definition_gives():
    text = 'top = 1\n[a.b]\nc = 1\n[[x]]\ny.z = 2\n[[x]]\nw = 3\n[[x.inner]]\nk = 4\n' + year_text(2022, 5, amount=False)
    smap = sourcemap.build(text)
    paths = [(), ("a",), ("a", "b"), ("a", "b", "c"), ("a", "q"), ("x",), ("x", 0, "y"), ("x", 0, "y", "z"),
             ("x", 1, "inner"), ("x", 1, "inner", 0, "k"), ("allocation", 3, "amount"), ("allocation", 9, "amount"),
             ("allocation",), ("nothing", "here"), ("grant", 0, "fund")]
    for p in paths:
        assert smap.locate(p) == naive_locate(smap, p), p


@pytest.mark.parametrize("n", [400, 4000])
def test_placing_every_finding_of_a_file_walks_its_keys_once(n):
    smap = sourcemap.build.__wrapped__(year_text(2022, n, amount=False))
    smap.keys, smap.tables = CountingDict(smap.keys), CountingDict(smap.tables)
    CountingDict.walks = 0
    places = [smap.locate(("allocation", i, "amount")) for i in range(n)]
    # once for the keys and once for the tables, however many findings: linear, not n × keys
    assert CountingDict.walks == 2
    assert places[0] == (smap.tables[("allocation", 0)].line, 1) and len(set(places)) == n


def test_a_text_map_is_built_once_per_text(monkeypatch):
    built = []
    real = sourcemap._Cursor

    class Counting(real):
        def __init__(self, lines):
            built.append(len(lines))
            super().__init__(lines)

    monkeypatch.setattr(sourcemap, "_Cursor", Counting)
    sourcemap.build.cache_clear()
    text = year_text(2022, 50)
    first = sourcemap.build(text)
    assert sourcemap.build(text) is first and len(built) == 1


def test_the_writer_places_no_finding_it_does_not_print(make_set, monkeypatch):
    # 2021 has 300 findings (no amounts) that a spend in 2022 neither adds nor removes
    folder = make_set({"sociofund.toml": CONFIG, "2021.toml": year_text(2021, 300, amount=False),
                       "2022.toml": year_text(2022, 300)})
    located = []
    real = sourcemap.SourceMap.locate
    monkeypatch.setattr(sourcemap.SourceMap, "locate", lambda self, path: located.append(path) or real(self, path))
    built = []
    real_cursor = sourcemap._Cursor

    class Counting(real_cursor):
        def __init__(self, lines):
            built.append(len(lines))
            super().__init__(lines)

    monkeypatch.setattr(sourcemap, "_Cursor", Counting)
    sourcemap.build.cache_clear()
    outcome = writer.run(folder, lambda loaded: ops.spend(loaded, 2022, "a7", 500))
    assert outcome.written and outcome.new_findings == []
    assert located == []
    # the edit's map of the 2022 text; nothing else needs one
    assert len(built) == 1
    assert 'spent = 500' in (folder / "2022.toml").read_text()


def test_the_writer_places_the_findings_it_prints(make_set):
    folder = make_set({"sociofund.toml": CONFIG, "2022.toml": year_text(2022, 3)})
    sourcemap.build.cache_clear()
    outcome = writer.run(folder, lambda loaded: ops.allocate(loaded, 2022, "a1", 500))
    # 500 kr left unallocated (B002, allowed): the new finding is placed, as check places it
    assert [f.code for f in outcome.new_findings] == ["B002"]
    assert all(f.line > 0 for f in outcome.new_findings)


@pytest.mark.parametrize("command", [["spend", "2022", "a7", "500"], ["allocate", "2022", "a7", "900"]])
def test_after_a_write_the_changed_row_and_its_funds_lines_not_the_year(make_set, monkeypatch, command):
    from typer.testing import CliRunner

    from sociofund.cli import app

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    folder = make_set({"sociofund.toml": CONFIG, "2022.toml": year_text(2022, 30)})
    r = CliRunner().invoke(app, [*command, "--ledgers", str(folder)])
    assert r.exit_code == 0, r.output
    shown = [n for n in range(30) if f"Insats {n} " in r.stdout or r.stdout.count(f"Insats {n}\n")]
    assert shown == [7]
    assert "Tillgängligt" in r.stdout and "Summa fördelat" not in r.stdout
    whole = CliRunner().invoke(app, [*command[:3], "600", "--table", "--ledgers", str(folder)])
    assert whole.exit_code == 0, whole.output
    assert all(f"Insats {n}" in whole.stdout for n in range(30)) and "Summa fördelat" in whole.stdout


def apply_unified(old: list[str], diff: str) -> list[str]:
    """A unified diff applied with no fuzz: every context and removed line must be where it says."""
    import re

    out, at, lines = [], 0, diff.splitlines(keepends=True)[2:]
    i = 0
    while i < len(lines):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", lines[i])
        start = int(m[1]) - (0 if m[2] == "0" else 1)
        out += old[at:start]
        at = start
        i += 1
        while i < len(lines) and not lines[i].startswith("@@"):
            tag, text = lines[i][0], lines[i][1:]
            if tag in " -":
                assert old[at] == text
                at += 1
            if tag in " +":
                out.append(text)
            i += 1
    return out + old[at:]


def test_a_diff_matches_only_the_lines_between_the_common_head_and_tail(monkeypatch):
    import difflib
    import random

    from sociofund.core.edit import unified_diff

    rnd = random.Random(7)
    for _ in range(300):  # duplicate-heavy lines: where alignments can be chosen several ways
        a = [f"line {rnd.randint(0, 5)}\n" for _ in range(rnd.randint(0, 50))]
        b = list(a)
        for _ in range(rnd.randint(1, 3)):
            i = rnd.randint(0, len(b))
            op = rnd.choice("isd")
            if op == "i":
                b.insert(i, f"new {i}\n")
            elif i < len(b):
                b[i:i + 1] = [f"changed {i}\n"] if op == "s" else []
        assert apply_unified(a, unified_diff("x", "".join(a), "".join(b))) == b
    seen = []
    real = difflib.SequenceMatcher

    class Counting(real):
        def set_seqs(self, x, y):
            seen.append(len(x) + len(y))
            super().set_seqs(x, y)

    monkeypatch.setattr(difflib, "SequenceMatcher", Counting)
    year = year_text(2022, 2000)
    changed = year.replace('id = "a1000"\n', 'id = "a1000"\nspent = 5\n')
    diff = unified_diff("2022.toml", year, changed)
    assert "+spent = 5\n" in diff and max(seen) <= 2  # one added line matched, not 8 000 lines


def test_the_one_line_fast_path_places_keys_as_the_general_reader_does(monkeypatch):
    import re
    import tomllib

    from conftest import FIXTURES, LEDGERS

    texts = [p.read_text("utf-8") for p in [*LEDGERS.rglob("*.toml"), *FIXTURES.rglob("*.toml")]]
    texts.append('a = "x # y"  # c\nb = "q\\"uote" #c\nc = 1979-05-27 07:32:00\nd = 1_000#x\ne = true\n'
                 'f = """\nx = 1\n"""\ng = \'lit\'\nh = ""\ni = """a"""\nj = 1.5e3 \nk.l = 2\n"m" = 3\n'
                 'n = [1, 2]\no = 1979-05-27T07:32:00+01:00\n[[allocation]]\nid = "a"\namount = 1_000 # c\n')
    build = sourcemap.build.__wrapped__
    checked = 0
    for text in texts:
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            continue  # the map is made only of text tomllib accepts
        fast = build(text)
        monkeypatch.setattr(sourcemap, "_SIMPLE", re.compile(r"(?!)"))  # every line through the general reader
        general = build(text)
        monkeypatch.undo()
        assert (fast.keys, fast.tables, fast.arrays) == (general.keys, general.tables, general.arrays)
        checked += 1
    assert checked > 10
