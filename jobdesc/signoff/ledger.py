"""`jobdesc signoff record ROLE PERSON`: one entry appended to DIR/signoffs.yaml.

The ledger is edited with ruamel.yaml's round trip (importer/yamlrt.py): its comments, key
order, quoting and flow style stay as HR wrote them; the new entry is one flow-style line
like the example in FORMAT.md. The edited text is read back with the strict reader and the
whole ledger checked (role, person, version, date, duplicates) before the file is replaced
(atomically); a refused entry leaves the file as it was.
"""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import Optional

from ..errors import UserError
from ..format.organisation import Organisation
from ..format.signoff_ledger import ledger_diagnostics, load_ledger
from ..format.signoff_models import SIGNOFF_FILE, VERSION_RE, ledger_path, person_key, today
from .history import find_versions
from .version import role_version


def _refuse(message: str, code: str = "signoff-record") -> UserError:
    """A refused `record`: about its arguments, so placed at the ledger's top."""
    return UserError.at(SIGNOFF_FILE, 1, 1, code, message)


def _checked_arguments(org: Organisation, role: str, person: str, person_id: Optional[str], signed: Optional[str],
                       version: Optional[str]) -> tuple[str, str]:
    if role not in org.roles:
        raise _refuse(f"role '{role}' does not exist in this directory", "signoff-unknown-role")
    holders = [p for p in org.roles[role].incumbents or ()
               if person_key(p.name, p.id) == person_key(person, person_id)
               or (person_id is None and p.name == person)]
    if not holders:
        named = "、".join(p.name for p in org.roles[role].incumbents or ()) or "none named"
        raise _refuse(f"'{person}' is not an incumbent of '{role}' (incumbents: {named})", "signoff-unknown-person")
    if len(holders) > 1:
        raise _refuse(f"'{role}' has {len(holders)} incumbents named '{person}': give --id", "signoff-unknown-person")
    date = signed or today().isoformat()
    try:
        if datetime.date.fromisoformat(date) > today() or len(date) != 10:
            raise _refuse(f"--date {date} is after today", "signoff-future-date")
    except ValueError:
        raise _refuse(f"--date '{date}' is not a date written YYYY-MM-DD") from None
    current = role_version(org, role)
    if version is None or version == current:
        return date, current
    if not VERSION_RE.fullmatch(version):
        raise _refuse(f"--version '{version}' is not a version (8 characters 0-9, a-f)")
    history = find_versions(Path(org.root), {(role, version)})
    if (role, version) not in history.found:
        raise _refuse(f"version {version} was never a version of '{role}' (current: {current})",
                      "signoff-unknown-version")
    return date, version


def record(directory: Path, org: Organisation, role: str, person: str, person_id: Optional[str],
           signed: Optional[str], version: Optional[str]) -> str:
    """Append the entry; returns it as written. UserError (nothing written) when it is refused."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from ..importer.yamlrt import _replace, dump, load, read_lf, round_trip_yaml

    date, version = _checked_arguments(org, role, person, person_id, signed, version)
    path = ledger_path(directory)
    exists = path.exists() or path.is_symlink()
    text = read_lf(path) if exists else ""
    entries = load_ledger(directory)  # the ledger as it is must be readable before anything is added
    for item in entries:
        e = item.entry
        if (e.role, person_key(e.person, e.id), e.version) == (role, person_key(person, person_id), version):
            raise UserError.at(path, item.mark.line, item.mark.column, "signoff-duplicate",
                               f"'{person}' signing version {version} of '{role}' is already recorded here")
    entry = CommentedMap()
    entry["role"] = role
    entry["person"] = DoubleQuotedScalarString(person)
    if person_id:
        entry["id"] = DoubleQuotedScalarString(person_id)
    entry["version"] = DoubleQuotedScalarString(version)
    entry["signed"] = DoubleQuotedScalarString(date)
    entry.fa.set_flow_style()
    if entries:
        yaml, document = load(text)
        document.append(entry)
        new = dump(yaml, document)
    else:  # no entry yet (no file, an empty one, comments only, or "[]"): the comments stay on top
        kept = "".join(line + "\n" for line in text.split("\n") if line.strip() and line.strip() != "[]")
        new = kept + dump(round_trip_yaml(), CommentedSeq([entry]))
    problems = [d for d in ledger_diagnostics(load_ledger(directory, new), org, today()) if d.severity == "error"]
    if problems:
        raise UserError(problems)
    if exists:
        _replace(path, new.encode("utf-8"))
    else:
        path.write_text(new, encoding="utf-8")
    return new.rstrip("\n").split("\n")[-1].lstrip("- ")
