"""Svenska: the default language. Every sentence, label and number convention sociofund uses in
Swedish.

A language is this one file: ``sociofund.i18n`` finds it by its name (an ISO 639-1 code) and
``tests/test_i18n.py`` checks that it has the same keys and the same ``{fields}`` as every other
language. Pure data: imports nothing (``--help`` stays fast).
"""

from __future__ import annotations

#: how numbers are written: ``1 750 000 kr``, ``24,3 %``, ``0,5`` (U+00A0 as the space)
GROUP = "\u00a0"
DECIMAL = ","
KRONOR_SEP = "\u00a0"
PERCENT = "{number}\u00a0%"

#: answers to a yes/no question (Enter alone is yes); every language's words are accepted
YES = ("j", "ja")
NO = ("n", "nej")


#: finding code -> (message, hint or None)
MESSAGES: dict[str, tuple[str, str | None]] = {
    "F001": ("TOML-syntaxfel: {detail}", "rätta raden; se docs/ledger-format.md"),
    "F002": ("filen är inte UTF-8-text (ogiltig byte vid position {offset})", "spara filen som UTF-8"),
    "F002.special": ("filen är ingen vanlig fil utan {what} och läses inte", "ersätt den med en vanlig textfil (en symbolisk länk får peka på en)"),
    "F002.large": ("filen är {size} byte, mer än en liggarfil får vara ({limit} byte), och läses inte", "kontrollera att det är rätt fil; en årsfil är sällan större än några hundra kilobyte"),
    "F003": ("okänd nyckel `{key}`", "menade du `{suggestion}`?"),
    "F004": ("`{key}` ska vara hela kronor som ett TOML-heltal, inte {value}{problem}", "skriv {suggestion}"),
    "F004.range": ("`{key}` = {value}{problem}", None),
    "F005": ("nyckeln `{key}` saknas", None),
    "F006": ("ogiltigt värde för `{key}`: {value}{problem}", None),
    "F007": ("`{name}` är ingen årsfil (YYYY.toml) och läses inte", "byt namn till årtalet, t.ex. 2022.toml"),
    "B001": ("överfördelat med {amount:kr} i {fund} {year}", "fördelat {allocated:kr} av tillgängliga {available:kr}"),
    "B002": ("{amount:kr} ofördelat i {fund} {year}", "fördela resten: sociofund allocate {year} ID {amount:int} --fund {fund}"),
    "S001": ("utfall {spent:kr} överstiger tillgängliga {available:kr} i {fund} {year} med {amount:kr}", None),
    "S002": ("insatsen `{id}` har förbrukat {amount:kr} mer än sin fördelning ({spent:kr} av {allocated:kr})", None),
    "C001": ("överflyttning från {from_year} till {year}: from_year måste vara före {year}", None),
    "C002": ("överflyttade medel ({amount:kr}, {fund}) saknar approved_by", "fonden kräver finansiärens medgivande: lägg till approved_by = \"…\" (sociofund carryover: --approved-by \"…\")"),
    "C003": ("fonden {fund} får inte flytta över medel (carryover = \"none\")", "betala tillbaka i stället: [[repayment]] i året medlen kommer från"),
    "K001": ("{fund} {year}: outnyttjat {unspent:kr}, men överflyttat {carried:kr} och återbetalt {repaid:kr} (skillnad {amount:kr}, se {next_file})", None),
    "K002": ("{amount:kr} outnyttjat {year} i {fund}: flytta över eller betala tillbaka", "sociofund carryover {year} {next} --fund {fund} (med --repay-rest betalas resten tillbaka)"),
    "Y001": ("insatsen `{id}` saknar utfall (spent) i det stängda året {year}", "sociofund spend {year} {id} BELOPP"),
    "I001": ("id `{id}` finns redan i {year}", "ge insatsen ett eget id"),
    "I002": ("year = {year}, men filen heter {expected}.toml", None),
    "I003": ("fonden `{fund}` har ingen tilldelning eller överflyttning i {year}", "lägg till en [[grant]] för fonden eller rätta fondens id"),
    "I004": ("insatsen `{id}` saknar fund, och året har flera fonder ({funds})", "lägg till fund = \"…\""),
    "D001": ("{decision} {years}: raderna summerar till {rows:kr}, men summan anges till {total:kr} (skillnad {amount:kr})", "ingen rad förklarar skillnaden; ett nytt beslut som ersätter detta (supersedes) rättar den"),
    "D002": ("{decision}: {what} {year} är {ca}{amount:kr}{implied}, men {other_ca}{other:kr}{other_implied} i {other_decision}", "skillnad {diff:+kr}; alla skillnader: sociofund compare {other_id} {id}"),
    "D003": ("{decision} stryker insatsen `{id}` ur {other_decision} ({ca}{amount:kr} för {years})", "insatsen: {name}"),
    "D004": ("{decision} ändrar insatsen `{id}` för {years}: {old_ca}{old:kr} i {other_decision}, {new_ca}{new:kr} här ({diff:+kr})", "insatsen: {name}"),
    "D005": ("{decision}: den exakta summan {total:kr} för {years} vilar på ett ungefärligt belopp, ca {amount:kr}", "summan är exakt först när beloppet är det"),
    "D006": ("{decision}: paragrafen {paragraph} är från {paragraph_year}, men beslutet dateras {date}", "slå upp datumet i protokollet"),
    "D007": ("{entry_word} {entry} ({amount:kr}) i {year} vilar inte på något beslut", "lägg till decision = \"…\" (sociofund decisions listar besluten)"),
    "D008": ("{what} {year}: {amount:kr} i liggaren, men {ca}{stated:kr} i {decision} ({status})", "skillnad {diff:+kr}"),
    "D009": ("det finns inget beslut med id `{id}`", "besluten: {known}"),
    "D010": ("beslutets id `{id}` finns redan", "ge varje beslut ett eget id"),
}


