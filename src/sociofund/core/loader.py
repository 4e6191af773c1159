"""Folders -> ledger sets + every finding, each placed at a file, line and column.

This is the one pipeline behind ``check``, ``report`` and every command that writes: read each
file (syntax findings), validate it against the model (format findings), run the rules over the
set (rule findings), then place every finding through the file's source map. Source maps are
built only for files that have findings, so a clean file is read and parsed once and nothing more.

A file that does not validate is left out of the rules (its figures are unknown, and guessing
would add false findings); its own findings say why.

A *root* is a folder whose subfolders are ledger sets (one per organisation). Sets are loaded and
checked one at a time; ``check`` keeps only their findings, never the sets, so memory stays that of
the largest organisation however many there are.

Must not import: typer, rich.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sociofund.core import fanout, ledgerfile
from sociofund.core.change import Loaded
from sociofund.core.diagnostics import Finding, Severity, SociofundError
from sociofund.core.layout import CONFIG_FILE, DECISIONS_FILE, year_of
from sociofund.core.ledger import LedgerSet
from sociofund.core.model import Config, YearFile
from sociofund.core.rules import RULES, Rule
from sociofund.core.rules import run as run_rules
from sociofund.core.validation import validate


@dataclass(slots=True)
class CheckResult:
    findings: list[Finding]
    files: int
    sets: int
    #: each set's ``lang`` setting, for choosing the language of the output
    langs: list[str] = field(default_factory=list)


def is_set(folder: Path) -> bool:
    try:
        return (os.path.lexists(folder / CONFIG_FILE) or os.path.lexists(folder / DECISIONS_FILE)
                or any(year_of(name) for name in os.listdir(folder)))
    except OSError:
        return False


def sub_sets(folder: Path) -> list[Path]:
    """The subfolders of ``folder`` that are ledger sets (hidden folders such as ``.git`` aside)."""
    try:
        # scandir: the entry's type comes with the listing (no stat per file; a set's folder is
        # asked this once per check, and it usually holds only files); a link to a folder counts
        with os.scandir(folder) as entries:
            dirs = [Path(e.path) for e in entries if not e.name.startswith(".") and e.is_dir()]
    except OSError:
        return []
    return sorted(d for d in dirs if is_set(d))


def mixed_folder(folder: Path, subs: list[Path] | None = None) -> Finding | None:
    """F008 when ``folder`` is a set that also holds set folders: read as one set, it would hide
    the others (``init`` run inside a root of sets leaves exactly that). Placed on the folder's
    first ledger file, line 1."""
    folder = Path(folder)
    subs = sub_sets(folder) if subs is None else subs
    if not subs:
        return None
    try:
        names = sorted(n for n in os.listdir(folder) if year_of(n) or n in (CONFIG_FILE, DECISIONS_FILE))
    except OSError:
        names = []
    if not names:
        return None
    return Finding("F008", Severity.ERROR, str(folder / names[0]),
                   {"folder": str(folder), "sets": ", ".join(f"{d.name}/" for d in subs),
                    "files": ", ".join(names)}, line=1, col=1)


def sets_around(root: Path) -> tuple[str, Path, list[Path]] | None:
    """What a new ledger repository at ``root`` (its set: ``root/ledgers``) would land in: a set,
    or a root of sets, as ``(kind, folder, sets)`` (kind ``set`` or ``root``), else None.

    Looked at: the new set's folder, ``root`` and its parents up to the top of the git work tree
    that holds it (no further: folders beyond a repository are not its business); outside git,
    ``root``, and whether its parent is a set."""
    root = Path(os.path.abspath(root))
    up = (root, *root.parents)
    top = next((p for p in up if os.path.lexists(p / ".git")), None)
    chain = [root / "ledgers", *(up[: up.index(top) + 1] if top is not None else up[:1])]
    for folder in chain:
        if not os.path.isdir(folder):  # (a name too long is not a folder here: init says why later)
            continue
        if is_set(folder):
            return "set", folder, []
        subs = sub_sets(folder)
        if subs:
            return "root", folder, subs
    if top is None and is_set(root.parent):  # outside git: at least never inside a set
        return "set", root.parent, []
    return None


def _stat(path: Path) -> os.stat_result:
    """``path``'s status, or the error a person can act on: no such path (exit 2), or why it
    cannot be read (a name too long, a loop of links, no permission: exit 2), never a crash."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise SociofundError("no-such-path", path=str(path)) from exc
    except OSError as exc:
        raise SociofundError("io-read", path=str(path), reason=exc.strerror or str(exc)) from exc
    except ValueError as exc:  # a NUL in the name
        raise SociofundError("no-such-path", path=str(path)) from exc


