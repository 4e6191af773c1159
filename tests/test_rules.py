"""Every finding code, triggered by a small inline ledger, found at the right file and line.

Each test writes a tiny ledger set, runs the core check, and asserts the code, severity, file,
line (the entry's or the key's) and the figure in the Swedish message. A second assertion per
family shows the valid neighbour passes, so a rule that fires on everything would fail too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sociofund import i18n
from sociofund.core import Severity, check

GRANT = """[[grant]]
fund = "slk"
amount = 100_000
"""


def run(make_set, files: dict[str, str]):
    folder = make_set(files)
    return check([folder]).findings


def only(findings, code):
    hits = [f for f in findings if f.code == code]
    assert hits, f"{code} not found in {[(f.code, f.line) for f in findings]}"
    return hits


def sv(f) -> str:
    return i18n.message(f, "sv")[0]


def test_clean_set_has_no_findings(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + """
        [[allocation]]
        id = "a"
        amount = 100_000
        """.replace("        ", "")})
    assert findings == []


# --- format (F) ------------------------------------------------------------------------------


def test_f001_toml_syntax_error_has_line_and_column(make_set):
    (f,) = run(make_set, {"2022.toml": "year = 2022\n[[grant]]\nfund = slk\n"})
    assert (f.code, f.severity, f.file, f.line, f.col) == ("F001", Severity.ERROR, "set/2022.toml", 3, 8)


def test_f002_non_utf8_file_located_at_bad_byte(make_set):
    (f,) = run(make_set, {"2022.toml": b"year = 2022\nnote = \"caf\xe9\"\n"})
    assert (f.code, f.file, f.line, f.col) == ("F002", "set/2022.toml", 2, 12)


def test_f002_after_a_byte_order_mark_counts_the_mark_in_the_offset(make_set):
    # the offset is the byte's in the file, mark included; the column is the one an editor shows
    # (the mark is invisible), on line 1 as on the others
    (f,) = run(make_set, {"2022.toml": b"\xef\xbb\xbfyear = 2022\nnote = \"caf\xe9\"\n"})
    assert (f.code, f.line, f.col, f.args["offset"]) == ("F002", 2, 12, 26)
    (g,) = run(make_set, {"2022.toml": b"\xef\xbb\xbfyear = 2\xe9"})
    assert (g.line, g.col, g.args["offset"]) == (1, 9, 11)


def test_f003_unknown_key_suggests_nearest(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + "[[allocation]]\nid = \"a\"\nammount = 100_000\n"})
    (f,) = only(findings, "F003")
    assert (f.file, f.line, f.col) == ("set/2022.toml", 7, 1)
    assert i18n.message(f, "sv") == ("okänd nyckel `ammount`", "menade du `amount`?")


@pytest.mark.parametrize(
    ("value", "hint"),
    [("100000.0", "skriv 100_000"), ('"100 000 kr"', "skriv 100_000"), ("-5", None), ("12.5", None)],
)
def test_f004_money_must_be_whole_kronor_integer(make_set, value, hint):
    (f,) = run(make_set, {"2022.toml": f"year = 2022\n[[grant]]\nfund = \"slk\"\namount = {value}\n"})
    assert (f.code, f.severity, f.line, f.col) == ("F004", Severity.ERROR, 4, 1)
    assert i18n.message(f, "sv")[1] == hint


def test_f005_missing_key_at_entry_header(make_set):
    (f,) = run(make_set, {"2022.toml": "year = 2022\n\n[[grant]]\nfund = \"slk\"\n"})
    assert (f.code, f.line) == ("F005", 3)
    assert sv(f) == "nyckeln `amount` saknas"


def test_f006_invalid_value_names_allowed_values(make_set):
    (f,) = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + "status = \"maybe\"\n"})
    assert (f.code, f.line) == ("F006", 5)
    assert "expected, applied, granted, paid" in sv(f)


def test_f007_stray_toml_file_is_a_warning(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n", "notes.toml": "x = 1\n"})
    (f,) = only(findings, "F007")
    assert (f.severity, f.file, f.line) == (Severity.WARNING, "set/notes.toml", 1)


def test_f_codes_in_config_file(make_set):
    findings = run(make_set, {"sociofund.toml": "lang = \"de\"\n[funds.slk]\ncarryover = \"sometimes\"\n",
                              "2022.toml": "year = 2022\n"})
    assert [(f.code, f.file, f.line) for f in findings] == [
        ("F006", "set/sociofund.toml", 1), ("F006", "set/sociofund.toml", 3)]


# --- balance (B) ----------------------------------------------------------------------------


def test_b001_over_allocated_error_at_grant(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + "\n[[allocation]]\nid = \"a\"\namount = 140_000\n"})
    (f,) = findings
    assert (f.code, f.severity, f.file, f.line) == ("B001", Severity.ERROR, "set/2022.toml", 2)
    assert sv(f) == "överfördelat med 40\u00a0000\u00a0kr i slk 2022"


def test_b002_unallocated_error_with_allocate_hint(make_set):
    (f,) = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + "\n[[allocation]]\nid = \"a\"\namount = 95_000\n"})
    assert (f.code, f.severity, f.line) == ("B002", Severity.ERROR, 2)
    assert i18n.message(f, "sv") == (
        "5\u00a0000\u00a0kr ofördelat i slk 2022",
        "fördela resten: sociofund allocate 2022 ID 5000 --fund slk",
    )
    assert i18n.message(f, "en")[0] == "5,000 kr unallocated in slk 2022"


@pytest.mark.parametrize("status", ["expected", "applied"])
def test_b002_is_a_warning_while_money_is_undecided(make_set, status):
    (f,) = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + f"status = \"{status}\"\n"})
    assert (f.code, f.severity) == ("B002", Severity.WARNING)
    assert "100\u00a0000\u00a0kr" in sv(f)


def test_a_fund_year_with_only_money_carried_in_is_undecided(make_set):
    """Next year's file as carryover leaves it: money carried in, no grant recorded yet. Not an
    error a pre-commit hook would refuse: a warning that says to record the grant."""
    (f,) = run(make_set, {"2023.toml": """\
