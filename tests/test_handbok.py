"""docs/handbok.md is a story a reader follows command by command: every ``sociofund`` line of its
``sh`` blocks runs, in order, in an empty folder (``cd`` moves into the new repository), and each
ends without an error; the ledger it leaves checks clean of errors."""

from __future__ import annotations

import re
import shlex

from typer.testing import CliRunner

from conftest import ROOT
from sociofund.cli import app
from test_help import giveaways

HANDBOK = ROOT / "docs" / "handbok.md"


def commands() -> list[str]:
    text = HANDBOK.read_text(encoding="utf-8")
    return [line for block in re.findall(r"```sh\n(.*?)```", text, re.S) for line in block.splitlines() if line.strip()]


def test_every_command_of_the_handbok_runs_in_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    runner, ran = CliRunner(), []
    for line in commands():
        args = shlex.split(line)
        if args[0] == "cd":
            monkeypatch.chdir(args[1])
            continue
        assert args[0] == "sociofund", line
        r = runner.invoke(app, args[1:])
        assert r.exit_code == 0, f"{line}\n{r.output}"
        assert not giveaways(r.output), (line, giveaways(r.output))
        ran.append(args[1])
    # the year from init to bokslut, and the board's tables
    assert {"init", "grant", "allocate", "check", "report", "spend", "close", "carryover"} <= set(ran)
    assert (tmp_path / "kommunens-liggare" / "fordelning-2025.md").read_text(encoding="utf-8").startswith("## Ragunda kommun 2025")
    text = (tmp_path / "kommunens-liggare" / "ledgers" / "2025.toml").read_text(encoding="utf-8")
    assert "closed = true" in text and "[[repayment]]" in text
