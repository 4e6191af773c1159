"""Reading the ekonomisystem's exports (SIE 4, CSV, xlsx) and reconciling them, in the core.

Small exports written inline; the shipped example (ledgers/ragunda/utfall/) read by both readers
gives the same figures."""

from __future__ import annotations

import datetime as dt
import io
import textwrap

import pytest

from conftest import LEDGERS
from sociofund.core import SociofundError
from sociofund.core.utfall import parse_date, parse_ore, sie, tabular
from sociofund.core.utfall.reconcile import Target, is_cost, parse_ranges, reconcile, round_kronor

EXAMPLE = LEDGERS / "ragunda" / "utfall"


def sie_bytes(body: str, encoding: str = "cp437") -> bytes:
    head = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20220101 20221231\n#DIM 6 \"Projekt\"\n"
    return (head + textwrap.dedent(body).lstrip("\n")).replace("\n", "\r\n").encode(encoding)


def unreadable(fn, *args, **kw) -> list:
    with pytest.raises(SociofundError) as info:
        fn(*args, **kw)
    assert info.value.code == "import-unreadable"
    return [(f.code, f.line, f.args) for f in info.value.findings]


# --- SIE ----------------------------------------------------------------------------------------


def test_sie_is_read_as_code_page_437():
    raw = sie_bytes('#OBJEKT 6 "7199" "Östby bygdegård"\n#FNAMN "Ragunda kommun"\n')
    assert b"\x99stby" in raw  # PC8: Ö is 0x99, not 0xd6 (Latin-1) or c3 96 (UTF-8)
    export = sie.read(raw, "x.se")
    assert export.objects == {("projekt", "7199"): "Östby bygdegård"}
    assert export.organisation == "Ragunda kommun"
    assert export.period == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def test_sie_written_as_utf8_by_mistake_is_still_read_right():
    raw = sie_bytes('#OBJEKT 6 "7199" "Östby"\n', encoding="utf-8")
    assert sie.read(raw, "x.se").objects[("projekt", "7199")] == "Östby"


def test_sie_rows_amounts_in_ore_and_object_lists():
    export = sie.read(sie_bytes("""
        #VER A 1 20220131 "Lön \\"januari\\"" 20220201
        {
        #TRANS 7011 {1 "31" 6 "7101"} 31250.75
        #TRANS 7510	{6 7101}	-0.5 20220131 "tab-separerad"
        #TRANS 2710 {} -31250.25
        }
    """), "x.se")
    assert [(r.line, r.date, r.account, r.ore, r.dims) for r in export.rows] == [
        (8, dt.date(2022, 1, 31), "7011", 3125075, (("kostnadsställe", "31"), ("projekt", "7101"))),
        (9, dt.date(2022, 1, 31), "7510", -50, (("projekt", "7101"),)),
        (10, dt.date(2022, 1, 31), "2710", -3125025, ()),
    ]


def test_rtrans_and_its_twin_trans_count_once_and_btrans_never():
    export = sie.read(sie_bytes("""
        #VER A 8 20220422 "Resa"
        {
        #TRANS 1930 {} -640.00
        #BTRANS 5800 {6 "7104"} 460.00 20220422 "" 0 "Eva"
        #RTRANS 5800 {6 "7104"} 640.00 20220422 "Taxi" 0 "Eva"
        #TRANS 5800 {6 "7104"} 640.00 20220422 "Taxi" 0 "Eva"
        #TRANS 5800 {6 "7104"} 640.00 20220422 "Taxi" 0 "Eva"
        }
    """), "x.se")
    costs = [r for r in export.rows if r.account == "5800"]
    # the #RTRANS and the #TRANS after it are one row; a second identical #TRANS is a row of its own
    assert [(r.line, r.ore) for r in costs] == [(10, 64000), (12, 64000)]


def test_an_rtrans_without_its_twin_still_counts():
    export = sie.read(sie_bytes("""
        #VER A 1 20220422 "x"
        {
        #RTRANS 5800 {} 10.00
        #TRANS 5800 {} 12.00
        }
    """), "x.se")
    assert [r.ore for r in export.rows] == [1000, 1200]


def test_dimension_names_come_from_dim_else_the_standard():
    export = sie.read(sie_bytes("""
        #DIM 1 "Ansvar"
        #DIM 20 "Aktivitet"
        #VER A 1 20220101 ""
        {
        #TRANS 7011 {1 "31" 2 "x" 20 "a9"} 1
        }
    """), "x.se")
    assert export.rows[0].dims == (("ansvar", "31"), ("kostnadsbärare", "x"), ("aktivitet", "a9"))
    assert export.aliases["20"] == "aktivitet"