year = 2023

[[carryover]]
fund = "slk"
from_year = 2022
amount = 50_000
approved_by = "Tillväxtverket"
"""})
    assert (f.code, f.severity, f.file, f.line) == ("B002", Severity.WARNING, "set/2023.toml", 3)
    assert i18n.message(f, "sv") == (
        "50\u00a0000\u00a0kr ofördelat i slk 2023, som ännu inte har någon tilldelning",
        "registrera årets tilldelning när den är känd (sociofund grant 2023 slk BELOPP) och fördela sedan: "
        "sociofund allocate 2023 ID BELOPP --fund slk")


def test_balance_counts_carryover_in_available(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + """
[[carryover]]
fund = "slk"
from_year = 2021
amount = 40_000
approved_by = "Tillväxtverket"

[[allocation]]
id = "a"
amount = 140_000
"""})
    assert findings == []


def test_balance_is_per_fund(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + """
[[grant]]
fund = "egen"
amount = 50_000

[[allocation]]
id = "a"
fund = "slk"
amount = 150_000
"""})
    assert sorted((f.code, f.line, f.args["fund"], f.args["amount"]) for f in findings) == [
        ("B001", 2, "slk", 50_000), ("B002", 6, "egen", 50_000)]


# --- spending (S) ---------------------------------------------------------------------------


def test_s001_spent_more_than_available(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + """
[[allocation]]
id = "a"
amount = 60_000
spent = 70_000

[[allocation]]
id = "b"
amount = 40_000
spent = 45_000
"""})
    (f,) = only(findings, "S001")
    assert (f.severity, f.line) == (Severity.ERROR, 2)
    assert "med 15\u00a0000\u00a0kr" in sv(f)


def test_s002_overspent_allocation_is_a_warning_at_spent_key(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + """
[[allocation]]
id = "a"
amount = 60_000
spent = 61_000

