"""The report data as JSON: stable keys, integers for money, findings as ``check --format json``.

The JSON is a contract (``version``, see ``SCHEMA_VERSION``): programs read its keys. The core
carries a fund-year's money as one ``Figures`` record; here it is spelled out as flat keys, in the
same order, and what the core adds for people (the total row's share) stays out. A key says its
unit where it is not whole kronor (``share_permille``).
"""

from __future__ import annotations

import dataclasses

from sociofund.core.diagnostics import Finding
from sociofund.core.ledger import Figures
from sociofund.core.reports import AllocationRow, FundBlock, OrgReport, Report, RollupRow, SideBySide
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
                "carried_out"),
    RollupRow: ("granted", "carried_in", "available", "allocated", "unallocated", "spent"),
    SideBySide: ("granted", "carried_in", "available", "allocated", "unallocated"),
}
#: fields of the core data that version 1 does not have
_LEFT_OUT = {FundBlock: {"allocated_share", "partial"}}
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
    if isinstance(value, Finding):
        return as_dict(value, lang)
    if dataclasses.is_dataclass(value):
        return _record(value, lang)
    if isinstance(value, (list, tuple)):
        return [_plain(v, lang) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, lang) for k, v in value.items()}
    return value


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    doc = {"version": SCHEMA_VERSION, **_plain(report, options.lang)}
    return safe.json_dumps(doc) + "\n"
