"""Turn Pydantic validation errors into located, human messages: one per problem, one line each.

Pydantic reports a path such as ('activities', 1, 'A', 'list[constrained-str]', 2). Besides the
keys and indexes the user typed, it holds the names Pydantic gives the branches of a union
('constrained-str', 'list[constrained-str]') and steps of its own normalisations (`R: seller`
checked as item 0 of a list). We follow the path through the loaded YAML (`SourceFile`) and keep
only the steps that exist there, so messages and locations speak of what the user wrote:
`activities[2].A[2]: expected a role id, got a mapping`. A union gives one error per branch;
we keep the branch whose shape (text or list) matches what was typed, or else say in one message
which shapes are allowed.
"""
from __future__ import annotations

import difflib
import math
from functools import lru_cache
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ..errors import Diagnostic, error
from .position_models import SLUG
from .yaml_reader import SourceFile


def field_path(loc: Iterable[Any]) -> str:
    """('duties', 2, 'text') → 'duties[3].text' (1-based, as people count list items)."""
    out = ""
    for step in loc:
        if isinstance(step, int):
            out += f"[{step + 1}]"
        else:
            out += f".{step}" if out else str(step)
    return out




def _inner_models(annotation: Any, in_list: bool = False) -> list[tuple[Any, bool]]:
    """Every model a field's annotation holds, each with whether it sits inside a list (an
    activity's A is signatures {sign: [...]} or a list of tiers)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(annotation, in_list)]
    listed = in_list or getattr(annotation, "__origin__", None) is list
    return [found for arg in getattr(annotation, "__args__", ()) or () for found in _inner_models(arg, listed)]


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The model whose fields hold `loc[-1]` (None where the path leaves the models)."""
    current: Any = model
    steps = loc[:-1]
    for n, step in enumerate(steps):
        if isinstance(step, int):
            continue
        fields = getattr(current, "model_fields", {})
        if step not in fields:
            return None
        candidates = _inner_models(fields[step].annotation)
        if not candidates:
            return None
        # Where a field holds several models, the one the path goes on into: by the next key,
        # else by whether a list index follows.
        after = loc[n + 1:]
        key = next((s for s in after if isinstance(s, str)), None)
        indexed = bool(after) and isinstance(after[0], int)
        current = next((m for m, _ in candidates if key in m.model_fields),
                       next((m for m, listed in candidates if listed == indexed), candidates[0][0]))
    return current


def _known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at the mapping that holds `loc[-1]` (for 'did you mean')."""
    return list(getattr(_model_at(model, loc), "model_fields", {}))


def _field(model: type[BaseModel], loc: tuple[Any, ...]) -> FieldInfo | None:
    """The field the value at `loc` belongs to (for a list item: the list's field)."""
    names = [step for step in loc if isinstance(step, str)]
    if not names:
        return None
    trimmed = loc[: max(i for i, step in enumerate(loc) if isinstance(step, str)) + 1]
    return getattr(_model_at(model, trimmed), "model_fields", {}).get(names[-1])


@lru_cache(maxsize=None)
def _all_field_names(model: type[BaseModel]) -> frozenset[str]:
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(name)
        for inner, _listed in _inner_models(info.annotation):
            if inner is not model:
                names |= _all_field_names(inner)
    return frozenset(names)


def _user_loc(loc: tuple[Any, ...], data: Any, model: type[BaseModel]) -> tuple[tuple[Any, ...], int | None, str | None]:
    """Pydantic's path reduced to the steps the user typed, where a union branch was taken
    (the length of the path at that point) and the branch's name."""
    node, kept, union_at, branch = data, [], None, None
    for i, step in enumerate(loc):
        if isinstance(node, dict) and isinstance(step, str) and step in node:
            kept.append(step)
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            kept.append(step)
            node = node[step]
        elif isinstance(step, str) and step in _all_field_names(model) and i == len(loc) - 1 \
                and isinstance(node, dict):
            kept.append(step)  # a missing field: not in the data, still the user's word
        elif isinstance(step, str) and step not in _all_field_names(model) and union_at is None:
            union_at, branch = len(kept), step
        # else: a step of Pydantic's own normalisation (`R: x` as item 0, a duty's text)
    return tuple(kept), union_at, branch


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for step in loc:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):  # a missing field: nothing typed there
            return None
    return data


def _shape(value: Any) -> str:
    return "list" if isinstance(value, list) else "mapping" if isinstance(value, dict) else "text"


def _branch_shape(branch: str) -> str:
    if branch.startswith(("list[", "tuple[", "set[")):
        return "list"
    if branch.startswith("dict[") or branch[:1].isupper():  # a model's name: a mapping
        return "mapping"
    return "text"


def _holds_ids(field: FieldInfo | None) -> bool:
    return field is not None and SLUG in repr(field)


