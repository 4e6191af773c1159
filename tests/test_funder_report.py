"""``sociofund funder-report`` and co-financing: the återrapportering reconciles, in every format.

The identity is asserted on the numbers of the core object, not on printed text; the printed
formats are then read back (Word with python-docx, the workbook with openpyxl, the JSON with
json) and must show the same figures. The html page is rendered by headless Chromium.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import browser
import pytest
from typer.testing import CliRunner

from conftest import LEDGERS, ROOT, run_readme_story
from sociofund.cli import app
from sociofund.core import check, iter_sets
from sociofund.core.funder import FunderReport, funder_report, programme_rollup

FORMATS = ("table", "md", "csv", "json", "xlsx", "docx", "html")


def load(path: Path):
    (x,) = list(iter_sets([path]))
    return x


def report_of(path: Path, fund: str, year: int) -> FunderReport:
    x = load(path)
    return funder_report(x.ledger_set, fund, year, x.findings)


def assert_reconciles(fr: FunderReport) -> None:
    """The återrapportering's identities, to the krona."""
    f = fr.figures
    assert sum(g.amount for g in fr.grants) == f.granted
    assert sum(c.amount for c in fr.carried_in) == f.carried_in
    assert f.granted + f.carried_in == f.available
    assert sum(i.allocated for i in fr.interventions) == f.allocated
    assert f.allocated + f.unallocated == f.available
    assert sum(i.spent or 0 for i in fr.interventions) == f.spent
    assert all(i.deviation == i.spent - i.allocated for i in fr.interventions if i.spent is not None)
    assert sum(r.amount for r in fr.repayments) == f.repaid
    # unspent = carried out + repaid (+ what is not yet settled, which a closed year may not have)
    assert f.available - f.spent == f.unspent == fr.carried_out_total + f.repaid + fr.unsettled
    assert fr.cofinancing_total == sum(c.value or 0 for c in fr.cofinancing)


@pytest.fixture
def story(tmp_path, monkeypatch) -> Path:
    """Ragunda after README's editing story: 2022 closed, 20 000 kr carried into 2023, the rest repaid."""
    run_readme_story(tmp_path, monkeypatch)
    return tmp_path / "ledgers" / "ragunda"


def test_ragunda_2022_reconciles():
    fr = report_of(LEDGERS / "ragunda", "slk", 2022)
    assert_reconciles(fr)
    # Dnr 2021:1144 leaves 5 000 kr of the 1 890 000 kr unallocated
    assert (fr.figures.granted, fr.figures.carried_in, fr.figures.allocated) == (1_750_000, 140_000, 1_885_000)
    assert fr.figures.unallocated == 5_000
    assert [g.status for g in fr.grants] == ["expected"] and fr.grants[0].ref == "Dnr 2021:1144"
    assert fr.carried_in[0].approved_by == "Tillväxtverket"
    assert fr.unsettled == 1_890_000 and not fr.closed  # nothing spent or settled yet
    # co-financing is stated, not quantified (Dnr 2021:1144): no share of total cost can be given
    assert [c.form for c in fr.cofinancing] == ["none"] and fr.cofinancing_unquantified == 1
    assert fr.grant_share is None
    assert "M001" in [f.code for f in fr.findings] and "B002" in [f.code for f in fr.findings]
    assert [h.year for h in fr.history] == [2021, 2022]


def test_the_closed_year_of_the_readme_story_reconciles(story):
    fr = report_of(story, "slk", 2022)
    assert_reconciles(fr)
    assert fr.closed and fr.unsettled == 0
    assert [(c.to_year, c.amount, c.approved_by) for c in fr.carried_out] == [(2023, 20_000, "Tillväxtverket")]
    assert fr.figures.repaid == fr.figures.unspent - 20_000 > 0
    assert not [f for f in fr.findings if f.code.startswith("K")]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("which", ["ragunda-2022", "story-2022"])
def test_prints_in_every_format(fmt, which, request, tmp_path):
    ledgers = request.getfixturevalue("story") if which == "story-2022" else LEDGERS / "ragunda"
    out = tmp_path / f"out.{fmt}"
    r = CliRunner().invoke(app, ["funder-report", "slk", "2022", "--ledgers", str(ledgers), "--format", fmt,
                                 "--output", str(out)])
    assert r.exit_code == 0, r.output
    data = out.read_bytes()
    assert data
    if fmt in ("table", "md", "html"):
        text = data.decode()
        assert "1\u00a0890\u00a0000\u00a0kr" in text and "Tillväxtverket" in text


