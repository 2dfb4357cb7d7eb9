"""Documents that hold several organisations' job descriptions, one article (第N篇) each.

A collection pasted from the web ("销售部人员岗位职责(精选多篇)") puts eight companies' 销售部
one after the other. Merged into one department, its duties would come from eight companies
and its 销售经理 would be eight different posts. So when a document has two articles or more,
each article is a department of its own, named by the article's title: 外贸公司销售部人员岗位职责
→ 外贸公司销售部. Titles that leave no name, or the same name twice, are told apart by the
article's number.
"""
from __future__ import annotations

import re

from .titles import department_in, is_position_title
from .vocabulary import DEPARTMENT_SUFFIX, HEADING_KEYWORD

# What an article title says after the organisation's name: not part of the name.
_TAIL = re.compile(r"(的)?(人员|员工|各岗位|岗位|职位)?(编制|架构|构架|组织架构)?(及|和|与)?$")


def article_department(text: str, view: str, number: int, used: set[str]) -> str:
    """The department name for article `number` (text and its recognition view, aligned)."""
    end = len(view)
    keyword = HEADING_KEYWORD.search(view)
    if keyword:
        end = keyword.start()
    name_view = view[:end].strip(" :：-—")
    while True:
        trimmed = _TAIL.sub("", name_view).strip(" :：")
        if trimmed == name_view or not DEPARTMENT_SUFFIX.search(trimmed):
            break  # 销售人员 stays 销售人员: only a department's name loses what follows it
        name_view = trimmed
    name = text[: len(name_view)].strip() if name_view else ""
    if is_position_title(name_view):  # "销售部经理岗位职责": one post of an unnamed organisation
        name = department_in(text, view) or ""
    if not name or name in used:
        name = f"{name or '第'}（第{number}篇）" if name else f"第{number}篇"
    used.add(name)
    return name
