"""Standing meetings stated in a rule section (销售工作例会制度):

    一、每日例会
    时间与参加人员:每日召开。销售部全体人员参加; (1) 例会主持:销售部经理。

A section whose head names a meeting (…例会, …会议) gives one: its cadence (每日 → daily,
每旬 → ten-day), when, chair (主持:X, 由X主持) and attendees (参加人员:X、Y, X、Y参加). A
meeting file is written only when both the chair and every attendee are stated and name a
post (or the article's department, for 全体人员); otherwise the section stays in its chapter and
a TODO comment says what is missing. Nothing is guessed: an unstated 'when' is left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .text import recognition_view

_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]\s*(?P<name>.+)$")
_MEETING = re.compile(r"(例会|会议|[早晨夕周月]会|班[前后]会|碰头会|总结会|分析会|推进会)$")
_CHAIR = [re.compile(p) for p in (r"主持(?:人)?\s*[:：]\s*(?P<x>[^。；;，,\s]{2,16})", r"由(?P<x>[^。；;，,由]{2,16}?)主持")]
_ATTEND = [re.compile(p) for p in (r"(?<![与和及])参加(?:人员|者)?\s*[:：]\s*(?P<x>[^。；;]{2,60})",
                                     r"(?:^|[：:；;。，,])\s*(?P<x>[^：:；;。，,]{2,60}?)(?:参加|参会|出席)(?!人员|者)")]
_WHEN = re.compile(r"时间\s*[:：]\s*(?P<x>[^。；;]{2,30})")
_PERIODS = (("daily", r"每日|每天|每个工作日|晨会"), ("ten-day", r"每旬"), ("biweekly", r"每两周|每双周"),
            ("weekly", r"每周|每星期|周会"), ("monthly", r"每月|月会"), ("quarterly", r"每季"), ("yearly", r"每年"))
_SPLIT = re.compile(r"[、，,及和与]")
_EVERYONE = re.compile(r"^(?:本部门|部门|.{0,8}部)?全体(?:人员|员工|成员)?$")


@dataclass
class MeetingDraft:
    name: str
    line: int  # the section head's line
    period: Optional[str] = None
    when: Optional[str] = None
    chair: Optional[str] = None  # as written
    attendees: list[str] = field(default_factory=list)  # as written


def meetings_in(lines: list[tuple[int, str]]) -> list[MeetingDraft]:
    """The meeting sections of a chapter's lines, with what each states."""
    found: list[tuple[MeetingDraft, list[str]]] = []
    for number, text in lines:
        view = recognition_view(text.strip())
        head = _SECTION.match(view)
        if head:
            name = head.group("name").strip(" ：:")
            cut = text.strip()[head.start("name"): head.start("name") + len(name)]
            found.append((MeetingDraft(cut, number), [text.strip()]) if _MEETING.search(name) else (None, []))
        elif found and found[-1][0] is not None:
            found[-1][1].append(text.strip())
    meetings = []
    for meeting, texts in found:
        if meeting is None:
            continue
        whole = "；".join(texts)  # the user's words; matched on its index-aligned Simplified view
        view = recognition_view(whole)
        meeting.period = next((p for p, words in _PERIODS if re.search(words, view)), None)
        when = _WHEN.search(view)
        meeting.when = _cut(whole, when) if when else None
        meeting.chair = next((_cut(whole, m) for p in _CHAIR for m in [p.search(view)] if m), None)
        for pattern in _ATTEND:
            m = pattern.search(view)
            if m:
                words, words_view = _cut(whole, m), m.group("x").strip()
                offset = whole.index(words) if words in whole else m.start("x")
                meeting.attendees = [whole[offset + p.start(): offset + p.end()].strip()
                                     for p in re.finditer(r"[^、，,及和与]+", words_view) if p.group().strip()]
                break
        meetings.append(meeting)
    return meetings


def _cut(text: str, m: re.Match) -> str:
    """The user's words where the match on the view found them (the view is index-aligned)."""
    return text[m.start("x"): m.end("x")].strip()


def is_everyone(words: str) -> bool:
    """销售部全体人员, 全体人员, 本部门全体: the whole department the section is about."""
    return bool(_EVERYONE.match(words))


def without_everyone(words: str) -> str:
    """全体置业顾问 → 置业顾问."""
    view = recognition_view(words)
    start = 2 if view.startswith("全体") else 0
    end = len(words) - 2 if view.endswith("全体") and len(view) > 2 else len(words)
    return words[start:end]