def discover(path: Path) -> list[Path]:
    """The ledger sets ``path`` names: itself (a set, or a file in one), or its subfolders (a root).
    A set that also holds set folders (F008) names them too: they are checked, not hidden."""
    if not stat.S_ISDIR(_stat(path).st_mode):
        return [path.parent]
    if is_set(path):
        return [path, *sub_sets(path)]
    try:
        subs = sorted(d for d in path.iterdir() if d.is_dir() and is_set(d))
    except OSError as exc:
        raise SociofundError("io-read", path=str(path), reason=exc.strerror or str(exc)) from exc
    if not subs:
        raise SociofundError("no-ledgers", path=str(path))
    return subs


def discover_all(paths: Iterable[Path]) -> list[Path]:
    seen: dict[Path, None] = {}
    for p in paths:
        for folder in discover(p):
            seen.setdefault(folder, None)
    return list(seen)


def load_set(
    folder: Path,
    rules: Iterable[Rule] = RULES,
    *,
    keep_sources: bool = False,
    overrides: dict[Path, str] | None = None,
    place: bool = True,
) -> Loaded:
    """Read, validate and check one ledger set; every finding placed.

    ``overrides`` maps file paths in the folder to text that stands in for what is on disk (or
    for a file not yet written): how a command checks the set *as it would be* after its change,
    before touching the disk. ``keep_sources`` keeps each file's text and digest for the writer.
    ``place=False`` leaves the findings that name a key unplaced (line 0) and unsorted: the writer
    compares two loads by code, file and key and places only the findings it prints (``place``).
    """
    overrides = {Path(p): t for p, t in (overrides or {}).items()}

    def read(p: Path) -> ledgerfile.SourceFile:
        if p in overrides:
            return ledgerfile.from_bytes(overrides[p].encode("utf-8"), str(p))
        return ledgerfile.read(p, str(p))

    try:
        # every entry named *.toml, whatever it is: a folder or a FIFO called 2022.toml is a
        # finding (F002), and a broken symlink an I/O error, not silently skipped
        names = {name for name in os.listdir(folder) if name.endswith(".toml")}
    except OSError as exc:
        raise SociofundError("io-read", path=str(folder), reason=exc.strerror or str(exc)) from exc
    names |= {p.name for p in overrides if p.parent == folder}
    present = [folder / name for name in sorted(names)]  # (names, not paths, sorted: the same order, cheaper)
    # F008 asks the disk (a set holding set folders), so it is the on-disk loader's, not a
    # revision's (``load_files``: its sets come from git's paths, revdiff.sets_of)
    mixed = mixed_folder(folder)
    loaded = _assemble(str(folder), [(p.name, str(p), lambda p=p: read(p)) for p in present], rules, place=place,
                       extra=[mixed] if mixed is not None else [])
    if not keep_sources:
        loaded.sources = {}
    return loaded


def load_files(folder: str, files: Mapping[str, bytes | Finding], rules: Iterable[Rule] = RULES, *,
               memo: dict[tuple[str, bytes], Any] | None = None) -> Loaded:
    """One ledger set from file contents held in memory (``{file name: bytes}``; a git revision's
    blobs; a finding stands for a file that could not be read), through the same reading, validation, rules and placing of findings as ``load_set``.
    Findings name the files ``folder/name``. The sources are kept (``diff`` places its own
    findings through them).

    ``memo`` (shared between two loads of one set) keeps each file as read and validated, keyed
    by its name and content: a file the same in both revisions is parsed and validated once. The
    models are frozen, so sharing them is safe."""
    def shown(name: str) -> str:
        return f"{folder}/{name}" if folder else name

    def read(name: str) -> ledgerfile.SourceFile:
        content = files[name]
        if isinstance(content, Finding):  # what the reader found instead of a file (F002)
            return ledgerfile.SourceFile(content.file, None, None, content)
        return ledgerfile.from_bytes(content, shown(name))

    entries = [(name, shown(name), lambda name=name: read(name)) for name in sorted(files)]
    return _assemble(folder, entries, rules, memo=memo, contents=files)


