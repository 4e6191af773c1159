"""Whole kronor: the one place amounts are parsed from people and formatted for them.

Money is an ``int`` of whole kronor everywhere in sociofund. Nothing here (or anywhere else)
calls ``float()`` on money: a float cannot say 0.1 exactly, and a budget that is off by an öre
in front of the board is a budget nobody trusts.

Must not import: typer, rich, or anything outside the standard library.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

#: Largest amount accepted anywhere (10 000 miljarder kr): far above any municipal budget, and
#: low enough that a typo of many zeros is caught instead of printed as a real figure.
MAX_KRONOR = 10**13

NBSP = "\u00a0"

_SPACES = re.compile(r"[\s\u00a0\u202f_']+")
_UNIT = re.compile(r"(?i)\s*(kr|kronor|sek|tkr|mnkr|msek|tsek)\.?\s*$")
_SCALE = {"kr": 1, "kronor": 1, "sek": 1, "tkr": 1_000, "tsek": 1_000, "mnkr": 1_000_000, "msek": 1_000_000}


class MoneyError(ValueError):
    """An amount a person wrote that is not whole, non-negative kronor."""


def parse_kronor(text: str) -> int:
    """Parse an amount as people write it: ``460000``, ``460 000``, ``460 000 kr``, ``460 tkr``.

    Thousands separators may be spaces, no-break spaces, ``_`` or ``'``. A decimal part is
    accepted only where it still makes whole kronor (``1,5 mnkr`` is 1 500 000; ``12,50 kr`` is
    refused). Negative amounts are refused: money in the ledger is never negative.
    """
    raw = text.strip()
    if not raw:
        raise MoneyError("empty amount")
    scale = 1
    unit = _UNIT.search(raw)
    if unit:
        scale = _SCALE[unit.group(1).lower()]
        raw = raw[: unit.start()]
    raw = _SPACES.sub("", raw)
    if raw.startswith("-"):
        raise MoneyError("amounts are never negative")
    # One decimal mark (Swedish comma or a point) may remain after the separators are gone.
    if raw.count(",") + raw.count(".") > 1 or not re.fullmatch(r"\+?\d+([.,]\d+)?", raw):
        raise MoneyError(f"not an amount: {text.strip()!r}")
    try:
        value = Decimal(raw.replace(",", ".").lstrip("+")) * scale
    except InvalidOperation as exc:  # pragma: no cover - the regex above admits only digits
        raise MoneyError(f"not an amount: {text.strip()!r}") from exc
    if value != value.to_integral_value():
        raise MoneyError(f"not whole kronor: {text.strip()!r}")
    kronor = int(value)
    if kronor > MAX_KRONOR:
        raise MoneyError(f"too large: {text.strip()!r}")
    return kronor


def group_digits(kronor: int, sep: str) -> str:
    """``1750000`` -> ``1<sep>750<sep>000``; the sign, if any, stays in front."""
    sign = "-" if kronor < 0 else ""
    digits = str(abs(kronor))
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sign + sep.join(parts)


def format_kronor(kronor: int, lang: str = "sv", *, unit: str = "kr") -> str:
    """An amount for people: ``1 750 000 kr`` (sv, U+00A0) or ``1,750,000 kr`` (en).

    ``unit="tkr"`` prints thousands, rounded half away from zero, in integer arithmetic.
    """
    if unit == "tkr":
        sign = -1 if kronor < 0 else 1
        shown = sign * ((abs(kronor) + 500) // 1000)
    else:
        shown = kronor
    sep = NBSP if lang == "sv" else ","
    return f"{group_digits(shown, sep)}{NBSP if lang == 'sv' else ' '}{unit}"


def toml_literal(kronor: int) -> str:
    """How an amount is written in a ledger file: ``1_750_000``."""
    return group_digits(kronor, "_")
