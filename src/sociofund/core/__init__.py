"""The sociofund library: ledger data in, data out.

``sociofund.core`` knows no screen: it imports neither typer nor rich, never prints and never
exits. Findings are values; ``SociofundError`` is raised only for "cannot continue".
"""

from sociofund.core.diagnostics import Finding, Severity, SociofundError
from sociofund.core.loader import CheckResult, check, discover_all, iter_sets, load_set

__all__ = ["CheckResult", "Finding", "Severity", "SociofundError", "check", "discover_all", "iter_sets", "load_set"]
