"""Derived facts of the job architecture (FORMAT.md section 13) that rules and renderers share:
where each level sits on its ladder, which family a role belongs to, the levels a role spans.

Built from org.yaml alone (`JobArchitecture(org_file)`), so the cross-file rules, which
run before an `Organisation` exists, and the renderers ask the same questions the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .level_models import Family, Ladder, Level, SubFamily, split_level
from .position_models import OrgFile, Role


@dataclass(frozen=True)
class PlacedLevel:
    """A level with its ladder and its rank on it (0: the lowest)."""

    ladder: Ladder
    level: Level
    rank: int

    @property
    def label(self) -> str:
        """P2 高级专员, or P2 alone when the level has no name."""
        return f"{self.level.id} {self.level.name}" if self.level.name else self.level.id


@dataclass(frozen=True)
class FamilyPlace:
    """A family id as a role names it: the family, and the sub-family when it names one."""

    family: Family
    subfamily: Optional[SubFamily] = None

    @property
    def name(self) -> str:
        return f"{self.family.name} · {self.subfamily.name}" if self.subfamily else self.family.name


class JobArchitecture:
    """The ladders, levels and families of one org.yaml, indexed (first definition wins: a
    duplicate id is an error the rules report)."""

    def __init__(self, org_file: OrgFile):
        self.ladders: tuple[Ladder, ...] = tuple(org_file.ladders)
        self.families: tuple[Family, ...] = tuple(org_file.families)
        self.paths = tuple(org_file.paths)
        self.levels: dict[str, PlacedLevel] = {}
        for ladder in self.ladders:
            for rank, level in enumerate(ladder.levels):
                self.levels.setdefault(level.id, PlacedLevel(ladder, level, rank))
        self.family_places: dict[str, FamilyPlace] = {}
        for family in self.families:
            self.family_places.setdefault(family.id, FamilyPlace(family))
            for sub in family.subfamilies:
                self.family_places.setdefault(sub.id, FamilyPlace(family, sub))

    @property
    def used(self) -> bool:
        """org.yaml states ladders or families: the outputs of section 13 are made."""
        return bool(self.ladders or self.families)

    @property
    def has_pay(self) -> bool:
        return any(level.pay for ladder in self.ladders for level in ladder.levels)

    def role_levels(self, role: Role) -> list[PlacedLevel]:
        """The levels a role spans, lowest first ([] without a level, or one the rules refuse)."""
        span = self.level_span(role.level)
        if span is None:
            return []
        low, high = span
        return [PlacedLevel(low.ladder, level, rank) for rank, level in enumerate(low.ladder.levels)
                if low.rank <= rank <= high.rank]

    def level_span(self, text: Optional[str]) -> Optional[tuple[PlacedLevel, PlacedLevel]]:
        """(lowest, highest) of a `level:` text, when both exist on one ladder in that order."""
        ends = split_level(text) if text else None
        if ends is None or ends[0] not in self.levels or ends[1] not in self.levels:
            return None
        low, high = self.levels[ends[0]], self.levels[ends[1]]
        if low.ladder.id != high.ladder.id or low.rank > high.rank:
            return None
        return low, high

    def level_text(self, role: Role) -> str:
        """The level as a job description prints it: P2 高级专员, or P5–P6 for a range."""
        levels = self.role_levels(role)
        if not levels:
            return ""
        if len(levels) == 1:
            return levels[0].label
        return f"{levels[0].level.id}–{levels[-1].level.id}"

    def family_of(self, role: Role) -> Optional[FamilyPlace]:
        return self.family_places.get(role.family) if role.family else None
