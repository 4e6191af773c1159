"""``sociofund compare`` and ``sociofund decisions`` on the shipped Ragunda ledger, every format.

The figures were checked by hand against the seeds: KS §220/2020 states 4 310 000 kr for
2021–2022 (2 × 1 805 000 + ca 700 000), Dnr 2021:1144 1 750 000 + 258 680 (2021) + 1 750 000
(2022) = 3 758 680 kr with 140 000 kr moved 2021 → 2022; per line 913 000 = 453 000 + 460 000,
1 265 000 = 630 000 + 635 000, 850 000 → 420 000 + 400 000 (−30 000), 610 000 → 420 000 +
250 000 (+60 000), 175 680 and ca 496 320 dropped: −642 000 kr, and 85 680 + 5 000 kr the
revision leaves unallocated, so −551 320 kr in all.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from conftest import ROOT, assert_golden
from sociofund.cli import app

RAGUNDA = ("--ledgers", "ledgers/ragunda")
EXT = {"table": "txt", "md": "md", "csv": "csv", "json": "json"}


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    monkeypatch.chdir(ROOT)
    return CliRunner()


def run(runner, *args):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize("fmt", EXT)
def test_compare_plan_and_revision_golden(runner, fmt):
    r = run(runner, "compare", "§220/2020", "Dnr 2021:1144", *RAGUNDA, "--format", fmt)
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    assert_golden(f"compare-ragunda.{EXT[fmt]}", r.stdout)


def test_compare_prints_every_line_and_the_reconciliation(runner):
    out = " ".join(run(runner, "compare", "§220/2020", "Dnr 2021:1144", *RAGUNDA).stdout.replace("\u00a0", " ").split())
    for figure in ("−30 000 kr", "+60 000 kr", "−175 680 kr", "−496 320 kr", "−551 320 kr", "−110 000 kr",
                   "−441 320 kr", "−642 000 kr", "85 680 kr", "5 000 kr"):
        assert figure in out, figure
    assert "−551 320 kr = −110 000 kr tilldelning + −441 320 kr överflyttat från tidigare år" in out


@pytest.mark.parametrize("a, b", [("ks-220-2020", "dnr-2021-1144"), ("KS §220/2020", "2021:1144"),
                                  ("§220/2020", "Dnr. 2021:1144")])
def test_decisions_are_named_as_people_write_them(runner, a, b):
    doc = json.loads(run(runner, "compare", a, b, *RAGUNDA, "--format", "json").stdout)
    assert (doc["a"], doc["b"], doc["reconciliation"]["total"]) == ("KS §220/2020", "Dnr 2021:1144", -551_320)


def test_compare_json_and_csv_carry_plain_integers(runner):
    doc = json.loads(run(runner, "compare", "§220/2020", "2021:1144", *RAGUNDA, "--format", "json").stdout)
    lines = {x["id"]: (x["a"], x["b"], x["difference"]) for x in doc["lines"]}
    assert lines["systemteori"] == (175_680, None, -175_680) and lines["handledning-ami"] == (610_000, 670_000, 60_000)
    rec = doc["reconciliation"]
    assert (rec["granted"], rec["carried_in"], rec["lines"]) == (-110_000, -441_320, -642_000)
    assert [g["amount"] for g in rec["unallocated_b"]] == [85_680, 5_000]
    rows = list(csv.DictReader(io.StringIO(run(runner, "compare", "§220/2020", "2021:1144", *RAGUNDA, "--format", "csv").stdout)))
    available = next(r for r in rows if r["kind"] == "available")
    assert (available["amount_a"], available["amount_b"], available["difference"]) == ("4310000", "3758680", "-551320")


def test_compare_with_one_decision_is_against_the_ledger(runner):
    doc = json.loads(run(runner, "compare", "§220/2020", *RAGUNDA, "--format", "json").stdout)
    assert doc["b"] == "ledger" and doc["reconciliation"]["total"] == -551_320
    # the 140 000 kr moved 2021 -> 2022 for AMI counts once: 420 000 + 390 000 - 140 000
    assert {x["id"]: x["b"] for x in doc["lines"]}["handledning-ami"] == 670_000


def test_compare_xlsx_has_numeric_cells(runner, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "c.xlsx"
    assert run(runner, "compare", "§220/2020", "2021:1144", *RAGUNDA, "--format", "xlsx", "-o", str(out)).exit_code == 0
    ws = openpyxl.load_workbook(out).active
    values = [row for row in ws.iter_rows(values_only=True) if row and isinstance(row[-1], int)]
    assert (4_310_000, 3_758_680, -551_320) in [tuple(r[1:4]) for r in values]


def test_compare_an_unknown_decision_exits_2_and_names_the_known(runner):
    r = run(runner, "compare", "§1/1999", *RAGUNDA)
    assert r.exit_code == 2
    assert "inget beslut heter §1/1999" in r.stderr and "ks-220-2020" in r.stderr


def test_compare_needs_one_set(runner):
    assert run(runner, "compare", "§220/2020", "--ledgers", "ledgers").exit_code == 2


@pytest.mark.parametrize("fmt", EXT)
def test_decisions_golden(runner, fmt):
    r = run(runner, "decisions", *RAGUNDA, "--format", fmt)
    assert r.exit_code == 0, r.output
    assert_golden(f"decisions-ragunda.{EXT[fmt]}", r.stdout)


def test_decisions_newest_first_with_what_they_supersede(runner):
    doc = json.loads(run(runner, "decisions", *RAGUNDA, "--format", "json").stdout)
    assert [(d["id"], d["status"], d["supersedes"]) for d in doc["decisions"]] == [
        ("dnr-2021-1144", "proposed", "KS §220/2020"), ("ks-220-2020", "adopted", None)]
    out = run(runner, "decisions", *RAGUNDA, "--lang", "en").stdout
    assert "superseded by Dnr 2021:1144" in out and "supersedes KS §220/2020" in out


def test_decisions_of_a_set_without_any(runner, make_set):
    folder = make_set({"2022.toml": "year = 2022\n"})
    r = run(runner, "decisions", "--ledgers", str(folder))
    assert r.exit_code == 0 and r.stdout.strip() == ""


def test_allocate_names_the_decision_and_a_typo_is_refused(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(ROOT / "ledgers" / "ragunda", tmp_path / "ragunda")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    runner = CliRunner()
    r = runner.invoke(app, ["allocate", "2022", "uppfoljning", "5000", "--decision", "dnr-2021-1144", "--ledgers", "ragunda"])
    assert r.exit_code == 0, r.output
    assert 'decision = "dnr-2021-1144"' in (tmp_path / "ragunda" / "2022.toml").read_text(encoding="utf-8")
    assert "D007" not in r.stdout  # it rests on a decision
    r = runner.invoke(app, ["allocate", "2022", "annat", "1", "--decision", "dnr-2021-1145", "--ledgers", "ragunda"])
    assert r.exit_code == 1 and "D009" in r.stdout  # no such decision: the change is refused
