"""The commands that write: allocate, spend, close, carryover, init — through typer's CliRunner.

On copies of the shipped ledgers in a git repository, each command's ``git diff`` is compared with
a golden diff: it must hold the intended lines and nothing else. A finance officer's year is run
from a fresh year to the carryover; refused changes leave every file byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import LEDGERS, ROOT, assert_golden
from sociofund.cli import app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("SOCIOFUND_LEDGERS", raising=False)
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


def out(result) -> str:
    """stdout with the no-break spaces of Swedish amounts as plain spaces, for readable asserts
    (that amounts use U+00A0 is tested once, in test_spend_adds_the_spent_line_to_its_entry)."""
    return result.stdout.replace("\u00a0", " ")


def digests(folder: Path) -> dict[str, str]:
    """Every file of a folder tree by content: what "unchanged" means in these tests."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".git" not in p.relative_to(folder).parts}


# --- golden diffs on copies of the shipped ledgers -------------------------------------------

GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """The shipped ledgers/ in a fresh git repository; the test runs in it."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    shutil.copytree(LEDGERS, tmp_path / "ledgers")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "shipped ledgers")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def step_diff(repo: Path) -> str:
    """What the last command changed, as ``git diff`` shows it (new files included); then commit."""
    git(repo, "add", "-A")
    diff = git(repo, "diff", "--cached", "--no-color")
    git(repo, "commit", "-qm", "step", "--allow-empty")
    return diff


def comments(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")]


def test_allocate_changes_one_line_of_an_existing_allocation(runner, repo):
    before = comments(repo / "ledgers/ragunda/2022.toml")
    # the 5 000 kr Dnr 2021:1144 left unallocated in 2022, to AMI
    r = run(runner, "allocate", 2022, "handledning-ami", "395000", "--ledgers", "ledgers/ragunda")
    assert r.exit_code == 0, r.output
    assert_golden("edit-allocate-change.diff", step_diff(repo))
    assert comments(repo / "ledgers/ragunda/2022.toml") == before


def test_allocate_appends_a_new_allocation_and_prints_the_table_and_remainder(runner, repo):
    r = run(runner, "allocate", 2022, "uppfoljning", "5 000 kr", "--name", "Uppföljning av insatserna",
            "--unit", "Kommunledningsförvaltningen", "--ref", "KS 2022-03-01", "--ledgers", "ledgers/ragunda")
    assert r.exit_code == 0, r.output
    assert_golden("edit-allocate-new.diff", step_diff(repo))
    assert_golden("edit-allocate-new.out.txt", r.stdout)
    assert out(r).rstrip().endswith("slk 2022: allt är fördelat.")
    assert run(runner, "check", "ledgers").exit_code == 0


def test_spend_adds_the_spent_line_to_its_entry(runner, repo):
    r = run(runner, "spend", 2022, "trampolin-ifo", "455 300", "--ledgers", "ledgers/ragunda")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Utfall för trampolin-ifo 2022: 455\u00a0300\u00a0kr.\n")
    assert_golden("edit-spend.diff", step_diff(repo))


def test_spend_again_replaces_the_figure(runner, repo):
    run(runner, "spend", 2022, "trampolin-ifo", "400000", "--ledgers", "ledgers/ragunda")
    step_diff(repo)
    run(runner, "spend", 2022, "trampolin-ifo", "455300", "--ledgers", "ledgers/ragunda")
    diff = step_diff(repo)
    assert [ln for ln in diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")] == \
        ["-spent = 400_000", "+spent = 455_300"]


def test_close_then_carryover_with_repay_rest_on_soderhamn(runner, repo):
    """Söderhamn 2021 spent 2 900 000 of 3 000 000 for integration: close the year, move 60 000 kr
    to 2022 with the funder's consent, repay the rest; 2022 then allocates the 60 000 kr."""
    L = ("--ledgers", "ledgers/soderhamn")
    before = {p.name: comments(p) for p in (repo / "ledgers/soderhamn").glob("*.toml")}
    assert run(runner, "spend", 2021, "integration-egenforsorjning", "2 900 000", *L).exit_code == 0
    assert run(runner, "spend", 2021, "naringsliv-tillvaxt", "1 mnkr", *L).exit_code == 0
    step_diff(repo)

    r = run(runner, "close", 2021, *L)
    assert r.exit_code == 0, r.output
    assert "integration 2021: outnyttjat 100 000 kr, överflyttat 0 kr, återbetalt 0 kr." in out(r)
    assert "sociofund carryover 2021 2022 --fund integration" in out(r)
    assert_golden("edit-close.diff", step_diff(repo))
    # closed with money nobody has decided about: check says so until carryover settles it
    r = run(runner, "check", "ledgers/soderhamn")
    assert r.exit_code == 1 and "K002" in out(r)

    r = run(runner, "carryover", 2021, 2022, "--fund", "integration", "--amount", "60 000",
            "--approved-by", "Söderhamns kommun", "--ref", "KS 2022-02-15", "--repay-rest",
            "--repay-ref", "KS 2022-02-15", *L)
    assert r.exit_code == 0, r.output
    assert "integration: 60 000 kr flyttas från 2021 till 2022." in out(r)
    assert "integration: 40 000 kr återbetalas från 2021." in out(r)
    assert "B002" in out(r)  # 2022 now has 60 000 kr to allocate, and is told so
    assert_golden("edit-carryover.diff", step_diff(repo))

    assert run(runner, "allocate", 2022, "integration-egenforsorjning", "3 060 000", *L).exit_code == 0
    r = run(runner, "check", "ledgers")
    assert r.exit_code == 0, r.output
    for p in (repo / "ledgers/soderhamn").glob("*.toml"):
        assert comments(p) == before[p.name]


