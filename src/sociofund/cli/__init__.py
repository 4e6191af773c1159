"""The command line: ``sociofund`` and its commands.

Each command module registers its commands on the one typer ``app`` (``sociofund.cli.app``). The
package imports them all so that ``--help`` lists every command; each keeps its heavy imports
(pydantic through the core, rich, tomli-w, openpyxl) inside the command function.
"""

from sociofund.cli import check  # noqa: F401  (registers the command)
from sociofund.cli.app import app, main

__all__ = ["app", "main"]
