"""The national report: sets loaded in parallel and written as they come, a summary line per
organisation by default, ``--org`` reading only its set. What is read and held is counted, never
timed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import LEDGERS
from sociofund.cli import app
from sociofund.core import discover_all, iter_sets, ledgerfile, loader
from sociofund.core.reports import OrgReport, Report, build
from sociofund.render import report_csv, report_json, report_md, report_table, safe
from sociofund.render.options import RenderOptions

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    return CliRunner()


def sets():
    return [(x.ledger_set, x.findings) for x in iter_sets([LEDGERS])]


@pytest.mark.parametrize("detail", [True, False])
def test_streamed_json_is_the_whole_documents_text_and_data(detail):
    report = build(sets(), detail=detail)
    whole = {"version": report_json.SCHEMA_VERSION,
             "organisations": report_json._plain(report.organisations if detail else [], "sv"),
             "rollup": report_json._plain(report.rollup, "sv"), "years_asked": [],
             "missing_years": report_json._plain(report.missing_years, "sv")}
    if not detail:
        whole["summary"] = report_json._plain(report.summaries, "sv")
    indented = report_json.render(build(sets(), detail=detail), RenderOptions(indent=2))
    assert indented == safe.json_dumps(whole) + "\n"  # byte for byte what one dump of it all gives
    compact = report_json.render(build(sets(), detail=detail), RenderOptions())
    assert "\n" not in compact.rstrip("\n") and json.loads(compact) == json.loads(indented) == whole


@pytest.mark.parametrize("renderer", [report_json, report_csv, report_md, report_table])
def test_each_organisation_is_written_before_the_next_is_read(renderer):
    built = build(sets())
    produced = []

    def one_at_a_time():
        for org in built.organisations:
            produced.append(org.organisation)
            yield org

    report = Report.stream(one_at_a_time(), detail=True, several=True)
    chunks = renderer.stream(report, RenderOptions(indent=2))
    seen = []
    for chunk in chunks:
        seen.append(len(produced))
        if len(produced) == 3:
            break
    # a chunk came out while only the first organisation had been read, then the second
    assert 1 in seen and 2 in seen


def test_parallel_and_serial_reports_are_the_same():
    folders = discover_all([LEDGERS])
    serial = list(loader.iter_reports(folders, workers=1))
    parallel = list(loader.iter_reports(folders, workers=2))
    assert [o.organisation for o in parallel] == [o.organisation for o in serial]
    assert [report_json._plain(o, "sv") for o in parallel] == [report_json._plain(o, "sv") for o in serial]


def read_paths(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = ledgerfile.read
    monkeypatch.setattr(ledgerfile, "read", lambda path, shown=None: seen.append(str(path)) or real(path, shown))
    return seen


def test_org_by_folder_reads_only_that_set(runner, monkeypatch):
    seen = read_paths(monkeypatch)
    r = runner.invoke(app, ["report", "--ledgers", str(LEDGERS), "--org", "ragunda", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert seen and all(Path(p).parent.name == "ragunda" for p in seen)


def test_org_by_name_reads_the_other_sets_settings_only(runner, monkeypatch):
    seen = read_paths(monkeypatch)
    r = runner.invoke(app, ["report", "--ledgers", str(LEDGERS), "--org", "Söderhamns kommun", "--format", "csv"])
    assert r.exit_code == 0, r.output
    others = [p for p in seen if Path(p).parent.name != "soderhamn"]
    assert others and all(Path(p).name == "sociofund.toml" for p in others)
    assert "Söderhamns kommun" in r.stdout and "Ragunda" not in r.stdout


def test_a_root_shows_one_line_per_organisation_and_the_rollup_by_default(runner):
    r = runner.invoke(app, ["report", "--ledgers", str(LEDGERS), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [x["organisation"] for x in rows] == ["Katrineholms kommun", "Ragunda kommun", "Söderhamns kommun"]
    assert int(rows[1]["available"]) == 3_758_680
    table = runner.invoke(app, ["report", "--ledgers", str(LEDGERS)]).stdout
    assert "Sammanställning per fond och år" in table and "--all-orgs" in table
    assert max(len(line) for line in table.splitlines()) <= 80 and "…" not in table
    full = runner.invoke(app, ["report", "--ledgers", str(LEDGERS), "--all-orgs"]).stdout
    assert "Trampolin" in full and "Trampolin" not in table


def test_xlsx_of_a_root_has_the_summary_and_the_rollup(runner, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "r.xlsx"
    r = runner.invoke(app, ["report", "--ledgers", str(LEDGERS), "--format", "xlsx", "--output", str(out)])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Per organisation", "Sammanställning per fond och år"[:31]]
    ws = wb["Per organisation"]
    assert ws.freeze_panes == "A3" and ws.cell(row=4, column=1).value == "Ragunda kommun"  # under a title row
    assert (ws.cell(row=4, column=5).value, ws.cell(row=4, column=5).number_format) == (3_758_680, '#,##0" kr"')


def test_a_summary_line_is_what_the_full_report_sums():
    from sociofund.core.reports import org_report

    for ls, findings in sets():
        full, line = org_report(ls, findings), org_report(ls, findings, detail=False)
        assert line.years == [] and line.side_by_side is None
        assert (line.summary, line.fund_figures, line.period, line.missing) == \
            (full.summary, full.fund_figures, full.period, full.missing)


def test_ten_years_side_by_side_are_readable_at_80_columns(runner, make_set):
    files = {f"{y}.toml": f'year = {y}\n[[grant]]\nfund = "slk"\namount = 12_345_000\n'
                          f'[[allocation]]\nid = "a"\nname = "Handledning av individer i arbetsmarknadsåtgärd"\n'
                          f'amount = 12_345_000\n' for y in range(2016, 2026)}
    folder = make_set(files)
    r = runner.invoke(app, ["report", "--ledgers", str(folder)])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80 and "…" not in r.stdout
    assert all(f"Summa {y}" in r.stdout for y in range(2016, 2026)) and "123 450 000 kr" in r.stdout.replace("\u00a0", " ")
    assert "arbetsmarknadsåtgärd" in r.stdout  # the name keeps its words (a column of 24, not cut)


# --- the national workbook ------------------------------------------------------------------


def _generated_root(tmp_path: Path, orgs: int) -> Path:
    """A root of ``orgs`` sets of three years from the benchmark's generator (several funds,
    carryovers, repayments, closed years and spending: every figure the roll-up sums)."""
    import subprocess
    import sys

    from conftest import ROOT

    out = tmp_path / f"root{orgs}"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--orgs", str(orgs), "--years", "3",
                    "--first-year", "2021", "--out", str(out)], check=True, capture_output=True)
    return out


def _xlsx(runner, root: Path, out: Path, *extra: str):
    openpyxl = pytest.importorskip("openpyxl")
    r = runner.invoke(app, ["report", "--ledgers", str(root), "--format", "xlsx", "--output", str(out), *extra])
    assert r.exit_code == 0, r.output
    return openpyxl.load_workbook(out)


def _records(ws) -> list[dict]:
    """A sheet's rows under its title and headers, keyed by the headers."""
    head = [c.value for c in ws[2]]
    return [dict(zip(head, row)) for row in ws.iter_rows(min_row=3, values_only=True)]


