"""From roster rows to people and the posts they hold.

A person is known by their employee number when the roster has one, else by their name. A
person may hold several posts (兼任): several rows with the same number, or one row naming
several departments (and as many titles) separated by 「;」. Which post is the main one: the
roster's concurrent column where it has one (是否兼任), else the first post listed.

People whose status says they have left (离职, Terminated, 退出企业 …) are skipped before anything
else looks at them. The same person twice in the same post, or one employee number under two
names, is the roster's mistake: refused (exit 1), naming the rows, before anything is written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import Diagnostic, UserError, error
from . import columns as cols
from .reading import Roster, Row

_SEVERAL = re.compile(r"\s*[;；]\s*")


@dataclass
class Post:
    """One person in one post, as the roster lists it."""

    row: Row
    name: str
    number: Optional[str]
    department: Optional[str]
    title: str
    manager: Optional[str]
    concurrent: bool = False
    role: Optional[str] = None  # the role id matched (matching.py)

    @property
    def person(self) -> str:
        return self.number or self.name


@dataclass
class People:
    posts: list[Post]
    persons: dict[str, list[Post]] = field(default_factory=dict)  # person key → their posts, main first
    left: int = 0  # people skipped because they have left
    has_concurrent_column: bool = False


def people_of(roster: Roster) -> People:
    posts: list[Post] = []
    left = 0
    problems: list[Diagnostic] = []
    for row in roster.rows:
        values = row.values
        name = values.get("name")
        if not name:
            continue  # a footer (「共 86 人」) or a blank line
        if cols.value_key(values.get("status", "")) in cols.LEFT:
            left += 1
            continue
        flag = cols.value_key(values.get("concurrent", "")) in cols.YES if "concurrent" in roster.fields else False
        departments = _SEVERAL.split(values["department"]) if values.get("department") else [None]
        titles = _SEVERAL.split(values.get("title", ""))
        if len(titles) != len(departments):
            titles = [values.get("title", "")] * len(departments) if len(titles) == 1 else titles
            if len(titles) != len(departments):
                departments, titles = [values.get("department")], [values.get("title", "")]
        for index, (department, title) in enumerate(zip(departments, titles)):
            posts.append(Post(row, name, values.get("number"), department or None, title, values.get("manager"),
                              flag or index > 0))
    persons: dict[str, list[Post]] = {}
    for post in posts:
        persons.setdefault(post.person, []).append(post)
    for key, held in persons.items():
        problems += _mistakes(roster.path, held)
        # The main post: the first the roster does not mark 兼任 (without such a column, or when
        # every post is marked, the first listed); every other post is held concurrently.
        # A single post keeps the roster's mark: its main post may be outside this organisation.
        main = next((p for p in held if not p.concurrent), held[0])
        for post in held if len(held) > 1 else ():
            post.concurrent = post is not main
        held.sort(key=lambda p: p.concurrent)
    if problems:
        raise UserError(problems)
    return People(posts, persons, left, "concurrent" in roster.fields)


def _mistakes(path: Path, held: list[Post]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    first = held[0]
    seen: dict[tuple, Post] = {}
    for post in held:
        if post.name != first.name:
            found.append(error(path, post.row.line, post.row.columns.get("number", 1), "roster-duplicate",
                               f"{post.row.cell('number')}: employee number {post.number} is also given to "
                               f"{first.name} ({first.row.cell('number')}); one number, one person"))
            continue
        key = (cols.value_key(post.department or ""), cols.value_key(post.title))
        if key in seen:
            other = seen[key]
            found.append(error(path, post.row.line, post.row.columns.get("name", 1), "roster-duplicate",
                               f"{post.row.cell('name')}: {post.name} is listed twice in the same post "
                               f"({post.department or '-'} / {post.title}; also {other.row.cell('name')}): "
                               "remove one row, or add an employee-number column to tell two people apart"))
            continue
        seen[key] = post
    return found
