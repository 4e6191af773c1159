"""The smallest typer application with one command: the start-up floor of any typer CLI.

`python bench/bare_typer.py --help` is what `sociofund --help` costs without sociofund: it is
configured as sociofund's app is (plain help without rich markup, no completion commands, no
pretty tracebacks), so the two compare like with like.
"""

import typer

app = typer.Typer(rich_markup_mode=None, add_completion=False, pretty_exceptions_enable=False)


@app.command()
def check(path: str = typer.Argument(".", help="Folder to check.")) -> None:
    """Check PATH (does nothing)."""


if __name__ == "__main__":
    app()
