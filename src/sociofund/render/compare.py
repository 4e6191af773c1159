"""``sociofund compare`` and ``sociofund decisions`` in every report format: table, md, csv, json, xlsx.

Both commands' data are small: a ``Comparison`` (per intervention A, B and the difference; per
fund the period's grants, carry-in, transfers, available, allocated and unallocated; the
reconciliation) and a list of ``DecisionSummary``. Each format is a function ``(data, options)``
listed in ``formats.COMPARE_FORMATS`` / ``formats.DECISIONS_FORMATS``. The rows every format
shows are built once here (``_line_rows``, ``_fund_rows``, ``reconciliation``); a format only
lays them out. Text from a ledger is escaped for its medium (``render.safe``); money is whole
kronor, formatted for people only in the people formats, "ca" before an approximate figure.

Must not import at module level: rich, xlsxwriter.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sociofund import i18n
from sociofund.core.decisions import Comparison, DecisionSummary
from sociofund.render import safe
from sociofund.render.numbers import kr
from sociofund.render.options import RenderOptions


@dataclass(frozen=True, slots=True)
class Amount:
    value: int | None
    approx: bool = False
    signed: bool = False

    def text(self, o: RenderOptions) -> str:
        if self.value is None:
            return "–"
        if self.signed:
            sign = "+" if self.value > 0 else "−" if self.value < 0 else "±"
            return sign + kr(abs(self.value), o.lang, o.unit)
        return (i18n.label("d.approx", o.lang) if self.approx else "") + kr(self.value, o.lang, o.unit)


def _name(c: Comparison, which: str, lang: str, key: str = "c.ledger") -> str:
    """A side's name: the decision as people write it, or the ledger (``c.ledger`` as a column
    heading, ``c.ledger_in_text`` inside a sentence)."""
    label = c.a if which == "a" else c.b
    return i18n.label(key, lang) if label == "ledger" else label


def _years(years: tuple[int, ...]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}" if years else ""


def _line_rows(c: Comparison) -> list[tuple[str, str, Amount, Amount, Amount]]:
    """(id, name, A, B, B − A) per intervention."""
    return [(x.id, x.name, Amount(x.a, x.a_approx), Amount(x.b, x.b_approx), Amount(x.diff, x.a_approx or x.b_approx, True))
            for x in c.lines]


#: the fund figures of a comparison, in the order they are shown
FUND_FIGURES = (("granted", "r.granted"), ("carried_in", "r.carried_in_any"), ("transferred", "c.transfer"),
                ("available", "r.available"), ("allocated", "r.allocated"), ("unexplained", "r.unallocated"))


def _fund_rows(c: Comparison) -> list[tuple[str, str, Amount, Amount, Amount]]:
    """(fund, label key, A, B, B − A) per fund and figure."""
    rows = []
    for f in c.funds:
        for key, label in FUND_FIGURES:
            a, b = getattr(f, key)
            if key == "transferred" and not (a or b):
                continue
            approx = f.approx if key in ("carried_in", "available") else (False, False)
            rows.append((f.fund, label, Amount(a, approx[0]), Amount(b, approx[1]), Amount(b - a, any(approx), True)))
    return rows


def reconciliation(c: Comparison, lang: str) -> list[str]:
    """Why the total changed, twice: by where the money comes from, and by where it goes."""
    out = [i18n.label("c.recon.sources", lang, total=c.total, granted=c.granted, carried=c.carried_in)]
    gaps = "".join(_gap(g.amount, g.years, _name(c, "b", lang, "c.ledger_in_text"), lang) for g in c.gaps_b)
    gaps += "".join(_gap(-g.amount, g.years, _name(c, "a", lang, "c.ledger_in_text"), lang) for g in c.gaps_a)
    out.append(i18n.label("c.recon.uses", lang, total=c.total, lines=c.lines_diff) + gaps)
    if c.approx:
        out.append(i18n.label("c.approx", lang))
    return out


def _gap(amount: int, years: tuple[int, ...], decision: str, lang: str) -> str:
    """`` + 85 680 kr ofördelat 2021 i Dnr 2021:1144``: money a side left unallocated adds to the
    difference when it is B's, takes from it when it is A's."""
    return i18n.label("c.recon.gap", lang, op="−" if amount < 0 else "+", amount=abs(amount), years=_years(years),
                      decision=decision)


def _tkr_note(o: RenderOptions) -> list[str]:
    """In tkr, what the rounding is: each amount on its own (a comparison has no sum rows)."""
    return [i18n.label("c.tkr_note", o.lang)] if o.unit == "tkr" else []


def _title(c: Comparison, lang: str) -> str:
    return i18n.label("c.title", lang, org=c.organisation, a=_name(c, "a", lang, "c.ledger_in_text"),
                      b=_name(c, "b", lang, "c.ledger_in_text"), years=_years(c.years))


def _headers(c: Comparison, lang: str, first: str) -> list[str]:
    return [i18n.label(first, lang), _name(c, "a", lang), _name(c, "b", lang), i18n.label("c.diff", lang)]


# --- compare: table, md, csv, json, xlsx -------------------------------------------------------


def table(c: Comparison, o: RenderOptions = RenderOptions()) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from sociofund.render.console import console as make_console, unpadded

    buf = io.StringIO()
    console = make_console(buf, o.width, o.color)
    console.print(Text(safe.terminal(_title(c, o.lang)), style="bold"))

    def amounts_table(first: str, rows) -> Table:
        """A name column that folds, then the A, B and difference columns, right-aligned."""
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
        name, *amounts = _headers(c, o.lang, first)
        t.add_column(safe.terminal(name), ratio=1, overflow="fold")
        for h in amounts:
            t.add_column(safe.terminal(h), justify="right", no_wrap=True)
        for label, a, b, d in rows:
            t.add_row(Text(safe.table_cell(label)), a.text(o), b.text(o), d.text(o))
        return t

    console.print(amounts_table("r.insats", ((name, a, b, d) for _id, name, a, b, d in _line_rows(c))))
    funds = amounts_table("r.fund", ((f"{fund}: {i18n.label(label, o.lang)}", a, b, d)
                                     for fund, label, a, b, d in _fund_rows(c)))
    console.print(funds)
    for sentence in reconciliation(c, o.lang) + _tkr_note(o):
        console.print(Text(safe.terminal(sentence)))
    return unpadded(buf.getvalue())


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def md(c: Comparison, o: RenderOptions = RenderOptions()) -> str:
    out = [f"## {safe.markdown(_title(c, o.lang))}", ""]
    out += [_md_row([safe.markdown_cell(h) for h in _headers(c, o.lang, "r.insats")]), "|---|---:|---:|---:|"]
    out += [_md_row([safe.markdown_cell(name), a.text(o), b.text(o), d.text(o)]) for _id, name, a, b, d in _line_rows(c)]
    out += ["", _md_row([safe.markdown_cell(h) for h in _headers(c, o.lang, "r.fund")]), "|---|---:|---:|---:|"]
    out += [_md_row([safe.markdown_cell(f"{fund}: {i18n.label(label, o.lang)}"), a.text(o), b.text(o), d.text(o)])
            for fund, label, a, b, d in _fund_rows(c)]
    out += [""] + [safe.markdown(s) + "  " for s in reconciliation(c, o.lang)]
    out += [f"*{note}*" for note in _tkr_note(o)]  # our own sentence, not ledger text
    return "\n".join(out).rstrip() + "\n"


def to_csv(c: Comparison, o: RenderOptions = RenderOptions()) -> str:
    """One row per figure: plain integers, empty where a line is absent; ``approx`` says "ca"."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["organisation", "a", "b", "kind", "fund", "id", "name", "amount_a", "amount_b", "difference", "approx"])
    org, a, b = (safe.spreadsheet_cell(x) for x in (c.organisation, c.a, c.b))
    for line in c.lines:
        w.writerow([org, a, b, "allocation", safe.spreadsheet_cell(line.fund), line.id, safe.spreadsheet_cell(line.name),
                    "" if line.a is None else line.a, "" if line.b is None else line.b, line.diff,
                    int(line.a_approx or line.b_approx)])
    for f in c.funds:
        for key, _label in FUND_FIGURES:
            va, vb = getattr(f, key)
            w.writerow([org, a, b, key, safe.spreadsheet_cell(f.fund), "", "", va, vb, vb - va, ""])
    return buf.getvalue()


