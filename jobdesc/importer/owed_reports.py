"""Reports a position owes, as people write them in a duty or under 每日汇报工作:

    每日上午10:00前提交工作日报给运营长。      → 工作日报 to 运营长, due 每日上午10:00前, daily
    定期向销售主管提交个人工作总结。            → 个人工作总结 to 销售主管
    每月最后一日前向上级领导报送工作总结。      → 工作总结 to the position's own superior
    每日向总经理分别汇报前一日工作和当日工作安排 → 前一日工作和当日工作安排 to 总经理, daily

Only a sentence that is wholly such a report becomes a `reports:` entry (a duty that also
says other work stays a duty): each line of the document is in one place. The recipient is
resolved by the builder (resolving.py); 上级/上级领导 is the position's own superior.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .recognising import period_of

_VERB = r"(?:提交|上交|报送|上报|递交|呈报|汇报)"
_DUE = r"(?P<due>[^，,。；;]{0,16}?前)?"
_TO = r"(?P<to>[^，,。；;：:]{2,14}?)"
_NAME = r"(?P<name>[^，,。；;]{2,30}?)"
_END = r"[。；;.]?$"
_FORMS = [re.compile(p) for p in (
    rf"^{_DUE}\s*(?:定期|按时|及时|准时)?\s*{_VERB}{_NAME}(?:交给|给|至){_TO}{_END}",
    rf"^{_DUE}\s*(?:[^，,。；;向]{{0,8}})?向{_TO}(?:分别|及时|定期|书面)?{_VERB}{_NAME}{_END}",
)]
_REPORT_WORDS = re.compile(r"报|总结|计划|表|工作|情况|安排|记录")
SUPERIOR_WORDS = ("上级领导", "直接上级", "上级主管", "主管领导", "上级", "直属上级")


@dataclass(frozen=True)
class ReportSentence:
    name: str
    to: str  # the recipient as written
    to_view: str
    due: Optional[str]
    period: Optional[str]


def read_report(text: str, view: str) -> Optional[ReportSentence]:
    """The report a whole sentence states, or None (a duty that says more is no report)."""
    stripped = view.strip()
    offset = len(view) - len(view.lstrip())
    for form in _FORMS:
        m = form.match(stripped)
        if not m or not _REPORT_WORDS.search(m.group("name")):
            continue

        def cut(group: str) -> str:
            return text[offset + m.start(group): offset + m.end(group)].strip()

        due = cut("due") if m.group("due") else None
        return ReportSentence(cut("name"), cut("to"), m.group("to").strip(), due, period_of(stripped))
    return None
