"""The organisation as the importer drafted it: what writing.py writes, and the tidying of
the texts that go into it (separators, wrap spaces, the format's limits)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .draft import Draft, Node
from .recognising import Kpi
from .typist import tidy_item, unwrap

DEFAULT_DEPARTMENT = "待定部门"
MAX_TEXT = 2000
MAX_DEPTH = 4


@dataclass
class Item:
    text: str
    items: list["Item"] = field(default_factory=list)


@dataclass
class Role:
    id: str
    title: str
    department: str
    source: str
    duties: list[Item]
    reports_to: Optional[str] = None
    stated_superior: bool = False  # reports_to read from the text (not inferred from the titles' ranks)
    dotted_to: list[str] = field(default_factory=list)
    extends: Optional[str] = None
    headcount: Optional[int] = None  # the budget (编制), only when the source states it
    filled: Optional[int] = None  # 在岗, only when stated
    incumbents: list[str] = field(default_factory=list)
    summary: Optional[str] = None
    external_title: Optional[str] = None
    grade: Optional[str] = None
    kpis: list[Kpi] = field(default_factory=list)
    qualifications: dict[str, list[str]] = field(default_factory=dict)
    authority: list[str] = field(default_factory=list)
    relations: dict[str, list[str]] = field(default_factory=dict)
    # (name, to id, due, period, "file:line", the sentence as written)
    reports: list[tuple[str, str, Optional[str], Optional[str], str, str]] = field(default_factory=list)
    workflow: list[Item] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)  # comments for the person reviewing the draft
    unmapped: list[str] = field(default_factory=list)
    leftovers: list[tuple[str, str]] = field(default_factory=list)  # ("file:line", text) not understood
    draft: Optional[Draft] = None


@dataclass
class Department:
    id: str
    name: str
    duties: list[Item] = field(default_factory=list)
    parent: Optional[str] = None  # a department id
    sources: list[tuple[str, str]] = field(default_factory=list)  # ("file:line", heading) that named it


@dataclass
class Organisation:
    name: str
    language: str
    departments: list[Department]
    roles: list[Role]
    external: list[tuple[str, str]]  # (id, title)
    skipped: list[tuple[str, str]]  # (title, why)
    leftovers: list[tuple[str, str]] = field(default_factory=list)  # ("file:line", text) outside positions
    chapters: list[tuple[str, str]] = field(default_factory=list)  # (file name in chapters/, Markdown)
    meetings: list[tuple[str, str]] = field(default_factory=list)  # (file name in meetings/, YAML)
    processes: list[tuple[str, str]] = field(default_factory=list)  # (file name in processes/, YAML)
    review_notes: list[tuple[str, str]] = field(default_factory=list)  # ("file:line", what a reviewer must do)


def items_of(nodes: list[Node], depth: int = 1) -> list[Item]:
    """Nodes as output items: text tidied, nesting capped at the format's four levels."""
    out: list[Item] = []
    for node in nodes:
        for text in _split_long(_tidy(node.text)):
            if depth >= MAX_DEPTH:
                out.append(Item(text))
                out.extend(Item(t) for t in _flatten(node.items))
            else:
                out.append(Item(text, items_of(node.items, depth + 1)))
    return out


def _flatten(nodes: list[Node]) -> list[str]:
    out = []
    for node in nodes:
        out.extend(_split_long(_tidy(node.text)))
        out.extend(_flatten(node.items))
    return out


def texts_of(nodes: list[Node]) -> list[str]:
    return [t for t in _flatten(nodes) if t]


def _tidy(text: str) -> str:
    text = re.sub(r"(?<=[。；;])\s*\d{1,2}$", "", text.strip())  # a page number glued to the line's end
    return tidy_item(text.lstrip("、,，;；:：.。 "))


def _split_long(text: str) -> list[str]:
    """The format caps a text at 2000 characters; split longer ones at sentence ends."""
    if not text:
        return []
    if len(text) <= MAX_TEXT:
        return [text]
    pieces, current = [], ""
    for sentence in re.findall(r"[^。；;]+[。；;]?", text):
        while len(sentence) > MAX_TEXT:
            pieces.append(sentence[:MAX_TEXT])
            sentence = sentence[MAX_TEXT:]
        if len(current) + len(sentence) > MAX_TEXT:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def clip(text: str) -> str:
    return unwrap(text.strip())[:MAX_TEXT]


def all_nodes(nodes: list[Node]) -> list[Node]:
    out = []
    for node in nodes:
        out.append(node)
        out.extend(all_nodes(node.items))
    return out
