"""Decisions as data (issue 11): each D-code triggered by a small inline set, found at its file
and line with its figures; the period arithmetic (moved money once); naming a decision as people
write it; the comparison and its reconciliation on the shipped Ragunda ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LEDGERS
from sociofund.core import Severity, SociofundError, check, load_set
from sociofund.core.decisions import compare, find, ledger_period, summaries

YEAR_2021 = """
year = 2021

[[grant]]
fund = "slk"
amount = 100_000
decision = "plan"

[[allocation]]
id = "a"
amount = 100_000
decision = "plan"
"""

PLAN = """
[[decision]]
id = "plan"
body = "KS"
status = "adopted"
years = [2021]
"""


def run(make_set, files: dict[str, str]):
    return check([make_set(files)]).findings


def hits(findings, code):
    found = [f for f in findings if f.code == code]
    assert found, f"{code} not in {[(f.code, f.file, f.line) for f in findings]}"
    return found


def test_a_set_whose_year_follows_its_decision_is_clean(make_set):
    findings = run(make_set, {"2021.toml": YEAR_2021, "decisions.toml": PLAN + """
        [[decision.grant]]
        per_year = 100_000

        [[decision.allocation]]
        id = "a"
        amount = 100_000

        [[decision.total]]
        amount = 100_000
        """})
    assert findings == []


def test_a_set_without_decisions_needs_none(make_set):
    findings = run(make_set, {"2021.toml": YEAR_2021.replace('decision = "plan"\n', "")})
    assert findings == []


# --- format: decisions.toml is read, validated and located like every file -----------------


def test_decisions_file_unknown_key_and_money_are_located(make_set):
    findings = run(make_set, {"2021.toml": YEAR_2021, "decisions.toml": PLAN + """
        datum = 2021

        [[decision.grant]]
        per_year = 100000.0
        """})
    f003, f004 = hits(findings, "F003")[0], hits(findings, "F004")[0]
    assert (f003.file, f003.line, f003.args["suggestion"]) == ("set/decisions.toml", 7, "date")
    assert (f004.file, f004.line, f004.args["suggestion"]) == ("set/decisions.toml", 10, "100_000")


def test_decision_date_is_a_date_or_a_year(make_set):
    findings = run(make_set, {"2021.toml": YEAR_2021, "decisions.toml": PLAN + 'date = "slutet av 2021"\n'})
    (f,) = hits(findings, "F006")
    assert (f.file, f.line, f.args["key"]) == ("set/decisions.toml", 6, "decision.date")


def test_decisions_toml_is_not_a_stray_file(make_set):
    assert "F007" not in {f.code for f in run(make_set, {"2021.toml": YEAR_2021, "decisions.toml": PLAN})}


# --- D001: rows against the decision's own total ------------------------------------------


def test_d001_rows_do_not_add_up_to_the_stated_total(make_set):
    findings = run(make_set, {"2021.toml": YEAR_2021, "decisions.toml": PLAN + """
        [[decision.total]]
        amount = 108_680

        [[decision.allocation]]
        id = "a"
        amount = 100_000
        """})
    (f,) = hits(findings, "D001")
    assert (f.severity, f.file, f.line) == (Severity.WARNING, "set/decisions.toml", 8)
    assert (f.args["total"], f.args["rows"], f.args["amount"]) == (108_680, 100_000, 8_680)


def test_d001_a_period_total_counts_period_rows_and_year_rows_separately(make_set):
    # a revision's rows are per year: the 2021 total counts only the 2021 rows
    findings = run(make_set, {"2021.toml": YEAR_2021, "decisions.toml": """
        [[decision]]
        id = "rev"
        body = "arbetsgrupp"
        status = "proposed"
        years = [2021, 2022]

        [[decision.total]]
        years = [2021]
        amount = 100_000

        [[decision.allocation]]
        id = "a"
        years = [2021]
        amount = 95_000

        [[decision.allocation]]
        id = "a"
        years = [2022]
        amount = 50_000
        """})
    (f,) = hits(findings, "D001")
    assert (f.line, f.args["amount"], f.args["years"]) == (9, 5_000, "2021")


# --- D002: two decisions, two figures ---------------------------------------------------------


TWO = """
[[decision]]
id = "plan"
body = "KS"
paragraph = "§220/2020"
status = "adopted"
years = [2021, 2022]