[[allocation]]
id = "b"
amount = 40_000
spent = 0
"""})
    (f,) = findings
    assert (f.code, f.severity, f.line) == ("S002", Severity.WARNING, 9)
    assert "1\u00a0000\u00a0kr mer" in sv(f)


# --- carryover (C) --------------------------------------------------------------------------

CARRY = """
[[carryover]]
fund = "slk"
from_year = {from_year}
amount = 10_000
{extra}
[[allocation]]
id = "a"
amount = 110_000
"""


def test_c001_carryover_must_come_from_an_earlier_year(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + CARRY.format(from_year=2022, extra='approved_by = "TVV"\n')})
    (f,) = findings
    assert (f.code, f.severity, f.line) == ("C001", Severity.ERROR, 8)


def test_c002_approval_fund_needs_approved_by(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + CARRY.format(from_year=2021, extra="")})
    (f,) = findings
    assert (f.code, f.severity, f.line) == ("C002", Severity.ERROR, 6)
    assert "10\u00a0000\u00a0kr" in sv(f)


def test_c002_not_for_a_free_fund(make_set):
    findings = run(make_set, {
        "sociofund.toml": '[funds.slk]\ncarryover = "free"\n',
        "2022.toml": "year = 2022\n" + GRANT + CARRY.format(from_year=2021, extra=""),
    })
    assert findings == []


def test_c003_fund_without_carryover(make_set):
    findings = run(make_set, {
        "sociofund.toml": '[funds.slk]\ncarryover = "none"\n',
        "2022.toml": "year = 2022\n" + GRANT + CARRY.format(from_year=2021, extra='approved_by = "TVV"\n'),
    })
    (f,) = findings
    assert (f.code, f.file, f.line) == ("C003", "set/2022.toml", 7)


# --- continuity (K) -------------------------------------------------------------------------

CLOSED_2021 = """year = 2021
closed = true

[[grant]]
fund = "slk"
amount = 100_000

[[allocation]]
id = "a"
amount = 100_000
spent = 88_000
{repay}"""

NEXT_2022 = """year = 2022

[[grant]]
fund = "slk"
amount = 100_000
{carry}
[[allocation]]
id = "a"
amount = {alloc}
"""


def _carry(amount: int) -> str:
    return f'\n[[carryover]]\nfund = "slk"\nfrom_year = 2021\namount = {amount}\napproved_by = "TVV"\n'


def test_continuity_passes_when_carried_and_repaid_exactly(make_set):
    findings = run(make_set, {
        "2021.toml": CLOSED_2021.format(repay='\n[[repayment]]\nfund = "slk"\namount = 2_000\n'),
        "2022.toml": NEXT_2022.format(carry=_carry(10_000), alloc=110_000),
    })
    assert findings == []


def test_k001_mismatch_names_both_files_and_amount(make_set):
    findings = run(make_set, {
        "2021.toml": CLOSED_2021.format(repay=""),
        "2022.toml": NEXT_2022.format(carry=_carry(10_000), alloc=110_000),
    })
    (f,) = findings
    assert (f.code, f.severity, f.file, f.line) == ("K001", Severity.ERROR, "set/2021.toml", 4)
    assert "skillnad 2\u00a0000\u00a0kr" in sv(f) and "set/2022.toml" in sv(f)


def test_k002_closed_year_unspent_not_covered(make_set):
    findings = run(make_set, {
        "2021.toml": CLOSED_2021.format(repay=""),
        "2022.toml": NEXT_2022.format(carry="", alloc=100_000),
    })
    (f,) = findings
    assert (f.code, f.file, f.line) == ("K002", "set/2021.toml", 4)
    assert sv(f) == "12\u00a0000\u00a0kr outnyttjat 2021 i slk: flytta över eller betala tillbaka"


def test_continuity_waits_for_next_year(make_set):
    assert run(make_set, {"2021.toml": CLOSED_2021.format(repay="")}) == []


def test_continuity_ignores_open_years(make_set):
    findings = run(make_set, {
        "2021.toml": CLOSED_2021.format(repay="").replace("closed = true", "closed = false"),
        "2022.toml": NEXT_2022.format(carry="", alloc=100_000),
    })
    assert findings == []


# --- closed years (Y) -----------------------------------------------------------------------


def test_y001_closed_year_allocation_without_spent(make_set):
    findings = run(make_set, {"2021.toml": CLOSED_2021.format(repay="").replace("spent = 88_000\n", "")})
    (f,) = findings
    assert (f.code, f.severity, f.line) == ("Y001", Severity.ERROR, 8)
    assert "`a`" in sv(f)


# --- identity (I) ---------------------------------------------------------------------------


def test_i001_duplicate_allocation_id_at_second_id(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + """
[[allocation]]
id = "a"
amount = 50_000

