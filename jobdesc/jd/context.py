"""One role of the validated Organisation → the plain view data a job description prints.

Both the HTML template and the Word writer read this, so the PDF and the .docx always
say the same thing. Everything derived (direct reports, inherited duties, RACI
involvements, headcount) comes from `Organisation`, never recomputed here.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields, replace
from typing import Optional

from ..format.approval_tiers import AMOUNT, activity_tiers, end_text, range_text
from ..i18n import HTML_LANG, period_label, person_label
from ..i18n import RACI_LETTERS_EN as ENGLISH_RACI
from ..format.kpi_models import amount as _amount  # noqa: F401 (the importer reads cells back with it)
from ..format.position_models import Duty, RaciLabels, Role
from ..format.organisation import Organisation
from ..format.signoff_models import acknowledgement_text, signoff_in_use
from ..format.organisation import PositionRef as Position
from .labels import jd_labels
from .level_rows import inherited_requirements, level_header
from .report_rows import KpiRow, ReportRow, kpi_columns, kpi_row, report_rows


@dataclass(frozen=True)
class NumberedItem:
    """One duty or workflow step with its hierarchical number (1, 1.1, 1.1.1)."""

    number: str
    text: str
    depth: int  # 1 for a top-level item


@dataclass(frozen=True)
class ItemGroup:
    """A run of numbered items; `from_title` is set when they are inherited via `extends`."""

    items: tuple[NumberedItem, ...]
    from_title: Optional[str] = None
    note: str = ""  # e.g. 以下职责承接自“置业顾问”岗位


@dataclass(frozen=True)
class MeetingRow:
    """A meeting this position chairs, attends or keeps the minutes of."""

    name: str
    cadence: str  # the period's label and the meeting's `when`, e.g. 每周 · 每周一上午9:00
    part: str  # 主持、记录 …
    meeting_id: str = ""  # the meeting file's id (the website links to its page)


@dataclass(frozen=True)
class RaciRow:
    process: str
    activity: str
    letter: str  # R, A, A/R, C, I
    meaning: str  # the organisation's labels, e.g. 审批/负责
    process_id: str = ""  # the process file's id (the website links to its page)


@dataclass(frozen=True)
class ApprovalRow:
    """One tier this position approves: what, which range, and where larger amounts go."""

    process: str
    activity: str
    range: str  # "≤ 300 万元", "300–1000 万元", "> 1000 万元"
    above_it: str  # the next tier's approver, "超出上限不可审批" or "无上限"


@dataclass(frozen=True)
class HeaderRow:
    label: str
    value: str
    # Not in the repr: the fingerprint of what a JD showed (docx_properties) hashes the repr, and
    # these only say how the shown value was made.
    key: str = field(default="", repr=False)  # which field ("reports_to"), for outputs that print some rows their own way
    positions: tuple = field(default=(), repr=False)  # the positions a value names, for outputs that link them (the site)

    @property
    def wide(self) -> bool:
        """Too long to share a line of the header table with another field."""
        return sum(2 if ord(c) > 0x2E80 else 1 for c in self.value) > WIDE_VALUE


WIDE_VALUE = 30  # in half-width character cells: what fits beside another field on A4


def pair_rows(rows: tuple[HeaderRow, ...]) -> tuple[tuple[HeaderRow, ...], ...]:
    """Lines of the header table: consecutive short fields two to a line, long ones alone."""
    lines: list[tuple[HeaderRow, ...]] = []
    waiting: list[HeaderRow] = []
    for row in rows:
        if row.wide:
            lines.append((row,))
            continue
        waiting.append(row)
        if len(waiting) == 2:
            lines.append(tuple(waiting))
            waiting = []
    if waiting:
        lines.append(tuple(waiting))
    return tuple(lines)


@dataclass(frozen=True)
class JobDescription:
    role_id: str
    language: str
    html_lang: str
    organisation: str
    handbook_title: str
    version: str
    effective: str
    title: str
    external_title: str
    department: str  # the path from the top, e.g. 营销中心 › 销售部
    grade: str
    manager: Optional[Position]
    direct_reports: tuple[Position, ...]
    dotted_to: tuple[Position, ...]
    dotted_from: tuple[Position, ...]
    budget: Optional[int]  # None: not stated (编制未列明)
    filled: Optional[int]
    vacant: Optional[int]
    incumbents: tuple[str, ...]  # as printed: a concurrent holder marked 兼
    serves: tuple[str, ...]  # names of the other departments this post also serves
    header: tuple[HeaderRow, ...]

    @property
    def header_lines(self) -> tuple[tuple[HeaderRow, ...], ...]:
        return pair_rows(self.header)
    summary: str
    duties: tuple[ItemGroup, ...]
    kpis: tuple[KpiRow, ...]
    qualifications: tuple[HeaderRow, ...]  # label → text (lists joined)
    skills: tuple[str, ...]
    other_requirements: tuple[str, ...]
    authority: tuple[str, ...]
    relations_internal: tuple[str, ...]
    relations_external: tuple[str, ...]
    reports: tuple[ReportRow, ...]
    raci: tuple[RaciRow, ...]
    workflow: tuple[ItemGroup, ...]
    approvals: tuple[ApprovalRow, ...] = ()  # 审批权限: the approval tiers this position holds
    meetings: tuple[MeetingRow, ...] = ()  # 会议: what it chairs, attends or minutes
    # 职务代理人: who acts when the post is absent (None: not stated). Out of repr (the Word file's
    # fingerprint) so files without a deputy stay byte-identical; its header row is in repr.
    deputy: Optional[Position] = field(default=None, repr=False)
    # The 审批权限 table's second and third headings: amounts (可审批金额区间, 超出区间报批), or,
    # when a row is a step without an amount, words that claim none. Out of repr: the rows say it.
    approval_headings: tuple[str, str] = field(default=("", ""), repr=False)
    # 员工确认 (sign-off, FORMAT.md section 12): printed above the incumbent's signature when the
    # organisation uses sign-off; "" otherwise. In repr only when set (see __repr__).
    acknowledgement: str = field(default="", repr=False)

    def __repr__(self) -> str:
        """The dataclass's repr (the Word file's fingerprint and the cache keys), with the
        acknowledgement added only when there is one: an organisation without sign-off keeps
        the fingerprints, and so the bytes, it had before sign-off existed."""
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
        extra = f", acknowledgement={self.acknowledgement!r}" if self.acknowledgement else ""
        return f"{type(self).__qualname__}({shown}{extra})"

    @property
    def signoff_slot(self) -> str:
        """The id of the empty box the personal copies print the incumbent's name in."""
        return f"signoff-name-{self.role_id}"
    # 职级 and 职位序列 (section 13) as (label, value); out of repr like `deputy`: the header rows say it.
    levels: tuple[tuple[str, str, str], ...] = field(default=(), repr=False)  # (key, label, value)

    @property
    def kpi_columns(self) -> tuple[str, ...]:
        """target, period, weight: those some KPI of this position has a value in."""
        return kpi_columns(self.kpis)

    @property
    def raci_by_process(self) -> tuple[tuple[str, tuple[RaciRow, ...]], ...]:
        """RACI rows grouped under their process, in process order."""
        groups: list[tuple[str, list[RaciRow]]] = []
        for row in self.raci:
            if not groups or groups[-1][0] != row.process:
                groups.append((row.process, []))
            groups[-1][1].append(row)
        return tuple((name, tuple(rows)) for name, rows in groups)


