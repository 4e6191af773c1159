"""Kill a writing command at every system call of its write, and prove nothing is lost.

For each writing command (allocate new, allocate change, import, spend, grant changing a year,
close, carryover with --repay-rest, grant creating a year, init) on a copy of Ragunda's ledger in the state the README's story leaves it:

1. run it once to learn the state after it (``after``) and once under ``strace`` to list the
   system calls it makes once it holds the set's lock (``init``, which takes none: from its first
   ``mkdir``) — the write window;
2. for each call in that window, run the command on a fresh copy with ``strace --inject`` sending
   SIGKILL at exactly that call (where strace is missing: SIGKILL after a random delay);
3. after each kill, every file must be whole: byte for byte its ``before`` or its ``after``
   version (a temporary file may stay: SIGKILL cannot be caught), every ledger file must parse,
   and ``sociofund check`` must say of the set what it says of that version (the same exit code
   and findings; a command that writes two files may leave one old and one new: then check must
   exit 0 or 1, findings but no crash) — else **failed**;
4. then run the command again, unkilled: it must succeed (so no lock is left held) and leave
   exactly ``after``, with no temporary file left (the next write cleans a killed writer's) —
   else **lost**.

The window starts at the lock, not at the first call of the process: before the lock a writer
only imports Python and reads, and a kill there leaves every file untouched by construction; from
the lock on, the writer loads, checks, writes the temporary file, flushes it, compares the file on
disk once more, renames and cleans up, and every one of those calls is a place to die.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
#: the calls strace lists and can kill at: every file-system call of a write
SYSCALLS = ("openat", "read", "write", "close", "fsync", "fdatasync", "rename", "renameat", "renameat2", "link",
            "linkat", "unlink", "unlinkat", "chmod", "fchmod", "fchmodat", "newfstatat", "fstat", "statx",
            "lseek", "mkdir", "mkdirat", "getdents64", "flock", "ftruncate")
_LINE = re.compile(r"^\d+\s+([a-z0-9_]+)\(")


@dataclass
class Scenario:
    name: str
    args: list[str]
    #: the folder (under the work copy) the command writes; "." for init
    target: str = "set"
    #: the command starts its write at its lock, or (init) its first mkdir
    start: str = "flock"


def sociofund_cmd() -> list[str]:
    return [sys.executable, "-m", "sociofund"]


def env() -> dict[str, str]:
    # check reads the files, never a cache of a clean check from an earlier state
    e = {**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": "0", "SOCIOFUND_LEDGERS": "set", "SOCIOFUND_NO_CACHE": "1"}
    e.pop("GITHUB_STEP_SUMMARY", None)
    return e


def _run(args: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(sociofund_cmd() + args, cwd=cwd, env=env(), capture_output=True, timeout=timeout)


def scenarios() -> list[tuple[Scenario, list[list[str]]]]:
    """(scenario, the unkilled commands that bring a fresh copy to its ``before`` state)."""
    utfall = "set/utfall/ragunda-2022-jan-jun.se"
    new = Scenario("allocate (new)", ["allocate", "2022", "uppfoljning", "5 000 kr", "--name", "Uppföljning",
                                      "--unit", "Kommunledningen", "--ledgers", "set"])
    change = Scenario("allocate (change)", ["allocate", "2022", "uppfoljning", "--unit",
                                            "Kommunledningsförvaltningen", "--ledgers", "set"])
    imp = Scenario("import", ["import", "2022", utfall, "--ledgers", "set"])
    spend = Scenario("spend", ["spend", "2022", "trampolin-ifo", "455300", "--ledgers", "set"])
    rest = [["spend", "2022", aid, amount, "--ledgers", "set"] for aid, amount in
            (("trampolin-elevhalsan", "600000"), ("handledning-aos", "400000"), ("handledning-ami", "380000"),
             ("uppfoljning", "5000"))]
    grant = Scenario("grant (change)", ["grant", "2022", "slk", "--status", "granted", "--ref",
                                        "Tillväxtverket Dnr 2021:1144", "--ledgers", "set"])
    close = Scenario("close", ["close", "2022", "--ledgers", "set"])
    carry = Scenario("carryover --repay-rest", ["carryover", "2022", "2023", "--amount", "20000", "--approved-by",
                                                "Tillväxtverket", "--repay-rest", "--ledgers", "set"])
    grant_new = Scenario("grant (new year)", ["grant", "2024", "slk", "1 750 000", "--status", "expected",
                                              "--ledgers", "set"])
    init = Scenario("init", ["init", "repo", "--organisation", "Ragunda kommun", "--year", "2025"],
                    target=".", start="mkdir")
    chain = [new, change, imp, spend]
    out, setup = [], []
    for sc in chain:
        out.append((sc, list(setup)))
        setup.append(sc.args)
    setup += rest
    out.append((grant, list(setup)))
    setup.append(grant.args)
    out.append((close, list(setup)))
    setup.append(close.args)
    out.append((carry, list(setup)))
    setup.append(carry.args)
    out.append((grant_new, list(setup)))
    out.append((init, []))
    return out


def snapshot(folder: Path) -> tuple[dict[str, bytes], list[str]]:
    """Every regular file under ``folder`` (but the lock) by relative path, and the temp files."""
    files, temps = {}, []
    for p in sorted(folder.rglob("*")):
        if p.is_symlink() or not p.is_file():
            continue
        rel = str(p.relative_to(folder))
        if p.name == ".sociofund.lock":
            continue
        if TEMP.match(p.name):
            temps.append(rel)
            continue
        files[rel] = p.read_bytes()
    return files, temps


def window(sc: Scenario, work: Path) -> list[tuple[str, int]]:
    """The system calls of the write: (name, its ordinal among calls of that name)."""
    trace = work / "trace.txt"
    cmd = ["strace", "-f", "-qq", "-o", str(trace), "-e", "trace=" + ",".join(SYSCALLS), *sociofund_cmd(), *sc.args]
    subprocess.run(cmd, cwd=work, env=env(), capture_output=True, timeout=300)
    seen: dict[str, int] = {}
    out, started = [], False
    for line in trace.read_text(errors="replace").splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        name = m.group(1)
        seen[name] = seen.get(name, 0) + 1
        if not started and name == sc.start and (sc.start != "flock" or "LOCK_EX" in line):
            started = True
        if started:
            out.append((name, seen[name]))
    trace.unlink()
    return out


def run(per_command: int | None = None, seed: int = 0, workdir: Path | None = None, log=print,
        use_strace: bool | None = None, only: list[str] | None = None,
        calls: tuple[str, ...] | None = None) -> dict[str, dict[str, int]]:
    """Kill every scenario at (up to ``per_command``, evenly spread) calls of its write window
    (``calls``: at calls of those names only).
    Returns per scenario: calls (the write window's length; 0 for timed kills), tried, killed,
    failed, lost, temp_after_kill."""
    import tempfile

    if use_strace is None:
        use_strace = shutil.which("strace") is not None
    base = Path(workdir or tempfile.mkdtemp(prefix="sociofund-kills-"))
    rng = random.Random(seed)
    results: dict[str, dict[str, int]] = {}
    for sc, setup in scenarios():
        if only and sc.name not in only:
            continue
        counts = results[sc.name] = {"calls": 0, "tried": 0, "killed": 0, "failed": 0, "lost": 0,
                                     "temp_after_kill": 0}
        template = base / "template"
        fresh(template)
        for args in setup:
            p = _run(args, template)
            if p.returncode != 0:
                raise RuntimeError(f"setup {args} failed: {p.stderr.decode(errors='replace')}")
        before, _ = snapshot(template)
        work = base / "work"
        copy(template, work)
        t0 = time.monotonic()
        p = _run(sc.args, work)
        duration = time.monotonic() - t0
        if p.returncode != 0:
            raise RuntimeError(f"{sc.name} failed unkilled: {p.stderr.decode(errors='replace')}")
        after, _ = snapshot(work)
        # what check says of the old and of the new version: a killed write must leave one of them
        verdicts = {"before": _check(sc, template), "after": _check(sc, work)}
        if use_strace:
            copy(template, work)
            points: list = [p for p in window(sc, work) if calls is None or p[0] in calls]
            counts["calls"] = len(points)
            log(f"  {sc.name}: {len(points)} system calls in the write window")
        else:
            points = [rng.uniform(0.05, 1.0) * duration for _ in range(per_command or 60)]
        if per_command is not None and len(points) > per_command:
            step = len(points) / per_command
            points = [points[int((i + 0.5) * step)] for i in range(per_command)]
        for point in points:
            copy(template, work)
            counts["tried"] += 1
            if use_strace:
                name, nth = point
                cmd = ["strace", "-f", "-qq", "-o", os.devnull, "-e", f"trace={name}",
                       "-e", f"inject={name}:signal=KILL:when={nth}", *sociofund_cmd(), *sc.args]
                p = subprocess.run(cmd, cwd=work, env=env(), capture_output=True, timeout=300)
                killed = p.returncode in (-signal.SIGKILL, 128 + signal.SIGKILL)
            else:
                proc = subprocess.Popen(sociofund_cmd() + sc.args, cwd=work, env=env(),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(point)
                proc.send_signal(signal.SIGKILL)
                killed = proc.wait(timeout=300) == -signal.SIGKILL
            counts["killed"] += killed
            state, temps = snapshot(work)
            counts["temp_after_kill"] += bool(temps)
            where = f"{sc.name} killed at {point}"
            broken = [f for f in set(before) | set(after) | set(state)
                      if state.get(f) not in (before.get(f), after.get(f))]
            if broken:
                counts["failed"] += 1
                log(f"  FAILED {where}: not the old or the new version: {broken}")
                continue
            if not _parses(work, state):
                counts["failed"] += 1
                log(f"  FAILED {where}: a ledger file does not parse")
                continue
            version = "before" if state == before else "after" if state == after else None
            if sc.name != "init" or version == "after":  # a half-made repository has no set to check
                verdict = _check(sc, work)
                wanted = verdicts[version] if version else None
                if (verdict != wanted) if wanted else verdict[0] not in (0, 1):
                    counts["failed"] += 1
                    log(f"  FAILED {where}: check exits {verdict[0]} on the {version or 'mixed'} version"
                        f"{f' (expected {wanted[0]})' if wanted else ''}\n    {verdict[1][:300]}")
                    continue
            if sc.name == "init":
                continue  # init makes a new repository: a second init of a half-made one is refused, by design
            p = _run(sc.args, work)
            final, temps = snapshot(work)
            if p.returncode != 0 or final != after or temps:
                counts["lost"] += 1
                log(f"  LOST {where}: the command again exited {p.returncode}, "
                    f"{'same' if final == after else 'different'} result, temp files {temps}\n"
                    f"    {p.stderr.decode(errors='replace').strip()[:300]}")
        log(f"  {sc.name}: {counts}")
    return results


def _check(sc: Scenario, work: Path) -> tuple[int, str]:
    """``sociofund check`` of the set the scenario writes: its exit code and what it said."""
    target = "repo/ledgers" if sc.name == "init" else "set"
    p = _run(["check", target], work)
    return p.returncode, p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")


def _parses(folder: Path, state: dict[str, bytes]) -> bool:
    for rel, data in state.items():
        if rel.endswith(".toml"):
            try:
                tomllib.loads(data.decode("utf-8-sig"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                return False
    return True


def fresh(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "ledgers" / "ragunda", folder / "set")


def copy(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, symlinks=True)
