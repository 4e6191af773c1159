"""``import`` in the core (the operation through the writer) and the rules it feeds: codes,
spent_as_of, forecast, P001. The command line's import is in test_import_cli.py."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from sociofund.core import SociofundError, check
from sociofund.core import ops
from sociofund.core.writer import run

YEAR = """\
    year = 2022

    [[grant]]
    fund = "slk"
    amount = 1_000_000

    [[allocation]]
    id = "ifo"
    amount = 600_000
    codes = { projekt = "7101" }  # booked on projekt 7101

    [[allocation]]
    id = "aos"
    amount = 300_000
    spent = 12
    codes = { projekt = "7103", ansvar = "42" }

    [[allocation]]
    id = "utan-koder"
    amount = 100_000
"""


def sie(body: str) -> bytes:
    head = '#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#DIM 1 "Ansvar"\n#DIM 6 "Projekt"\n#OBJEKT 6 "7199" "Östby"\n'
    return (head + textwrap.dedent(body)).replace("\n", "\r\n").encode("cp437")


EXPORT = sie("""\
    #OMFATTN 20220630
    #VER A 1 20220131 "lön"
    {
    #TRANS 7011 {6 "7101"} 1000.50
    #TRANS 7011 {6 "7101"} -0.25
    #TRANS 7011 {1 "42" 6 "7103"} 200
    #TRANS 7011 {6 "7199"} 99.99
    #TRANS 3120 {6 "7101"} -5000
    #TRANS 1930 {} 3700.24
    }
""")


def test_import_writes_spent_and_as_of_of_each_allocation_with_codes(make_set):
    folder = make_set({"2022.toml": YEAR})
    before = (folder / "2022.toml").read_text(encoding="utf-8")
    outcome = run(folder, lambda loaded: ops.import_utfall(loaded, 2022, EXPORT, "x.se"))
    after = (folder / "2022.toml").read_text(encoding="utf-8")
    rec = outcome.change.data
    assert [(m.id, m.old, m.ore, m.new, m.rows) for m in rec.allocations] == [
        ("ifo", None, 100025, 1000, 2), ("aos", 12, 20000, 200, 1)]   # 1 000,25 kr -> 1 000 kr
    assert rec.balanced and rec.unmatched_ore == 9999 and rec.as_of == dt.date(2022, 6, 30)
    # surgical: the two keys of each allocation, nothing else
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["spent = 1_000", "spent_as_of = 2022-06-30", "spent = 200", "spent_as_of = 2022-06-30"]
    assert "codes = { projekt = \"7101\" }  # booked on projekt 7101" in after
    assert outcome.change.notes == [("import-set", {"count": 2, "year": 2022})]


def test_a_second_identical_import_changes_nothing_and_says_so(make_set):
    folder = make_set({"2022.toml": YEAR})
    run(folder, lambda loaded: ops.import_utfall(loaded, 2022, EXPORT, "x.se"))
    text = (folder / "2022.toml").read_bytes()
    outcome = run(folder, lambda loaded: ops.import_utfall(loaded, 2022, EXPORT, "x.se"))
    assert not outcome.written and outcome.diffs == {}
    assert outcome.change.notes == [("import-unchanged", {"year": 2022, "path": "x.se"})]
    assert (folder / "2022.toml").read_bytes() == text
    assert [m.changed for m in outcome.change.data.allocations] == [False, False]


def test_a_refused_import_writes_nothing(make_set):
    # the costs on 7101 exceed what the fund has: S001 is an error the set does not have today
    folder = make_set({"2022.toml": YEAR})
    text = (folder / "2022.toml").read_bytes()
    big = sie("""\
        #VER A 1 20220131 ""
        {
        #TRANS 7011 {6 "7101"} 2000000
        #TRANS 1930 {} -2000000
        }
    """)
    with pytest.raises(SociofundError) as info:
        run(folder, lambda loaded: ops.import_utfall(loaded, 2022, big, "x.se"))
    assert info.value.code == "refused" and [f.code for f in info.value.findings] == ["S001"]
    assert (folder / "2022.toml").read_bytes() == text


def test_an_unreadable_file_writes_nothing_and_names_its_lines(make_set):
    folder = make_set({"2022.toml": YEAR})
    text = (folder / "2022.toml").read_bytes()
    with pytest.raises(SociofundError) as info:
        run(folder, lambda loaded: ops.import_utfall(loaded, 2022, sie('#VER A 1 20220131 ""\n{\n#TRANS 7011 {} 1,5.0\n}\n'), "x.se"))
    assert info.value.code == "import-unreadable"
    assert [(f.code, f.file, f.line) for f in info.value.findings] == [("U004", "x.se", 9)]
    assert (folder / "2022.toml").read_bytes() == text


def test_a_csv_export_matches_by_its_columns_and_settings(make_set):
    folder = make_set({"2022.toml": YEAR, "sociofund.toml": '[utfall]\ncolumns = { belopp = "Summa" }\n'
                                                            'cost_accounts = ["7000-7999"]\n'})
    csv = "\ufeffDatum;Konto;Projekt;Ansvar;Summa\n2022-03-01;7011;7101;;1 000,50\n2022-03-01;4010;7101;;5\n"
    outcome = run(folder, lambda loaded: ops.import_utfall(loaded, 2022, csv.encode(), "huvudbok.csv"))
    rec = outcome.change.data
    assert [(m.id, m.new) for m in rec.allocations] == [("ifo", 1001), ("aos", 0)]  # 1 000,50 -> 1 001
    assert rec.non_cost.rows == 1  # 4010 is not a cost account under these settings


@pytest.mark.parametrize("body, code", [
    ('#VER A 1 20210131 ""\n{\n#TRANS 7011 {6 "7101"} 1\n}\n', "import-wrong-year"),
    ('#VER A 1 20220131 ""\n{\n#TRANS 7011 {6 "7101"} -1\n}\n', "import-negative"),
])
def test_refused_before_any_edit(make_set, body, code):
    folder = make_set({"2022.toml": YEAR})
    with pytest.raises(SociofundError) as info:
        run(folder, lambda loaded: ops.import_utfall(loaded, 2022, sie(body), "x.se"))
    assert info.value.code == code


def test_a_year_without_codes_says_how_to_add_them(make_set):
    folder = make_set({"2022.toml": YEAR.replace('codes = { projekt = "7101" }  # booked on projekt 7101\n', "")
                       .replace('    codes = { projekt = "7103", ansvar = "42" }\n', "")})
    with pytest.raises(SociofundError) as info:
        run(folder, lambda loaded: ops.import_utfall(loaded, 2022, EXPORT, "x.se"))
    assert info.value.code == "import-no-codes"


def test_spend_as_of_sets_the_date_and_keeps_it_otherwise(make_set):
    folder = make_set({"2022.toml": YEAR})
    run(folder, lambda loaded: ops.spend(loaded, 2022, "ifo", 5, dt.date(2022, 3, 31)))
    assert "spent_as_of = 2022-03-31" in (folder / "2022.toml").read_text(encoding="utf-8")
    outcome = run(folder, lambda loaded: ops.spend(loaded, 2022, "ifo", 7))
    assert ("spent-as-of-kept", {"id": "ifo", "year": 2022, "amount": 7, "date": "2022-03-31"}) in outcome.change.notes


# --- the format: codes, spent_as_of, forecast -------------------------------------------------------


def test_codes_are_validated_and_located(make_set):
    folder = make_set({"2022.toml": YEAR.replace('ansvar = "42"', "ansvar = 42")})
    found = [(f.code, f.line, f.args["key"]) for f in check([folder]).findings]
    assert found == [("F006", 16, "allocation.codes.ansvar")]


def test_forecast_is_money(make_set):
    folder = make_set({"2022.toml": YEAR.replace("spent = 12", "forecast = 12.5")})
    assert [(f.code, f.line) for f in check([folder]).findings] == [("F004", 15)]


P001_YEAR = """\
    year = 2022

    [[grant]]
    fund = "slk"
    funder = "Tillväxtverket"
    amount = 1_000_000

    [[allocation]]
    id = "a"
    amount = 600_000
    spent = 100_000
    spent_as_of = 2022-06-30
    forecast = 550_000

    [[allocation]]
    id = "b"
    amount = 400_000
