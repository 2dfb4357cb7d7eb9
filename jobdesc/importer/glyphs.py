"""Characters no output font draws are kept out of a draft, so a draft always passes `check`.

cleaning.py already takes out what a broken converter leaves (private-use, unassigned,
control characters) line by line. What remains can still be undrawable: a character of CJK
Extension B (U+20000), an emoji, a Wingdings bullet (U+F0D8) standing inside a line rather
than before an item. The same test `check` applies (textcheck.cannot_print, with the fonts of
the draft's language) finds them in every text of the drafted organisation; each becomes □,
so no field is left empty, and the position gets a TODO naming what was replaced.
"""
from __future__ import annotations

import dataclasses

from ..textcheck import FontsMissing, cannot_print, printable_characters

MISSING = "□"
_NOT_WRITTEN = {"draft"}  # the importer's working notes, never written to a file


def replace_undrawable(org) -> list[tuple[str, str]]:
    """Replace undrawable characters in every text of `org` (in place); (owner, codes) replaced."""
    try:
        printable = printable_characters(org.language)
    except FontsMissing:
        return []  # `check` says which font to install; nothing here can be judged without it
    scrubber = _Scrubber(printable)
    replaced = []
    for owner in [org, *org.departments, *org.roles]:
        scrubber.found = {}
        for field in dataclasses.fields(owner):
            if field.name in _NOT_WRITTEN or field.name in ("departments", "roles"):
                continue
            _set(owner, field.name, scrubber.clean(getattr(owner, field.name)))
        if scrubber.found:
            codes = " ".join(f"U+{ord(c):04X}" for c in scrubber.found)
            replaced.append((getattr(owner, "id", "org"), codes))
            if hasattr(owner, "todos"):
                owner.todos.append(f"{codes}: no font jobdesc prints with draws it; replaced by {MISSING}, "
                                   "write what stood there")
    holders: set[str] = set()  # two names replaced alike are one name now: a person holds one post
    for role in org.roles:
        if holders.intersection(role.incumbents):
            role.incumbents = []
            role.todos.append(f"incumbents left out: a name replaced by {MISSING} is also another post's")
        holders.update(role.incumbents)
    return replaced


class _Scrubber:
    def __init__(self, printable: frozenset[int]):
        self.printable = printable
        self.missing = MISSING if not cannot_print(MISSING, printable) else "?"
        self.found: dict[str, None] = {}

    def clean(self, value):
        if isinstance(value, str):
            if value.isascii() and value.isprintable():
                return value
            bad = {c for c in set(value) if cannot_print(c, self.printable)}
            if not bad:
                return value
            self.found.update(dict.fromkeys(sorted(bad)))
            return "".join(self.missing if c in bad else c for c in value)
        if isinstance(value, list):
            value[:] = [self.clean(v) for v in value]
            return value
        if isinstance(value, tuple):
            return tuple(self.clean(v) for v in value)
        if isinstance(value, dict):
            return {self.clean(k): self.clean(v) for k, v in value.items()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                if field.name not in _NOT_WRITTEN:
                    _set(value, field.name, self.clean(getattr(value, field.name)))
        return value


def _set(owner, name: str, value) -> None:
    object.__setattr__(owner, name, value)  # also for frozen dataclasses (Kpi): they are being built
