"""Headcounts an article states in its structure section (三、部门机构 / 人员架构):

    销售经理
    (保洁2)(保安2)外勤1内勤1名
    置业顾问13名

Each "TITLE N", "TITLEN名", "(TITLE N)" names a position of the same article and its budget
(编制); 外勤 is the article's 外勤人员. A line read whole is accounted for by the figures it
gave; a line with anything left over (a title without a figure, "1名" with no title) stays a
TODO comment, so nothing the person wrote is lost.
"""
from __future__ import annotations

import re
from typing import Optional

from .drafted import Role
from .resolving import role_keys
from .superiors import post_key

# No leading \s*: a search would restart inside a run of spaces (quadratic on a long one).
_COUNT = re.compile(r"[(]?(?:编制)?(?P<t>[\u4e00-\u9fffA-Za-z]{2,12}?)\s*[(]?\s*(?:岗位|编制)?\s*"
                    r"(?P<n>\d{1,4})\s*(?:名|人|个)?\s*[)]?")
_REST = re.compile(r"[\s()、,，;；:：.。/]*")


def read_counts(view: str) -> tuple[list[tuple[str, int]], bool]:
    """The (title, budget) pairs of a structure line, and whether nothing else was on it."""
    pairs, rest, end = [], [], 0
    for m in _COUNT.finditer(view):
        rest.append(view[end:m.start()])
        pairs.append((m.group("t"), int(m.group("n"))))
        end = m.end()
    rest.append(view[end:])
    whole = all(_REST.fullmatch(piece) for piece in rest)
    return pairs, whole


def _position(title: str, article: list[Role]) -> Optional[Role]:
    key = post_key(title)
    for test in (lambda k: k == key, lambda k: k in (key + "人员", key + "员"), lambda k: k.startswith(key)):
        found = [r for r in article if any(test(k) for k in role_keys(r))]
        if len(found) == 1:
            return found[0]
    return None


def apply_structure_counts(lines: list[tuple[str, int, str]], articles: dict[str, list[Role]]) -> set[int]:
    """Set the budgets the structure lines (group, line, view) state; the lines read whole."""
    consumed: set[int] = set()
    for group, number, view in lines:
        pairs, whole = read_counts(view)
        found = 0
        for title, budget in pairs:
            role = _position(title, articles.get(group, []))
            if role is None:
                continue
            found += 1
            if role.headcount is None:
                role.headcount = budget
            elif role.headcount != budget:
                role.todos.append(f"第{number}行的架构写{title}{budget}人，与已读的编制{role.headcount}不同：请核对 headcount")
        if pairs and whole and found == len(pairs):
            consumed.add(number)
    return consumed
