"""English (``--lang en``, or ``lang = "en"`` in sociofund.toml).

A language is this one file: ``sociofund.i18n`` finds it by its name (an ISO 639-1 code) and
``tests/test_i18n.py`` checks that it has the same keys and the same ``{fields}`` as every other
language. Pure data: imports nothing (``--help`` stays fast).
"""

from __future__ import annotations

#: how numbers are written: ``1,750,000 kr``, ``24.3 %``, ``0.5``
GROUP = ","
DECIMAL = "."
KRONOR_SEP = " "
PERCENT = "{number} %"

#: answers to a yes/no question (Enter alone is yes); every language's words are accepted
YES = ("y", "yes")
NO = ("n", "no")


#: finding code -> (message, hint or None)
MESSAGES: dict[str, tuple[str, str | None]] = {
    "F001": ("TOML syntax error: {detail}", "fix the line; see docs/ledger-format.md"),
    "F002": ("the file is not UTF-8 text (invalid byte at offset {offset})", "save the file as UTF-8"),
    "F002.special": ("the file is not a regular file but {what} and is not read", "replace it with a regular text file (a symbolic link may point to one)"),
    "F002.large": ("the file is {size} bytes, more than a ledger file may be ({limit} bytes), and is not read", "check that it is the right file; a year file is seldom over a few hundred kilobytes"),
    "F003": ("unknown key `{key}`", "did you mean `{suggestion}`?"),
    "F004": ("`{key}` must be whole kronor as a TOML integer, not {value}{problem}", "write {suggestion}"),
    "F004.range": ("`{key}` = {value}{problem}", None),
    "F005": ("missing key `{key}`", None),
    "F006": ("invalid value for `{key}`: {value}{problem}", None),
    "F007": ("`{name}` is not a year file (YYYY.toml) and is not read", "rename it to its year, e.g. 2022.toml"),
    "B001": ("over-allocated by {amount:kr} in {fund} {year}", "allocated {allocated:kr} of {available:kr} available"),
    "B002": ("{amount:kr} unallocated in {fund} {year}", "allocate the rest: sociofund allocate {year} ID {amount:int} --fund {fund}"),
    "S001": ("spent {spent:kr} exceeds the {available:kr} available in {fund} {year} by {amount:kr}", None),
    "S002": ("allocation `{id}` spent {amount:kr} more than it was given ({spent:kr} of {allocated:kr})", None),
    "C001": ("carryover from {from_year} into {year}: from_year must be before {year}", None),
    "C002": ("carryover of {amount:kr} ({fund}) has no approved_by", "the fund needs the funder's consent: add approved_by = \"…\" (sociofund carryover: --approved-by \"…\")"),
    "C003": ("fund {fund} may not carry money over (carryover = \"none\")", "repay instead: [[repayment]] in the year the money is from"),
    "K001": ("{fund} {year}: {unspent:kr} unspent, but {carried:kr} carried over and {repaid:kr} repaid (difference {amount:kr}, see {next_file})", None),
    "K002": ("{amount:kr} unspent in {fund} {year}: carry it over or repay it", "sociofund carryover {year} {next} --fund {fund} (with --repay-rest the rest is repaid)"),
    "Y001": ("allocation `{id}` has no spent in the closed year {year}", "sociofund spend {year} {id} AMOUNT"),
    "I001": ("id `{id}` is already used in {year}", "give the allocation an id of its own"),
    "I002": ("year = {year}, but the file is named {expected}.toml", None),
    "I003": ("fund `{fund}` has no grant or carryover in {year}", "add a [[grant]] for the fund or correct the fund id"),
    "I004": ("allocation `{id}` has no fund, and the year has several ({funds})", "add fund = \"…\""),
    "D001": ("{decision} {years}: the rows add up to {rows:kr}, but the stated total is {total:kr} (difference {amount:kr})", "no row explains the difference; a new decision that supersedes this one corrects it"),
    "D002": ("{decision}: {what} {year} is {ca}{amount:kr}{implied}, but {other_ca}{other:kr}{other_implied} in {other_decision}", "difference {diff:+kr}; every difference: sociofund compare {other_id} {id}"),
    "D003": ("{decision} drops allocation `{id}` of {other_decision} ({ca}{amount:kr} for {years})", "the intervention: {name}"),
    "D004": ("{decision} changes allocation `{id}` for {years}: {old_ca}{old:kr} in {other_decision}, {new_ca}{new:kr} here ({diff:+kr})", "the intervention: {name}"),
    "D005": ("{decision}: the exact total {total:kr} for {years} rests on an approximate figure, c. {amount:kr}", "the total is exact only once that figure is"),
    "D006": ("{decision}: paragraph {paragraph} is of {paragraph_year}, but the decision is dated {date}", "look the date up in the minutes"),
    "D007": ("{entry_word} {entry} ({amount:kr}) in {year} rests on no decision", "add decision = \"…\" (sociofund decisions lists the decisions)"),
    "D008": ("{what} {year}: {amount:kr} in the ledger, but {ca}{stated:kr} in {decision} ({status})", "difference {diff:+kr}"),
    "D009": ("no decision has the id `{id}`", "the decisions: {known}"),
    "D010": ("decision id `{id}` is already used", "give each decision an id of its own"),
}


