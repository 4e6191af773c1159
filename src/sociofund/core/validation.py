"""Pydantic's validation errors -> findings: each error becomes a format finding (F003-F006)
at its key path, with a did-you-mean for an unknown key and the amount to write instead of a
float or string.

Must not import: typer, rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from sociofund.core.diagnostics import Finding, Severity
from sociofund.core.model import ENTRY_MODELS, MONEY_FIELDS, ACCOUNT_RANGE, NOT_BLANK, Config, FundInfo, UtfallSettings, YearFile
from sociofund.core.money import MAX_KRONOR, toml_literal

if TYPE_CHECKING:  # a type only: ledgerfile reads and writes files
    from sociofund.core.ledgerfile import SourceFile


def validate(src: SourceFile, model: type[BaseModel], findings: list[Finding]) -> Any:
    """The file's data as ``model``, or None with the reasons added to ``findings``."""
    if src.problem is not None:
        findings.append(src.problem)
        return None
    try:
        return model.model_validate(src.data)
    except ValidationError as exc:
        findings.extend(_from_validation(src.path, exc, model))
        return None


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The valid keys of the table that holds the key at ``loc`` (for did-you-mean)."""
    parent = loc[:-1]
    if model.__name__ == "DecisionsFile":
        from sociofund.core.decisions import fields_at

        return fields_at(loc)
    if model is YearFile:
        if parent and parent[0] in ENTRY_MODELS:
            return list(ENTRY_MODELS[str(parent[0])].model_fields)
        return list(YearFile.model_fields)
    if parent and parent[0] == "funds":
        return list(FundInfo.model_fields)
    if parent and parent[0] == "utfall":
        return list(UtfallSettings.model_fields)
    return list(Config.model_fields)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _money_suggestion(value: Any) -> str | None:
    """What to write instead of a float or string amount, when it is clear."""
    from sociofund.core.money import MoneyError, parse_kronor

    if isinstance(value, float) and value.is_integer() and 0 <= value <= MAX_KRONOR:
        return toml_literal(int(value))
    if isinstance(value, str):
        try:
            return toml_literal(parse_kronor(value))
        except MoneyError:
            return None
    return None


def _from_validation(file: str, exc: ValidationError, model: type[BaseModel]) -> list[Finding]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        etype = err["type"]
        key = str(loc[-1]) if loc else ""
        if etype == "extra_forbidden":
            import difflib

            valid = _fields_at(model, loc)
            from sociofund.core import hints  # (a clean file needs none: check pays nothing for it)

            meant = hints.synonym(key)  # belopp -> amount, fördelning -> allocation
            near = [meant] if meant in valid else difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
            out.append(Finding("F003", Severity.ERROR, file, {"key": key, "suggestion": near[0] if near else None}, loc))
        elif etype == "missing":
            out.append(Finding("F005", Severity.ERROR, file, {"key": key}, loc))
        elif key in MONEY_FIELDS and len(loc) >= 2:
            value = err.get("input")
            out.append(Finding("F004", Severity.ERROR, file,
                               {"key": key, "value": _short(value), "suggestion": _money_suggestion(value),
                                "problem": _problem(etype, err)}, loc))
        elif etype == "list_type" and isinstance(err.get("input"), dict) and len(loc) == 1 and key in ENTRY_MODELS:
            # [allocation] written for [[allocation]]: say the shape it needs, not the table's contents
            out.append(Finding("F006", Severity.ERROR, file,
                               {"key": key, "value": f"[{key}]",
                                "problem": {"type": "table_shape", "ctx": {"key": key}, "fallback": "list of tables"},
                                "fix": f"[[{key}]]"}, loc))
        else:
            fix = _fix(key, err.get("input")) if etype == "bool_type" else None
            out.append(Finding("F006", Severity.ERROR, file,
                               {"key": ".".join(str(p) for p in loc if not isinstance(p, int) and p != "[key]"), "value": _short(err.get("input")),
                                "problem": _problem(etype, err), "fix": fix}, loc))
    return out


def _fix(key: str, value: Any) -> str | None:
    """``closed = "ja"`` -> ``closed = true``: the line to write, when the value says it."""
    from sociofund.core import hints

    fixed = hints.syntax_fix(f"{key} = {value}") if isinstance(value, str) else None
    return fixed[1] if fixed else None


def _problem(etype: str, err: dict[str, Any]) -> dict[str, Any]:
    """The kind of a value error, as data for the message catalogue."""
    ctx = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, (int, float, str))}
    if etype == "string_pattern_mismatch":  # which pattern: an id's, an account range's, "not blank"
        etype = {ACCOUNT_RANGE: "account_pattern", NOT_BLANK: "blank"}.get(str(ctx.get("pattern")), etype)
    return {"type": etype, "ctx": ctx, "fallback": err.get("msg", "")}

