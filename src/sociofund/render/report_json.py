"""The report data as JSON: stable keys, integers for money, findings as ``check --format json``.

The JSON is a contract (``version``, see ``SCHEMA_VERSION``): programs read its keys. The core
carries a fund-year's money as one ``Figures`` record; here it is spelled out as flat keys, in the
same order, and what the core adds for people (the total row's share) stays out. A key says its
unit where it is not whole kronor (``share_permille``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

from sociofund.core.diagnostics import Finding
from sociofund.core.ledger import Figures
from sociofund.core.reports import AllocationRow, FundBlock, OrgReport, OrgSummary, Report, RollupRow, SideBySide
from sociofund.render import safe
from sociofund.render.findings import as_dict
from sociofund.render.options import RenderOptions

#: 2: an allocation's share is ``share_permille`` (tenths of a percent, 243 = 24,3 %; version 1
#: called it ``share``); fund-years carry ``carried_out``, side-by-sides their ``period``, ``transfers``
#: and ``lines``, the roll-up its fund totals over the years shown
SCHEMA_VERSION = 2

#: the figures each kind of record shows, as flat keys where the record carries ``figures``
_FIGURE_KEYS = {
    FundBlock: ("granted", "carried_in", "available", "allocated", "unallocated", "spent", "unspent", "repaid",
                "carried_out", "forecast", "forecast_unspent"),
    RollupRow: ("granted", "carried_in", "available", "allocated", "unallocated", "spent"),
    SideBySide: ("granted", "carried_in", "available", "allocated", "unallocated"),
    OrgSummary: ("granted", "carried_in", "available", "allocated", "unallocated", "spent", "repaid", "carried_out"),
}
#: fields of the core data that version 1 does not have
_LEFT_OUT = {FundBlock: {"allocated_share", "partial"},
             # what the roll-up and the summary are made of, not part of an organisation's record
             OrgReport: {"summary", "fund_figures", "missing"}}
#: keys whose name says their unit
_RENAMED = {AllocationRow: {"share": "share_permille"}}
#: a side-by-side's figures over its period, each krona once
_PERIOD_KEYS = ("granted", "carried_in", "available", "allocated", "unallocated", "spent", "repaid", "carried_out")


def _figures(figs: Figures, keys: tuple[str, ...]) -> dict[str, int]:
    return {k: getattr(figs, k) for k in keys}


def _per_year(figs: tuple[Figures, ...], keys: tuple[str, ...]) -> dict[str, list[int]]:
    """A side-by-side's figures as version 1 has them: per figure, one value per year."""
    return {k: [getattr(f, k) for f in figs] for k in keys}


def _record(value, lang: str) -> dict:
    keys = _FIGURE_KEYS.get(type(value), ())
    out: dict = {}
    for f in dataclasses.fields(value):
        if f.name in _LEFT_OUT.get(type(value), ()):
            continue
        item = getattr(value, f.name)
        if isinstance(value, SideBySide) and f.name == "period":
            out[f.name] = _figures(item, _PERIOD_KEYS)
        elif isinstance(value, OrgReport) and f.name == "period":
            out[f.name] = {fund: _figures(figs, _PERIOD_KEYS) for fund, figs in item.items()}
        elif isinstance(item, Figures):
            out.update(_figures(item, keys))
        elif isinstance(value, SideBySide) and f.name == "funds":
            out[f.name] = {fund: _per_year(figs, keys) for fund, figs in item.items()}
        elif isinstance(value, SideBySide) and f.name == "totals":
            out[f.name] = _per_year(item, keys)
        else:
            out[_RENAMED.get(type(value), {}).get(f.name, f.name)] = _plain(item, lang)
    return out


def _plain(value, lang: str):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Finding):
        return as_dict(value, lang)
    if dataclasses.is_dataclass(value):
        return _record(value, lang)
    if isinstance(value, (list, tuple)):
        return [_plain(v, lang) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, lang) for k, v in value.items()}
    return value


def stream(report: Report, options: RenderOptions = RenderOptions()) -> Iterator[str]:
    """The document written as it is read: each organisation when it comes, then the roll-up and
    what is known only after the last. The text is what one ``json_dumps`` of the whole document
    gives (compact, or indented by ``options.indent``). Over a root by default ``organisations``
    is empty and ``summary`` has one record per organisation."""
    ind = options.indent

    def dump(value, level: int) -> str:
        text = safe.json_dumps(value, ind)
        return text.replace("\n", "\n" + " " * (ind * level)) if ind is not None else text

    def nl(level: int) -> str:
        return "" if ind is None else "\n" + " " * (ind * level)

    colon = ":" if ind is None else ": "
    yield "{" + nl(1) + '"version"' + colon + str(SCHEMA_VERSION) + "," + nl(1) + '"organisations"' + colon + "["
    first = True
    for org in report.organisations:
        if not report.detail:
            continue
        yield ("" if first else ",") + nl(2) + dump(_plain(org, options.lang), 2)
        first = False
    yield "]" if first else nl(1) + "]"
    rest = {"rollup": report.rollup, "years_asked": report.years_asked, "missing_years": report.missing_years}
    if not report.detail:
        rest["summary"] = report.summaries
    for key, value in rest.items():
        yield "," + nl(1) + f'"{key}"' + colon + dump(_plain(value, options.lang), 1)
    yield nl(0) + "}\n"


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return "".join(stream(report, options))