#: pydantic error type -> what is wrong with the value (the "problem" of F004/F006)
PROBLEMS: dict[str, str] = {
    "literal_error": "must be one of {expected}",
    "string_type": "must be quoted text",
    "int_type": "must be an integer",
    "bool_type": "must be true or false",
    "float_type": "must be a number",
    "date_type": "must be a TOML date, e.g. 2023-03-31",
    "string_pattern_mismatch": "may only hold lower-case letters, digits and -",
    "greater_than": "must be greater than {gt}",
    "greater_than_equal": "must not be negative",
    "less_than_equal": "must be at most {le}",
    "string_too_long": "is too long",
    "list_type": "must be an array of tables ([[…]])",
    "model_type": "must be a table",
    "dict_type": "must be a table",
    "model_attributes_type": "must be a table",
    "date_or_year": "must be a TOML date, e.g. 2021-11-22, or a year, e.g. 2021",
}


#: F001 details sociofund itself finds (tomllib's own are in TOML_ERRORS)
F001_DETAILS: dict[str, str] = {
    "nesting": "nested too deeply",
    "value": "a value cannot be read (a number too long?)",
}


#: SociofundError code -> message
ERRORS: dict[str, str] = {
    "no-such-path": "{path}: no such file or folder",
    "no-ledgers": "{path}: no ledgers here (no YYYY.toml and no sociofund.toml)",
    "io-read": "{path}: cannot be read: {reason}",
    "io-write": "{path}: cannot be written: {reason}",
    "changed-on-disk": "{path}: the file changed meanwhile; nothing was written, run the command again",
    "no-such-org": "no organisation {org} (there are: {known})",
    "refused": "nothing was written: the change would add errors the ledger does not have today (see above)",
    "locked": "{path}: another sociofund is writing this ledger; try again",
    "no-such-year": "{path} does not exist: year {year} has no file (create it with a [[grant]], or sociofund carryover)",
    "year-invalid": "{path} has errors to fix first (sociofund check)",
    "no-such-allocation": "no allocation with id {id} in {year}",
    "amount-needed": "{id} is new in {year}: give an amount",
    "amount-needed-open": "{year} is not closed: give --amount for a planned carryover",
    "fund-needed": "{id}: the year has several funds ({funds}); give --fund",
    "spent-missing": "{year}: spent is missing for {ids}; sociofund spend {year} ID AMOUNT",
    "no-such-fund": "fund {fund} has no money in {year}",
    "year-closed": "{year} is closed: its allocations no longer change. To redo the bokslut, set closed = false in {path} by hand",
    "id-ambiguous": "id {id} occurs {count} times in {year} (I001): which one is meant cannot be told; give them distinct ids first",
    "repay-rest-open": "{year} is not closed: what to repay is known only after the bokslut (sociofund close {year}); leave out --repay-rest",
    "carry-too-much": "{fund} {year}: at most {limit:kr} can be carried over, not {amount:kr} ({base:kr} unspent, {repaid:kr} repaid, {carried:kr} already carried over)",
    "carry-too-much-open": "{fund} {year}: at most {limit:kr} can be carried over, not {amount:kr} ({base:kr} available, {repaid:kr} repaid, {carried:kr} already carried over)",
    "xlsx-needs-output": "--format xlsx writes a workbook, not text: give --output FILE",
    "xlsx-needs-openpyxl": "--format xlsx needs openpyxl: pip install 'sociofund[xlsx]'",
    "bad-year": "{year} is not a year the ledger can hold (1900–2200)",
    "init-exists": "already exists, nothing was written: {paths}",
    "one-set-needed": "{path} holds several ledger sets ({sets}); choose one with --ledgers, e.g. --ledgers {example}",
    "bad-amount.empty": "the amount is empty (e.g. 460000, \"460 000 kr\", \"460 tkr\")",
    "bad-amount.syntax": "{value!r} is not an amount of whole kronor (e.g. 460000, \"460,000 kr\", \"460 tkr\")",
    "bad-amount.negative": "amounts in the ledger are never negative; to lower one, give the new, smaller amount",
    "bad-amount.fraction": "{value!r} is not whole kronor: the ledger keeps whole kronor, round it",
    "bad-amount.ambiguous": "{value!r} is ambiguous: write decimals with one or two digits (\"1.25 mnkr\") or the whole amount in kronor (\"1250000\")",
    "bad-amount.too-large": "{value!r} is implausibly large (at most 10,000 billion kr): a zero too many?",
    "bad-fte": "{value!r} is not a number of full-time equivalents (e.g. 0.5 or 1)",
    "not-interactive": "give YEAR ID AMOUNT (questions are asked only in a terminal)",
    "inline-entry": "{path}:{line}: this {table} is an inline table ({{...}}); sociofund edits only [[{table}]] blocks: rewrite it as one and run the command again",
    "no-such-decision": "no decision is called {name} (there are: {known}); give its id, paragraph (§220/2020) or Dnr (2021:1144)",
}


