"""Numbers for people in report formats: kronor, shares, full-time equivalents.

Money goes through ``core.money.format_kronor`` (the one place amounts are formatted), with the
language's conventions from its catalogue (``i18n.kronor``); shares arrive as integer tenths of a
percent and fte as the ledger's number, so nothing here does arithmetic on money.
"""

from __future__ import annotations

from sociofund import i18n


def kr(amount: int | None, lang: str, unit: str = "kr") -> str:
    return "" if amount is None else i18n.kronor(amount, lang, unit)


def kr_or_dash(amount: int | None, lang: str, unit: str = "kr") -> str:
    """An amount, or "–" where none is reported (a year without spending is not 0 kr)."""
    return "–" if amount is None else kr(amount, lang, unit)


def share(tenths: int | None) -> str:
    """``243`` -> ``24.3``: a share as a plain number (CSV), from integer tenths."""
    return "" if tenths is None else f"{tenths // 10}.{tenths % 10}"


def pct(tenths: int | None, lang: str) -> str:
    """``243`` -> ``24,3 %`` (sv, no-break space) / ``24.3 %`` (en)."""
    if tenths is None:
        return ""
    return i18n.percent(share(tenths), lang)


def fte(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
    return i18n.decimal(text, lang)
