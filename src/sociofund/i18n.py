"""What sociofund says to people, in Swedish (default) and English.

The core hands out codes and arguments; this module turns them into sentences. Templates use
``str.format`` fields with two extra format specs: ``{amount:kr}`` (``1 750 000 kr`` in Swedish,
with U+00A0; ``1,750,000 kr`` in English) and ``{amount:int}`` (a plain integer for a command
line). Sentences here are plain text; each renderer escapes ledger text for its own medium.

Must not import: typer, rich.
"""

from __future__ import annotations

import re
import string
from typing import Any

from sociofund.core.diagnostics import Finding, SociofundError
from sociofund.core.money import format_kronor

LANGS = ("sv", "en")

# code -> lang -> (message, hint or None)
MESSAGES: dict[str, dict[str, tuple[str, str | None]]] = {
    "F001": {
        "sv": ("TOML-syntaxfel: {detail}", "rätta raden; se docs/ledger-format.md"),
        "en": ("TOML syntax error: {detail}", "fix the line; see docs/ledger-format.md"),
    },
    "F002": {
        "sv": ("filen är inte UTF-8-text (ogiltig byte vid position {offset})", "spara filen som UTF-8"),
        "en": ("the file is not UTF-8 text (invalid byte at offset {offset})", "save the file as UTF-8"),
    },
    "F003": {
        "sv": ("okänd nyckel `{key}`", "menade du `{suggestion}`?"),
        "en": ("unknown key `{key}`", "did you mean `{suggestion}`?"),
    },
    "F004": {
        "sv": ("`{key}` ska vara hela kronor som ett TOML-heltal, inte {value}{problem}", "skriv {suggestion}"),
        "en": ("`{key}` must be whole kronor as a TOML integer, not {value}{problem}", "write {suggestion}"),
    },
    "F004.range": {
        "sv": ("`{key}` = {value}{problem}", None),
        "en": ("`{key}` = {value}{problem}", None),
    },
    "F005": {
        "sv": ("nyckeln `{key}` saknas", None),
        "en": ("missing key `{key}`", None),
    },
    "F006": {
        "sv": ("ogiltigt värde för `{key}`: {value}{problem}", None),
        "en": ("invalid value for `{key}`: {value}{problem}", None),
    },
    "F007": {
        "sv": ("`{name}` är ingen årsfil (YYYY.toml) och läses inte", "byt namn till årtalet, t.ex. 2022.toml"),
        "en": ("`{name}` is not a year file (YYYY.toml) and is not read", "rename it to its year, e.g. 2022.toml"),
    },
    "B001": {
        "sv": ("överfördelat med {amount:kr} i {fund} {year}", "fördelat {allocated:kr} av tillgängliga {available:kr}"),
        "en": ("over-allocated by {amount:kr} in {fund} {year}", "allocated {allocated:kr} of {available:kr} available"),
    },
    "B002": {
        "sv": ("{amount:kr} ofördelat i {fund} {year}", "fördela resten: sociofund allocate {year} ID {amount:int} --fund {fund}"),
        "en": ("{amount:kr} unallocated in {fund} {year}", "allocate the rest: sociofund allocate {year} ID {amount:int} --fund {fund}"),
    },
    "S001": {
        "sv": ("utfall {spent:kr} överstiger tillgängliga {available:kr} i {fund} {year} med {amount:kr}", None),
        "en": ("spent {spent:kr} exceeds the {available:kr} available in {fund} {year} by {amount:kr}", None),
    },
    "S002": {
        "sv": ("insatsen `{id}` har förbrukat {amount:kr} mer än sin fördelning ({spent:kr} av {allocated:kr})", None),
        "en": ("allocation `{id}` spent {amount:kr} more than it was given ({spent:kr} of {allocated:kr})", None),
    },
    "C001": {
        "sv": ("överflyttning från {from_year} till {year}: from_year måste vara före {year}", None),
        "en": ("carryover from {from_year} into {year}: from_year must be before {year}", None),
    },
    "C002": {
        "sv": ("överflyttade medel ({amount:kr}, {fund}) saknar approved_by", "fonden kräver finansiärens medgivande: lägg till approved_by = \"…\" (sociofund carryover: --approved-by \"…\")"),
        "en": ("carryover of {amount:kr} ({fund}) has no approved_by", "the fund needs the funder's consent: add approved_by = \"…\" (sociofund carryover: --approved-by \"…\")"),
    },
    "C003": {
        "sv": ("fonden {fund} får inte flytta över medel (carryover = \"none\")", "betala tillbaka i stället: [[repayment]] i året medlen kommer från"),
        "en": ("fund {fund} may not carry money over (carryover = \"none\")", "repay instead: [[repayment]] in the year the money is from"),
    },
    "K001": {
        "sv": ("{fund} {year}: outnyttjat {unspent:kr}, men överflyttat {carried:kr} och återbetalt {repaid:kr} (skillnad {amount:kr}, se {next_file})", None),
        "en": ("{fund} {year}: {unspent:kr} unspent, but {carried:kr} carried over and {repaid:kr} repaid (difference {amount:kr}, see {next_file})", None),
    },
    "K002": {
        "sv": ("{amount:kr} outnyttjat {year} i {fund}: flytta över eller betala tillbaka", "sociofund carryover {year} {next} --fund {fund} (med --repay-rest betalas resten tillbaka)"),
        "en": ("{amount:kr} unspent in {fund} {year}: carry it over or repay it", "sociofund carryover {year} {next} --fund {fund} (with --repay-rest the rest is repaid)"),
    },
    "Y001": {
        "sv": ("insatsen `{id}` saknar utfall (spent) i det stängda året {year}", "sociofund spend {year} {id} BELOPP"),
        "en": ("allocation `{id}` has no spent in the closed year {year}", "sociofund spend {year} {id} AMOUNT"),
    },
    "I001": {
        "sv": ("id `{id}` finns redan i {year}", "ge insatsen ett eget id"),
        "en": ("id `{id}` is already used in {year}", "give the allocation an id of its own"),
    },
    "I002": {
        "sv": ("year = {year}, men filen heter {expected}.toml", None),
        "en": ("year = {year}, but the file is named {expected}.toml", None),
    },
    "I003": {
        "sv": ("fonden `{fund}` har ingen tilldelning eller överflyttning i {year}", "lägg till en [[grant]] för fonden eller rätta fondens id"),
        "en": ("fund `{fund}` has no grant or carryover in {year}", "add a [[grant]] for the fund or correct the fund id"),
    },
    "I004": {
        "sv": ("insatsen `{id}` saknar fund, och året har flera fonder ({funds})", "lägg till fund = \"…\""),
        "en": ("allocation `{id}` has no fund, and the year has several ({funds})", "add fund = \"…\""),
    },
}

