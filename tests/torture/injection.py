"""Every payload in every sink: ledger text must stay inert wherever sociofund shows it.

Each payload goes into one ledger set everywhere text can be: the organisation, an allocation's
name, unit, ref and note, a grant's funder and program, a decision's title, body and paragraph;
and, in a second year that fails validation, an unknown key (F003), an invalid status (F006) and
an amount (F004); and a stray file's name (F007). Then every output that can carry it is produced
through the command line (in-process) and judged by the rules of its medium:

- terminal text (check, report table, diffs, messages): no control or invisible character raw;
- GitHub annotations: every line a workflow command of ours, no other line starts one;
- Markdown (report md, decisions/compare md, the step summary): rendered by markdown-it, no link,
  image, emphasis or raw HTML; no unescaped GFM autolink or math; no control character;
- JSON: valid UTF-8 that parses, no invisible character raw;
- CSV and xlsx: no text cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

PAYLOADS = [
    "[click](http://evil.example)",
    "![t](http://evil.example/t.png)",
    "**bold** and __strong__",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "a|b|c",
    "`code` ``more``",
    "&lt;b&gt; &amp;",
    "http://evil.example/x",
    "www.evil.example",
    "x@evil.example",
    "$x^2$",
    "~~struck~~ _em_",
    "\x1b[31mred\x1b[0m\x1b[2J",
    "\x1b]8;;http://evil.example\x07link\x1b]8;;\x07",
    "abc\u202edcba",
    "\u2066isolated\u2069 \u200fmark",
    "a\x85b\x9bc",
    "a\u2028b\u2029c",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\n::error::injected",
    "%0A::warning file=x::injected",
    "[bold red]rich[/bold red]",
    "\r\nfake line",
    "# heading",
]

#: raw in any output a person reads: controls (but line breaks and tabs), DEL, C1, invisible and
#: reordering format characters, lone surrogates
RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
                        "\ufeff\ud800-\udfff]")
JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ud800-\udfff]")


def _toml_str(s: str) -> str:
    import tomli_w

    return tomli_w.dumps({"x": s}).split("=", 1)[1].strip()


def make_set(folder: Path, payload: str) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    q = _toml_str(payload)
    (folder / "sociofund.toml").write_text(f"format = 1\norganisation = {q}\n", encoding="utf-8")
    (folder / "2022.toml").write_text(f'''year = 2022
[[grant]]
fund = "slk"
funder = {q}
program = {q}
amount = 1_000_000
ref = {q}
decision = "d-1"

[[allocation]]
id = "a"
name = {q}
unit = {q}
amount = 600_000
ref = {q}
note = {q}
decision = "d-1"

[[allocation]]
id = "b"
name = {q}
amount = 400_000
''', encoding="utf-8")
    (folder / "2023.toml").write_text(f'''year = 2023
[[grant]]
fund = "slk"
amount = 1_000
status = {q}

[[allocation]]
id = "c"
amount = {q}
{_toml_str(payload)} = 1
''', encoding="utf-8")
    (folder / "decisions.toml").write_text(f'''format = 1
[[decision]]
id = "d-1"
body = "KS"
paragraph = {q}
dnr = {q}
note = {q}
date = 2021-11-22
title = {q}
status = "adopted"
years = [2022]
fund = "slk"
''', encoding="utf-8")
    name = payload.replace("/", "_").replace("\x00", "_")[:100] + ".toml"
    try:
        (folder / name).write_text("year = 2024\n", encoding="utf-8")
    except (OSError, ValueError):
        pass


def sinks(folder: Path, tmp: Path, payload: str) -> list[tuple[str, str, list[str], dict]]:
    """(sink, medium, arguments, extra environment)."""
    s = str(folder)
    return [
        ("check text", "text", ["check", s], {}),
        ("check json", "json", ["check", s, "--format", "json"], {}),
        ("check github", "github", ["check", s, "--format", "github"], {"GITHUB_STEP_SUMMARY": str(tmp / "summary.md")}),
        ("step summary", "md-file:summary.md", ["check", s, "--format", "github"],
         {"GITHUB_STEP_SUMMARY": str(tmp / "summary.md")}),
        ("report table", "text", ["report", "2022", "--ledgers", s], {}),
        ("report md", "md", ["report", "2022", "--ledgers", s, "--format", "md"], {}),
        ("report csv", "csv", ["report", "2022", "--ledgers", s, "--format", "csv"], {}),
        ("report json", "json", ["report", "2022", "--ledgers", s, "--format", "json"], {}),
        ("report xlsx", "xlsx-file:r.xlsx", ["report", "2022", "--ledgers", s, "--format", "xlsx", "--output",
                                             str(tmp / "r.xlsx")], {}),
        ("report html", "html", ["report", "2022", "--ledgers", s, "--format", "html"], {}),
        ("funder-report table", "text", ["funder-report", "slk", "2022", "--ledgers", s], {}),
        ("funder-report md", "md", ["funder-report", "slk", "2022", "--ledgers", s, "--format", "md"], {}),
        ("funder-report csv", "csv", ["funder-report", "slk", "2022", "--ledgers", s, "--format", "csv"], {}),
        ("funder-report json", "json", ["funder-report", "slk", "2022", "--ledgers", s, "--format", "json"], {}),
        ("funder-report html", "html", ["funder-report", "slk", "2022", "--ledgers", s, "--format", "html"], {}),
        ("decisions table", "text", ["decisions", "--ledgers", s], {}),
        ("decisions md", "md", ["decisions", "--ledgers", s, "--format", "md"], {}),
        ("decisions csv", "csv", ["decisions", "--ledgers", s, "--format", "csv"], {}),
        ("decisions json", "json", ["decisions", "--ledgers", s, "--format", "json"], {}),
        ("compare table", "text", ["compare", "d-1", "--ledgers", s], {}),
        ("compare md", "md", ["compare", "d-1", "--ledgers", s, "--format", "md"], {}),
        ("compare csv", "csv", ["compare", "d-1", "--ledgers", s, "--format", "csv"], {}),
        ("compare json", "json", ["compare", "d-1", "--ledgers", s, "--format", "json"], {}),
        # allocate has no --dry-run (a usage error would show no diff): grant's note is a diff line
        ("grant diff", "text", ["grant", "2022", "slk", "--note", payload, "--dry-run", "--ledgers", s], {}),
        ("error message", "text", ["spend", "2022", payload, "1", "--ledgers", s], {}),
    ]


def judge(medium: str, out: str, tmp: Path) -> list[str]:
    """What is wrong with ``out`` for ``medium`` (empty: nothing)."""
    problems = []
    if medium.startswith("md-file:"):
        path = tmp / medium.split(":", 1)[1]
        out = path.read_text(encoding="utf-8") if path.exists() else ""
        medium = "md"
    if medium.startswith("xlsx-file:"):
        return _judge_xlsx(tmp / medium.split(":", 1)[1])
    if medium == "json":
        if JSON_UNSAFE.search(out):
            problems.append("invisible character raw in JSON")
        try:
            json.loads(out)
        except ValueError:
            problems.append("not JSON")
        return problems
    if RAW_UNSAFE.search(out):
        problems.append(f"raw control/invisible character {RAW_UNSAFE.search(out).group(0)!r}")
    if medium == "github":
        for line in out.splitlines():
            if line.startswith("::") and not re.match(r"^::(error|warning) file=[^:]*,line=\d+,col=\d+,title=[A-Z]\d{3}::", line):
                problems.append(f"a workflow command not ours: {line[:60]!r}")
            elif "::" in line and not line.startswith("::") and re.search(r"(^|\s)::[a-z-]+", line):
                pass  # inside a message, after %0A-escaping: inert
    if medium == "md":
        problems += _judge_md(out)
    if medium == "html":
        problems += _judge_html(out)
    if medium == "csv":
        for row in csv.reader(io.StringIO(out)):
            problems += [f"formula cell {c[:30]!r}" for c in row if _formula(c)]
    return problems


def _formula(cell: str) -> bool:
    return bool(cell) and cell[0] in "=+-@\t\r" and not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cell)


def _judge_md(md: str) -> list[str]:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(md)
    problems = [f"Markdown made {tag}" for tag in ("<a ", "<img", "<em>", "<s>", "<script", "<del>")
                if tag in html]
    # strong: only our own bold labels (the totals row) may be bold
    if "evil" in html and re.search(r"<(a|img)\b", html):
        problems.append("a link or image to the payload")
    allowed = {"p", "h1", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "code",
               "strong", "em", "br", "ol", "hr", "blockquote", "pre", "del", "s"}
    for tag in re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", html):
        if tag.lower() not in allowed:
            problems.append(f"raw HTML <{tag}> passed through")
    # GFM extensions markdown-it's commonmark does not do: autolinks and math
    text = _outside_code(md)
    for pattern, what in ((r"(?<!\\):(?=//)", "an autolink (://)"), (r"(?<![\\])@", "an email autolink (@)"),
                          (r"(?i)(?<![\\])\bwww\.", "a www. autolink"), (r"(?<!\\)\$", "math ($)")):
        if re.search(pattern, text):
            problems.append(f"unescaped {what}")
    return problems


def _judge_html(html: str) -> list[str]:
    """Parsed as a browser would: no script, image, link, iframe or object element and no event
    handler attribute may come from the payload (sociofund's pages have none of them)."""
    from html.parser import HTMLParser

    problems: list[str] = []

    class Page(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "img", "a", "iframe", "object", "embed"):
                problems.append(f"HTML element <{tag}>")
            problems.extend(f"HTML event handler {k}=" for k, _ in attrs if k.startswith("on"))

    Page().feed(html)
    return problems


def _outside_code(md: str) -> str:
    """The Markdown source with code spans removed (inside them nothing is Markdown)."""
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", md)


#: the formulas sociofund itself writes: sums over cell ranges of its own figures (report xlsx),
#: never built from ledger text
OWN_FORMULA = re.compile(r"=(SUM\([A-Z]+[0-9]+:[A-Z]+[0-9]+\)|ABS\([A-Z]+[0-9]+-[A-Z]+[0-9]+\))")


def _judge_xlsx(path: Path) -> list[str]:
    try:
        import openpyxl
    except ImportError:
        return []
    if not path.exists():
        return ["no xlsx written"]
    wb = openpyxl.load_workbook(path)
    problems = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                # a string cell (t="s") is text to every spreadsheet, whatever it starts with; only a
                # formula cell runs. So xlsx text carries no CSV apostrophe (issue 13: "-IFO" stays "-IFO")
                if isinstance(c.value, str) and c.data_type == "f" and not OWN_FORMULA.fullmatch(c.value):
                    problems.append(f"formula cell {c.coordinate} {c.value[:30]!r}")
                if isinstance(c.value, str) and RAW_UNSAFE.search(c.value):
                    problems.append(f"raw control character in cell {c.coordinate}")
    return problems


def run(payloads: list[str] | None = None, workdir: Path | None = None, log=print) -> dict[str, int]:
    import tempfile

    from typer.testing import CliRunner

    from sociofund.cli import app

    base = Path(workdir or tempfile.mkdtemp(prefix="sociofund-inject-"))
    counts = {"tried": 0, "failed": 0, "crashed": 0}
    runner = CliRunner()
    for n, payload in enumerate(payloads or PAYLOADS):
        folder = base / f"p{n}" / "set"
        make_set(folder, payload)
        tmp = folder.parent
        for sink, medium, args, env in sinks(folder, tmp, payload):
            for f in ("summary.md", "r.xlsx"):
                if (tmp / f).exists():
                    (tmp / f).unlink()
            counts["tried"] += 1
            env = {"NO_COLOR": "1", "COLUMNS": "100", **env}
            old = {k: os.environ.get(k) for k in env}
            os.environ.update(env)
            try:
                r = runner.invoke(app, args, env=env)
            finally:
                for k, v in old.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
            problems = []
            if r.exit_code not in (0, 1, 2) or (r.exception and not isinstance(r.exception, SystemExit)):
                counts["crashed"] += 1
                problems.append(f"exit {r.exit_code} {r.exception!r}")
            out = r.stdout_bytes.decode("utf-8", "replace")
            err = r.stderr_bytes.decode("utf-8", "replace")
            try:
                r.stdout_bytes.decode("utf-8")
            except UnicodeDecodeError:
                problems.append("stdout is not UTF-8")
            if sink == "grant diff" and r.exit_code != 0:  # the payload must reach the diff
                problems.append(f"no diff: exit {r.exit_code}")
            problems += judge(medium, out, tmp)
            problems += [f"stderr: {p}" for p in judge("text", err, tmp)]
            if problems:
                counts["failed"] += 1
                log(f"  FAILED payload {n} {payload!r} in {sink}: {'; '.join(dict.fromkeys(problems))}")
    return counts
