"""Reading DIR/signoffs.yaml (FORMAT.md section 12) and the rules that need the organisation.

    - {role: sales-manager, person: 陈立明, version: 3f9a2c1e, signed: "2026-03-01"}

The ledger is read like every other YAML file of the directory (yaml_reader.py: no anchors,
no tags, text stays text) and every mistake points at its line and column. Whether a version
ever existed, and which entries are stale, needs the job descriptions' fingerprints and is
decided above this stage (jobdesc/signoff/). The loader does not take the ledger for a
position (loader.py skips it).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import Diagnostic, UserError, error, warning
from .entry_lists import validated_entries
from .signoff_models import SIGNOFF_FILE, SignoffEntry, has_ledger, ledger_path, person_key
from .yaml_reader import Mark, SourceFile, load_yaml


@dataclass(frozen=True)
class LedgerEntry:
    entry: SignoffEntry
    path: Path
    mark: Mark  # the entry's place in the file
    source: SourceFile  # the entry alone, for the marks of its fields

    def at(self, key: str) -> Mark:
        return self.source.mark_of((key,))


def load_ledger(root: Path, text: Optional[str] = None) -> list[LedgerEntry]:
    """The entries of DIR/signoffs.yaml ([] when there is none), or of `text` as that file;
    UserError naming every mistake of form (what needs the organisation is `ledger_diagnostics`)."""
    path = ledger_path(root)
    if text is None and not has_ledger(root):
        return []
    source = load_yaml(path, text, root=root)
    problems: list[Diagnostic] = []
    entries = validated_entries(source, path, "signoff-ledger", SignoffEntry,
                                f"{SIGNOFF_FILE} is a list of {{role, person, version, signed}} entries",
                                "each entry is {role: ..., person: ..., version: ..., signed: ...}", problems)
    found = [LedgerEntry(entry, path, mark, entry_source) for entry, mark, entry_source in entries]
    if problems:
        raise UserError(problems)
    return found


def ledger_diagnostics(entries: list[LedgerEntry], org, today: datetime.date) -> list[Diagnostic]:
    """Entries naming a role or person that does not exist, signed after `today`, or twice.
    (A person who no longer holds the role is a warning: the entry is history.)"""
    problems: list[Diagnostic] = []
    everyone = {person_key(p.name, p.id) for role in org.roles.values() for p in role.incumbents or ()}
    seen: dict[tuple, LedgerEntry] = {}
    for item in entries:
        e, path = item.entry, item.path
        if e.role not in org.roles:
            at = item.at("role")
            problems.append(error(path, at.line, at.column, "signoff-unknown-role",
                                  f"role '{e.role}' does not exist in this directory"))
            continue
        who = person_key(e.person, e.id)
        holders = {person_key(p.name, p.id) for p in org.roles[e.role].incumbents or ()}
        at = item.at("person")
        if who not in everyone:
            named = "、".join(p.name for p in org.roles[e.role].incumbents or ()) or "none named"
            problems.append(error(path, at.line, at.column, "signoff-unknown-person",
                                  f"'{e.person}' is not an incumbent of any role (incumbents of "
                                  f"'{e.role}': {named})"))
            continue
        if who not in holders:
            problems.append(warning(path, at.line, at.column, "signoff-not-incumbent",
                                    f"'{e.person}' no longer holds '{e.role}' (the entry is kept as history)"))
        if datetime.date.fromisoformat(e.signed) > today:
            at = item.at("signed")
            problems.append(error(path, at.line, at.column, "signoff-future-date",
                                  f"signed on {e.signed}, a day still to come"))
        key = (e.role, who, e.version)
        if key in seen:
            first = seen[key].mark
            problems.append(error(path, item.mark.line, item.mark.column, "signoff-duplicate",
                                  f"'{e.person}' signing version {e.version} of '{e.role}' is already recorded "
                                  f"at line {first.line}"))
        else:
            seen[key] = item
    return problems