def _comparison_doc(c: Comparison, lang: str) -> dict:
    return {
        "version": 1, "organisation": c.organisation, "a": c.a, "b": c.b, "years": list(c.years),
        "lines": [{"id": x.id, "name": x.name, "fund": x.fund, "a": x.a, "b": x.b, "difference": x.diff,
                   "a_approx": x.a_approx, "b_approx": x.b_approx} for x in c.lines],
        "funds": [{"fund": f.fund, **{key: {"a": getattr(f, key)[0], "b": getattr(f, key)[1]} for key, _ in FUND_FIGURES}}
                  for f in c.funds],
        "reconciliation": {
            "total": c.total, "granted": c.granted, "carried_in": c.carried_in, "lines": c.lines_diff,
            "unallocated_a": [{"years": list(g.years), "fund": g.fund, "amount": g.amount} for g in c.gaps_a],
            "unallocated_b": [{"years": list(g.years), "fund": g.fund, "amount": g.amount} for g in c.gaps_b],
            "text": reconciliation(c, lang),
        },
        "approx": c.approx,
    }


def to_json(c: Comparison, o: RenderOptions = RenderOptions()) -> str:
    return safe.json_dumps(_comparison_doc(c, o.lang)) + "\n"


def xlsx(c: Comparison, o: RenderOptions = RenderOptions()) -> bytes:
    """The two tables and the reconciliation as one sheet, through the one workbook writer
    (``document_xlsx``), in kronor: a comparison has no sum rows for tkr to add up to."""
    from sociofund.render import document_xlsx
    from sociofund.render.document import Column, Document, Paragraph, Section, Table

    tables = []
    for headers, rows in ((_headers(c, o.lang, "r.insats"), [(n, a, b, d) for _i, n, a, b, d in _line_rows(c)]),
                          (_headers(c, o.lang, "r.fund"),
                           [(f"{fund}: {i18n.label(label, o.lang)}", a, b, d) for fund, label, a, b, d in _fund_rows(c)])):
        cols = [Column(headers[0], width=60), *(Column(h, "money", 16) for h in headers[1:])]
        tables.append(Table(cols, [[name, a.value, b.value, d.value] for name, a, b, d in rows]))
    blocks = [*tables, *(Paragraph(sentence) for sentence in reconciliation(c, o.lang))]
    doc = Document(_title(c, o.lang), "", (), [Section("", blocks)], o.lang, sheet="compare")
    return document_xlsx.write([doc], "kr")


