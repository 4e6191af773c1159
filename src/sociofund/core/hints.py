"""What the user probably meant: the fix for a line TOML refused, and the format's key for a
Swedish (or otherwise near) key name.

A TOML syntax error names a line and column, not the mistake. Most mistakes in a ledger are the
same few, and the line shows which: an amount written as people write it (``amount = 1 750 000``,
``1 750 000 kr``, ``1.750.000``), a yes/no word for a boolean (``closed = ja``), a table header in
Swedish (``[[fördelning]]``). ``syntax_fix`` recognises them and returns the line to write
instead; the finding (F001) carries it as its hint.

``SYNONYMS`` maps the words a Swedish finance officer would write to the format's keys and table
names (``belopp`` → ``amount``, ``fördelning`` → ``allocation``), for F001's table headers and
F003's did-you-mean.

Must not import: typer, rich, pydantic, or any sociofund module above money.
"""

from __future__ import annotations

import re
import unicodedata

from sociofund.core.money import MoneyError, parse_kronor, toml_literal

#: Swedish (and a few English) words -> the format's key or table name
SYNONYMS: dict[str, str] = {
    # tables
    "tilldelning": "grant", "tilldelningar": "grant", "bidrag": "grant", "anslag": "grant",
    "overflyttning": "carryover", "overflyttningar": "carryover", "overflyttade_medel": "carryover",
    "overforing": "carryover", "carry_over": "carryover",
    "fordelning": "allocation", "fordelningar": "allocation", "insats": "allocation", "insatser": "allocation",
    "allokering": "allocation",
    "aterbetalning": "repayment", "aterbetalningar": "repayment",
    "fonder": "funds", "fond": "fund",
    # keys
    "belopp": "amount", "summa": "amount", "kronor": "amount", "kr": "amount",
    "utfall": "spent", "forbrukat": "spent", "forbrukning": "spent", "kostnad": "spent",
    "namn": "name", "benamning": "name",
    "enhet": "unit", "ansvarig": "unit", "forvaltning": "unit",
    "beslut": "ref", "dnr": "ref", "diarienummer": "ref", "referens": "ref", "paragraf": "ref",
    "anteckning": "note", "kommentar": "note", "notering": "note", "anmarkning": "note",
    "ar": "year", "artal": "year",
    "stangd": "closed", "stangt": "closed", "bokslut": "closed",
    "finansiar": "funder", "bidragsgivare": "funder",
    "program": "program", "bidragsprogram": "program",
    "fran_ar": "from_year", "fran": "from_year",
    "godkand_av": "approved_by", "godkant_av": "approved_by", "medgivande": "approved_by",
    "forfaller": "due", "forfallodatum": "due", "sista_dag": "due",
    "betald": "paid", "betalt": "paid", "betaldatum": "paid",
    "heltid": "fte", "heltider": "fte", "arsarbetskrafter": "fte", "tjanster": "fte", "tjanst": "fte",
    "organisation": "organisation", "kommun": "organisation", "organization": "organisation",
    "sprak": "lang", "language": "lang",
    "prognos": "forecast",
}

#: the keys whose value is money
MONEY_KEYS = frozenset({"amount", "spent", "forecast"})
#: the keys whose value is true or false
BOOL_KEYS = frozenset({"closed"})
_TRUE = frozenset({"ja", "j", "yes", "y", "sant", "true", "sann", "1", "stängd", "stängt", "x"})
_FALSE = frozenset({"nej", "n", "no", "falskt", "false", "falsk", "0", "öppen", "öppet", ""})


def _plain(word: str) -> str:
    """``Fördelning`` -> ``fordelning``: lower case, no diacritics, ``-`` and space as ``_``."""
    decomposed = unicodedata.normalize("NFKD", word.strip().lower())
    return re.sub(r"[\s-]+", "_", "".join(c for c in decomposed if not unicodedata.combining(c)))


def synonym(word: str) -> str | None:
    """The format's name for ``word`` (``belopp`` -> ``amount``), or None."""
    return SYNONYMS.get(_plain(word))


_KEY_VALUE = re.compile(r"^\s*([^=\s]+)\s*=\s*(.*?)\s*(?:#.*)?$")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]*?)\s*(\]\]?)?\s*(?:#.*)?$")


def syntax_fix(line: str) -> tuple[str, str] | None:
    """(kind, the line to write) for a line TOML refused, when the mistake is a known one:
    ``amount`` (money as people write it), ``bool`` (a yes/no word) or ``table`` (a header in
    Swedish); None otherwise."""
    header = _HEADER.match(line)
    if header and line.lstrip().startswith("["):
        meant = synonym(header.group(2).strip("\"'"))
        if meant:
            return "table", f"[[{meant}]]" if header.group(1) == "[[" or meant != "funds" else f"[{meant}]"
        return None
    m = _KEY_VALUE.match(line)
    if not m:
        return None
    key, value = m.group(1).strip("\"'"), m.group(2).strip()
    key = key if key in MONEY_KEYS | BOOL_KEYS else synonym(key) or key
    if key in MONEY_KEYS:
        try:
            return "amount", f"{key} = {toml_literal(parse_kronor(value.strip(chr(34) + chr(39))))}"
        except MoneyError:
            return None
    if key in BOOL_KEYS:
        word = value.strip("\"'").lower()
        if word in _TRUE:
            return "bool", f"{key} = true"
        if word in _FALSE:
            return "bool", f"{key} = false"
    return None