def test_carryover_from_an_open_year_creates_the_next_years_file(runner, repo):
    r = run(runner, "carryover", 2022, 2023, "--amount", "5000", "--approved-by", "Tillväxtverket",
            "--ref", "Tillväxtverket 2022-11-30", "--ledgers", "ledgers/ragunda")
    assert r.exit_code == 0, r.output
    assert_golden("edit-carryover-new-file.diff", step_diff(repo))
    # the grant is not known yet: the new file is valid, and check warns (an undecided year, not an
    # error a pre-commit hook would refuse) and says how to record the grant
    r = run(runner, "check", "ledgers/ragunda")
    assert r.exit_code == 0, r.output
    assert "ledgers/ragunda/2023.toml:7:1: B002 varning: 5 000 kr ofördelat i slk 2023, som ännu inte har någon " \
           "tilldelning" in out(r)
    assert "sociofund grant 2023 slk BELOPP" in out(r)


def test_carryover_dry_run_shows_the_diff_and_writes_nothing(runner, repo):
    before = digests(repo)
    r = run(runner, "carryover", 2022, 2023, "--amount", "5000", "--approved-by", "Tillväxtverket",
            "--ledgers", "ledgers/ragunda", "--dry-run")
    assert r.exit_code == 0, r.output
    assert "+++ b/ledgers/ragunda/2023.toml" in out(r) and "+amount = 5_000" in out(r)
    assert out(r).rstrip().endswith("(--dry-run: inget skrevs)")
    assert digests(repo) == before


# --- a finance officer's year ----------------------------------------------------------------

CONFIG = '''\
organisation = "Testkommun"

[funds.slk]
name = "Stärka landsbygdskommuner"
funder = "Tillväxtverket"
carryover = "approval"
'''

YEAR_2025 = '''\
# 2025: beslut KS 2025-01-20
year = 2025
closed = false

[[grant]]
fund = "slk"
funder = "Tillväxtverket"
amount = 1_000_000
status = "granted"
ref = "Tillväxtverket 2024-12-01"
'''


def test_a_finance_officers_year(runner, make_set):
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": YEAR_2025})
    L = ("--ledgers", folder)

    r = run(runner, "allocate", 2025, "trampolin", "400000", "--name", "Trampolin", "--unit", "IFO", *L)
    assert r.exit_code == 0 and out(r).rstrip().endswith("slk 2025: 600 000 kr ofördelat.")
    r = run(runner, "allocate", 2025, "handledning", "350 000 kr", "--name", "Handledning", "--fte", "0,5", *L)
    assert r.exit_code == 0 and out(r).rstrip().endswith("slk 2025: 250 000 kr ofördelat.")
    r = run(runner, "allocate", 2025, "uppfoljning", "250 tkr", "--name", "Uppföljning", *L)
    assert r.exit_code == 0 and out(r).rstrip().endswith("slk 2025: allt är fördelat.")
    r = run(runner, "allocate", 2025, "trampolin", "--fte", "1.0", "--ref", "KS §12/2025", *L)
    assert r.exit_code == 0 and "Insatsen trampolin i 2025 ändrades." in out(r)
    assert run(runner, "check", folder).exit_code == 0

    for id, spent in (("trampolin", "398 000"), ("handledning", "350000"), ("uppfoljning", "222 000 kr")):
        assert run(runner, "spend", 2025, id, spent, *L).exit_code == 0
    r = run(runner, "close", 2025, *L)
    assert r.exit_code == 0
    assert "slk 2025: outnyttjat 30 000 kr, överflyttat 0 kr, återbetalt 0 kr." in out(r)

    r = run(runner, "carryover", 2025, 2026, "--amount", "20 000", "--approved-by", "Tillväxtverket",
            "--repay-rest", "--ref", "Tillväxtverket 2026-02-10", "--repay-ref", "Tillväxtverket faktura 2026-118",
            "--repay-due", "2026-03-31", *L)
    assert r.exit_code == 0, r.output
    assert run(runner, "allocate", 2026, "trampolin", "20000", "--name", "Trampolin", *L).exit_code == 0
    r = run(runner, "check", folder)
    assert r.exit_code == 0, r.output

    y2025 = tomllib.loads((folder / "2025.toml").read_text())
    y2026 = tomllib.loads((folder / "2026.toml").read_text())
    assert y2025["closed"] is True
    assert y2025["repayment"] == [{"fund": "slk", "amount": 10_000, "ref": "Tillväxtverket faktura 2026-118",
                                   "due": dt.date(2026, 3, 31)}]
    assert y2026["carryover"] == [{"fund": "slk", "from_year": 2025, "amount": 20_000,
                                   "approved_by": "Tillväxtverket", "ref": "Tillväxtverket 2026-02-10"}]
    assert [a["amount"] for a in y2025["allocation"]] == [400_000, 350_000, 250_000]
    assert y2025["allocation"][1]["fte"] == 0.5  # written as 0,5
    assert (folder / "2025.toml").read_text().startswith("# 2025: beslut KS 2025-01-20\n")

    # the same carryover again: nothing changes, and it says so
    before = digests(folder)
    r = run(runner, "carryover", 2025, 2026, "--amount", "20 000", "--approved-by", "Tillväxtverket",
            "--repay-rest", "--ref", "Tillväxtverket 2026-02-10", "--repay-ref", "Tillväxtverket faktura 2026-118",
            "--repay-due", "2026-03-31", *L)
    assert r.exit_code == 0
    assert "slk: 20 000 kr från 2025 finns redan i 2026; inget ändrades." in out(r)
    assert digests(folder) == before