def number_items(duties: list[Duty], start: int = 1) -> tuple[NumberedItem, ...]:
    """Flatten a duty tree into items numbered 1, 1.1, 1.1.1 … (top level from `start`)."""
    numbered: list[NumberedItem] = []
    # An explicit stack keeps the order without recursion: (duty, number prefix parts).
    stack = [(duty, (start + i,)) for i, duty in reversed(list(enumerate(duties)))]
    while stack:
        duty, parts = stack.pop()
        numbered.append(NumberedItem(".".join(map(str, parts)), duty.text, len(parts)))
        stack.extend((sub, parts + (j + 1,)) for j, sub in reversed(list(enumerate(duty.items))))
    return tuple(numbered)


def raci_meanings(org: Organisation) -> dict[str, str]:
    """R/A/C/I → the printed meaning: the organisation's labels (English defaults for `en`)."""
    labels = org.org.raci.labels
    if org.language == "en" and labels == RaciLabels():
        return dict(ENGLISH_RACI)
    return {"R": labels.R, "A": labels.A, "C": labels.C, "I": labels.I}


def _raci_rows(org: Organisation, role: Role, labels: dict[str, str]) -> tuple[RaciRow, ...]:
    meanings = raci_meanings(org)
    rows = []
    for involvement in org.involvements(role.id):
        meaning = "/".join(meanings[letter] for letter in involvement.letter.split("/"))
        if involvement.activity.chained and "A" in involvement.letter:
            # Not just "A 审批": the range this position approves, as in the 审批权限 section.
            tier = next(t for t in activity_tiers(involvement.process_id, involvement.process, involvement.activity)
                        if t.approver == role.id)
            meaning += labels["bracketed"].format(text=range_text(tier, labels))
        rows.append(RaciRow(involvement.process.name, involvement.activity.name, involvement.letter, meaning,
                            involvement.process_id))
    return tuple(rows)


