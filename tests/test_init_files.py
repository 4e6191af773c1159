"""Every file ``init`` writes is valid where it is read: the workflow against GitHub's workflow
schema (check-jsonschema's built-in copy) and by zizmor offline (no finding above
informational), the pre-commit configuration by ``pre-commit validate-config``; this project's
own ``.pre-commit-hooks.yaml`` and release workflow likewise. The hook and the workflow install
one pinned source, and a source that cannot be installed fails the job with a message that says
what to set."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from sociofund import __version__
from sociofund.cli import app

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert path, f"{name} is not installed (it is in the test extra: pip install -e '.[test]')"
    return path


def init(tmp_path: Path, *args: str) -> Path:
    r = CliRunner().invoke(app, ["init", str(tmp_path / "repo"), "--year", "2025", *args])
    assert r.exit_code == 0, r.output
    return tmp_path / "repo"


def workflow_errors(path: Path) -> None:
    r = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([tool("zizmor"), "--offline", "--persona", "pedantic", "--format", "json", str(path)],
                       capture_output=True, text=True)
    found = json.loads(r.stdout or "[]")
    above = [(f.get("ident"), f.get("determinations", {}).get("severity")) for f in found
             if f.get("determinations", {}).get("severity") not in ("Informational", "Unknown")]
    assert above == [], above


def test_the_workflow_init_writes_is_valid_and_passes_zizmor(tmp_path):
    workflow_errors(init(tmp_path) / ".github/workflows/sociofund.yml")


def test_the_workflow_is_least_privilege_pinned_and_keeps_no_credentials(tmp_path):
    w = yaml.safe_load((init(tmp_path) / ".github/workflows/sociofund.yml").read_text(encoding="utf-8"))
    assert w["permissions"] == {"contents": "read"}
    steps = w["jobs"]["check"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses and all(len(u.split("@")[1]) == 40 for u in uses), uses
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    assert any(s.get("run") == "sociofund check ledgers/ --format github" for s in steps)


def test_the_pre_commit_files_are_valid(tmp_path):
    repo = init(tmp_path)
    r = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(repo / ".pre-commit-config.yaml")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_this_projects_release_workflow_is_valid_and_passes_zizmor():
    workflow_errors(ROOT / ".github/workflows/release.yml")
    w = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    assert w["permissions"] == {}
    assert w["jobs"]["publish"]["permissions"] == {"id-token": "write"}


@pytest.mark.parametrize("args, source", [
    ((), f"sociofund=={__version__}"),
    (("--source", "git+https://git.example.org/kommun/sociofund@v0.1.0"), "git+https://git.example.org/kommun/sociofund@v0.1.0"),
])
def test_the_hook_and_the_workflow_install_one_source(tmp_path, args, source):
    repo = init(tmp_path, *args)
    hook = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    workflow = yaml.safe_load((repo / ".github/workflows/sociofund.yml").read_text(encoding="utf-8"))
    assert hook["language"] == "python" and hook["additional_dependencies"] == [source]
    assert workflow["env"]["SOCIOFUND_SOURCE"] == source


def install_step(repo: Path) -> str:
    workflow = yaml.safe_load((repo / ".github/workflows/sociofund.yml").read_text(encoding="utf-8"))
    return next(s["run"] for s in workflow["jobs"]["check"]["steps"] if "pip install" in s.get("run", ""))


def run_step(script: str, repo: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "")]),
               "RUNNER_TEMP": str(tmp_path), **env}
    return subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=environ, capture_output=True, text=True,
                          timeout=300)


def test_a_source_that_cannot_be_installed_says_what_to_set(tmp_path):
    repo = init(tmp_path, "--source", str(tmp_path / "no-such-sociofund"))
    r = run_step(install_step(repo), repo, tmp_path, SOCIOFUND_SOURCE=str(tmp_path / "no-such-sociofund"))
    assert r.returncode == 1
    error = [line for line in r.stdout.splitlines() if line.startswith("::error ")]
    assert len(error) == 1, r.stdout
    assert "title=sociofund kunde inte installeras::" in error[0]
    assert "Sätt SOCIOFUND_SOURCE i .github/workflows/sociofund.yml och additional_dependencies i " \
           ".pre-commit-config.yaml" in error[0]
    assert "::group::pip" in r.stdout  # pip's own words stay available, folded away


def test_the_workflow_steps_run_as_written(tmp_path):
    """The install step with the pinned source (this version, installed here already: pip says so
    and changes nothing), then the check step, which writes the step summary."""
    repo = init(tmp_path)
    workflow = yaml.safe_load((repo / ".github/workflows/sociofund.yml").read_text(encoding="utf-8"))
    summary = tmp_path / "summary.md"
    for step in workflow["jobs"]["check"]["steps"]:
        if "run" not in step or "if" in step:
            continue
        r = run_step(step["run"], repo, tmp_path, SOCIOFUND_SOURCE=workflow["env"]["SOCIOFUND_SOURCE"],
                     GITHUB_STEP_SUMMARY=str(summary), PIP_NO_INDEX="1")
        assert r.returncode == 0, (step["run"], r.stdout, r.stderr)
    assert "sociofund check" in summary.read_text(encoding="utf-8")