def test_a_national_workbook_has_a_sheet_per_year_not_per_organisation_and_its_sums_are_the_rollup(runner, tmp_path):
    small, large = _generated_root(tmp_path, 3), _generated_root(tmp_path, 14)
    # a set that comes last with a year before every other: its sheet still comes first of the years
    late = large / "zz-sen"
    late.mkdir()
    (late / "sociofund.toml").write_text('organisation = "Sena kommun"\n', encoding="utf-8")
    (late / "2019.toml").write_text('year = 2019\n[[grant]]\nfund = "slk"\namount = 500\n'
                                    '[[allocation]]\nid = "a"\nname = "Sent"\namount = 500\n', encoding="utf-8")
    sheets = ["Per organisation", "Sammanställning per fond och år", "Fondår per organisation"]
    years = ["Insatser 2021", "Insatser 2022", "Insatser 2023"]
    assert _xlsx(runner, small, tmp_path / "s.xlsx", "--all-orgs").sheetnames == sheets + years
    wb = _xlsx(runner, large, tmp_path / "l.xlsx", "--all-orgs")
    assert wb.sheetnames == sheets + ["Insatser 2019"] + years  # 15 organisations, the same sheets
    assert wb["Insatser 2021"]["A1"].value == "Insatser 2021 i alla organisationer"
    assert wb["Insatser 2021"].auto_filter.ref.startswith("A2:")

    rollup = {(r["Fond"], r["År"]): r for r in _records(wb["Sammanställning per fond och år"])
              if isinstance(r["År"], int)}
    fund_years = _records(wb["Fondår per organisation"])
    assert len({r["Organisation"] for r in fund_years}) == 15
    money = ["Tilldelning", "Överflyttat från tidigare år", "Tillgängligt", "Fördelat", "Ofördelat", "Utfall"]
    summed: dict[tuple, dict] = {}
    for r in fund_years:
        acc = summed.setdefault((r["Fond"], r["År"]), {"Organisationer": 0} | dict.fromkeys(money, 0))
        acc["Organisationer"] += 1
        for key in money:
            acc[key] += r[key] or 0
    assert set(summed) == set(rollup) and len(rollup) > 6
    for key, acc in summed.items():
        assert acc == {k: rollup[key][k] or 0 for k in acc}, key
    # every allocation in its year's sheet, an organisation column first: the amounts and the
    # spending of a fund-year add up to the roll-up's, and each organisation's to its fund-year line
    by_fund: dict[tuple, list[int]] = {}
    by_org: dict[tuple, int] = {}
    for name in ["Insatser 2019", *years]:
        year = int(name.split()[-1])
        for r in _records(wb[name]):
            acc = by_fund.setdefault((r["Fond"], year), [0, 0])
            acc[0] += r["Belopp"]
            acc[1] += r["Utfall"] or 0
            by_org[(r["Organisation"], r["Fond"], year)] = by_org.get((r["Organisation"], r["Fond"], year), 0) + r["Belopp"]
    assert {k: v[0] for k, v in by_fund.items()} == {k: r["Fördelat"] for k, r in rollup.items() if r["Fördelat"]}
    assert {k: v[1] for k, v in by_fund.items() if v[1]} == {k: r["Utfall"] for k, r in rollup.items() if r["Utfall"]}
    assert by_org == {(r["Organisation"], r["Fond"], r["År"]): r["Fördelat"] for r in fund_years if r["Fördelat"]}
    summary = _records(wb["Per organisation"])
    assert len(summary) == 15 and sum(r["Tilldelning"] for r in summary) == sum(r["Tilldelning"] for r in rollup.values())
    # no formula anywhere: every figure is the core's, and no ledger text can become one
    assert not [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_a_national_workbook_without_all_orgs_is_the_summary_and_the_rollup_in_english(runner, tmp_path):
    wb = _xlsx(runner, _generated_root(tmp_path, 4), tmp_path / "r.xlsx", "--lang", "en")
    assert wb.sheetnames == ["By organisation", "Roll-up per fund and year"]
    wb = _xlsx(runner, _generated_root(tmp_path, 4), tmp_path / "r.xlsx", "--lang", "en", "--all-orgs")
    assert wb.sheetnames[2:] == ["Fund-years by organisation", "Interventions 2021", "Interventions 2022",
                                 "Interventions 2023"]


def test_ledger_text_in_the_national_workbook_is_a_string_cell(runner, tmp_path):
    for folder, org in (("a", '=HYPERLINK("http://x","y")'), ("b", "+1 kommun")):
        d = tmp_path / "root" / folder
        d.mkdir(parents=True)
        (d / "sociofund.toml").write_text(f"organisation = '{org}'\n", encoding="utf-8")
        (d / "2022.toml").write_text('year = 2022\n[[grant]]\nfund = "slk"\namount = 10\n'
                                     '[[allocation]]\nid = "a"\nname = "=1+1"\nunit = "@x"\namount = 10\n',
                                     encoding="utf-8")
    wb = _xlsx(runner, tmp_path / "root", tmp_path / "r.xlsx", "--all-orgs")
    cells = {c.value: c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    for text in ('=HYPERLINK("http://x","y")', "+1 kommun", "=1+1", "@x"):
        assert cells[text].data_type == "s", text


def test_a_sheet_past_excels_last_row_goes_on_in_a_sheet_of_the_same_name(runner, tmp_path, monkeypatch):
    from sociofund.render import report_xlsx

    root = _generated_root(tmp_path, 3)
    whole = _xlsx(runner, root, tmp_path / "whole.xlsx", "2021", "--all-orgs")
    monkeypatch.setattr(report_xlsx, "ROWS", 7)  # five rows under the title and the headers
    wb = _xlsx(runner, root, tmp_path / "cut.xlsx", "2021", "--all-orgs")
    parts = [n for n in wb.sheetnames if n.startswith("Insatser") and n.endswith("2021")]
    assert parts[:3] == ["Insatser 2021", "Insatser (2) 2021", "Insatser (3) 2021"]
    assert wb[parts[1]]["A1"].value == "Insatser 2021 i alla organisationer (fortsättning)"
    assert all(wb[p].max_row <= 7 for p in parts)
    assert [r for p in parts for r in _records(wb[p])] == _records(whole["Insatser 2021"])  # nothing lost
    # one organisation's fund-year longer than a sheet: the sums are the core's values, no formula
    # reaching into the continuation
    one = _xlsx(runner, LEDGERS / "ragunda", tmp_path / "one.xlsx", "2022")
    assert one.sheetnames == ["slk 2022", "slk (2) 2022"]
    rows = [r for name in one.sheetnames for r in one[name].iter_rows(min_row=3, values_only=True)]
    assert (None, "Tillgängligt", None, 1_890_000) == rows[6][:4]
    assert not [c for ws in one.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_a_national_workbook_that_fails_halfway_leaves_no_temporary_file(tmp_path, monkeypatch):
    """The rows waiting for their sheet and XlsxWriter's own files live in one temporary folder
    that goes however the report ends."""
    import tempfile

    from sociofund.core.reports import org_report
    from sociofund.render import report_xlsx

    pytest.importorskip("xlsxwriter")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def orgs():
        ls, findings = sets()[1]
        yield org_report(ls, findings)
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        report_xlsx.render(Report.stream(orgs(), detail=True, several=True))
    assert list(tmp_path.iterdir()) == []