[[decision.grant]]
per_year = 1_805_000

[[decision.carryover]]
from_year = 2020
amount = 700_000
approx = true

[[decision]]
id = "rev"
body = "arbetsgrupp"
dnr = "2021:1144"
status = "proposed"
supersedes = "plan"
years = [2021, 2022]

[[decision.grant]]
years = [2021]
per_year = 1_750_000

[[decision.carryover]]
into_year = 2021

[[decision.total]]
years = [2021]
amount = 2_008_680
"""


def test_d002_grant_and_implied_carry_in_conflict_at_the_newer_decision(make_set):
    findings = run(make_set, {"decisions.toml": TWO})
    grant, carry = sorted(hits(findings, "D002"), key=lambda f: f.line)
    assert (grant.file, grant.line, grant.args["amount"], grant.args["other"]) == \
        ("set/decisions.toml", 26, 1_750_000, 1_805_000)
    assert grant.args["year"] == 2021 and grant.args["kind"] == "grant"
    # the revision gives no carry-in figure: its total implies 2 008 680 − 1 750 000
    assert (carry.line, carry.args["amount"], carry.args["implied"]) == (28, 258_680, True)
    assert (carry.args["other"], carry.args["other_approx"]) == (700_000, True)


def test_d002_not_for_a_rejected_decision(make_set):
    findings = run(make_set, {"decisions.toml": TWO.replace('status = "proposed"', 'status = "rejected"')})
    assert "D002" not in {f.code for f in findings}


# --- D003/D004: what a revision does to the plan's lines ----------------------------------------

PLAN_REV = """
[[decision]]
id = "plan"
body = "KS"
status = "adopted"
years = [2021, 2022]

[[decision.allocation]]
id = "kept"
amount = 850_000

[[decision.allocation]]
id = "gone"
amount = 175_680

[[decision]]
id = "rev"
body = "arbetsgrupp"
status = "proposed"
supersedes = "plan"
years = [2021, 2022]

[[decision.allocation]]
id = "kept"
years = [2021]
amount = 420_000

