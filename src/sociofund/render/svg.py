"""Charts as inline SVG: a small writer of our own, and the three charts the html page shows.

Why our own writer and not a library: the page must be one self-contained file that needs no
network and no script to read, and the charts are three simple bar shapes. matplotlib would be a
heavy dependency (and writes text as paths, so the labels are neither selectable nor searchable);
pygal's SVG loads its tooltips through a script from a CDN; plotly and Vega need JavaScript. An
SVG bar chart is rectangles and text: about 200 lines we own, that import nothing, that we can
test in a real browser, and whose every label goes through one escape (``text``) — no library
behaviour to audit when ledger text ends up in a chart.

Rules the writer keeps:

- Every string from a ledger is XML character data, never markup: ``text`` escapes ``& < > " '``
  and shows control and bidi characters as ``\\u202e`` (``safe.terminal``), so a name cannot
  reorder the labels around it or close the ``<svg>``.
- Money arrives as whole kronor (``int``) and is formatted by ``numbers.kr``; floats appear only
  as drawing coordinates, never as money.
- No ``<script>``, no external reference (``href``), no event attributes: the html page's
  Content-Security-Policy forbids scripts and network, and the browser test would report a
  violation.

Must not import: typer, rich, core loaders (the charts take plain tuples).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sociofund.render import safe
from sociofund.render.numbers import kr, pct

#: a palette that stays distinguishable in greyscale print and for the common colour blindnesses
#: (Okabe–Ito), in the order slices are drawn
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
INK, GRID, MUTED = "#222222", "#d0d0d0", "#666666"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def text(value: str) -> str:
    """Ledger text as XML character data (also safe in an attribute value)."""
    value = safe.terminal(value)
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def _num(x: float) -> str:
    """A coordinate: short, stable text (golden files compare it)."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


class Svg:
    """An SVG document built from a few shapes; ``str()`` is the markup."""

    def __init__(self, width: int, height: int, title: str) -> None:
        self.width, self.height, self.title = width, height, title
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str, tooltip: str | None = None) -> None:
        tip = f"<title>{text(tooltip)}</title>" if tooltip else ""
        self.parts.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(max(w, 0))}" '
                          f'height="{_num(max(h, 0))}" fill="{fill}">{tip}</rect>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = GRID) -> None:
        self.parts.append(f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
                          f'stroke="{stroke}" stroke-width="1"/>')

    def label(self, x: float, y: float, value: str, *, anchor: str = "start", size: int = 12,
              fill: str = INK, bold: bool = False, full: str | None = None) -> None:
        """Text at (x, y); ``full`` is the untruncated text, shown as a tooltip."""
        weight = ' font-weight="bold"' if bold else ""
        tip = f"<title>{text(full)}</title>" if full and full != value else ""
        self.parts.append(f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" font-size="{size}" '
                          f'fill="{fill}"{weight}>{tip}{text(value)}</text>')

    def __str__(self) -> str:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{self.width}" height="{self.height}" '
                f'viewBox="0 0 {self.width} {self.height}" font-family="{FONT}">'
                f"<title>{text(self.title)}</title>" + "".join(self.parts) + "</svg>")


@dataclass(frozen=True, slots=True)
class Slice:
    label: str
    amount: int
    #: tenths of a percent of the whole (the core computes shares in integers)
    share: int | None


def split_chart(title: str, slices: Sequence[Slice], lang: str, width: int = 720) -> str:
    """How a fund-year's money is split between interventions: one bar of 100 %, a legend row
    per intervention with amount and share."""
    total = sum(s.amount for s in slices)
    row_h, bar_h, top = 22, 28, 30
    svg = Svg(width, top + bar_h + 16 + row_h * max(len(slices), 1) + 8, title)
    svg.label(0, 18, title, size=14, bold=True)
    x, left, span = 0.0, 0.0, float(width)
    for i, s in enumerate(slices):
        w = span * s.amount / total if total else 0.0
        svg.rect(left + x, top, w, bar_h, PALETTE[i % len(PALETTE)], f"{s.label}: {kr(s.amount, lang)}")
        x += w
    if not total:
        svg.rect(0, top, span, bar_h, GRID)
    y = top + bar_h + 16
    for i, s in enumerate(slices):
        svg.rect(0, y, 12, 12, PALETTE[i % len(PALETTE)])
        svg.label(18, y + 11, _short(s.label, 60), full=s.label)
        svg.label(width - 80, y + 11, kr(s.amount, lang), anchor="end")
        svg.label(width, y + 11, pct(s.share, lang), anchor="end", fill=MUTED)
        y += row_h
    return str(svg)