def _assemble(folder: str, entries: list[tuple[str, str, Callable[[], ledgerfile.SourceFile]]],
              rules: Iterable[Rule], *, place: bool = True, memo: dict[tuple[str, bytes], Any] | None = None,
              contents: Mapping[str, bytes | Finding] | None = None, extra: Iterable[Finding] = ()) -> Loaded:
    """The one pipeline behind ``load_set`` and ``load_files``: ``entries`` are the folder's files
    as (name, shown path, reader), sorted by name; only ``.toml`` files are read."""
    findings: list[Finding] = []
    sources: dict[str, ledgerfile.SourceFile] = {}
    files = 0

    def read_valid(name: str, read: Callable[[], ledgerfile.SourceFile], model) -> tuple[ledgerfile.SourceFile, Any]:
        key = (name, contents[name]) if memo is not None and contents is not None and isinstance(
            contents[name], bytes) else None
        hit = memo.get(key) if key is not None else None
        if hit is None:
            src = read()
            own: list[Finding] = []
            hit = (src, validate(src, model, own), own)
            if key is not None:
                memo[key] = hit
        findings.extend(hit[2])
        return hit[0], hit[1]

    config = Config()
    config_file = None
    for name, _shown, read in entries:
        if name == CONFIG_FILE:
            files += 1
            src, cfg = read_valid(name, read, Config)
            sources[src.path] = src
            config_file = src.path
            if cfg is not None:
                config = cfg

    ls = LedgerSet(path=folder, config=config, config_file=config_file)
    for name, _shown, read in entries:
        if name == DECISIONS_FILE:
            from sociofund.core.decisions import DecisionsFile

            files += 1
            src, decided = read_valid(name, read, DecisionsFile)
            sources[src.path] = src
            ls.decisions_file = src.path
            if decided is not None:
                ls.decisions = list(decided.decision)
    for name, shown, read in entries:
        if not name.endswith(".toml") or name in (CONFIG_FILE, DECISIONS_FILE):
            continue
        year_no = year_of(name)
        if year_no is None:
            findings.append(Finding("F007", Severity.WARNING, shown, {"name": name}, line=1, col=1))
            continue
        files += 1
        src, year = read_valid(name, read, YearFile)
        sources[src.path] = src
        if year is not None:
            ls.years[year_no] = year
            ls.files[year_no] = src.path
    ls.years = dict(sorted(ls.years.items()))
    findings.extend(extra)

    # (a fund-year's figures are not shared through the memo: what it carries out depends on
    # the set's other years, which may differ between the two revisions)
    findings.extend(run_rules(ls, rules))
    if place:
        findings = _locate(findings, sources)
        findings.sort(key=lambda f: f.sort_key)
    return Loaded(ls, findings, files, sources)


def iter_sets(paths: Iterable[Path], rules: Iterable[Rule] = RULES) -> Iterator[Loaded]:
    rules = tuple(rules)
    for folder in discover_all(paths):
        yield load_set(folder, rules)


Progress = Callable[[int, int], None]


def _check_one(folder: Path, rules: tuple[Rule, ...]) -> tuple[list[Finding], int, str]:
    loaded = load_set(folder, rules)
    return loaded.findings, loaded.files, loaded.ledger_set.config.lang


def _warm() -> None:
    """Build the validators of the models every set needs before forking: the models defer that
    to first use (a check of one set pays only for what it validates), and each worker process
    would otherwise build them again."""
    for model in (Config, YearFile):
        if not model.__pydantic_complete__:
            model.model_rebuild(force=True)


def fan_out(func: Callable, folders: list, workers: int | None = None) -> Iterator:
    """``func`` over ``folders`` (or any per-set jobs: ``diff``'s two states of each set) in
    order, a large root in one process per core (``workers`` overrides the choice; 1 forces one
    process). Each set goes through the same loading either way, so the results are the same."""
    n = workers if workers is not None else fanout.workers_for(len(folders))
    if n > 1:
        _warm()  # the workers start with the models and rules already imported and built
    return fanout.ordered_map(func, folders, n)