def test_json_carries_the_figures(story):
    r = CliRunner().invoke(app, ["funder-report", "slk", "2022", "--ledgers", str(story), "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    fr = report_of(story, "slk", 2022)
    assert doc["figures"]["unspent"] == fr.figures.unspent
    assert doc["totals"]["carried_out"] + doc["figures"]["repaid"] + doc["totals"]["unsettled"] == doc["figures"]["unspent"]
    assert [i["spent"] for i in doc["interventions"]] == [i.spent for i in fr.interventions]


def test_docx_reads_back_with_the_figures(story, tmp_path):
    docx = pytest.importorskip("docx")
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    out = tmp_path / "r.docx"
    r = CliRunner().invoke(app, ["funder-report", "slk", "2022", "--ledgers", str(story), "-f", "docx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    word = docx.Document(str(out))
    texts = [p.text for p in word.paragraphs]
    assert texts[0].startswith("Återrapportering Stärka landsbygdskommuner 2022")
    assert "Organisation: Ragunda kommun" in texts
    assert any(t.startswith("Beslut: ") and "Dnr 2021:1144" in t for t in texts)
    fr = report_of(story, "slk", 2022)
    money, interventions = word.tables[0], word.tables[1]
    assert money.rows[-1].cells[-1].text == "1\u00a0890\u00a0000\u00a0kr"
    by_name = {row.cells[0].text: row for row in interventions.rows[1:]}
    ifo = by_name["Trampolin; heltidstjänst vid socialtjänsten/IFO"]
    header = [c.text for c in interventions.rows[0].cells]
    assert ifo.cells[header.index("Utfall")].text == "455\u00a0300\u00a0kr"
    assert ifo.cells[header.index("Avvikelse")].text == "\u22124\u00a0700\u00a0kr" or \
        ifo.cells[header.index("Avvikelse")].text.replace("\u2212", "-") == "-4\u00a0700\u00a0kr"
    assert ifo.cells[header.index("Budget")].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    total = interventions.rows[-1]
    assert total.cells[header.index("Utfall")].text.replace("\u00a0", " ") == f"{fr.figures.spent:,} kr".replace(",", " ")


def test_xlsx_reads_back_with_formulas_and_cached_values(story, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "r.xlsx"
    r = CliRunner().invoke(app, ["funder-report", "slk", "2022", "--ledgers", str(story), "-f", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    fr = report_of(story, "slk", 2022)
    formulas = openpyxl.load_workbook(out)  # what Excel computes
    cached = openpyxl.load_workbook(out, data_only=True)  # what a viewer that does not compute shows
    assert formulas.sheetnames == ["slk 2022"]
    ws, wv = formulas["slk 2022"], cached["slk 2022"]
    assert ws["A1"].value.startswith("Återrapportering")
    # one page wide (1 is the format's default width, so it may be left out), any number tall
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth in (None, 1)
    assert int(ws.page_setup.fitToHeight) == 0 and ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    sums = [(c.coordinate, c.value) for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith("=SUM(")]
    assert sums, "the totals are formulas"
    for coord, formula in sums:
        # the cached value is the sum of the cells the formula names
        first, last = formula[5:-1].split(":")
        values = [wv[f"{first[0]}{n}"].value for n in range(int(first[1:]), int(last[1:]) + 1)]
        assert wv[coord].value == sum(v for v in values if isinstance(v, int))
    numbers = {c.value for row in wv.iter_rows() for c in row if isinstance(c.value, int)}
    assert {fr.figures.available, fr.figures.spent, fr.figures.allocated, 455_300} <= numbers
    shares = [c for row in ws.iter_rows() for c in row if c.number_format == "0.0 %"]
    assert shares and all(0 <= c.value <= 1 for c in shares)  # real fractions: 0,243 shown as 24,3 %


def test_html_renders_in_chromium_and_the_readme_shows_it(story, tmp_path):
    """The page in a real browser: not blank, no console error. ``SOCIOFUND_REGEN=1`` also writes
    the PNG the README shows (docs/funder-report.png)."""
    page = tmp_path / "r.html"
    # the story runs in tmp_path: a relative --ledgers names files as a reader's own run would
    r = CliRunner().invoke(app, ["funder-report", "slk", "2022", "--ledgers", "ledgers/ragunda", "-f", "html",
                                 "-o", str(page)])
    assert r.exit_code == 0, r.output
    text = page.read_text(encoding="utf-8")
    assert text.count("<svg") == 3 and "<script" not in text
    shot = browser.screenshot(page, tmp_path / "r.png", 1000, 2400)
    assert shot.console == [], shot.console
    assert len(browser.colours(shot.png)) > 20
    import os
    import shutil

    if os.environ.get("SOCIOFUND_REGEN"):
        shutil.copyfile(shot.png, ROOT / "docs" / "funder-report.png")
    assert (ROOT / "docs" / "funder-report.png").exists()


def test_report_prints_docx_and_html(tmp_path):
    for fmt in ("docx", "html"):
        out = tmp_path / f"r.{fmt}"
        r = CliRunner().invoke(app, ["report", "2021", "2022", "--ledgers", str(LEDGERS / "ragunda"), "-f", fmt,
                                     "-o", str(out)])
        assert r.exit_code == 0, r.output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<svg" in page and "2\u00a0008\u00a0680\u00a0kr" in page
    shot = browser.screenshot(tmp_path / "r.html", tmp_path / "r.png", 1000, 1600)
    assert shot.console == [] and len(browser.colours(shot.png)) > 20


def test_binary_formats_refuse_a_terminal(monkeypatch):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    r = CliRunner().invoke(app, ["funder-report", "slk", "2022", "--ledgers", str(LEDGERS / "ragunda"), "-f", "docx"])
    assert r.exit_code in (0, 2)


def test_no_such_fund_year_is_a_usage_error():
    r = CliRunner().invoke(app, ["funder-report", "nope", "2022", "--ledgers", str(LEDGERS / "ragunda")])
    assert r.exit_code == 2 and "nope" in r.stderr and "Traceback" not in r.output
    r = CliRunner().invoke(app, ["funder-report", "slk", "1999", "--ledgers", str(LEDGERS / "ragunda")])
    assert r.exit_code == 2 and "1999" in r.stderr


# --- the funder's view across municipalities ---------------------------------------------------


def test_programme_rollup_puts_differently_named_funds_on_one_row_set(make_set):
    fund = '''
        [[grant]]
        fund = "{id}"
        amount = {amount}
        [[allocation]]
        id = "a"
        amount = {amount}
        spent = {spent}
        [[cofinancing]]
        hours = 100
        hourly_cost = 400
    '''
    for org, fid, amount in (("ragunda", "slk", 1_750_000), ("ockelbo", "landsbygd", 1_200_000)):
        make_set({"sociofund.toml": f'organisation = "{org.title()} kommun"\n[funds.{fid}]\nregulation = "SFS 2018:152"\n',
                  "2022.toml": "year = 2022\nclosed = true\n" + fund.format(id=fid, amount=amount, spent=amount)},
                 name=f"root/{org}")
    make_set({"2022.toml": "year = 2022\n" + fund.format(id="egen", amount=10, spent=10)}, name="root/other")
    root = Path("root")
    sets = [(x.ledger_set, x.findings) for x in iter_sets([root])]
    rollup = programme_rollup(sets, "SFS 2018:152", (2022,))
    assert [(r.organisation, r.fund, r.figures.granted, r.cofinancing, r.closed) for r in rollup.lines] == [
        ("Ockelbo kommun", "landsbygd", 1_200_000, 40_000, True),
        ("Ragunda kommun", "slk", 1_750_000, 40_000, True),
    ]
    assert rollup.total.granted == 2_950_000 and rollup.absent == ["other"]
    r = CliRunner().invoke(app, ["funder-report", "SFS 2018:152", "2022", "--ledgers", "root", "-f", "md"])
    assert r.exit_code == 0, r.output
    assert "Ockelbo kommun" in r.stdout and "2\u00a0950\u00a0000\u00a0kr" in r.stdout


def test_shipped_ledgers_roll_up_by_regulation():
    sets = [(x.ledger_set, x.findings) for x in iter_sets([LEDGERS])]
    rollup = programme_rollup(sets, "SFS 2018:152", (2022,))
    assert [(r.organisation, r.fund) for r in rollup.lines] == [("Ragunda kommun", "slk")]
    assert rollup.lines[0].cofinancing_unquantified == 1


# --- co-financing -------------------------------------------------------------------------------


def codes(folder) -> list[tuple[str, str, int]]:
    return [(f.code, f.file, f.line) for f in check([folder]).findings]


GRANT = '''
    year = 2022
    closed = true

    [[grant]]
    fund = "s"
    amount = 900_000

    [[allocation]]
    id = "a"
    amount = 900_000
    spent = 900_000
'''


def test_cofinancing_valued_exactly_hours_and_fte_rounded_once(make_set):
    folder = make_set({"2022.toml": GRANT + '''
        [[cofinancing]]
        hours = 120
        hourly_cost = 451

        [[cofinancing]]
        fte = 0.333
        hourly_cost = 433

        [[cofinancing]]
        amount = 5_000
    '''})
    fr = report_of(folder, "s", 2022)
    assert [(c.form, c.value, c.rounded) for c in fr.cofinancing] == [
        ("hours", 54_120, False),
        ("fte", 248_005, True),  # 0.333 × 1 720 h × 433 kr = 248 005,08 kr, rounded once
        ("money", 5_000, False),
    ]


def test_m001_unquantified_cofinancing_is_a_warning_at_its_line(make_set):
    folder = make_set({"2022.toml": GRANT + '''
        [[cofinancing]]
        name = "Arbetstid"

        [[cofinancing]]
        hours = 10
    '''})
    assert codes(folder) == [("M001", "set/2022.toml", 13), ("M001", "set/2022.toml", 16)]


def test_m002_several_forms_at_its_line(make_set):
    folder = make_set({"2022.toml": GRANT + '''
        [[cofinancing]]
        amount = 1
        fte = 0.5
        hourly_cost = 400
    '''})
    assert codes(folder) == [("M002", "set/2022.toml", 13)]


@pytest.mark.parametrize("hours, expected", [(250, []), (249, [("M003", "set/2022.toml", 4)])])
def test_m003_grant_above_the_funders_share(make_set, hours, expected):
    # 900 000 kr is 90 % of 1 000 000 kr: 100 000 kr co-financing (250 h × 400 kr) is just enough
    folder = make_set({"sociofund.toml": '[funds.s]\nmax_share = 0.9\n', "2022.toml": GRANT + f'''
        [[cofinancing]]
        hours = {hours}
        hourly_cost = 400
    '''})
    assert codes(folder) == expected
    if expected:
        (f,) = check([folder]).findings
        assert (f.args["granted"], f.args["total"], f.args["max_grant"], f.args["missing"]) == (
            900_000, 999_600, 899_640, 400)
        assert f.severity.value == "error"


def test_m003_waits_for_a_value_and_is_a_warning_while_utfall_is_incomplete(make_set):
    folder = make_set({"sociofund.toml": '[funds.s]\nmax_share = 0.9\n', "2022.toml": GRANT.replace(
        "spent = 900_000", "").replace("closed = true", "") + '''
        [[cofinancing]]
        name = "Arbetstid"
    '''})
    assert [c for c, _, _ in codes(folder)] == ["M001"]
    folder = make_set({"sociofund.toml": '[funds.s]\nmax_share = 0.9\n', "2022.toml": GRANT.replace(
        "spent = 900_000", "").replace("closed = true", "")}, name="plan")
    (f,) = check([folder]).findings
    assert (f.code, f.severity.value) == ("M003", "warning")


def test_max_share_and_hourly_cost_are_exact(make_set):
    folder = make_set({"sociofund.toml": '[funds.s]\nmax_share = "90 %"\n', "2022.toml": GRANT + '''
        [[cofinancing]]
        hours = 10
        hourly_cost = 400.5
    '''})
    found = [c for c, _, _ in codes(folder)]
    assert "F006" in found and "F004" in found  # a string share, a float hourly cost: refused
