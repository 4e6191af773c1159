"""The smallest typer application with one command: the start-up floor of any typer CLI.

`python bench/bare_typer.py --help` is what `sociofund --help` costs without sociofund.
"""

import typer

app = typer.Typer()


@app.command()
def check(path: str = typer.Argument(".", help="Folder to check.")) -> None:
    """Check PATH (does nothing)."""


if __name__ == "__main__":
    app()
