"""A budget difference for people (a table in the terminal, Markdown for a pull request's step
summary), for programs (JSON) and for GitHub Actions (annotations at the lines a change touched).

Every renderer is ``render(data, options)`` over one ``BudgetDiff``; none decides what changed or
what the exit code is. Rows come from ``_rows``, so the table and the Markdown show the same lines.
Ledger text (names, paths, revisions as typed) is escaped for each medium.

Must not import: typer.
"""

from __future__ import annotations


from sociofund import i18n
from sociofund.core.budgetdiff import ADDED, FIGURES, REMOVED, Amounts, BudgetDiff, Revision, SetChange
from sociofund.core.diagnostics import Finding, count
from sociofund.render import findings as render_findings
from sociofund.render import safe
from sociofund.render.numbers import kr

JSON_SCHEMA_VERSION = 1
#: a long insats name is cut to fit the terminal, never below this (Markdown and JSON carry it whole)
NAME_MIN = 16


def _L(key: str, lang: str, **args) -> str:
    return i18n.label(key, lang, **args)


def revision(r: Revision, lang: str) -> str:
    """How a state is named to people: ``HEAD~1 (3eb3720)``, the working tree, a merge-base."""
    if r.commit is None:
        return _L("diff.worktree", lang)
    if r.base_of is not None:
        return _L("diff.merge-base", lang, rev=r.base_of, commit=r.commit[:7])
    return f"{r.rev} ({r.commit[:7]})"


def signed(amount: int, lang: str, unit: str = "kr") -> str:
    """A difference with its sign always shown: ``+60 000 kr``, ``−30 000 kr`` (U+2212), ``0 kr``."""
    if amount == 0:
        return kr(0, lang, unit)
    return ("+" if amount > 0 else "\u2212") + kr(abs(amount), lang, unit)


def _amount(value: int | None, lang: str, unit: str) -> str:
    return "–" if value is None else kr(value, lang, unit)


def _years(years: list[int]) -> str:
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


# --- the rows every people's format shows --------------------------------------------------


def _figure_rows(s: SetChange, lang: str, unit: str) -> list[tuple[str, str, str, str, str]]:
    """(fund-year, figure, before, after, difference): per changed fund-year the figures that
    changed; a fund-year added or removed whole shows every figure it has."""
    rows = []
    for fy in s.fund_years:
        where = f"{fy.fund} {fy.year}"
        whole = fy.status in (ADDED, REMOVED)
        for name in FIGURES:
            a = fy.figures[name]
            if (whole and not (a.before or a.after)) or (not whole and not a.changed):
                continue
            rows.append((where, _L(f"diff.fig.{name}", lang), _amount(a.before, lang, unit), _amount(a.after, lang, unit),
                         signed(a.difference, lang, unit)))
            where = ""
    return rows


def _total_rows(s: SetChange, lang: str, unit: str) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for name, a in (("available", s.available), ("allocated", s.allocated)):
        if a.changed:
            rows.append(("" if rows else _L("diff.total", lang), _L(f"diff.fig.{name}", lang), _amount(a.before, lang, unit),
                         _amount(a.after, lang, unit), signed(a.difference, lang, unit)))
    return rows


def _intervention_rows(s: SetChange, lang: str, unit: str, width: int | None) -> list[tuple[str, ...]]:
    rows = []
    for i in s.interventions:
        name = i.name if width is None or len(i.name) <= width else i.name[: width - 1] + "…"
        t = i.total
        rows.append((i.id, name, _years(i.years), _amount(t.before, lang, unit), _amount(t.after, lang, unit),
                     signed(t.difference, lang, unit), _L(f"diff.status.{i.status}", lang)))
    return rows


def _decision_rows(s: SetChange, lang: str) -> list[tuple[str, ...]]:
    def status(value: str | None) -> str:
        return "–" if value is None else _L(f"d.status.{value}", lang)

    return [(d.id, d.label, status(d.before), status(d.after), _L(f"diff.status.{d.status}", lang), ", ".join(d.keys))
            for d in s.decisions]


_DECISION_COLS = ("id", "decision", "before", "after", "change", "keys")


def _set_title(s: SetChange, lang: str) -> str:
    status = _L(f"diff.status.{s.status}", lang)
    if s.name == s.path.rsplit("/", 1)[-1]:  # no organisation name: the folder says it all
        return _L("diff.set-path", lang, path=s.path, status=status)
    return _L("diff.set", lang, name=s.name, path=s.path, status=status)


