"""Sign-off (岗位说明书签收, FORMAT.md section 12): the ledger DIR/signoffs.yaml and the
acknowledgement text of org.yaml's `handbook.acknowledgement`.

    - {role: sales-manager, person: 陈立明, version: 3f9a2c1e, signed: "2026-03-01"}

The ledger is read like every other YAML file of the directory (yaml_reader.py: no anchors,
no tags, text stays text) and every mistake points at its line and column. Whether a version
ever existed, and which entries are stale, needs the job descriptions' fingerprints and is
decided above this stage (jobdesc/signoff/). The loader does not take the ledger for a
position (loader.py skips it).
"""
from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Optional

from pydantic import Field, ValidationError, field_validator

from ..errors import Diagnostic, UserError, error, warning
from .model_base import Slug, Strict, Text
from .yaml_reader import Mark, SourceFile, YMap, YSeq, load_yaml

SIGNOFF_FILE = "signoffs.yaml"
VERSION_RE = re.compile(r"[0-9a-f]{8}")

# What the employee confirms above the signature (org.yaml `handbook.acknowledgement` replaces it).
DEFAULT_ACKNOWLEDGEMENT = {
    "zh-CN": "员工确认：本人已阅读并理解本岗位说明书的内容，知悉本岗位的职责、考核标准与任职要求，并同意遵照执行。",
    "zh-TW": "員工確認：本人已閱讀並理解本職務說明書的內容，知悉本職務的職責、考核標準與任職要求，並同意遵照執行。",
    "zh-HK": "員工確認：本人已閱讀並理解本職位說明書的內容，知悉本職位的職責、考核標準與任職要求，並同意遵照執行。",
    "en": "Employee acknowledgement: I have read and understood this job description, including the duties, "
          "the performance measures and the requirements of the position, and agree to carry them out.",
}

ACKNOWLEDGEMENT_HELP = ("What an incumbent confirms by signing the job description (员工确认); default: "
                        "a sentence in the handbook's language. Printed when the organisation uses sign-off "
                        "(it names incumbents or keeps signoffs.yaml).")

Version = Annotated[str, Field(pattern=r"^[0-9a-f]{8}$", title="Version",
                               description="The 8-character fingerprint `jobdesc signoff status` shows.")]


class SignoffEntry(Strict):
    role: Slug = Field(title="Role", description="The role id whose job description was signed.")
    person: Text = Field(title="Person (姓名)", description="The incumbent as the role file names them.")
    id: Optional[Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        None, title="Person id (工号)", description="For two incumbents with the same name, as in the role file.")
    version: Version
    signed: Text = Field(title="Signed on (签收日期)", description='The date signed, "YYYY-MM-DD".')

    @field_validator("signed")
    @classmethod
    def _a_date(cls, value: str) -> str:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a date written YYYY-MM-DD") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"'{value}' is not a date written YYYY-MM-DD")
        return value

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


@dataclass(frozen=True)
class LedgerEntry:
    entry: SignoffEntry
    path: Path
    mark: Mark  # the entry's place in the file
    source: SourceFile  # the entry alone, for the marks of its fields

    def at(self, key: str) -> Mark:
        return self.source.mark_of((key,))


def ledger_path(root: Path) -> Path:
    return root / SIGNOFF_FILE


def has_ledger(root: Path) -> bool:
    path = ledger_path(root)
    return path.exists() or path.is_symlink()


def load_ledger(root: Path, text: Optional[str] = None) -> list[LedgerEntry]:
    """The entries of DIR/signoffs.yaml ([] when there is none), or of `text` as that file;
    UserError naming every mistake of form (what needs the organisation is `ledger_diagnostics`)."""
    path = ledger_path(root)
    if text is None and not has_ledger(root):
        return []
    source = load_yaml(path, text, root=root)
    if source.data is None:
        return []
    if not isinstance(source.data, YSeq):
        raise UserError.at(path, 1, 1, "signoff-ledger",
                           f"{SIGNOFF_FILE} is a list of {{role, person, version, signed}} entries")
    problems: list[Diagnostic] = []
    found: list[LedgerEntry] = []
    for item, mark in zip(source.data, source.data.item_marks):
        if not isinstance(item, YMap):
            problems.append(error(path, mark.line, mark.column, "signoff-ledger",
                                  "each entry is {role: ..., person: ..., version: ..., signed: ...}"))
            continue
        entry_source = SourceFile(path, item)
        try:
            found.append(LedgerEntry(SignoffEntry.model_validate(item), path, mark, entry_source))
        except ValidationError as exc:
            from .pydantic_errors import validation_diagnostics

            problems += validation_diagnostics(exc, entry_source, SignoffEntry)
    if problems:
        raise UserError(problems)
    return found


def person_key(name: str, person_id: Optional[str]) -> tuple[str, str]:
    """Who a ledger entry or an incumbent is: by id when one is given, else by name."""
    return ("id", person_id) if person_id else ("name", name)


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
                                  f"signed on {e.signed}, after today ({today.isoformat()})"))
        key = (e.role, who, e.version)
        if key in seen:
            first = seen[key].mark
            problems.append(error(path, item.mark.line, item.mark.column, "signoff-duplicate",
                                  f"'{e.person}' signing version {e.version} of '{e.role}' is already recorded "
                                  f"at line {first.line}"))
        else:
            seen[key] = item
    return problems


def acknowledgement_text(org) -> str:
    """The acknowledgement printed above an incumbent's signature."""
    return org.org.handbook.acknowledgement or DEFAULT_ACKNOWLEDGEMENT[org.language]


def signoff_in_use(org) -> bool:
    """An organisation uses sign-off when it names incumbents or keeps a ledger; one that does
    neither builds exactly what it built before sign-off existed."""
    return any(role.incumbents for role in org.roles.values()) or has_ledger(Path(org.root))


def today() -> datetime.date:
    """Today, for "signed in the future" (SOURCE_DATE_EPOCH fixes the output's dates, not this:
    a ledger is checked against the day it is checked)."""
    override = os.environ.get("JOBDESC_TODAY")  # tests: a fixed day
    return datetime.date.fromisoformat(override) if override else datetime.date.today()
