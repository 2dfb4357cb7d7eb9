"""Approval steps stated in a position's duties, drafted as RACI processes (processes/*.yaml):

    将合同上交售楼经理审核后复查            → 将合同: R this post, A 售楼经理
    每月做好销售人员工作表现评核表，并递交所属项目经理审核 → R this post, A 项目经理
    特价申请由销售经理审批                  → 特价申请: R this post, A 销售经理
    超出权限的报总经理批准                  → R this post, A 总经理

A phrase table read clause by clause (a clause ends at ，。；): 由X审批/审核/批准, 报/交/递交X审批,
超出权限报X. The activity is the words before it in the clause, else the clause before. The
builder resolves X within the article (resolving.py); a step whose approver names no post is a
TODO naming the words, and no process is written for it. The duty stays a duty.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .owed_reports import CLAUSE

_APPROVE = r"(?:审批|审核|批准|签批|核准|审定|同意)"
_FORMS = (
    re.compile(rf"由(?P<a>[^由]{{2,12}}?)(?:负责)?{_APPROVE}"),
    re.compile(rf"(?:上交|递交|提交|报送|呈报|上报|报(?![纸告表刊道名销废])|交)(?:给|至)?(?P<a>[^报交给至]{{2,12}}?){_APPROVE}"),
    re.compile(r"超出(?:权限|范围)[^报]{0,6}报(?P<a>[^报]{2,12}?)(?:审批|批准|处理|决定)"),
)
_LEADING = re.compile(r"^(?:负责|认真|做好|作好|及时|定期|按时|并|对|将|把|完成|要|应|需|\s|\d{1,3}[.、．])+")


@dataclass(frozen=True)
class ApprovalStep:
    activity: str  # as written
    approver: str  # as written
    approver_view: str


def approvals_in(text: str, view: str) -> list[ApprovalStep]:
    """Each approval step one duty states, its approver as written (resolved by the builder)."""
    clauses = [(m.start(), m.group()) for m in CLAUSE.finditer(view) if m.group().strip()]
    found = []
    for index, (start, clause) in enumerate(clauses):
        for form in _FORMS:
            m = form.search(clause)
            if not m:
                continue
            approver = text[start + m.start("a"): start + m.end("a")].strip()
            activity = _activity(text, [(start, clause[:m.start()])] + clauses[max(0, index - 1):index][::-1])
            if approver and activity:
                found.append(ApprovalStep(activity, approver, m.group("a").strip()))
            break
    return found


def _activity(text: str, candidates: list[tuple[int, str]]) -> str:
    """The activity's words: before the approval in its clause, else the clause before, cut from
    the user's text (the view is index-aligned), without 负责/做好/并 and the item's number."""
    for at, words in candidates:
        if len(words) > 40:  # an activity is short: its last words
            at, words = at + len(words) - 40, words[-40:]
        lead = _LEADING.match(words)
        head = lead.end() if lead else 0
        if len(words) - head >= 2:
            return text[at + head: at + len(words)].strip(" 并及时和\u3000")[:60]
    return ""