#: pydantic error type -> what is wrong with the value (the "problem" of F004/F006)
PROBLEMS: dict[str, str] = {
    "literal_error": "ska vara en av {expected}",
    "string_type": "ska vara text inom citattecken",
    "int_type": "ska vara ett heltal",
    "bool_type": "ska vara true eller false",
    "float_type": "ska vara ett tal",
    "date_type": "ska vara ett TOML-datum, t.ex. 2023-03-31",
    "string_pattern_mismatch": "får bara innehålla små bokstäver, siffror och -",
    "greater_than": "ska vara större än {gt}",
    "greater_than_equal": "får inte vara negativt",
    "less_than_equal": "får vara högst {le}",
    "string_too_long": "är för lång",
    "list_type": "ska vara en lista av tabeller ([[…]])",
    "model_type": "ska vara en tabell",
    "dict_type": "ska vara en tabell",
    "model_attributes_type": "ska vara en tabell",
    "date_or_year": "ska vara ett TOML-datum, t.ex. 2021-11-22, eller ett år, t.ex. 2021",
}


#: F001 details sociofund itself finds (tomllib's own are in TOML_ERRORS)
F001_DETAILS: dict[str, str] = {
    "nesting": "för djupt nästlad",
    "value": "ett värde går inte att läsa (för långt tal?)",
}