# pydantic error type -> lang -> explanation (F004/F006 "problem")
PROBLEMS: dict[str, dict[str, str]] = {
    "literal_error": {"sv": "ska vara en av {expected}", "en": "must be one of {expected}"},
    "string_type": {"sv": "ska vara text inom citattecken", "en": "must be quoted text"},
    "int_type": {"sv": "ska vara ett heltal", "en": "must be an integer"},
    "bool_type": {"sv": "ska vara true eller false", "en": "must be true or false"},
    "float_type": {"sv": "ska vara ett tal", "en": "must be a number"},
    "date_type": {"sv": "ska vara ett TOML-datum, t.ex. 2023-03-31", "en": "must be a TOML date, e.g. 2023-03-31"},
    "string_pattern_mismatch": {"sv": "får bara innehålla små bokstäver, siffror och -", "en": "may only hold lower-case letters, digits and -"},
    "greater_than": {"sv": "ska vara större än {gt}", "en": "must be greater than {gt}"},
    "greater_than_equal": {"sv": "får inte vara negativt", "en": "must not be negative"},
    "less_than_equal": {"sv": "får vara högst {le}", "en": "must be at most {le}"},
    "string_too_long": {"sv": "är för lång", "en": "is too long"},
    "list_type": {"sv": "ska vara en lista av tabeller ([[…]])", "en": "must be an array of tables ([[…]])"},
    "model_type": {"sv": "ska vara en tabell", "en": "must be a table"},
    "dict_type": {"sv": "ska vara en tabell", "en": "must be a table"},
    "model_attributes_type": {"sv": "ska vara en tabell", "en": "must be a table"},
}

