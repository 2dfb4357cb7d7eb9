"""What `check` says about the job architecture (FORMAT.md section 13).

Errors: a duplicate ladder, level or family id; a role's level or family, or a path's end,
that does not exist; a range whose ends are on two ladders or upside down. Warnings: a role
ranked above its manager on the same ladder; pay bands that go down or overlap past the
midpoint as levels go up; a role without a level where others of its family have one.

No message ever quotes a pay figure: bands are confidential (level_models.py).
"""
from __future__ import annotations

import difflib
from typing import Any, Callable, Iterable, Optional

from ..errors import Diagnostic, error, warning
from .job_architecture import JobArchitecture
from .level_models import Level, split_level
from .loaded import LoadResult, Loaded
from .position_models import OrgFile, Role
from .yaml_reader import SourceFile


def _hint(name: str, candidates: Iterable[str]) -> str:
    found = difflib.get_close_matches(name, sorted(candidates), n=1)
    return f" (did you mean '{found[0]}'?)" if found else ""


def _mark(make: Callable, source: SourceFile, loc: tuple[Any, ...], code: str, message: str) -> Diagnostic:
    mark = source.mark_of(loc)
    return make(source.path, mark.line, mark.column, code, message)


def level_diagnostics(result: LoadResult) -> list[Diagnostic]:
    """Every rule of section 13 over the loaded files (nothing when org.yaml did not load)."""
    if result.org is None:
        return []
    org = result.org
    architecture = JobArchitecture(org.model)
    found = _duplicate_ids(org)
    found += _path_ends(org, architecture)
    found += _pay_band_warnings(org)
    for loaded in result.roles:
        found += _role_references(loaded, architecture)
    if not result.broken_role_ids:  # a manager or family member in a broken file would skew these
        found += _outranking(result.roles, architecture)
        found += _missing_levels(result.roles, architecture)
    return found


