"""``diff``'s pipeline: two states of the ledger folder -> the budget difference.

Which states: none given, the working tree against ``HEAD``; one, that revision against the
working tree; two, the first against the second; ``base`` instead of the first, the merge-base
of that revision and the second (``HEAD`` by default): what a pull request changes.

Each state's ledger sets are found among its paths; a set whose files have the same blob ids on
both sides is not read at all (its figures and findings are the same); every other set is read
through one ``git cat-file --batch`` per state and loaded through the same core as ``check``.

Must not import: typer, rich.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from sociofund.core import gitrev
from sociofund.core.budgetdiff import BudgetDiff, Revision, SetChange, Side, diff_set
from sociofund.core.diagnostics import Finding, SociofundError
from sociofund.core.layout import CONFIG_FILE, year_of
from sociofund.core.loader import _locate, fan_out, load_files
from sociofund.core.rules import RULES, Rule


def states(repo: gitrev.Repo, a: str | None, b: str | None, base: str | None) -> tuple[Revision, Revision]:
    """The two states the arguments name (see the module's docstring)."""
    if base is not None:
        if b is not None:
            raise SociofundError("diff-base-and-revs")
        # with --base, a single revision is the one under review (default: HEAD, the branch)
        head = a or "HEAD"
        return Revision(base, repo.merge_base(base, head), base_of=base), Revision(head, repo.resolve(head))
    before = a or "HEAD"
    first = Revision(before, repo.resolve(before))
    second = Revision(b, repo.resolve(b)) if b is not None else Revision(None, None)
    return first, second


def _tree(repo: gitrev.Repo, state: Revision) -> gitrev.Tree:
    return repo.worktree() if state.commit is None else repo.tree(state.commit, state.rev)


def diff(repo: gitrev.Repo, a: str | None = None, b: str | None = None, *, base: str | None = None,
         rules: Iterable[Rule] = RULES) -> BudgetDiff:
    rules = tuple(rules)
    first, second = states(repo, a, b, base)
    ta, tb = _tree(repo, first), _tree(repo, second)
    sa, sb = sets_of(ta.files, repo.prefix), sets_of(tb.files, repo.prefix)
    if not sa and not sb:
        raise SociofundError("no-ledgers", path=repo.prefix or ".")
    changed: list[str] = []
    unchanged = 0
    for folder in sorted(sa.keys() | sb.keys()):
        ids_a = {n: ta.files[p].oid for n, p in sa.get(folder, {}).items()}
        ids_b = {n: tb.files[p].oid for n, p in sb.get(folder, {}).items()}
        if ids_a == ids_b:
            unchanged += 1
        else:
            changed.append(folder)
    repo.read(ta, [p for f in changed for p in sa.get(f, {}).values()])
    repo.read(tb, [p for f in changed for p in sb.get(f, {}).values()])
    jobs = [(folder,
             {n: ta.files[p].data for n, p in sa[folder].items()} if folder in sa else None,
             {n: tb.files[p].data for n, p in sb[folder].items()} if folder in sb else None)
            for folder in changed]
    return BudgetDiff(first, second, _run(jobs, rules), unchanged)


def _one(job: tuple[str, dict | None, dict | None], rules: tuple[Rule, ...]) -> SetChange:
    folder, files_a, files_b = job
    memo: dict = {}  # a file the same on both sides is read and validated once
    side_a, _ = _side(folder, files_a, rules, memo)
    side_b, sources = _side(folder, files_b, rules, memo)

    def locate(findings: list[Finding]) -> list[Finding]:
        return _locate(findings, sources)

    return diff_set(folder, side_a, side_b, locate)


def _side(folder: str, files: dict | None, rules: tuple[Rule, ...], memo: dict) -> tuple[Side | None, dict]:
    """One state of a set, loaded, and its sources (to place the findings of change rules)."""
    if files is None:
        return None, {}
    loaded = load_files(folder, files, rules, memo=memo)
    shown = {n: f"{folder}/{n}" if folder else n for n in files}
    return Side(loaded.ledger_set, loaded.findings, shown), loaded.sources


def _run(jobs: list, rules: tuple[Rule, ...]) -> list[SetChange]:
    return list(fan_out(partial(_one, rules=rules), jobs))


def sets_of(paths: Iterable[str], prefix: str) -> dict[str, dict[str, str]]:
    """The ledger sets among ``paths`` (repository-relative) under the ledger folder ``prefix``,
    found as ``loader.discover`` finds them on disk: set folder -> {file name: path}. The folder
    itself is a set when it directly holds a year file or ``sociofund.toml``; otherwise each
    subfolder that does is one (a root of organisations)."""
    direct: dict[str, str] = {}
    subs: dict[str, dict[str, str]] = {}
    cut = len(prefix) + 1 if prefix else 0
    for path in paths:
        parts = path[cut:].split("/")
        if len(parts) == 1:
            direct[parts[0]] = path
        elif len(parts) == 2:
            subs.setdefault(f"{prefix}/{parts[0]}" if prefix else parts[0], {})[parts[1]] = path
    if any(_ledger_file(n) for n in direct):
        return {prefix: direct}
    return {folder: names for folder, names in sorted(subs.items()) if any(_ledger_file(n) for n in names)}


def _ledger_file(name: str) -> bool:
    return name == CONFIG_FILE or year_of(name) is not None
