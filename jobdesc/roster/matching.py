"""Matching each post of the roster to a role.

In this order: an entry of DIR/roster-map.yaml (its title, within its roster department when it
names one); then, within the person's department, a role whose `title`, `external_title` or one
of whose `aliases` is the roster's title; then, when no role of the department has it, the one
role of its sub-departments that has it. A department is found by its name in org.yaml, its id,
or the last part of a path (营销中心/销售部/销售一部), full-width and half-width alike. Without a
department column, a title is matched across the organisation when exactly one role has it.

A post matching nothing (or two roles) is left unmatched with the closest titles (difflib),
which the drift report prints.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Optional

from ..format.organisation import Organisation
from ..format.roster_map import RosterMapping
from .columns import value_key
from .people import Post

_PATH = re.compile(r"\s*[/>＞\\|]\s*")
_BRACKETED = re.compile(r"^(.*?)[(（](.*)[)）]$")


@dataclass
class Unmatched:
    post: Post
    why: str
    closest: list[str] = field(default_factory=list)


class Matcher:
    def __init__(self, org: Organisation, mappings: list[RosterMapping]):
        self.org = org
        self.departments = self._department_names(org)
        self.titles: dict[str, dict[str, list[str]]] = {}  # department id → title key → role ids
        for role in org.roles.values():
            names = {value_key(t) for t in (role.title, role.external_title, *role.aliases) if t}
            for name in names:
                self.titles.setdefault(role.department, {}).setdefault(name, []).append(role.id)
        self.mapped: dict[tuple[str, Optional[str]], str] = {}
        for mapping in mappings:
            # A department the org knows is keyed by its id, so 销售二部, sales-2 and a roster path
            # ending in 销售二部 all find the entry; any other text is compared as the roster writes it.
            named = mapping.entry.department
            department = (self.department(named) or value_key(named)) if named else None
            self.mapped[(value_key(mapping.entry.title), department)] = mapping.entry.role
        self._closest: dict[tuple[str, Optional[str]], list[str]] = {}
        self._titles_in: dict[Optional[str], dict[str, str]] = {}

    @staticmethod
    def _department_names(org: Organisation) -> dict[str, Optional[str]]:
        """Name key → department id (None where two departments share a name)."""
        names: dict[str, Optional[str]] = {}

        def add(key: str, dept_id: str) -> None:
            if key:
                names[key] = dept_id if names.get(key, dept_id) == dept_id else None

        for dept in org.org.departments:
            add(value_key(dept.id), dept.id)
            add(value_key(dept.name), dept.id)
        for dept in org.org.departments:  # 客服部（销售三部）: also 客服部 and 销售三部, unless taken
            m = _BRACKETED.match(value_key(dept.name))
            for part in (m.groups() if m else ()):
                if part and part not in names:
                    names[part] = dept.id
        return names

    def department(self, text: Optional[str]) -> Optional[str]:
        if not text:
            return None
        whole = value_key(text)
        if whole in self.departments:
            return self.departments[whole]
        for part in reversed(_PATH.split(text)):  # the deepest part of a path the org knows
            key = value_key(part)
            if key in self.departments:
                return self.departments[key]
        return None

    def match(self, post: Post) -> Optional[Unmatched]:
        """Sets post.role; an Unmatched saying why when no single role is the post."""
        title = value_key(post.title)
        if not title:
            return Unmatched(post, "has no title in the roster")
        raw_department = value_key(post.department) if post.department else None
        dept_id = self.department(post.department)
        for key in ((title, dept_id), (title, raw_department), (title, None)):
            if key in self.mapped:
                post.role = self.mapped[key]
                return None
        if post.department is None:
            found = [r for titles in self.titles.values() for r in titles.get(title, ())]
            where = "in the organisation"
        elif dept_id is None:
            return Unmatched(post, f"is in department {post.department}, which org.yaml does not have",
                             self.closest(post.title, None))
        else:
            found = self.titles.get(dept_id, {}).get(title, [])
            where = f"in {self.org.departments[dept_id].name}"
            if not found:
                below = [d for d in self._below(dept_id)]
                found = [r for d in below for r in self.titles.get(d, {}).get(title, ())]
        if len(found) == 1:
            post.role = found[0]
            return None
        if found:
            return Unmatched(post, f"has a title several positions {where} share "
                                   f"({', '.join(sorted(found))}): add a roster-map.yaml entry")
        return Unmatched(post, f"has a title no position {where} has", self.closest(post.title, dept_id))

    def _below(self, dept_id: str) -> list[str]:
        out, todo = [], [dept_id]
        while todo:
            for child in self.org.sub_departments(todo.pop()):
                out.append(child.id)
                todo.append(child.id)
        return out

    def closest(self, title: str, dept_id: Optional[str]) -> list[str]:
        """Up to three titles like this one, in its department first (cached: rosters repeat titles)."""
        key = (value_key(title), dept_id)
        if key not in self._closest:
            pools = ([dept_id] if dept_id else []) + [None]
            found: list[str] = []
            for pool in pools:
                names = self._names(pool)
                for name in difflib.get_close_matches(title, list(names), n=3, cutoff=0.4):
                    label = f"{name} ({names[name]})"
                    if label not in found:
                        found.append(label)
                if found:
                    break
            self._closest[key] = found[:3]
        return self._closest[key]

    def _names(self, dept_id: Optional[str]) -> dict[str, str]:
        """Every title, external title and alias of a department's roles (None: of all) → a role id."""
        if dept_id not in self._titles_in:
            names: dict[str, str] = {}
            roles = self.org.roles.values() if dept_id is None else self.org.roles_in_department(dept_id)
            for role in roles:
                for name in (role.title, role.external_title, *role.aliases):
                    if name:
                        names.setdefault(name, role.id)
            self._titles_in[dept_id] = names
        return self._titles_in[dept_id]