F001_DETAILS = {
    "nesting": {"sv": "för djupt nästlad", "en": "nested too deeply"},
    "value": {"sv": "ett värde går inte att läsa (för långt tal?)", "en": "a value cannot be read (a number too long?)"},
}

# SociofundError code -> lang -> message
ERRORS: dict[str, dict[str, str]] = {
    "no-such-path": {"sv": "{path}: finns inte", "en": "{path}: no such file or folder"},
    "no-ledgers": {"sv": "{path}: inga liggare här (inga YYYY.toml och ingen sociofund.toml)", "en": "{path}: no ledgers here (no YYYY.toml and no sociofund.toml)"},
    "io-read": {"sv": "{path}: kan inte läsas: {reason}", "en": "{path}: cannot be read: {reason}"},
    "io-write": {"sv": "{path}: kan inte skrivas: {reason}", "en": "{path}: cannot be written: {reason}"},
    "changed-on-disk": {"sv": "{path}: filen ändrades under tiden; inget skrevs, kör kommandot igen", "en": "{path}: the file changed meanwhile; nothing was written, run the command again"},
    "no-such-org": {"sv": "ingen organisation {org} (finns: {known})", "en": "no organisation {org} (there are: {known})"},
    "refused": {"sv": "ändringen skrevs inte: den skulle ge fel som liggaren inte har i dag (se ovan)", "en": "nothing was written: the change would add errors the ledger does not have today (see above)"},
    "locked": {"sv": "{path}: en annan sociofund skriver i liggaren; försök igen", "en": "{path}: another sociofund is writing this ledger; try again"},
    "no-such-year": {"sv": "{path} finns inte: året {year} har ingen fil (skapa den med en [[grant]], eller sociofund carryover)", "en": "{path} does not exist: year {year} has no file (create it with a [[grant]], or sociofund carryover)"},
    "year-invalid": {"sv": "{path} har fel som måste rättas först (sociofund check)", "en": "{path} has errors to fix first (sociofund check)"},
    "no-such-allocation": {"sv": "ingen insats med id {id} i {year}", "en": "no allocation with id {id} in {year}"},
    "amount-needed": {"sv": "{id} är ny i {year}: ange ett belopp", "en": "{id} is new in {year}: give an amount"},
    "amount-needed-open": {"sv": "{year} är inte stängt: ange --amount för en planerad överflyttning", "en": "{year} is not closed: give --amount for a planned carryover"},
    "fund-needed": {"sv": "{id}: året har flera fonder ({funds}); ange --fund", "en": "{id}: the year has several funds ({funds}); give --fund"},
    "spent-missing": {"sv": "{year}: utfall (spent) saknas för {ids}; sociofund spend {year} ID BELOPP", "en": "{year}: spent is missing for {ids}; sociofund spend {year} ID AMOUNT"},
    "no-such-fund": {"sv": "fonden {fund} har inga medel i {year}", "en": "fund {fund} has no money in {year}"},
    "year-closed": {"sv": "{year} är stängt (bokslut): dess insatser ändras inte längre. Ska bokslutet göras om, sätt closed = false i {path} för hand", "en": "{year} is closed: its allocations no longer change. To redo the bokslut, set closed = false in {path} by hand"},
    "id-ambiguous": {"sv": "id {id} finns {count} gånger i {year} (I001): det går inte att veta vilken som menas; ge dem olika id först", "en": "id {id} occurs {count} times in {year} (I001): which one is meant cannot be told; give them distinct ids first"},
    "repay-rest-open": {"sv": "{year} är inte stängt: vad som ska betalas tillbaka är känt först efter bokslut (sociofund close {year}); utelämna --repay-rest", "en": "{year} is not closed: what to repay is known only after the bokslut (sociofund close {year}); leave out --repay-rest"},
    "carry-too-much": {"sv": "{fund} {year}: högst {limit:kr} kan flyttas över, inte {amount:kr} (outnyttjat {base:kr}, återbetalt {repaid:kr}, redan överflyttat {carried:kr})", "en": "{fund} {year}: at most {limit:kr} can be carried over, not {amount:kr} ({base:kr} unspent, {repaid:kr} repaid, {carried:kr} already carried over)"},
    "carry-too-much-open": {"sv": "{fund} {year}: högst {limit:kr} kan flyttas över, inte {amount:kr} (tillgängligt {base:kr}, återbetalt {repaid:kr}, redan överflyttat {carried:kr})", "en": "{fund} {year}: at most {limit:kr} can be carried over, not {amount:kr} ({base:kr} available, {repaid:kr} repaid, {carried:kr} already carried over)"},
    "xlsx-needs-output": {"sv": "--format xlsx skriver en arbetsbok, inte text: ange --output FIL", "en": "--format xlsx writes a workbook, not text: give --output FILE"},
    "xlsx-needs-openpyxl": {"sv": "--format xlsx behöver openpyxl: pip install 'sociofund[xlsx]'", "en": "--format xlsx needs openpyxl: pip install 'sociofund[xlsx]'"},
    "bad-year": {"sv": "{year} är inget år liggaren kan ha (1900–2200)", "en": "{year} is not a year the ledger can hold (1900–2200)"},
    "init-exists": {"sv": "finns redan, inget skrevs: {paths}", "en": "already exists, nothing was written: {paths}"},
    "one-set-needed": {"sv": "{path} innehåller flera liggare ({sets}); välj en med --ledgers, t.ex. --ledgers {example}", "en": "{path} holds several ledger sets ({sets}); choose one with --ledgers, e.g. --ledgers {example}"},
    "bad-amount.empty": {"sv": "beloppet saknas (t.ex. 460000, \"460 000 kr\", \"460 tkr\")", "en": "the amount is empty (e.g. 460000, \"460 000 kr\", \"460 tkr\")"},
    "bad-amount.syntax": {"sv": "{value!r} är inget belopp i hela kronor (t.ex. 460000, \"460 000 kr\", \"460 tkr\")", "en": "{value!r} is not an amount of whole kronor (e.g. 460000, \"460,000 kr\", \"460 tkr\")"},
    "bad-amount.negative": {"sv": "belopp i liggaren är aldrig negativa; en minskning skrivs som det nya, lägre beloppet", "en": "amounts in the ledger are never negative; to lower one, give the new, smaller amount"},
    "bad-amount.fraction": {"sv": "{value!r} är inte hela kronor: liggaren förs i hela kronor, avrunda", "en": "{value!r} is not whole kronor: the ledger keeps whole kronor, round it"},
    "bad-amount.ambiguous": {"sv": "{value!r} är tvetydigt: skriv decimaler med en eller två siffror (\"1,25 mnkr\") eller hela beloppet i kronor (\"1 250 000\")", "en": "{value!r} is ambiguous: write decimals with one or two digits (\"1.25 mnkr\") or the whole amount in kronor (\"1250000\")"},
    "bad-amount.too-large": {"sv": "{value!r} är orimligt stort (högst 10 000 miljarder kr): en nolla för mycket?", "en": "{value!r} is implausibly large (at most 10,000 billion kr): a zero too many?"},
    "bad-fte": {"sv": "{value!r} är inget antal årsarbetskrafter (t.ex. 0,5 eller 1)", "en": "{value!r} is not a number of full-time equivalents (e.g. 0.5 or 1)"},
    "not-interactive": {"sv": "ange YEAR ID AMOUNT (frågor ställs bara i en terminal)", "en": "give YEAR ID AMOUNT (questions are asked only in a terminal)"},
    "inline-entry": {"sv": "{path}:{line}: {table} står som en inline-tabell ({{...}}); sociofund ändrar bara [[{table}]]-block: skriv om den så och kör kommandot igen", "en": "{path}:{line}: this {table} is an inline table ({{...}}); sociofund edits only [[{table}]] blocks: rewrite it as one and run the command again"},
}

