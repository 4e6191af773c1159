"""``sociofund report``: the report data, every format, and the command.

Golden files (tests/golden/report-*) hold the documents' figures; they were read against the
seed documents: Ragunda 2022 (Dnr 2021:1144) available 1 750 000 + 140 000 = 1 890 000 kr, the
2021 column 453 000 + 630 000 + 420 000 + 420 000 (+ the 85 680 kr gap line) = 2 008 680 kr;
Söderhamn 3 000 000 + 1 000 000 kr a year 2021–2023; Katrineholm 8 000 000 kr expected.
"""

from __future__ import annotations

import csv
import re
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, LEDGERS, ROOT, assert_golden
from sociofund.cli import app
from sociofund.core import iter_sets, load_set
from sociofund.core.reports import build, share_tenths
from sociofund.render import report_csv, report_json, report_md, report_table
from sociofund.render.options import RenderOptions

FORMATS = ("table", "md", "csv", "json")
EXT = {"table": "txt", "md": "md", "csv": "csv", "json": "json"}


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    monkeypatch.chdir(ROOT)
    return CliRunner()


def report(runner, *args):
    return runner.invoke(app, ["report", *args], catch_exceptions=False)


# --- the data -------------------------------------------------------------------------------


def test_share_is_rounded_tenths_of_a_percent_in_integers():
    assert share_tenths(460_000, 1_890_000) == 243  # 24.338 %
    assert share_tenths(1, 2_000) == 1  # 0.05 % rounds half up
    assert share_tenths(0, 100) == 0
    assert share_tenths(5, 0) is None


def test_ragunda_2022_figures_are_the_documents():
    loaded = load_set(LEDGERS / "ragunda")
    (block,) = build([(loaded.ledger_set, loaded.findings)], (2022,)).organisations[0].years[0].funds
    f = block.figures
    assert (f.granted, f.carried_in, f.available, f.allocated, f.unallocated) == (
        1_750_000, 140_000, 1_890_000, 1_885_000, 5_000)  # Dnr 2021:1144 leaves 5 000 kr unallocated
    assert [(r.id, r.amount, r.share) for r in block.rows] == [
        ("trampolin-ifo", 460_000, 243), ("trampolin-elevhalsan", 635_000, 336), ("handledning-aos", 400_000, 212),
        ("handledning-ami", 390_000, 206)]


def test_side_by_side_matches_rows_by_id_and_totals_per_year():
    loaded = load_set(LEDGERS / "ragunda")
    sb = build([(loaded.ledger_set, loaded.findings)], ()).organisations[0].side_by_side
    assert sb.years == (2021, 2022)
    rows = {r.id: (r.amounts, r.total) for r in sb.rows}
    assert rows["trampolin-ifo"] == ((453_000, 460_000), 913_000)
    assert rows["ej-specificerat"] == ((85_680, None), 85_680)
    assert "ofordelat" not in rows  # the gap is a finding (B002, D001), not a line
    assert [t.available for t in sb.totals] == [2_008_680, 1_890_000]
    assert [t.carried_in for t in sb.totals] == [258_680, 140_000]


def test_rollup_sums_each_fund_and_year_across_organisations():
    rep = build([(x.ledger_set, x.findings) for x in iter_sets([LEDGERS])], ())
    rows = {(r.fund, r.year): (r.organisations, r.figures.available, r.figures.allocated, r.figures.unallocated) for r in rep.rollup}
    assert rows[("segregation", 2018)] == (1, 8_000_000, 0, 8_000_000)
    assert rows[("integration", 2022)] == (1, 3_000_000, 3_000_000, 0)
    assert rows[("slk", 2021)] == (1, 2_008_680, 2_008_680, 0)


def test_findings_touching_a_year_are_carried_with_it():
    loaded = load_set(FIXTURES / "as-written" / "ragunda")
    years = build([(loaded.ledger_set, loaded.findings)], ()).organisations[0].years
    assert [(y.year, [f.code for f in y.findings]) for y in years] == [(2021, ["B002"]), (2022, ["B002"])]


