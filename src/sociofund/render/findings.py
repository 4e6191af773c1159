"""Findings -> text for people and editors, JSON for programs, GitHub Actions annotations.

The same ``CheckResult`` (its findings, and how many files and sets were read), three renderers
with the one signature ``(result, options)``, listed in ``render.formats.FINDINGS_FORMATS``; none
of them decides what is wrong or what the exit code is. Messages come from ``sociofund.i18n`` in the reader's language.

Must not import: typer. (rich is not needed: the text format is plain lines.)
"""

from __future__ import annotations


from sociofund import i18n
from sociofund.core import languages
from sociofund.core.diagnostics import CODES, Finding, Severity, count
from sociofund.render import safe
from sociofund.render.options import RenderOptions

JSON_SCHEMA_VERSION = 1

_RED, _YELLOW, _DIM, _BOLD, _RESET = "\x1b[31m", "\x1b[33m", "\x1b[2m", "\x1b[1m", "\x1b[0m"


def summary_line(findings: list[Finding], files: int, sets: int, lang: str) -> str:
    errors, warnings = count(findings)
    where = {"files": i18n.counted(files, "file", lang), "sets": i18n.counted(sets, "set", lang)}
    if not findings:
        return i18n.label("summary.clean", lang, **where)
    return i18n.label("summary.found", lang, errors=i18n.counted(errors, "error", lang),
                      warnings=i18n.counted(warnings, "warning", lang), **where)


def lines(findings: list[Finding], lang: str = languages.DEFAULT, *, color: bool = False) -> str:
    """``path:line:col: CODE severity: message`` lines, each hint under its finding."""
    out = []
    for f in findings:
        msg, hint = i18n.message(f, lang)
        sev = i18n.label(f.severity.value, lang)
        code = f.code
        if color:
            tone = _RED if f.severity is Severity.ERROR else _YELLOW
            code, sev = f"{_BOLD}{tone}{code}{_RESET}", f"{tone}{sev}{_RESET}"
        out.append(f"{safe.terminal(f.file)}:{f.line}:{f.col}: {code} {sev}: {safe.terminal(msg)}\n")
        if hint:
            label = i18n.label("hint", lang)
            line = f"  {label}: {safe.terminal(hint)}"
            out.append(f"{_DIM}{line}{_RESET}\n" if color else line + "\n")
    return "".join(out)


def text(result, options: RenderOptions = RenderOptions()) -> str:
    """The findings' lines, a blank line, a summary."""
    head = lines(result.findings, options.lang, color=options.color)
    return (head + "\n" if head else "") + summary_line(result.findings, result.files, result.sets, options.lang) + "\n"


def as_dict(f: Finding, lang: str) -> dict:
    msg, hint = i18n.message(f, lang)
    return {
        "file": f.file,
        "line": f.line,
        "column": f.col,
        "code": f.code,
        "name": CODES[f.code][1],
        "severity": f.severity.value,
        "message": msg,
        "hint": hint,
    }


def to_json(result, options: RenderOptions = RenderOptions()) -> str:
    """The findings as one JSON document with a stable schema (``version`` 1)."""
    errors, warnings = count(result.findings)
    doc = {
        "version": JSON_SCHEMA_VERSION,
        "findings": [as_dict(f, options.lang) for f in result.findings],
        "summary": {"errors": errors, "warnings": warnings, "files": result.files, "sets": result.sets},
    }
    return safe.json_dumps(doc) + "\n"


def annotations(findings: list[Finding], lang: str) -> str:
    """``::error file=…,line=…,col=…,title=CODE::message`` per finding, escaped so that ledger
    text can never start a workflow command of its own (``check`` and ``diff`` both use them)."""
    out = []
    for f in findings:
        msg, hint = i18n.message(f, lang)
        body = safe.terminal(msg) + (f"\n{i18n.label('hint', lang)}: {safe.terminal(hint)}" if hint else "")
        kind = "error" if f.severity is Severity.ERROR else "warning"
        props = f"file={safe.github_property(f.file)},line={f.line},col={f.col},title={safe.github_property(f.code)}"
        out.append(f"::{kind} {props}::{safe.github_data(body)}")
    return "\n".join(out) + ("\n" if out else "")


def github(result, options: RenderOptions = RenderOptions()) -> str:
    """The annotations of every finding, then the summary line for the log."""
    return annotations(result.findings, options.lang) + summary_line(
        result.findings, result.files, result.sets, options.lang) + "\n"


def github_summary(result, options: RenderOptions = RenderOptions()) -> str:
    """A Markdown section for ``$GITHUB_STEP_SUMMARY`` with every finding: GitHub shows only ten
    annotations of each kind per step, the summary shows them all."""
    findings, lang = result.findings, options.lang
    files, sets = result.files, result.sets
    lines = [f"### {i18n.label('summary.title', lang)}", "", summary_line(findings, files, sets, lang), ""]
    if findings:
        cols = [i18n.label(k, lang) for k in ("col.file", "col.line", "col.code", "col.severity", "col.message")]
        lines += ["| " + " | ".join(cols) + " |", "|---|---:|---|---|---|"]
        for f in findings:
            msg, hint = i18n.message(f, lang)
            text_ = msg + (f" ({i18n.label('hint', lang)}: {hint})" if hint else "")
            lines.append(
                f"| {safe.markdown_cell(f.file)} | {f.line} | {f.code} | {i18n.label(f.severity.value, lang)} "
                f"| {safe.markdown_cell(text_)} |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"
