"""The sociofund library: ledger data in, data out.

``sociofund.core`` knows no screen: it imports neither typer nor rich, never prints and never
exits. Findings are values; ``SociofundError`` is raised only for "cannot continue".

The names below are imported on first use, so that a light module of the core
(``core.languages``, which the command line's ``--lang`` choices need) can be imported without
loading pydantic: ``sociofund --help`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Finding": "diagnostics", "Severity": "diagnostics", "SociofundError": "diagnostics",
    "CheckResult": "loader", "check": "loader", "discover_all": "loader", "iter_sets": "loader",
    "load_set": "loader",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