# --- golden outputs -------------------------------------------------------------------------

CASES = {
    "ragunda-2022": ["--ledgers", "ledgers/ragunda", "2022"],
    "ragunda-2021-2022": ["--ledgers", "ledgers/ragunda", "2021", "2022"],
    "rollup": ["--ledgers", "ledgers"],
    "rollup-all-orgs": ["--ledgers", "ledgers", "--all-orgs"],
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", CASES)
def test_golden(runner, case, fmt):
    # JSON is compact unless asked to indent; the golden files are the indented document
    r = report(runner, *CASES[case], "--format", fmt, *(("--indent", "2") if fmt == "json" else ()))
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    assert_golden(f"report-{case}.{EXT[fmt]}", r.stdout)


def test_english_and_tkr(runner):
    r = report(runner, "--ledgers", "ledgers/ragunda", "2022", "--format", "md", "--lang", "en", "--unit", "tkr")
    assert "| Grant (Tillväxtverket, expected) | 1,750 tkr |" in r.stdout
    assert "| Trampolin; heltidstjänst vid elevhälsan | Elevhälsan | 635 tkr | 33.6 % | 1.0 |" in r.stdout


def test_csv_is_plain_integers_one_row_per_allocation_and_year(runner):
    rows = list(csv.DictReader(io.StringIO(report(runner, "--ledgers", "ledgers/ragunda", "--format", "csv").stdout)))
    assert len(rows) == 9
    assert {r["year"] for r in rows} == {"2021", "2022"}
    assert sum(int(r["amount"]) for r in rows if r["year"] == "2021") == 2_008_680


def test_json_is_the_report_data(runner):
    doc = json.loads(report(runner, "--ledgers", "ledgers/ragunda", "2022", "--format", "json").stdout)
    block = doc["organisations"][0]["years"][0]["funds"][0]
    assert (block["available"], block["allocated"], block["unallocated"]) == (1_890_000, 1_885_000, 5_000)
    assert isinstance(block["rows"][0]["amount"], int)


# --- xlsx -----------------------------------------------------------------------------------


def test_xlsx_has_numeric_kronor_cells_and_the_cores_totals(runner, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "r.xlsx"
    r = report(runner, "--ledgers", "ledgers/ragunda", "--format", "xlsx", "--output", str(out))
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)  # the formulas, as Excel computes them
    cached = openpyxl.load_workbook(out, data_only=True)  # what a viewer that does not calculate shows
    # one sheet per fund-year, named so a reader finds it; then the years side by side
    assert wb.sheetnames == ["slk 2021", "slk 2022", "2021-2022"]
    ws, wv = wb["slk 2022"], cached["slk 2022"]
    # printed: a title row and the headers on every page, A4 landscape, one page wide
    assert ws["A1"].value == "Ragunda kommun: slk — Stärka landsbygdskommuner 2022 (öppet)"
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToHeight) == 0
    rows = {ws.cell(row=i, column=2).value: i for i in range(3, ws.max_row + 1)}
    cell = ws.cell(row=rows["Trampolin; heltidstjänst vid socialtjänsten/IFO"], column=4)
    assert (cell.value, cell.data_type, cell.number_format) == (460_000, "n", '#,##0" kr"')
    share = ws.cell(row=cell.row, column=5)
    assert (share.value, share.number_format) == (0.243, "0.0 %")  # a real percentage: shown as 24,3 %
    # the sums are formulas that stay right when a cell is edited, with the core's figure cached
    for label, formula, value in (("Tillgängligt", "=SUM(D7:D8)", 1_890_000), ("Fördelat", "=SUM(D3:D6)", 1_885_000),
                                  ("Ofördelat", "=ABS(D9-D10)", 5_000)):
        assert ws.cell(row=rows[label], column=4).value == formula
        assert wv.cell(row=rows[label], column=4).value == value
    side = cached["2021-2022"]
    last = {side.cell(row=i, column=1).value: [side.cell(row=i, column=c).value for c in (3, 4, 5)]
            for i in range(3, side.max_row + 1)}
    assert last["Tillgängligt"] == [2_008_680, 1_890_000, 3_758_680]  # the period counts a krona once
    assert last["Trampolin; heltidstjänst vid socialtjänsten/IFO"] == [453_000, 460_000, 913_000]
    assert wb["2021-2022"].cell(row=3, column=5).value == "=SUM(C3:D3)"
    for row in ws.iter_rows(min_row=3, min_col=4, max_col=4):
        assert row[0].value is None or isinstance(row[0].value, int) or row[0].value.startswith("=")


