"""Amounts as people type them (``parse_kronor``): every accepted form gives the exact kronor,
and every form that could be misread is refused with a reason, never guessed."""

import pytest

from sociofund import i18n
from sociofund.core.money import MoneyError, parse_kronor


@pytest.mark.parametrize("text, kronor", [
    ("460000", 460_000),
    ("460 000", 460_000),
    ("460\u00a0000\u00a0kr", 460_000),
    ("460 000 kr", 460_000),
    ("460_000", 460_000),
    ("460 tkr", 460_000),
    ("460tkr", 460_000),
    ("1,5 mnkr", 1_500_000),
    ("0,5 tkr", 500),
    ("12,00 kr", 12),
    # grouping by three with commas or points: thousands, never decimals
    ("460,000", 460_000),
    ("460.000", 460_000),
    ("1,750,000 kr", 1_750_000),
    ("1.750.000", 1_750_000),
    ("1,750,000.00", 1_750_000),
    ("1.750.000,00 kr", 1_750_000),
    ("1 750 000,00 kr", 1_750_000),
    ("+5", 5),
    ("1,5 mkr", 1_500_000),
    ("2 Mkr", 2_000_000),
    ("5000:-", 5_000),
    ("5 000,-", 5_000),
])
def test_accepted_forms_give_exact_kronor(text, kronor):
    assert parse_kronor(text) == kronor


@pytest.mark.parametrize("text, reason", [
    ("", "empty"),
    ("12,50 kr", "fraction"),
    ("1.750,5", "fraction"),
    ("1,250 mnkr", "ambiguous"),   # 1,25 mnkr or 1 250 mnkr?
    ("460,000 tkr", "ambiguous"),
    ("-5000", "negative"),
    ("\u22125 000", "negative"),
    ("1 5", "syntax"),             # a space groups by three too: a typo, not 15
    ("1,75,000", "syntax"),
    ("1,2,3", "syntax"),
    ("1,750.000.00", "syntax"),
    ("1e6", "syntax"),
    ("\u0663", "syntax"),         # an Arabic-Indic digit: not a kronor amount
    ("abc", "syntax"),
    ("100000000000000", "too-large"),
])
def test_unclear_forms_are_refused_with_a_reason(text, reason):
    with pytest.raises(MoneyError) as info:
        parse_kronor(text)
    assert info.value.reason == reason


@pytest.mark.parametrize("kronor", [0, 7, 5_000, 460_000, 1_750_000, 2_008_680, 10**13])
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_what_sociofund_prints_reads_back_as_the_same_amount(kronor, lang):
    assert parse_kronor(i18n.kronor(kronor, lang)) == kronor
