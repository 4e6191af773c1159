"""Medfinansiering: the municipality's own contribution to a fund-year, and what it is worth.

A funder such as the state under SFS 2018:151 §7 pays at most a share of a project's costs (90 %);
the rest is the municipality's own money or, most often, its staff's working time. A
``[[cofinancing]]`` entry records one contribution in one of three forms:

- money: ``amount`` in whole kronor;
- hours: ``hours`` (a whole number) at ``hourly_cost`` kronor — worth exactly hours × cost;
- full-time equivalents: ``fte`` (0.5 = half-time for the year) at ``hourly_cost`` — worth
  fte × 1 720 h × cost, where 1 720 working hours a year is the convention funders use. An fte
  is a decimal the ledger writes (0.15), so the product is computed in ``Decimal`` from the
  number as written and rounded once, half up, to whole kronor; the report says it was rounded.

An entry with none of them states that co-financing exists without saying how much (as Ragunda's
decision does); it counts as unquantified, which ``check`` warns about (M001), and no share of
total cost can be computed for its fund-year.

Must not import: typer, rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Annotated

from pydantic import Field

from sociofund.core.money import MAX_KRONOR

#: working hours in one full-time year, as funders (Tillväxtverket, ESF) count them
HOURS_PER_FTE = 1720


def exact(number: float | int) -> Decimal:
    """A TOML number as the ledger wrote it: ``0.15`` is Decimal('0.15'), not the float's binary
    neighbour (``repr`` of a float is the shortest text that reads back as it)."""
    return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)


def fraction(number: float | int) -> Fraction:
    """``max_share = 0.9`` as the exact fraction 9/10."""
    return Fraction(exact(number))


@dataclass(frozen=True, slots=True)
class Valued:
    """What one co-financing entry is worth."""

    #: "money" | "hours" | "fte" | "none" (no figure given, or a time without an hourly cost)
    form: str
    #: whole kronor; None when it cannot be valued
    value: int | None
    #: the fte product was not whole kronor and was rounded once (half up)
    rounded: bool = False


def value(amount: int | None, hours: int | None, fte: float | None, hourly_cost: int | None) -> Valued:
    """The worth of one entry. Several forms in one entry are refused by a rule (M002) before
    this is asked; here the first given wins so that a report still shows something."""
    if amount is not None:
        return Valued("money", amount)
    if hours is not None:
        return Valued("hours", hours * hourly_cost if hourly_cost is not None else None)
    if fte is not None:
        if hourly_cost is None:
            return Valued("fte", None)
        product = exact(fte) * HOURS_PER_FTE * hourly_cost
        whole = int(product.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return Valued("fte", whole, rounded=Decimal(whole) != product)
    return Valued("none", None)


Hours = Annotated[int, Field(strict=True, gt=0, le=10_000_000)]
HourlyCost = Annotated[int, Field(strict=True, gt=0, le=MAX_KRONOR)]
