#!/usr/bin/env python3
"""Time ``sociofund import`` on a year's SIE 4 file of 100 000 rows: wall time, CPU time, peak memory.

    python3 bench/import_bench.py                 # 100 000 rows, 3 runs; prints the figures
    python3 bench/import_bench.py --rows 20000 --runs 5
    python3 bench/import_bench.py --write         # also records them in bench/RESULTS.md

The file is generated, deterministically (seeded, stdlib only), into ``bench/out/import/``: vouchers
of ten rows over the year, on four projects that allocations have codes for and one that none has,
cost and balance accounts, PC8 text with Swedish letters, and a corrected row (``#BTRANS``,
``#RTRANS`` and its twin ``#TRANS``) every hundred vouchers. Each run imports it, as a user would
(``python -m sociofund import``, a fresh process, so start-up counts), into a fresh copy of a
small ledger set, so every run writes. Figures are printed, never asserted: no test runs this.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out" / "import"
MARK_START, MARK_END = "<!-- import-bench:start -->", "<!-- import-bench:end -->"

PROJECTS = ("7101", "7102", "7103", "7104")

CONFIG = """organisation = "Benchkommun"
[funds.slk]
funder = "Tillväxtverket"
carryover = "approval"
"""

YEAR = """year = 2022

[[grant]]
fund = "slk"
amount = 10_000_000_000
""" + "".join(f"""
[[allocation]]
id = "insats-{p}"
amount = 2_500_000_000
codes = {{ projekt = "{p}" }}
""" for p in PROJECTS)


def generate(rows: int, path: Path, seed: int = 14) -> None:
    rnd = random.Random(seed)
    start = dt.date(2022, 1, 1)
    lines = ["#FLAGGA 0", '#PROGRAM "sociofund bench" 1', "#FORMAT PC8", "#SIETYP 4", '#FNAMN "Benchkommun"',
             "#RAR 0 20220101 20221231", '#DIM 1 "Ansvar"', '#DIM 6 "Projekt"',
             *(f'#OBJEKT 6 "{p}" "Projekt {p} Östby"' for p in PROJECTS), '#OBJEKT 6 "7199" "Ingen insats"']
    written, voucher = 0, 0
    while written < rows:
        voucher += 1
        date = (start + dt.timedelta(days=rnd.randrange(365))).strftime("%Y%m%d")
        lines += [f'#VER A {voucher} {date} "Verifikation {voucher} för Åsa Östby" {date}', "{"]
        total = 0
        for _ in range(9):
            project = rnd.choice(PROJECTS + ("7199",))
            account = rnd.choice(("4010", "5800", "6071", "7011", "7510"))
            ore = rnd.randrange(-50_000, 5_000_000)
            total += ore
            lines.append(f'   #TRANS {account} {{1 "{rnd.randrange(10, 60)}" 6 "{project}"}} '
                         f'{ore // 100}.{ore % 100:02d} {date} "Rad i Öberg"')
        if voucher % 100 == 0:
            lines += [f'   #BTRANS 5800 {{6 "7101"}} 100.00 {date} "" 0 "Åsa"',
                      f'   #RTRANS 5800 {{6 "7101"}} 150.00 {date} "" 0 "Åsa"',
                      f'   #TRANS 5800 {{6 "7101"}} 150.00 {date} "" 0 "Åsa"']
            total += 15000
        lines += [f"   #TRANS 1930 {{}} {-total // 100}.{-total % 100:02d}", "}"]
        written += 10
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp437"))


def fresh_set(where: Path) -> Path:
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    (where / "sociofund.toml").write_text(CONFIG, encoding="utf-8")
    (where / "2022.toml").write_text(YEAR, encoding="utf-8")
    return where


def run_once(sie: Path, ledger: Path) -> tuple[float, float, int, str]:
    """(wall s, CPU s, peak RSS KiB of the child, its stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "NO_COLOR": "1"}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sociofund", "import", "2022", str(sie), "--ledgers", str(ledger)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"sociofund import failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss, done.stdout


def in_process(sie: Path) -> tuple[float, float]:
    """Reading and reconciling alone, in this process: (read, reconcile) CPU seconds (CPU, not
    wall: on a shared machine the wall clock measures the neighbours too)."""
    sys.path.insert(0, str(ROOT / "src"))
    from sociofund.core.utfall import sie as reader
    from sociofund.core.utfall.reconcile import Target, reconcile

    raw = sie.read_bytes()
    t0 = time.process_time()
    export = reader.read(raw, str(sie))
    t1 = time.process_time()
    reconcile(export, 2022, [Target(f"insats-{p}", (("projekt", p),)) for p in PROJECTS])
    return t1 - t0, time.process_time() - t1


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--write", action="store_true", help="record the figures in bench/RESULTS.md")
    args = p.parse_args()

    sie = OUT / f"utfall-{args.rows}.se"
    t0 = time.perf_counter()
    generate(args.rows, sie)
    gen_s = time.perf_counter() - t0
    walls, cpus, peak, out = [], [], 0, ""
    for i in range(args.runs):
        wall, cpu, peak, out = run_once(sie, fresh_set(OUT / f"ledger-{i}"))
        walls.append(wall)
        cpus.append(cpu)
    read_s, rec_s = in_process(sie)
    proof = next((line for line in out.splitlines() if "öret" in line or "öre" in line), "")
    version = subprocess.run([sys.executable, "-m", "sociofund", "--version"], capture_output=True, text=True,
                             cwd=ROOT).stdout.strip()
    rows = [
        "| figure | value |", "|---|---:|",
        f"| rows in the file (`#TRANS`) | {args.rows:,} |",
        f"| file size | {sie.stat().st_size / 2**20:.1f} MiB |",
        f"| wall time, median of {args.runs} (`sociofund import`, whole process) | {statistics.median(walls):.2f} s |",
        f"| CPU time, median (user + system) | {statistics.median(cpus):.2f} s |",
        f"| peak memory (max RSS of the process) | {peak / 1024:.0f} MiB |",
        f"| of which reading the SIE file (CPU, in process) | {read_s:.2f} s |",
        f"| of which reconciling (CPU, in process) | {rec_s:.2f} s |",
        f"| rows per second, whole import | {args.rows / statistics.median(walls):,.0f} |",
    ]
    about = [f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; {version}, Python "
             f"{sys.version.split()[0]}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} when done "
             "(a busy machine stretches the wall time, less the CPU time)",
             f"- generated in {gen_s:.1f} s; every run writes `spent` and `spent_as_of` of 4 allocations",
             f"- the reconciliation's proof line: {proof.strip()}"]
    print("\n".join([*about, "", *rows]))
    if args.write:
        section = [MARK_START, "## Import (`bench/import_bench.py`)", "",
                   "`sociofund import` of a generated SIE 4 file (see the script's docstring); "
                   "`python3 bench/import_bench.py --write` rewrites this section.", "",
                   *about, "", *rows, MARK_END]
        results = BENCH / "RESULTS.md"
        text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
        if MARK_START in text:
            head, rest = text.split(MARK_START, 1)
            text = head + "\n".join(section) + rest.split(MARK_END, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n" + "\n".join(section) + "\n"
        results.write_text(text, encoding="utf-8")
        print(f"wrote {results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
