"""How much one position may hold: what `check` accepts, the build can afford.

The file limit (1 MB a file) was the only bound on a role, and a 1 MB role of 63,188
duties passed `check`, then built for 160 s in 3 GB: a job description costs layout
time and memory per line it prints (~50 KB of layout memory a duty). So a role may hold
at most MAX_ROLE_ITEMS list items (duties and their sub-items, workflow steps, KPIs,
incumbents, …) and MAX_ROLE_CHARS characters of text, counting the duties it carries
through `extends` (its job description prints them too). The largest real role we have
holds 50 items and 1,330 characters; a role at both limits at once (990 duties of 60
characters) is a 48-page job description, built in ~5 s of CPU and +50 MB.
"""
from __future__ import annotations

from typing import Any, Iterator, Optional

from ..errors import Diagnostic, error
from .loaded import Loaded
from .position_models import Role

MAX_ROLE_ITEMS = 1_000
MAX_ROLE_CHARS = 60_000


def _steps(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, int, int]]:
    """(path, items, characters) of every list item and text in document order."""
    pending = [(path, node, False)]
    while pending:
        where, value, is_item = pending.pop()
        if is_item:
            yield where, 1, 0
        if isinstance(value, dict):
            pending.extend(reversed([(where + (k,), v, False) for k, v in value.items()]))
        elif isinstance(value, list):
            pending.extend(reversed([(where + (i,), v, True) for i, v in enumerate(value)]))
        elif isinstance(value, str):
            yield where, 0, len(value)


def _field(path: tuple) -> str:
    return "".join(f"[{step}]" if isinstance(step, int) else (f".{step}" if i else str(step))
                   for i, step in enumerate(path)) or "the role"


def _over(items: int, chars: int) -> Optional[str]:
    if items > MAX_ROLE_ITEMS:
        return f"more than {MAX_ROLE_ITEMS:,} list items (duties and their sub-items, workflow steps, KPIs …)"
    if chars > MAX_ROLE_CHARS:
        return f"more than {MAX_ROLE_CHARS:,} characters of text"
    return None


def _totals(*nodes: Any) -> tuple[int, int]:
    """(items, characters) of trees, as `_steps` counts them, without the paths: every role is
    measured so (2,000 positions: ~0.3 s with the paths), and only one over a limit is walked
    again by `_steps` to point at where it goes over."""
    items = chars = 0
    pending = list(nodes)
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            chars += len(value)
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            items += len(value)
            pending.extend(value)
    return items, chars


def _split_totals(data: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    """The totals of a role's duties and of everything else in it."""
    if not isinstance(data, dict):
        return (0, 0), _totals(data)
    return _totals(data.get("duties", [])), _totals(*(value for key, value in data.items() if key != "duties"))


def role_size_diagnostics(roles: list[Loaded[Role]]) -> list[Diagnostic]:
    """One error per role over a limit, at the item or text where it goes over."""
    found: list[Diagnostic] = []
    by_id = {r.model.id: r for r in roles}
    # Each role's duties (what `extends` carries) and the rest of it, each walked once.
    sizes = [_split_totals(r.source.data) for r in roles]
    duties_size = {r.model.id: duties for r, (duties, _rest) in zip(roles, sizes)}
    for loaded, (duties, rest) in zip(roles, sizes):
        items, chars = duties[0] + rest[0], duties[1] + rest[1]
        if _over(items, chars):  # walked again, with paths, to point where it goes over
            items = chars = 0
            for path, n, c in _steps(loaded.source.data):
                items, chars = items + n, chars + c
                problem = _over(items, chars)
                if problem:
                    mark = loaded.source.mark_of(path)
                    found.append(error(loaded.source.path, mark.line, mark.column, "role-too-large",
                                       f"{_field(path)}: this position holds {problem}; split it into several "
                                       "positions (a job description that long cannot be printed in reasonable time)"))
                    break
        else:
            seen, current = {loaded.model.id}, loaded.model.extends
            while current in by_id and current not in seen:  # the chain `extends` prints, cycle-safe
                seen.add(current)
                items, chars = items + duties_size[current][0], chars + duties_size[current][1]
                current = by_id[current].model.extends
            problem = _over(items, chars)
            if problem:
                mark = loaded.source.mark_of(("extends",))
                found.append(error(loaded.source.path, mark.line, mark.column, "role-too-large",
                                   f"extends: with the duties it carries through 'extends' this position holds "
                                   f"{problem}; split it into several positions"))
    return found