def _unread(s: SetChange, lang: str, d: BudgetDiff) -> list[str]:
    return ([_L("diff.unread", lang, file=f, side=revision(d.before, lang)) for f in s.unread_before]
            + [_L("diff.unread", lang, file=f, side=revision(d.after, lang)) for f in s.unread_after])


def summary_line(d: BudgetDiff, lang: str) -> str:
    errors, warnings = count(d.findings_added)
    return _L("diff.summary", lang, changed=len(d.sets), unchanged=d.unchanged,
              errors=i18n.counted(errors, "error", lang), warnings=i18n.counted(warnings, "warning", lang),
              removed=i18n.counted(len(d.findings_removed), "finding", lang))


# --- table (terminal) ----------------------------------------------------------------------


def _grid(header: tuple[str, ...], rows: list[tuple[str, ...]], right: set[int], indent: str = "  ") -> list[str]:
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        out = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return (indent + "  ".join(out)).rstrip()

    return [line(header), *(line(r) for r in rows)]


def table(d: BudgetDiff, options) -> str:
    lang, unit = options.lang, options.unit
    t = safe.terminal
    out = [t(_L("diff.title", lang, before=revision(d.before, lang), after=revision(d.after, lang))), ""]
    if not d.sets:
        out.append(_L("diff.no-change", lang))
    for s in d.sets:
        out.append(t(_set_title(s, lang)))
        figure_rows = _figure_rows(s, lang, unit) + _total_rows(s, lang, unit)
        head = tuple(_L(f"diff.col.{k}", lang) for k in ("fund-year", "figure", "before", "after", "difference"))
        if figure_rows:
            out += _grid(head, figure_rows, {2, 3, 4})
        if _total_rows(s, lang, unit):
            out.append("  " + _L("diff.total-note", lang))
        if s.interventions:
            out += ["", "  " + _L("diff.interventions", lang)]
            head = tuple(_L(f"diff.col.{k}", lang) for k in ("id", "name", "years", "before", "after", "difference", "change"))
            whole = [tuple(t(c) for c in r) for r in _intervention_rows(s, lang, unit, None)]
            # the name gets what the terminal has left after the other columns (at least NAME_MIN)
            others = sum(max(len(r[i]) for r in (head, *whole)) for i in (0, 2, 3, 4, 5, 6))
            room = max(NAME_MIN, options.width - 2 - others - 2 * 6)
            rows = [tuple(t(c) for c in r) for r in _intervention_rows(s, lang, unit, room)]
            out += _grid(head, rows, {3, 4, 5})
        if s.decisions:
            out += ["", "  " + _L("diff.decisions", lang)]
            head = tuple(_L(f"diff.col.{k}", lang) for k in _DECISION_COLS)
            out += _grid(head, [tuple(t(c) for c in r) for r in _decision_rows(s, lang)], set())
        out += ["  " + t(line) for line in _unread(s, lang, d)]
        for key, found in (("diff.findings-added", s.findings_added), ("diff.findings-removed", s.findings_removed)):
            if found:
                out += ["", "  " + _L(key, lang, count=len(found))]
                out += ["  " + line for line in render_findings.lines(found, lang, color=options.color).splitlines()]
        out.append("")
    out.append(summary_line(d, lang))
    return "\n".join(out) + "\n"


# --- Markdown (a pull request's step summary) ----------------------------------------------


def _md_table(header: tuple[str, ...], rows: list[tuple[str, ...]], right: set[int]) -> list[str]:
    cell = safe.markdown_cell
    return ["| " + " | ".join(cell(h) for h in header) + " |",
            "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|",
            *("| " + " | ".join(cell(c) for c in r) + " |" for r in rows)]


def _md_findings(found: list[Finding], lang: str) -> list[str]:
    cols = tuple(i18n.label(k, lang) for k in ("col.file", "col.line", "col.code", "col.severity", "col.message"))
    rows = []
    for f in found:
        msg, hint = i18n.message(f, lang)
        rows.append((f.file, str(f.line), f.code, i18n.label(f.severity.value, lang),
                     msg + (f" ({i18n.label('hint', lang)}: {hint})" if hint else "")))
    return _md_table(cols, rows, {1})


