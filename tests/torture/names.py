"""File-system edge cases: what a ledger folder may hold besides regular year files.

Each case is a small set with one odd entry; every command that reads or writes it runs as a
real process under a hang guard. Nothing may hang, exit 3, or print anything but UTF-8 (JSON that
parses). Counts tried / failed (a hang, an exit 3, bad output) / silent (an odd entry named like a
ledger file that no finding mentions).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

YEAR = 'year = 2021\n[[grant]]\nfund = "slk"\namount = 1_000\n[[allocation]]\nid = "a"\namount = 1_000\n'
TIMEOUT = 60


def cases(base: Path) -> list[tuple[str, str | None]]:
    """Make each case under ``base``; (case name, the entry name a finding must mention)."""
    made = []

    def case(name: str, entry: str | None, make) -> None:
        folder = base / name / "set"
        folder.mkdir(parents=True)
        (folder / "2021.toml").write_text(YEAR)
        try:
            make(folder)
        except (OSError, ValueError):
            shutil.rmtree(base / name)
            return
        made.append((name, entry))

    fifo = base / "pipe"
    if hasattr(os, "mkfifo") and not fifo.exists():
        os.mkfifo(fifo)
    case("symlink to /dev/zero", "2022.toml", lambda f: (f / "2022.toml").symlink_to("/dev/zero"))
    case("symlink to a FIFO", "2022.toml", lambda f: (f / "2022.toml").symlink_to(fifo))
    case("FIFO as a year file", "2022.toml", lambda f: os.mkfifo(f / "2022.toml"))
    case("FIFO as sociofund.toml", "sociofund.toml", lambda f: os.mkfifo(f / "sociofund.toml"))
    case("folder as a year file", "2022.toml", lambda f: (f / "2022.toml").mkdir())
    case("folder as sociofund.toml", "sociofund.toml", lambda f: (f / "sociofund.toml").mkdir())
    case("folder as decisions.toml", "decisions.toml", lambda f: (f / "decisions.toml").mkdir())
    case("broken symlink", None, lambda f: (f / "2022.toml").symlink_to(f / "nowhere"))
    case("symlink loop", None, lambda f: (f / "2022.toml").symlink_to(f / "2022.toml"))
    case("symlink to a folder", "2022.toml", lambda f: (f / "2022.toml").symlink_to(f))
    case("11 MB year file", "2022.toml", lambda f: (f / "2022.toml").write_bytes(b"# " + b"x" * 11_000_000 + b"\n"))
    case("empty year file", "2022.toml", lambda f: (f / "2022.toml").write_bytes(b""))
    case("non-UTF-8 file name", "\\xff", lambda f: (f / os.fsdecode(b"\xff\xfe.toml")).write_text(YEAR))
    case("non-UTF-8 folder name", None, lambda f: f.rename(f.parent / os.fsdecode(b"s\xffet")))
    case("fullwidth digits", "２０２２.toml", lambda f: (f / "２０２２.toml").write_text(YEAR.replace("2021", "2022")))
    case("Arabic-Indic digits", "٢٠٢٢.toml", lambda f: (f / "٢٠٢٢.toml").write_text(YEAR.replace("2021", "2022")))
    case("zero-padded year", "0999.toml", lambda f: (f / "0999.toml").write_text(YEAR))
    case("year out of range", "3000.toml", lambda f: (f / "3000.toml").write_text(YEAR))
    case("lookalike beside a broken year", "٢٠٢٢.toml", lambda f: (
        (f / "٢٠٢٢.toml").write_text(YEAR.replace("2021", "2022")), (f / "2022.toml").write_text("year = [\n")))
    case("255-byte name", "x" * 250, lambda f: (f / ("x" * 250 + ".toml")).write_text(YEAR))
    case("name with a newline", "\\x0a", lambda f: (f / "20\n22.toml").write_text(YEAR))
    case("name with an escape sequence", "\\x1b", lambda f: (f / "\x1b[2J.toml").write_text(YEAR))
    case("BOM and CRLF", None, lambda f: (f / "2022.toml").write_bytes(
        b"\xef\xbb\xbf" + YEAR.replace("2021", "2022").replace("\n", "\r\n").encode()))
    case("two BOMs", "2022.toml", lambda f: (f / "2022.toml").write_bytes(
        b"\xef\xbb\xbf\xef\xbb\xbf" + YEAR.replace("2021", "2022").encode()))
    return made


def commands(set_path: str, quick: bool = False) -> list[list[str]]:
    if quick:
        return [["check", set_path], ["check", set_path, "--format", "json"],
                ["allocate", "2022", "b", "0", "--ledgers", set_path]]
    return [["check", set_path], ["check", set_path, "--format", "json"], ["check", set_path, "--format", "github"],
            ["report", "--ledgers", set_path], ["report", "--ledgers", set_path, "--format", "md"],
            ["allocate", "2021", "b", "0", "--ledgers", set_path], ["spend", "2022", "a", "1", "--ledgers", set_path],
            ["allocate", "2022", "b", "0", "--ledgers", set_path]]


def run(workdir: Path | None = None, log=print, quick: bool = False) -> dict[str, int]:
    import tempfile

    base = Path(workdir or tempfile.mkdtemp(prefix="sociofund-names-"))
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("SOCIOFUND_LEDGERS", None)
    env.pop("GITHUB_STEP_SUMMARY", None)
    counts = {"tried": 0, "failed": 0, "silent": 0}
    long_paths = [("a path component over 255 bytes", "x" * 300), ("a path over 4096 bytes", "/".join(["y" * 200] * 25))]
    for name, entry in cases(base) + [(n, None) for n, _ in long_paths]:
        cwd = base / name if (base / name).exists() else base
        set_path = dict(long_paths).get(name) or os.listdir(cwd)[0]
        first_check = None
        for args in commands(set_path, quick):
            counts["tried"] += 1
            problem = None
            try:
                p = subprocess.run([sys.executable, "-m", "sociofund", *args], cwd=cwd, env=env, capture_output=True,
                                   timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                problem = "hung"
            else:
                if p.returncode not in (0, 1, 2):
                    problem = f"exit {p.returncode}: {p.stderr.decode(errors='replace').strip()[-200:]}"
                try:
                    out = p.stdout.decode("utf-8")
                    p.stderr.decode("utf-8")
                    if "--format" in args and args[args.index("--format") + 1] == "json" and p.returncode in (0, 1):
                        json.loads(out)
                except (UnicodeDecodeError, ValueError) as exc:
                    problem = problem or f"output: {exc}"
                if first_check is None:
                    first_check = out + p.stderr.decode("utf-8", "replace")
            if problem:
                counts["failed"] += 1
                log(f"  FAILED {name}: sociofund {' '.join(args)[:80]}: {problem}")
        if entry is not None and first_check is not None and entry not in first_check:
            counts["silent"] += 1
            log(f"  SILENT {name}: no finding names {entry!r}")
    return counts
