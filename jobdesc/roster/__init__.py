"""`jobdesc roster FILE [DIR]`: the people of an HR roster against the positions of DIR (FORMAT.md 11).

    reading.py   the file (xlsx, csv in UTF-8/GB18030/UTF-16), bounded, only the recognised columns
    xlsx.py      a workbook's cells as stored, from its checked XML (formulas never evaluated)
    columns.py   which headers are which field (Feishu, DingTalk, WeCom, BambooHR, common ones)
    people.py    rows → people and their posts (兼任), leavers skipped, duplicates refused
    matching.py  post → role (roster-map.yaml, title, external_title, aliases)
    drift.py     the drift report; writing.py: `--apply`; report.py: text, json, github
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import Diagnostic, warning
from ..format.organisation import Organisation
from .drift import Drift, find_drift
from .people import People


@dataclass
class RosterCheck:
    org: Organisation
    people: People
    drift: Drift
    notes: list[Diagnostic]  # warnings about the run itself (a roster inside DIR), not drifts


def compare_roster(file: Path, directory: Path, columns: dict[str, str],
                   org: Optional[Organisation] = None) -> RosterCheck:
    from ..format.loader import load_organisation
    from ..format.roster_map import load_roster_map
    from .aside import roster_read_aside
    from .matching import Matcher
    from .people import people_of
    from .reading import read_roster

    if org is None:  # `jobdesc roster`: the roster is read in a child meanwhile (aside.py)
        with roster_read_aside(file, columns) as roster:
            org, _warnings = load_organisation(directory)
            mappings = load_roster_map(directory, set(org.roles))
            read = roster()
    else:
        mappings = load_roster_map(directory, set(org.roles))
        read = read_roster(file, columns)
    people = people_of(read)
    drift = find_drift(org, people, Matcher(org, mappings), file)
    return RosterCheck(org, people, drift, inside_directory(file, directory))


def inside_directory(file: Path, directory: Path) -> list[Diagnostic]:
    real, root = os.path.realpath(file), os.path.realpath(directory)
    if os.path.commonpath([real, root]) != root:
        return []
    return [warning(file, 1, 1, "roster-in-directory",
                    f"the roster is inside {directory}: it holds personal data and would be committed with "
                    "the organisation; keep it outside the repository")]