LABELS: dict[str, dict[str, str]] = {
    "error": {"sv": "fel", "en": "error"},
    "warning": {"sv": "varning", "en": "warning"},
    "hint": {"sv": "tips", "en": "hint"},
    "summary.clean": {"sv": "Inga fel i {files} ({sets}).", "en": "No problems in {files} ({sets})."},
    "summary.found": {"sv": "{errors}, {warnings} i {files} ({sets}).", "en": "{errors}, {warnings} in {files} ({sets})."},
    "col.file": {"sv": "Fil", "en": "File"},
    "col.line": {"sv": "Rad", "en": "Line"},
    "col.code": {"sv": "Kod", "en": "Code"},
    "col.severity": {"sv": "Allvar", "en": "Severity"},
    "col.message": {"sv": "Meddelande", "en": "Message"},
    "summary.title": {"sv": "sociofund check", "en": "sociofund check"},
    # report
    "r.insats": {"sv": "Insats", "en": "Intervention"},
    "r.unit": {"sv": "Ansvarig", "en": "Unit"},
    "r.amount": {"sv": "Belopp", "en": "Amount"},
    "r.share": {"sv": "Andel", "en": "Share"},
    "r.fte": {"sv": "Heltid", "en": "FTE"},
    "r.spent": {"sv": "Utfall", "en": "Spent"},
    "r.remaining": {"sv": "Kvar", "en": "Remaining"},
    "r.sum_allocated": {"sv": "Summa fördelat", "en": "Total allocated"},
    "r.granted": {"sv": "Tilldelning", "en": "Grant"},
    "r.carried_in": {"sv": "Överflyttat från {year}", "en": "Carried over from {year}"},
    "r.carried_in_any": {"sv": "Överflyttat från tidigare år", "en": "Carried over from earlier years"},
    "r.available": {"sv": "Tillgängligt", "en": "Available"},
    "r.allocated": {"sv": "Fördelat", "en": "Allocated"},
    "r.unallocated": {"sv": "Ofördelat", "en": "Unallocated"},
    "r.overallocated": {"sv": "Överfördelat", "en": "Over-allocated"},
    "r.spent_total": {"sv": "Utfall", "en": "Spent"},
    "r.spent_so_far": {"sv": "Utfall hittills", "en": "Spent so far"},
    "r.unspent": {"sv": "Outnyttjat", "en": "Unspent"},
    "r.repaid": {"sv": "Återbetalt", "en": "Repaid"},
    "r.refs": {"sv": "Beslut", "en": "Decisions"},
    "r.closed": {"sv": "stängt (bokslut)", "en": "closed"},
    "r.open": {"sv": "öppet", "en": "open"},
    "r.findings": {"sv": "Fynd som rör {year} (sociofund check):", "en": "Findings for {year} (sociofund check):"},
    "r.year": {"sv": "År", "en": "Year"},
    "r.fund": {"sv": "Fond", "en": "Fund"},
    "r.sum_year": {"sv": "Summa {year}", "en": "Total {year}"},
    "r.total": {"sv": "Totalt", "en": "Total"},
    "r.rollup": {"sv": "Sammanställning per fond och år", "en": "Roll-up per fund and year"},
    "r.organisations": {"sv": "Organisationer", "en": "Organisations"},
    "r.orgs": {"sv": "Org.", "en": "Orgs"},
    "r.missing": {"sv": "{org}: inget år {year} i liggaren", "en": "{org}: no year {year} in the ledger"},
    "r.status.expected": {"sv": "förväntad", "en": "expected"},
    "r.status.applied": {"sv": "sökt", "en": "applied"},
    "r.status.granted": {"sv": "beviljad", "en": "granted"},
    "r.status.paid": {"sv": "utbetald", "en": "paid"},
    # allocate, asking
    "ask.year": {"sv": "År", "en": "Year"},
    "ask.fund": {"sv": "Fond ({funds})", "en": "Fund ({funds})"},
    "ask.state": {"sv": "{fund} {year}: tillgängligt {available:kr}, fördelat {allocated:kr}, ofördelat {unallocated:kr}", "en": "{fund} {year}: available {available:kr}, allocated {allocated:kr}, unallocated {unallocated:kr}"},
    "ask.existing": {"sv": "Insatser i {year}:", "en": "Allocations in {year}:"},
    "ask.id": {"sv": "Id (en ny, eller en befintlig att ändra)", "en": "Id (a new one, or an existing one to change)"},
    "ask.bad-id": {"sv": "Id: små bokstäver, siffror och -, t.ex. trampolin-ifo", "en": "Id: lower-case letters, digits and -, e.g. trampolin-ifo"},
    "ask.name": {"sv": "Namn på insatsen", "en": "Name of the intervention"},
    "ask.unit": {"sv": "Ansvarig enhet (tom: ingen)", "en": "Responsible unit (empty: none)"},
    "ask.amount": {"sv": "Belopp", "en": "Amount"},
    "ask.bad-year": {"sv": "Liggaren har åren {years}", "en": "The ledger has the years {years}"},
    "ask.confirm-new": {"sv": "Lägga till {id} ({name}) med {amount:kr} i {year}?", "en": "Add {id} ({name}) with {amount:kr} to {year}?"},
    "ask.confirm-change": {"sv": "Ändra {id} i {year} från {old:kr} till {amount:kr}?", "en": "Change {id} in {year} from {old:kr} to {amount:kr}?"},
    "ask.yes-no": {"sv": "[J/n]", "en": "[Y/n]"},
    "ask.bad-yes-no": {"sv": "Svara j (ja) eller n (nej)", "en": "Answer y (yes) or n (no)"},
    "ask.cancelled": {"sv": "Inget skrevs.", "en": "Nothing was written."},
}