#: words and short phrases of the output: finding lists, reports, the allocate questions
LABELS: dict[str, str] = {
    "file.dir": "a folder",
    "file.fifo": "a named pipe (FIFO)",
    "file.device": "a device (such as /dev/zero)",
    "file.socket": "a socket",
    "file.other": "something else",
    "error": "error",
    "warning": "warning",
    "hint": "hint",
    "summary.clean": "No problems in {files} ({sets}).",
    "summary.found": "{errors}, {warnings} in {files} ({sets}).",
    "col.file": "File",
    "col.line": "Line",
    "col.code": "Code",
    "col.severity": "Severity",
    "col.message": "Message",
    "summary.title": "sociofund check",
    "r.insats": "Intervention",
    "r.unit": "Unit",
    "r.amount": "Amount",
    "r.share": "Share",
    "r.fte": "FTE",
    "r.spent": "Spent",
    "r.remaining": "Remaining",
    "r.sum_allocated": "Total allocated",
    "r.granted": "Grant",
    "r.carried_in": "Carried over from {year}",
    "r.carried_in_any": "Carried over from earlier years",
    "r.available": "Available",
    "r.allocated": "Allocated",
    "r.unallocated": "Unallocated",
    "r.overallocated": "Over-allocated",
    "r.spent_total": "Spent",
    "r.spent_so_far": "Spent so far",
    "r.unspent": "Unspent",
    "r.repaid": "Repaid",
    "r.refs": "Decisions",
    "r.closed": "closed",
    "r.open": "open",
    "r.findings": "Findings for {year} (sociofund check):",
    "r.year": "Year",
    "r.fund": "Fund",
    "r.sum_year": "Total {year}",
    "r.total": "Total",
    "r.rollup": "Roll-up per fund and year",
    "r.organisations": "Organisations",
    "r.orgs": "Orgs",
    "r.missing": "{org}: no year {year} in the ledger",
    "r.status.expected": "expected",
    "r.status.applied": "applied",
    "r.status.granted": "granted",
    "r.status.paid": "paid",
    "ask.year": "Year",
    "ask.fund": "Fund ({funds})",
    "ask.state": "{fund} {year}: available {available:kr}, allocated {allocated:kr}, unallocated {unallocated:kr}",
    "ask.existing": "Allocations in {year}:",
    "ask.id": "Id (a new one, or an existing one to change)",
    "ask.bad-id": "Id: lower-case letters, digits and -, e.g. trampolin-ifo",
    "ask.name": "Name of the intervention",
    "ask.unit": "Responsible unit (empty: none)",
    "ask.amount": "Amount",
    "ask.bad-year": "The ledger has the years {years}",
    "ask.confirm-new": "Add {id} ({name}) with {amount:kr} to {year}?",
    "ask.confirm-change": "Change {id} in {year} from {old:kr} to {amount:kr}?",
    "ask.yes-no": "[Y/n]",
    "ask.bad-yes-no": "Answer y (yes) or n (no)",
    "ask.cancelled": "Nothing was written.",
    # decisions (D-findings, sociofund decisions, sociofund compare)
    "d.approx": "c. ",
    "d.implied": " (implied by its total)",
    "d.what.grant": "the grant for {fund}",
    "d.what.carry_in": "the carry-in to {fund}",
    "d.what.allocation": "allocation `{id}`",
    "d.entry.grant": "the grant",
    "d.entry.carryover": "the carryover",
    "d.entry.allocation": "the allocation",
    "d.status.adopted": "adopted",
    "d.status.proposed": "proposed",
    "d.status.rejected": "rejected",
    "c.ledger": "Ledger",
    "c.transfer": "Moved between the years (counted once)",
    "c.recon.sources": "Difference in money available: {total:+kr} = {granted:+kr} grants + {carried:+kr} carried in from earlier years",
    "c.recon.uses": "The same difference by intervention: {total:+kr} = {lines:+kr} in the interventions",
    "c.recon.gap": " {op} {amount:kr} unallocated {years} in {decision}",
    "c.approx": "Approximate figures (c.) are included: differences resting on them are as approximate.",
    "c.ledger_in_text": "the ledger",
    "c.supersedes_it": "supersedes {what}",
    "c.money": "available {available}, allocated {allocated}",
    "c.title": "{org}: {a} compared with {b}, {years}",
    "c.diff": "Difference",
    "c.decision": "Decision",
    "c.status": "Status",
    "c.date": "Date",
    "c.superseded_by": "superseded by {by}",
    "c.doc_title": "Title",
}


