"""Two years from ``init``, one commit per step, through the pre-commit hook ``init`` installs.

The README's story (the ``sh`` block after ``<!-- year-story -->``) is run as it stands by bash,
in an empty folder: every ``sociofund`` command is the one under test (the test environment's on
PATH), and every ``git commit`` runs the hook as ``init`` wrote it — ``language: python`` with
``additional_dependencies: ["sociofund==<version>"]`` — with pre-commit really installing that
pinned source into its own environment: a wheel built from this source tree, offered to pip by
``PIP_FIND_LINKS`` (the version is not on PyPI while it is being developed). Slow (pre-commit
builds its environment once, ~30 s), and worth it: it is the finance officer's year.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from sociofund import __version__

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

STORY = re.search(r"<!-- year-story -->\n```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory):
    """The environment the story runs in: this sociofund on PATH and as a wheel pip can find, a
    pre-commit cache of its own (a cached environment would hold an older build of the same
    version), a git identity and no user configuration."""
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(ROOT)],
                   check=True, capture_output=True)
    home = tmp_path_factory.mktemp("home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOCIOFUND_", "GIT_", "PRE_COMMIT"))}
    env.update({
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        "PIP_FIND_LINKS": " ".join(filter(None, [str(wheels), os.environ.get("PIP_FIND_LINKS")])),
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ekonom", "GIT_AUTHOR_EMAIL": "ekonom@example.org",
        "GIT_COMMITTER_NAME": "Ekonom", "GIT_COMMITTER_EMAIL": "ekonom@example.org",
        "NO_COLOR": "1",
    })
    return env


def test_the_readme_story_runs_two_years_committing_every_step_through_the_hook(hook_env, tmp_path):
    assert STORY, "README.md has no <!-- year-story --> block"
    script = STORY.group(1)
    r = subprocess.run(["bash", "-c", "set -euo pipefail\n" + script], cwd=tmp_path, env=hook_env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    repo = tmp_path / "kommunens-liggare"

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, env=hook_env, check=True, capture_output=True, text=True).stdout

    commits = script.count("git commit")
    assert len(git("log", "--oneline").splitlines()) == commits
    # the hook ran, and passed, at every commit: each step changed a ledger file
    assert len(re.findall(r"^sociofund check\.+Passed$", r.stdout + r.stderr, re.M)) == commits
    # the hook is the pinned source init wrote, installed by pre-commit
    config = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f'additional_dependencies: ["sociofund=={__version__}"]' in config
    # nothing was left behind that git would pick up (no lock, no temporary file)
    assert git("status", "--porcelain", "--untracked-files=all") == ""
    assert sorted(p.name for p in (repo / "ledgers").iterdir()) == ["2025.toml", "2026.toml", "2027.toml",
                                                                    "sociofund.toml"]

    # and the hook refuses what check refuses: a typo made by hand
    year = repo / "ledgers" / "2027.toml"
    year.write_text(year.read_text(encoding="utf-8").replace("amount = 1_200_000", "ammount = 1_200_000"),
                    encoding="utf-8")
    bad = subprocess.run(["git", "commit", "-qam", "typo"], cwd=repo, env=hook_env, capture_output=True, text=True)
    assert bad.returncode != 0
    assert "F003" in bad.stdout + bad.stderr
    assert len(git("log", "--oneline").splitlines()) == commits
