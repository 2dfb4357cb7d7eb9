"""Position titles and department names as they appear in running text.

Pasted text often loses its line breaks, so a heading sits in the middle of a line:
"…对接处理工作客服专员职责1、协助…". The title is found by walking back from the keyword
to the previous sentence end, then cutting after the last word that cannot be part of a
title (工作, 及, 的, …).
"""
from __future__ import annotations

import re
from typing import Optional

from .enumerators import match_enumerator
from .text import CJK, without_final_bracket
from .vocabulary import DEPARTMENT_STEMS, DEPARTMENT_SUFFIX, DUTY_VERBS, POSITION_SUFFIXES

MAX_TITLE = 16
_TITLE_CHAR = re.compile(f"[{CJK}A-Za-z()、/=]")
# Text before these belongs to the previous sentence, not to the title.
_BREAKERS = ("职责", "工作", "及", "和", "事宜", "事项", "任务", "以下", "如下", "的")
# (?:(?<!\s)|(?!\s)) before a leading \s*: a search may not restart inside a run of spaces (it
# may at its end), which made these patterns quadratic on a long run of spaces; the matches are the
# same (a match starts where the run does, or where the match before it ended).
_HEADCOUNT = re.compile(r"(?:(?<!\s)|(?!\s))\s*[(]\s*(\d{1,4})\s*(?:人|名)\s*[)]\s*$|(?<=[\u4e00-\u9fff])\s*(\d{1,4})\s*(?:人|名)$")
# "事业部总监助理=市场部经理", "销售经理兼案场经理": one post under two titles.
COMBINED = re.compile(r"(?:(?<!\s)|(?!\s))\s*(?:[=＝]|兼任?)\s*")


def title_before(view: str, keyword_start: int, floor: int) -> Optional[int]:
    """Where the title that ends at `keyword_start` begins, or None if there is none."""
    end = keyword_start
    while end > floor and view[end - 1] == " ":
        end -= 1
    start = end
    while start > floor and end - start < MAX_TITLE + 4 and _TITLE_CHAR.match(view[start - 1]):
        start -= 1
    candidate = view[start:end]
    start += _unbalanced_prefix(candidate)
    candidate = view[start:end]
    cut = max((candidate.rfind(b) + len(b) for b in _BREAKERS if b in candidate), default=0)
    start += cut
    enum = match_enumerator(view, start, at_line_start=True)
    if enum and enum.kind not in ("letter", "bullet") and enum.end <= end:
        start = enum.end
    title = view[start:end].strip()
    if not (1 <= len(title) <= MAX_TITLE) or not re.search(f"[{CJK}]", title):
        return None
    return start


def _unbalanced_prefix(candidate: str) -> int:
    """Length of a leading part with a ')' that has no '(' — e.g. the "一)" of "一)销售经理"."""
    depth, cut = 0, 0
    for index, ch in enumerate(candidate):
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                cut = index + 1
            else:
                depth -= 1
    return cut


def split_combined(title: str) -> list[str]:
    """"事业部总监助理=市场部经理" → both titles; a single title → [title]."""
    parts = [p for p in COMBINED.split(title) if p]
    if len(parts) > 1 and all(_is_single_title(p) for p in parts):
        return parts
    return [title]


_LONGEST_TITLES = 120  # a few titles joined by 兼/=, each at most 12 characters and a headcount


def is_position_title(title: str) -> bool:
    """A short phrase that ends like a position (销售经理, 置业顾问) and is not a duty."""
    if len(title) > _LONGEST_TITLES:
        return False  # asked of every text before a heading word: a long line must not cost a scan each time
    parts = split_combined(_HEADCOUNT.sub("", title).strip())
    return all(_is_single_title(p) for p in parts)


def _is_single_title(title: str) -> bool:
    core = _HEADCOUNT.sub("", title).strip()
    core = without_final_bracket(core)  # 置业主任(销售主管)
    if not (2 <= len(core) <= 12) or re.search(r"[\d,，。；;:：!！?？]", core):
        return False
    if DUTY_VERBS.match(core):
        return False
    return core.endswith(POSITION_SUFFIXES)


def department_of(title: str, view: str) -> Optional[str]:
    """"销售部" from a heading titled 销售部 / 销售部部门 / 房地产销售部; None for positions.

    `title` is the user's text and `view` its recognition view; the result is cut from
    `title`, so a Traditional document keeps its own characters. "" means "the
    department the surrounding text is about" (a heading that just says 部门职责).
    """
    core = without_final_bracket(view).strip()
    if core.endswith(POSITION_SUFFIXES) and not core.endswith("部"):
        return None
    if core in ("部门", "本部门", "部门整体"):
        return ""
    end = len(core)
    if core.endswith("部门") and len(core) > 2:
        end -= 1 if not core[:-2].endswith("部") else 2  # 销售部门 → 销售部, 销售部部门 → 销售部
    if not DEPARTMENT_SUFFIX.search(core[:end]):
        return None
    start = normalised_start(core[:end])
    return title[start:end]


def normalised_start(name: str) -> int:
    """Where the department name proper starts: "XX公司销售部" and "房地产销售部" are 销售部."""
    start = name.rfind("公司") + 2 if "公司" in name[:-1] else 0
    m = DEPARTMENT_SUFFIX.search(name)
    if m:
        stem = name[start: m.start()]
        for known in DEPARTMENT_STEMS:
            if stem.endswith(known) and stem != known:
                return m.start() - len(known)
    return start


def department_in(text: str, view: str) -> Optional[str]:
    """A department named inside a document title: 销售部人员编制构架及岗位职责 → 销售部."""
    for known in DEPARTMENT_STEMS:
        m = re.search(f"{known}(部门|部|中心)", view)
        if m:
            end = m.end() - (1 if m.group(1) == "部门" else 0)
            return text[m.start():end]
    return None


def split_headcount(title: str) -> tuple[str, Optional[int]]:
    """"营销总监(1 人)" → ("营销总监", 1); the recognition view has ASCII brackets."""
    m = _HEADCOUNT.search(title)
    if not m:
        return title.strip(), None
    return title[: m.start()].strip(), int(m.group(1) or m.group(2))


_BUDGET = re.compile(r"(?:编制|定编|(?<!\s)|(?!\s))\s*(\d{1,5})\s*(?:人|名|个)?")
_FILLED = re.compile(r"(?:在岗|现有|实有|在编)\s*(\d{1,5})")


def read_headcount(view: str) -> tuple[Optional[int], Optional[int]]:
    """"6人", "置业顾问13名", "编制 1 人 / 在岗 1 人" → (budget, filled); None where not stated."""
    filled = _FILLED.search(view)
    rest = view[: filled.start()] + view[filled.end():] if filled else view
    budget = _BUDGET.search(rest)
    return (int(budget.group(1)) if budget else None), (int(filled.group(1)) if filled else None)
