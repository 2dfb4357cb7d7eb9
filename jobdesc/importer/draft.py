"""What the importer found, before it is turned into files: drafts of positions."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional


@dataclass
class Node:
    """A duty (or workflow step, requirement…) with its sub-items, as found."""

    text: str
    view: str
    line: int
    items: list["Node"] = field(default_factory=list)

    def count(self) -> int:
        return 1 + sum(item.count() for item in self.items)


@dataclass
class Draft:
    """One position as found in a document; `fields` holds the list-shaped fields."""

    title: str
    title_view: str
    source: Path
    line: int
    group: str  # positions in one article (篇) of a document resolve superiors among themselves
    department: Optional[str] = None
    headcount: Optional[int] = None
    filled: Optional[int] = None
    aliases: list[str] = field(default_factory=list)  # other titles of the same post (A=B, A兼B)
    leftovers: list[tuple[int, str]] = field(default_factory=list)  # (line, text) not understood, kept as TODO
    summary: list[str] = field(default_factory=list)
    scalars: dict[str, str] = field(default_factory=dict)  # superior, external_title, grade, …
    scalar_views: dict[str, str] = field(default_factory=dict)
    fields: dict[str, list[Node]] = field(default_factory=dict)  # duties, workflow, authority, …
    unmapped: list[str] = field(default_factory=list)  # labels with no place in the format

    def nodes(self, name: str) -> list[Node]:
        return self.fields.setdefault(name, [])

    def is_empty(self) -> bool:
        return not any(self.fields.values()) and not self.summary and not self.scalars

    @property
    def duties(self) -> list[Node]:
        return self.fields.get("duties", [])


@dataclass
class DepartmentDraft:
    name: str
    duties: list[Node] = field(default_factory=list)
    parent: Optional[str] = None  # the article's department a section of it belongs under
    sources: list[tuple[int, str]] = field(default_factory=list)  # (line, heading) that named it


@dataclass
class ChapterDraft:
    """A rule section (客户档案管理制度, 销售工作例会制度): its title and lines as written."""

    title: str
    line: int
    group: str  # the article it sits in (its meetings name that article's posts)
    lines: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class DocumentDraft:
    path: Path
    title: Optional[str]
    title_line: Optional[int] = None  # where the title is written, when it is a line of its own
    title_text: str = ""  # that line as written
    positions: list[Draft] = field(default_factory=list)
    departments: dict[str, DepartmentDraft] = field(default_factory=dict)
    ignored_lines: list[int] = field(default_factory=list)  # text outside any position
    leftovers: list[tuple[int, str]] = field(default_factory=list)  # (line, text) before any position
    noise_lines: list[int] = field(default_factory=list)  # page furniture dropped, by line number
    headcount_lines: list[int] = field(default_factory=list)  # structure lines read whole as budgets
    chapters: list[ChapterDraft] = field(default_factory=list)
    article_departments: list[tuple[str, int, str]] = field(default_factory=list)  # (name, line, heading) per article
    structure_lines: list[tuple[str, int, str]] = field(default_factory=list)  # (group, line, view) of 人员架构
