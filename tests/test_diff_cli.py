"""``sociofund diff`` through the command line, on git repositories built in a temporary folder.

Outputs are compared with golden files (tests/golden/diff-*), at 80 columns without colour. The
commits are made with a fixed date (tests/gitrepo.py), so the commit ids they show are stable.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from conftest import ROOT, assert_golden
from gitrepo import DIFF_FIXTURES, Repo, needs_git
from sociofund.cli import app

pytestmark = needs_git


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Repo:
    r = Repo(tmp_path / "repo")
    monkeypatch.chdir(r.path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    return r


def invoke(*args: str):
    return CliRunner().invoke(app, ["diff", *args], catch_exceptions=False)


@pytest.fixture
def ragunda(repo) -> Repo:
    """KS §220/2020 (the plan, split over its two years) committed, then Dnr 2021:1144 (the revision)."""
    repo.copy(DIFF_FIXTURES / "ragunda-plan", "ledgers/ragunda")
    repo.commit("KS §220/2020: fördelning 2021-2022")
    repo.copy(DIFF_FIXTURES / "ragunda-revision", "ledgers/ragunda")
    repo.commit("Dnr 2021:1144: revidering")
    return repo


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_ragunda_revision_shows_what_disappeared(ragunda):
    r = invoke("HEAD~1", "HEAD")
    assert r.exit_code == 0, r.output
    out = _plain(r.stdout)
    assert re.search(r"Totalt\*\s+tillgängligt\s+4 310 000 kr\s+3 758 680 kr\s+−551 320 kr", out)
    assert re.search(r"systemteori\s+Systemteoretisk.*175 680 kr\s+–\s+−175 680 kr\s+borttagen", out)
    assert re.search(r"ovrigt-buf\s+Övrigt att.*496 320 kr\s+–\s+−496 320 kr\s+borttagen", out)
    assert re.search(r"handledning-aos\s.*850 000 kr\s+820 000 kr\s+−30 000 kr\s+ändrad", out)
    assert re.search(r"handledning-ami\s.*610 000 kr\s+670 000 kr\s+\+60 000 kr\s+ändrad", out)  # 140 000 kr moved to AMI, once
    assert r.stderr == ""
    assert_golden("diff-ragunda.txt", r.stdout)


def test_ragunda_in_english_and_as_markdown_and_json(ragunda):
    r = invoke("HEAD~1", "HEAD", "--lang", "en")
    assert "Total*" in r.stdout and "−551,320 kr" in r.stdout and "removed" in r.stdout
    assert_golden("diff-ragunda.en.txt", r.stdout)
    r = invoke("HEAD~1", "HEAD", "--format", "md")
    assert_golden("diff-ragunda.md", r.stdout)
    r = invoke("HEAD~1", "HEAD", "--format", "json")
    doc = json.loads(r.stdout)
    (s,) = doc["sets"]
    assert s["totals"]["allocated"] == {"before": 4_310_000, "after": 3_758_680, "difference": -551_320}
    ami = next(i for i in s["interventions"] if i["id"] == "handledning-ami")
    assert (ami["before"], ami["after"], ami["total"]["difference"]) == (
        {"2021": 420_000, "2022": 330_000}, {"2021": 420_000, "2022": 390_000}, 60_000)
    assert doc["summary"] == {"sets_changed": 1, "sets_unchanged": 0, "errors_added": 0, "warnings_added": 0,
                              "findings_removed": 0}
    assert_golden("diff-ragunda.json", r.stdout)


def test_github_step_summary_is_what_the_readme_shows(repo, tmp_path, monkeypatch):
    # as on a pull request: the plan on main, the revision on a branch, compared from where it left main
    repo.copy(DIFF_FIXTURES / "ragunda-plan", "ledgers/ragunda")
    repo.commit("KS §220/2020: fördelning 2021-2022")
    repo.git("checkout", "-q", "-b", "revidering")
    repo.copy(DIFF_FIXTURES / "ragunda-revision", "ledgers/ragunda")
    repo.commit("Dnr 2021:1144: revidering")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = invoke("--base", "main", "--format", "github")
    assert r.exit_code == 0
    assert r.stdout.startswith("Ändrade liggare: 1")  # no annotations: the change adds no finding
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, not overwritten
    body = text.removeprefix("earlier step\n")
    assert_golden("diff-ragunda.summary.md", body)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- diff-summary -->\n```markdown\n(.*?)```\n", readme, re.S)
    assert m, "README has no step summary block (<!-- diff-summary -->)"
    assert m.group(1) == body, "README's step summary differs from tests/golden/diff-ragunda.summary.md"


CLOSED_2022 = """
    year = 2022
    closed = true

    [[grant]]
    fund = "slk"
    amount = 100_000

    [[allocation]]
    id = "trampolin"
    amount = 100_000
    spent = {spent}
    ref = "KS §1/2022"

    [[repayment]]
    fund = "slk"
    amount = 5_000
    """


def test_a_closed_years_spent_changed_in_a_commit_fails_with_an_annotation_at_that_line(repo, tmp_path, monkeypatch):
    repo.write({"ledgers/org/2022.toml": CLOSED_2022.format(spent="95_000")})
    repo.commit("bokslut 2022")
    repo.write({"ledgers/org/2022.toml": CLOSED_2022.format(spent="90_000")})
    repo.commit("utfall 2022 ändrat i efterhand")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = invoke("HEAD~1", "HEAD", "--format", "github")
    assert r.exit_code == 1
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("::"))
    assert line.startswith("::error file=ledgers/org/2022.toml,line=11,col=1,title=H001::"), line
    assert "utfallet för trampolin ändras från 95" in line
    assert "| ledgers/org/2022.toml | 11 | H001 | fel |" in summary.read_text(encoding="utf-8")


def test_the_working_tree_against_head_is_the_default(repo):
    repo.write({"ledgers/org/2022.toml": CLOSED_2022.format(spent="95_000").replace("closed = true", "closed = false")})
    repo.commit()
    assert _plain(invoke().stdout).startswith("Budgetskillnad: HEAD (")
    repo.write({"ledgers/org/2022.toml": CLOSED_2022.format(spent="95_000").replace("closed = true", "closed = false")
                .replace('id = "trampolin"\n    amount = 100_000', 'id = "trampolin"\n    amount = 90_000')})
    r = invoke()
    assert r.exit_code == 1  # 10 000 kr unallocated (B002) is an error the change adds
    assert "→ arbetskopian" in r.stdout
    assert "B002" in r.stdout and "H002" in r.stdout


def test_nothing_changed_says_so(repo):
    repo.write({"ledgers/org/2022.toml": CLOSED_2022.format(spent="95_000")})
    repo.commit()
    r = invoke()
    assert r.exit_code == 0
    assert "Ingen liggare har ändrats." in r.stdout and "oförändrade: 1" in r.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("nosuchrev", "HEAD"), "okänd version i git: nosuchrev"),
    (("HEAD", "HEAD", "--base", "main"), "--base tar högst en version"),
])
def test_usage_errors_exit_2(repo, args, message):
    repo.write({"ledgers/org/2022.toml": CLOSED_2022.format(spent="95_000")})
    repo.commit()
    r = invoke(*args)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert message in r.stderr


def test_outside_a_git_repository_exit_2(tmp_path, monkeypatch):
    (tmp_path / "ledgers").mkdir()
    monkeypatch.chdir(tmp_path)
    r = invoke()
    assert r.exit_code == 2
    assert "ligger inte i ett git-förråd" in r.stderr


HOSTILE = "Evil | <b>x</b> \x1b[31m::error::pwned\n%0A"


def test_ledger_text_is_escaped_in_every_medium(repo, tmp_path, monkeypatch):
    base = '[[grant]]\nfund = "slk"\namount = 10\n'
    repo.write({"ledgers/org/2022.toml": "year = 2022\n" + base + '[[allocation]]\nid = "a"\namount = 10\n'})
    repo.commit()
    name = HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\u001b").replace("\n", "\\n")
    repo.write({"ledgers/org/2022.toml": "year = 2022\n" + base + f'[[allocation]]\nid = "a"\namount = 10\nname = "{name}"\n'
                '[[allocation]]\nid = "b"\namount = 0\n' + f'name = "{name}"\n'})
    table = invoke().stdout
    assert "\x1b" not in table and "\\x1b" in table
    md = invoke("--format", "md").stdout
    assert "Evil \\| \\<b\\>" in md and "\x1b" not in md  # the table holds, no HTML
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "s.md"))
    gh = invoke("--format", "github").stdout
    assert not any(ln.startswith("::error::pwned") for ln in gh.splitlines())


def test_the_workflow_init_writes_runs_diff_on_pull_requests(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["init", "repo", "--year", "2026"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    workflow = (tmp_path / "repo/.github/workflows/sociofund.yml").read_text(encoding="utf-8")
    assert "fetch-depth: 0" in workflow  # the merge-base needs the history
    assert "if: github.event_name == 'pull_request'" in workflow
    assert 'sociofund diff --base "origin/$BASE" --ledgers ledgers/ --format github' in workflow
    assert "BASE: ${{ github.base_ref }}" in workflow  # through the environment, never spliced into the script
