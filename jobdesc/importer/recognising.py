"""Stage 4: read structured facts out of the text — KPIs, owed reports, superiors.

Everything here works on the recognition view and cuts results from the user's text.
A fact is only taken when the wording states it; a duty's text is never changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .draft import Node

PERIODS = (
    ("daily", r"每个工作日|每天|每日|日均|当日"),
    ("weekly", r"每周|每星期|周度"),
    ("monthly", r"每月|每个月|月度"),
    ("quarterly", r"每季度|每季|季度"),
    ("yearly", r"每年|年度|全年|年终"),
)
_UNITS = r"万元|元|%|个|家|次|通|位|套|单|组|条|户|篇|份|场|批|件|台|人次|名"
_COMPARATOR = r"不少于|不低于|不得少于|至少|达到|超过|≥|>=|完成"
# No restart inside a run of spaces or digits (the leftmost match is the same): a search over a
# long run of either was quadratic.
_QUANTITY = re.compile(f"(?:({_COMPARATOR})|(?<!\\s)|(?!\\s))\\s*(?<!\\d)(\\d+(?:\\.\\d+)?)\\s*({_UNITS})")
_CLAUSE = re.compile(r"[^,，。；;()]+")


@dataclass(frozen=True)
class Kpi:
    name: str
    target: float | int
    unit: str
    period: str


def kpis_in(nodes: list[Node]) -> list[Kpi]:
    found: list[Kpi] = []
    for node in nodes:
        found.extend(_kpis_in_text(node.text, node.view))
        found.extend(kpis_in(node.items))
    return found


def _kpis_in_text(text: str, view: str) -> list[Kpi]:
    """"每天联系有效电话不少于20个" → Kpi(每天联系有效电话, 20, 个, daily); one per clause."""
    found = []
    for clause in _CLAUSE.finditer(view):
        period = period_of(clause.group())
        quantity = _QUANTITY.search(view, clause.start(), clause.end())
        if not period or not quantity:
            continue
        start, end = clause.start(), clause.end()
        name = (text[start:quantity.start()] + text[quantity.end():end])
        name = re.sub(r"不少于|不低于|不得少于|至少|≥|>=", "", name).strip(" 的、")
        number = quantity.group(2)
        target = float(number) if "." in number else int(number)
        if name:
            found.append(Kpi(name, target, text[quantity.start(3):quantity.end(3)], period))
    return found


def period_of(clause: str) -> Optional[str]:
    for period, pattern in PERIODS:
        if re.search(pattern, clause):
            return period
    return None


_EXTENDS = re.compile(r"除在(?P<base>.{2,12}?)(?:的)?工作基础上")


def split_superior(text: str, view: str) -> tuple[list[tuple[str, str]], Optional[tuple[str, str]]]:
    """"销售经理除在财富专员工作基础上" → ([销售经理], extends 财富专员); "总经理、市场总监" → two."""
    extends = None
    m = _EXTENDS.search(view)
    if m:
        extends = (text[m.start("base"):m.end("base")], m.group("base"))
        text, view = text[: m.start()], view[: m.start()]
    names = []
    for part in re.finditer(r"[^、,，/及和;；。\s]+", view):
        names.append((text[part.start():part.end()], part.group()))
    return names, extends


def extends_in(text: str, view: str) -> Optional[tuple[str, str]]:
    m = _EXTENDS.search(view)
    return (text[m.start("base"):m.end("base")], m.group("base")) if m else None


_EDUCATION = re.compile(r"学历|本科|大专|专科|硕士|博士|中专|高中|研究生")
_EXPERIENCE = re.compile(r"经验|年以上|工作年限")
_SKILL = re.compile(r"能力|技能|熟练|掌握|精通|熟悉|擅长|技巧")


def classify_requirements(nodes: list[Node]) -> dict[str, list[str]]:
    """Sort 任职要求 lines into education / experience / skills / other, by their wording."""
    groups: dict[str, list[str]] = {"education": [], "experience": [], "skills": [], "other": []}
    for node in nodes:
        for key, pattern in (("education", _EDUCATION), ("experience", _EXPERIENCE), ("skills", _SKILL)):
            if pattern.search(node.view):
                groups[key].append(node.text)
                break
        else:
            groups["other"].append(node.text)
    return groups
