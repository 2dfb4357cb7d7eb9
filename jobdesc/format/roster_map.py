"""DIR/roster-map.yaml: what `jobdesc roster` cannot match by title (FORMAT.md section 11).

    - {title: 高级置业顾问, department: 销售一部, role: wealth-specialist}

Each entry sends the people of one roster title (within one roster department, when given) to
one role. The file is read like every other YAML file of the directory (yaml_reader.py: no
anchors, no tags, text stays text) and every mistake points at its line and column. The loader
does not take it for a position (loader.py skips it).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from pydantic import Field

from ..errors import Diagnostic, UserError, error
from .loader import ROSTER_MAP_FILE
from .position_models import Slug, Strict, Text
from .entry_lists import validated_entries
from .yaml_reader import Mark, load_yaml


class RosterMapEntry(Strict):
    title: Text = Field(title="Title in the roster", description="As the HR system writes it, e.g. 高级置业顾问.")
    department: Optional[Text] = Field(
        None, title="Department in the roster",
        description="The roster's department (or a department id); omitted: the title in any department.")
    role: Slug = Field(title="Role", description="The role id these people hold.")


@dataclass(frozen=True)
class RosterMapping:
    entry: RosterMapEntry
    path: Path
    mark: Mark


def load_roster_map(root: Path, role_ids: set[str]) -> list[RosterMapping]:
    """The entries of DIR/roster-map.yaml ([] when there is none); UserError naming every mistake."""
    path = root / ROSTER_MAP_FILE
    if not path.exists() and not path.is_symlink():
        return []
    source = load_yaml(path, root=root)
    problems: list[Diagnostic] = []
    found: list[RosterMapping] = []
    entries = validated_entries(source, path, "roster-map", RosterMapEntry,
                                f"{ROSTER_MAP_FILE} is a list of {{title, department, role}} entries",
                                "each entry is {title: ..., department: ..., role: ...}", problems)
    for entry, mark, entry_source in entries:
        if entry.role not in role_ids:
            at = entry_source.mark_of(("role",))
            problems.append(error(path, at.line, at.column, "unknown-role",
                                  f"role '{entry.role}' does not exist in this directory"))
            continue
        found.append(RosterMapping(entry, path, mark))
    if problems:
        raise UserError(problems)
    return found
