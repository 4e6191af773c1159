"""Findings: what a check found, where, and how bad it is; and the one error type.

A finding is a plain value. Rules return lists of them; nothing here prints or raises for a
finding. A finding carries its *code* and its *arguments* (amounts as ``int``, names as ``str``),
not a finished sentence: the words are chosen by ``sociofund.i18n`` in the reader's language, so
the core stays free of any screen or language.

Before a finding leaves the loader it has a file and a line. Rules speak in key paths
(``("allocation", 2, "amount")``); the loader resolves them through the file's source map in one
place (``loader._locate``). A finding that cannot be placed falls back to the entry's header line,
then to line 1 — never to no place at all.

Must not import: typer, rich, pydantic, or other core modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from enum import Enum
from typing import Any

KeyPath = tuple[str | int, ...]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


_E, _W = Severity.ERROR, Severity.WARNING

#: Every finding code, with its default severity and short name: the format codes the loader
#: gives and the rules' codes. A code, once shipped, keeps its meaning; the docs test checks that
#: docs/ledger-format.md and the i18n catalogue name every one.
CODES: dict[str, tuple[Severity, str]] = {
    "F001": (_E, "toml-syntax"),
    "F002": (_E, "unreadable-file"),
    "F003": (_E, "unknown-key"),
    "F004": (_E, "invalid-money"),
    "F005": (_E, "missing-key"),
    "F006": (_E, "invalid-value"),
    "F007": (_W, "stray-file"),
    "F008": (_E, "mixed-folder"),
    "B001": (_E, "over-allocated"),
    "B002": (_E, "unallocated"),
    "S001": (_E, "overspent-fund"),
    "S002": (_W, "overspent-allocation"),
    "C001": (_E, "carryover-not-earlier"),
    "C002": (_E, "carryover-unapproved"),
    "C003": (_E, "carryover-forbidden"),
    "K001": (_E, "continuity-mismatch"),
    "K002": (_E, "continuity-uncovered"),
    "Y001": (_E, "closed-without-spent"),
    "I001": (_E, "duplicate-id"),
    "I002": (_E, "year-mismatch"),
    "I003": (_E, "unknown-fund"),
    "I004": (_E, "fund-ambiguous"),
    # decisions.toml (core/decision_rules.py)
    "D001": (_W, "decision-rows-differ"),
    "D002": (_W, "decision-conflict"),
    "D003": (_W, "revision-drops-line"),
    "D004": (_W, "revision-changes-line"),
    "D005": (_W, "approximate-in-total"),
    "D006": (_W, "paragraph-date-differ"),
    "D007": (_W, "money-without-decision"),
    "D008": (_W, "ledger-differs-from-decision"),
    "D009": (_E, "unknown-decision"),
    "D010": (_E, "duplicate-decision"),
    "D011": (_W, "total-differs-from-money"),
    "P001": (_W, "forecast-unspent"),
    # about a change, found only by ``diff`` (core/budgetdiff.py), placed in the revision under review
    "H001": (_E, "closed-year-changed"),
    "H002": (_W, "amount-changed-without-decision"),
    "H003": (_E, "closed-year-money-moved"),
    # co-financing (core/rules.py)
    "M001": (_W, "cofinancing-unquantified"),
    "M002": (_E, "cofinancing-ambiguous"),
    "M003": (_E, "grant-share-exceeded"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one place. ``line``/``col`` are 1-based; 0 means "not yet located"."""

    code: str
    severity: Severity
    file: str
    args: dict[str, Any] = field(default_factory=dict)
    keypath: KeyPath = ()
    line: int = 0
    col: int = 0

    def located(self, line: int, col: int) -> Finding:
        return replace(self, line=line, col=col)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.col, self.code)


class SociofundError(Exception):
    """The one exception for "cannot continue": a path that does not exist, a file that cannot be
    read or written, a change refused.

    Like a finding it carries a *code* and *arguments*, not a sentence: the CLI words it in the
    reader's language (``sociofund.i18n``) and exits 2, or 1 when ``findings`` holds the findings
    that refused a change. ``str()`` gives a plain English fallback for logs and tracebacks.
    """

    def __init__(self, code: str, findings: list[Finding] | None = None, **args: Any) -> None:
        self.code = code
        self.args_ = args
        self.findings = findings or []
        super().__init__(f"{code}: {args}" if args else code)

    def __reduce__(self):
        # pickled whole (a worker process sends it to the parent, core/fanout.py): Exception's
        # default would rebuild it from the English fallback and lose the code and arguments
        return partial(type(self), self.code, self.findings, **self.args_), ()


def count(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    return errors, len(findings) - errors