def test_malformed_sie_lines_are_located_findings_all_in_one_error():
    problems = unreadable(sie.read, sie_bytes("""
        #VER A 1 2022013 "x"
        {
        #TRANS 7011 {6 "7101} 12
        #TRANS abc {} 1
        #TRANS 7011 {} 1.234
        #TRANS 7011 {6} 1
        #TRANS 7011 "no list" 1
        }
        #TRANS 7011 {} 1
        not a label
        #VER A 2 20220101 "never closed"
        {
    """), "utfall.se")
    assert problems == [
        ("U004", 6, {"what": "date", "value": "2022013"}),
        ("U001", 8, {"detail": "brace"}),
        ("U004", 9, {"what": "account", "value": "abc"}),
        ("U004", 10, {"what": "amount", "value": "1.234"}),
        ("U001", 11, {"detail": "objects-odd"}),
        ("U001", 12, {"detail": "trans-fields"}),
        ("U001", 14, {"detail": "trans-outside"}),
        ("U001", 15, {"detail": "no-label", "text": "not a label"}),
        ("U001", 16, {"detail": "ver-unclosed"}),
    ]


def test_an_unterminated_quote_is_located_at_its_column():
    with pytest.raises(SociofundError) as info:
        sie.read(b'#FNAMN "Ragunda\r\n', "x.se")
    f = info.value.findings[0]
    assert (f.file, f.line, f.col, f.args) == ("x.se", 1, 8, {"detail": "quote"})


@pytest.mark.parametrize("text, ore", [
    ("1", 100), ("-1", -100), ("1234.5", 123450), ("1234.50", 123450), ("0.05", 5), (".5", 50),
    ("-0.01", -1), ("+3", 300), ("12,5", 1250),
    ("1.234", None), ("1e3", None), ("", None), ("-", None), ("1 000", None), ("٣", None), ("9" * 16, None), ("9" * 15, 10**17 - 100),
])
def test_sie_amounts_are_exact_ore(text, ore):
    assert parse_ore(text) == ore


@pytest.mark.parametrize("text, date", [
    ("20220315", dt.date(2022, 3, 15)), ("2022-03-15", dt.date(2022, 3, 15)), ("2022-03-15 00:00:00", dt.date(2022, 3, 15)),
    ("20220230", None), ("2022315", None), ("15.03.2022", None), ("", None),
])
def test_dates(text, date):
    assert parse_date(text) == date


# --- CSV and xlsx -------------------------------------------------------------------------------


def test_csv_with_bom_semicolons_decimal_comma_and_thousands_spaces():
    raw = "\ufeffDatum;Konto;Projekt;Belopp\r\n2022-01-31;7011;7101;31 250,75\r\n2022-02-01;7011;7101;\"-1\u00a0000,50\"\r\n"
    export = tabular.read_csv(raw.encode("utf-8"), "x.csv", dimensions=["projekt"])
    assert [(r.line, r.account, r.ore, r.dims) for r in export.rows] == [
        (2, "7011", 3125075, (("projekt", "7101"),)), (3, "7011", -100050, (("projekt", "7101"),))]


def test_csv_in_windows_1252_with_a_title_above_the_header_and_names():
    raw = ("Huvudbok 2022-01-01 - 2022-06-30\n\n"
           "Bokföringsdatum;Konto;Projekt;Projektnamn;Belopp\n"
           "20220405;6071;7199;Östby bygdegård;1234,50\n").encode("cp1252")
    export = tabular.read_csv(raw, "x.csv", dimensions=["projekt"])
    assert export.rows[0].line == 4 and export.rows[0].ore == 123450
    assert export.objects == {("projekt", "7199"): "Östby bygdegård"}


def test_csv_with_commas_and_debet_kredit_columns():
    raw = b'Datum,Konto,Ansvar,Debet,Kredit\n2022-01-31,7011,42,"1 000.00",\n2022-02-01,7011,42,,250.25\n'
    export = tabular.read_csv(raw, "x.csv", dimensions=["ansvar"])
    assert [r.ore for r in export.rows] == [100000, -25025]


def test_csv_columns_by_other_names():
    raw = b"Bokf dag;Kontonr;Proj;Summa\n2022-01-31;7011;7101;5\n"
    export = tabular.read_csv(raw, "x.csv", dimensions=["projekt"],
                              columns={"datum": "Bokf dag", "belopp": "summa", "projekt": "PROJ"})
    assert export.rows[0].ore == 500 and export.rows[0].dims == (("projekt", "7101"),)


