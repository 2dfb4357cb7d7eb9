"""The job-level table (职级体系表) as plain rows: levels down, families across, each cell the
posts at that level in that family (FORMAT.md section 13).

Each ladder is a block of rows, highest level first (the way 职级体系表 are read: the top of
the ladder at the top). A post with a range of levels (P5-P6) is in every row of its range.
Posts with a level and no family are in a last column, 未归入职族, only when there are some.
Pay bands are never read here: they have their own table (pay_bands.py).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional

from ..format.job_architecture import PlacedLevel
from ..format.organisation import Organisation
from ..format.position_models import Role

NO_FAMILY = ""  # the column id of posts without a family


@dataclass(frozen=True)
class LevelColumn:
    id: str  # a family id, or NO_FAMILY
    name: str


@dataclass(frozen=True)
class LevelRow:
    ladder_id: str
    ladder_name: str
    level_id: str
    level_name: str
    first_of_ladder: bool  # the row that opens its ladder's block
    ladder_size: int  # rows in the block (the ladder cell spans them)
    requirements: str  # the level's generic requirements, one line
    cells: tuple[tuple[str, ...], ...]  # per column, the posts' printed titles


@dataclass(frozen=True)
class LevelGrid:
    columns: tuple[LevelColumn, ...]
    rows: tuple[LevelRow, ...]
    unleveled: tuple[str, ...]  # posts of a family without a level (check warns of them)


def requirement_text(level, labels: dict[str, str]) -> str:
    """学历：本科及以上；经验：3年以上；能力：A、B, from what the level states."""
    wanted = level.requirements
    parts = []
    if wanted.education:
        parts.append(f"{labels['education']}{labels['colon']}{wanted.education}")
    if wanted.experience:
        parts.append(f"{labels['experience']}{labels['colon']}{wanted.experience}")
    if wanted.competencies:
        parts.append(f"{labels['competencies']}{labels['colon']}{labels['list_sep'].join(wanted.competencies)}")
    return labels["req_sep"].join(parts)


def post_titles(org: Organisation, roles: list[Role], labels: dict[str, str]) -> tuple[str, ...]:
    """Printed titles; two posts with one title are told apart by their department."""
    counts = Counter(role.title for role in roles)
    return tuple(role.title + labels["bracketed"].format(text=org.department_of(role).name)
                 if counts[role.title] > 1 else role.title for role in roles)


def level_grid(org: Organisation, labels: dict[str, str]) -> LevelGrid:
    architecture = org.architecture
    roles = list(org.iter_roles())  # reporting order: a cell lists managers first
    family_ids = [family.id for family in architecture.families]
    placed: dict[tuple[str, str], list[Role]] = {}
    homeless = False
    for role in roles:
        place = architecture.family_of(role)
        column = place.family.id if place else NO_FAMILY
        for level in architecture.role_levels(role):
            placed.setdefault((level.level.id, column), []).append(role)
            homeless |= column == NO_FAMILY
    columns = [LevelColumn(family.id, family.name) for family in architecture.families]
    if homeless:
        columns.append(LevelColumn(NO_FAMILY, labels["no_family"]))
    rows = []
    for ladder in architecture.ladders:
        levels = list(reversed(ladder.levels))
        for n, level in enumerate(levels):
            cells = tuple(post_titles(org, placed.get((level.id, column.id), []), labels) for column in columns)
            rows.append(LevelRow(ladder.id, ladder.name, level.id, level.name or "", n == 0, len(levels),
                                 requirement_text(level, labels), cells))
    unleveled = tuple(role.title for role in roles
                      if role.level is None and architecture.family_of(role) is not None and role.family in family_ids)
    return LevelGrid(tuple(columns), tuple(rows), unleveled)


@dataclass(frozen=True)
class FamilyLadder:
    """One ladder as a family's career-path diagram draws it: its levels, lowest first, each with
    the family's posts at it."""

    id: str
    name: str
    levels: tuple[tuple[PlacedLevel, tuple[str, ...]], ...]


@dataclass(frozen=True)
class FamilyPaths:
    family_id: str
    family_name: str
    ladders: tuple[FamilyLadder, ...]
    moves: tuple[tuple[str, str, str], ...]  # (from level, to level, name) between the ladders drawn


def family_paths(org: Organisation, labels: dict[str, str]) -> list[FamilyPaths]:
    """Per family, the ladders its posts are on (in org.yaml's order) and the listed moves
    between levels of those ladders; a family with no post on a ladder is left out."""
    architecture = org.architecture
    roles = list(org.iter_roles())
    found = []
    for family in architecture.families:
        members = [r for r in roles if (p := architecture.family_of(r)) is not None and p.family.id == family.id]
        at: dict[str, list[Role]] = {}
        for role in members:
            for level in architecture.role_levels(role):
                at.setdefault(level.level.id, []).append(role)
        ladders = []
        for ladder in architecture.ladders:
            if any(level.id in at for level in ladder.levels):
                ladders.append(FamilyLadder(ladder.id, ladder.name, tuple(
                    (architecture.levels[level.id], post_titles(org, at.get(level.id, []), labels))
                    for level in ladder.levels)))
        if not ladders:
            continue
        shown = {level.level.id for ladder in ladders for level, _ in ladder.levels}
        moves = tuple((path.from_, path.to, path.name or "") for path in architecture.paths
                      if path.from_ in shown and path.to in shown)
        found.append(FamilyPaths(family.id, family.name, tuple(ladders), moves))
    return found


def level_of_role(org: Organisation, role_id: str) -> Optional[str]:
    """The level label the org chart may print under a post (P2, or P5–P6)."""
    role = org.roles.get(role_id)
    if role is None or role.level is None:
        return None
    return org.architecture.level_text(role).split(" ")[0] or None