def _duplicate_ids(org: Loaded[OrgFile]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    first: dict[tuple[str, str], str] = {}

    def once(kind: str, item_id: str, loc: tuple[Any, ...], where: str) -> None:
        if (kind, item_id) in first:
            found.append(_mark(error, org.source, loc, "duplicate-id",
                               f"{kind} id '{item_id}' is used twice (first in {first[kind, item_id]})"))
        else:
            first[kind, item_id] = where

    for n, ladder in enumerate(org.model.ladders):
        once("ladder", ladder.id, ("ladders", n, "id"), f"ladder {ladder.id}")
        for m, level in enumerate(ladder.levels):
            once("level", level.id, ("ladders", n, "levels", m, "id"), f"ladder {ladder.id}")
    for n, family in enumerate(org.model.families):
        once("family", family.id, ("families", n, "id"), "families")
        for m, sub in enumerate(family.subfamilies):
            once("family", sub.id, ("families", n, "subfamilies", m, "id"), f"family {family.id}")
    return found


def _path_ends(org: Loaded[OrgFile], architecture: JobArchitecture) -> list[Diagnostic]:
    found = []
    for n, path in enumerate(org.model.paths):
        for key, level_id in (("from", path.from_), ("to", path.to)):
            if level_id not in architecture.levels:
                found.append(_mark(error, org.source, ("paths", n, key), "unknown-level",
                                   f"paths: level '{level_id}' is on no ladder{_hint(level_id, architecture.levels)}"))
        if path.from_ == path.to:
            found.append(_mark(error, org.source, ("paths", n, "to"), "path-to-itself",
                               f"paths: a path from '{path.from_}' to itself moves nowhere"))
    return found


def _role_references(loaded: Loaded[Role], architecture: JobArchitecture) -> list[Diagnostic]:
    role, source = loaded.model, loaded.source
    found = []
    if role.family is not None and role.family not in architecture.family_places:
        listed = "no families are listed in org.yaml" if not architecture.family_places else \
            f"not among org.yaml's families{_hint(role.family, architecture.family_places)}"
        found.append(_mark(error, source, ("family",), "unknown-family", f"family '{role.family}': {listed}"))
    if role.level is not None:
        found += _level_reference(role.level, source, architecture)
    return found


def _level_reference(text: str, source: SourceFile, architecture: JobArchitecture) -> list[Diagnostic]:
    low, high = split_level(text) or (text, text)
    for level_id in dict.fromkeys((low, high)):
        if level_id not in architecture.levels:
            listed = "no ladders are listed in org.yaml" if not architecture.levels else \
                f"on no ladder of org.yaml{_hint(level_id, architecture.levels)}"
            return [_mark(error, source, ("level",), "unknown-level", f"level '{level_id}': {listed}")]
    bottom, top = architecture.levels[low], architecture.levels[high]
    if bottom.ladder.id != top.ladder.id:
        return [_mark(error, source, ("level",), "level-range",
                      f"level '{text}': {low} is on ladder {bottom.ladder.id} and {high} on {top.ladder.id}; "
                      "a range stays on one ladder")]
    if bottom.rank > top.rank:
        return [_mark(error, source, ("level",), "level-range",
                      f"level '{text}': {low} is above {high} on ladder {bottom.ladder.id}; write the lower first "
                      f"({high}-{low})")]
    return []


def _outranking(roles: list[Loaded[Role]], architecture: JobArchitecture) -> list[Diagnostic]:
    """A role whose lowest level is above its manager's highest, on the same ladder."""
    by_id = {loaded.model.id: loaded.model for loaded in roles}
    found = []
    for loaded in roles:
        role = loaded.model
        manager = by_id.get(role.reports_to) if role.reports_to else None
        own, theirs = architecture.role_levels(role), architecture.role_levels(manager) if manager else []
        if own and theirs and own[0].ladder.id == theirs[0].ladder.id and own[0].rank > theirs[-1].rank:
            found.append(_mark(warning, loaded.source, ("level",), "level-above-manager",
                               f"level {role.level} is above {manager.level}, the level of its manager "
                               f"{manager.id} ({manager.title}), on ladder {own[0].ladder.id}"))
    return found


def _missing_levels(roles: list[Loaded[Role]], architecture: JobArchitecture) -> list[Diagnostic]:
    """A role of a family where other posts have a level, without one itself."""
    leveled: dict[str, int] = {}
    for loaded in roles:
        place = architecture.family_of(loaded.model)
        if place is not None and loaded.model.level is not None:
            leveled[place.family.id] = leveled.get(place.family.id, 0) + 1
    found = []
    for loaded in roles:
        place = architecture.family_of(loaded.model)
        if place is not None and loaded.model.level is None and leveled.get(place.family.id):
            found.append(_mark(warning, loaded.source, ("family",), "level-missing",
                               f"no level, while {leveled[place.family.id]} other post(s) of family "
                               f"{place.family.id} ({place.family.name}) have one; add `level:`"))
    return found


def _pay_band_warnings(org: Loaded[OrgFile]) -> list[Diagnostic]:
    """Bands out of order within a level, going down or overlapping past the midpoint between
    neighbouring levels. The messages name levels, never figures."""
    found = []
    for n, ladder in enumerate(org.model.ladders):
        previous: Optional[tuple[Level, int]] = None
        for m, level in enumerate(ladder.levels):
            band = level.pay
            if band is None:
                continue
            at = ("ladders", n, "levels", m, "pay")
            if not band.min <= (band.mid if band.mid is not None else band.min) <= band.max or band.min > band.max:
                found.append(_mark(warning, org.source, at, "pay-band-order",
                                   f"pay band of {level.id}: min, mid and max are not in rising order"))
            if previous is not None:
                found += _against_lower(org.source, at, previous[0], level)
            previous = (level, m)
    return found


def _against_lower(source: SourceFile, at: tuple[Any, ...], lower: Level, level: Level) -> list[Diagnostic]:
    below, band = lower.pay, level.pay
    if (below.currency, below.period) != (band.currency, band.period):
        return [_mark(warning, source, at, "pay-band-units",
                      f"pay band of {level.id} is in another currency or period than {lower.id}'s; "
                      "neighbouring bands cannot be compared")]
    if band.min < below.min or band.max < below.max or (
            band.mid is not None and below.mid is not None and band.mid < below.mid):
        return [_mark(warning, source, at, "pay-band-down",
                      f"pay band of {level.id} goes below the band of {lower.id}, the level under it")]
    lower_mid = below.mid if below.mid is not None else (below.min + below.max) / 2
    if band.min < lower_mid:
        return [_mark(warning, source, at, "pay-band-overlap",
                      f"pay band of {level.id} starts below the midpoint of {lower.id}'s band: "
                      "the two levels overlap by more than half")]
    return []