def test_csv_without_the_needed_columns_says_which():
    problems = unreadable(tabular.read_csv, b"Datum;Konto;Belopp\n2022-01-01;7011;1\n", "x.csv", dimensions=["projekt"])
    assert problems == [("U003", 1, {"missing": "projekt"})]


def test_csv_bad_cells_are_located():
    raw = "Datum;Konto;Projekt;Belopp\n2022-13-01;7011;1;5\n2022-01-01;x;1;5\n2022-01-01;7011;1;1,234\n2022-01-01;7011;1;12,345\n"
    problems = unreadable(tabular.read_csv, raw.encode(), "x.csv", dimensions=["projekt"])
    assert problems == [("U004", 2, {"what": "date", "value": "2022-13-01"}),
                        ("U004", 3, {"what": "account", "value": "x"}),
                        ("U004", 4, {"what": "amount", "value": "1,234"}),
                        ("U004", 5, {"what": "amount", "value": "12,345"})]


def test_csv_that_is_not_text():
    problems = unreadable(tabular.read_csv, b"Datum;Konto;Belopp\n2022-01-01;7011;\x81\n", "x.csv")
    assert problems == [("U002", 2, {"offset": 35})]


def test_summary_lines_without_a_date_are_not_rows():
    raw = b"Datum;Konto;Belopp\n2022-01-01;7011;5\n;Summa konto 7011;5\n"
    assert len(tabular.read_csv(raw, "x.csv").rows) == 1


@pytest.mark.parametrize("text, ore", [
    ("1 234,50", 123450), ("1234.50", 123450), ("1.234,50", 123450), ("1,234.50", 123450), ("1.234.567", 123456700),
    ("-12,5", -1250), ("\u221212", -1200), ("12-", -1200), ("(12,00)", -1200), ("12 kr", 1200), ("7", 700),
    ("1,234", None), ("1.234", None), ("12,345", None), ("1 23", None), ("abc", None), ("1,5,0", None),
])
def test_spreadsheet_amounts(text, ore):
    assert tabular.parse_amount(text) == ore


def test_xlsx_rows_with_float_and_date_cells():
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Huvudbok"])
    sheet.append(["Datum", "Konto", "Projekt", "Belopp"])
    sheet.append([dt.datetime(2022, 1, 31), 7011, 7101, 1234.5])
    sheet.append(["2022-02-01", "7011", "7101", 0.1 + 0.2])  # a float Excel shows as 0.3
    sheet.append([dt.date(2022, 2, 2), 7011, 7101, 10])
    sheet.append([dt.date(2022, 2, 3), 7011, 7101, 1.005])
    buf = io.BytesIO()
    book.save(buf)
    problems = unreadable(tabular.read_xlsx, buf.getvalue(), "x.xlsx", dimensions=["projekt"])
    assert problems == [("U004", 6, {"what": "amount", "value": "1.005"})]  # a third decimal is not öre
    sheet.delete_rows(6)
    buf = io.BytesIO()
    book.save(buf)
    export = tabular.read_xlsx(buf.getvalue(), "x.xlsx", dimensions=["projekt"])
    assert [(r.line, r.date, r.ore, r.dims) for r in export.rows] == [
        (3, dt.date(2022, 1, 31), 123450, (("projekt", "7101"),)), (4, dt.date(2022, 2, 1), 30, (("projekt", "7101"),)),
        (5, dt.date(2022, 2, 2), 1000, (("projekt", "7101"),))]


# --- reconciliation -----------------------------------------------------------------------------


def rows_export(body: str):
    return sie.read(sie_bytes('#OBJEKT 6 "7199" "Östby bygdegård"\n#DIM 1 "Ansvar"\n' + textwrap.dedent(body)), "x.se")


TARGETS = [Target("ifo", (("projekt", "7101"),), spent=1000), Target("aos", (("projekt", "7103"), ("ansvar", "42"))),
           Target("aos-ovrigt", (("projekt", "7103"),))]


