"""``sociofund import``: utfall from the ekonomisystem's export, through the same writer as ``spend``.

The command reads the file's bytes, hands ``core.ops.import_utfall`` to ``core.writer.run`` (lock,
apply, re-check, atomic write) and prints the reconciliation the operation made, whatever was
written: it is the proof that every öre of the file is accounted for. A file with lines that
cannot be read, and a change the check refuses, raise ``SociofundError`` (the boundary in base.py
prints the located findings and exits 1); nothing is written then.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from sociofund.cli.base import LangOpt, LedgersOpt, app, one_set, use_color
from sociofund.render.formats import IMPORT_FORMATS, named

ImportFormat = Enum("ImportFormat", {name: name for name in IMPORT_FORMATS}, type=str)


@app.command(name="import")
def import_(
    year: Annotated[int, typer.Argument(metavar="YEAR", help="The year whose utfall the file holds.")],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="SIE 4 (.se), or a huvudbok as CSV or xlsx.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the reconciliation and the diff; write nothing.")] = False,
    fmt: Annotated[ImportFormat, typer.Option("--format", "-f", help=f"The reconciliation as {named(IMPORT_FORMATS)}.")] = ImportFormat("table"),
    ledgers: LedgersOpt = Path("ledgers"),
    lang: LangOpt = None,
) -> int | None:
    """Read a year's utfall from the ekonomisystem's export and write spent (and spent_as_of) for
    every allocation whose codes match; print the reconciliation. A second identical run changes
    nothing and says so.

    Example: sociofund import 2022 ledgers/ragunda/utfall/ragunda-2022-jan-jun.se --ledgers ledgers/ragunda
    """
    from sociofund import i18n
    from sociofund.core import ledgerfile, ops
    from sociofund.core.writer import run
    from sociofund.render import findings as render, safe
    from sociofund.render.options import RenderOptions

    folder, language = one_set(ledgers, lang)
    raw = ledgerfile.read_export(file)
    outcome = run(folder, lambda loaded: ops.import_utfall(loaded, year, raw, str(file)), dry_run=dry_run,
                  on_wait=lambda: typer.echo(i18n.note("lock-wait", language, path=str(folder)), err=True))
    rec = outcome.change.data
    json_out = fmt.value == "json"
    document = IMPORT_FORMATS[fmt.value].render(rec, RenderOptions(language, color=use_color()))
    # JSON is the only thing on stdout; the sentences for people go to stderr then
    say = (lambda text: typer.echo(text, err=True)) if json_out else typer.echo
    sys.stdout.write(document)
    if not json_out:
        say("")
    if rec.unmatched:
        from sociofund.render.reconciliation import ore

        say(safe.terminal(i18n.note("import-unmatched", language, amount=ore(rec.unmatched_ore, language))))
    for code, args in outcome.change.notes:
        if code == "import-set":
            args = {**args, "count": i18n.counted(args["count"], "allocation", language)}
        say(safe.terminal(i18n.note(code, language, **args)))
    if dry_run:
        for diff in outcome.diffs.values():
            (sys.stderr if json_out else sys.stdout).write(safe.terminal_lines(diff))
    elif outcome.written:
        for path in outcome.diffs:
            say(safe.terminal(i18n.note("written", language, path=path)))
    if outcome.new_findings:
        say(safe.terminal(i18n.note("new-findings", language,
                                    count=i18n.counted(len(outcome.new_findings), "finding", language))))
        say(render.lines(outcome.new_findings, language, color=use_color()).rstrip("\n"))
    if dry_run:
        say(i18n.note("dry-run", language))
    return None