def md(d: BudgetDiff, options) -> str:
    lang, unit = options.lang, options.unit
    cell = safe.markdown_cell
    out = [f"### {cell(_L('diff.title', lang, before=revision(d.before, lang), after=revision(d.after, lang)))}", "",
           summary_line(d, lang), ""]
    for s in d.sets:
        out += [f"#### {cell(_set_title(s, lang))}", ""]
        rows = _figure_rows(s, lang, unit) + _total_rows(s, lang, unit)
        if rows:
            head = tuple(_L(f"diff.col.{k}", lang) for k in ("fund-year", "figure", "before", "after", "difference"))
            out += _md_table(head, rows, {2, 3, 4}) + [""]
        if _total_rows(s, lang, unit):
            out += [cell(_L("diff.total-note", lang)), ""]
        if s.interventions:
            head = tuple(_L(f"diff.col.{k}", lang) for k in ("id", "name", "years", "before", "after", "difference", "change"))
            out += [f"**{_L('diff.interventions', lang)}**", ""]
            out += _md_table(head, _intervention_rows(s, lang, unit, None), {3, 4, 5}) + [""]
        if s.decisions:
            head = tuple(_L(f"diff.col.{k}", lang) for k in _DECISION_COLS)
            out += [f"**{_L('diff.decisions', lang)}**", ""] + _md_table(head, _decision_rows(s, lang), set()) + [""]
        out += [f"- {cell(line)}" for line in _unread(s, lang, d)] + ([""] if _unread(s, lang, d) else [])
        for key, found in (("diff.findings-added", s.findings_added), ("diff.findings-removed", s.findings_removed)):
            if found:
                out += [f"**{_L(key, lang, count=len(found))}**", ""] + _md_findings(found, lang) + [""]
    return "\n".join(out) + "\n"


# --- JSON ----------------------------------------------------------------------------------


def _amounts(a: Amounts) -> dict:
    return {"before": a.before, "after": a.after, "difference": a.difference}


def _rev_json(r: Revision) -> dict:
    return {"revision": r.rev, "commit": r.commit, "merge_base_of": r.base_of, "working_tree": r.commit is None}


def to_json(d: BudgetDiff, options) -> str:
    """The difference as one JSON document with a stable schema (``version`` 1); plain integers."""
    lang = options.lang
    errors, warnings = count(d.findings_added)
    doc = {
        "version": JSON_SCHEMA_VERSION,
        "before": _rev_json(d.before),
        "after": _rev_json(d.after),
        "sets": [{
            "path": s.path,
            "name": s.name,
            "status": s.status,
            "fund_years": [{"fund": fy.fund, "year": fy.year, "status": fy.status, "file": fy.file,
                            "figures": {k: _amounts(fy.figures[k]) for k in FIGURES}} for fy in s.fund_years],
            "totals": {"available": _amounts(s.available), "allocated": _amounts(s.allocated)},
            "interventions": [{"fund": i.fund, "id": i.id, "name": i.name, "status": i.status,
                               "before": {str(y): v for y, v in sorted(i.before.items())},
                               "after": {str(y): v for y, v in sorted(i.after.items())},
                               "moved_between_years": {"before": i.moved_before, "after": i.moved_after},
                               "total": _amounts(i.total)} for i in s.interventions],
            "decisions": [{"id": x.id, "label": x.label, "status": x.status, "before": x.before, "after": x.after,
                           "keys": x.keys} for x in s.decisions],
            "unread_before": s.unread_before,
            "unread_after": s.unread_after,
            "findings_added": [render_findings.as_dict(f, lang) for f in s.findings_added],
            "findings_removed": [render_findings.as_dict(f, lang) for f in s.findings_removed],
        } for s in d.sets],
        "summary": {"sets_changed": len(d.sets), "sets_unchanged": d.unchanged, "errors_added": errors,
                    "warnings_added": warnings, "findings_removed": len(d.findings_removed)},
    }
    return safe.json_dumps(doc) + "\n"


# --- GitHub Actions ------------------------------------------------------------------------


def github(d: BudgetDiff, options) -> str:
    """Annotations at the lines of the findings the change adds, then the summary line."""
    return render_findings.annotations(d.findings_added, options.lang) + summary_line(d, options.lang) + "\n"


def github_summary(d: BudgetDiff, options) -> str:
    """What ``$GITHUB_STEP_SUMMARY`` gets: the Markdown a reviewer reads on the pull request."""
    return md(d, options)