#: SociofundError code -> message
ERRORS: dict[str, str] = {
    "no-such-path": "{path}: finns inte",
    "no-ledgers": "{path}: inga liggare här (inga YYYY.toml och ingen sociofund.toml)",
    "io-read": "{path}: kan inte läsas: {reason}",
    "io-write": "{path}: kan inte skrivas: {reason}",
    "changed-on-disk": "{path}: filen ändrades under tiden; inget skrevs, kör kommandot igen",
    "no-such-org": "ingen organisation {org} (finns: {known})",
    "refused": "ändringen skrevs inte: den skulle ge fel som liggaren inte har i dag (se ovan)",
    "locked": "{path}: en annan sociofund skriver i liggaren; försök igen",
    "no-such-year": "{path} finns inte: året {year} har ingen fil (skapa den med en [[grant]], eller sociofund carryover)",
    "year-invalid": "{path} har fel som måste rättas först (sociofund check)",
    "no-such-allocation": "ingen insats med id {id} i {year}",
    "amount-needed": "{id} är ny i {year}: ange ett belopp",
    "amount-needed-open": "{year} är inte stängt: ange --amount för en planerad överflyttning",
    "fund-needed": "{id}: året har flera fonder ({funds}); ange --fund",
    "spent-missing": "{year}: utfall (spent) saknas för {ids}; sociofund spend {year} ID BELOPP",
    "no-such-fund": "fonden {fund} har inga medel i {year}",
    "year-closed": "{year} är stängt (bokslut): dess insatser ändras inte längre. Ska bokslutet göras om, sätt closed = false i {path} för hand",
    "id-ambiguous": "id {id} finns {count} gånger i {year} (I001): det går inte att veta vilken som menas; ge dem olika id först",
    "repay-rest-open": "{year} är inte stängt: vad som ska betalas tillbaka är känt först efter bokslut (sociofund close {year}); utelämna --repay-rest",
    "carry-too-much": "{fund} {year}: högst {limit:kr} kan flyttas över, inte {amount:kr} (outnyttjat {base:kr}, återbetalt {repaid:kr}, redan överflyttat {carried:kr})",
    "carry-too-much-open": "{fund} {year}: högst {limit:kr} kan flyttas över, inte {amount:kr} (tillgängligt {base:kr}, återbetalt {repaid:kr}, redan överflyttat {carried:kr})",
    "xlsx-needs-output": "--format xlsx skriver en arbetsbok, inte text: ange --output FIL",
    "xlsx-needs-openpyxl": "--format xlsx behöver openpyxl: pip install 'sociofund[xlsx]'",
    "bad-year": "{year} är inget år liggaren kan ha (1900–2200)",
    "init-exists": "finns redan, inget skrevs: {paths}",
    "one-set-needed": "{path} innehåller flera liggare ({sets}); välj en med --ledgers, t.ex. --ledgers {example}",
    "bad-amount.empty": "beloppet saknas (t.ex. 460000, \"460 000 kr\", \"460 tkr\")",
    "bad-amount.syntax": "{value!r} är inget belopp i hela kronor (t.ex. 460000, \"460 000 kr\", \"460 tkr\")",
    "bad-amount.negative": "belopp i liggaren är aldrig negativa; en minskning skrivs som det nya, lägre beloppet",
    "bad-amount.fraction": "{value!r} är inte hela kronor: liggaren förs i hela kronor, avrunda",
    "bad-amount.ambiguous": "{value!r} är tvetydigt: skriv decimaler med en eller två siffror (\"1,25 mnkr\") eller hela beloppet i kronor (\"1 250 000\")",
    "bad-amount.too-large": "{value!r} är orimligt stort (högst 10 000 miljarder kr): en nolla för mycket?",
    "bad-fte": "{value!r} är inget antal årsarbetskrafter (t.ex. 0,5 eller 1)",
    "not-interactive": "ange YEAR ID AMOUNT (frågor ställs bara i en terminal)",
    "inline-entry": "{path}:{line}: {table} står som en inline-tabell ({{...}}); sociofund ändrar bara [[{table}]]-block: skriv om den så och kör kommandot igen",
    "no-such-decision": "inget beslut heter {name} (finns: {known}); ange id, paragraf (§220/2020) eller Dnr (2021:1144)",
}


