#!/usr/bin/env python3
"""Independent check that a generated tree is valid under PRODUCT.md sections 3 and 4.

A second opinion for the benchmark's data, written from the brief alone and
sharing no code with sociofund: it proves the generator right before (and
besides) `sociofund check`. Stdlib only. Prints every problem and exits 1 if
there is any, warnings included: the benchmark data must be spotless.

Usage: python3 bench/validate_tree.py bench/out/all/tree
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

TOP = {"format", "year", "closed", "note", "grant", "carryover", "allocation", "repayment"}
KEYS = {
    "grant": {"fund", "funder", "program", "amount", "status", "ref", "note"},
    "carryover": {"fund", "from_year", "amount", "approved_by", "ref", "note"},
    "allocation": {"id", "fund", "name", "unit", "amount", "fte", "spent", "ref", "note"},
    "repayment": {"fund", "amount", "ref", "due", "paid", "note"},
}
CONFIG = {"format", "organisation", "lang", "funds", "note"}
FUND = {"name", "funder", "carryover", "note"}
ID = re.compile(r"[a-z0-9-]+")


def is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def check_set(folder: Path, problems: list[str]) -> int:
    def bad(where: str, msg: str) -> None:
        problems.append(f"{where}: {msg}")

    policy: dict[str, str] = {}
    cfg = folder / "sociofund.toml"
    if cfg.exists():
        c = tomllib.loads(cfg.read_text("utf-8"))
        for k in set(c) - CONFIG:
            bad(str(cfg), f"unknown key {k}")
        if c.get("lang", "sv") not in ("sv", "en"):
            bad(str(cfg), "lang")
        for fid, f in c.get("funds", {}).items():
            for k in set(f) - FUND:
                bad(str(cfg), f"funds.{fid}: unknown key {k}")
            policy[fid] = f.get("carryover", "approval")
            if policy[fid] not in ("approval", "free", "none"):
                bad(str(cfg), f"funds.{fid}.carryover")
    years: dict[int, dict] = {}
    entries = 0
    for path in sorted(folder.glob("*.toml")):
        if path.name == "sociofund.toml":
            continue
        d = tomllib.loads(path.read_text("utf-8"))
        where = str(path)
        if not re.fullmatch(r"\d{4}\.toml", path.name) or d.get("year") != int(path.stem):
            bad(where, "year must equal the file name")
            continue
        for k in set(d) - TOP:
            bad(where, f"unknown key {k}")
        if not isinstance(d.get("closed", False), bool):
            bad(where, "closed must be true or false")
        for kind, allowed in KEYS.items():
            for i, e in enumerate(d.get(kind, [])):
                entries += 1
                w = f"{where} {kind}[{i}]"
                for k in set(e) - allowed:
                    bad(w, f"unknown key {k}")
                for k in ("amount", "spent"):
                    if k in e and not (is_int(e[k]) and e[k] >= 0):
                        bad(w, f"{k} must be a whole, non-negative number of kronor")
                if "amount" not in e:
                    bad(w, "amount missing")
                if "fte" in e and not (isinstance(e["fte"], (int, float)) and e["fte"] > 0):
                    bad(w, "fte must be > 0")
                for k in ("due", "paid"):
                    if k in e and type(e[k]) is not dt.date:
                        bad(w, f"{k} must be a date")
                if kind == "grant" and e.get("status", "granted") not in ("expected", "applied", "granted", "paid"):
                    bad(w, "status")
        years[d["year"]] = d

    avail: dict[tuple[int, str], int] = defaultdict(int)
    spent: dict[tuple[int, str], int] = defaultdict(int)
    covered: dict[tuple[int, str], int] = defaultdict(int)  # carryover from N + repayment in N
    for y, d in years.items():
        where = f"{folder}/{y}.toml"
        funds = {g["fund"] for g in d.get("grant", [])} | {c["fund"] for c in d.get("carryover", [])}
        for g in d.get("grant", []):
            avail[y, g["fund"]] += g["amount"]
        for c in d.get("carryover", []):
            avail[y, c["fund"]] += c["amount"]
            covered[c["from_year"], c["fund"]] += c["amount"]
            if not c["from_year"] < y:
                bad(where, "carryover from_year must be before year (rule 3)")
            p = policy.get(c["fund"], "approval")
            if p == "approval" and not c.get("approved_by"):
                bad(where, f"carryover of {c['fund']} needs approved_by (rule 3)")
            if p == "none":
                bad(where, f"fund {c['fund']} may not carry over (rule 3)")
        for r in d.get("repayment", []):
            covered[y, r["fund"]] += r["amount"]
            if r["fund"] not in funds:
                bad(where, f"repayment names fund {r['fund']} without grant or carryover (rule 6)")
        alloc: dict[str, int] = defaultdict(int)
        ids: set[str] = set()
        for a in d.get("allocation", []):
            fund = a.get("fund")
            if fund is None:
                if len(funds) != 1:
                    bad(where, f"allocation {a.get('id')} needs fund (rule 6)")
                    continue
                fund = next(iter(funds))
            if fund not in funds:
                bad(where, f"allocation {a.get('id')} names fund {fund} without grant or carryover (rule 6)")
            aid = a.get("id", "")
            if not ID.fullmatch(aid) or aid in ids:
                bad(where, f"allocation id {aid!r} must be unique, lower-case letters, digits and - (rule 6)")
            ids.add(aid)
            alloc[fund] += a["amount"]
            if "spent" in a:
                spent[y, fund] += a["spent"]
                if a["spent"] > a["amount"]:
                    bad(where, f"allocation {aid} overspent (rule 2, warning)")
            elif d.get("closed"):
                bad(where, f"allocation {aid} in a closed year has no spent (rule 5)")
        for fund in funds | set(alloc):
            if alloc[fund] != avail[y, fund]:
                bad(where, f"{fund}: allocated {alloc[fund]} != available {avail[y, fund]} (rule 1)")
            if spent[y, fund] > avail[y, fund]:
                bad(where, f"{fund}: spent more than available (rule 2)")
    for y, d in years.items():
        if d.get("closed") and y + 1 in years:
            funds = {f for (yy, f) in avail if yy == y}
            for fund in funds:
                unspent = avail[y, fund] - spent[y, fund]
                if unspent != covered[y, fund]:
                    bad(f"{folder}/{y}.toml", f"{fund}: unspent {unspent} != carried over + repaid "
                        f"{covered[y, fund]} (rule 4)")
    return entries


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(argv[0])
    sets = [p for p in sorted(root.iterdir()) if p.is_dir()] or [root]
    problems: list[str] = []
    entries = sum(check_set(s, problems) for s in sets)
    for p in problems:
        print(p)
    print(f"{len(sets)} ledger sets, {entries} entries, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