def _approval_rows(org: Organisation, role: Role, labels: dict[str, str]) -> tuple[ApprovalRow, ...]:
    rows = []
    for tier in org.approval_limits(role.id):
        if tier.escalates_to is not None:
            above_it = org.title_of(tier.escalates_to) + external_marker(org.position(tier.escalates_to), labels)
        else:
            above_it = end_text(tier, labels)
        rows.append(ApprovalRow(tier.process, tier.activity, range_text(tier, labels), above_it))
    return tuple(rows)


def _approval_headings(org: Organisation, role: Role, labels: dict[str, str]) -> tuple[str, str]:
    if all(tier.kind == AMOUNT for tier in org.approval_limits(role.id)):
        return labels["approval_range"], labels["approval_above"]
    return labels["approval_step"], labels["approval_next"]


def _meeting_rows(org: Organisation, role: Role, labels: dict[str, str]) -> tuple[MeetingRow, ...]:
    rows = []
    for meeting_id, meeting, parts in org.meeting_parts(role.id):
        cadence = " · ".join(t for t in (period_label(meeting.period, org.language), meeting.when or "") if t)
        rows.append(MeetingRow(meeting.name, cadence, labels["list_separator"].join(labels[f"meeting_{p}"] for p in parts),
                                   meeting_id))
    return tuple(rows)


def _duty_groups(org: Organisation, role: Role, labels: dict[str, str]) -> tuple[ItemGroup, ...]:
    groups = [ItemGroup(number_items(role.duties))]
    next_number = len(role.duties) + 1
    for inherited in org.inherited_duties(role):
        title = inherited.from_role.title
        groups.append(ItemGroup(number_items(inherited.duties, next_number), title,
                                labels["inherited_note"].format(title=title)))
        next_number += len(inherited.duties)
    return tuple(groups)


def told_apart(org: Organisation, positions: tuple[Position, ...], labels: dict[str, str]) -> tuple[Position, ...]:
    """The positions, those sharing a title with another in the list named with their
    department in brackets: 销售组长（销售一部）、销售组长（销售二部）, not 销售组长、销售组长."""
    counts = Counter(p.title for p in positions)
    return tuple(replace(p, title=p.title + labels["bracketed"].format(text=org.department_of(org.roles[p.id]).name))
                 if counts[p.title] > 1 and p.id in org.roles else p for p in positions)


def external_marker(position: Position, labels: dict[str, str]) -> str:
    """（外部岗位）after an external position, （外部部门） after an external department, else ""."""
    if not position.external:
        return ""
    return labels["external_department_marker" if position.external_department else "external_marker"]


def _join(titles: list[str], labels: dict[str, str]) -> str:
    return labels["list_separator"].join(titles) if titles else labels["none"]


