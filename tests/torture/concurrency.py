"""N concurrent writers and an editor saving the same year file in a loop.

Each writer is a real ``sociofund allocate`` process adding its own allocation; one refused
because the file changed on disk meanwhile (exit 2, "changed meanwhile") runs again, as the
message says. The editor reads the file, waits a moment, and saves it with a new comment line
(``# editor save N``) through a temporary file and a rename, as editors do — skipping the save,
as a careful editor does, when the file changed since it read it.

Afterwards:

- **lost (sociofund)**: an editor save whose comment is gone (only a sociofund write that did not
  notice the save can remove it), or a writer that reported success whose allocation is gone and
  whose write no editor save overlapped;
- **overwritten by the editor**: a writer's allocation gone while an editor save overlapped its
  run — the editor's own race (it holds no lock), counted, not charged to sociofund;
- **failed**: a writer that exited with anything but 0 (after its retries), a file that does not
  parse, a temporary file left over.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

YEAR = '''year = 2025
closed = false

[[grant]]
fund = "slk"
amount = 100_000_000
'''
RETRIES = 200


def _writer(i: int, folder: Path, out: list) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SOCIOFUND_LEDGERS", None)
    start = time.monotonic()
    refusals = 0
    for _ in range(RETRIES):
        p = subprocess.run([sys.executable, "-m", "sociofund", "allocate", "2025", f"w-{i}", "1000", "--name",
                            f"Writer {i}", "--ledgers", str(folder)], env=env, capture_output=True, timeout=600)
        err = p.stderr.decode(errors="replace")
        if p.returncode == 2 and ("ändrades under tiden" in err or "changed meanwhile" in err):
            refusals += 1
            continue
        break
    out.append({"i": i, "rc": p.returncode, "start": start, "end": time.monotonic(), "refusals": refusals,
                "err": err})


def _editor(path: Path, stop: threading.Event, saves: list, rng: random.Random) -> None:
    n = 0
    while not stop.is_set():
        t_read = time.monotonic()
        try:
            st = os.stat(path)
            text = path.read_bytes()
        except OSError:
            continue
        time.sleep(rng.uniform(0, 0.03))
        try:
            st2 = os.stat(path)
            if (st2.st_ino, st2.st_size, st2.st_mtime_ns) != (st.st_ino, st.st_size, st.st_mtime_ns):
                saves.append({"n": None})  # a careful editor: "the file changed on disk"
                continue
        except OSError:
            continue
        n += 1
        tmp = path.with_name(f".editor-{n}.swp")
        tmp.write_bytes(text + f"# editor save {n}\n".encode())
        os.replace(tmp, path)
        saves.append({"n": n, "read": t_read, "write": time.monotonic()})
        time.sleep(rng.uniform(0.05, 0.3))  # a person saving often, not a loop at disk speed


def run(writers: int = 32, rounds: int = 1, seed: int = 0, workdir: Path | None = None, log=print) -> dict[str, int]:
    import tempfile

    base = Path(workdir or tempfile.mkdtemp(prefix="sociofund-conc-"))
    rng = random.Random(seed)
    counts = {"writers": 0, "refusals": 0, "editor_saves": 0, "failed": 0, "lost": 0, "overwritten_by_editor": 0}
    for r in range(rounds):
        folder = base / f"round{r}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "2025.toml"
        path.write_text(YEAR)
        results: list = []
        saves: list = []
        stop = threading.Event()
        editor = threading.Thread(target=_editor, args=(path, stop, saves, rng))
        editor.start()
        threads = [threading.Thread(target=_writer, args=(i, folder, results)) for i in range(writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stop.set()
        editor.join()
        text = path.read_text(encoding="utf-8")
        try:
            ids = {a["id"] for a in tomllib.loads(text).get("allocation", [])}
        except tomllib.TOMLDecodeError:
            counts["failed"] += 1
            log(f"  FAILED round {r}: the year file does not parse")
            continue
        made = [s for s in saves if s["n"] is not None]
        counts["writers"] += len(results)
        counts["editor_saves"] += len(made)
        counts["refusals"] += sum(w["refusals"] for w in results)
        for s in made:
            if f"# editor save {s['n']}\n" not in text:
                counts["lost"] += 1
                log(f"  LOST round {r}: editor save {s['n']} was overwritten by a sociofund write")
        for w in results:
            if w["rc"] != 0:
                counts["failed"] += 1
                log(f"  FAILED round {r}: writer {w['i']} exited {w['rc']}: {w['err'].strip()[:200]}")
            elif f"w-{w['i']}" not in ids:
                overlapped = any(s["read"] < w["end"] and s["write"] > w["start"] for s in made)
                key = "overwritten_by_editor" if overlapped else "lost"
                counts[key] += 1
                if key == "lost":
                    log(f"  LOST round {r}: writer {w['i']} reported success; its allocation is gone")
        leftovers = [p.name for p in folder.iterdir() if re.match(r"^\..+\.tmp$", p.name)]
        if leftovers:
            counts["failed"] += 1
            log(f"  FAILED round {r}: temp files left: {leftovers}")
        log(f"  round {r}: {len(results)} writers, {len(made)} editor saves, "
            f"{sum(w['refusals'] for w in results)} refusals")
    return counts