[[decision.allocation]]
id = "kept"
years = [2022]
amount = 400_000
"""


def test_d003_revision_drops_a_line_at_its_supersedes(make_set):
    (f,) = hits(run(make_set, {"decisions.toml": PLAN_REV}), "D003")
    assert (f.file, f.line, f.args["id"], f.args["amount"]) == ("set/decisions.toml", 19, "gone", 175_680)


def test_d004_revision_changes_a_period_line(make_set):
    (f,) = hits(run(make_set, {"decisions.toml": PLAN_REV}), "D004")
    assert (f.file, f.line) == ("set/decisions.toml", 25)
    assert (f.args["old"], f.args["new"], f.args["diff"]) == (850_000, 820_000, -30_000)


# --- D005: approximate figures in an exact total -----------------------------------------------


def test_d005_an_exact_total_resting_on_ca(make_set):
    findings = run(make_set, {"decisions.toml": TWO + """
        [[decision]]
        id = "other"
        body = "KS"
        status = "adopted"
        years = [2023]

        [[decision.total]]
        amount = 10
        """ + """
        [[decision.carryover]]
        from_year = 2022
        amount = 10
        approx = true
        """})
    assert "D005" not in {f.code for f in findings if f.line < 40}  # the plan states no total
    (f,) = hits(findings, "D005")
    assert (f.file, f.line, f.args["amount"], f.args["total"]) == ("set/decisions.toml", 46, 10, 10)


# --- D006: paragraph year against date --------------------------------------------------------


def test_d006_paragraph_of_2020_dated_2021(make_set):
    findings = run(make_set, {"decisions.toml": PLAN.replace('body = "KS"', 'body = "KS"\nparagraph = "§220/2020"\ndate = 2021')})
    (f,) = hits(findings, "D006")
    assert (f.file, f.line, f.args["paragraph_year"], f.args["date_year"]) == ("set/decisions.toml", 5, 2020, 2021)


def test_d006_not_when_they_agree(make_set):
    findings = run(make_set, {"decisions.toml": PLAN.replace('body = "KS"', 'body = "KS"\nparagraph = "§220/2020"\ndate = 2020-12-14')})
    assert "D006" not in {f.code for f in findings}


# --- D007/D009/D010: entries name their decision ----------------------------------------------


def test_d007_money_resting_on_no_decision(make_set):
    year = YEAR_2021.replace('amount = 100_000\ndecision = "plan"\n\n[[allocation]]', 'amount = 100_000\n\n[[allocation]]')
    (f,) = hits(run(make_set, {"2021.toml": year, "decisions.toml": PLAN}), "D007")
    assert (f.severity, f.file, f.line, f.args["kind"], f.args["amount"]) == \
        (Severity.WARNING, "set/2021.toml", 3, "grant", 100_000)


def test_d009_unknown_decision_is_an_error_at_the_key(make_set):
    year = YEAR_2021.replace('id = "a"\namount = 100_000\ndecision = "plan"', 'id = "a"\namount = 100_000\ndecision = "plam"')
    (f,) = hits(run(make_set, {"2021.toml": year, "decisions.toml": PLAN}), "D009")
    assert (f.severity, f.file, f.line, f.args["id"]) == (Severity.ERROR, "set/2021.toml", 11, "plam")


def test_d009_supersedes_an_unknown_decision(make_set):
    (f,) = hits(run(make_set, {"decisions.toml": PLAN + 'supersedes = "x"\n'}), "D009")
    assert (f.file, f.line) == ("set/decisions.toml", 6)


def test_d010_duplicate_decision_id(make_set):
    (f,) = hits(run(make_set, {"decisions.toml": PLAN + PLAN}), "D010")
    assert (f.severity, f.file, f.line) == (Severity.ERROR, "set/decisions.toml", 8)


# --- D008: the year files against the decision the year follows -------------------------------


def test_d008_year_differs_from_the_adopted_decision(make_set):
    findings = run(make_set, {"2021.toml": YEAR_2021, "decisions.toml": PLAN + """
        [[decision.grant]]
        per_year = 120_000

        [[decision.allocation]]
        id = "a"
        amount = 90_000
        """})
    grant, alloc = sorted(hits(findings, "D008"), key=lambda f: f.line)
    assert (grant.file, grant.line, grant.args["amount"], grant.args["stated"]) == ("set/2021.toml", 5, 100_000, 120_000)
    assert (alloc.file, alloc.line, alloc.args["amount"], alloc.args["stated"]) == ("set/2021.toml", 10, 100_000, 90_000)


def test_d008_a_proposal_governs_only_when_nothing_is_adopted(make_set):
    proposal = PLAN.replace("adopted", "proposed") + "\n[[decision.grant]]\nper_year = 1\n"
    (f,) = hits(run(make_set, {"2021.toml": YEAR_2021, "decisions.toml": proposal}), "D008")
    assert f.args["status"] == "proposed"
    adopted = PLAN + "\n" + proposal.replace('id = "plan"', 'id = "later"')
    assert "D008" not in {f.code for f in run(make_set, {"2021.toml": YEAR_2021, "decisions.toml": adopted})}


# --- naming, period figures, comparison --------------------------------------------------------


@pytest.fixture(scope="module")
def ragunda():
    return load_set(LEDGERS / "ragunda").ledger_set


@pytest.mark.parametrize("name", ["ks-220-2020", "§220/2020", "KS §220/2020", "§ 220/2020"])
def test_find_the_plan_as_people_write_it(ragunda, name):
    assert find(ragunda.decisions, name).id == "ks-220-2020"


@pytest.mark.parametrize("name", ["dnr-2021-1144", "2021:1144", "Dnr 2021:1144", "Dnr. 2021:1144", "dnr 2021:1144"])
def test_find_the_revision_as_people_write_it(ragunda, name):
    assert find(ragunda.decisions, name).id == "dnr-2021-1144"


def test_find_an_unknown_decision_names_the_known_ones(ragunda):
    with pytest.raises(SociofundError) as exc:
        find(ragunda.decisions, "§1/1999")
    assert exc.value.code == "no-such-decision" and "ks-220-2020" in exc.value.args_["known"]


def test_ragunda_period_counts_the_moved_140_000_once(ragunda):
    p = ledger_period(ragunda, (2021, 2022))
    assert (p.granted(), p.carried_in(), p.available(), p.transferred()) == (3_500_000, 258_680, 3_758_680, 140_000)
    assert p.rows["handledning-ami"].amount == 420_000 + 390_000 - 140_000


def test_ragunda_compare_plan_and_revision(ragunda):
    c = compare(ragunda, "§220/2020", "Dnr 2021:1144")
    diffs = {line.id: line.diff for line in c.lines}
    assert diffs == {"trampolin-ifo": 0, "trampolin-elevhalsan": 0, "systemteori": -175_680,
                     "handledning-aos": -30_000, "handledning-ami": 60_000, "ovrigt-buf": -496_320}
    assert (c.total, c.granted, c.carried_in, c.lines_diff) == (-551_320, -110_000, -441_320, -642_000)
    assert [g.amount for g in c.gaps_b] == [85_680, 5_000] and c.gaps_a == []
    # the reconciliation holds: total = grants + carry-in = lines + the revision's unexplained gaps
    assert c.total == c.granted + c.carried_in == c.lines_diff + sum(g.amount for g in c.gaps_b)


def test_ragunda_compare_plan_with_the_ledger(ragunda):
    c = compare(ragunda, "ks-220-2020")
    assert c.total == -551_320 and c.b == "ledger"
    assert {line.id: (line.a, line.b) for line in c.lines}["ej-specificerat"] == (None, 85_680)


def test_decisions_newest_first(ragunda):
    assert [s.id for s in summaries(ragunda)] == ["dnr-2021-1144", "ks-220-2020"]
    assert summaries(ragunda)[0].supersedes == "KS §220/2020"


def test_shipped_ledgers_print_every_ragunda_gap_as_a_warning():
    result = check([LEDGERS])
    assert all(f.severity is Severity.WARNING for f in result.findings)
    got = {(Path(f.file).name, f.code, f.args.get("amount"), f.args.get("diff")) for f in result.findings
           if "ragunda" in f.file}
    for want in [("decisions.toml", "D001", 85_680, None), ("decisions.toml", "D001", 5_000, None),
                 ("decisions.toml", "D002", 1_750_000, -55_000), ("decisions.toml", "D002", 258_680, -441_320),
                 ("decisions.toml", "D004", None, -30_000), ("decisions.toml", "D004", None, 60_000),
                 ("decisions.toml", "D003", 175_680, None), ("decisions.toml", "D003", 496_320, None)]:
        assert want in got, want


def test_d011_a_total_that_leaves_out_money_the_decision_moves_in(make_set):
    findings = run(make_set, {"decisions.toml": """
        [[decision]]
        id = "rev"
        body = "arbetsgrupp"
        status = "proposed"
        years = [2021, 2022]

        [[decision.total]]
        years = [2022]
        amount = 1_750_000

        [[decision.grant]]
        years = [2022]
        per_year = 1_750_000

        [[decision.carryover]]
        from_year = 2021
        into_year = 2022
        amount = 140_000
        """})
    (f,) = hits(findings, "D011")
    assert (f.severity, f.file, f.line) == (Severity.WARNING, "set/decisions.toml", 9)
    assert (f.args["total"], f.args["money"], f.args["diff"]) == (1_750_000, 1_890_000, -140_000)


def test_d011_not_without_a_grant_for_every_year_of_the_total(make_set):
    findings = run(make_set, {"decisions.toml": PLAN + "\n[[decision.total]]\namount = 5\n"})
    assert "D011" not in {f.code for f in findings}
