"""Every text the user typed in a validated organisation: read them all, or rewrite them all.

The walk is generic on purpose: it goes through Pydantic models, dataclasses, dicts, lists
and tuples, so a model added later (meetings, chapters) is covered without a line here.
What is not text the user typed is left alone: ids and other slugs never hold a Chinese
character, Literal values (periods, languages) are ASCII, amounts are Decimals, paths are
Paths. Fields and types named in `skip` (person names, file names, code) are kept as typed.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterator

from pydantic import BaseModel

# Not the user's text: where the organisation was read from, and the loaded files themselves.
NOT_CONTENT = frozenset({"root", "sources", "source"})


def iter_strings(value: Any) -> Iterator[str]:
    """Every string inside `value`, person names included (dict keys are ids: skipped).
    The commonest kinds are tested first: this walk is most of what a build that converts
    nothing pays for editions (~10 ms for 300 positions)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from iter_strings(item)
    elif isinstance(value, BaseModel):
        for item in value.__dict__.values():  # the model's fields (private attributes live elsewhere)
            yield from iter_strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from iter_strings(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name not in NOT_CONTENT:
                yield from iter_strings(getattr(value, field.name))


def map_strings(value: Any, convert: Callable[[str], str], skip: frozenset[str]) -> Any:
    """`value` with every string converted, except in fields (or objects of types) named in
    `skip`; objects that hold no changed string are returned as they are (the same object)."""
    if type(value).__name__ in skip:
        return value
    if isinstance(value, str):
        converted = convert(value)
        return value if converted == value else converted
    if isinstance(value, BaseModel):
        changes = _changed_fields(value, type(value).model_fields, convert, skip)
        return value.model_copy(update=changes) if changes else value  # keeps private attributes
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value) if f.init and f.name not in NOT_CONTENT]
        changes = _changed_fields(value, names, convert, skip)
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, dict):
        items = {key: map_strings(item, convert, skip) for key, item in value.items()}
        return value if all(items[k] is value[k] for k in value) else items
    if isinstance(value, (list, tuple)):
        items = [map_strings(item, convert, skip) for item in value]
        if all(new is old for new, old in zip(items, value)):
            return value
        if isinstance(value, list):
            return items
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)  # a NamedTuple too
    return value


def _changed_fields(owner: Any, names, convert: Callable[[str], str], skip: frozenset[str]) -> dict[str, Any]:
    changes = {}
    for name in names:
        if name in skip:
            continue
        old = getattr(owner, name)
        new = map_strings(old, convert, skip)
        if new is not old:
            changes[name] = new
    return changes