# noun -> lang -> (one, many)
PLURALS: dict[str, dict[str, tuple[str, str]]] = {
    "error": {"sv": ("fel", "fel"), "en": ("error", "errors")},
    "warning": {"sv": ("varning", "varningar"), "en": ("warning", "warnings")},
    "file": {"sv": ("fil", "filer"), "en": ("file", "files")},
    "set": {"sv": ("liggare", "liggare"), "en": ("ledger set", "ledger sets")},
    "finding": {"sv": ("fynd", "fynd"), "en": ("finding", "findings")},
}


def counted(n: int, noun: str, lang: str) -> str:
    """``1 fil``, ``3 filer``; ``1 file``, ``3 files``."""
    one, many = PLURALS[noun][lang]
    return f"{n} {one if n == 1 else many}"


# what a command that writes tells its reader: code -> lang -> sentence
NOTES: dict[str, dict[str, str]] = {
    "allocation-added": {"sv": "Insatsen {id} lades till i {year}.", "en": "Allocation {id} added to {year}."},
    "allocation-changed": {"sv": "Insatsen {id} i {year} ändrades.", "en": "Allocation {id} in {year} changed."},
    "allocation-unchanged": {"sv": "Insatsen {id} i {year} har redan de värdena; inget ändrades.", "en": "Allocation {id} in {year} already has those values; nothing changed."},
    "spent-set": {"sv": "Utfall för {id} {year}: {amount:kr}.", "en": "Spent for {id} {year}: {amount:kr}."},
    "spent-unchanged": {"sv": "Utfallet för {id} {year} är redan {amount:kr}; inget ändrades.", "en": "Spent for {id} {year} is already {amount:kr}; nothing changed."},
    "closed": {"sv": "{year} är stängt (bokslut).", "en": "{year} is closed."},
    "already-closed": {"sv": "{year} är redan stängt; inget ändrades.", "en": "{year} is already closed; nothing changed."},
    "unspent": {"sv": "{fund} {year}: outnyttjat {amount:kr}, överflyttat {carried:kr}, återbetalt {repaid:kr}.", "en": "{fund} {year}: {amount:kr} unspent, {carried:kr} carried over, {repaid:kr} repaid."},
    "unspent.todo": {"sv": "  Flytta över (sociofund carryover {year} {next} --fund {fund}) eller betala tillbaka (--repay-rest).", "en": "  Carry it over (sociofund carryover {year} {next} --fund {fund}) or repay it (--repay-rest)."},
    "unspent.todo-approval": {"sv": "  Flytta över (sociofund carryover {year} {next} --fund {fund} --approved-by \"…\") eller betala tillbaka (--repay-rest).", "en": "  Carry it over (sociofund carryover {year} {next} --fund {fund} --approved-by \"…\") or repay it (--repay-rest)."},
    "unspent.todo-none": {"sv": "  Fonden tillåter ingen överflyttning: betala tillbaka (sociofund carryover {year} {next} --fund {fund} --repay-rest).", "en": "  The fund allows no carryover: repay it (sociofund carryover {year} {next} --fund {fund} --repay-rest)."},
    "carry-forbidden": {"sv": "{fund} {year}: fonden tillåter ingen överflyttning; betala tillbaka det outnyttjade (sociofund carryover {year} {next} --fund {fund} --repay-rest).", "en": "{fund} {year}: the fund allows no carryover; repay what is unspent (sociofund carryover {year} {next} --fund {fund} --repay-rest)."},
    "nothing-to-carry": {"sv": "{fund} {year}: inget outnyttjat att flytta över.", "en": "{fund} {year}: nothing unspent to carry over."},
    "carryover-set": {"sv": "{fund}: {amount:kr} flyttas från {from} till {to}.", "en": "{fund}: {amount:kr} carried from {from} into {to}."},
    "carryover-changed": {"sv": "{fund}: överflyttningen från {from} till {to} ändras från {old:kr} till {amount:kr}.", "en": "{fund}: the carryover from {from} into {to} changes from {old:kr} to {amount:kr}."},
    "carryover-fields": {"sv": "{fund}: överflyttningen från {from} till {to} ändras: {fields}.", "en": "{fund}: the carryover from {from} into {to} changes: {fields}."},
    "carryover-unchanged": {"sv": "{fund}: {amount:kr} från {from} finns redan i {to}; inget ändrades.", "en": "{fund}: {amount:kr} from {from} is already in {to}; nothing changed."},
    "repayment-set": {"sv": "{fund}: {amount:kr} återbetalas från {year}.", "en": "{fund}: {amount:kr} repaid from {year}."},
    "init": {"sv": "Ny liggare: {ledgers}. Nästa steg: fyll i {ledgers}/sociofund.toml och årets [[grant]], kör sociofund check {ledgers}.", "en": "New ledger: {ledgers}. Next: fill in {ledgers}/sociofund.toml and the year's [[grant]], run sociofund check {ledgers}."},
    "written": {"sv": "Skrev {path}.", "en": "Wrote {path}."},
    "lock-wait": {"sv": "{path}: en annan sociofund skriver i liggaren; väntar (högst 30 s)…", "en": "{path}: another sociofund is writing this ledger; waiting (at most 30 s)…"},
    "dry-run": {"sv": "(--dry-run: inget skrevs)", "en": "(--dry-run: nothing was written)"},
    "nothing-changed": {"sv": "Inget att ändra.", "en": "Nothing to change."},
    "remainder": {"sv": "{fund} {year}: {amount:kr} ofördelat.", "en": "{fund} {year}: {amount:kr} unallocated."},
    "remainder-over": {"sv": "{fund} {year}: överfördelat med {amount:kr}.", "en": "{fund} {year}: over-allocated by {amount:kr}."},
    "remainder-none": {"sv": "{fund} {year}: allt är fördelat.", "en": "{fund} {year}: everything is allocated."},
    "new-findings": {"sv": "Ändringen ger {count} som sociofund check rapporterar:", "en": "The change brings {count} that sociofund check reports:"},
}