@dataclass(frozen=True, slots=True)
class BudgetRow:
    label: str
    budget: int
    #: None: no utfall recorded yet
    spent: int | None


def budget_chart(title: str, rows: Sequence[BudgetRow], lang: str, legend: tuple[str, str],
                 width: int = 720) -> str:
    """Budget against utfall per intervention: two bars per row on one kronor scale."""
    label_w, amount_w, top, group_h = 230, 110, 46, 40
    scale_w = width - label_w - amount_w - 10
    peak = max([r.budget for r in rows] + [r.spent or 0 for r in rows] + [1])
    svg = Svg(width, top + group_h * max(len(rows), 1) + 6, title)
    svg.label(0, 18, title, size=14, bold=True)
    for i, (name, colour) in enumerate(zip(legend, (PALETTE[0], PALETTE[1]))):
        svg.rect(label_w + i * 140, 28, 12, 12, colour)
        svg.label(label_w + i * 140 + 18, 39, name)
    y = top
    for r in rows:
        svg.label(0, y + 22, _short(r.label, 32), full=r.label)
        for j, (value, colour) in enumerate(((r.budget, PALETTE[0]), (r.spent, PALETTE[1]))):
            by = y + 4 + j * 16
            if value is None:
                svg.label(label_w + 2, by + 11, "–", fill=MUTED)
                continue
            w = scale_w * value / peak
            svg.rect(label_w, by, w, 14, colour, f"{r.label}: {kr(value, lang)}")
            svg.label(label_w + w + 4, by + 11, kr(value, lang), size=11, fill=MUTED)
        y += group_h
    svg.line(label_w, top, label_w, y, MUTED)
    return str(svg)


@dataclass(frozen=True, slots=True)
class FlowYear:
    year: int
    granted: int
    carried_in: int
    spent: int
    carried_out: int
    repaid: int


def flow_chart(title: str, years: Sequence[FlowYear], lang: str, legend: dict[str, str],
               width: int = 720) -> str:
    """A fund across years: per year, a column of what came in (grants, carried in) beside a
    column of where it went (spent, carried over, repaid). Money carried from one year is the
    next year's carried in: drawn in the same colour, it is visibly the same money, not new."""
    top, bottom, plot_h = 58, 24, 220
    # (field, legend key, colour): carried in and carried out share a colour and a legend entry
    parts_in = (("granted", "granted", PALETTE[0]), ("carried_in", "carried", PALETTE[4]))
    parts_out = (("spent", "spent", PALETTE[2]), ("carried_out", "carried", PALETTE[4]),
                 ("repaid", "repaid", PALETTE[5]))
    peak = max([y.granted + y.carried_in for y in years] + [y.spent + y.carried_out + y.repaid for y in years] + [1])
    svg = Svg(width, top + plot_h + bottom, title)
    svg.label(0, 18, title, size=14, bold=True)
    x = 0
    for key, colour in (("granted", PALETTE[0]), ("carried", PALETTE[4]), ("spent", PALETTE[2]),
                        ("repaid", PALETTE[5])):
        svg.rect(x, 30, 12, 12, colour)
        svg.label(x + 18, 41, legend[key])
        x += 18 + 8 * len(legend[key]) + 16
    base = top + plot_h
    svg.line(0, base, width, base, MUTED)
    slot = width / max(len(years), 1)
    col_w = min(60.0, slot / 3)
    for i, y in enumerate(years):
        cx = i * slot + slot / 2
        for parts, x0 in ((parts_in, cx - col_w - 2), (parts_out, cx + 2)):
            h = base
            for field, key, colour in parts:
                value = getattr(y, field)
                if not value:
                    continue
                bar = plot_h * value / peak
                h -= bar
                svg.rect(x0, h, col_w, bar, colour, f"{y.year} {legend[key]}: {kr(value, lang)}")
        svg.label(cx, base + 16, str(y.year), anchor="middle")
    return str(svg)
