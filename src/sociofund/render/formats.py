"""Every output family's ``FORMATS`` table: format name -> where its renderer lives.

The CLI offers exactly these names (``--format``) and looks the renderer up here instead of
branching. A new format is one entry plus its module; a new family is one table plus its modules.
Nothing here imports a renderer: ``Format`` resolves its target when it renders.
"""

from __future__ import annotations

from sociofund.render.options import Format

#: ``check``: a ``CheckResult`` -> findings for people, programs and GitHub Actions
FINDINGS_FORMATS: dict[str, Format] = {
    "text": Format("sociofund.render.findings:text"),
    "json": Format("sociofund.render.findings:to_json"),
    "github": Format("sociofund.render.findings:github", summary="sociofund.render.findings:github_summary"),
}

#: ``report``: a ``Report`` -> the fördelning tables, as an iterator of chunks (one organisation at
#: a time: a national report is written as it is loaded); each module's ``render`` joins them
REPORT_FORMATS: dict[str, Format] = {
    "table": Format("sociofund.render.report_table:stream"),
    "md": Format("sociofund.render.report_md:stream"),
    "csv": Format("sociofund.render.report_csv:stream"),
    "csv-excel": Format("sociofund.render.report_csv:stream_excel"),
    "json": Format("sociofund.render.report_json:stream"),
    "xlsx": Format("sociofund.render.report_xlsx:stream", binary=True, needs="xlsx-needs-xlsxwriter"),
    "docx": Format("sociofund.render.report_doc:docx", binary=True, needs="docx-needs-python-docx"),
    "html": Format("sociofund.render.report_doc:html"),
}

#: ``funder-report``: a ``FunderReport`` (one fund-year) or a ``ProgrammeRollup`` (a programme
#: across organisations) -> the återrapportering
FUNDER_FORMATS: dict[str, Format] = {
    "table": Format("sociofund.render.funder_report:table"),
    "md": Format("sociofund.render.funder_report:md"),
    "csv": Format("sociofund.render.funder_report:to_csv"),
    "json": Format("sociofund.render.funder_report:to_json"),
    "xlsx": Format("sociofund.render.funder_report:xlsx", binary=True, needs="xlsx-needs-xlsxwriter"),
    "docx": Format("sociofund.render.funder_report:docx", binary=True, needs="docx-needs-python-docx"),
    "html": Format("sociofund.render.funder_report:html"),
}

#: ``import``: a ``Reconciliation`` -> what the import found, allocation by allocation, to the öre
IMPORT_FORMATS: dict[str, Format] = {
    "table": Format("sociofund.render.reconciliation:table"),
    "md": Format("sociofund.render.reconciliation:markdown"),
    "json": Format("sociofund.render.reconciliation:to_json"),
}

#: ``diff``: a ``BudgetDiff`` -> what a change does to the budget
DIFF_FORMATS: dict[str, Format] = {
    "table": Format("sociofund.render.diff:table"),
    "md": Format("sociofund.render.diff:md"),
    "json": Format("sociofund.render.diff:to_json"),
    "github": Format("sociofund.render.diff:github", summary="sociofund.render.diff:github_summary"),
}


#: ``compare``: a ``Comparison`` -> two decisions (or a decision and the ledger) side by side
COMPARE_FORMATS: dict[str, Format] = {
    "table": Format("sociofund.render.compare:table"),
    "md": Format("sociofund.render.compare:md"),
    "csv": Format("sociofund.render.compare:to_csv"),
    "json": Format("sociofund.render.compare:to_json"),
    "xlsx": Format("sociofund.render.compare:xlsx", binary=True, needs="xlsx-needs-xlsxwriter"),
}

#: ``decisions``: a list of ``DecisionSummary`` -> the set's decisions, newest first
DECISIONS_FORMATS: dict[str, Format] = {
    "table": Format("sociofund.render.compare:decisions_table"),
    "md": Format("sociofund.render.compare:decisions_md"),
    "csv": Format("sociofund.render.compare:decisions_csv"),
    "json": Format("sociofund.render.compare:decisions_json"),
}


def named(formats: dict[str, Format]) -> str:
    """``text, json or github``: a table's names for a ``--format`` help text."""
    names = list(formats)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
