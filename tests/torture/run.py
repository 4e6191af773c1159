"""Run the torture harness and print its counts: tried / failed / lost for every part.

    python tests/torture/run.py            # the full run (docs/torture.md has its figures)
    python tests/torture/run.py --quick    # the slice tests/test_torture.py runs in CI

Exit 0 only when every failed and lost column is 0.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from torture import concurrency, injection, kills, names, toml_fuzz  # noqa: E402

FULL = {"kills_per_command": None, "writers": 32, "rounds": 3, "fuzz_sets": 20_000}
QUICK = {"kills_per_command": 1, "writers": 4, "rounds": 1, "fuzz_sets": 150}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the small slice CI runs")
    ap.add_argument("--only", choices=["kills", "concurrency", "fuzz", "injection", "names"], action="append",
                    help="run only these parts (repeatable)")
    ap.add_argument("--kills-per-command", type=int, help="at most this many kill points per command (default: every call)")
    ap.add_argument("--kill-command", action="append", metavar="NAME",
                    help='kill only this scenario, e.g. "close" (repeatable; default: every writing command)')
    ap.add_argument("--writers", type=int)
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--fuzz-sets", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-strace", action="store_true", help="timed SIGKILLs instead of strace's fault injection")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (failures are kept there)")
    a = ap.parse_args(argv)
    size = dict(QUICK if a.quick else FULL)
    for key in size:
        if getattr(a, key, None) is not None:
            size[key] = getattr(a, key)
    parts = a.only or ["kills", "concurrency", "fuzz", "injection", "names"]
    work = Path(tempfile.mkdtemp(prefix="sociofund-torture-"))
    rows: list[tuple[str, str, int, int, int, str]] = []
    t0 = time.monotonic()

    def log(msg: str) -> None:
        print(msg, flush=True)

    if "kills" in parts:
        log(f"kills: SIGKILL at every system call of each write ({'timed' if a.no_strace else 'strace --inject'})")
        res = kills.run(size["kills_per_command"], a.seed, work / "kills", log,
                        use_strace=False if a.no_strace else None, only=a.kill_command)
        for name, c in res.items():
            window = f"of the {c['calls']} calls of its write window, " if c["calls"] else "timed, "
            rows.append(("kills", name, c["tried"], c["failed"], c["lost"],
                         f"{window}{c['killed']} killed, {c['temp_after_kill']} left a temp file"
                         + ("" if name == "init" else " (cleaned by the next write)")))
    if "concurrency" in parts:
        log(f"concurrency: {size['writers']} writers and an editor, {size['rounds']} round(s)")
        c = concurrency.run(size["writers"], size["rounds"], a.seed, work / "concurrency", log)
        rows.append(("concurrency", f"{size['writers']} writers + editor", c["writers"], c["failed"], c["lost"],
                     f"{c['editor_saves']} editor saves, {c['refusals']} refusals (file changed meanwhile), "
                     f"{c['overwritten_by_editor']} writes the editor overwrote"))
    if "fuzz" in parts:
        log(f"fuzz: {size['fuzz_sets']} mutated sets, sociofund's parser against tomllib")
        c = toml_fuzz.run(size["fuzz_sets"], a.seed, work / "fuzz", log)
        rows.append(("fuzz", "mutated sets", c["tried"], c["failed"], 0,
                     f"{c['parser_checks']} files through both parsers, {c['rtoml_only']} that rtoml alone accepts"))
    if "injection" in parts:
        log(f"injection: {len(injection.PAYLOADS)} payloads in every sink")
        c = injection.run(None, work / "injection", log)
        rows.append(("injection", f"{len(injection.PAYLOADS)} payloads × sinks", c["tried"], c["failed"], 0,
                     f"{c['crashed']} crashes"))
    if "names" in parts:
        log("names: file-system edge cases")
        c = names.run(work / "names", log)
        rows.append(("names", "odd entries × commands", c["tried"], c["failed"], c["silent"],
                     "lost = an odd entry no finding names"))
    elapsed = time.monotonic() - t0
    print()
    print(f"{'part':<12} {'case':<28} {'tried':>7} {'failed':>7} {'lost':>6}  notes")
    for part, case, tried, failed, lost, notes in rows:
        print(f"{part:<12} {case:<28} {tried:>7} {failed:>7} {lost:>6}  {notes}")
    total = [sum(r[i] for r in rows) for i in (2, 3, 4)]
    print(f"{'total':<12} {'':<28} {total[0]:>7} {total[1]:>7} {total[2]:>6}  {elapsed:.0f} s")
    if a.keep or total[1] or total[2]:
        print(f"work folder kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if total[1] or total[2] else 0


if __name__ == "__main__":
    sys.exit(main())