def test_a_closed_year_carries_over_what_it_did_not_spend(runner, make_set):
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": YEAR_2025.replace("closed = false", "closed = true") + '''
[[allocation]]
id = "a"
amount = 1_000_000
spent = 988_000
'''})
    r = run(runner, "carryover", 2025, 2026, "--approved-by", "Tillväxtverket", "--ledgers", folder)
    assert r.exit_code == 0, r.output
    assert tomllib.loads((folder / "2026.toml").read_text())["carryover"][0]["amount"] == 12_000


def test_a_fund_that_allows_no_carryover_is_repaid_not_carried(runner, make_set):
    config = CONFIG + '\n[funds.egna]\nname = "Egna medel"\ncarryover = "none"\n'
    year = YEAR_2025.replace("closed = false", "closed = true") + '''
[[grant]]
fund = "egna"
amount = 100_000

[[allocation]]
id = "a"
fund = "slk"
amount = 1_000_000
spent = 990_000

[[allocation]]
id = "b"
fund = "egna"
amount = 100_000
spent = 70_000
'''
    folder = make_set({"sociofund.toml": config, "2025.toml": year})
    r = run(runner, "carryover", 2025, 2026, "--fund", "egna", "--ledgers", folder)
    assert r.exit_code == 0 and not (folder / "2026.toml").exists()
    assert "egna 2025: fonden tillåter ingen överflyttning; betala tillbaka det outnyttjade " \
           "(sociofund carryover 2025 2026 --fund egna --repay-rest)." in out(r)
    # moving slk creates 2026, which makes egna's undecided 30 000 kr due: written, and said
    r = run(runner, "carryover", 2025, 2026, "--approved-by", "Tillväxtverket", "--ledgers", folder)
    assert r.exit_code == 0, r.output
    assert "slk: 10 000 kr flyttas från 2025 till 2026." in out(r)
    assert "K002 fel: 30 000 kr outnyttjat 2025 i egna: flytta över eller betala tillbaka" in out(r)
    # with --repay-rest: slk's carryover is already there, egna's 30 000 kr are repaid
    r = run(runner, "carryover", 2025, 2026, "--approved-by", "Tillväxtverket", "--repay-rest", "--ledgers", folder)
    assert r.exit_code == 0, r.output
    assert "slk: 10 000 kr från 2025 finns redan i 2026; inget ändrades." in out(r)
    assert "egna: 30 000 kr återbetalas från 2025." in out(r)
    assert tomllib.loads((folder / "2026.toml").read_text())["carryover"] == [
        {"fund": "slk", "from_year": 2025, "amount": 10_000, "approved_by": "Tillväxtverket"}]
    assert tomllib.loads((folder / "2025.toml").read_text())["repayment"] == [{"fund": "egna", "amount": 30_000}]
    r = run(runner, "carryover", 2025, 2026, "--fund", "egna", "--ledgers", folder)
    assert "egna 2025: inget outnyttjat att flytta över." in out(r)
    r = run(runner, "check", folder)
    # 2026 has 10 000 kr to allocate and no grant yet: undecided, a warning, nothing else
    assert r.exit_code == 0 and "B002 varning" in out(r) and "0 fel, 1 varning" in out(r)


CLOSED_2025 = YEAR_2025.replace("closed = false", "closed = true") + '''
[[allocation]]
id = "a"
amount = 1_000_000
spent = 970_000
'''


def test_a_partial_carryover_after_close_is_written_and_what_is_left_is_reported(runner, make_set):
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": CLOSED_2025})
    L = ("--ledgers", folder)
    r = run(runner, "carryover", 2025, 2026, "--amount", "20000", "--approved-by", "Tillväxtverket", *L)
    assert r.exit_code == 0, r.output
    assert "slk: 20 000 kr flyttas från 2025 till 2026." in out(r)
    # the 10 000 kr nobody has decided about yet: said now, and by check until it is settled
    assert "K001 fel:" in out(r) and "10 000 kr" in out(r)
    assert "K001" in out(run(runner, "check", folder))
    r = run(runner, "carryover", 2025, 2026, "--amount", "20000", "--approved-by", "Tillväxtverket", "--repay-rest", *L)
    assert r.exit_code == 0, r.output
    assert "slk: 20 000 kr från 2025 finns redan i 2026; inget ändrades." in out(r)
    assert "slk: 10 000 kr återbetalas från 2025." in out(r)
    assert "K00" not in out(run(runner, "check", folder))


@pytest.mark.parametrize("year, extra, args, message", [
    (CLOSED_2025, "", ("--amount", "40 000"),
     "slk 2025: högst 30 000 kr kan flyttas över, inte 40 000 kr (outnyttjat 30 000 kr, återbetalt 0 kr, "
     "redan överflyttat 0 kr)"),
    (YEAR_2025, "", ("--amount", "1 000 001"),
     "slk 2025: högst 1 000 000 kr kan flyttas över, inte 1 000 001 kr (tillgängligt 1 000 000 kr"),
    (YEAR_2025, '[[carryover]]\nfund = "slk"\nfrom_year = 2025\namount = 600_000\napproved_by = "T"\n',
     ("--amount", "500 000"), "högst 400 000 kr kan flyttas över, inte 500 000 kr (tillgängligt 1 000 000 kr, "
     "återbetalt 0 kr, redan överflyttat 600 000 kr)"),
], ids=["closed", "open", "open-with-a-carryover-elsewhere"])
def test_a_carryover_never_moves_more_than_the_year_has(runner, make_set, year, extra, args, message):
    # the carryover already in 2027 counts against what 2025 can still give to 2026
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": year,
                       "2027.toml": "year = 2027\nclosed = false\n" + extra})
    before = digests(folder)
    r = run(runner, "carryover", 2025, 2026, *args, "--approved-by", "Tillväxtverket", "--ledgers", folder)
    assert r.exit_code == 2, r.output
    assert message in r.stderr.replace("\u00a0", " ")
    assert digests(folder) == before


def test_changing_a_carryover_says_from_what_to_what(runner, make_set):
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": YEAR_2025})
    L = ("--amount", "--approved-by", "Tillväxtverket", "--ledgers", folder)
    assert run(runner, "carryover", 2025, 2026, "--amount", "50000", *L[1:]).exit_code == 0
    r = run(runner, "carryover", 2025, 2026, "--amount", "60000", *L[1:])
    assert r.exit_code == 0, r.output
    assert "slk: det finns redan en överflyttning från 2025 till 2026; --amount ersätter den (läggs inte till): " \
           "ändrar överflyttningen från 50 000 kr till 60 000 kr." in out(r)
    assert tomllib.loads((folder / "2026.toml").read_text())["carryover"][0]["amount"] == 60_000
    r = run(runner, "carryover", 2025, 2026, "--amount", "60000", "--approved-by", "Region", "--ref", "R 1",
            "--ledgers", folder)
    assert r.exit_code == 0, r.output
    assert out(r).startswith('slk: överflyttningen från 2025 till 2026 ändras: approved_by "Tillväxtverket" '
                              '→ "Region"; ref - → "R 1".\n')


def test_close_counts_what_a_planned_carryover_already_moved(runner, make_set):
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": CLOSED_2025.replace("closed = true", "closed = false")})
    L = ("--ledgers", folder)
    assert run(runner, "carryover", 2025, 2026, "--amount", "20000", "--approved-by", "T", *L).exit_code == 0
    r = run(runner, "close", 2025, *L)
    assert r.exit_code == 0, r.output
    assert "slk 2025: outnyttjat 30 000 kr, överflyttat 20 000 kr, återbetalt 0 kr." in out(r)
    assert "Flytta över (sociofund carryover 2025 2026 --fund slk" in out(r)  # 10 000 kr still undecided
    assert run(runner, "carryover", 2025, 2026, "--amount", "30000", "--approved-by", "T", *L).exit_code == 0
    folder2 = make_set({"sociofund.toml": CONFIG, "2025.toml": CLOSED_2025.replace("closed = true", "closed = false")},
                       name="set2")
    L2 = ("--ledgers", folder2)
    assert run(runner, "carryover", 2025, 2026, "--amount", "30000", "--approved-by", "T", *L2).exit_code == 0
    r = run(runner, "close", 2025, *L2)
    assert "överflyttat 30 000 kr" in out(r) and "Flytta över" not in out(r)  # nothing left to decide


# --- refusals: exit 1, the finding that refused it, every file unchanged --------------------

GRANTED = YEAR_2025 + '''
[[allocation]]
id = "a"
name = "Insats A"
amount = 900_000
'''


@pytest.mark.parametrize("args, code, where", [
    (("allocate", 2025, "b", "200000", "--name", "B"), "B001", "set/2025.toml:5:1"),
    (("spend", 2025, "a", "1 100 000"), "S001", "set/2025.toml:5:1"),
    (("carryover", 2025, 2026, "--amount", "50000"), "C002", "set/2026.toml:7:1"),
    (("carryover", 2025, 2024, "--amount", "50000", "--approved-by", "Tillväxtverket"), "C001", "set/2024.toml:"),
], ids=["over-allocation", "overspending", "carryover-without-approval", "carryover-backwards"])
def test_a_change_that_breaks_a_rule_is_refused(runner, make_set, args, code, where):
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": GRANTED,
                       "2024.toml": YEAR_2025.replace("2025", "2024").replace("1_000_000", "0")})
    before = digests(folder)
    r = run(runner, *args, "--ledgers", folder)
    assert r.exit_code == 1, r.output
    assert f"{where}" in out(r) and f" {code} fel: " in out(r)
    assert "ändringen skrevs inte" in r.stderr
    assert digests(folder) == before
    assert not (folder / "2026.toml").exists()


def test_close_is_refused_while_an_allocation_has_no_spent(runner, make_set):
    folder = make_set({"2025.toml": GRANTED.replace("900_000", "1_000_000")})
    before = digests(folder)
    r = run(runner, "close", 2025, "--ledgers", folder)
    assert r.exit_code == 1
    assert "set/2025.toml:12:1: Y001 fel: insatsen `a` saknar utfall (spent) i det stängda året 2025" in out(r)
    assert digests(folder) == before


@pytest.mark.parametrize("args, message", [
    (("allocate", 2025, "b", "12,50 kr"), "'12,50 kr' är inte hela kronor"),
    (("allocate", 2025, "b", "1 5"), "'1 5' är inget belopp i hela kronor"),
    (("allocate", 2025, "b", "-5000"), "belopp i liggaren är aldrig negativa"),
    (("spend", 2025, "a", "-5 000 kr"), "belopp i liggaren är aldrig negativa"),
    (("carryover", 2025, 2026, "--amount", "-1"), "belopp i liggaren är aldrig negativa"),
    (("allocate", 2025, "b", "1,250 mnkr"), "'1,250 mnkr' är tvetydigt"),
    (("allocate", 2025, "a", "--fte", "halv"), "'halv' är inget antal årsarbetskrafter"),
    (("carryover", 2025, 2026, "--amount", "1", "--approved-by", "T", "--repay-rest"),
     "2025 är inte stängt: vad som ska betalas tillbaka är känt först efter bokslut"),
    (("allocate", 2030, "b", "1"), "set/2030.toml finns inte"),
    (("spend", 2025, "zz", "1"), "ingen insats med id zz i 2025"),
    (("allocate", 2025, "b"), "b är ny i 2025: ange ett belopp"),
    (("carryover", 2025, 2026), "2025 är inte stängt: ange --amount"),
    (("carryover", 2025, 2026, "--fund", "xyz", "--amount", "1"), "fonden xyz har inga medel i 2025"),
], ids=["fraction", "odd-spacing", "negative", "negative-spend", "negative-option", "ambiguous", "bad-fte", "repay-rest-open", "no-such-year", "no-such-allocation", "amount-needed", "open-year-needs-amount", "no-such-fund"])
def test_what_cannot_be_done_is_a_usage_error(runner, make_set, args, message):
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": GRANTED})
    before = digests(folder)
    r = run(runner, *args, "--ledgers", folder)
    assert r.exit_code == 2, r.output
    assert message in r.stderr
    assert digests(folder) == before


@pytest.mark.parametrize("args", [("allocate", 2025, "a", "1"), ("spend", 2025, "a", "1")], ids=["allocate", "spend"])
def test_two_allocations_with_one_id_are_not_guessed_between(runner, make_set, args):
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": GRANTED + '[[allocation]]\nid = "a"\namount = 1\n'})
    before = digests(folder)
    r = run(runner, *args, "--ledgers", folder)
    assert r.exit_code == 2
    assert "id a finns 2 gånger i 2025 (I001)" in r.stderr
    assert digests(folder) == before


@pytest.mark.parametrize("args", [("allocate", 2025, "a", "1"), ("allocate", 2025, "ny", "1"), ("spend", 2025, "a", "1")],
                         ids=["change", "add", "spend"])
def test_a_closed_year_is_not_changed(runner, make_set, args):
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": CLOSED_2025})
    before = digests(folder)
    r = run(runner, *args, "--ledgers", folder)
    assert r.exit_code == 2
    assert "2025 är stängt (bokslut): dess insatser ändras inte längre" in r.stderr
    assert digests(folder) == before


def test_an_allocation_array_written_inline_is_named_not_broken(runner, make_set):
    folder = make_set({"sociofund.toml": CONFIG,
                       "2025.toml": YEAR_2025.replace("[[grant]]", 'allocation = [\n  { id = "a", amount = 900_000 },\n]\n\n[[grant]]')})
    before = digests(folder)
    r = run(runner, "allocate", 2025, "b", "1000", "--ledgers", folder)
    assert r.exit_code == 2, r.output
    assert "set/2025.toml:5: allocation står som en inline-tabell" in r.stderr
    assert digests(folder) == before


def test_an_argument_that_is_not_utf8_is_a_usage_error(make_set):
    import sys

    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": GRANTED})
    before = digests(folder)
    p = subprocess.run([sys.executable, "-m", "sociofund", "allocate", "2025", "b", "1000", "--name", b"caf\xe9",
                        "--ledgers", str(folder)], capture_output=True, text=True)
    assert p.returncode == 2, p.stderr
    assert "är inte UTF-8 / the argument is not UTF-8" in p.stderr
    assert digests(folder) == before


def test_a_root_of_several_sets_needs_one_chosen(runner, repo):
    r = run(runner, "spend", 2022, "trampolin-ifo", "1", "--ledgers", "ledgers")
    assert r.exit_code == 2
    assert "välj en med --ledgers, t.ex. --ledgers ledgers/katrineholm" in r.stderr


def test_an_id_the_format_does_not_allow_is_refused_with_its_finding(runner, make_set):
    folder = make_set({"2025.toml": GRANTED})
    r = run(runner, "allocate", 2025, "Stor Insats", "1000", "--ledgers", folder)
    assert r.exit_code == 1
    assert "set/2025.toml:" in out(r) and "F006" in out(r)


def test_english_messages(runner, make_set):
    folder = make_set({"2025.toml": GRANTED})
    r = run(runner, "spend", 2025, "a", "1000", "--ledgers", folder, "--lang", "en")
    assert out(r).startswith("Spent for a 2025: 1,000 kr.\nWrote set/2025.toml.\nset 2025 (open)\n")


# --- ledger text is data ---------------------------------------------------------------------

def test_hostile_text_is_stored_as_text_and_printed_literally(runner, make_set):
    folder = make_set({"2025.toml": GRANTED})
    name = '[bold]Fet[/bold] \x1b[31mröd "citat" ::error::x'
    r = run(runner, "allocate", 2025, "b", "100000", "--name", name, "--ledgers", folder)
    assert r.exit_code == 0, r.output
    assert tomllib.loads((folder / "2025.toml").read_text())["allocation"][1]["name"] == name
    assert "[bold]Fet[/bold]" in out(r) and "\x1b" not in out(r) and "\\x1b[31m" in out(r)


# --- asking in a terminal --------------------------------------------------------------------

@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr("sociofund.cli.edit._interactive", lambda: True)


def test_allocate_asks_for_each_value_shows_the_remainder_and_confirms(runner, make_set, terminal):
    folder = make_set({"2025.toml": GRANTED})
    answers = "\n".join([
        "",                 # year: the default, the last open year (2025)
        "Ny Insats",        # not a valid id: asked again
        "ny-insats",
        "Ny insats för unga",
        "Fritidsgården",    # unit
        "12,50 kr",         # not whole kronor: asked again
        "",                 # amount: the default, what is still unallocated
        "",                 # ref: none
        "",                 # fte: none
        "kanske",           # neither yes nor no: asked again
        "j",
    ]) + "\n"
    r = run(runner, "allocate", "--ledgers", folder, input=answers)
    assert r.exit_code == 0, r.output
    assert "slk 2025: tillgängligt 1 000 000 kr, fördelat 900 000 kr, ofördelat 100 000 kr" in out(r)
    assert "  a: Insats A — 900 000 kr" in out(r)
    assert "Id: små bokstäver, siffror och -" in out(r)
    assert "'12,50 kr' är inte hela kronor" in out(r)
    assert "Lägga till ny-insats (Ny insats för unga) med 100 000 kr i 2025? [J/n]" in out(r)
    assert "Svara j (ja) eller n (nej)" in out(r)
    added = tomllib.loads((folder / "2025.toml").read_text())["allocation"][1]
    assert added == {"id": "ny-insats", "name": "Ny insats för unga", "unit": "Fritidsgården", "amount": 100_000}
    assert out(r).rstrip().endswith("slk 2025: allt är fördelat.")


def test_allocate_asks_to_change_an_existing_allocation(runner, make_set, terminal):
    folder = make_set({"2025.toml": GRANTED})
    r = run(runner, "allocate", 2025, "--ledgers", folder, input="a\n950 tkr\n\n\ny\n")
    assert r.exit_code == 0, r.output
    assert "Ändra a i 2025 från 900 000 kr till 950 000 kr?" in out(r)
    assert tomllib.loads((folder / "2025.toml").read_text())["allocation"][0]["amount"] == 950_000


def test_allocate_asks_for_the_fund_when_the_year_has_several(runner, make_set, terminal):
    folder = make_set({"2025.toml": GRANTED + '\n[[grant]]\nfund = "egna"\namount = 300_000\n'})
    r = run(runner, "allocate", "--ledgers", folder, input="\nny\negna\nEgen insats\n\n\n\n\ny\n")
    assert r.exit_code == 0, r.output
    assert "egna 2025: tillgängligt 300 000 kr, fördelat 0 kr, ofördelat 300 000 kr" in out(r)
    added = tomllib.loads((folder / "2025.toml").read_text())["allocation"][1]
    assert added == {"id": "ny", "fund": "egna", "name": "Egen insats", "amount": 300_000}


def test_allocate_asks_for_the_decision_and_the_fte(runner, make_set, terminal):
    folder = make_set({"2025.toml": GRANTED})
    r = run(runner, "allocate", 2025, "--ledgers", folder, input="ny\nNy\n\n\nKS §12/2025\nnoll\n0,5\nj\n")
    assert r.exit_code == 0, r.output
    assert "Beslut, t.ex. KS §12/2022 (lämna tomt om inget)" in out(r)
    assert "Årsarbetskrafter: ett tal större än 0" in out(r)  # "noll" asked again
    added = tomllib.loads((folder / "2025.toml").read_text())["allocation"][1]
    assert (added["ref"], added["fte"]) == ("KS §12/2025", 0.5)


@pytest.mark.parametrize("given", [True, False], ids=["year-given", "year-asked"])
def test_allocate_refuses_a_closed_year_before_asking_anything_about_it(runner, make_set, terminal, given):
    folder = make_set({"2025.toml": GRANTED.replace("closed = false", "closed = true")})
    args = ["allocate", 2025] if given else ["allocate"]
    r = run(runner, *args, "--ledgers", folder, input="\n" if not given else "")
    assert r.exit_code == 2
    assert "2025 är stängt (bokslut)" in r.stderr
    assert "Id (" not in out(r) and "tillgängligt" not in out(r)


def test_declining_writes_nothing(runner, make_set, terminal):
    folder = make_set({"2025.toml": GRANTED})
    before = digests(folder)
    r = run(runner, "allocate", "--ledgers", folder, input="\nb\nB\n\n1000\n\n\nnej\n")
    assert r.exit_code == 0
    assert out(r).rstrip().endswith("Inget skrevs.")
    assert digests(folder) == before


def test_a_new_allocation_in_a_fully_allocated_year_needs_an_amount_typed(runner, make_set, terminal):
    folder = make_set({"2025.toml": GRANTED.replace("900_000", "1_000_000")})
    r = run(runner, "allocate", 2025, "--ledgers", folder, input="ny\nNy\n\n\n5 000\n\n\nj\n")
    assert r.exit_code == 1  # over-allocated: refused, but only after an amount was typed, not 0 kr
    assert "Belopp:" in out(r) and "Belopp [0 kr]" not in out(r)
    assert "B001" in out(r)


def test_end_of_input_at_a_question_writes_nothing_and_exits_2(runner, make_set, terminal):
    folder = make_set({"2025.toml": GRANTED})
    before = digests(folder)
    r = run(runner, "allocate", "--ledgers", folder, input="\nb\n")  # input ends (Ctrl-D) at the name
    assert r.exit_code == 2
    assert "Inget skrevs." in r.stderr
    assert digests(folder) == before


def test_without_a_terminal_allocate_needs_its_arguments(runner, make_set):
    folder = make_set({"2025.toml": GRANTED})
    r = run(runner, "allocate", "--ledgers", folder)
    assert r.exit_code == 2
    assert "frågor ställs bara i en terminal" in r.stderr


# --- grant ------------------------------------------------------------------------------------

def test_grant_starts_a_year_and_moves_its_status_one_command_at_a_time(runner, make_set):
    folder = make_set({"sociofund.toml": CONFIG})
    L = ("--ledgers", folder)
    r = run(runner, "grant", 2026, "slk", "1,75 mnkr", "--status", "expected", *L)
    assert r.exit_code == 0, r.output
    assert "Nytt år 2026: set/2026.toml." in out(r)
    assert 'Tilldelning för slk 2026: 1 750 000 kr, status = "expected".' in out(r)
    assert out(r).rstrip().endswith("slk 2026: 1 750 000 kr ofördelat.")
    text = (folder / "2026.toml").read_text()
    # funder and programme come from the register of funds in sociofund.toml
    assert tomllib.loads(text)["grant"] == [{"fund": "slk", "funder": "Tillväxtverket", "program": "Stärka landsbygdskommuner",
                                             "amount": 1_750_000, "status": "expected"}]
    assert "amount = 1_750_000\n" in text
    assert run(runner, "check", folder).exit_code == 0  # undecided: a warning

    r = run(runner, "grant", 2026, "slk", "--status", "granted", "--ref", "Tillväxtverket Dnr 2026-77", *L)
    assert r.exit_code == 0, r.output
    assert 'Tilldelningen för slk 2026 ändrades: 1 750 000 kr, status = "granted".' in out(r)
    after = (folder / "2026.toml").read_text()
    assert after == text.replace('status = "expected"\n', 'status = "granted"\nref = "Tillväxtverket Dnr 2026-77"\n')
    # decided now: the unallocated money is an error, and check says so
    assert run(runner, "check", folder).exit_code == 1
    r = run(runner, "grant", 2026, "slk", "--status", "granted", *L)
    assert "har redan de värdena; inget ändrades" in out(r)
    r = run(runner, "grant", 2026, "slk", "1 800 000", *L)
    assert "Beloppet ändras från 1 750 000 kr till 1 800 000 kr." in out(r)


@pytest.mark.parametrize("args, message", [
    ((2026, "slk"), "slk har ingen tilldelning i 2026: ange ett belopp (sociofund grant 2026 slk BELOPP)"),
    ((2025, "slk", "--status", "beviljad"), "'beviljad' är ingen status för en tilldelning"),
    ((1800, "slk", "5"), "1800 är inget år liggaren kan ha"),
])
def test_grant_that_cannot_be_made_is_a_usage_error(runner, make_set, args, message):
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": YEAR_2025})
    before = digests(folder)
    r = run(runner, "grant", *args, "--ledgers", folder)
    assert r.exit_code == 2 and message in r.stderr, r.output
    assert digests(folder) == before


def test_a_closed_years_grant_keeps_its_amount_but_may_be_marked_paid(runner, make_set):
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": CLOSED_2025})
    r = run(runner, "grant", 2025, "slk", "999 000", "--ledgers", folder)
    assert r.exit_code == 2 and "2025 är stängt" in r.stderr
    r = run(runner, "grant", 2025, "slk", "--status", "paid", "--ledgers", folder)
    assert r.exit_code == 0, r.output
    assert 'status = "paid"' in (folder / "2025.toml").read_text()


def test_close_refuses_a_year_whose_grant_is_not_decided(runner, make_set):
    year = YEAR_2025.replace('"granted"', '"expected"') + '\n[[allocation]]\nid = "a"\namount = 1_000_000\nspent = 1_000_000\n'
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": year})
    before = digests(folder)
    r = run(runner, "close", 2025, "--ledgers", folder)
    assert r.exit_code == 2
    assert "2025 stängs inte: tilldelningen är ännu inte beviljad (slk (expected))" in r.stderr
    assert "--accept-undecided" in r.stderr
    assert digests(folder) == before
    r = run(runner, "close", 2025, "--accept-undecided", "--ledgers", folder)
    assert r.exit_code == 0, r.output
    assert "Obs: 2025 stängdes fast tilldelningen ännu inte är beviljad (slk (expected)) (--accept-undecided)." in out(r)
    assert tomllib.loads((folder / "2025.toml").read_text())["closed"] is True


# --- carryover says what it will do -------------------------------------------------------------

def test_a_dry_run_that_would_be_refused_shows_the_change_then_the_findings(runner, make_set):
    """Ragunda's case: 140 000 kr planned into 2026; --amount 10000 meant as "add 10 000" replaces
    it, and 2026 has already spent more than that: the change, then why it is refused."""
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": YEAR_2025, "2026.toml": """\
year = 2026

[[carryover]]
fund = "slk"
from_year = 2025
amount = 140_000
approved_by = "Tillväxtverket"

[[allocation]]
id = "a"
amount = 140_000
spent = 100_000
"""})
    before = digests(folder)
    for extra in (("--dry-run",), ()):
        r = run(runner, "carryover", 2025, 2026, "--amount", "10000", "--approved-by", "Tillväxtverket",
                "--ledgers", folder, *extra)
        assert r.exit_code == 1
        text = out(r)
        changes = text.index("ändrar överflyttningen från 140 000 kr till 10 000 kr")
        assert "--amount ersätter den (läggs inte till)" in text
        refused = text.index("S001 fel")
        assert changes < refused
        if extra:
            assert changes < text.index("+amount = 10_000") < refused
            assert "(--dry-run: inget skrevs)" in text
        assert "ändringen skrevs inte" in r.stderr
    assert digests(folder) == before


def test_repay_options_need_repay_rest_and_a_date(runner, make_set):
    folder = make_set({"sociofund.toml": CONFIG, "2025.toml": CLOSED_2025})
    r = run(runner, "carryover", 2025, 2026, "--repay-ref", "F 1", "--ledgers", folder)
    assert r.exit_code == 2 and "ange dem med --repay-rest" in r.stderr
    r = run(runner, "carryover", 2025, 2026, "--repay-rest", "--repay-due", "31/3", "--ledgers", folder)
    assert r.exit_code == 2 and "'31/3' är inget datum" in r.stderr


# --- init ------------------------------------------------------------------------------------

def test_init_writes_a_ledger_that_checks_and_never_overwrites(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run(runner, "init", "liggare", "--organisation", 'Ragunda "kommun"', "--year", 2025)
    assert r.exit_code == 0, r.output
    root = tmp_path / "liggare"
    assert sorted(digests(root)) == [".github/workflows/sociofund.yml", ".gitignore", ".pre-commit-config.yaml",
                                     ".sociofund/sociofund.schema.json", ".sociofund/year.schema.json", ".taplo.toml",
                                     "ledgers/2025.toml", "ledgers/sociofund.toml"]
    assert tomllib.loads((root / "ledgers/sociofund.toml").read_text())["organisation"] == 'Ragunda "kommun"'
    assert "sociofund check ledgers/" in (root / ".pre-commit-config.yaml").read_text()
    assert "sociofund check ledgers/ --format github" in (root / ".github/workflows/sociofund.yml").read_text()
    assert run(runner, "check", root / "ledgers").exit_code == 0

    before = digests(root)
    r = run(runner, "init", "liggare", "--year", 2025)
    assert r.exit_code == 2 and "liggare/ledgers är redan en liggare" in r.stderr
    assert digests(root) == before
    shutil.rmtree(root / "ledgers")  # no set there now: the other files are still not overwritten
    r = run(runner, "init", "liggare", "--year", 2025)
    assert r.exit_code == 2 and "finns redan, inget skrevs" in r.stderr


def test_init_adds_the_lock_to_an_existing_gitignore_once(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".gitignore").write_text("*.pyc")  # a repository that already has one, no final newline
    r = run(runner, "init", ".", "--year", 2025, "--lang", "en")
    assert r.exit_code == 0, r.output
    assert (tmp_path / ".gitignore").read_text() == "*.pyc\n.*.toml.*.tmp\n"
    assert tomllib.loads((tmp_path / "ledgers/sociofund.toml").read_text())["lang"] == "en"
    shutil.rmtree(tmp_path / "ledgers")
    (tmp_path / ".pre-commit-config.yaml").unlink()
    (tmp_path / ".github/workflows/sociofund.yml").unlink()
    assert run(runner, "init", ".", "--year", 2025).exit_code == 0
    assert (tmp_path / ".gitignore").read_text() == "*.pyc\n.*.toml.*.tmp\n"  # not twice


def test_init_keeps_a_crlf_gitignore_crlf(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".gitignore").write_bytes(b"x\r\ny\r\n")
    r = run(runner, "init", ".", "--year", 2025)
    assert r.exit_code == 0, r.output
    assert (tmp_path / ".gitignore").read_bytes() == b"x\r\ny\r\n.*.toml.*.tmp\r\n"


def test_init_that_cannot_extend_the_gitignore_writes_nothing(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".gitignore").write_text("x\n")
    (tmp_path / ".gitignore").chmod(0o444)
    r = run(runner, "init", ".", "--year", 2025)
    assert r.exit_code == 2
    assert ".gitignore: kan inte skrivas" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore"]


@pytest.mark.parametrize("year", ["1066", "20255"])
def test_init_refuses_a_year_the_format_cannot_hold(runner, tmp_path, monkeypatch, year):
    monkeypatch.chdir(tmp_path)
    r = run(runner, "init", "liggare", "--year", year)
    assert r.exit_code == 2
    assert f"{year} är inget år liggaren kan ha (1900–2200)" in r.stderr
    assert not (tmp_path / "liggare").exists()


def test_the_project_ships_a_pre_commit_hook():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    for line in ("- id: sociofund-check", "entry: sociofund check", "language: python", "pass_filenames: false"):
        assert line in text
