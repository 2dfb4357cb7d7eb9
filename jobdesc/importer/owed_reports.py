"""Reports a position owes, as people write them in a duty or under 每日汇报工作:

    每日上午10:00前提交工作日报给运营长。      → 工作日报 to 运营长, due 每日上午10:00前, daily
    定期向销售主管提交个人工作总结。            → 个人工作总结 to 销售主管
    每月最后一日前向上级领导报送工作总结。      → 工作总结 to the position's own superior
    每日向总经理分别汇报前一日工作和当日工作安排 → 前一日工作和当日工作安排 to 总经理, daily
    对客户的缴款情况进行统计并上报主管。        → 客户的缴款情况进行统计 to 主管
    编制销售报表，定期报送经理。                → 编制销售报表 to 经理 (the clause before names it)

A phrase table, read clause by clause (a clause ends at ，。；): who it goes to (向X汇报/提交,
提交/上报/报送/报X, 提交…给X) and what (the words after the verb, else the words before it in the
clause, else the clause before). A sentence that is wholly one report becomes a `reports:` entry
instead of a duty; a duty that also says other work stays a duty and the report is drawn from it
as well (its comment names the line). The recipient is resolved by the builder (resolving.py);
上级/上级领导 is the position's own superior; words that name no post are a TODO naming them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .recognising import period_of
from .titles import is_position_title

_VERB = r"(?:提交|上交|报送|上报|递交|呈报|汇报|报告)"
_ADVERB = r"(?:分别|及时|定期|书面|如实|按时|准时|详细)?"
# Each clause is cut at ，。；: the patterns below never see a separator, and their runs are bounded.
CLAUSE = re.compile(r"[^，,。；;！!？?]+")  # a clause: what the phrase tables read (reports, meetings, approvals)
_DUE = re.compile(r"^(?P<due>[^前]{1,16}前)")
_HANDOVER = r"(?:提交|上交|报送|上报|递交|呈报|汇报|报告|反馈|交由|交给|送交|报)(?:给|至)?"
_FORMS = (
    # 向销售主管提交个人工作总结 / 向总经理汇报 / 随时向上级反馈市场信息
    re.compile(rf"(?<![朝方意导动倾走面转指去流志偏一])向(?P<to>[^向]{{2,14}}?){_ADVERB}"
               rf"(?P<verb>{_VERB}|提供|反馈|(?<![移转成])交(?![通流往际易接]))(?P<name>.{{0,40}})"),
    # 提交工作日报给运营长 / 报送工作总结至经理
    re.compile(rf"(?P<verb>{_VERB})(?P<name>[^给至]{{2,30}}?)(?:交给|给|至)(?P<to>.{{1,14}})$"),
    # 并上报主管 / 以书面形式报公司销售部长 / 反馈给总经理 / 交由分管副经理保存 (the recipient ends
    # the clause; 上交售楼经理审核 is an approval step: approvals.py)
    re.compile(rf"(?P<verb>{_HANDOVER})(?P<to>[^报给]{{1,14}}?)(?:保存|存档|汇总)?$"),
)
_REPORT_WORDS = re.compile(r"报|总结|计划|表|工作|情况|安排|记录|信息|数据|分析|进展|问题")
_LEADING = re.compile(r"^(?:负责|认真|做好|作好|及时|定期|按时|并|对|将|把|完成|要|应|需|每[日天周月]|\s)+")
_TRAILING = ("并", "后", "及时", "定期", "按时", "要", " ", "\t", "\u3000")
SUPERIOR_WORDS = ("上级领导", "直接上级", "上级主管", "主管领导", "上级", "直属上级", "上级主管领导", "直接领导")
_VAGUE = ("领导", "公司领导", "公司", "有关领导", "相关领导", "公司销售部", "部门")


@dataclass(frozen=True)
class ReportSentence:
    name: str
    to: str  # the recipient as written
    to_view: str
    due: Optional[str]
    period: Optional[str]
    whole: bool = True  # the sentence is only this report (it may leave the duties)


def read_report(text: str, view: str) -> Optional[ReportSentence]:
    """The report a whole sentence states, or None (a duty that says more is no report)."""
    found = reports_in(text, view)
    return found[0] if len(found) == 1 and found[0].whole else None


def reports_in(text: str, view: str) -> list[ReportSentence]:
    """Each report a sentence states, with its recipient as written (resolved by the builder)."""
    clauses = [(m.start(), m.group()) for m in CLAUSE.finditer(view) if m.group().strip()]
    found = []
    for index, (start, clause) in enumerate(clauses):
        for number, form in enumerate(_FORMS):
            m = form.search(clause)
            if not m:
                continue
            to_view = m.group("to").strip()
            if number == 2 and not _names_a_post(to_view):
                continue  # 提交公司审核, 上报工作: no recipient named
            if not to_view or to_view in _VAGUE and number != 0:
                continue

            def cut(group: str, where: re.Match = m, at: int = start) -> str:
                return text[at + where.start(group): at + where.end(group)].strip()

            name = _name(m, clause, clauses[:index], text, start)
            if not name:
                continue
            due = _DUE.match(clause[:m.start()] if number == 0 else clause)
            found.append(ReportSentence(
                name, cut("to"), to_view, text[start + due.start("due"): start + due.end("due")].strip() if due else None,
                period_of(clause) or period_of(view), whole=len(clauses) == 1 and not _LEADING_WORK.search(clause[:m.start()])))
            break
    return found


_LEADING_WORK = re.compile(r"[^\s定期及时按时准时每日天周月前上午下午晚点时号星期一二三四五六七八九十:：\d向]")


def _names_a_post(view: str) -> bool:
    return view in SUPERIOR_WORDS or is_position_title(view) or any(
        is_position_title(p) for p in re.split(r"[及和与、或]", view) if p)


def _name(m: re.Match, clause: str, before: list[tuple[int, str]], text: str, start: int) -> str:
    """What the report is: the words after the verb, else before it in the clause, else the clause
    before — cut from the user's text (the view is index-aligned), without 负责/做好/并."""
    candidates = [(start + m.start("name"), m.group("name"))] if "name" in m.re.groupindex else []
    candidates.append((start, clause[:m.start()]))
    if before and m.re is not _FORMS[0]:  # 编制销售报表，定期报送经理; but 开展工作，向经理汇报 is a superior
        candidates.append(before[-1])
    for at, words in candidates:
        if len(words) > 80:  # a name is short; a long clause is work, not a report's name
            at, words = at + len(words) - 80, words[-80:]
        lead = _LEADING.match(words)
        head = lead.end() if lead else 0
        end = len(words)
        while end > head:
            trailing = next((t for t in _TRAILING if words.endswith(t, head, end)), None)
            if trailing is None:
                break
            end -= len(trailing)
        if end - head >= 2 and _REPORT_WORDS.search(words[head:end]) and "向" not in words[head:end]:
            return text[at + head: at + end].strip()[:60]
    return ""  # 向项目经理汇报 alone says whom the position answers to (superiors.py), no report


def recipients(text: str, view: str) -> list[tuple[str, str]]:
    """经理及市场部 → 经理, 市场部: each named recipient, as written and as viewed (the view is
    index-aligned with the text)."""
    if view.startswith("所属"):  # 所属项目经理: the one of its own project
        text, view = text[2:], view[2:]
    if view in SUPERIOR_WORDS or not re.search(r"[及和与、或]", view):
        return [(text, view)]
    return [(text[m.start():m.end()].strip(), m.group().strip()) for m in re.finditer(r"[^及和与、或]+", view)
            if m.group().strip()]