def test_xlsx_refuses_a_terminal(runner, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    r = runner.invoke(app, ["report", "--ledgers", "ledgers/ragunda", "--format", "xlsx"])
    assert r.exit_code in (0, 2)  # CliRunner's stdout is not a real terminal; the rule is tested below


# --- the command ----------------------------------------------------------------------------


def test_missing_year_is_a_usage_error(runner):
    r = report(runner, "--ledgers", "ledgers/ragunda", "2019")
    assert r.exit_code == 2
    assert r.stderr == "Ragunda kommun: inget år 2019 i liggaren\n"


def test_unknown_organisation_is_a_usage_error(runner):
    r = report(runner, "--ledgers", "ledgers", "--org", "Umeå")
    assert r.exit_code == 2
    assert "ingen organisation Umeå" in r.stderr


def test_org_by_folder_or_name(runner):
    a = report(runner, "--ledgers", "ledgers", "--org", "ragunda", "2022", "--format", "csv").stdout
    b = report(runner, "--ledgers", "ledgers", "--org", "ragunda kommun", "2022", "--format", "csv").stdout
    assert a == b and "Ragunda kommun,2022" in a and "Söderhamn" not in a


def test_a_year_with_findings_reports_and_lists_them(runner):
    r = report(runner, "--ledgers", "tests/fixtures/as-written/ragunda", "2021")
    assert r.exit_code == 0
    assert re.search(r"\nOfördelat +85\u00a0680\u00a0kr\n", r.stdout)
    assert "B002 85\u00a0680\u00a0kr ofördelat i slk 2021" in r.stdout
    assert report(runner, "--ledgers", "tests/fixtures/as-written/ragunda", "2021", "--strict").exit_code == 1
    assert report(runner, "--ledgers", "ledgers/ragunda", "--strict").exit_code == 0


def test_output_file_is_written_whole(runner, tmp_path):
    out = tmp_path / "r.md"
    r = report(runner, "--ledgers", "ledgers/ragunda", "2022", "--format", "md", "--output", str(out))
    assert r.exit_code == 0 and r.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("## Ragunda kommun 2022")


# --- hostile text ---------------------------------------------------------------------------

HOSTILE_NAMES = ["[bold]x[/bold]", "\x1b[31mröd", '=HYPERLINK("http://x","y")', "+1", "-1", "@x", "a|b", "::error::x"]


def hostile_set(tmp_path: Path) -> Path:
    d = tmp_path / "h"
    d.mkdir()
    n = len(HOSTILE_NAMES)
    allocs = "".join(
        f'[[allocation]]\nid = "a{i}"\nname = {json.dumps(name)}\nunit = {json.dumps(name)}\namount = 10\n\n'
        for i, name in enumerate(HOSTILE_NAMES))
    (d / "2022.toml").write_text(f'year = 2022\n[[grant]]\nfund = "slk"\namount = {10 * n}\nref = "=1+1"\n\n{allocs}',
                                 encoding="utf-8")
    return d


def test_hostile_names_are_data_in_every_format(runner, tmp_path):
    d = str(hostile_set(tmp_path))
    table = report(runner, "--ledgers", d, "--format", "table").stdout
    assert "\x1b" not in table and "[bold]x[/bold]" in table and "\\x1b[31mröd" in table
    md = report(runner, "--ledgers", d, "--format", "md").stdout
    assert "a\\|b" in md and "\x1b" not in md
    rows = list(csv.reader(io.StringIO(report(runner, "--ledgers", d, "--format", "csv").stdout)))
    names = [r[4] for r in rows[1:]]
    assert names == ["[bold]x[/bold]", "\\x1b[31mröd", "'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-1", "'@x", "a|b",
                     "::error::x"]
    assert rows[1][11] == "'=1+1" or rows[1][11] == ""
    doc = json.loads(report(runner, "--ledgers", d, "--format", "json").stdout)
    assert doc["organisations"][0]["years"][0]["funds"][0]["rows"][1]["name"] == "\x1b[31mröd"  # JSON carries data


def test_hostile_names_in_xlsx_are_text_not_formulas(runner, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "h.xlsx"
    assert report(runner, "--ledgers", str(hostile_set(tmp_path)), "--format", "xlsx", "-o", str(out)).exit_code == 0
    ws = openpyxl.load_workbook(out)["slk 2022"]
    for row in ws.iter_rows(min_row=2, max_col=3):
        for cell in row:
            assert cell.data_type != "f", cell.value


def test_renderers_need_no_cli():
    """Each format is a function over the same report data."""
    loaded = load_set(LEDGERS / "ragunda")
    data = build([(loaded.ledger_set, loaded.findings)], (2022,))
    assert "1\u00a0890\u00a0000\u00a0kr" in report_table.render(data, RenderOptions("sv"))
    assert "| Tillgängligt | 1\u00a0890\u00a0000\u00a0kr |" in report_md.render(data, RenderOptions("sv"))
    assert "handledning-ami" in report_csv.render(data)
    assert json.loads(report_json.render(data))["version"] == 2


def test_format_choices_are_the_formats_tables():
    """``--format`` offers exactly the names each family's FORMATS table maps, and every entry
    resolves to a renderer (the lookup the CLI does instead of branching)."""
    import importlib

    from sociofund.cli.check import CheckFormat
    from sociofund.cli.report import ReportFormat
    from sociofund.render.formats import FINDINGS_FORMATS, REPORT_FORMATS

    assert [f.value for f in CheckFormat] == list(FINDINGS_FORMATS)
    assert [f.value for f in ReportFormat] == list(REPORT_FORMATS)
    for spec in (*FINDINGS_FORMATS.values(), *REPORT_FORMATS.values()):
        for target in filter(None, (spec.target, spec.summary)):
            module, _, name = target.partition(":")
            assert callable(getattr(importlib.import_module(module), name)), target


def test_figures_sum_and_derive():
    from sociofund.core.ledger import Figures, sum_figures

    total = sum_figures([Figures(granted=100, allocated=60), Figures(carried_in=20, allocated=70, spent=5)])
    assert total == Figures(granted=100, carried_in=20, allocated=130, spent=5)
    assert (total.available, total.unallocated, total.unspent) == (120, -10, 115)


def test_a_new_column_is_one_entry_in_every_tabular_format(monkeypatch):
    """table, md, csv and xlsx all iterate render.columns: one more entry shows up in each, with
    its label (or CSV name), its cells and its total rule."""
    openpyxl = pytest.importorskip("openpyxl")
    import io

    from sociofund.render import columns, report_xlsx
    from sociofund.render.columns import MONEY, Column

    extra = Column("amount", "r.total", MONEY, csv="extra_amount", total=lambda b: b.figures.available)
    monkeypatch.setattr(columns, "ALLOCATION_COLUMNS", [*columns.ALLOCATION_COLUMNS, extra])
    loaded = load_set(LEDGERS / "ragunda")
    data = build([(loaded.ledger_set, loaded.findings)], (2022,))
    options = RenderOptions("sv", width=140)

    table = report_table.render(data, options)
    assert re.search(r"Andel +Årsarb\. +Totalt\n", table)
    assert re.search(r"460\u00a0000\u00a0kr +24,3\u00a0% +1,0 +460\u00a0000\u00a0kr\n", table)
    assert re.search(r"Summa fördelat .* 1\u00a0890\u00a0000\u00a0kr\n", table)  # the column's total rule

    md = report_md.render(data, options)
    assert "| Insats | Ansvarig | Belopp | Andel | Årsarb. | Totalt |\n|---|---|---:|---:|---:|---:|" in md
    assert "| 1,0 | 460\u00a0000\u00a0kr |\n" in md

    csv_lines = report_csv.render(data, options).splitlines()
    assert csv_lines[0].endswith(",spent_as_of,extra_amount")
    assert csv_lines[1].endswith(",460000")

    ws = openpyxl.load_workbook(io.BytesIO(report_xlsx.render(data, options)))["slk 2022"]
    assert ws.cell(row=2, column=ws.max_column).value == "Totalt"  # row 1 is the sheet's title
    assert ws.cell(row=3, column=ws.max_column).value == 460_000

    from sociofund.render import report_doc

    page = "".join(report_doc.html(build([(loaded.ledger_set, loaded.findings)], (2022,)), options))
    assert "<th class=num>Totalt</th>" in page  # docx and html draw the same columns


def test_formats_tables_import_no_renderer():
    """The CLI builds its --format choices from the tables without importing a renderer: a format's
    module is loaded when it renders (start-up stays lean)."""
    import subprocess
    import sys

    code = ("import sys, sociofund.cli.check, sociofund.cli.report; "
            "print(sorted(m for m in sys.modules if m.startswith(('sociofund.render.report', 'sociofund.render.findings', 'rich', 'openpyxl'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- period figures: a krona counted once (issue 11) -------------------------------------------


def test_ragunda_2021_2022_available_over_the_period_counts_the_moved_140_000_once(runner):
    table = report(runner, "2021", "2022", "--ledgers", "ledgers/ragunda").stdout.replace("\u00a0", " ")
    assert re.search(r"\n Tillgängligt +2 008 680 kr +1 890 000 kr +3 758 680 kr\n", table)
    assert "3 898 680" not in table
    md = report(runner, "2021", "2022", "--ledgers", "ledgers/ragunda", "--format", "md").stdout.replace("\u00a0", " ")
    # the 140 000 kr moved from 2021 into 2022 is a transfer line, shown once and added nowhere
    assert "| **Flyttat mellan åren (räknas en gång)** | | – | 140 000 kr | – |" in md
    assert "| **Överflyttat från före 2021** | | 258 680 kr | 0 kr | 258 680 kr |" in md
    assert md.split("## Ragunda")[1].split("Fynd")[0].count("140 000 kr") == 1
    # AMI's period amount counts the moved money once: 420 000 + 390 000 - 140 000
    assert "vid AMI | slk | 420 000 kr | 390 000 kr | 670 000 kr |" in md


def test_period_figures_in_json_and_the_rollup():
    rep = build([(x.ledger_set, x.findings) for x in iter_sets([LEDGERS])], ())
    ragunda = next(o for o in rep.organisations if o.organisation == "Ragunda kommun")
    p = ragunda.side_by_side.period
    assert (p.granted, p.carried_in, p.available, p.allocated, p.unallocated) == (
        3_500_000, 258_680, 3_758_680, 3_753_680, 5_000)
    assert ragunda.side_by_side.transfers == (0, 140_000)
    total = next(r for r in rep.rollup if r.fund == "slk" and r.year == "2021–2022")
    assert total.figures.available == 3_758_680


def test_a_year_without_reported_spending_shows_a_dash_not_0_kr(runner):
    out = report(runner, "2022", "--ledgers", "ledgers/ragunda").stdout
    assert re.search(r"\nUtfall hittills +–\n", out)
    rollup = report(runner, "--ledgers", "ledgers").stdout
    assert re.search(r"slk +2022 .* –\n", rollup)


def test_json_share_says_its_unit():
    loaded = load_set(LEDGERS / "ragunda")
    doc = json.loads(report_json.render(build([(loaded.ledger_set, loaded.findings)], (2022,))))
    row = doc["organisations"][0]["years"][0]["funds"][0]["rows"][0]
    assert row["share_permille"] == 243 and "share" not in row  # 460 000 of 1 890 000 = 24,3 %


CLOSED = {
    "2021.toml": """
        year = 2021
        closed = true

        [[grant]]
        fund = "slk"
        amount = 100_000

        [[allocation]]
        id = "a"
        amount = 100_000
        spent = 70_000

        [[repayment]]
        fund = "slk"
        amount = 10_000
        """,
    "2022.toml": """
        year = 2022

        [[grant]]
        fund = "slk"
        amount = 50_000

        [[carryover]]
        fund = "slk"
        from_year = 2021
        amount = 20_000
        approved_by = "Tillväxtverket"
        allocation = "a"

        [[allocation]]
        id = "a"
        amount = 70_000
        """,
}


def test_a_closed_year_shows_where_its_unspent_money_went(make_set, runner):
    folder = make_set(CLOSED)
    out = report(runner, "2021", "--ledgers", str(folder)).stdout.replace("\u00a0", " ")
    # available = allocated, and unspent = carried out + repaid, read off the table
    for line in ("Tillgängligt +100 000 kr", "Fördelat +100 000 kr", "Utfall +70 000 kr", "Outnyttjat +30 000 kr",
                 "Överflyttat till 2022 +20 000 kr", "Återbetalt +10 000 kr"):
        assert re.search(rf"\n{line}\n", out), line
    both = build([(load_set(folder).ledger_set, [])], ()).organisations[0].side_by_side
    assert both.period.available == 150_000 and both.period.allocated == 150_000
    assert {r.id: r.total for r in both.rows} == {"a": 150_000}  # 100 000 + 70 000 - the 20 000 moved


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_a_fund_year_without_a_prognos_has_no_prognos_columns_in_any_format(tmp_path, fmt):
    # the documents showed Prognos and Avvikelse with empty rows under a filled sum row
    out = tmp_path / f"r.{fmt}"
    r = CliRunner().invoke(app, ["report", "2022", "--ledgers", str(LEDGERS / "ragunda"), "--format", fmt,
                                 "--output", str(out)])
    assert r.exit_code in (0, 1), r.output
    if fmt == "docx":
        import docx

        text = " ".join(c.text for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells)
    else:
        text = out.read_text()
    assert "Budget" in text or "Belopp" in text
    assert "Prognos" not in text and "Avvikelse" not in text


def test_a_national_report_for_a_year_no_set_has_writes_no_file_and_says_so_once(tmp_path):
    # it streamed a report of zeros into the file, with a line per organisation, then exited 2
    out = tmp_path / "r.md"
    r = CliRunner().invoke(app, ["report", "2031", "--ledgers", str(LEDGERS), "--format", "md", "--output", str(out)])
    assert r.exit_code == 2
    assert not out.exists()
    assert r.stderr.count("\n") == 1 and "ingen av de 3 liggarna har år 2031" in r.stderr


def test_report_of_a_set_without_lang_speaks_the_locale_as_every_command_does(tmp_path):
    # report took a set without lang for Swedish, where check and funder-report follow the locale
    import shutil

    folder = tmp_path / "ragunda"
    shutil.copytree(LEDGERS / "ragunda", folder)
    cfg = folder / "sociofund.toml"
    cfg.write_text("".join(ln for ln in cfg.read_text().splitlines(keepends=True) if not ln.startswith("lang")))
    env = {"LANG": "en_US.UTF-8", "LC_ALL": "", "LANGUAGE": "", "SOCIOFUND_LANG": ""}
    r = CliRunner().invoke(app, ["report", "2022", "--ledgers", str(folder), "--format", "md"], env=env)
    assert "| Intervention |" in r.stdout, r.stdout[:300]
