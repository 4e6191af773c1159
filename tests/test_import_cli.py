"""``sociofund import`` on the command line: the README's story on the shipped example, the
reconciliation in every format, refusals that write nothing, export text kept as data."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import tomllib

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from sociofund.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
SIE = "ledgers/ragunda/utfall/ragunda-2022-jan-jun.se"
CSV = "ledgers/ragunda/utfall/ragunda-2022-jan-jun.csv"


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    """A copy of the shipped ledgers; the test runs beside it, as the README's commands do."""
    shutil.copytree(ROOT / "ledgers", tmp_path / "ledgers")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def year_2022(where) -> dict:
    data = tomllib.loads((where / "ledgers/ragunda/2022.toml").read_text(encoding="utf-8"))
    return {a["id"]: a for a in data["allocation"]}


def test_the_readme_import_story_runs_in_order_and_prints_what_the_readme_shows(shipped):
    section = re.search(r"^### Utfall from the ekonomisystem.*?(?=^### )", README, re.S | re.M).group(0)
    commands = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    shown = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    outputs = []
    for line in commands.splitlines():
        args = shlex.split(line, comments=True)
        result = invoke(*args[1:])
        assert result.exit_code == 0, f"{line}\n{result.output}"
        outputs.append(result.stdout)
    dry_run, first, second = outputs[:3]
    assert dry_run.startswith(shown) and first.startswith(shown)   # the README shows what it prints
    assert "(--dry-run: inget skrevs)" in dry_run and "+spent = 246_413" in dry_run
    assert "Skrev ledgers/ragunda/2022.toml." in first
    assert "finns redan i 2022; inget ändrades." in second           # the CSV holds the same bookings
    assert "P001" in outputs[3] and "95\u00a0000\u00a0kr outnyttjat" in outputs[3]
    got = {k: (a.get("spent"), str(a.get("spent_as_of")), a.get("forecast")) for k, a in year_2022(shipped).items()}
    assert got == {
        "trampolin-ifo": (246_413, "2022-06-30", None),
        "trampolin-elevhalsan": (234_979, "2022-06-30", None),
        "handledning-aos": (219_050, "2022-06-30", None),
        "handledning-ami": (140_000, "2022-07-31", 300_000),
        **{k: (None, "None", None) for k in year_2022(shipped) if k not in
           ("trampolin-ifo", "trampolin-elevhalsan", "handledning-aos", "handledning-ami")},
    }


def test_a_second_identical_import_changes_nothing(shipped):
    assert invoke("import", "2022", SIE, "--ledgers", "ledgers/ragunda").exit_code == 0
    before = (shipped / "ledgers/ragunda/2022.toml").read_bytes()
    result = invoke("import", "2022", SIE, "--ledgers", "ledgers/ragunda")
    assert result.exit_code == 0
    assert "Utfallet i ledgers/ragunda/utfall/ragunda-2022-jan-jun.se finns redan i 2022; inget ändrades." in result.stdout
    assert "Skrev" not in result.stdout
    assert (shipped / "ledgers/ragunda/2022.toml").read_bytes() == before


def test_json_is_the_only_thing_on_stdout_and_the_totals_match_to_the_ore(shipped):
    result = invoke("import", "2022", SIE, "--format", "json", "--dry-run", "--ledgers", "ledgers/ragunda")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["balanced"] and doc["cost_total_ore"] == doc["matched_ore"] + doc["unmatched_ore"] == 83_373_546
    assert [(a["id"], a["spent"], a["sum_ore"]) for a in doc["allocations"]][0] == ("trampolin-ifo", 246_413, 24_641_250)
    assert doc["unmatched"] == [{"codes": {"projekt": "7199"}, "names": ["Östby bygdegård"], "rows": 1,
                                 "sum_ore": 123_450, "first_line": 79, "ambiguous": []}]
    assert "--dry-run" in result.stderr and "+spent" in result.stderr


def test_markdown_and_english(shipped):
    result = invoke("import", "2022", CSV, "--format", "md", "--lang", "en", "--dry-run", "--ledgers", "ledgers/ragunda")
    assert result.exit_code == 0
    assert "| Allocation | Codes | Before | Now | Rows | Sum in the file |" in result.stdout
    assert "| trampolin-ifo | projekt 7101 | – | 246,413 kr* | 12 | 246,412.50 kr |" in result.stdout
    assert "**Costs in the file 2022: 833,735.46 kr = to allocations 832,500.96 kr + without allocation 1,234.50 kr" in result.stdout


def test_a_refused_import_writes_nothing_and_says_why(shipped):
    (shipped / "big.se").write_bytes(b'#VER A 1 20220131 ""\r\n{\r\n#TRANS 7011 {6 "7101"} 5000000\r\n}\r\n')
    before = (shipped / "ledgers/ragunda/2022.toml").read_bytes()
    result = invoke("import", "2022", "big.se", "--ledgers", "ledgers/ragunda")
    assert result.exit_code == 1
    assert "S001" in result.stdout and "ändringen skrevs inte" in result.stderr
    assert (shipped / "ledgers/ragunda/2022.toml").read_bytes() == before


