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