def check(paths: Iterable[Path], rules: Iterable[Rule] = RULES, *, progress: Progress | None = None,
          workers: int | None = None) -> CheckResult:
    """All findings of all sets under ``paths``, sorted by file and line; ``progress(done,
    total)`` is called after each set."""
    rules = tuple(rules)
    folders = discover_all(paths)
    result = CheckResult([], 0, 0)
    _collect(result, fan_out(partial(_check_one, rules=rules), folders, workers), len(folders), progress)
    result.findings.sort(key=lambda f: f.sort_key)
    return result


def _collect(result: CheckResult, outcomes: Iterable[tuple[list[Finding], int, str]], total: int,
             progress: Progress | None) -> None:
    for findings, files, lang in outcomes:
        result.findings.extend(findings)
        result.files += files
        result.sets += 1
        result.langs.append(lang)
        if progress is not None:
            progress(result.sets, total)


# --- the report over many sets ---------------------------------------------------------------


def settings(folder: Path) -> dict:
    """A set's ``sociofund.toml`` as plain data, read alone ({} when it is missing or broken): its
    organisation name and language, without loading the set."""
    cfg = folder / CONFIG_FILE
    if not cfg.is_file():
        return {}
    src = ledgerfile.read(cfg)
    return src.data if isinstance(src.data, dict) else {}


def any_has_year(folders: list[Path], years: Iterable[int]) -> bool:
    """Whether any of the sets has a year file for one of ``years``, by the files' names alone
    (the national report asks before it streams, so that a year no set has writes no file)."""
    wanted = set(years)
    for folder in folders:
        try:
            if any(year_of(name) in wanted for name in os.listdir(folder)):
                return True
        except OSError:
            return True  # not ours to judge here: loading the set says what is wrong
    return False


def pick_set(folders: list[Path], org: str) -> list[Path]:
    """The set of ``folders`` that ``org`` names (case-insensitive): by folder name first, which
    reads nothing; else by organisation name, which reads each set's ``sociofund.toml`` only."""
    want = org.casefold()
    by_folder = [f for f in folders if f.name.casefold() == want]
    if by_folder:
        return by_folder
    names = [(f, settings(f).get("organisation") or f.name) for f in folders]
    picked = [f for f, name in names if isinstance(name, str) and name.casefold() == want]
    if not picked:
        raise SociofundError("no-such-org", org=org, known=", ".join(str(n) for _, n in names))
    return picked


def _report_one(folder: Path, years: tuple[int, ...], detail: bool, rules: tuple[Rule, ...]):
    from sociofund.core.reports import org_report

    loaded = load_set(folder, rules)
    return org_report(loaded.ledger_set, loaded.findings, years, detail=detail)


def iter_reports(folders: list[Path], years: tuple[int, ...] = (), *, detail: bool = True,
                 rules: Iterable[Rule] = RULES, workers: int | None = None) -> Iterator:
    """Each set's part of a report (``reports.OrgReport``), in order, loaded the way ``check``
    loads. A worker is at most one set ahead of the reader, so a renderer that writes each as it
    comes holds about one set's rows, however many there are."""
    return fan_out(partial(_report_one, years=years, detail=detail, rules=tuple(rules)), folders, workers)


# --- placing findings -----------------------------------------------------------------------


def place(findings: list[Finding], sources: dict[str, ledgerfile.SourceFile]) -> list[Finding]:
    """Findings of a ``load_set(..., place=False)`` placed through ``sources`` and sorted."""
    return sorted(_locate(findings, sources), key=lambda f: f.sort_key)


def _locate(findings: list[Finding], sources: dict[str, ledgerfile.SourceFile]) -> list[Finding]:
    """Give every finding a line and column: through the source map of its file, built once per
    file and only for files that have something to place."""
    if all(f.line for f in findings):
        return findings
    from sociofund.core import sourcemap  # only files with findings need their map

    maps: dict[str, sourcemap.SourceMap | None] = {}
    out = []
    for f in findings:
        if f.line:
            out.append(f)
            continue
        if f.file not in maps:
            src = sources.get(f.file)
            try:
                maps[f.file] = sourcemap.build(src.text) if src and src.text is not None else None
            except (ValueError, IndexError, RecursionError):  # never let placing a finding crash
                maps[f.file] = None
        smap = maps[f.file]
        line, col = smap.locate(f.keypath) if smap else (1, 1)
        out.append(f.located(line, col))
    return out