def _id_noun(loc: tuple[Any, ...]) -> str:
    name = next((step for step in reversed(loc) if isinstance(step, str)), "")
    return "a department id" if name in ("department", "parent") else "an id" if name == "id" else "a role id"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _message(err: dict, loc: tuple[Any, ...], model: type[BaseModel]) -> str:
    """The message for one error, `loc` being the user's path (no library names in it)."""
    kind, ctx = err["type"], err.get("ctx") or {}
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
    prefix = f"{where}: " if where else ""
    field = _field(model, loc)
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return f"{prefix}expected a whole number, got {got}"
    if kind in ("float_parsing", "float_type", "finite_number") or _not_finite(err.get("input")):
        return f"{prefix}expected a number, got {got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{prefix}expected true or false, got {got}"
    if kind == "string_type":
        return f"{prefix}expected {_id_noun(loc) if _holds_ids(field) else 'text'}, got {got}"
    if kind == "list_type":
        if _holds_ids(field):
            noun = _id_noun(loc)
            return f"{prefix}expected {noun} or a list of {noun.split(' ', 1)[1]}s, got {got}"
        return f"{prefix}expected a list (items starting with '- '), got {got}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if not where:
            return f"expected a mapping of fields (key: value) at the top of the file, got {got}"
        return f"{prefix}expected a mapping (key: value), got {got}"
    if kind == "string_pattern_mismatch":
        return f"{prefix}{got} is not a valid id: use lowercase letters, digits and '-', starting with a letter or digit"
    if kind == "literal_error":
        return f"{prefix}{got} is not allowed; use one of {ctx.get('expected', '')}"
    if kind == "too_short":
        if ctx.get("min_length") == 1:
            return f"{prefix}must not be empty"
        return f"{prefix}needs at least {ctx.get('min_length')} items"
    if kind == "string_too_short":
        return f"{prefix}must not be empty"
    if kind == "string_too_long":
        return f"{prefix}text is too long (over {ctx.get('max_length')} characters)"
    bounds = {"greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"),
              "less_than_equal": ("at most", "le"), "less_than": ("less than", "lt")}
    if kind in bounds:
        words, key = bounds[kind]
        return f"{prefix}must be {words} {_number(ctx.get(key))}, got {got}"
    if kind == "value_error":
        return f"{prefix}{ctx.get('error', err['msg'])}"
    return f"{prefix}{_plain(err['msg'])}"


def _not_finite(value: Any) -> bool:
    try:
        return isinstance(value, str) and not math.isfinite(float(value))
    except ValueError:
        return False


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _plain(msg: str) -> str:
    """Pydantic's own wording, for an error kind the models do not produce today."""
    msg = msg.removeprefix("Input should be ").removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:]


def _union_errors(errors: list[tuple[dict, tuple, str]], at: tuple, value: Any,
                  model: type[BaseModel]) -> list[tuple[dict, tuple]]:
    """The errors of the union at `at`, reduced to the branch matching the shape typed there;
    where none matches, one error saying which shapes are allowed."""
    typed = _shape(value)
    # `A: x` is read as `A: [x]`: a text typed where a union holds a list is that list's item.
    matching = [(err, loc) for err, loc, branch in errors
                if _branch_shape(branch) == typed or (typed == "text" and _branch_shape(branch) == "list"
                                                      and err["type"] != "list_type")]
    if matching:
        return matching
    err = {**errors[0][0], "input": value}
    if _holds_ids(_field(model, at)) and any(_branch_shape(branch) == "list" for _, _, branch in errors):
        return [({**err, "type": "list_type"}, at)]  # "expected a role id or a list of role ids"
    words = {"text": "text", "list": "a list", "mapping": "a mapping (key: value)"}
    alternatives = " or ".join(words[shape] for shape in sorted({_branch_shape(b) for _, _, b in errors}))
    return [({**err, "type": "union_shape", "msg": f"{field_path(at)}: expected {alternatives}, got {_describe(value)}"}, at)]


_CODES = {"extra_forbidden": "unknown-key", "missing": "missing-field"}


def validation_diagnostics(exc: ValidationError, source: SourceFile, model: type[BaseModel]) -> list[Diagnostic]:
    plain: list[tuple[dict, tuple]] = []
    unions: dict[tuple, list[tuple[dict, tuple, str]]] = {}
    for err in exc.errors(include_url=False):
        loc, union_at, branch = _user_loc(tuple(err["loc"]), source.data, model)
        if union_at is None:
            plain.append((err, loc))
        else:
            unions.setdefault(loc[:union_at], []).append((err, loc, branch))
    for at, errors in unions.items():
        plain += _union_errors(errors, at, _value_at(source.data, at), model)

    diagnostics, seen = [], set()
    for err, loc in plain:
        mark = source.mark_of(loc, key=err["type"] == "extra_forbidden")
        message = err["msg"] if err["type"] == "union_shape" else _message(err, loc, model)
        code = _CODES.get(err["type"], "invalid-value")
        if (mark, message) not in seen:  # two branches or normalisations can say the same thing
            seen.add((mark, message))
            diagnostics.append(error(source.path, mark.line, mark.column, code, message))
    return diagnostics
