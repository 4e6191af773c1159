"""Outputs that serve their reader: ``--output -``, ``TERM=dumb``, xlsx string cells and sheet
names, the CSV Swedish Excel opens by a double-click, and a byte-order mark kept by an edit."""

from __future__ import annotations

import io
import sys

import pytest
from typer.testing import CliRunner

from sociofund.cli import app
from sociofund.cli.base import use_color

YEAR = '''year = 2022

[[grant]]
fund = "slk"
amount = 100_000

[[allocation]]
id = "ifo"
name = "=1+1 inte en formel"
unit = "-IFO"
amount = 60_000
fte = 0.5

[[allocation]]
id = "rest"
name = "Resten"
amount = 40_000
'''


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_term_dumb_means_no_colour(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert use_color(_Tty())
    monkeypatch.setenv("TERM", "dumb")
    assert not use_color(_Tty())


def test_output_dash_is_standard_output(make_set, tmp_path):
    folder = make_set({"2022.toml": YEAR})
    r = CliRunner().invoke(app, ["report", "2022", "--ledgers", str(folder), "--format", "csv", "--output", "-"])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("organisation,")
    assert not (tmp_path / "-").exists()


def test_csv_excel_opens_in_swedish_excel(make_set):
    folder = make_set({"2022.toml": YEAR})
    r = CliRunner().invoke(app, ["report", "2022", "--ledgers", str(folder), "--format", "csv-excel"])
    assert r.exit_code == 0, r.output
    text = r.stdout_bytes.decode("utf-8")
    assert text.startswith("\ufeff")  # a byte-order mark: Excel reads UTF-8
    header, first = text[1:].split("\r\n")[:2]
    assert header.startswith("organisation;year;fund;id;")
    assert ";'-IFO;" in first  # still neutralised: a CSV cell can be a formula
    assert ";60000;" in first and ";60,0;" in first and ";0,5;" in first  # decimal commas
    machine = CliRunner().invoke(app, ["report", "2022", "--ledgers", str(folder), "--format", "csv"]).stdout
    assert not machine.startswith("\ufeff") and ",60.0," in machine  # the machine CSV is as it was


def _workbook(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def test_xlsx_text_is_a_string_cell_without_the_csv_apostrophe(make_set, tmp_path):
    folder = make_set({"2022.toml": YEAR})
    out = tmp_path / "r.xlsx"
    r = CliRunner().invoke(app, ["report", "2022", "--ledgers", str(folder), "--format", "xlsx", "--output", str(out)])
    assert r.exit_code == 0, r.output
    cells = [c for row in _workbook(out.read_bytes()).active.iter_rows() for c in row if c.value is not None]
    by_value = {c.value: c for c in cells}
    assert "-IFO" in by_value and "'-IFO" not in by_value
    assert by_value["-IFO"].data_type == "s"
    assert by_value["=1+1 inte en formel"].data_type == "s"  # text, never a formula


def test_xlsx_of_a_root_names_organisations_in_a_column_not_in_sheet_names(make_set, tmp_path):
    """Two organisations whose names differ only past Excel's 31 characters: the national workbook
    names its sheets for what they hold (a year), and each organisation stands in full in its column."""
    long_a, long_b = "Västra Götalandsregionen norra", "Västra Götalandsregionen södra"
    for name, org in (("a", long_a), ("b", long_b)):
        make_set({"sociofund.toml": f'organisation = "{org}"\n', "2022.toml": YEAR}, name=f"root/{name}")
    out = tmp_path / "r.xlsx"
    r = CliRunner().invoke(app, ["report", "2022", "--ledgers", "root", "--all-orgs", "--format", "xlsx",
                                 "--output", str(out)])
    assert r.exit_code == 0, r.output
    wb = _workbook(out.read_bytes())
    assert wb.sheetnames == ["Per organisation", "Sammanställning per fond och år", "Fondår per organisation",
                             "Insatser 2022"]
    assert {ws.cell(row=i, column=1).value for ws in (wb["Insatser 2022"], wb["Fondår per organisation"])
            for i in range(3, ws.max_row + 1)} == {long_a, long_b}


def test_an_edit_keeps_the_byte_order_mark(make_set):
    folder = make_set({"2022.toml": b"\xef\xbb\xbf" + YEAR.encode()})
    r = CliRunner().invoke(app, ["spend", "2022", "ifo", "1000", "--ledgers", str(folder)])
    assert r.exit_code == 0, r.output
    raw = (folder / "2022.toml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfyear = 2022\n")
    assert raw.count(b"\xef\xbb\xbf") == 1
    assert b"spent = 1_000" in raw or b"spent = 1000" in raw
