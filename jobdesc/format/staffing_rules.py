"""Who holds a post, its figures and whom it serves (FORMAT.md section 3).

兼任: a person is a name, or a name with an `id` when two people share it. Wherever the same person
is an incumbent of more than one role, every post but one (the main post) must say
`concurrent: true`; otherwise the staffing table would count them twice. A person whose every
post is marked concurrent has no main post, which is just as wrong.

Figures: a post's `filled` may not exceed its `budget`, and its incumbents must number
`filled`; a post without figures (编制未列明) is only a warning. `serves` names other departments.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Optional

from ..errors import Diagnostic, error, warning
from .loaded import Loaded
from .position_models import Role

Place = tuple[Loaded[Role], int]  # a role and the index of the person in its incumbents


def _loc(loaded: Loaded[Role], index: int) -> tuple[Any, ...]:
    return ("incumbents", index) if isinstance(loaded.source.data.get("incumbents"), list) else ("incumbents",)


def _where(loaded: Loaded[Role], index: int) -> str:
    mark = loaded.source.mark_of(_loc(loaded, index))
    return f"'{loaded.model.id}' ({loaded.source.path}:{mark.line}:{mark.column})"


def _error(loaded: Loaded[Role], index: int, message: str) -> Diagnostic:
    return _at(loaded, _loc(loaded, index), "concurrent-post", message)


def _who(loaded: Loaded[Role], index: int) -> str:
    person = loaded.model.incumbents[index]
    return f"{person.name} ({person.id})" if person.id else person.name


def concurrent_post_diagnostics(roles: list[Loaded[Role]]) -> list[Diagnostic]:
    places: dict[tuple[str, str], list[Place]] = {}
    ids = Counter(loaded.model.id for loaded in roles)
    for loaded in roles:
        if ids[loaded.model.id] > 1:  # a copied file: reported as a duplicate id, not as two posts
            continue
        for index, person in enumerate(loaded.model.incumbents or ()):
            places.setdefault(person.person, []).append((loaded, index))
    found: list[Diagnostic] = []
    for held in places.values():
        found += _same_post_twice(held)
        posts = list({id(loaded): (loaded, index) for loaded, index in held}.values())
        main = [(loaded, index) for loaded, index in posts if not loaded.model.incumbents[index].concurrent]
        if len(main) > 1:
            first, (loaded, index) = main[0], main[1]
            found.append(_error(loaded, index,
                                f"{_who(loaded, index)} is also an incumbent of {_where(*first)}, and neither post "
                                f"is marked concurrent: write {{name: {loaded.model.incumbents[index].name}, "
                                f"concurrent: true}} on every post but the person's main post (兼任)"))
            for loaded, index in main[2:]:
                found.append(_error(loaded, index, f"{_who(loaded, index)} is also the main incumbent of "
                                                   f"{_where(*first)}: only one post can be the main one"))
        elif not main:
            loaded, index = posts[0]
            others = ", ".join(_where(*place) for place in posts[1:])
            held_too = f" (also concurrent in {others})" if others else ""
            found.append(_error(loaded, index,
                                f"{_who(loaded, index)} is marked concurrent{held_too} but holds no main post: "
                                f"remove `concurrent: true` from the post that is this person's main post"))
    return found


def _same_post_twice(held: list[Place]) -> list[Diagnostic]:
    seen: set[int] = set()
    found = []
    for loaded, index in held:
        if id(loaded) in seen:
            found.append(_error(loaded, index, f"{_who(loaded, index)} is listed twice in this post; two people "
                                               f"with the same name are told apart with {{name: ..., id: ...}}"))
        seen.add(id(loaded))
    return found


def _at(loaded: Loaded[Role], loc: tuple[Any, ...], code: str, message: str, *, warn: bool = False) -> Diagnostic:
    mark = loaded.source.mark_of(loc)
    return (warning if warn else error)(loaded.source.path, mark.line, mark.column, code, message)


def headcount_diagnostics(loaded: Loaded[Role]) -> list[Diagnostic]:
    role, found = loaded.model, []
    if role.figures_stated:  # not stated: no figure to check the names against
        budget, filled = role.headcount.budget, role.headcount.filled
        if filled > budget:
            found.append(_at(loaded, ("headcount", "filled"), "headcount",
                             f"filled ({filled}) is greater than budget ({budget})"))
        if role.incumbents is not None and len(role.incumbents) != filled:
            found.append(_at(loaded, ("incumbents",), "incumbents",
                             f"{len(role.incumbents)} incumbent(s) listed but headcount.filled is {filled}"))
    return found


def not_stated_warnings(loaded: Loaded[Role]) -> list[Diagnostic]:
    headcount = loaded.model.headcount
    if headcount is None:
        return [_at(loaded, ("title",), "headcount-not-stated",
                    "headcount is not stated (编制未列明): no figure is printed for this post", warn=True)]
    if headcount.filled is None:
        return [_at(loaded, ("headcount",), "headcount-not-stated",
                    "headcount.filled is not stated: the post's budget is printed, but it is in no total", warn=True)]
    return []


def serves_diagnostics(loaded: Loaded[Role], department_ids: Optional[set[str]],
                       did_you_mean: Callable[[str, set[str]], str]) -> list[Diagnostic]:
    """`serves` names departments of org.yaml (unchecked when org.yaml is broken), never the
    post's own, each once."""
    role, found = loaded.model, []
    for i, served in enumerate(role.serves):
        loc = ("serves", i) if isinstance(loaded.source.data.get("serves"), list) else ("serves",)
        if department_ids is not None and served not in department_ids:
            found.append(_at(loaded, loc, "unknown-reference", f"serves '{served}' names no department in "
                                                                f"org.yaml{did_you_mean(served, department_ids)}"))
        elif served == role.department:
            found.append(_at(loaded, loc, "self-reference",
                             f"serves '{served}' is this post's own department (serves lists the others)"))
        elif served in role.serves[:i]:
            found.append(_at(loaded, loc, "duplicate-id", f"serves names '{served}' twice"))
    return found
