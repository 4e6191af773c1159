"""core.edit: a change rewrites only its own lines; every other byte of the file stays."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sociofund.core import edit

P = Path("x.toml")

TEXT = '''\
# Ragunda 2022
year = 2022  # the year
closed = false

[[allocation]]
id = "a"
amount = 460_000  # KS beslut
name = """lång
text"""

# Nästa insats: b
[[allocation]]
id = "b"
amount = 1
'''


def changed_lines(old: str, new: str) -> list[str]:
    import difflib

    return [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_changing_a_value_keeps_its_trailing_comment_and_every_other_line():
    new = edit.apply(TEXT, [edit.SetKey(P, ("allocation", 0), "amount", 500_000)])
    assert changed_lines(TEXT, new) == ["-amount = 460_000  # KS beslut", "+amount = 500_000  # KS beslut"]


def test_a_new_key_goes_at_the_end_of_its_entry_not_after_the_next_entrys_comment():
    new = edit.apply(TEXT, [edit.SetKey(P, ("allocation", 0), "spent", 455_300)])
    assert changed_lines(TEXT, new) == ["+spent = 455_300"]
    assert new.index("spent = 455_300") < new.index("# Nästa insats: b")
    assert tomllib.loads(new)["allocation"][0]["spent"] == 455_300


def test_a_new_top_level_key_goes_after_the_top_level_keys():
    new = edit.apply(TEXT, [edit.SetKey(P, (), "format", 1)])
    assert changed_lines(TEXT, new) == ["+format = 1"]
    assert new.index("format = 1") < new.index("[[allocation]]")


def test_a_multi_line_value_becomes_one_line():
    new = edit.apply(TEXT, [edit.SetKey(P, ("allocation", 0), "name", "kort")])
    assert changed_lines(TEXT, new) == ['-name = """lång', '-text"""', '+name = "kort"']


def test_the_last_entry_and_a_boolean():
    new = edit.apply(TEXT, [edit.SetKey(P, (), "closed", True), edit.SetKey(P, ("allocation", 1), "spent", 1)])
    assert changed_lines(TEXT, new) == ["-closed = false", "+closed = true", "+spent = 1"]


def test_windows_line_endings_stay_windows_line_endings():
    crlf = TEXT.replace("\n", "\r\n")
    new = edit.apply(crlf, [edit.SetKey(P, ("allocation", 1), "spent", 1),
                            edit.AppendBlock(P, "repayment", (("fund", "slk"), ("amount", 4_700)))])
    assert new.startswith(crlf)
    assert new[len(crlf):] == 'spent = 1\r\n\r\n[[repayment]]\r\nfund = "slk"\r\namount = 4_700\r\n'


def test_a_file_without_a_final_newline_gets_one_before_the_new_block():
    text = 'year = 2022\n\n[[allocation]]\nid = "a"\namount = 1'
    new = edit.apply(text, [edit.AppendBlock(P, "allocation", (("id", "b"), ("fund", None), ("amount", 2)))])
    assert new == text + '\n\n[[allocation]]\nid = "b"\namount = 2\n'


def test_text_values_are_toml_strings_whatever_they_hold():
    hostile = 'a "quoted" \\ name\nwith a newline and [bold]markup[/bold] \x1b[31m'
    new = edit.apply(TEXT, [edit.AppendBlock(P, "allocation", (("id", "c"), ("name", hostile), ("amount", 3)))])
    assert tomllib.loads(new)["allocation"][2]["name"] == hostile
    assert new.startswith(TEXT)


def test_characters_that_break_or_reorder_lines_are_escaped_in_the_file():
    literal = edit.toml_value("name", "a\x85b\u2028c\u202ed\x1be")
    assert literal == '"a\\u0085b\\u2028c\\u202ed\\u001be"'
    assert tomllib.loads(f"k = {literal}")["k"] == "a\x85b\u2028c\u202ed\x1be"


def test_money_is_written_with_separators_and_never_as_a_float():
    assert edit.toml_value("amount", 1_750_000) == "1_750_000"
    assert edit.toml_value("spent", 0) == "0"
    assert edit.toml_value("from_year", 2021) == "2021"
    assert edit.toml_value("fte", 0.15) == "0.15"


def test_unified_diff_of_a_new_file_comes_from_dev_null():
    diff = edit.unified_diff("set/2023.toml", None, "year = 2023\n")
    assert diff.splitlines()[:2] == ["--- /dev/null", "+++ b/set/2023.toml"]
