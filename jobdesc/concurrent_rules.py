"""兼任: one person holding several posts (FORMAT.md section 3, "Concurrent posts").

A person is a name, or a name with an `id` when two people share it. Wherever the same person
is an incumbent of more than one role, every post but one (the main post) must say
`concurrent: true`; otherwise the staffing table would count them twice. A person whose every
post is marked concurrent has no main post, which is just as wrong.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from .errors import Diagnostic, error
from .loaded import Loaded
from .models import Role

Place = tuple[Loaded[Role], int]  # a role and the index of the person in its incumbents


def _loc(loaded: Loaded[Role], index: int) -> tuple[Any, ...]:
    return ("incumbents", index) if isinstance(loaded.source.data.get("incumbents"), list) else ("incumbents",)


def _where(loaded: Loaded[Role], index: int) -> str:
    mark = loaded.source.mark_of(_loc(loaded, index))
    return f"'{loaded.model.id}' ({loaded.source.path}:{mark.line}:{mark.column})"


def _error(loaded: Loaded[Role], index: int, message: str) -> Diagnostic:
    mark = loaded.source.mark_of(_loc(loaded, index))
    return error(loaded.source.path, mark.line, mark.column, "concurrent-post", message)


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