"""


def test_p001_a_forecast_leaving_money_unspent_in_an_approval_fund(make_set):
    folder = make_set({"2022.toml": P001_YEAR})
    findings = check([folder]).findings
    assert [(f.code, f.severity.value, f.file, f.line) for f in findings] == [("P001", "warning", "set/2022.toml", 13)]
    assert findings[0].args == {"fund": "slk", "year": 2022, "amount": 50_000, "forecast": 950_000,
                                "available": 1_000_000, "next": 2023, "funder": "Tillväxtverket"}


@pytest.mark.parametrize("change", [
    ("forecast = 550_000", "forecast = 600_000"),          # the forecast uses it all
    ("forecast = 550_000", "forecast = 650_000"),          # or more (S rules speak of spent, not forecast)
    ("year = 2022", "year = 2022\nclosed = true"),         # a closed year is history
])
def test_p001_not_when_nothing_is_left_or_the_year_is_closed(make_set, change):
    text = textwrap.dedent(P001_YEAR).replace(*change)
    if "closed" in change[1]:
        text = text.replace('amount = 400_000', 'amount = 400_000\nspent = 400_000')
    folder = make_set({"2022.toml": text})
    assert "P001" not in {f.code for f in check([folder]).findings}


@pytest.mark.parametrize("policy", ["free", "none"])
def test_p001_not_for_a_fund_that_needs_no_approval(make_set, policy):
    folder = make_set({"2022.toml": P001_YEAR, "sociofund.toml": f'[funds.slk]\ncarryover = "{policy}"\n'})
    assert "P001" not in {f.code for f in check([folder]).findings}
