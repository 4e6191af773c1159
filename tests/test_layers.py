"""The layers are enforced, not prose: ``lint-imports`` checks the contracts in pyproject.toml
(cli above render above i18n above core; inside core, the modules that read, lock or write
above the pure ones), and fails when a module imports from a layer above its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess:
    # PYTHONPATH first: the tree under ``root`` is the one analysed, not the installed one
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run([LINT_IMPORTS, "--no-cache", "--no-logo"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_layers_hold():
    r = _lint(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2 kept, 0 broken" in r.stdout


def test_core_importing_render_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    money = tmp_path / "src" / "sociofund" / "core" / "money.py"
    money.write_text(money.read_text(encoding="utf-8") + "\nimport sociofund.render.safe  # noqa\n", encoding="utf-8")
    r = _lint(tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "sociofund.core.money -> sociofund.render.safe" in r.stdout, r.stdout


def test_a_pure_core_module_importing_the_writer_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    ops = tmp_path / "src" / "sociofund" / "core" / "ops.py"
    ops.write_text(ops.read_text(encoding="utf-8") + "\nfrom sociofund.core import writer  # noqa\n", encoding="utf-8")
    r = _lint(tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "sociofund.core.ops -> sociofund.core.writer" in r.stdout, r.stdout


def test_every_core_module_has_its_layer():
    # an unlisted module would be checked only as "core": it could import the writer unnoticed
    import re
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (core,) = [c for c in config["contracts"] if c["id"] == "core"]
    placed = {name.strip() for layer in core["layers"] for name in re.split(r"[|:]", layer)}
    folder = ROOT / "src" / "sociofund" / "core"
    modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    modules |= {p.parent.name for p in folder.glob("*/__init__.py")}
    assert modules == placed, f"give each core module a layer in pyproject.toml: {sorted(modules ^ placed)}"
