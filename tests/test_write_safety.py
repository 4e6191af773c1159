"""Writes are atomic and concurrent-safe: no lost change, no half-written file, no overwrite of
a file someone else changed (PRODUCT.md §6). Real processes, real locks, real SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sociofund.cli import app
from sociofund.core import SociofundError
from sociofund.core.change import Change
from sociofund.core.edit import AppendBlock
from sociofund.core.lock import locked
from sociofund.core.writer import run

YEAR = '''\
# 2025
year = 2025
closed = false

[[grant]]
fund = "slk"
amount = 10_000_000
'''

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the lock and SIGKILL are POSIX")


def sociofund(*args: str, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SOCIOFUND_LEDGERS", None)
    return subprocess.Popen([sys.executable, "-m", "sociofund", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def ids(folder: Path) -> list[str]:
    return [a["id"] for a in tomllib.loads((folder / "2025.toml").read_text()).get("allocation", [])]


def test_concurrent_allocates_lose_no_change(make_set):
    folder = make_set({"2025.toml": YEAR})
    n = 6
    procs = [sociofund("allocate", "2025", f"insats-{i}", "1000", "--ledgers", str(folder), cwd=Path.cwd())
             for i in range(n)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert sorted(ids(folder)) == [f"insats-{i}" for i in range(n)]
    assert tomllib.loads((folder / "2025.toml").read_text())["allocation"][0]["amount"] == 1000


def test_a_second_writer_waits_for_the_lock(make_set):
    folder = make_set({"2025.toml": YEAR})
    with locked(folder):
        p = sociofund("allocate", "2025", "waiting", "1000", "--ledgers", str(folder), cwd=Path.cwd())
        # it says that it waits (read, not timed: a loaded machine may take long to start it)
        said = p.stderr.readline()
        assert "ett annat sociofund-kommando skriver i liggaren; väntar" in said  # said, not silent
        assert p.poll() is None, p.communicate()
        assert ids(folder) == []
    _, err = p.communicate(timeout=60)
    assert p.returncode == 0, said + err
    assert ids(folder) == ["waiting"]


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(make_set):
    folder = make_set({"2025.toml": YEAR})
    path = folder / "2025.toml"
    edited = YEAR + '\n[[allocation]]\nid = "from-the-editor"\namount = 5\n'

    def operation(loaded):
        path.write_text(edited)  # someone saves the file in an editor while the command runs
        return Change([AppendBlock(path, "allocation", (("id", "mine"), ("amount", 1)))])

    with pytest.raises(SociofundError) as exc:
        run(folder, operation)
    assert exc.value.code == "changed-on-disk"
    assert path.read_text() == edited


def test_a_read_only_year_file_is_not_replaced(make_set):
    folder = make_set({"2025.toml": YEAR})
    path = folder / "2025.toml"
    path.chmod(0o444)
    r = CliRunner().invoke(app, ["allocate", "2025", "a", "1", "--ledgers", str(folder)])
    assert r.exit_code == 2
    assert "set/2025.toml: kan inte skrivas: behörighet saknas" in r.stderr
    assert path.read_text() == YEAR and path.stat().st_mode & 0o777 == 0o444
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def test_a_symlinked_year_file_stays_a_symlink_and_its_target_is_written(make_set, tmp_path):
    folder = make_set({"2025.toml": YEAR})
    target = tmp_path / "elsewhere" / "2025.toml"
    target.parent.mkdir()
    (folder / "2025.toml").rename(target)
    (folder / "2025.toml").symlink_to(target)
    r = CliRunner().invoke(app, ["allocate", "2025", "a", "1", "--ledgers", str(folder)])
    assert r.exit_code == 0, r.output
    assert (folder / "2025.toml").is_symlink()
    assert ids(target.parent) == ["a"]


def test_a_failing_rename_leaves_the_old_file_and_no_temp_file(make_set, monkeypatch):
    folder = make_set({"2025.toml": YEAR})
    before = (folder / "2025.toml").read_bytes()

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    monkeypatch.setenv("NO_COLOR", "1")
    r = CliRunner().invoke(app, ["allocate", "2025", "a", "1000", "--ledgers", str(folder)])
    assert r.exit_code == 2
    assert "set/2025.toml: kan inte skrivas: disken är full" in r.stderr
    assert (folder / "2025.toml").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["2025.toml"]  # the lock is kept elsewhere


# The child runs the real command but hangs inside the Nth os.fsync: the 1st is the temp file's,
# before the rename; the 2nd is the folder's, after it. Killed there, the file must be the old
# version or the new one, whole.
CHILD = textwrap.dedent('''
    import os, sys, time
    hang_at, flag = int(sys.argv[1]), sys.argv[2]
    real, calls = os.fsync, []
    def fsync(fd):
        real(fd)
        calls.append(fd)
        if len(calls) == hang_at:
            open(flag, "w").close()
            time.sleep(60)
    os.fsync = fsync
    sys.argv = ["sociofund", *sys.argv[3:]]
    from sociofund.cli import main
    main()
''')


@pytest.mark.parametrize("hang_at, expect", [(1, "old"), (2, "new")])
def test_sigkill_mid_write_leaves_the_old_or_the_new_file(make_set, tmp_path, hang_at, expect):
    folder = make_set({"2025.toml": YEAR})
    path = folder / "2025.toml"
    old = path.read_text()
    flag = tmp_path / "hanging"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(hang_at), str(flag),
                              "allocate", "2025", "killed", "1000", "--ledgers", str(folder)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not flag.exists():
        assert child.poll() is None, "the writer ended before it reached the write"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    text = path.read_text()
    if expect == "old":
        assert text == old
    else:
        assert text == old + '\n[[allocation]]\nid = "killed"\namount = 1_000\n'
    # the lock died with the process: the next writer gets it at once
    r = CliRunner().invoke(app, ["allocate", "2025", "after", "1", "--ledgers", str(folder)])
    assert r.exit_code == 0, r.output
    assert "after" in ids(folder)


def test_writes_leave_nothing_git_would_commit(make_set, tmp_path):
    """The lock lives in the repository's git directory: after every kind of write, ``git status``
    shows only the ledger files the command changed."""
    import subprocess

    folder = make_set({"2025.toml": YEAR})
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args):
        return subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "start")
    runner = CliRunner()
    for args, changed in ((["allocate", "2025", "a", "100"], ["set/2025.toml"]),
                          (["spend", "2025", "a", "90"], ["set/2025.toml"]),
                          (["grant", "2026", "slk", "50"], ["set/2026.toml"])):
        r = runner.invoke(app, [*args, "--ledgers", str(folder)])
        assert r.exit_code == 0, r.output
        status = git("status", "--porcelain", "--untracked-files=all").splitlines()
        assert sorted(line[3:] for line in status) == changed, status
        git("add", "-A")
        git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "step")
    from sociofund.core.lock import lock_path

    assert lock_path(folder).parent == (tmp_path / ".git" / "sociofund").resolve()


def test_outside_git_the_lock_is_in_the_users_cache(make_set, tmp_path, monkeypatch):
    from sociofund.core.lock import lock_path, locked

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = make_set({"2025.toml": YEAR})
    if sys.platform.startswith("linux"):
        assert lock_path(folder).parent == tmp_path / "cache" / "sociofund" / "locks"
    # one set, one lock, however it is named
    assert lock_path(folder) == lock_path(folder.resolve())
    with locked(folder):
        pass
    assert sorted(p.name for p in folder.iterdir()) == ["2025.toml"]
