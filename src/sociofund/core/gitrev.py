"""The ledger files of a git revision, read from git itself: no checkout, no temporary worktree.

``sociofund diff`` compares two states of the ledger folder. A state is a commit (any revision
git understands) or the working tree as it is on disk. A commit is read the way pre-commit uses
git: as a subprocess. ``git ls-tree -r -z`` lists the ledger folder's files with their blob ids,
and one ``git cat-file --batch`` process hands over the contents of every blob asked for, so a
tree of thousands of files costs two processes, not thousands. Nothing is written anywhere: a
user's checkout, index and stash are never touched.

A state is a ``Tree``: repository-relative path -> ``Blob`` (the git blob id and, once read, the
bytes). The blob id lets ``diff`` skip a ledger set whose files are the same on both sides
without reading them; for the working tree the id is computed the way git computes it.

What cannot be read is a ``SociofundError`` (exit 2) that says what to do: not a git repository,
git not installed, an unknown revision, a shallow clone that lacks the commit asked for.

Must not import: typer, rich.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from sociofund.core import ledgerfile
from sociofund.core.diagnostics import Finding, SociofundError

#: the pseudo-revision for what is on disk now, committed or not
WORKTREE = ":worktree"

_BLOB_MODES = frozenset({"100644", "100755"})
_LINK_MODE = "120000"


@dataclass(slots=True)
class Blob:
    """One file of a state: its git blob id and its content (None until read), or the finding
    that says why it cannot be read (a folder or FIFO named like a ledger file, a file too large),
    as ``check`` says it."""

    oid: str
    data: bytes | Finding | None = None
    #: a symbolic link as git stores it (its target path, not a file's content)
    link: bool = False


@dataclass(slots=True)
class Tree:
    """The ledger files of one state, keyed by path relative to the repository's top."""

    label: str
    #: the full commit id; None for the working tree
    commit: str | None
    files: dict[str, Blob] = field(default_factory=dict)


@dataclass(slots=True)
class Repo:
    """A git repository as ``diff`` sees it: its top folder and the ledger folder inside it."""

    top: Path
    #: the ledger folder relative to ``top``, with ``/`` separators; "" for the top itself
    prefix: str
    shallow: bool

    # --- running git ------------------------------------------------------------------------

    def git(self, *args: str, input: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        return _run(["git", *args], self.top, input=input, check=check)

    # --- revisions --------------------------------------------------------------------------

    def resolve(self, rev: str) -> str:
        """The full commit id of ``rev``; an unknown revision is a usage error that, in a shallow
        clone, says what to fetch."""
        if rev.startswith("-"):  # never let a revision be read as an option of git
            raise SociofundError("git-unknown-rev", rev=rev)
        out = self.git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
        if out.returncode != 0:
            if self.shallow:
                raise SociofundError("git-shallow", rev=rev)
            raise SociofundError("git-unknown-rev", rev=rev)
        return out.stdout.decode().strip()

    def merge_base(self, base: str, head: str = "HEAD") -> str:
        """Where ``head`` left ``base``: the commit a pull request is compared against."""
        base_id, head_id = self.resolve(base), self.resolve(head)
        out = self.git("merge-base", base_id, head_id, check=False)
        if out.returncode != 0:
            # a shallow clone often holds both tips but not the history that joins them
            raise SociofundError("git-shallow" if self.shallow else "git-no-merge-base", rev=base)
        return out.stdout.decode().strip()

    # --- reading a state --------------------------------------------------------------------

    def tree(self, rev: str, label: str | None = None) -> Tree:
        """The ledger files of ``rev`` (ids only; ``read`` fetches the contents asked for)."""
        commit = self.resolve(rev)
        tree = Tree(label or rev, commit)
        args = ["ls-tree", "-r", "-z", "--full-tree", commit]
        if self.prefix:
            args += ["--", self.prefix]
        out = self.git(*args).stdout
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            mode, kind, oid = meta.decode().split(" ")
            path = os.fsdecode(raw_path)
            if kind != "blob" or not _inside(path, self.prefix) or not path.endswith(".toml"):
                continue
            if mode in _BLOB_MODES or mode == _LINK_MODE:
                tree.files[path] = Blob(oid, link=mode == _LINK_MODE)
        self._follow_links(tree)
        return tree

    def _follow_links(self, tree: Tree) -> None:
        """A committed symlink holds its target's path, not a ledger: the target's blob stands in
        for it (as ``check`` reads through a link on disk), wherever in the commit it is. A link
        whose target the commit lacks, or that points out of the repository, is left out."""
        links = [p for p, blob in tree.files.items() if blob.link]
        if not links:
            return
        self.read(tree, links)
        targets = {}
        for path in links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), os.fsdecode(data if isinstance(data := tree.files[path].data, bytes) else b"")))
            targets[path] = target
            del tree.files[path]
        found: dict[str, Blob] = {}
        wanted = sorted({t for t in targets.values() if not t.startswith("../")})
        if wanted:
            out = self.git("ls-tree", "-z", "--full-tree", tree.commit or "HEAD", "--", *wanted).stdout
            for record in out.split(b"\0"):
                meta, _, raw = record.partition(b"\t")
                if meta and meta.split(b" ")[0].decode() in _BLOB_MODES:
                    found[os.fsdecode(raw)] = Blob(meta.split(b" ")[2].decode())
        for path, target in targets.items():
            if target in found:
                tree.files[path] = Blob(found[target].oid)

    def worktree(self) -> Tree:
        """The ledger files as they are on disk now: committed, changed or new (the same files
        ``check`` would read)."""
        tree = Tree(WORKTREE, None)
        base = self.top / self.prefix if self.prefix else self.top
        for path in _toml_files(base):
            rel = path.relative_to(self.top).as_posix()
            data = ledgerfile.read_raw(path, rel)
            # what cannot be read is never the same as a committed file: its set is compared
            tree.files[rel] = Blob(blob_id(data) if isinstance(data, bytes) else f"unreadable:{rel}", data)
        return tree

    def read(self, tree: Tree, paths: list[str]) -> None:
        """Fill in the contents of ``paths`` of ``tree``: one ``git cat-file --batch`` for all."""
        wanted = [tree.files[p] for p in paths if tree.files[p].data is None]
        if not wanted:
            return
        ids = list(dict.fromkeys(b.oid for b in wanted))
        out = self.git("cat-file", "--batch", input="".join(f"{oid}\n" for oid in ids).encode()).stdout
        contents: dict[str, bytes] = {}
        pos = 0
        for oid in ids:
            end = out.index(b"\n", pos)
            header = out[pos:end].decode().split(" ")
            if len(header) != 3:  # "<oid> missing": a partial clone without the blob
                raise SociofundError("git-shallow", rev=tree.label)
            size = int(header[2])
            contents[oid] = out[end + 1:end + 1 + size]
            pos = end + 1 + size + 1  # the content is followed by a newline
        for path in paths:
            blob = tree.files[path]
            if blob.data is None:
                raw = contents[blob.oid]
                blob.data = ledgerfile.size_finding(path, len(raw)) or raw


