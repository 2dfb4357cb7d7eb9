"""A position (and a department) as the printable values a reviewer compares, field by field.

Ids are shown with the title the version they come from gives them ("销售经理 (sales-manager)"),
so a reader need not know the slugs. The order of FIELDS is the order of a job description.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from ..i18n import not_stated_label, period_label, person_label
from ..format.kpi_models import KpiRange, range_text
from ..format.position_models import Duty, Role
from ..format.organisation import Organisation
from ..jd.labels import jd_labels
from .items import FieldChange, Line, field_change

# Fields compared on every position that exists in both versions; title, department and
# reports_to are reported as renames and moves instead (model.py).
FIELDS = ("assistant", "dotted_to", "external_title", "grade", "level", "family", "headcount", "incumbents", "serves", "summary",
          "extends", "duties", "kpis", "education", "experience", "skills", "other", "authority",
          "internal", "external", "reports", "workflow")


def named(organisation: Organisation, position_id: Optional[str]) -> Optional[str]:
    """'Title (id)' of a role or external position; the id alone if the version has neither."""
    if position_id is None:
        return None
    title = organisation.title_of(position_id)
    return f"{title} ({position_id})" if title != position_id else position_id


def duty_lines(duties: Iterable[Duty], depth: int = 0, under: Optional[str] = None) -> list[Line]:
    """Duties (or workflow steps) as lines; a sub-item knows its parent's text for context."""
    lines: list[Line] = []
    for duty in duties:
        lines.append(Line(duty.text, depth, under))
        lines.extend(duty_lines(duty.items, depth + 1, duty.text))
    return lines


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def kpi_line(kpi, language: str) -> str:
    parts = [kpi.name]
    if isinstance(kpi.target, KpiRange):
        parts.append(f"{range_text(kpi.target)}{kpi.unit or ''}")
    elif kpi.target is not None:
        parts.append(f"{kpi.target}{kpi.unit or ''}")
    elif kpi.unit:
        parts.append(kpi.unit)
    if kpi.period:
        parts.append(period_label(kpi.period, language))
    if kpi.weight is not None:
        parts.append(f"{_number(kpi.weight)}%")
    return " · ".join(parts)


def headcount_figures(role: Role) -> Optional[tuple[int, int]]:
    """(budget, filled), or None when the role states no figure (a later FORMAT allows that)."""
    headcount = getattr(role, "headcount", None)
    if headcount is None or getattr(headcount, "budget", None) is None:
        return None
    return headcount.budget, headcount.filled


def headcount_text(role: Role, language: str = "zh-CN") -> str:
    """"budget / filled / vacant", or the words for no figure (未列明), so a change to or from
    not stated reads "未列明 → 2 / 1 / 1" rather than a field that appears from nowhere."""
    figures = headcount_figures(role)
    if figures is None:
        return not_stated_label(language)
    budget, filled = figures
    if filled is None:
        return f"{budget} / {not_stated_label(language)}"
    return f"{budget} / {filled} / {max(budget - filled, 0)}"


def _incumbent(person: Any, language: str) -> str:
    label = person_label(person, language)
    return f"{label} ({person.id})" if person.id else label


def role_values(role: Role, organisation: Organisation) -> dict[str, Any]:
    """Every compared field of a role: a string, None, or a list of Lines."""
    language = organisation.language
    qualifications, relations = role.qualifications, role.relations
    plain = lambda texts: [Line(t) for t in texts]  # noqa: E731
    return {
        "assistant": "yes" if role.assistant else None,
        "dotted_to": plain(named(organisation, d) for d in role.dotted_to),
        "external_title": role.external_title,
        "grade": role.grade,
        "level": getattr(role, "level", None),  # section 13; never a pay band
        "family": _family(role, organisation),
        "headcount": headcount_text(role, language),
        "incumbents": plain(_incumbent(p, language) for p in (role.incumbents or [])),
        "serves": plain(named_department(organisation, d) for d in role.serves),
        "summary": role.summary,
        "extends": named(organisation, role.extends),
        "duties": duty_lines(role.duties),
        "kpis": plain(kpi_line(k, language) for k in role.kpis),
        "education": qualifications.education,
        "experience": qualifications.experience,
        "skills": plain(qualifications.skills),
        "other": plain(qualifications.other),
        "authority": plain(role.authority),
        "internal": plain(relations.internal),
        "external": plain(relations.external),
        "reports": plain(report_line(r, organisation) for r in role.reports),
        "workflow": duty_lines(role.workflow),
    }


def _family(role: Role, organisation: Organisation) -> Optional[str]:
    family = getattr(role, "family", None)
    place = organisation.architecture.family_of(role) if family else None
    return f"{place.name} ({family})" if place else family


def named_department(organisation: Organisation, dept_id: str) -> str:
    dept = organisation.departments.get(dept_id)
    return f"{dept.name} ({dept_id})" if dept else dept_id


def report_line(report, organisation: Organisation) -> str:
    """A report as one line: no arrow when it names no recipient (not stated), the meeting it is
    delivered at, and for a department's report the role that prepares it."""
    labels = jd_labels(organisation.language)
    line = report.name
    if report.to:
        line += f" → {'、'.join(named(organisation, t) for t in report.to)}"
    if report.due:
        line += f" ({report.due})"
    if getattr(report, "at", None):
        meeting = organisation.meetings.get(report.at)
        line += " " + labels["report_at"].format(meeting=meeting.name if meeting else report.at)
    if getattr(report, "from_", None):
        line += f" · {labels['report_from']}: {named(organisation, report.from_)}"
    return f"{line} · {period_label(report.period, organisation.language)}" if report.period else line


def role_field_changes(old: Role, old_org: Organisation, new: Role, new_org: Organisation) -> tuple[FieldChange, ...]:
    before, after = role_values(old, old_org), role_values(new, new_org)
    changes = (field_change(name, before[name], after[name]) for name in FIELDS)
    return tuple(change for change in changes if change is not None)


def content_key(role: Role) -> str:
    """A role's content without its id: equal keys mean a file renamed with nothing else changed."""
    return role.model_dump_json(exclude={"id"})
