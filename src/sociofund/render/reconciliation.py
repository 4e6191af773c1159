"""The reconciliation of an import (``core.utfall.reconcile.Reconciliation``) for people and programs.

Three renderers over the same data, listed in ``formats.IMPORT_FORMATS``: ``table`` (plain,
aligned text for a terminal), ``md`` (Markdown, for a tjänsteskrivelse or a pull request) and
``json`` (stable keys, money as integers: öre where the file's exact sums are meant, kronor for
``spent``). Text from the export (codes, object names) and from the ledger (ids) is data: it is
escaped for each medium through ``safe``.

Must not import: typer, rich.
"""

from __future__ import annotations


from sociofund import i18n
from sociofund.core.money import group_digits
from sociofund.core.utfall.reconcile import Reconciliation, Unmatched
from sociofund.render import safe
from sociofund.render.options import RenderOptions

SCHEMA_VERSION = 1


def ore(amount: int, lang: str) -> str:
    """Öre for people, exactly: ``246 412,50 kr`` (sv) / ``246,412.50 kr`` (en)."""
    c = i18n.catalogue(lang)
    sign = "\u2212" if amount < 0 else ""
    whole, cents = divmod(abs(amount), 100)
    return f"{sign}{group_digits(whole, c.GROUP)}{c.DECIMAL}{cents:02d}{c.KRONOR_SEP}kr"


def _codes(codes: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{k} {c}" for k, c in codes)


def _unmatched_label(u: Unmatched, lang: str) -> str:
    label = _codes(u.codes) or i18n.label("u.no-code", lang)
    names = [n for n in u.names if n]
    if names:
        label += f" ({', '.join(names)})"
    if u.ambiguous:
        label += " — " + i18n.label("u.ambiguous", lang, ids=", ".join(u.ambiguous))
    return label


def _rows(n: int, lang: str) -> str:
    return i18n.counted(n, "row", lang)


def _lines(rec: Reconciliation, lang: str, cell) -> dict:
    """The sentences every human format shows, with ``cell`` escaping text for the medium."""
    L = i18n.label  # noqa: N806
    out = {
        "title": L("u.title", lang, path=cell(rec.path), year=rec.year),
        "as_of": L("u.as_of", lang, date=rec.as_of.isoformat()) if rec.as_of else None,
        "header": [L(k, lang) for k in ("u.insats", "u.codes", "u.old", "u.new", "u.rows", "u.exact")],
        "rows": [[cell(m.id), cell(_codes(m.codes)), "–" if m.old is None else i18n.kronor(m.old, lang),
                  i18n.kronor(m.new, lang) + ("*" if m.rounded else " "), str(m.rows), ore(m.ore, lang)]
                 for m in rec.allocations],
        "unmatched_title": L("u.unmatched", lang, count=len(rec.unmatched)) if rec.unmatched else None,
        "unmatched": [[cell(_unmatched_label(u, lang)), _rows(u.rows, lang), ore(u.ore, lang),
                       L("u.first-line", lang, line=u.first_line)] for u in rec.unmatched],
        "buckets": [],
    }
    for key, bucket in (("u.outside", rec.outside_year), ("u.non-cost", rec.non_cost)):
        text = f"{L(key, lang, year=rec.year)}: {_rows(bucket.rows, lang)}"
        if bucket.rows:
            text += f", {ore(bucket.ore, lang)} ({L('u.first-line', lang, line=bucket.first_line)})"
        out["buckets"].append(text)
    out["buckets"].append(f"{L('u.cost', lang, year=rec.year)}: {_rows(rec.cost_rows, lang)}")
    verdict = L("u.proof-ok" if rec.balanced else "u.proof-bad", lang)
    out["proof"] = L("u.proof", lang, year=rec.year, total=ore(rec.cost_total, lang),
                     matched=ore(rec.matched_ore, lang), unmatched=ore(rec.unmatched_ore, lang)) + f" — {verdict}"
    out["rounded"] = L("u.rounded", lang) if rec.rounded else None
    return out


def _aligned(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for r in [header, *rows]:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))]
        out.append("  ".join(cells).rstrip())
    return out


def table(rec: Reconciliation, options: RenderOptions = RenderOptions()) -> str:
    lang = options.lang
    x = _lines(rec, lang, safe.terminal)
    out = [x["title"]]
    if x["as_of"]:
        out.append(x["as_of"])
    out.append("")
    out += _aligned(x["header"], x["rows"], right={2, 3, 4, 5})
    if x["unmatched"]:
        out += ["", x["unmatched_title"]]
        out += ["  " + line for line in _aligned(["", "", "", ""], x["unmatched"], right={1, 2})[1:]]
    out += ["", *x["buckets"], x["proof"]]
    if x["rounded"]:
        out.append(x["rounded"])
    return "\n".join(out) + "\n"


def markdown(rec: Reconciliation, options: RenderOptions = RenderOptions()) -> str:
    lang = options.lang
    x = _lines(rec, lang, safe.markdown_cell)
    out = [f"### {x['title']}", ""]
    if x["as_of"]:
        out += [x["as_of"], ""]
    out.append("| " + " | ".join(x["header"]) + " |")
    out.append("|" + "|".join(["---", "---", "---:", "---:", "---:", "---:"]) + "|")
    out += ["| " + " | ".join(r) + " |" for r in x["rows"]]
    if x["unmatched"]:
        out += ["", x["unmatched_title"], ""]
        out += [f"- {r[0]}: {r[1]}, {r[2]} ({r[3]})" for r in x["unmatched"]]
    out += [""] + [f"- {b}" for b in x["buckets"]] + [f"- **{x['proof']}**"]
    if x["rounded"]:
        out += ["", x["rounded"]]
    return "\n".join(out) + "\n"


def to_json(rec: Reconciliation, options: RenderOptions = RenderOptions()) -> str:
    """Money: ``spent``/``old`` in whole kronor, every sum from the file in öre (``*_ore``)."""
    doc = {
        "version": SCHEMA_VERSION,
        "file": rec.path,
        "kind": rec.kind,
        "year": rec.year,
        "as_of": rec.as_of.isoformat() if rec.as_of else None,
        "allocations": [{"id": m.id, "codes": dict(m.codes), "old": m.old, "spent": m.new, "rows": m.rows,
                         "sum_ore": m.ore, "rounded": m.rounded, "changed": m.changed} for m in rec.allocations],
        "unmatched": [{"codes": dict(u.codes), "names": list(u.names), "rows": u.rows, "sum_ore": u.ore,
                       "first_line": u.first_line, "ambiguous": list(u.ambiguous)} for u in rec.unmatched],
        "outside_year": {"rows": rec.outside_year.rows, "sum_ore": rec.outside_year.ore},
        "non_cost": {"rows": rec.non_cost.rows, "sum_ore": rec.non_cost.ore},
        "cost_rows": rec.cost_rows,
        "rows": rec.rows,
        "cost_total_ore": rec.cost_total,
        "matched_ore": rec.matched_ore,
        "unmatched_ore": rec.unmatched_ore,
        "balanced": rec.balanced,
    }
    return safe.json_dumps(doc) + "\n"
