"""The renderer contract: every output family is a set of functions ``render(data, options)``.

``data`` is one core object (a ``CheckResult`` for findings, a ``Report`` for the report); the
options are the same for every format, and a format ignores what it has no use for (CSV has no
colour). A family lists its formats in a ``FORMATS`` table (``sociofund.render.formats``) by the
name the CLI offers; the renderer's module is imported only when that format is asked for.

Must not import: typer, rich, openpyxl, or any renderer (``--help`` stays fast).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from sociofund.core import languages


@dataclass(frozen=True, slots=True)
class RenderOptions:
    lang: str = languages.DEFAULT
    #: "kr" or "tkr": how amounts are shown to people (machine formats keep whole kronor)
    unit: str = "kr"
    #: terminal columns, for formats that wrap
    width: int = 80
    color: bool = False
    #: JSON: spaces per level; None writes it compact
    indent: int | None = None


def _load(target: str) -> Callable:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True, slots=True)
class Format:
    """One output format of a family: where its renderer lives, as ``"module:function"``."""

    target: str
    #: a second document some formats also write (GitHub's step summary), same signature
    summary: str | None = None
    #: the renderer returns bytes, which a terminal must not get
    binary: bool = False
    #: the ``SociofundError`` key to raise when the optional library it needs is not installed
    needs: str | None = None

    def render(self, data, options: RenderOptions) -> str | bytes:
        return _load(self.target)(data, options)

    def render_summary(self, data, options: RenderOptions) -> str | None:
        return None if self.summary is None else _load(self.summary)(data, options)
