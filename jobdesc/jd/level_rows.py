"""What a job description prints of the job architecture (FORMAT.md section 13): the level and
the family in its header, and the level's generic requirements in its 任职资格.

The level's requirements come first, each marked as the level's ("（P2 职级通用要求）"), then
the role's own; a field the role states itself replaces the level's. A range (P5-P6) inherits
the requirements of its lowest level, the entry to the post. Pay bands are never read here.
"""
from __future__ import annotations

from ..format.organisation import Organisation
from ..format.position_models import Role
from ..i18n import labels_for

LABELS_ZH = {
    "level": "职级",
    "family": "职位序列",
    "competencies": "职级能力要求",
    "from_level": "（{level} 职级通用要求）",
    "joined": "；",
}
LABELS_EN = {
    "level": "Level",
    "family": "Job family",
    "competencies": "Level competencies",
    "from_level": " (level {level} requirement)",
    "joined": "; ",
}


def level_labels(language: str) -> dict[str, str]:
    return labels_for(language, LABELS_ZH, LABELS_EN)


def level_header(org: Organisation, role: Role, language: str) -> list[tuple[str, str, str]]:
    """(key, label, value) rows for the header: 职级 and 职位序列, only those the role states."""
    labels = level_labels(language)
    rows = []
    level = org.architecture.level_text(role)
    if level:
        rows.append(("level", labels["level"], level))
    place = org.architecture.family_of(role)
    if place is not None:
        rows.append(("family", labels["family"], place.name))
    return rows


def inherited_requirements(org: Organisation, role: Role, jd_labels: dict[str, str],
                           language: str) -> list[tuple[str, str]]:
    """(label, value) rows of the level's requirements the role does not state itself, marked."""
    levels = org.architecture.role_levels(role)
    if not levels:
        return []
    entry = levels[0].level
    labels = level_labels(language)
    marker = labels["from_level"].format(level=entry.id)
    wanted = entry.requirements
    own = role.qualifications
    rows = []
    if wanted.education and not own.education:
        rows.append((jd_labels["education"], wanted.education + marker))
    if wanted.experience and not own.experience:
        rows.append((jd_labels["experience"], wanted.experience + marker))
    if wanted.competencies:
        rows.append((labels["competencies"], labels["joined"].join(wanted.competencies) + marker))
    return rows
