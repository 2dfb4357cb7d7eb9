"""Standing meetings named in a position's duties, as people write them:

    组织召开日会、周会、月底总结会。     → 日会 (daily), 周会 (weekly), 月底总结会 (monthly); chair: this post
    主持周会和每日例会。                 → 周会, 每日例会; chair: this post
    负责每天晨会的召开                   → 晨会 (daily); chair: this post
    参加例会。                           → 例会 (regular: 例会 says it recurs, not how often); attends
    协助经理定期召开业务会议。           → 业务会议 (regular); chair: the article's 经理, when it names one
    准时参加销售部组织的月初销售会议     → 销售会议 (monthly); attends

A phrase table, not special cases: a meeting word (…例会, …会议, 早会, 周会…) names a meeting;
the verb before it says how the position takes part (主持/召开/组织/负责 → chair; 参加/出席/
列席/在…上 → attends; 协助X召开 → X chairs); the cadence comes from the words (每日, 每周, 月底,
定期 → regular). What a duty does not state stays out (no chair, no attendees, no time); a meeting
whose cadence is not stated at all is no file (the format requires one) and a TODO says so. The
duty stays a duty: the meeting file is drawn from it and names its line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .owed_reports import CLAUSE

# A meeting word ends the name; the name is the run of characters before it up to a separator
# or a verb (bounded: a name is short).
_MEETING = re.compile(r"(?:早晚会|班前会|班后会|碰头会|总结会|分析会|推进会|协调会|例会|会议|[早晨夕晚周月日]会)"
                      r"(?![记纪制秩内室场议同计谈经])")
_CUT = re.compile(r"[、，,及和与（）()\s的在]|(?<!\d)\d{1,3}[.．、]|通过|检查|督促|执行|监督|召开|主持|参加|参与|出席|列席|组织|负责|协助|配合|执行|定期|按时|准时|及时|开")
_CHAIR = re.compile(r"主持|召开|组织")
_IN_CHARGE = re.compile(r"负责(?P<x>[^负]{0,12})$")  # 负责每日销售现场的早会: runs it (负责检查…例会 does not)
_OVERSEE = re.compile(r"检查|督促|执行|监督|记录|落实|考核")
_ATTEND = re.compile(r"参加|出席|列席|参与")
_ASSIST = re.compile(r"协助(?P<x>[^协助]{1,8}?)(?:定期|每周|每月|每日)?(?:组织|召开|主持)")
_PERIODS = tuple((period, re.compile(words)) for period, words in (
    ("daily", r"每日|每天|日会|早会|晚会|晨会|夕会|早晚会|班前会|班后会|当日"), ("ten-day", r"每旬"),
    ("weekly", r"每周|周会|每星期"), ("monthly", r"每月|月会|月底|月初|月末|月度"),
    ("quarterly", r"每季"), ("yearly", r"每年|年度"), ("regular", r"定期|例会|按时")))


@dataclass(frozen=True)
class DutyMeeting:
    name: str  # as written
    view: str
    period: Optional[str]
    role: Optional[str]  # "chair" or "attends": how the position whose duty it is takes part
    chair_words: Optional[str] = None  # 协助X召开: X as written


def meetings_in_duty(text: str, view: str) -> list[DutyMeeting]:
    """The meetings one duty names, each with its cadence and the position's part in it."""
    found: list[DutyMeeting] = []
    for clause in CLAUSE.finditer(view):
        at = clause.start()
        words = clause.group()
        previous = 0  # where the words about this meeting begin (after the one before it)
        for m in _MEETING.finditer(words):
            start = _name_start(words, m.start())
            name_view = words[start:m.end()]
            own = words[previous:m.end()]
            previous = m.end()
            if len(name_view) < 2 or name_view == "会议":
                continue  # 会议 alone names no meeting (参加会议 is no standing meeting)
            before = words[:start]
            assist = _ASSIST.search(before)
            if assist:
                role, chair = None, text[at + assist.start("x"): at + assist.end("x")].strip()
            elif _ATTEND.search(before) or words.startswith("上", m.end()):  # 在周例会上汇报
                role, chair = "attends", None
            elif _CHAIR.search(before) or words.startswith(("的召开", "召开"), m.end()) or _runs(before):
                role, chair = "chair", None
            else:
                role, chair = None, None
            period = next((p for p, pattern in _PERIODS if pattern.search(own)), None)
            name = text[at + start: at + m.end()].strip()
            if name and all(f.view != name_view for f in found):
                found.append(DutyMeeting(name, name_view, period, role, chair))
    return found


def _runs(before: str) -> bool:
    found = _IN_CHARGE.search(before[-14:])
    return bool(found) and not _OVERSEE.search(found.group("x"))


def _name_start(words: str, end: int) -> int:
    """Where the meeting's name begins: after the last separator or verb before its word, at
    most ten characters back."""
    start = max(0, end - 10)
    last = start
    for cut in _CUT.finditer(words, start, end):
        last = cut.end()
    return last
