"""What each page of the website shows, as plain view data for the templates/site/ pages.

The job description pages print the same `JobDescription` as the PDF and Word files
(jobdesc/jd/context.py), so the three never disagree; the department, process, staffing
and authority pages read the validated `Organisation`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from markupsafe import Markup

from ..format.approval_tiers import activity_tiers, end_text, range_text
from ..handbook.chapter_html import chapter_html
from ..i18n import period_label
from ..jd.context import ItemGroup, JobDescription, build_job_description, number_items
from ..headcount_text import totals_notes
from ..i18n import not_stated_label, person_label
from ..jd.labels import jd_labels
from ..jd.report_rows import DepartmentReportRow, department_report_rows
from ..format.position_models import Department
from ..format.organisation import HeadcountTotals, Organisation, PositionRef, raci_letter
from ..tables.staffing_rows import StaffingColumns, stated_columns
from .search import SearchEntry


@dataclass(frozen=True)
class PositionRow:
    id: str
    title: str
    grade: str
    budget: str  # as printed: a figure, or 未列明 when nobody stated it (no figure is made up)
    filled: str
    vacant: str
    has_vacancy: bool
    incumbents: tuple[str, ...]  # as printed, a concurrent holder marked 兼


@dataclass(frozen=True)
class DepartmentView:
    department: Department
    path: tuple[Department, ...]  # from the top, this one last
    children: tuple[tuple[Department, HeadcountTotals], ...]
    positions: tuple[PositionRow, ...]
    totals: HeadcountTotals  # with its sub-departments
    notes: str  # what the sums leave out: posts not stated, posts held concurrently (headcount_text)
    depth: int
    duties: tuple[ItemGroup, ...]  # numbered as in the handbook (empty: none given)
    reports: tuple[DepartmentReportRow, ...] = ()  # 部门汇报 (org.yaml), as the handbook prints them
    # The columns its positions state (级别, 在岗 and 空缺, 任职人员): the staffing table's rule.
    columns: StaffingColumns = StaffingColumns()


@dataclass(frozen=True)
class TierView:
    range: str
    approver: PositionRef
    escalates_to: Optional[PositionRef]
    last_note: str  # for the last tier: no upper limit / above it cannot be approved


@dataclass(frozen=True)
class ActivityView:
    name: str
    letters: tuple[str, ...]  # one per column of the process page
    four_eyes: bool | str  # True, "people" (two different people) or False
    unit: str
    tiers: tuple[TierView, ...]


@dataclass(frozen=True)
class ProcessView:
    id: str
    name: str
    columns: tuple[PositionRef, ...]
    activities: tuple[ActivityView, ...]


@dataclass(frozen=True)
class PositionView:
    jd: JobDescription
    department_id: str
    path_to_top: tuple[PositionRef, ...]  # the top first, this position's manager last
    report_recipients: tuple[tuple["Named", ...], ...]  # per owed report (jd.reports), whom it goes to


@dataclass(frozen=True)
class Named:
    """A position or department a meeting names, as a link target."""

    kind: str  # role, external or department
    id: str
    title: str


@dataclass(frozen=True)
class MeetingView:
    id: str
    name: str
    cadence: str
    when: str
    chair: Optional[Named]  # None: not stated
    attendees: tuple[Named, ...]  # (): not stated
    minutes: Optional[Named]
    agenda: tuple[str, ...]
    minutes_unnamed: bool = False  # `minutes: true`: kept by someone the meeting file does not name (专人记录)


@dataclass(frozen=True)
class ChapterView:
    id: str  # the chapter's anchor (chapter-1): a file name safe in any address
    title: str
    body: Markup  # made by the handbook's chapter_html, every text escaped
    text: str  # its words in the edition's script, for the search (chapter.search_text)


def _named(org: Organisation, any_id: str) -> Named:
    if any_id in org.roles:
        return Named("role", any_id, org.roles[any_id].title)
    if any_id in org.departments and any_id not in org.externals:
        return Named("department", any_id, org.departments[any_id].name)
    return Named("external", any_id, org.title_of(any_id))


def meeting_views(org: Organisation) -> list[MeetingView]:
    return [MeetingView(meeting_id, m.name, period_label(m.period, org.language), m.when or "",
                        _named(org, m.chair) if m.chair else None, tuple(_named(org, a) for a in m.attendee_ids),
                        _named(org, m.minute_taker) if m.minute_taker else None, tuple(m.agenda),
                        m.minutes is True)
            for meeting_id, m in org.meetings.items()]


def chapter_views(org: Organisation) -> list[ChapterView]:
    bracketed = jd_labels(org.language)["bracketed"]
    return [ChapterView(c.anchor, c.title, chapter_html(c, bracketed), c.search_text()) for c in org.chapters]


def _row(org: Organisation, role_id: str) -> PositionRow:
    role = org.roles[role_id]
    not_stated = not_stated_label(org.language)
    figures = ("" if value is None else str(value) for value in (role.budget, role.filled, role.vacant))
    budget, filled, vacant = figures
    if role.budget is None:
        budget = not_stated
    elif role.filled is None:
        filled = not_stated
    return PositionRow(role.id, role.title, role.grade or "", budget, filled, vacant, bool(role.vacant),
                       tuple(person_label(p, org.language) for p in role.incumbents or ()))


def department_views(org: Organisation) -> list[DepartmentView]:
    views = []
    for dept, depth in org.departments_in_tree_order():
        children = tuple((sub, org.headcount_totals(sub.id)) for sub in org.sub_departments(dept.id))
        roles = org.roles_in_department(dept.id)
        positions = tuple(_row(org, role.id) for role in roles)
        totals = org.headcount_totals(dept.id)
        views.append(DepartmentView(dept, tuple(org.department_path(dept.id)), children, positions,
                                    totals, " · ".join(totals_notes(totals, org.language)), depth,
                                    (ItemGroup(number_items(dept.duties)),) if dept.duties else (),
                                    department_report_rows(org, dept.id, jd_labels(org.language)),
                                    stated_columns(roles)))
    return views


def path_to_top(org: Organisation, role_id: str) -> tuple[PositionRef, ...]:
    """The managers above a position, the top first (stops at an external manager, the chart's top)."""
    chain: list[PositionRef] = []
    seen = {role_id}
    manager = org.roles[role_id].reports_to
    while manager is not None and manager not in seen:
        seen.add(manager)
        chain.append(org.position(manager))
        manager = org.roles[manager].reports_to if manager in org.roles else None
    return tuple(reversed(chain))


def position_view(org: Organisation, role_id: str) -> PositionView:
    role = org.roles[role_id]
    jd = build_job_description(org, role_id)  # its reports include the department reports it prepares
    return PositionView(jd, role.department, path_to_top(org, role_id),
                        tuple(tuple(_named(org, p.id) for p in row.to) for row in jd.reports))


def process_views(org: Organisation) -> list[ProcessView]:
    labels = jd_labels(org.language)
    order = {pid: n for n, pid in enumerate(org.raci_columns())}
    views = []
    for process_id, process in org.processes.items():
        named = {pid for a in process.activities for pid in org.raci_positions_of(a)}
        columns = tuple(org.position(pid) for pid in sorted(named, key=lambda pid: order.get(pid, len(order))))
        activities = []
        for activity in process.activities:
            tiers = tuple(
                TierView(range_text(t, labels), org.position(t.approver),
                         org.position(t.escalates_to) if t.escalates_to else None,
                         "" if not t.last else end_text(t, labels))
                for t in activity_tiers(process_id, process, activity))
            activities.append(ActivityView(activity.name, tuple(raci_letter(activity, c.id) for c in columns),
                                           activity.four_eyes, process.unit_of(activity) or "", tiers))
        views.append(ProcessView(process_id, process.name, columns, tuple(activities)))
    return views


def _duty_text(jd: JobDescription) -> list[str]:
    return [item.text for group in (*jd.duties, *jd.workflow) for item in group.items]


def search_entries(org: Organisation, positions: list[PositionView], departments: list[DepartmentView],
                   processes: list[ProcessView], meetings: list[MeetingView], chapters: list[ChapterView],
                   kinds: dict[str, str]) -> list[SearchEntry]:
    """What the search finds, positions first (in the order of the job descriptions)."""
    entries = []
    for view in positions:
        jd = view.jd
        department = org.departments[view.department_id].name
        body = " ".join([jd.summary, *_duty_text(jd), *(k.name for k in jd.kpis), *jd.authority])
        entries.append(SearchEntry(f"jd/{jd.role_id}.html", kinds["position"], jd.title,
                                   " · ".join(t for t in (jd.external_title, department) if t),
                                   "、".join(jd.incumbents), body,
                                   (*(p.name for p in org.roles[jd.role_id].incumbents or ()), department)))
    for view in departments:
        dept = view.department
        entries.append(SearchEntry(f"dept/{dept.id}.html", kinds["department"], dept.name,
                                   " › ".join(d.name for d in view.path[:-1]), "",
                                   " ".join(item.text for group in view.duties for item in group.items)))
    for process in processes:
        entries.append(SearchEntry(f"process/{process.id}.html", kinds["process"], process.name, "", "",
                                   " ".join(a.name for a in process.activities)))
    for meeting in meetings:
        entries.append(SearchEntry(f"meeting/{meeting.id}.html", kinds["meeting"], meeting.name,
                                   " · ".join(t for t in (meeting.cadence, meeting.when) if t), "",
                                   " ".join(meeting.agenda)))
    for chapter in chapters:
        entries.append(SearchEntry(f"chapter/{chapter.id}.html", kinds["chapter"], chapter.title, "", "",
                                   chapter.text))
    return entries
