#!/usr/bin/env python3
"""Deterministic generator of synthetic ledger trees for the benchmark.

Writes a root folder with one subfolder per organisation (a ledger set in the
format of PRODUCT.md section 3: `sociofund.toml` plus one `YYYY.toml` per
year) and, optionally, the very same money as an hledger/ledger journal and as
a beancount v3 file whose balance assertions encode the rules of section 4:

* after the allocations of a fund-year, its available account is 0
  (allocations sum exactly to grant + carryover in: rule 1);
* in a closed year every allocation's account ends at 0: its amount went to
  spent (utfall) and its unspent rest to the fund-year's unspent account
  (rules 2 and 5);
* the unspent account of a closed fund-year ends at 0 once the repayment in
  that year and the carryover into the next year have taken their parts
  (rule 4).

Stdlib only, seeded: the same arguments give byte-identical files. Each
(organisation, fund, year) draws from its own random stream, so the first 31
organisations of `all` are the organisations of `programme` and `small` is the
first organisation of both (with the same number of years).

The municipality names are real; every amount, decision number and
intervention is invented.

Usage:
    python3 bench/generate.py --preset all --out bench/out/all/tree \
        --hledger bench/out/all/ledger.journal --beancount bench/out/all/ledger.beancount
    python3 bench/generate.py --orgs 5 --years 3 --alloc-factor 2 --out /tmp/tree
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PRESETS = {
    # name: (organisations, years, allocation factor)
    "small": (1, 5, 1),
    "programme": (31, 10, 1),
    "all": (290, 10, 1),
    "all10": (290, 10, 10),
}

FIRST_YEAR = 2018  # Stärka landsbygdskommuner and the segregation grant both start 2018

# --------------------------------------------------------------------------- names

# The 290 municipalities, ordered so that the first one is Ragunda (the `small`
# preset), the first 31 are rural municipalities of the kind that receive
# Stärka landsbygdskommuner (the `programme` preset), the next 32 are
# municipalities of the kind that receive the segregation grant, then the rest.
SLK_KOMMUNER = """
Ragunda Berg Bräcke Strömsund Härjedalen Ånge Sollefteå Kramfors Ljusdal Hofors Ockelbo
Nordanstig Dorotea Vilhelmina Åsele Sorsele Storuman Malå Norsjö Pajala Överkalix Övertorneå
Haparanda Filipstad Hagfors Munkfors Storfors Ljusnarsberg Hällefors Laxå Bengtsfors
""".split()
SEG_KOMMUNER = """
Borlänge Botkyrka Eskilstuna Gävle Göteborg Halmstad Helsingborg Huddinge Järfälla Jönköping
Karlskrona Karlstad Kristianstad Landskrona Linköping Malmö Norrköping Nyköping Stockholm
Sundsvall Södertälje Trollhättan Uddevalla Umeå Uppsala Västerås Växjö Örebro Haninge
Sigtuna Upplands_Väsby Katrineholm
""".split()
OTHER_KOMMUNER = """
Danderyd Ekerö Lidingö Nacka Norrtälje Nykvarn Nynäshamn Salem Sollentuna Solna Sundbyberg
Tyresö Täby Upplands-Bro Vallentuna Vaxholm Värmdö Österåker Enköping Heby Håbo Knivsta Tierp
Älvkarleby Östhammar Flen Gnesta Oxelösund Strängnäs Trosa Vingåker Boxholm Finspång Kinda
Mjölby Motala Söderköping Vadstena Valdemarsvik Ydre Åtvidaberg Ödeshög Aneby Eksjö Gislaved
Gnosjö Habo Mullsjö Nässjö Sävsjö Tranås Vaggeryd Vetlanda Värnamo Alvesta Lessebo Ljungby
Markaryd Tingsryd Uppvidinge Älmhult Borgholm Emmaboda Hultsfred Högsby Kalmar Mönsterås
Mörbylånga Nybro Oskarshamn Torsås Vimmerby Västervik Gotland Karlshamn Olofström Ronneby
Sölvesborg Bjuv Bromölla Burlöv Båstad Eslöv Hässleholm Höganäs Hörby Höör Klippan Kävlinge
Lomma Lund Osby Perstorp Simrishamn Sjöbo Skurup Staffanstorp Svalöv Svedala Tomelilla
Trelleborg Vellinge Ystad Åstorp Ängelholm Örkelljunga Östra_Göinge Falkenberg Hylte
Kungsbacka Laholm Varberg Ale Alingsås Bollebygd Borås Dals-Ed Essunga Falköping Färgelanda
Grästorp Gullspång Götene Herrljunga Hjo Härryda Karlsborg Kungälv Lerum Lidköping Lilla_Edet
Lysekil Mariestad Mark Mellerud Munkedal Mölndal Orust Partille Skara Skövde Sotenäs
Stenungsund Strömstad Svenljunga Tanum Tibro Tidaholm Tjörn Tranemo Töreboda Ulricehamn Vara
Vårgårda Vänersborg Åmål Öckerö Arvika Eda Forshaga Grums Hammarö Kil Kristinehamn Sunne
Säffle Torsby Årjäng Askersund Degerfors Hallsberg Karlskoga Kumla Lekeberg Lindesberg Nora
Arboga Fagersta Hallstahammar Kungsör Köping Norberg Sala Skinnskatteberg Surahammar Avesta
Falun Gagnef Hedemora Leksand Ludvika Malung-Sälen Mora Orsa Rättvik Smedjebacken Säter
Vansbro Älvdalen Bollnäs Hudiksvall Ovanåker Sandviken Söderhamn Härnösand Timrå Örnsköldsvik
Krokom Åre Östersund Bjurholm Lycksele Nordmaling Robertsfors Skellefteå Vindeln Vännäs
Arjeplog Arvidsjaur Boden Gällivare Jokkmokk Kalix Kiruna Luleå Piteå Älvsbyn
""".split()
KOMMUNER = [n.replace("_", " ") for n in SLK_KOMMUNER + SEG_KOMMUNER + OTHER_KOMMUNER]
N_SLK = len(SLK_KOMMUNER)
N_SEG = len(SEG_KOMMUNER)

_TRANS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "A", "Ä": "A", "Ö": "O", " ": "-"})


def ascii_slug(text: str) -> str:
    """Lower-case ASCII slug: å, ä -> a, ö -> o, space -> -."""
    return text.lower().translate(_TRANS)


def bean_component(text: str) -> str:
    """One beancount account component: ASCII letters, digits and -, capitalised."""
    s = ascii_slug(text)
    return s[:1].upper() + s[1:]


# --------------------------------------------------------------------------- catalogues

@dataclass(frozen=True)
class FundKind:
    id: str
    name: str
    funder: str  # "{org}" is replaced by the organisation's name
    policy: str  # approval | free | none
    grants: tuple[int, ...]  # typical yearly grant amounts; one is drawn per org
    base_allocs: tuple[int, int]  # allocations per fund-year at factor 1 (min, max)
    interventions: tuple[tuple[str, str, str, float | None], ...]  # id, name, unit, fte


SLK = FundKind(
    "slk", "Stärka landsbygdskommuner", "Tillväxtverket", "approval",
    (1_750_000, 1_805_000, 1_890_000, 2_008_680, 1_920_000, 1_660_000),
    (3, 5),
    (
        ("trampolin-ifo", "Trampolin; heltidstjänst vid socialtjänsten/IFO", "Socialtjänsten/IFO", 1.0),
        ("trampolin-elevhalsa", "Trampolin; heltidstjänst vid elevhälsan", "Elevhälsan", 1.0),
        ("handledning-skola", "Handledning av individer i arbetsmarknadsåtgärder och för sociala aktiviteter för eleverna", "Barn- och utbildningsförvaltningen", 1.0),
        ("handledning-ami", "Handledning av individer i arbetsmarknadsåtgärd vid AMI", "Arbetsmarknad och integration", 1.0),
        ("systemteori", "Systemteoretiskt förhållningssätt; internutbildning, 15 % av heltid", "Socialtjänsten", 0.15),
        ("bou-ovrigt", "Övrigt att fördela inom barn- och utbildningsförvaltningens verksamhet", "Barn- och utbildningsförvaltningen", None),
        ("folkhalsa", "Folkhälsosamordnare på halvtid", "Kommunledningsförvaltningen", 0.5),
        ("studieverkstad", "Studieverkstad för unga vuxna", "Vuxenutbildningen", 0.75),
    ),
)
SEG = FundKind(
    "seg", "Minska och motverka segregation", "Delmos", "approval",
    (3_200_000, 4_850_000, 6_400_000, 8_000_000, 11_750_000),
    (6, 9),
    (
        ("trygghetsvardar", "Trygghetsvärdar i bostadsområdena", "Samhällsbyggnad", 2.0),
        ("sprakutveckling", "Språkutvecklande arbete i förskolan", "Förskolan", 1.0),
        ("foraldrastod", "Föräldrastöd på flera språk", "Socialtjänsten", 0.5),
        ("lovskola", "Lovskola för årskurs 7–9", "Grundskolan", None),
        ("samhallsorientering", "Samhällsorientering för nyanlända", "Arbetsmarknad och integration", 0.5),
        ("foreningsstod", "Stöd till föreningslivets öppna verksamhet", "Kultur och fritid", None),
        ("medborgarkontor", "Medborgarkontor i stadsdelen", "Kommunledningsförvaltningen", 1.5),
        ("brottsforebyggande", "Brottsförebyggande samordnare", "Säkerhetsenheten", 1.0),
    ),
)
EGEN = FundKind(
    "egen", "Socioekonomiska utvecklingsmedel (egna medel)", "{org}", "free",
    (500_000, 1_000_000, 1_500_000, 3_000_000, 4_000_000),
    (3, 6),
    (
        ("integration-egenforsorjning", "Integration och egenförsörjning", "Koncernövergripande program", 3.0),
        ("naringsliv-tillvaxt", "Näringsliv och tillväxt", "Näringslivsenheten", 1.0),
        ("feriejobb", "Feriejobb för ungdomar", "Arbetsmarknadsenheten", None),
        ("kompetensforsorjning", "Kompetensförsörjning; validering och yrkesutbildning", "Vuxenutbildningen", 0.5),
        ("fritidsgard", "Utökade öppettider på fritidsgården", "Kultur och fritid", 0.8),
        ("skuldradgivning", "Förstärkt budget- och skuldrådgivning", "Socialtjänsten", 0.25),
    ),
)
SOMMAR = FundKind(
    "sommar", "Sommarlovsaktiviteter för barn och unga", "Socialstyrelsen", "none",
    (180_000, 420_000, 760_000, 1_250_000, 2_100_000),
    (3, 6),
    (
        ("sommarlov-aktiviteter", "Avgiftsfria sommarlovsaktiviteter", "Kultur och fritid", None),
        ("sommarlov-simskola", "Simskola under sommarlovet", "Fritid och idrott", None),
        ("sommarlov-friluft", "Friluftsdagar för barn 6–15 år", "Fritid", None),
        ("sommarlov-daglager", "Dagläger vid sjön för mellanstadiet", "Fritid", 0.5),
        ("sommarlov-bibliotek", "Läsfrämjande på biblioteket i sommar", "Biblioteket", None),
    ),
)

NOTES = (
    "vilket är okej för finansiären",
    "enligt arbetsgruppens förslag",
    "reviderat efter uppföljning i september",
    "medfinansiering i form av arbetstid tillkommer",
)
FUNDER_SLUG = {"Tillväxtverket": "tillväxtverket", "Delmos": "delmos", "Socialstyrelsen": "socialstyrelsen"}


# --------------------------------------------------------------------------- model

@dataclass
class Alloc:
    id: str
    name: str
    unit: str
    amount: int
    fte: float | None
    spent: int | None
    ref: str
    note: str | None = None


@dataclass
class FundYear:
    fund: str
    funder: str
    program: str
    policy: str
    grant: int
    grant_status: str
    grant_ref: str
    carry_in: int = 0  # from year - 1
    carry_approved_by: str | None = None
    carry_ref: str = ""
    carry_note: str | None = None
    allocs: list[Alloc] = field(default_factory=list)
    unspent: int = 0  # closed years only
    repay: int = 0
    repay_ref: str = ""
    carry_out: int = 0  # into year + 1 (closed years only)

    @property
    def available(self) -> int:
        return self.grant + self.carry_in


@dataclass
class Org:
    index: int
    name: str  # "Ragunda kommun"
    short: str  # "Ragunda"
    slug: str  # "ragunda"
    funds: list[FundKind]
    years: dict[int, list[FundYear]] = field(default_factory=dict)


_LONG = str.maketrans({"å": "aa", "ä": "ae", "ö": "oe", "é": "e", " ": "-"})


def _kommun_slugs() -> list[str]:
    """Folder names; where two names fold to one slug (Habo, Håbo) the one with
    Swedish letters spells them out (haabo)."""
    plain = [ascii_slug(n) for n in KOMMUNER]
    slugs = [s if plain.count(s) == 1 or n.isascii() else n.lower().translate(_LONG)
             for n, s in zip(KOMMUNER, plain)]
    assert len(set(slugs)) == len(slugs)
    return slugs


KOMMUN_SLUGS = _kommun_slugs()


def org_identity(index: int) -> tuple[str, str, str]:
    base = KOMMUNER[index % len(KOMMUNER)]
    cycle = index // len(KOMMUNER)
    short = base if cycle == 0 else f"{base} {cycle + 1}"
    name = "Region Gotland" if base == "Gotland" and cycle == 0 else f"{short} kommun"
    slug = KOMMUN_SLUGS[index % len(KOMMUNER)]
    return name, short, slug if cycle == 0 else f"{slug}-{cycle + 1}"


def org_funds(index: int) -> list[FundKind]:
    i = index % len(KOMMUNER)
    if i < N_SLK:
        funds = [SLK, EGEN]
    elif i < N_SLK + N_SEG:
        funds = [SEG, EGEN]
    else:
        return [EGEN, SOMMAR]
    if index % 3 == 2:
        funds.append(SOMMAR)
    return funds


def split_amount(rng: random.Random, total: int, n: int) -> list[int]:
    """n positive integers summing exactly to total, rounded where the sizes allow."""
    per = total // n
    unit = 1000 if per >= 50_000 else 100 if per >= 5_000 else 1
    weights = [rng.randint(4, 12) for _ in range(n)]
    wsum = sum(weights)
    parts = [max(unit, (total * w // wsum) // unit * unit) for w in weights]
    parts[parts.index(max(parts))] += total - sum(parts)
    assert sum(parts) == total and min(parts) > 0, (total, n, parts)
    return parts


def build_org(index: int, years: list[int], factor: int, seed: int) -> Org:
    name, short, slug = org_identity(index)
    org = Org(index, name, short, slug, org_funds(index))
    last = years[-1]
    prev: dict[str, FundYear] = {}
    for y in years:
        closed = y != last
        fys: list[FundYear] = []
        taken: set[str] = set()
        for kind in org.funds:
            rng = random.Random(f"{seed}/{index}/{kind.id}/{y}/{factor}")
            orng = random.Random(f"{seed}/{index}/{kind.id}")  # per org and fund, all years
            base_grant = orng.choice(kind.grants)
            grant = base_grant + rng.choice((0, 0, 0, 5_000, -15_000, 40_000, 55_000))
            funder = kind.funder.replace("{org}", name)
            status = "paid" if closed else rng.choice(("granted", "granted", "paid", "expected"))
            fy = FundYear(
                fund=kind.id, funder=funder, program=kind.name, policy=kind.policy, grant=grant,
                grant_status=status, grant_ref=f"Dnr {y - 1}:{rng.randint(100, 1999)}",
            )
            # carryover in: what the previous (closed) year left and did not repay
            p = prev.get(kind.id)
            if p is not None and p.unspent - p.repay > 0:
                fy.carry_in = p.carry_out = p.unspent - p.repay
                fy.carry_approved_by = funder if kind.policy == "approval" else None
                fy.carry_ref = f"KS §{rng.randint(1, 250)}/{y - 1}"
                fy.carry_note = rng.choice(NOTES) if rng.random() < 0.3 else None
            # allocations
            lo, hi = kind.base_allocs
            n = rng.randint(lo, hi) * factor
            amounts = split_amount(rng, fy.available, n)
            cat = kind.interventions
            order = rng.sample(range(len(cat)), len(cat))
            alloc_ref = f"KS §{rng.randint(1, 250)}/{y - 1}"
            all_spent = rng.random() < 0.4  # a fund-year where every krona was used
            for k in range(n):
                aid, aname, unit, fte = cat[order[k % len(cat)]]
                round_ = k // len(cat)
                if round_:
                    aid, aname = f"{aid}-{round_ + 1}", f"{aname}, del {round_ + 1}"
                assert aid not in taken
                taken.add(aid)
                amount = amounts[k]
                if closed:
                    u = 0 if all_spent or rng.random() < 0.6 else min(amount, int(amount * rng.random() * 0.08) // 100 * 100 + rng.choice((0, 300, 700)))
                    spent: int | None = amount - u
                else:
                    spent = amount * rng.randint(30, 60) // 100 if rng.random() < 0.5 else None
                note = rng.choice(NOTES) if rng.random() < 0.1 else None
                fy.allocs.append(Alloc(aid, aname, unit, amount, fte, spent, alloc_ref, note))
            if closed:
                fy.unspent = sum(a.amount - a.spent for a in fy.allocs)  # type: ignore[operator]
                u = fy.unspent
                if u > 0:
                    r = rng.random()
                    if kind.policy == "none":
                        fy.repay = u
                    elif kind.policy == "free":
                        fy.repay = 0 if r < 0.7 else u
                    elif r < 0.4:
                        fy.repay = 0
                    elif r < 0.75:
                        fy.repay = u - max(1, u * rng.randint(50, 90) // 100 // 1000 * 1000)
                    else:
                        fy.repay = u
                    fy.repay_ref = f"{funder} faktura {y + 1}-{rng.randint(1, 400):03d}"
            fys.append(fy)
            prev[kind.id] = fy
        org.years[y] = fys
    return org


# --------------------------------------------------------------------------- TOML

def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def money(n: int) -> str:
    return f"{n:_}"


def render_config(org: Org) -> str:
    out = [
        "# Syntetisk testdata för prestandamätning; beloppen är påhittade.",
        f"organisation = {q(org.name)}",
        'lang = "sv"',
    ]
    for kind in org.funds:
        out += [
            "",
            f"[funds.{kind.id}]",
            f"name = {q(kind.name)}",
            f"funder = {q(kind.funder.replace('{org}', org.name))}",
            f'carryover = "{kind.policy}"',
        ]
    return "\n".join(out) + "\n"


def render_year(org: Org, y: int, closed: bool) -> str:
    fys = org.years[y]
    out = [
        f"# {org.name}: fördelning av socioekonomiska utvecklingsmedel {y}",
        f"year = {y}",
        f"closed = {'true' if closed else 'false'}",
    ]
    for fy in fys:
        out += [
            "", "[[grant]]", f'fund = "{fy.fund}"', f"funder = {q(fy.funder)}",
            f"program = {q(fy.program)}", f"amount = {money(fy.grant)}",
            f'status = "{fy.grant_status}"', f"ref = {q(fy.grant_ref)}",
        ]
    for fy in fys:
        if fy.carry_in:
            out += ["", "[[carryover]]", f'fund = "{fy.fund}"', f"from_year = {y - 1}",
                    f"amount = {money(fy.carry_in)}"]
            if fy.carry_approved_by:
                out.append(f"approved_by = {q(fy.carry_approved_by)}")
            out.append(f"ref = {q(fy.carry_ref)}")
            if fy.carry_note:
                out.append(f"note = {q(fy.carry_note)}")
    for fy in fys:
        for a in fy.allocs:
            out += ["", "[[allocation]]", f'id = "{a.id}"', f'fund = "{fy.fund}"',
                    f"name = {q(a.name)}", f"unit = {q(a.unit)}", f"amount = {money(a.amount)}"]
            if a.fte is not None:
                out.append(f"fte = {a.fte!r}")
            if a.spent is not None:
                out.append(f"spent = {money(a.spent)}")
            out.append(f"ref = {q(a.ref)}")
            if a.note:
                out.append(f"note = {q(a.note)}")
    for fy in fys:
        if fy.repay:
            out += ["", "[[repayment]]", f'fund = "{fy.fund}"', f"amount = {money(fy.repay)}",
                    f"ref = {q(fy.repay_ref)}", f"due = {y + 1}-03-31"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- hledger / ledger

def funder_account(org: Org, funder: str) -> list[str]:
    """Funder account path components (Swedish spelling)."""
    if funder in FUNDER_SLUG:
        return ["finansiärer", FUNDER_SLUG[funder]]
    return ["finansiärer", "kommun", org.slug]


def render_journal(org: Org, years: list[int]) -> str:
    """hledger 1.25 / ledger 3.3 common subset; commodity `kr` after the number.

    Assertions hold constants of the rules, never values derived from the
    entry they sit on, so a broken ledger fails them:
    * the last allocation of a fund-year leaves `tillgängligt` at 0 (rule 1);
    * in a closed year each allocation's account ends at 0: its amount went to
      `utfall` and its rest to the fund-year's `outnyttjat` (rules 2 and 5);
    * after the repayment `outnyttjat` holds exactly what the next year takes
      as carryover, and after that carryover it is 0 (rule 4).
    """
    o = org.slug
    out: list[str] = [f"; ---- {org.name}"]
    w = out.append
    last = years[-1]
    for y in years:
        closed = y != last
        for fy in org.years[y]:
            f = fy.fund
            avail = f"fonder:{o}:{f}:{y}:tillgängligt"
            unsp = f"fonder:{o}:{f}:{y}:outnyttjat"
            fund_acc = ":".join(funder_account(org, fy.funder))
            if fy.carry_in:
                w(f"{y}-01-01 * Överflyttade medel {f} {y - 1} till {y}  ; ref: {fy.carry_ref}")
                w(f"    {avail}  {fy.carry_in} kr")
                w(f"    fonder:{o}:{f}:{y - 1}:outnyttjat  -{fy.carry_in} kr = 0 kr")
                w("")
            w(f"{y}-01-15 * {fy.funder}, tilldelning {f} {y}  ; ref: {fy.grant_ref}")
            w(f"    {avail}  {fy.grant} kr")
            w(f"    {fund_acc}  -{fy.grant} kr")
            w("")
            n = len(fy.allocs)
            for i, a in enumerate(fy.allocs):
                assertion = " = 0 kr" if i == n - 1 else ""
                w(f"{y}-02-01 * Fördelning {a.id}  ; ref: {a.ref}")
                w(f"    insatser:{o}:{f}:{y}:{a.id}  {a.amount} kr")
                w(f"    {avail}  -{a.amount} kr{assertion}")
                w("")
            for a in fy.allocs:
                acc = f"insatser:{o}:{f}:{y}:{a.id}"
                if closed and a.spent is None:
                    w(f"{y}-12-31 * Bokslut {a.id} {y}, utfall saknas")
                    w(f"    {acc}  0 kr = 0 kr")
                elif closed:
                    w(f"{y}-12-31 * Utfall {a.id} {y}")
                    w(f"    utfall:{o}:{f}:{y}  {a.spent} kr")
                    if a.amount != a.spent:
                        w(f"    {unsp}  {a.amount - a.spent} kr")
                    w(f"    {acc}  -{a.amount} kr = 0 kr")
                elif a.spent is not None:
                    w(f"{y}-06-30 * Utfall hittills {a.id} {y}")
                    w(f"    utfall:{o}:{f}:{y}  {a.spent} kr")
                    w(f"    {acc}  -{a.spent} kr")
                else:
                    continue
                w("")
            if fy.repay:
                w(f"{y}-12-31 * Återbetalning {f} {y} till {fy.funder}  ; ref: {fy.repay_ref}")
                w(f"    {fund_acc}  {fy.repay} kr")
                w(f"    {unsp}  -{fy.repay} kr = {fy.carry_out} kr")
                w("")
            elif closed and fy.unspent and not fy.carry_out:
                w(f"{y}-12-31 * Bokslut {f} {y}: outnyttjat ska flyttas över eller betalas tillbaka")
                w(f"    {unsp}  0 kr = 0 kr")
                w("")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- beancount

def render_beancount(org: Org, years: list[int], style: str = "fund") -> str:
    """beancount v3; ASCII account components, commodity SEK.

    style "fund" (default): one set of accounts per organisation and fund,
    kept across the years, with dated balance assertions; the allocations of a
    fund-year share one Insatser account and carry their id as metadata.
    style "allocation": one account per fund-year and per allocation, the same
    tree as the hledger journal. beancount's balance check compares every
    account with every asserted account (quadratic in accounts), so this style
    costs bean-check about a minute on `all` where "fund" costs seconds.

    A balance directive is checked at the start of its day, before that day's
    transactions. The same constants as in the journal:
    rule 1: Tillgangligt is 0 the day after the allocations;
    rules 2 and 5: in a closed year the Insatser account(s) are 0 on 1 January;
    rule 4: Outnyttjat holds the carryover amount on 1 January, 0 on 2 January.
    """
    per_alloc = style == "allocation"
    O = bean_component(org.slug)
    out: list[str] = [f"; ---- {org.name}"]
    w = out.append
    last = years[-1]
    first = years[0]
    for fy in org.years[first]:
        if fy.funder not in FUNDER_SLUG:
            w(f"{first}-01-01 open Income:Finansiarer:Kommun:{O} SEK")
    if not per_alloc:
        for kind in org.funds:
            F = bean_component(kind.id)
            for acc in (f"Assets:Fonder:{O}:{F}:Tillgangligt", f"Assets:Fonder:{O}:{F}:Outnyttjat",
                        f"Assets:Insatser:{O}:{F}", f"Expenses:Utfall:{O}:{F}"):
                w(f"{first}-01-01 open {acc} SEK")
    for y in years:
        closed = y != last
        for fy in org.years[y]:
            F = bean_component(fy.fund)
            fund_acc = "Income:" + ":".join(bean_component(c) for c in funder_account(org, fy.funder))
            if per_alloc:
                avail = f"Assets:Fonder:{O}:{F}:{y}:Tillgangligt"
                unsp = f"Assets:Fonder:{O}:{F}:{y}:Outnyttjat"
                prev_unsp = f"Assets:Fonder:{O}:{F}:{y - 1}:Outnyttjat"
                utf = f"Expenses:Utfall:{O}:{F}:{y}"
                for acc in (avail, unsp, utf):
                    w(f"{y}-01-01 open {acc} SEK")
            else:
                avail = f"Assets:Fonder:{O}:{F}:Tillgangligt"
                unsp = prev_unsp = f"Assets:Fonder:{O}:{F}:Outnyttjat"
                utf = f"Expenses:Utfall:{O}:{F}"
            ins = f"Assets:Insatser:{O}:{F}"

            def ins_acc(a: Alloc) -> str:
                return f"{ins}:{y}:{bean_component(a.id)}" if per_alloc else ins

            if fy.carry_in:
                w(f'{y}-01-01 * "Överflyttade medel {fy.fund} {y - 1} till {y}"')
                w(f"  ref: {q(fy.carry_ref)}")
                w(f"  {avail}  {fy.carry_in} SEK")
                w(f"  {prev_unsp}  -{fy.carry_in} SEK")
            w(f'{y}-01-15 * {q(fy.funder)} "Tilldelning {fy.fund} {y}"')
            w(f"  ref: {q(fy.grant_ref)}")
            w(f"  {avail}  {fy.grant} SEK")
            w(f"  {fund_acc}  -{fy.grant} SEK")
            for a in fy.allocs:
                if per_alloc:
                    w(f"{y}-01-01 open {ins_acc(a)} SEK")
                w(f'{y}-02-01 * "Fördelning {a.id}"')
                w(f'  insats: "{a.id}"')
                w(f"  ref: {q(a.ref)}")
                w(f"  {ins_acc(a)}  {a.amount} SEK")
                w(f"  {avail}  -{a.amount} SEK")
            w(f"{y}-02-02 balance {avail}  0 SEK")
            open_rest = 0
            for a in fy.allocs:
                if a.spent is None:
                    open_rest += a.amount
                    if closed and per_alloc:
                        w(f"{y + 1}-01-01 balance {ins_acc(a)}  0 SEK")
                    continue
                w(f'{y}-{"12-31" if closed else "06-30"} * "Utfall {a.id} {y}"')
                w(f'  insats: "{a.id}"')
                w(f"  {utf}  {a.spent} SEK")
                if closed:
                    if a.amount != a.spent:
                        w(f"  {unsp}  {a.amount - a.spent} SEK")
                    w(f"  {ins_acc(a)}  -{a.amount} SEK")
                    if per_alloc:
                        w(f"{y + 1}-01-01 balance {ins_acc(a)}  0 SEK")
                else:
                    w(f"  {ins_acc(a)}  -{a.spent} SEK")
                    open_rest += a.amount - a.spent
            if not per_alloc:
                if closed:
                    w(f"{y + 1}-01-01 balance {ins}  0 SEK")
                elif open_rest != sum(a.amount for a in fy.allocs):
                    w(f"{y}-07-01 balance {ins}  {open_rest} SEK")
            if fy.repay:
                w(f'{y}-12-31 * {q(fy.funder)} "Återbetalning {fy.fund} {y}"')
                w(f"  ref: {q(fy.repay_ref)}")
                w(f"  {fund_acc}  {fy.repay} SEK")
                w(f"  {unsp}  -{fy.repay} SEK")
                w(f"{y + 1}-01-01 balance {unsp}  {fy.carry_out} SEK")
            if closed and (fy.unspent or fy.repay or fy.carry_out):
                w(f"{y + 1}-01-02 balance {unsp}  0 SEK")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- broken variants

BREAKS = {
    "balance": "one allocation of a closed year gets 1 000 kr more than available (rule 1)",
    "spent": "one allocation of a closed year loses its spent (rule 5)",
    "continuity": "one repayment is 100 kr short of the unspent money it must cover (rule 4)",
    "uncovered": "a closed year's unspent money is neither carried over nor repaid (rule 4)",
}


def break_org(org: Org, rule: str) -> None:
    """Introduce exactly one violation of `rule` into the first organisation."""
    years = sorted(org.years)
    closed = [(y, fy) for y in years[:-1] for fy in org.years[y]]
    if rule == "balance":
        y, fy = closed[0]
        a = fy.allocs[0]
        a.amount += 1000
        a.spent = None if a.spent is None else a.spent + 1000
        return
    if rule == "spent":
        for y, fy in closed:
            for a in fy.allocs:
                if a.spent == a.amount:
                    a.spent = None
                    return
    if rule == "continuity":
        for y, fy in closed:
            if fy.repay > 100:
                fy.repay -= 100
                return
    if rule == "uncovered":
        for y, fy in closed:
            if fy.unspent:
                nxt = next(n for n in org.years[y + 1] if n.fund == fy.fund)
                nxt.grant += nxt.carry_in  # keep next year balanced: only rule 4 breaks
                nxt.carry_in = fy.repay = fy.carry_out = 0
                return
    raise SystemExit(f"--break {rule}: the first organisation has no entry to break")


# --------------------------------------------------------------------------- driver

def looks_generated(root: Path) -> bool:
    """True for an empty folder or one holding only ledger-set folders of toml files:
    the only kind of folder --out may replace."""
    if not root.is_dir():
        return False
    for child in root.iterdir():
        if not child.is_dir() or any(
            not re.fullmatch(r"sociofund\.toml|\d{4}\.toml", f.name) for f in child.iterdir()
        ):
            return False
    return True


def generate(orgs: int, nyears: int, factor: int, seed: int, out: Path | None,
             hledger: Path | None, beancount: Path | None, first_year: int = FIRST_YEAR,
             bean_style: str = "fund", broken: str | None = None) -> dict:
    years = list(range(first_year, first_year + nyears))
    counts = {"organisations": orgs, "years": nyears, "alloc_factor": factor, "seed": seed,
              "files": 0, "grant": 0, "carryover": 0, "allocation": 0, "repayment": 0}
    if out is not None:
        if out.exists():
            if not looks_generated(out):
                raise SystemExit(f"{out} exists and is not a tree this script wrote; "
                                 "remove it yourself or choose another --out")
            shutil.rmtree(out)
        out.mkdir(parents=True)
    jf = hledger.open("w", encoding="utf-8") if hledger else None
    bf = beancount.open("w", encoding="utf-8") if beancount else None
    try:
        if jf:
            jf.write(f"; Syntetisk testdata (bench/generate.py, seed {seed}); beloppen är påhittade.\n\n")
        if bf:
            bf.write(f'; Syntetisk testdata (bench/generate.py, seed {seed}).\n'
                     'option "title" "sociofund benchmark"\n'
                     'option "operating_currency" "SEK"\n\n'
                     f"{first_year - 1}-01-01 commodity SEK\n")
            for funder in FUNDER_SLUG.values():
                bf.write(f"{first_year}-01-01 open Income:Finansiarer:{bean_component(funder)} SEK\n")
        for i in range(orgs):
            org = build_org(i, years, factor, seed)
            if broken and i == 0:
                break_org(org, broken)
            for fys in org.years.values():
                for fy in fys:
                    counts["grant"] += 1
                    counts["carryover"] += bool(fy.carry_in)
                    counts["allocation"] += len(fy.allocs)
                    counts["repayment"] += bool(fy.repay)
            if out is not None:
                d = out / org.slug
                d.mkdir()
                (d / "sociofund.toml").write_text(render_config(org), encoding="utf-8")
                for y in years:
                    (d / f"{y}.toml").write_text(render_year(org, y, y != years[-1]), encoding="utf-8")
                counts["files"] += 1 + len(years)
            if jf:
                jf.write(render_journal(org, years))
            if bf:
                bf.write(render_beancount(org, years, bean_style))
    finally:
        if jf:
            jf.close()
        if bf:
            bf.close()
    counts["entries"] = counts["grant"] + counts["carryover"] + counts["allocation"] + counts["repayment"]
    return counts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--preset", choices=sorted(PRESETS), help="small, programme, all or all10")
    p.add_argument("--orgs", type=int, help="organisations (default from preset, else 1)")
    p.add_argument("--years", type=int, help="years per organisation (default from preset, else 5)")
    p.add_argument("--alloc-factor", type=int, help="multiply allocations per fund-year (default 1)")
    p.add_argument("--first-year", type=int, default=FIRST_YEAR)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, help="root folder of the ledger tree (replaced if it exists)")
    p.add_argument("--hledger", type=Path, help="also write an hledger/ledger journal here")
    p.add_argument("--beancount", type=Path, help="also write a beancount file here")
    p.add_argument("--beancount-accounts", choices=("fund", "allocation"), default="fund",
                   help="beancount account tree: per organisation and fund (default) or per "
                        "fund-year and allocation like the journal (slow in bean-check)")
    p.add_argument("--break", dest="broken", choices=sorted(BREAKS),
                   help="write one violation into the first organisation, in every output "
                        "(to prove that the checks catch it): "
                        + "; ".join(f"{k}: {v}" for k, v in BREAKS.items()))
    p.add_argument("--stats", type=Path, help="write the entry counts as JSON here")
    a = p.parse_args(argv)
    orgs, years, factor = PRESETS[a.preset] if a.preset else (1, 5, 1)
    orgs = a.orgs if a.orgs is not None else orgs
    years = a.years if a.years is not None else years
    factor = a.alloc_factor if a.alloc_factor is not None else factor
    if orgs < 1 or years < 1 or factor < 1:
        p.error("--orgs, --years and --alloc-factor must be at least 1")
    if not (a.out or a.hledger or a.beancount):
        p.error("nothing to write: give --out, --hledger and/or --beancount")
    for path in (a.hledger, a.beancount, a.stats):
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    counts = generate(orgs, years, factor, a.seed, a.out, a.hledger, a.beancount, a.first_year,
                      a.beancount_accounts, a.broken)
    counts["seconds"] = round(time.perf_counter() - t0, 2)
    if a.stats:
        a.stats.write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
    print(
        f"{orgs} organisations x {years} years (allocations x{factor}): {counts['entries']} entries "
        f"({counts['grant']} grants, {counts['carryover']} carryovers, {counts['allocation']} allocations, "
        f"{counts['repayment']} repayments) in {counts['seconds']} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
