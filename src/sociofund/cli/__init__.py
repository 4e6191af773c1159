"""The command line: ``sociofund`` and its commands.

The typer app lives in ``sociofund.cli.base``; each command module registers its commands on it
and is listed, command by command, in ``COMMANDS`` at the bottom of base.py (a module is imported
when one of its commands runs). This package itself imports nothing heavy, so that ``sociofund --version`` answers before typer is even loaded; ``app`` is
imported on first use.
"""

from __future__ import annotations

import sys

from sociofund import __version__


def main() -> None:
    """Console entry point (``sociofund``)."""
    # Scripts and hooks ask for the version often; answering it here costs a sixth of loading
    # typer. Everything else, --help included, goes through the typer app.
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"sociofund {__version__}\n")
        return
    # the commit hook's case: a check of unchanged ledgers that found nothing the last time
    # replays that run's output without loading typer or pydantic (core/checkcache.py)
    if sys.argv[1:2] == ["check"]:
        from sociofund.core import checkcache

        checkcache.pending = None
        replayed = checkcache.replay(sys.argv[1:])
        if replayed is not None:
            sys.stdout.write(replayed)
            return
        # a plain check (paths, --format, --strict) runs without typer, through the same code
        # (cli/checking.py); it exits here, or returns for typer to parse the command line
        from sociofund.cli import checking

        checking.main()
    from sociofund.cli.base import main as run

    run()


def __getattr__(name: str):
    if name == "app":
        from sociofund.cli.base import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