def note(code: str, lang: str, **args: Any) -> str:
    return fmt(NOTES[code][lang], lang, **args)


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "kr":
            return format_kronor(int(value), self.lang)
        if format_spec == "int":
            return str(int(value))
        return super().format_field(value, format_spec)


def fmt(template: str, lang: str, **args: Any) -> str:
    return _Formatter(lang).format(template, **args)


def label(key: str, lang: str, **args: Any) -> str:
    entry = LABELS[key]
    text = entry.get(lang) or entry["sv"]
    return fmt(text, lang, **args) if args else text


# tomllib's messages are English; the common ones in Swedish (others are shown as they are)
TOML_ERRORS_SV = {
    "Invalid value": "ogiltigt värde",
    "Expected newline or end of document after a statement": "radbrytning väntades efter värdet",
    "Cannot overwrite a value": "nyckeln finns redan",
    "Invalid statement": "ogiltig rad",
    "Unclosed array": "hakparentesen stängs aldrig",
    "Unterminated string": "citattecknet stängs aldrig",
    "Invalid initial character for a key part": "ogiltigt tecken i nyckeln",
    "Expected '=' after a key in a key/value pair": "'=' väntades efter nyckeln",
    "Invalid date or datetime": "ogiltigt datum",
}

#: pydantic error types that only repeat what F004's message already says
_MONEY_OBVIOUS = frozenset({"int_type", "int_from_float", "int_parsing"})
_MONEY_RANGE = frozenset({"greater_than_equal", "less_than_equal"})


