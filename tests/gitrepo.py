"""Git repositories for tests, built in a temporary folder with the ``git`` command line.

Commits are made with a fixed author, committer and date, so a commit's id is the same on every
run and golden files may show it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

DIFF_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diff"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_AUTHOR_DATE": "2021-11-22T12:00:00+01:00",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_COMMITTER_DATE": "2021-11-22T12:00:00+01:00", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


class Repo:
    """A git repository in a temporary folder, with ledger files written from strings."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.path, check=True, capture_output=True, text=True,
                              env={**os.environ, **_ENV}).stdout

    def write(self, files: dict[str, str | bytes]) -> None:
        for name, text in files.items():
            p = self.path / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(text if isinstance(text, bytes) else textwrap.dedent(text).lstrip("\n").encode())

    def copy(self, src: Path, dest: str) -> None:
        target = self.path / dest
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(src, target)

    def commit(self, message: str = "change") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def diff(self, *revs: str, base: str | None = None, ledgers: str = "ledgers"):
        from sociofund.core import gitrev, revdiff

        repo = gitrev.open_repo(Path(ledgers), cwd=self.path)
        return revdiff.diff(repo, *revs, base=base)