# --- decisions: table, md, csv, json ------------------------------------------------------------

DECISION_HEADERS = ("c.decision", "c.status", "c.date", "r.year", "r.available", "r.allocated")


def _decision_cells(d: DecisionSummary, o: RenderOptions) -> list[str]:
    return [d.label, i18n.label(f"d.status.{d.status}", o.lang), d.date or "–", _years(d.years),
            kr(d.available, o.lang, o.unit) or "–", kr(d.allocated, o.lang, o.unit) or "–"]


def _decision_detail(d: DecisionSummary, o: RenderOptions) -> list[str]:
    """What stands under a decision's name: its body and title, what it supersedes, what supersedes it."""
    out = [f"{d.body}: {d.title}" if d.title else d.body]
    if d.supersedes:
        out.append(i18n.label("c.supersedes_it", o.lang, what=d.supersedes))
    if d.superseded_by:
        out.append(i18n.label("c.superseded_by", o.lang, by=", ".join(d.superseded_by)))
    return out


def decisions_table(ds: list[DecisionSummary], o: RenderOptions = RenderOptions()) -> str:
    """One block per decision, newest first: a terminal has no room for a title in a table cell."""
    out = []
    for d in ds:
        label, status, date, years, available, allocated = _decision_cells(d, o)
        out.append(safe.terminal(f"{label} — {status}, {date}, {years}"))
        out += ["  " + safe.terminal(line) for line in _decision_detail(d, o)]
        if d.available is not None or d.allocated is not None:
            out.append("  " + i18n.label("c.money", o.lang, available=available, allocated=allocated))
        out.append("")
    return "\n".join(out)


def decisions_md(ds: list[DecisionSummary], o: RenderOptions = RenderOptions()) -> str:
    out = [_md_row([i18n.label(h, o.lang) for h in (*DECISION_HEADERS, "c.doc_title")]),
           "|---|---|---|---|---:|---:|---|"]
    out += [_md_row([safe.markdown_cell(x) for x in (*_decision_cells(d, o), "; ".join(_decision_detail(d, o)))])
            for d in ds]
    return "\n".join(out) + "\n"


def decisions_csv(ds: list[DecisionSummary], o: RenderOptions = RenderOptions()) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "decision", "body", "status", "date", "years", "title", "supersedes", "superseded_by",
                "available", "allocated"])
    for d in ds:
        w.writerow([d.id, *(safe.spreadsheet_cell(x) for x in (d.label, d.body, d.status, d.date)),
                    " ".join(map(str, d.years)), safe.spreadsheet_cell(d.title), safe.spreadsheet_cell(d.supersedes),
                    safe.spreadsheet_cell("; ".join(d.superseded_by)),
                    "" if d.available is None else d.available, "" if d.allocated is None else d.allocated])
    return buf.getvalue()


def decisions_json(ds: list[DecisionSummary], o: RenderOptions = RenderOptions()) -> str:
    doc = {"version": 1, "decisions": [
        {"id": d.id, "label": d.label, "body": d.body, "status": d.status, "date": d.date or None,
         "years": list(d.years), "title": d.title, "supersedes": d.supersedes or None,
         "superseded_by": list(d.superseded_by), "available": d.available, "allocated": d.allocated} for d in ds]}
    return safe.json_dumps(doc) + "\n"
