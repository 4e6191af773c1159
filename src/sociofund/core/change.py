"""The data the operations and the writer pass between them: a set as loaded, the change an
operation wants, and the outcome of writing it.

Plain data, so that the pure operations (``ops``) can build a ``Change`` from a ``Loaded`` set
without importing the loader or the writer, the modules that read, lock and write.

Must not import: typer, rich, or a core module that touches the disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sociofund.core.diagnostics import Finding
from sociofund.core.ledger import LedgerSet

if TYPE_CHECKING:  # types only: ledgerfile reads and writes files; edit (and its source maps)
    # is what a writing command needs, not a check, which imports this module for ``Loaded``
    from sociofund.core.edit import Edit
    from sociofund.core.ledgerfile import SourceFile


@dataclass(slots=True)
class Loaded:
    """One set as loaded: the set (years that validated), all its findings, files read."""

    ledger_set: LedgerSet
    findings: list[Finding]
    files: int
    sources: dict[str, SourceFile] = field(default_factory=dict)


@dataclass(slots=True)
class Change:
    """What an operation wants: edits, and notes for the reader (code + arguments, worded by
    the CLI)."""

    edits: list[Edit] = field(default_factory=list)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: errors this change may add besides ``writer.ALLOWED_NEW`` (the operation knows they are expected)
    allowed: frozenset[str] = frozenset()
    #: what the operation found, for the caller to show as a whole (``import``: its reconciliation)
    data: Any = None


@dataclass(slots=True)
class Outcome:
    change: Change
    #: path -> unified diff of what was (or, dry run, would be) written
    diffs: dict[str, str]
    written: bool
    #: the set after the change (or as it is, when nothing changed); its findings are not placed
    #: (line 0 where they name a key): the writer places only ``new_findings``
    after: Loaded
    #: findings of the set after the change that are new: warnings, and the errors it may add
    new_findings: list[Finding]
    #: the new errors that refuse the change (then nothing was written)
    refused: list[Finding] = field(default_factory=list)