def open_repo(ledgers: Path, cwd: Path | None = None) -> Repo:
    """The repository that holds ``ledgers`` (relative to ``cwd``), and the folder's place in it."""
    cwd = cwd or Path.cwd()
    where = ledgers if ledgers.is_absolute() else cwd / ledgers
    if where.is_file():  # a file in a set names its set, as for check
        where = where.parent
    # a ledger folder that exists only in some revision is still a place in the repository
    start = where if where.is_dir() else next((p for p in where.parents if p.is_dir()), cwd)
    out = _run(["git", "rev-parse", "--show-toplevel", "--is-shallow-repository"], start, check=False)
    if out.returncode != 0:
        raise SociofundError("git-not-repo", path=str(ledgers))
    top_text, shallow = out.stdout.decode().splitlines()[:2]
    top = Path(top_text)
    real = Path(os.path.realpath(where))
    try:
        rel = real.relative_to(Path(os.path.realpath(top))).as_posix()
    except ValueError:
        raise SociofundError("git-outside", path=str(ledgers), top=str(top)) from None
    return Repo(top, "" if rel == "." else rel, shallow.strip() == "true")


def blob_id(data: bytes) -> str:
    """The id git gives a file with this content (``git hash-object``), so a file on disk can be
    compared with a committed one without asking git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 - git's own id


def _inside(path: str, prefix: str) -> bool:
    return not prefix or path == prefix or path.startswith(prefix + "/")


def _toml_files(base: Path) -> list[Path]:
    """``*.toml`` in ``base`` and in its subfolders (a set, or a root of sets), as ``check`` finds
    them. Hidden folders (``.git``, a virtualenv) are not ledger sets."""
    if base.is_file():
        return [base] if base.suffix == ".toml" else []
    if not base.is_dir():
        return []
    found: list[Path] = []
    try:
        folders = [base, *sorted(d for d in base.iterdir()
                                 if d.is_dir() and not d.name.startswith(".") and not d.name.endswith(".toml"))]
    except OSError as exc:
        raise SociofundError("io-read", path=str(base), reason=exc.strerror or str(exc)) from exc
    for folder in folders:
        try:
            # every entry named *.toml, whatever it is, as check reads a set: a folder or a FIFO
            # called 2022.toml is a finding (F002), not silently skipped
            found += sorted(folder / name for name in os.listdir(folder) if name.endswith(".toml"))
        except OSError as exc:
            raise SociofundError("io-read", path=str(folder), reason=exc.strerror or str(exc)) from exc
    return found


def _run(cmd: list[str], cwd: Path, *, input: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    # git's own view of the repository must not be steered by a hook's environment
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(var, None)
    try:
        out = subprocess.run(cmd, cwd=cwd, input=input, capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise SociofundError("git-missing") from None
    except OSError as exc:
        raise SociofundError("io-read", path=str(cwd), reason=exc.strerror or str(exc)) from exc
    if check and out.returncode != 0:
        raise SociofundError("git-failed", command=" ".join(cmd[:3]),
                             reason=(out.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1])
    return out
