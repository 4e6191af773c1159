"""``sociofund allocate`` without arguments: ask for each value in the terminal.

It shows what each fund of the year still has unallocated and the allocations already there,
asks again on an answer it cannot use (a malformed id or amount, a year the ledger lacks), and
confirms before anything is written. The answers go to the same operation as the arguments
would, so the change is checked and written exactly as ``allocate YEAR ID AMOUNT`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer



def _ask(prompt: str, check, error: str, **kwargs):
    """Prompt until ``check`` accepts the answer (it returns the value, or None to ask again)."""
    while True:
        answer = typer.prompt(prompt, **kwargs)
        value = check(str(answer).strip())
        if value is not None:
            return value
        if error:
            typer.echo(error)


def _yes_no(answer: str) -> bool | None:
    """Enter or a yes word of any language (j/ja/y/yes) is yes, a no word (n/nej/no) is no;
    anything else asks again."""
    from sociofund import i18n

    yes, no = i18n.answers()
    a = answer.lower()
    return True if a in yes or not a else False if a in no else None


def ask_allocation(folder: Path, lang: str, year: int | None = None) -> dict[str, Any] | None:
    """Ask for year, id, and for a new allocation fund, name and unit, then the amount, the
    decision (ref) and the årsarbetskrafter (fte; Enter skips both); returns them (``amount`` as
    int, ``fte`` as written), or None if the user declines at the confirmation. A closed year is
    refused before any question about it."""
    import re

    from sociofund import i18n
    from sociofund.core import SociofundError
    from sociofund.core.ledger import year_funds
    from sociofund.core.loader import load_set
    from sociofund.core.model import ALLOCATION_ID
    from sociofund.core.money import MoneyError, parse_kronor
    from sociofund.render import safe

    ls = load_set(folder).ledger_set
    years = sorted(ls.years)
    if not years:
        raise SociofundError("no-such-year", year=year or "", path=str(folder))
    label = i18n.label
    if year not in ls.years:
        open_years = [y for y in years if not ls.years[y].closed]
        default = (open_years or years)[-1]
        shown = ", ".join(map(str, years))
        year = _ask(label("ask.year", lang), lambda a: int(a) if a.isdigit() and int(a) in ls.years else None,
                    label("ask.bad-year", lang, years=shown), default=str(default))
    data = ls.years[year]
    if data.closed:  # history stays history: say so before asking anything about the year
        raise SociofundError("year-closed", year=year, path=ls.files.get(year, str(folder)))
    fund_years = ls.fund_years(year)
    for fy in fund_years.values():
        typer.echo(label("ask.state", lang, fund=fy.fund, year=year, available=fy.figures.available,
                         allocated=fy.figures.allocated, unallocated=fy.figures.unallocated))
    funds = year_funds(data)
    if data.allocation:
        typer.echo(label("ask.existing", lang, year=year))
        for a in data.allocation:
            typer.echo(safe.terminal(f"  {a.id}: {a.name or ''} — {i18n.kronor(a.amount, lang)}"))
    id = _ask(label("ask.id", lang), lambda a: a if re.match(ALLOCATION_ID, a) else None, label("ask.bad-id", lang))
    existing = next((a for a in data.allocation if a.id == id), None)
    fund = name = unit = None
    if existing is None:
        if len(funds) > 1:
            fund = _ask(label("ask.fund", lang, funds=", ".join(funds)), lambda a: a if a in funds else None,
                        label("ask.fund", lang, funds=", ".join(funds)), default=funds[0])
        name = typer.prompt(label("ask.name", lang)).strip() or None
        unit = typer.prompt(label("ask.unit", lang), default="", show_default=False).strip() or None
        left = fund_years[fund or funds[0]].figures.unallocated if funds else 0
        default_amount = left if left > 0 else None  # nothing left: no 0 kr allocation by a stray Enter
    else:
        default_amount = existing.amount

    def kronor(text: str) -> int | None:
        try:
            return parse_kronor(text)
        except MoneyError as exc:  # say what is wrong with this answer, then ask again
            typer.echo(safe.terminal(i18n.error_message(SociofundError(f"bad-amount.{exc.reason}", value=text), lang)))
            return None

    amount = _ask(label("ask.amount", lang), kronor, None,
                  default=None if default_amount is None else i18n.kronor(default_amount, lang))
    ref = typer.prompt(label("ask.ref", lang), default="", show_default=False).strip() or None
    fte = _ask(label("ask.fte", lang), lambda a: a if not a or re.fullmatch(r"[0-9]+(?:[.,][0-9]+)?", a) and
               float(a.replace(",", ".")) > 0 else None, label("ask.bad-fte", lang), default="", show_default=False)
    if existing is None:
        question = label("ask.confirm-new", lang, id=id, name=safe.terminal(name or ""), amount=amount, year=year)
    else:
        question = label("ask.confirm-change", lang, id=id, old=existing.amount, amount=amount, year=year)
    if not _ask(f"{question} {label('ask.yes-no', lang)}", _yes_no, label("ask.bad-yes-no", lang),
                default="", show_default=False):
        typer.echo(label("ask.cancelled", lang))
        return None
    return {"year": year, "id": id, "amount": amount, "fund": fund, "name": name, "unit": unit, "ref": ref,
            "fte": fte or None}