def _problem_text(problem: dict[str, Any] | None, lang: str) -> str:
    if not problem:
        return ""
    kind = PROBLEMS.get(problem.get("type", ""))
    if kind is None:
        return f" ({problem.get('fallback') or problem.get('type')})"
    ctx = dict(problem.get("ctx", {}))
    if "expected" in ctx:  # pydantic's "'a', 'b' or 'c'" -> "a, b, c" in either language
        ctx["expected"] = re.sub(r"'([^']*)'", r"\1", str(ctx["expected"])).replace(" or ", ", ")
    try:
        return f" ({kind[lang].format(**ctx)})"
    except (KeyError, IndexError):
        return f" ({problem.get('fallback') or problem.get('type')})"


def message(f: Finding, lang: str = "sv") -> tuple[str, str | None]:
    """(message, hint) of a finding in ``lang``."""
    args = dict(f.args)
    kind = (args.get("problem") or {}).get("type") if f.code == "F004" else None
    # an amount out of range is an integer: say what is wrong with it, not "must be an integer"
    msg_t, hint_t = MESSAGES["F004.range" if kind in _MONEY_RANGE else f.code][lang]
    if f.code == "F004" and (args.get("problem") or {}).get("type") in _MONEY_OBVIOUS:
        args["problem"] = None
    if f.code in ("F004", "F006"):
        args["problem"] = _problem_text(args.get("problem"), lang)
    if f.code == "F001":
        detail = args.get("detail", "")
        if detail in F001_DETAILS:
            args["detail"] = F001_DETAILS[detail][lang]
        elif lang == "sv":
            args["detail"] = TOML_ERRORS_SV.get(detail, detail)
    msg = fmt(msg_t, lang, **args)
    hint = None
    # F003 and F004 have a hint only when there is something concrete to suggest
    if hint_t is not None and (f.code not in ("F003", "F004") or args.get("suggestion")):
        hint = fmt(hint_t, lang, **args)
    return msg, hint


def error_message(exc: SociofundError, lang: str = "sv") -> str:
    entry = ERRORS.get(exc.code)
    if entry is None:
        return str(exc)
    try:
        return fmt(entry[lang], lang, **exc.args_)
    except (KeyError, IndexError):
        return str(exc)
