"""The document media on their own: SVG charts, the Word writer, the html page in a real browser.

These take hand-made values, not ledgers: what a report puts into a document is tested with the
reports (test_funder_report.py); here, what the media do with any text and any figure.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.dom.minidom
from pathlib import Path

import browser
import pytest

from sociofund.render import svg
from sociofund.render.document import Chart, Column, Document, Paragraph, Section, Table

HOSTILE = 'Elevhälsan</text><script>alert(1)</script> & "x" \u202eevil\x1b[31m'


def _charts(label: str = "Trampolin; IFO") -> list[str]:
    return [
        svg.split_chart("Fördelning 2022", [svg.Slice(label, 460_000, 243), svg.Slice("AMI", 390_000, 206),
                                           svg.Slice("Elevhälsan", 1_040_000, 551)], "sv"),
        svg.budget_chart("Budget och utfall", [svg.BudgetRow(label, 460_000, 455_300),
                                               svg.BudgetRow("AMI", 390_000, None)], "sv", ("Budget", "Utfall")),
        svg.flow_chart("Flödet", [svg.FlowYear(2021, 1_750_000, 258_680, 1_800_000, 140_000, 68_680),
                                  svg.FlowYear(2022, 1_750_000, 140_000, 1_870_000, 20_000, 0)], "sv",
                       {"granted": "Tilldelat", "carried": "Överflyttat", "spent": "Utfall", "repaid": "Återbetalt"}),
    ]


def test_charts_are_well_formed_svg_with_ledger_text_as_text():
    for i, chart in enumerate(_charts(HOSTILE)):
        dom = xml.dom.minidom.parseString(chart)  # well-formed XML whatever the label holds
        assert dom.documentElement.tagName == "svg"
        assert not dom.getElementsByTagName("script")
        assert "<script>" not in chart and "\u202e" not in chart and "\x1b" not in chart
        if i < 2:  # the flow chart names years only
            assert "&lt;/text&gt;&lt;script&gt;" in chart and "\\u202e" in chart
        assert not re.search(r"\s(on\w+|href)=", chart)  # no event handler, no link


def test_chart_amounts_are_swedish_kronor_and_shares():
    split = _charts()[0]
    assert "460\u00a0000\u00a0kr" in split and "24,3\u00a0%" in split


def _document(label: str = "Trampolin; IFO") -> Document:
    cols = [Column("Insats"), Column("Belopp", "money"), Column("Andel", "share"), Column("Förfaller", "date")]
    table = Table(cols, [[label, 460_000, 243, dt.date(2023, 3, 31)], ["Summa", 1_890_000, 1000, None]],
                  strong=frozenset({1}), caption="Fördelning")
    return Document("Återrapportering 2022", "Ragunda kommun", ["Dnr 2021:1144"],
                    [Section("Medlen", [table, Paragraph("5 000 kr ofördelat", alert=True)]),
                     Section("Diagram", [Chart(c, "c") for c in _charts(label)])],
                    organisation_label="Organisation", refs_label="Beslut")


def test_docx_has_title_organisation_ref_and_right_aligned_swedish_amounts():
    docx = pytest.importorskip("docx")
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from sociofund.render import docx_writer

    word = docx.Document(io.BytesIO(docx_writer.write(_document(HOSTILE))))
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == "Återrapportering 2022"
    assert "Organisation: Ragunda kommun" in texts and "Beslut: Dnr 2021:1144" in texts
    table = word.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Insats", "Belopp", "Andel", "Förfaller"]
    amount = table.rows[1].cells[1].paragraphs[0]
    assert amount.text == "460\u00a0000\u00a0kr" and amount.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[1].cells[0].text.startswith("Elevhälsan</text><script>")  # text, shown as written
    assert "\\u202e" in table.rows[1].cells[0].text and "\x1b" not in table.rows[1].cells[0].text
    assert table.rows[2].cells[1].paragraphs[0].runs[0].bold  # the sum row
    assert round(word.sections[0].page_width.mm) == 210


def test_html_page_is_self_contained_and_escapes_ledger_text():
    from sociofund.render import html_page

    page = html_page.write(_document(HOSTILE))
    assert "<script" not in page.lower()
    assert not re.search(r"(src|href)=", page)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "Elevhälsan&lt;/text&gt;&lt;script&gt;" in page
    assert page.count("<svg") == 3


def test_html_page_renders_in_chromium_without_console_errors(tmp_path):
    from sociofund.render import html_page

    page = tmp_path / "page.html"
    page.write_text(html_page.write(_document(HOSTILE)), encoding="utf-8")
    shot = browser.screenshot(page, tmp_path / "page.png", 900, 1100)
    assert shot.console == []
    assert len(browser.colours(shot.png)) > 20  # text, tables and three charts, not a blank page


def test_the_browser_check_sees_a_script_and_a_blank_page(tmp_path):
    """The harness itself: a page that runs a script is reported, an empty page is blank."""
    from sociofund.render.html_page import CSP

    page = tmp_path / "bad.html"
    page.write_text(f'<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="{CSP}">'
                    "<body style='background:#fff'><script>nothing()</script></body>", encoding="utf-8")
    shot = browser.screenshot(page, tmp_path / "bad.png", 400, 300)
    assert shot.console, shot.stderr[-2000:]
    assert len(browser.colours(shot.png)) == 1
