"""Whole kronor: the one place amounts are parsed from people and formatted for them.

Money is an ``int`` of whole kronor everywhere in sociofund. Nothing here (or anywhere else)
calls ``float()`` on money: a float cannot say 0.1 exactly, and a budget that is off by an öre
in front of the board is a budget nobody trusts.

Must not import: typer, rich, or anything outside the standard library.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

#: Largest amount accepted anywhere (10 000 miljarder kr): far above any municipal budget, and
#: low enough that a typo of many zeros is caught instead of printed as a real figure.
MAX_KRONOR = 10**13

_SPACES = re.compile(r"[\s\u00a0\u202f_']+")
# ":-" and ",-" are how Swedish prices say "whole kronor" (5000:-); "mkr" is miljoner kronor, as
# municipal documents write it
_UNIT = re.compile(r"(?i)\s*(kr|kronor|sek|tkr|mnkr|mkr|msek|tsek|:-|,-)\.?\s*$")
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")  # ASCII digits only: "٣" is not an amount
_FIRST, _GROUP, _LAST = re.compile(r"[0-9]{1,3}"), re.compile(r"[0-9]{3}"), re.compile(r"[0-9]{3}(?:[.,][0-9]+)?")
_SCALE = {"kr": 1, "kronor": 1, "sek": 1, ":-": 1, ",-": 1,
          "tkr": 1_000, "tsek": 1_000,
          "mnkr": 1_000_000, "mkr": 1_000_000, "msek": 1_000_000}


class MoneyError(ValueError):
    """An amount a person wrote that is not whole, non-negative kronor. ``reason`` says why, as
    a code the CLI words: ``empty``, ``syntax``, ``negative``, ``fraction``, ``ambiguous``,
    ``too-large``."""

    def __init__(self, reason: str, text: str) -> None:
        self.reason = reason
        super().__init__(f"{reason}: {text!r}")


def parse_kronor(text: str) -> int:
    """Parse an amount as people write it: ``460000``, ``460 000``, ``460 000 kr``, ``460 tkr``,
    ``1,750,000 kr`` (as the English reports print it), ``1.750.000``.

    Thousands separators may be spaces, no-break spaces, ``_`` or ``'``; commas or points too
    when they group by three. A decimal part is accepted only where it still makes whole kronor
    (``1,5 mnkr`` is 1 500 000; ``12,50 kr`` is refused). One comma or point followed by exactly
    three digits is a thousands separator in kronor (``460,000`` is 460 000: kronor have no
    thousandths) and refused as ambiguous with ``tkr``/``mnkr`` (``1,250 mnkr``). Negative
    amounts are refused: money in the ledger is never negative.
    """
    shown = text.strip()
    raw = shown
    if not raw:
        raise MoneyError("empty", text)
    scale = 1
    unit = _UNIT.search(raw)
    if unit:
        scale = _SCALE[unit.group(1).lower()]
        raw = raw[: unit.start()]
    raw = raw.strip().lstrip("+")
    if raw.startswith(("-", "\u2212")):
        raise MoneyError("negative", shown)
    pieces = _SPACES.split(raw)
    # a space (or _ or ') groups by three, as a comma or point does: "1 5" is a typo, not 15
    if len(pieces) > 1 and not (_FIRST.fullmatch(pieces[0]) and all(_GROUP.fullmatch(g) for g in pieces[1:-1])
                                and _LAST.fullmatch(pieces[-1])):
        raise MoneyError("syntax", shown)
    raw = "".join(pieces)
    if not _NUMBER.fullmatch(raw):
        raise MoneyError("syntax", shown)
    whole, decimals = _split_decimals(raw, scale, shown)
    value = Decimal(f"{whole}.{decimals or 0}") * scale
    if value != value.to_integral_value():
        raise MoneyError("fraction", shown)
    kronor = int(value)
    if kronor > MAX_KRONOR:
        raise MoneyError("too-large", shown)
    return kronor


def _split_decimals(raw: str, scale: int, shown: str) -> tuple[str, str]:
    """``raw`` (digits, commas, points) -> (whole digits, decimal digits).

    The last mark is the decimal mark if both kinds occur or it occurs once and is not followed
    by a group of three; every other mark must separate groups of three (``1,750,000``)."""
    marks = [c for c in raw if c in ",."]
    if not marks:
        return raw, ""
    last = marks[-1]
    if len(set(marks)) == 2:
        decimal_mark = last
        if marks.count(last) > 1:
            raise MoneyError("syntax", shown)
    elif len(marks) > 1:
        decimal_mark = None  # 1,750,000 or 1.750.000
    else:
        tail = raw.rsplit(last, 1)[1]
        if len(tail) != 3:
            decimal_mark = last  # 1,5 or 12,50
        elif scale == 1:
            decimal_mark = None  # 460,000 kr: kronor have no thousandths
        else:
            raise MoneyError("ambiguous", shown)
    whole, decimals = (raw.rsplit(decimal_mark, 1) if decimal_mark else (raw, ""))
    groups = re.split(r"[.,]", whole)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        raise MoneyError("syntax", shown)
    return "".join(groups), decimals


def group_digits(kronor: int, sep: str) -> str:
    """``1750000`` -> ``1<sep>750<sep>000``; the sign, if any, stays in front."""
    sign = "-" if kronor < 0 else ""
    digits = str(abs(kronor))
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sign + sep.join(parts)


def format_kronor(kronor: int, *, group: str, unit_sep: str, unit: str = "kr") -> str:
    """An amount for people: ``1<group>750<group>000<unit_sep><unit>``. The language's
    conventions come from its catalogue (``i18n.kronor``): the core knows no language.

    ``unit="tkr"`` prints thousands, rounded half away from zero, in integer arithmetic.
    """
    shown = thousands(kronor) if unit == "tkr" else kronor
    return f"{group_digits(shown, group)}{unit_sep}{unit}"


def thousands(kronor: int) -> int:
    """``kronor`` in whole thousands, rounded half away from zero (``1 500`` -> 2, ``-1 500``
    -> -2), in integer arithmetic."""
    sign = -1 if kronor < 0 else 1
    return sign * ((abs(kronor) + 500) // 1000)


def thousands_adding_up(parts: Sequence[int | None], total: int | None = None) -> tuple[list[int | None], int]:
    """A column of a table in tkr: its rows and its total row, in whole thousands, so that the
    shown rows add up to the shown total. The total is its exact sum rounded once
    (``thousands``); each row is its exact value rounded down, and the thousands left go to the
    largest remainders, the first row first on a tie (largest-remainder rounding, as the shares
    are). Rows of 1 400, 1 400 and 1 400 kr show 2, 1 and 1 tkr under 4 tkr, where rounding each
    on its own would show 1 + 1 + 1 under 4.

    ``parts`` may hold None (an empty cell, counted as nothing); ``total`` None means their sum.
    A total that is not the parts' sum (a column whose total row is another figure) leaves
    nothing to add up to: then every value is rounded on its own. Rows stay within one thousand
    of their exact value. All in integer arithmetic."""
    exact = sum(p for p in parts if p is not None)
    if total is not None and total != exact:
        return [None if p is None else thousands(p) for p in parts], thousands(total)
    shown = thousands(exact)
    return thousands_summing_to(parts, shown), shown


def thousands_summing_to(parts: Sequence[int | None], shown_total: int) -> list[int | None]:
    """``parts`` in whole thousands that add up to ``shown_total`` (thousands), by largest
    remainder as ``thousands_adding_up``: for lines that must add up to a figure shown elsewhere
    (what is carried out and repaid, to the unspent money shown above them). When no rounding of
    each part to a neighbouring thousand can reach that total, each is rounded on its own."""
    floors = [None if p is None else p // 1000 for p in parts]
    # 0 <= left <= the number of parts when the total is the parts' sum rounded
    left = shown_total - sum(f for f in floors if f is not None)
    # only a part with a remainder can go up a thousand (an exact one has no other neighbour)
    order = sorted((i for i, p in enumerate(parts) if p is not None and p % 1000), key=lambda i: (-(parts[i] % 1000), i))
    if not 0 <= left <= len(order):
        return [None if p is None else thousands(p) for p in parts]
    for i in order[:left]:
        floors[i] += 1
    return floors


def toml_literal(kronor: int) -> str:
    """How an amount is written in a ledger file: ``1_750_000``."""
    return group_digits(kronor, "_")