#: words and short phrases of the output: finding lists, reports, the allocate questions
LABELS: dict[str, str] = {
    "file.dir": "en mapp",
    "file.fifo": "en namngiven pipe (FIFO)",
    "file.device": "en enhetsfil (t.ex. /dev/zero)",
    "file.socket": "en socket",
    "file.other": "något annat",
    "error": "fel",
    "warning": "varning",
    "hint": "tips",
    "summary.clean": "Inga fel i {files} ({sets}).",
    "summary.found": "{errors}, {warnings} i {files} ({sets}).",
    "col.file": "Fil",
    "col.line": "Rad",
    "col.code": "Kod",
    "col.severity": "Allvar",
    "col.message": "Meddelande",
    "summary.title": "sociofund check",
    "r.insats": "Insats",
    "r.unit": "Ansvarig",
    "r.amount": "Belopp",
    "r.share": "Andel",
    "r.fte": "Heltid",
    "r.spent": "Utfall",
    "r.remaining": "Kvar",
    "r.sum_allocated": "Summa fördelat",
    "r.granted": "Tilldelning",
    "r.carried_in": "Överflyttat från {year}",
    "r.carried_in_any": "Överflyttat från tidigare år",
    "r.available": "Tillgängligt",
    "r.allocated": "Fördelat",
    "r.unallocated": "Ofördelat",
    "r.overallocated": "Överfördelat",
    "r.spent_total": "Utfall",
    "r.spent_so_far": "Utfall hittills",
    "r.unspent": "Outnyttjat",
    "r.repaid": "Återbetalt",
    "r.refs": "Beslut",
    "r.closed": "stängt (bokslut)",
    "r.open": "öppet",
    "r.findings": "Fynd som rör {year} (sociofund check):",
    "r.year": "År",
    "r.fund": "Fond",
    "r.sum_year": "Summa {year}",
    "r.total": "Totalt",
    "r.rollup": "Sammanställning per fond och år",
    "r.organisations": "Organisationer",
    "r.orgs": "Org.",
    "r.missing": "{org}: inget år {year} i liggaren",
    "r.status.expected": "förväntad",
    "r.status.applied": "sökt",
    "r.status.granted": "beviljad",
    "r.status.paid": "utbetald",
    "ask.year": "År",
    "ask.fund": "Fond ({funds})",
    "ask.state": "{fund} {year}: tillgängligt {available:kr}, fördelat {allocated:kr}, ofördelat {unallocated:kr}",
    "ask.existing": "Insatser i {year}:",
    "ask.id": "Id (en ny, eller en befintlig att ändra)",
    "ask.bad-id": "Id: små bokstäver, siffror och -, t.ex. trampolin-ifo",
    "ask.name": "Namn på insatsen",
    "ask.unit": "Ansvarig enhet (tom: ingen)",
    "ask.amount": "Belopp",
    "ask.bad-year": "Liggaren har åren {years}",
    "ask.confirm-new": "Lägga till {id} ({name}) med {amount:kr} i {year}?",
    "ask.confirm-change": "Ändra {id} i {year} från {old:kr} till {amount:kr}?",
    "ask.yes-no": "[J/n]",
    "ask.bad-yes-no": "Svara j (ja) eller n (nej)",
    "ask.cancelled": "Inget skrevs.",
    # decisions (D-findings, sociofund decisions, sociofund compare)
    "d.approx": "ca ",
    "d.implied": " (härlett ur beslutets summa)",
    "d.what.grant": "tilldelningen för {fund}",
    "d.what.carry_in": "överflyttat in i {fund}",
    "d.what.allocation": "insatsen `{id}`",
    "d.entry.grant": "tilldelningen",
    "d.entry.carryover": "överflyttningen",
    "d.entry.allocation": "insatsen",
    "d.status.adopted": "antaget",
    "d.status.proposed": "förslag",
    "d.status.rejected": "avslaget",
    "c.ledger": "Liggaren",
    "c.transfer": "Flyttat mellan åren (räknas en gång)",
    "c.recon.sources": "Skillnad i tillgängligt: {total:+kr} = {granted:+kr} tilldelning + {carried:+kr} överflyttat från tidigare år",
    "c.recon.uses": "Samma skillnad per insats: {total:+kr} = {lines:+kr} i insatserna",
    "c.recon.gap": " {op} {amount:kr} ofördelat {years} i {decision}",
    "c.approx": "Ungefärliga belopp (ca) ingår: skillnader som bygger på dem är lika ungefärliga.",
    "c.ledger_in_text": "liggaren",
    "c.supersedes_it": "ersätter {what}",
    "c.money": "tillgängligt {available}, fördelat {allocated}",
    "c.title": "{org}: {a} jämfört med {b}, {years}",
    "c.diff": "Skillnad",
    "c.decision": "Beslut",
    "c.status": "Status",
    "c.date": "Datum",
    "c.superseded_by": "ersätts av {by}",
    "c.doc_title": "Titel",
}