def test_a_malformed_file_is_located_lines_and_nothing_is_written(shipped):
    (shipped / "bad.se").write_bytes(b'#FLAGGA 0\r\n#VER A 1 20220131 "x\r\n{\r\n#TRANS 7011 {6 "7101"} 12,345\r\n}\r\n')
    before = (shipped / "ledgers/ragunda/2022.toml").read_bytes()
    result = invoke("import", "2022", "bad.se", "--ledgers", "ledgers/ragunda")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == ["bad.se:2:18: U001 fel: citattecknet stängs aldrig",
                                              "bad.se:4:8: U004 fel: ogiltigt belopp '12,345'"]
    assert "bad.se: 2 rader går inte att läsa (se ovan); inget importerades" in result.stderr
    assert "Traceback" not in result.output
    assert (shipped / "ledgers/ragunda/2022.toml").read_bytes() == before


def test_a_missing_file_is_an_io_error(shipped):
    result = invoke("import", "2022", "nope.se", "--ledgers", "ledgers/ragunda")
    assert result.exit_code == 2 and "nope.se: kan inte läsas" in result.stderr


def test_text_from_the_export_is_data_in_every_format(shipped):
    evil = '#DIM 6 "Projekt"\r\n#OBJEKT 6 "7199" "\x1b[31mR\xc3\xb6d | <b>x</b>"\r\n#VER A 1 20220131 ""\r\n{\r\n#TRANS 7011 {6 "7199"} 1\r\n}\r\n'
    (shipped / "evil.se").write_bytes(evil.encode("latin-1"))
    table = invoke("import", "2022", "evil.se", "--dry-run", "--ledgers", "ledgers/ragunda")
    assert table.exit_code == 0 and "\x1b" not in table.stdout and "\\x1b[31m" in table.stdout
    md = invoke("import", "2022", "evil.se", "--dry-run", "--format", "md", "--ledgers", "ledgers/ragunda")
    assert "\x1b" not in md.stdout and "<b>" not in md.stdout


def test_spend_as_of_and_a_bad_date(shipped):
    ok = invoke("spend", "2022", "trampolin-ifo", "1000", "--as-of", "2022-03-31", "--ledgers", "ledgers/ragunda")
    assert ok.exit_code == 0 and str(year_2022(shipped)["trampolin-ifo"]["spent_as_of"]) == "2022-03-31"
    bad = invoke("spend", "2022", "trampolin-ifo", "1000", "--as-of", "31/3", "--ledgers", "ledgers/ragunda")
    assert bad.exit_code == 2 and "'31/3' är inget datum" in bad.stderr


def test_report_follows_the_year_budget_utfall_so_far_prognos_and_deviation(shipped):
    invoke("import", "2022", SIE, "--ledgers", "ledgers/ragunda")
    invoke("allocate", "2022", "handledning-ami", "--forecast", "300000", "--ledgers", "ledgers/ragunda")
    md = invoke("report", "2022", "--format", "md", "--ledgers", "ledgers/ragunda").stdout
    nb = "\u00a0"
    assert "| Insats | Ansvarig | Belopp | Andel | Årsarb. | Utfall | Kvar | Prognos | Avvikelse |" in md
    # an allocation without a forecast is expected to spend its amount: deviation 0
    assert f"| 460{nb}000{nb}kr | 24,3{nb}% | 1,0 | 246{nb}413{nb}kr | 213{nb}587{nb}kr | 460{nb}000{nb}kr | 0{nb}kr |" in md
    assert f"| 390{nb}000{nb}kr | 20,6{nb}% | 1,0 | 132{nb}060{nb}kr | 257{nb}940{nb}kr | 300{nb}000{nb}kr | -90{nb}000{nb}kr |" in md
    assert f"| Utfall t.o.m. 2022-06-30 | 832{nb}502{nb}kr |" in md
    assert f"| Prognos | 1{nb}795{nb}000{nb}kr |" in md
    assert "Outnyttjat enligt prognos" in md and "P001" in md
    table = invoke("report", "2022", "--ledgers", "ledgers/ragunda").stdout
    header = next(line for line in table.splitlines() if "Insats" in line)
    assert header.split() == ["Insats", "Belopp", "Utfall", "Prognos", "Avvikelse"]  # fits 80 columns
    doc = json.loads(invoke("report", "2022", "--format", "json", "--ledgers", "ledgers/ragunda").stdout)
    block = doc["organisations"][0]["years"][0]["funds"][0]
    assert (block["forecast"], block["forecast_unspent"], block["spent_as_of"]) == (1_795_000, 95_000, "2022-06-30")
    ami = next(r for r in block["rows"] if r["id"] == "handledning-ami")
    assert (ami["forecast"], ami["deviation"], ami["spent_as_of"]) == (300_000, -90_000, "2022-06-30")


def test_an_export_that_is_not_a_regular_file_is_refused_without_waiting(shipped):
    import os

    os.mkfifo(shipped / "fifo.se")
    result = invoke("import", "2022", "fifo.se", "--ledgers", "ledgers/ragunda")
    assert result.exit_code == 2 and "fifo.se: kan inte läsas" in result.stderr


def test_an_amount_of_thousands_of_digits_is_a_located_finding(shipped):
    (shipped / "long.se").write_bytes(b'#VER A 1 20220131 ""\r\n{\r\n#TRANS 7011 {6 "7101"} ' + b"9" * 5000 + b"\r\n}\r\n")
    result = invoke("import", "2022", "long.se", "--ledgers", "ledgers/ragunda")
    assert result.exit_code == 1 and "long.se:3:8: U004" in result.stdout