[[allocation]]
id = "a"
amount = 50_000
"""})
    (f,) = findings
    assert (f.code, f.line, f.col) == ("I001", 11, 1)


def test_i002_year_must_equal_file_name(make_set):
    findings = run(make_set, {"2022.toml": "year = 2021\n" + GRANT + "\n[[allocation]]\nid = \"a\"\namount = 100_000\n"})
    (f,) = findings
    assert (f.code, f.line) == ("I002", 1)
    assert sv(f) == "year = 2021, men filen heter 2022.toml"


def test_i003_fund_without_money_in_the_year(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + """
[[allocation]]
id = "a"
amount = 100_000

[[allocation]]
id = "b"
fund = "slkk"
amount = 0

[[repayment]]
fund = "other"
amount = 1
"""})
    assert [(f.code, f.line, f.args["fund"]) for f in findings] == [("I003", 12, "slkk"), ("I003", 16, "other")]


def test_i004_allocation_without_fund_in_a_multi_fund_year(make_set):
    findings = run(make_set, {"2022.toml": "year = 2022\n" + GRANT + """
[[grant]]
fund = "egen"
amount = 1

[[allocation]]
id = "a"
amount = 100_000
"""})
    assert ("I004", 10) in [(f.code, f.line) for f in findings]


def test_allocation_may_leave_out_fund_in_a_single_fund_year(make_set):
    assert run(make_set, {"2022.toml": "year = 2022\n" + GRANT + "\n[[allocation]]\nid = \"a\"\namount = 100_000\n"}) == []


# --- the whole run ---------------------------------------------------------------------------


def test_all_findings_of_all_files_sorted_by_file_and_line(make_set):
    findings = run(make_set, {
        "2022.toml": "year = 2022\n" + GRANT + "\n[[allocation]]\nid = \"a\"\namount = 1\n",
        "2021.toml": "year = 2021\n[[grant]]\nfund = x\n",
        "2020.toml": "year = 2020\n" + GRANT,
    })
    assert [(f.file, f.line, f.code) for f in findings] == [
        ("set/2020.toml", 2, "B002"), ("set/2021.toml", 3, "F001"), ("set/2022.toml", 2, "B002")]


def test_rules_are_a_parameter(make_set):
    """Callers choose the rules; nothing patches a registry."""
    from sociofund.core.rules import identity

    folder = make_set({"2022.toml": "year = 2022\n" + GRANT})
    assert check([folder], rules=(identity,)).findings == []
    assert [f.code for f in check([folder]).findings] == ["B002"]


def test_shipped_ledgers_pass():
    result = check([Path(__file__).resolve().parent.parent / "ledgers"])
    assert [f.code for f in result.findings if f.severity is Severity.ERROR] == []
    # Katrineholm's 8 mnkr are not applied for yet: visible as a warning, not an error; Söderhamn's
    # year files follow its decisions; Ragunda's documents disagree in every way tests/test_decisions.py lists
    assert [(Path(f.file).parent.name, f.code) for f in result.findings if "ragunda" not in f.file] == \
        [("katrineholm", "B002")]
    assert all(f.severity is Severity.WARNING for f in result.findings)
    assert result.sets == 3


def test_documents_as_written_are_flagged_where_they_do_not_add_up():
    root = Path(__file__).resolve().parent / "fixtures" / "as-written"
    findings = check([root]).findings
    assert [(Path(f.file).name, f.line, f.code, f.severity, f.args["amount"]) for f in findings] == [
        ("2021.toml", 6, "B002", Severity.ERROR, 85_680),
        ("2022.toml", 6, "B002", Severity.WARNING, 5_000),
    ]
    assert sv(findings[0]) == "85\u00a0680\u00a0kr ofördelat i slk 2021"
    assert sv(findings[1]) == "5\u00a0000\u00a0kr ofördelat i slk 2022"