#: noun -> (one, many)
PLURALS: dict[str, tuple[str, str]] = {
    "error": ("error", "errors"),
    "warning": ("warning", "warnings"),
    "file": ("file", "files"),
    "set": ("ledger set", "ledger sets"),
    "finding": ("finding", "findings"),
}


#: what a command that writes tells its reader
NOTES: dict[str, str] = {
    "allocation-added": "Allocation {id} added to {year}.",
    "allocation-changed": "Allocation {id} in {year} changed.",
    "allocation-unchanged": "Allocation {id} in {year} already has those values; nothing changed.",
    "spent-set": "Spent for {id} {year}: {amount:kr}.",
    "spent-unchanged": "Spent for {id} {year} is already {amount:kr}; nothing changed.",
    "closed": "{year} is closed.",
    "already-closed": "{year} is already closed; nothing changed.",
    "unspent": "{fund} {year}: {amount:kr} unspent, {carried:kr} carried over, {repaid:kr} repaid.",
    "unspent.todo": "  Carry it over (sociofund carryover {year} {next} --fund {fund}) or repay it (--repay-rest).",
    "unspent.todo-approval": "  Carry it over (sociofund carryover {year} {next} --fund {fund} --approved-by \"…\") or repay it (--repay-rest).",
    "unspent.todo-none": "  The fund allows no carryover: repay it (sociofund carryover {year} {next} --fund {fund} --repay-rest).",
    "carry-forbidden": "{fund} {year}: the fund allows no carryover; repay what is unspent (sociofund carryover {year} {next} --fund {fund} --repay-rest).",
    "nothing-to-carry": "{fund} {year}: nothing unspent to carry over.",
    "carryover-set": "{fund}: {amount:kr} carried from {from} into {to}.",
    "carryover-changed": "{fund}: the carryover from {from} into {to} changes from {old:kr} to {amount:kr}.",
    "carryover-fields": "{fund}: the carryover from {from} into {to} changes: {fields}.",
    "carryover-unchanged": "{fund}: {amount:kr} from {from} is already in {to}; nothing changed.",
    "repayment-set": "{fund}: {amount:kr} repaid from {year}.",
    "init": "New ledger: {ledgers}. Next: fill in {ledgers}/sociofund.toml and the year's [[grant]], run sociofund check {ledgers}.",
    "written": "Wrote {path}.",
    "lock-wait": "{path}: another sociofund is writing this ledger; waiting (at most 30 s)…",
    "dry-run": "(--dry-run: nothing was written)",
    "nothing-changed": "Nothing to change.",
    "remainder": "{fund} {year}: {amount:kr} unallocated.",
    "remainder-over": "{fund} {year}: over-allocated by {amount:kr}.",
    "remainder-none": "{fund} {year}: everything is allocated.",
    "new-findings": "The change brings {count} that sociofund check reports:",
}


#: tomllib's messages (English) as this language says them; a message not here is shown as it is
TOML_ERRORS: dict[str, str] = {
}
