"""The report data as JSON: stable keys, integers for money, findings as ``check --format json``."""

from __future__ import annotations

import dataclasses
import json

from sociofund.core.diagnostics import Finding
from sociofund.core.reports import Report
from sociofund.render.findings import as_dict

SCHEMA_VERSION = 1


def render(report: Report, lang: str = "sv") -> str:
    def plain(value):
        if isinstance(value, Finding):
            return as_dict(value, lang)
        if dataclasses.is_dataclass(value):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return value

    doc = {"version": SCHEMA_VERSION, **plain(report)}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
