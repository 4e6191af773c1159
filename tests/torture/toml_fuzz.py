"""The differential TOML fuzz: mutated ledger files through sociofund's parser and tomllib.

Whatever parses fast must accept exactly what tomllib accepts and produce the same values
(issue 18, item 4). Each mutated *set* also goes through the whole pipeline in-process — load and
check under both parsers (the findings must be equal), the report data and every report format,
and a dry-run change — and nothing may raise but ``SociofundError``.
"""

from __future__ import annotations

import math
import random
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: what the mutations splice in: TOML's significant characters and the constructs one parser or
#: another is lax about (TOML 1.1 escapes, inline-table newlines and trailing commas, times
#: without seconds, byte-order marks, carriage returns, control characters)
TOKENS = [
    '"', "'", "\\", "{", "}", "[", "]", "=", ",", ".", "#", "\n", "\r", "\r\n", "\t", ":", "+", "-", "_",
    "e", "E", "x", "u", "U", "0", "1", "9", " ", "\ufeff", "\x00", "\x7f", "\x1b", "\\e", "\\x41",
    "\\u0041", "\\U0001F600", "\\ud800", ",}", "{a=1,\n}", '"""', "'''", "07:32", "07:32:00", "1979-05-27",
    "T", "Z", "+01:00", "nan", "inf", "-0", "0x1F", "0o7", "0b1", "1e5", "1.", ".5", "true", "å", "\u2028",
    "\x85", "[[a]]", "[a]", "a.b", "\\\n", "a = 1\n", "1_000", "__", "\\r", '"\\n"', "\x0c", "\x0b",
    "{ projekt = \"7101\" }", "{ projekt = \"7101\", }", "codes = {\n", "\u202e", "٢٠٢٢", "\udcff",
    "amount = ", "spent = ", "year = ", "closed = ", "[[allocation]]\nid = \"z\"\n", "[[grant]]\n",
]


def seeds() -> list[str]:
    """Real ledger files to start from: the shipped ledgers and the test fixtures."""
    paths = sorted((ROOT / "ledgers").glob("*/*.toml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.toml"))
    return [p.read_text(encoding="utf-8") for p in paths]


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(text) + 1)
        op = rng.random()
        tok = rng.choice(TOKENS)
        if op < 0.5:
            text = text[:i] + tok + text[i:]
        elif op < 0.8:
            text = text[:i] + tok + text[i + rng.randint(1, 3):]
        else:
            text = text[:i] + text[i + rng.randint(1, 5):]
    return text


def norm(value):
    """Parsed data in a form that compares by value and type (nan equals nan, 1 is not 1.0)."""
    if isinstance(value, float):
        return ("nan",) if math.isnan(value) else ("float", repr(value))
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [norm(v) for v in value]
    return (type(value).__name__, repr(value))


def verdict(parse, text: str):
    try:
        return ("ok", norm(parse(text)))
    except tomllib.TOMLDecodeError:
        return ("refused",)
    except (RecursionError, ValueError) as exc:  # what from_bytes turns into F001
        return ("refused", type(exc).__name__)


def compare_parsers(text: str) -> str | None:
    """None when sociofund's parser gives tomllib's verdict and values, else what differs."""
    from sociofund.core import ledgerfile

    ours, ref = verdict(ledgerfile.parse_toml, text), verdict(tomllib.loads, text)
    if ours[0] != ref[0]:
        return f"verdict: sociofund {ours[0]}, tomllib {ref[0]}"
    if ours != ref:
        return "values differ"
    return None


def mutated(n: int, seed: int = 0) -> Iterator[str]:
    rng = random.Random(seed)
    texts = seeds()
    for _ in range(n):
        yield mutate(rng, rng.choice(texts))


def run(n_sets: int, seed: int = 0, workdir: Path | None = None, log=print) -> dict[str, int]:
    """``n_sets`` mutated sets: each a copy of Ragunda's set with one file mutated. Counts
    tried / failed (parser disagreement, findings that differ between parsers, any exception
    other than SociofundError anywhere in the pipeline)."""
    import tempfile

    from sociofund.core import SociofundError, ledgerfile, ops, reports
    from sociofund.core.loader import load_set
    from sociofund.core.writer import run as write
    from sociofund.render.options import RenderOptions

    counts = {"tried": 0, "failed": 0, "parser_checks": 0, "rtoml_only": 0}
    rng = random.Random(seed)
    base = Path(workdir or tempfile.mkdtemp(prefix="sociofund-fuzz-"))
    template = ROOT / "ledgers" / "ragunda"
    folder = base / "ragunda"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(template, folder)
    names = sorted(p.name for p in template.glob("*.toml"))
    originals = {name: (template / name).read_text(encoding="utf-8") for name in names}
    texts = seeds()
    fast = ledgerfile._fast_loads
    formats = _report_renderers()
    for i in range(n_sets):
        name = rng.choice(names)
        text = mutate(rng, originals[name] if rng.random() < 0.7 else rng.choice(texts))
        for other in names:
            (folder / other).write_text(originals[other], encoding="utf-8")
        (folder / name).write_bytes(text.encode("utf-8", "surrogateescape"))
        counts["tried"] += 1
        problem = None
        try:
            # the parsers alone, on this text and on a few more mutations of any seed (cheap)
            for candidate in (text, *(mutate(rng, rng.choice(texts)) for _ in range(4))):
                counts["parser_checks"] += 1
                if fast is not None:
                    try:
                        fast(candidate)
                        if verdict(tomllib.loads, candidate)[0] != "ok":
                            counts["rtoml_only"] += 1  # what rtoml alone would have accepted
                    except Exception:  # noqa: BLE001
                        pass
                problem = problem or compare_parsers(candidate)
                if problem is not None:
                    text = candidate
                    break
            if problem is None:
                loaded = load_set(folder)
                ledgerfile._fast_loads = None
                try:
                    reference = load_set(folder)
                finally:
                    ledgerfile._fast_loads = fast
                if loaded.findings != reference.findings:
                    problem = "findings differ between the parsers"
            if problem is None:
                data = reports.build([(loaded.ledger_set, loaded.findings)])
                for fmt, render in formats.items():
                    render(data, RenderOptions())
                year = next(iter(loaded.ledger_set.years), 2022)
                try:
                    write(folder, lambda ld: ops.spend(ld, year, "trampolin-ifo", 1), dry_run=True)
                except SociofundError:
                    pass
        except SociofundError:
            pass
        except Exception as exc:  # noqa: BLE001 - what the campaign is looking for
            problem = f"{type(exc).__name__}: {exc}"
        if problem is not None:
            counts["failed"] += 1
            keep = base / f"failed-{i:05d}.toml"
            keep.write_bytes(text.encode("utf-8", "surrogateescape"))
            log(f"  fuzz #{i} ({name}): {problem} -> {keep}")
    return counts


def _report_renderers() -> dict:
    """The report formats a mutated set goes through (xlsx only in the injection matrix: building
    a workbook costs more than the rest of a set's run)."""
    from sociofund.render import report_csv, report_json, report_md, report_table

    return {"table": report_table.render, "md": report_md.render, "csv": report_csv.render,
            "json": report_json.render}