#: noun -> (one, many)
PLURALS: dict[str, tuple[str, str]] = {
    "error": ("fel", "fel"),
    "warning": ("varning", "varningar"),
    "file": ("fil", "filer"),
    "set": ("liggare", "liggare"),
    "finding": ("fynd", "fynd"),
}


#: what a command that writes tells its reader
NOTES: dict[str, str] = {
    "allocation-added": "Insatsen {id} lades till i {year}.",
    "allocation-changed": "Insatsen {id} i {year} ändrades.",
    "allocation-unchanged": "Insatsen {id} i {year} har redan de värdena; inget ändrades.",
    "spent-set": "Utfall för {id} {year}: {amount:kr}.",
    "spent-unchanged": "Utfallet för {id} {year} är redan {amount:kr}; inget ändrades.",
    "closed": "{year} är stängt (bokslut).",
    "already-closed": "{year} är redan stängt; inget ändrades.",
    "unspent": "{fund} {year}: outnyttjat {amount:kr}, överflyttat {carried:kr}, återbetalt {repaid:kr}.",
    "unspent.todo": "  Flytta över (sociofund carryover {year} {next} --fund {fund}) eller betala tillbaka (--repay-rest).",
    "unspent.todo-approval": "  Flytta över (sociofund carryover {year} {next} --fund {fund} --approved-by \"…\") eller betala tillbaka (--repay-rest).",
    "unspent.todo-none": "  Fonden tillåter ingen överflyttning: betala tillbaka (sociofund carryover {year} {next} --fund {fund} --repay-rest).",
    "carry-forbidden": "{fund} {year}: fonden tillåter ingen överflyttning; betala tillbaka det outnyttjade (sociofund carryover {year} {next} --fund {fund} --repay-rest).",
    "nothing-to-carry": "{fund} {year}: inget outnyttjat att flytta över.",
    "carryover-set": "{fund}: {amount:kr} flyttas från {from} till {to}.",
    "carryover-changed": "{fund}: överflyttningen från {from} till {to} ändras från {old:kr} till {amount:kr}.",
    "carryover-fields": "{fund}: överflyttningen från {from} till {to} ändras: {fields}.",
    "carryover-unchanged": "{fund}: {amount:kr} från {from} finns redan i {to}; inget ändrades.",
    "repayment-set": "{fund}: {amount:kr} återbetalas från {year}.",
    "init": "Ny liggare: {ledgers}. Nästa steg: fyll i {ledgers}/sociofund.toml och årets [[grant]], kör sociofund check {ledgers}.",
    "written": "Skrev {path}.",
    "lock-wait": "{path}: en annan sociofund skriver i liggaren; väntar (högst 30 s)…",
    "dry-run": "(--dry-run: inget skrevs)",
    "nothing-changed": "Inget att ändra.",
    "remainder": "{fund} {year}: {amount:kr} ofördelat.",
    "remainder-over": "{fund} {year}: överfördelat med {amount:kr}.",
    "remainder-none": "{fund} {year}: allt är fördelat.",
    "new-findings": "Ändringen ger {count} som sociofund check rapporterar:",
}


#: tomllib's messages (English) as this language says them; a message not here is shown as it is
TOML_ERRORS: dict[str, str] = {
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