def _header(jd_fields: dict, labels: dict[str, str]) -> tuple[HeaderRow, ...]:
    """The header table's rows, in print order; optional fields only where present. Every output
    prints these rows (PDF, Word, the site), so a field left unstated reads the same in all."""
    def row(key: str, value: str) -> HeaderRow:
        return HeaderRow(labels[key], value, key)

    def positions(key: str, named) -> HeaderRow:
        named = tuple(named)
        return HeaderRow(labels[key], _join([p.title + external_marker(p, labels) for p in named], labels), key, named)

    rows = [row("title", jd_fields["title"])]
    if jd_fields["external_title"]:
        rows.append(row("external_title", jd_fields["external_title"]))
    rows.append(row("department", jd_fields["department"]))
    if jd_fields["grade"]:
        rows.append(row("grade", jd_fields["grade"]))
    rows += [HeaderRow(label, value, key) for key, label, value in jd_fields["levels"]]  # 职级, 职位序列 (section 13)
    manager = jd_fields["manager"]
    # No superior in the YAML is a superior not stated (an article's top post usually has one
    # outside it), not a claim that the post answers to nobody: 未列明, never 无.
    rows.append(positions("reports_to", [manager]) if manager else row("reports_to", labels["not_stated"]))
    rows.append(positions("direct_reports", jd_fields["direct_reports"]))
    if jd_fields["dotted_to"]:
        rows.append(positions("dotted_to", jd_fields["dotted_to"]))
    if jd_fields["dotted_from"]:
        rows.append(positions("dotted_from", jd_fields["dotted_from"]))
    if jd_fields["deputy"]:  # 职务代理人, only where the document names one
        rows.append(positions("deputy", [jd_fields["deputy"]]))
    if jd_fields["serves"]:
        rows.append(row("serves", _join(list(jd_fields["serves"]), labels)))
    if jd_fields["budget"] is None:  # nobody stated the figures: print none
        rows.append(row("headcount", labels["headcount_not_stated"]))
    elif jd_fields["filled"] is None:
        rows.append(row("headcount", labels["headcount_budget_only"].format(budget=jd_fields["budget"])))
    else:
        rows.append(row("headcount", labels["headcount_value"].format(
            budget=jd_fields["budget"], filled=jd_fields["filled"], vacant=jd_fields["vacant"])))
    if jd_fields["incumbents"]:
        rows.append(row("incumbents", _join(list(jd_fields["incumbents"]), labels)))
    return tuple(rows)


def _qualifications(org: Organisation, role: Role, labels: dict[str, str]) -> tuple[HeaderRow, ...]:
    q = role.qualifications
    # The level's generic requirements first, marked as the level's (section 13).
    rows = [HeaderRow(label, value) for label, value in inherited_requirements(org, role, labels, org.language)]
    if q.education:
        rows.append(HeaderRow(labels["education"], q.education))
    if q.experience:
        rows.append(HeaderRow(labels["experience"], q.experience))
    return tuple(rows)


def build_job_description(org: Organisation, role_id: str) -> JobDescription:
    """Everything the job description of `role_id` prints, in the handbook's language."""
    role = org.roles[role_id]
    language = org.language
    labels = jd_labels(language)
    handbook = org.org.handbook
    separator = " › "
    jd_fields = dict(
        title=role.title,
        external_title=role.external_title or "",
        department=separator.join(d.name for d in org.department_path(role.department)),
        grade=role.grade or "",
        manager=org.position(role.reports_to) if role.reports_to else None,
        direct_reports=told_apart(org, tuple(org.position(r.id) for r in org.direct_reports(role.id)), labels),
        dotted_to=told_apart(org, tuple(org.position(pid) for pid in role.dotted_to), labels),
        dotted_from=told_apart(org, tuple(org.position(r.id) for r in org.dotted_reports(role.id)), labels),
        budget=role.budget,
        filled=role.filled,
        vacant=role.vacant,
        incumbents=tuple(person_label(p, language) for p in role.incumbents or ()),
        serves=tuple(org.departments[d].name for d in role.serves),
        deputy=told_apart(org, (org.position(role.deputy),), labels)[0] if role.deputy else None,
        levels=tuple(level_header(org, role, language)),
    )
    return JobDescription(
        role_id=role.id,
        language=language,
        html_lang=HTML_LANG[language],
        organisation=org.org.organization,
        handbook_title=handbook.title or "",
        version=handbook.version or "",
        effective=handbook.effective or "",
        header=_header(jd_fields, labels),
        summary=role.summary or "",
        duties=_duty_groups(org, role, labels),
        kpis=tuple(kpi_row(k, language) for k in role.kpis),
        qualifications=_qualifications(org, role, labels),
        skills=tuple(role.qualifications.skills),
        other_requirements=tuple(role.qualifications.other),
        authority=tuple(role.authority),
        relations_internal=tuple(role.relations.internal),
        relations_external=tuple(role.relations.external),
        reports=report_rows(org, role.id, labels),
        raci=_raci_rows(org, role, labels),
        approvals=_approval_rows(org, role, labels),
        approval_headings=_approval_headings(org, role, labels),
        meetings=_meeting_rows(org, role, labels),
        workflow=(ItemGroup(number_items(role.workflow)),) if role.workflow else (),
        acknowledgement=acknowledgement_text(org) if signoff_in_use(org) else "",
        **jd_fields,
    )
