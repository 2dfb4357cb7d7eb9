"""Meetings (meetings/ID.yaml) and handbook chapters (chapters/*.md) changed, when they exist
(FORMAT.md sections 7 and 8).

They are compared as their files read, not through the organisation's models: a meeting as
one line per field in the format's order, a chapter as its lines of text; matched by file
name, each line diffed word by word like a duty.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

from ..errors import UserError
from ..format.yaml_reader import load_yaml, read_text
from .items import FieldChange, Line, field_change

Kind = Literal["added", "removed", "changed"]
MEETING_FIELDS = ("name", "period", "when", "chair", "attendees", "minutes", "agenda")
FOLDERS = {"meetings": ("*.yaml", "*.yml"), "chapters": ("*.md",)}


@dataclass(frozen=True)
class DocumentChange:
    folder: str  # meetings | chapters
    id: str  # the file name without extension
    title: str
    kind: Kind
    fields: tuple[FieldChange, ...] = ()

    def as_dict(self) -> dict:
        return {"folder": self.folder, "id": self.id, "title": self.title, "kind": self.kind,
                "fields": [f.as_dict() for f in self.fields]}


def _files(root: Path, folder: str) -> dict[str, Path]:
    base = root / folder
    if not base.is_dir():
        return {}
    return {p.stem: p for pattern in FOLDERS[folder] for p in sorted(base.glob(pattern)) if p.is_file()}


def _text(value) -> str:
    return "、".join(str(v) for v in value) if isinstance(value, list) else str(value)


def _meeting(path: Path) -> tuple[str, list[Line]]:
    try:
        data = load_yaml(path).data
    except UserError:  # the organisation's check reports it; nothing to compare here
        return path.stem, []
    if not isinstance(data, dict):
        return path.stem, []
    keys = [k for k in MEETING_FIELDS if k in data] + sorted(k for k in data if k not in MEETING_FIELDS)
    return _text(data.get("name", path.stem)), [Line(f"{key}: {_text(data[key])}") for key in keys if data[key] is not None]


def _chapter(path: Path) -> tuple[str, list[Line]]:
    lines = [line.strip() for line in read_text(path).splitlines() if line.strip()]
    headings = [line.lstrip("#").strip() for line in lines if line.startswith("#")]
    return (headings[0] if headings else path.stem), [Line(line) for line in lines]


def document_changes(old_root: Path, new_root: Path) -> tuple[DocumentChange, ...]:
    changes: list[DocumentChange] = []
    for folder, read in (("meetings", _meeting), ("chapters", _chapter)):
        before, after = _files(old_root, folder), _files(new_root, folder)
        for name in sorted(set(before) | set(after)):
            old: Optional[tuple[str, list[Line]]] = read(before[name]) if name in before else None
            new = read(after[name]) if name in after else None
            change = field_change("content", old[1] if old else [], new[1] if new else [])
            if change is None and old is not None and new is not None:
                continue
            kind: Kind = "added" if old is None else "removed" if new is None else "changed"
            changes.append(DocumentChange(folder, name, (new or old)[0], kind, (change,) if change else ()))
    return tuple(changes)
