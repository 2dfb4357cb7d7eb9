"""Turn Pydantic validation errors into located, human messages.

Pydantic reports a path such as ('duties', 2, 'items', 0, 'txt'). We follow that
path through the loaded YAML (`SourceFile.mark_of`) to find the line and column,
and rephrase the message for HR staff rather than Python programmers.
"""
from __future__ import annotations

import difflib
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from .errors import Diagnostic, error
from .yamlsafe import SourceFile


def field_path(loc: Iterable[Any]) -> str:
    """('duties', 2, 'text') → 'duties[3].text' (1-based, as people count list items)."""
    out = ""
    for step in loc:
        if isinstance(step, int):
            out += f"[{step + 1}]"
        else:
            out += f".{step}" if out else str(step)
    return out


def _known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at the mapping that holds `loc[-1]` (for 'did you mean')."""
    current: Any = model
    for step in loc[:-1]:
        if isinstance(step, int):
            continue
        fields = getattr(current, "model_fields", {})
        if step not in fields:
            return []
        annotation = fields[step].annotation
        current = _innermost_model(annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _innermost_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _innermost_model(arg)
        if found is not None:
            return found
    return None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _message(err: dict, model: type[BaseModel]) -> str:
    kind, loc, ctx = err["type"], tuple(err["loc"]), err.get("ctx") or {}
    where = field_path(loc)
    got = _describe(err.get("input"))
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _known_keys(model, loc)
        hint = difflib.get_close_matches(key, allowed, n=1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        listed = f"; allowed here: {', '.join(allowed)}" if allowed and not hint else ""
        return f"unknown key '{where}'{suggestion}{listed}"
    if kind == "missing":
        return f"missing required field '{where}'"
    prefix = f"'{where}': " if where else ""
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{prefix}expected a whole number, got {got}"
    if kind in ("float_parsing", "float_type"):
        return f"{prefix}expected a number, got {got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{prefix}expected true or false, got {got}"
    if kind == "string_type":
        return f"{prefix}expected text, got {got}"
    if kind == "list_type":
        return f"{prefix}expected a list (items starting with '- '), got {got}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if not where:
            return f"expected a mapping of fields (key: value) at the top of the file, got {got}"
        return f"{prefix}expected a mapping (key: value), got {got}"
    if kind == "string_pattern_mismatch":
        return f"{prefix}{got} is not a valid id: use lowercase letters, digits and '-', starting with a letter or digit"
    if kind == "literal_error":
        return f"{prefix}{got} is not allowed; use one of {ctx.get('expected', '')}"
    if kind in ("too_short",):
        if ctx.get("min_length") == 1:
            return f"{prefix}must not be empty"
        return f"{prefix}needs at least {ctx.get('min_length')} items"
    if kind == "string_too_short":
        return f"{prefix}must not be empty"
    if kind == "string_too_long":
        return f"{prefix}text is too long (over {ctx.get('max_length')} characters)"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return f"{prefix}{err['msg'].lower()}, got {got}"
    if kind == "value_error":
        return f"{prefix}{str(ctx.get('error', err['msg']))}"
    return f"{prefix}{err['msg']}"


_CODES = {"extra_forbidden": "unknown-key", "missing": "missing-field"}


def validation_diagnostics(exc: ValidationError, source: SourceFile, model: type[BaseModel]) -> list[Diagnostic]:
    diagnostics = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        mark = source.mark_of(loc, key=err["type"] == "extra_forbidden")
        code = _CODES.get(err["type"], "invalid-value")
        diagnostics.append(error(source.path, mark.line, mark.column, code, _message(err, model)))
    return diagnostics
