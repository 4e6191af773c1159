"""``diff`` in the core: real git repositories built in a temporary folder, read through git.

Each test commits ledger states with the ``git`` command line, then asks the core for the budget
difference between them: the figures, the interventions, the findings a change adds, the rules
about changes (located in B), and the usage errors a repository can cause.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from gitrepo import DIFF_FIXTURES as FIXTURES
from gitrepo import Repo, needs_git
from sociofund.core import SociofundError, gitrev, revdiff
from sociofund.core.budgetdiff import ADDED, CHANGED, REMOVED

pytestmark = needs_git


@pytest.fixture
def repo(tmp_path) -> Repo:
    return Repo(tmp_path / "repo")


YEAR_2022 = """
    year = 2022
    closed = {closed}

    [[grant]]
    fund = "slk"
    amount = 100_000

    [[allocation]]
    id = "a"
    amount = 60_000
    spent = {spent_a}
    ref = "KS §1/2022"

    [[allocation]]
    id = "b"
    amount = 40_000
    spent = 40_000
    ref = "KS §1/2022"
    """

YEAR_2023 = """
    year = 2023

    [[grant]]
    fund = "slk"
    amount = 50_000

    [[carryover]]
    fund = "slk"
    from_year = 2022
    amount = {carried}
    approved_by = "Tillväxtverket"

    [[allocation]]
    id = "c"
    amount = {alloc_c}
    """


def two_years(spent_a: int = 55_000, carried: int = 5_000, closed: str = "true") -> dict[str, str]:
    return {"ledgers/org/2022.toml": YEAR_2022.format(closed=closed, spent_a=spent_a),
            "ledgers/org/2023.toml": YEAR_2023.format(carried=carried, alloc_c=50_000 + carried)}


# --- Ragunda: the plan and its revision ------------------------------------------------------


def test_ragunda_plan_to_revision_shows_the_vanished_money(repo):
    repo.copy(FIXTURES / "ragunda-plan", "ledgers/ragunda")
    repo.commit("KS §220/2020: plan 2021-2022")
    repo.copy(FIXTURES / "ragunda-revision", "ledgers/ragunda")
    repo.commit("Dnr 2021:1144: revision")

    d = repo.diff("HEAD~1", "HEAD")
    (s,) = d.sets
    assert (s.path, s.name, s.status) == ("ledgers/ragunda", "Ragunda kommun", CHANGED)
    assert (s.allocated.before, s.allocated.after, s.allocated.difference) == (4_310_000, 3_758_680, -551_320)
    assert s.available.difference == -551_320
    by_id = {i.id: i for i in s.interventions}
    assert (by_id["systemteori"].status, by_id["systemteori"].total.difference) == (REMOVED, -175_680)
    assert (by_id["ovrigt-buf"].status, by_id["ovrigt-buf"].total.difference) == (REMOVED, -496_320)
    assert (by_id["handledning-aos"].status, by_id["handledning-aos"].total.difference) == (CHANGED, -30_000)
    assert (by_id["handledning-ami"].status, by_id["handledning-ami"].total.difference) == (CHANGED, 60_000)
    assert {i for i, c in by_id.items() if c.status == ADDED} == {"ej-specificerat", "ofordelat"}
    assert "trampolin-ifo" not in by_id  # the same 913 000 kr in both: not a change
    fy2021 = next(fy for fy in s.fund_years if fy.year == 2021)
    assert fy2021.file == "ledgers/ragunda/2021.toml"
    assert (fy2021.figures["granted"].before, fy2021.figures["granted"].after) == (1_805_000, 1_750_000)
    assert fy2021.figures["carried_in"].difference == -441_320
    assert not fy2021.figures["carried_out"].changed  # 140 000 kr into 2022 in both
    assert s.findings_added == [] and s.findings_removed == []


# --- which states ----------------------------------------------------------------------------


def test_default_is_the_working_tree_against_head(repo):
    repo.write(two_years())
    repo.commit()
    repo.write({"ledgers/org/2023.toml": YEAR_2023.format(carried=5_000, alloc_c=60_000)})
    (s,) = repo.diff().sets
    fy = s.fund_years[0]
    assert (fy.year, fy.figures["allocated"].before, fy.figures["allocated"].after) == (2023, 55_000, 60_000)
    # over-allocated by 5 000 kr, and an amount changed with no ref behind it: both added by the change
    assert [f.code for f in s.findings_added] == ["B001", "H002"]


def test_an_untracked_set_in_the_working_tree_is_added_whole(repo):
    repo.write(two_years())
    repo.commit()
    repo.write({"ledgers/new/2023.toml": YEAR_2023.format(carried=0, alloc_c=50_000).replace(
        "[[carryover]]", "[[carryover]]\n").split("[[carryover]]")[0] + '[[allocation]]\nid = "c"\namount = 50_000\n'})
    d = repo.diff()
    (s,) = d.sets
    assert (s.path, s.status, d.unchanged) == ("ledgers/new", ADDED, 1)
    assert [(fy.status, fy.figures["granted"].after) for fy in s.fund_years] == [(ADDED, 50_000)]
    assert [(i.id, i.status, i.total.after) for i in s.interventions] == [("c", ADDED, 50_000)]


def test_a_removed_set_is_shown_whole_and_a_renamed_one_is_not_guessed(repo):
    repo.write(two_years())
    repo.commit()
    repo.git("mv", "ledgers/org", "ledgers/org2")
    repo.commit()
    d = repo.diff("HEAD~1", "HEAD")
    assert [(s.path, s.status) for s in d.sets] == [("ledgers/org", REMOVED), ("ledgers/org2", ADDED)]
    removed = d.sets[0]
    assert {(fy.year, fy.status) for fy in removed.fund_years} == {(2022, REMOVED), (2023, REMOVED)}
    assert removed.allocated == type(removed.allocated)(150_000, None)


def test_base_is_where_the_branch_left_main(repo):
    repo.write(two_years(closed="false"))
    repo.commit()
    repo.git("checkout", "-q", "-b", "feature")
    repo.write({"ledgers/org/2023.toml": YEAR_2023.format(carried=5_000, alloc_c=55_000).replace("50_000", "70_000", 1)})
    repo.commit("feature: more grant")
    repo.git("checkout", "-q", "main")
    repo.write({"ledgers/other/2022.toml": "year = 2022\n"})  # main moves on: not part of the branch
    repo.commit("main moves on")
    repo.git("checkout", "-q", "feature")
    d = repo.diff(base="main")
    assert [s.path for s in d.sets] == ["ledgers/org"]
    fy = d.sets[0].fund_years[0]
    assert (fy.year, fy.figures["granted"].difference) == (2023, 20_000)


def test_unchanged_sets_are_not_read(repo, monkeypatch):
    repo.write(two_years())
    repo.write({"ledgers/other/2022.toml": "year = 2022\n"})
    repo.commit()
    repo.write({"ledgers/other/2022.toml": "year = 2022\n# a comment\n"})
    repo.commit()
    loaded = []
    real = revdiff.load_files
    monkeypatch.setattr(revdiff, "load_files", lambda folder, files, rules, **kw: loaded.append(folder) or real(folder, files, rules, **kw))
    d = repo.diff("HEAD~1", "HEAD")
    assert loaded == ["ledgers/other", "ledgers/other"] and d.unchanged == 1
    assert d.sets[0].fund_years == [] and d.sets[0].interventions == []  # a comment is no budget change


# --- honest edges ----------------------------------------------------------------------------


def test_a_file_that_does_not_parse_is_reported_and_the_rest_still_diffs(repo):
    repo.write(two_years())
    repo.commit()
    files = two_years()
    files["ledgers/org/2022.toml"] = "year = 2022\n[[grant]\n"
    files["ledgers/org/2023.toml"] = YEAR_2023.format(carried=5_000, alloc_c=55_000).replace("50_000", "60_000", 1)
    repo.write(files)
    repo.commit()
    (s,) = repo.diff("HEAD~1", "HEAD").sets
    assert s.unread_after == ["ledgers/org/2022.toml"] and s.unread_before == []
    f001 = [f for f in s.findings_added if f.code == "F001"]
    assert [(f.file, f.line) for f in f001] == [("ledgers/org/2022.toml", 2)]
    fy2023 = next(fy for fy in s.fund_years if fy.year == 2023)
    assert fy2023.figures["granted"].difference == 10_000
    assert not any(f.code.startswith("H") for f in s.findings_added)  # unknown figures are not changed ones


def test_not_a_git_repository_is_a_usage_error(tmp_path):
    (tmp_path / "ledgers").mkdir()
    with pytest.raises(SociofundError) as exc:
        gitrev.open_repo(Path("ledgers"), cwd=tmp_path)
    assert exc.value.code == "git-not-repo"


def test_git_not_installed_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(SociofundError) as exc:
        gitrev.open_repo(Path("."), cwd=tmp_path)
    assert exc.value.code == "git-missing"


def test_an_unknown_revision_is_a_usage_error(repo):
    repo.write(two_years())
    repo.commit()
    for rev in ("nosuchbranch", "--output=/tmp/x"):
        with pytest.raises(SociofundError) as exc:
            repo.diff(rev, "HEAD")
        assert (exc.value.code, exc.value.args_["rev"]) == ("git-unknown-rev", rev)


def test_a_shallow_clone_without_the_base_says_what_to_fetch(repo, tmp_path):
    repo.write(two_years())
    repo.commit()
    repo.git("checkout", "-q", "-b", "feature")
    repo.write({"ledgers/org/2023.toml": YEAR_2023.format(carried=5_000, alloc_c=55_000)})
    repo.commit()
    repo.commit()
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{repo.path}", str(clone)],
                   check=True, capture_output=True)
    shallow = gitrev.open_repo(Path("ledgers"), cwd=clone)
    assert shallow.shallow
    for args in ({"a": "HEAD~2"}, {"base": "origin/main"}):
        with pytest.raises(SociofundError) as exc:
            revdiff.diff(shallow, args.get("a"), "HEAD" if "a" in args else None, base=args.get("base"))
        assert exc.value.code == "git-shallow"


def test_a_ledger_folder_outside_the_repository_is_a_usage_error(repo, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(SociofundError) as exc:
        gitrev.open_repo(tmp_path / "elsewhere", cwd=repo.path)
    assert exc.value.code in ("git-outside", "git-not-repo")


def test_no_ledgers_in_either_state_is_a_usage_error(repo):
    repo.write({"README.md": "x"})
    repo.commit()
    with pytest.raises(SociofundError) as exc:
        repo.diff()
    assert exc.value.code == "no-ledgers"


def test_worktree_blob_ids_are_gits(repo):
    repo.write({"ledgers/org/2022.toml": "year = 2022\n"})
    repo.commit()
    assert gitrev.blob_id(b"year = 2022\n") == repo.git("rev-parse", "HEAD:ledgers/org/2022.toml").strip()


def test_a_committed_symlink_reads_its_target_in_the_same_tree(repo):
    if os.name != "posix":
        pytest.skip("symlinks")
    repo.write(two_years())
    repo.write({"shared/2024.toml": "year = 2024\n"})
    os.symlink("../../shared/2024.toml", repo.path / "ledgers/org/2024.toml")
    repo.commit()
    repo.write({"shared/2024.toml": 'year = 2024\n[[grant]]\nfund = "slk"\namount = 1\n[[allocation]]\nid = "x"\namount = 1\n'})
    repo.commit()
    (s,) = repo.diff("HEAD~1", "HEAD", ledgers="ledgers/org").sets
    assert [(fy.year, fy.figures["granted"].after) for fy in s.fund_years] == [(2024, 1)]


# --- rules about changes -------------------------------------------------------------------


def test_h001_a_closed_years_spent_changed_is_an_error_at_that_line(repo):
    repo.write(two_years(spent_a=55_000))
    repo.commit()
    repo.write({"ledgers/org/2022.toml": YEAR_2022.format(closed="true", spent_a=50_000)})
    repo.commit()
    (s,) = repo.diff("HEAD~1", "HEAD").sets
    h = [f for f in s.findings_added if f.code == "H001"]
    assert [(f.severity.value, f.file, f.line, f.args["entry"], f.args["before"], f.args["after"]) for f in h] == [
        ("error", "ledgers/org/2022.toml", 11, "a", 55_000, 50_000)]
    assert (repo.path / "ledgers/org/2022.toml").read_text().splitlines()[10] == "spent = 50000"


def test_h001_is_not_raised_for_an_open_year(repo):
    repo.write(two_years(closed="false"))
    repo.commit()
    repo.write({"ledgers/org/2022.toml": YEAR_2022.format(closed="false", spent_a=50_000)})
    (s,) = repo.diff().sets
    assert not [f for f in s.findings_added if f.code.startswith("H")]


def test_h002_an_amount_changed_on_the_same_ref_is_a_warning_at_the_amount(repo):
    repo.write(two_years(closed="false"))
    repo.commit()
    changed = YEAR_2022.format(closed="false", spent_a=55_000).replace("amount = 60_000", "amount = 70_000").replace(
        "amount = 40_000", "amount = 30_000")
    repo.write({"ledgers/org/2022.toml": changed})
    (s,) = repo.diff().sets
    h = [(f.code, f.severity.value, f.line, f.args["id"]) for f in s.findings_added if f.code == "H002"]
    assert h == [("H002", "warning", 10, "a"), ("H002", "warning", 16, "b")]
    # with a new decision behind it, the same change is not flagged
    repo.write({"ledgers/org/2022.toml": changed.replace("KS §1/2022", "KS §9/2022")})
    (s,) = repo.diff().sets
    assert not [f for f in s.findings_added if f.code == "H002"]


def test_h003_a_closed_years_carryover_changed_is_an_error_in_the_next_years_file(repo):
    repo.write(two_years(carried=5_000))
    repo.commit()
    repo.write({"ledgers/org/2023.toml": YEAR_2023.format(carried=4_000, alloc_c=54_000)})
    (s,) = repo.diff().sets
    h = [(f.code, f.file, f.line, f.args["before"], f.args["after"]) for f in s.findings_added if f.code == "H003"]
    assert h == [("H003", "ledgers/org/2023.toml", 10, 5_000, 4_000)]


def test_h001_a_closed_years_file_deleted_is_an_error(repo):
    repo.write(two_years())
    repo.commit()
    (repo.path / "ledgers/org/2022.toml").unlink()
    (s,) = repo.diff().sets
    h = [(f.code, f.file, f.line, f.args["what"]) for f in s.findings_added if f.code == "H001"]
    assert h == [("H001", "ledgers/org/2022.toml", 1, "file")]


def test_h003_a_closed_years_repayment_changed_is_an_error_at_the_repayment(repo):
    files = two_years(carried=0)
    files["ledgers/org/2022.toml"] += '\n[[repayment]]\nfund = "slk"\namount = 5_000\n'
    repo.write(files)
    repo.commit()
    repo.write({"ledgers/org/2022.toml": files["ledgers/org/2022.toml"].replace("amount = 5_000", "amount = 4_000")})
    (s,) = repo.diff().sets
    h = [(f.code, f.line, f.args["what"], f.args["before"], f.args["after"]) for f in s.findings_added
         if f.code == "H003"]
    (line,) = [f.line for f in s.findings_added if f.code == "H003"]
    assert h == [("H003", line, "repayment", 5_000, 4_000)]
    assert (repo.path / "ledgers/org/2022.toml").read_text().splitlines()[line - 1].strip() == "amount = 4_000"


def test_reopening_a_closed_year_does_not_free_its_figures(repo):
    repo.write(two_years())
    repo.commit()
    repo.write({"ledgers/org/2022.toml": YEAR_2022.format(closed="false", spent_a=50_000)})
    (s,) = repo.diff().sets
    assert [f.args["what"] for f in s.findings_added if f.code == "H001"] == ["spent"]


DECISIONS = """
    [[decision]]
    id = "ks-12-2023"
    body = "KS"
    paragraph = "§12/2023"
    status = "{status}"
    years = [2023]
    """

REVISION = """
    [[decision]]
    id = "ks-40-2023"
    body = "KS"
    paragraph = "§40/2023"
    status = "proposed"
    years = [2023]
    supersedes = "ks-12-2023"
    """


def test_decisions_added_and_changed_are_listed(repo):
    files = two_years(closed="false")
    files["ledgers/org/decisions.toml"] = DECISIONS.format(status="proposed")
    repo.write(files)
    repo.commit()
    repo.write({"ledgers/org/decisions.toml": DECISIONS.format(status="adopted") + REVISION})
    (s,) = repo.diff().sets
    assert [(d.id, d.label, d.status, d.before, d.after, d.keys) for d in s.decisions] == [
        ("ks-12-2023", "KS §12/2023", CHANGED, "proposed", "adopted", ["status"]),
        ("ks-40-2023", "KS §40/2023", ADDED, None, "proposed", []),
    ]
    assert s.fund_years == [] and s.interventions == []  # no money moved


def test_a_folder_named_like_a_year_file_is_f002_as_check_says(repo):
    repo.write(two_years())
    repo.commit()
    (repo.path / "ledgers/org/2024.toml").mkdir()
    (s,) = repo.diff().sets
    assert [(f.code, f.file, f.line) for f in s.findings_added] == [("F002", "ledgers/org/2024.toml", 1)]
    assert s.unread_after == ["ledgers/org/2024.toml"]


def test_a_blob_larger_than_check_reads_is_f002(repo, monkeypatch):
    from sociofund.core import ledgerfile

    repo.write(two_years())
    repo.commit()
    repo.write({"ledgers/org/2024.toml": "year = 2024\n" + "# padding\n" * 200})
    repo.commit()
    monkeypatch.setattr(ledgerfile, "MAX_BYTES", 1000)
    (s,) = repo.diff("HEAD~1", "HEAD").sets
    assert [(f.code, f.file, f.args.get("kind")) for f in s.findings_added] == [("F002", "ledgers/org/2024.toml", "large")]