def test_reconcile_every_ore_accounted_for():
    export = rows_export("""
        #VER A 0 20211231 "förra året"
        {
        #TRANS 7011 {6 "7101"} 5000
        #TRANS 2990 {} -5000
        }
        #VER A 1 20220131 "lön"
        {
        #TRANS 7011 {6 "7101"} 100.25
        #TRANS 7011 {6 "7101"} 100.25
        #TRANS 7011 {1 "42" 6 "7103"} 10
        #TRANS 7011 {1 "43" 6 "7103"} 20
        #TRANS 4010 {1 "42" 6 "7103"} -2.50
        #TRANS 6071 {6 "7199"} 1234.50
        #TRANS 6071 {} 1
        #TRANS 3120 {6 "7101"} -875000
        #TRANS 1930 {} 873537.50
        }
    """)
    rec = reconcile(export, 2022, TARGETS)
    got = {m.id: (m.old, m.ore, m.new, m.rows, m.rounded) for m in rec.allocations}
    assert got == {"ifo": (1000, 20050, 201, 2, True),            # 200,50 kr: rounded once, upward
                   "aos": (None, 750, 8, 2, True),                 # narrowest codes win; a credit note counts negative
                   "aos-ovrigt": (None, 2000, 20, 1, False)}
    assert [(u.codes, u.names, u.ore, u.rows) for u in rec.unmatched] == [
        ((("projekt", "7199"),), ("Östby bygdegård",), 123450, 1), ((), (), 100, 1)]
    assert (rec.outside_year.rows, rec.outside_year.ore) == (2, 0)
    assert (rec.non_cost.rows, rec.non_cost.ore) == (2, -146250)
    assert rec.cost_total == 20050 + 750 + 2000 + 123450 + 100
    assert rec.balanced and rec.rows == 11 and rec.cost_rows == 7
    assert rec.as_of == dt.date(2022, 1, 31)  # no #OMFATTN: the newest voucher of the year


def test_two_equally_narrow_allocations_do_not_share_a_row():
    export = rows_export("""
        #VER A 1 20220131 ""
        {
        #TRANS 7011 {1 "42" 6 "7101"} 10
        }
    """)
    rec = reconcile(export, 2022, [Target("a", (("projekt", "7101"),)), Target("b", (("ansvar", "42"),))])
    assert [m.ore for m in rec.allocations] == [0, 0]
    assert [(u.ore, u.ambiguous) for u in rec.unmatched] == [(1000, ("a", "b"))]
    assert rec.balanced


def test_codes_keys_are_dimension_names_or_numbers_in_any_case():
    export = rows_export("""
        #VER A 1 20220131 ""
        {
        #TRANS 7011 {6 "7101"} 10
        }
    """)
    rec = reconcile(export, 2022, [Target("a", (("6", "7101"),)), Target("b", (("Projekt ", "7101"),))])
    assert [u.ambiguous for u in rec.unmatched] == [("a", "b")]  # both name the same dimension


def test_rounding_is_half_up_in_integers():
    assert [round_kronor(o) for o in (0, 49, 50, 149, 150, 12350, -49, -50, -150)] == [0, 0, 1, 1, 2, 124, 0, 0, -1]


def test_cost_accounts():
    assert is_cost("4000") and is_cost("7999") and is_cost("70110") and not is_cost("3999") and not is_cost("8000")
    ranges = parse_ranges(["4000-5999", "7010", "6000–6999"])
    assert ranges == ((4000, 5999), (7010, 7010), (6000, 6999))
    assert is_cost("7010", ranges) and not is_cost("7011", ranges)
    with pytest.raises(ValueError):
        parse_ranges(["4000-"])


# --- the shipped example ------------------------------------------------------------------------


def test_the_shipped_sie_and_csv_examples_give_the_same_figures():
    targets = [Target("trampolin-ifo", (("projekt", "7101"),)), Target("trampolin-elevhalsan", (("projekt", "7102"),)),
               Target("handledning-aos", (("projekt", "7103"), ("ansvar", "42"))),
               Target("handledning-ami", (("projekt", "7104"),))]
    raw_sie = (EXAMPLE / "ragunda-2022-jan-jun.se").read_bytes()
    raw_csv = (EXAMPLE / "ragunda-2022-jan-jun.csv").read_bytes()
    assert b"\x99stby" in raw_sie and b"\xd6stby" in raw_csv  # CP437 and Windows-1252, as the systems write them
    results = []
    for export in (sie.read(raw_sie, "x.se"), tabular.read_csv(raw_csv, "x.csv", dimensions=["projekt", "ansvar"])):
        rec = reconcile(export, 2022, targets)
        results.append(({m.id: (m.new, m.rows) for m in rec.allocations},
                        [(u.codes, u.names, u.ore) for u in rec.unmatched], rec.cost_total, rec.balanced, rec.as_of))
    assert results[0] == results[1]
    assert results[0] == (
        {"trampolin-ifo": (246_413, 12), "trampolin-elevhalsan": (234_979, 12), "handledning-aos": (219_050, 14),
         "handledning-ami": (132_060, 11)},
        [((("projekt", "7199"),), ("Östby bygdegård",), 123_450)], 83_373_546, True, dt.date(2022, 6, 30))
