"""The reports (工作汇报) and KPI (考核指标) rows of a job description, as every output prints them.

Not stated stays not stated: a report without `to` prints 未列明 as its recipient (never a
guessed manager), a report delivered at a meeting names the meeting, and a department's report
(org.yaml, `from:` this role) is listed on the job description of the role that prepares it. A
KPI table leaves out a column nobody typed a value in (no empty 权重 column with a heading).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..format.kpi_models import Kpi, target_text
from ..format.organisation import Organisation
from ..format.organisation import PositionRef as Position
from ..format.report_models import OwedReport
from ..i18n import period_label


@dataclass(frozen=True)
class KpiRow:
    name: str
    target: str  # with its unit, as written: 20个, 80–90%, ≥ 80%, 不低于20个
    period: str
    weight: str


KPI_COLUMNS = ("target", "period", "weight")


def kpi_columns(rows: tuple[KpiRow, ...]) -> tuple[str, ...]:
    """The KPI columns with a value in at least one row, in table order (name always comes first)."""
    return tuple(column for column in KPI_COLUMNS if any(getattr(row, column) for row in rows))


@dataclass(frozen=True)
class ReportRow:
    name: str
    to: tuple[Position, ...]  # one or several recipients: roles, external positions, departments; () not stated
    to_text: str  # the recipients as printed, joined, or 未列明
    due: str  # the period's label, the due text and the meeting it is delivered at, as printed
    # The meeting's id, for the website's link; its name is in `due`. Not in the repr, which is the
    # job description's fingerprint (docx_properties): an organisation without `at` keeps its bytes.
    at_meeting: str = field(default="", repr=False)

    @property
    def external(self) -> bool:
        """Every recipient is outside the handbook (drawn greyed); never when none is stated."""
        return bool(self.to) and all(p.external for p in self.to)


def _weight(weight: Optional[float]) -> str:
    return "" if weight is None else f"{weight:g}%"


def kpi_row(kpi: Kpi, language: str) -> KpiRow:
    return KpiRow(kpi.name, target_text(kpi), period_label(kpi.period, language), _weight(kpi.weight))


def report_row(org: Organisation, report: OwedReport, labels: dict[str, str],
               for_department: Optional[str] = None) -> ReportRow:
    to = tuple(org.position(target) for target in report.recipients)
    to_text = labels["list_separator"].join(p.title for p in to) if to else labels["not_stated"]
    at = labels["report_at"].format(meeting=org.meetings[report.at].name) if report.at else ""
    due = " · ".join(text for text in (period_label(report.period, org.language), report.due or "", at) if text)
    name = report.name
    if for_department is not None:
        name += labels["report_for_department"].format(department=org.departments[for_department].name)
    return ReportRow(name, to, to_text, due, report.at or "")


def report_rows(org: Organisation, role_id: str, labels: dict[str, str]) -> tuple[ReportRow, ...]:
    """The role's own reports, then the department reports it prepares (`from:` it), in org.yaml order."""
    rows = [report_row(org, report, labels) for report in org.roles[role_id].reports]
    for department in org.org.departments:
        rows += [report_row(org, report, labels, department.id) for report in department.reports
                 if report.from_ == role_id]
    return tuple(rows)


@dataclass(frozen=True)
class DepartmentReportRow:
    """A report a department owes (部门汇报), as its handbook page and website page print it."""

    report: ReportRow
    prepared_by: Optional[Position]  # the role named by `from:`; None: not stated


def department_report_rows(org: Organisation, department_id: str,
                           labels: dict[str, str]) -> tuple[DepartmentReportRow, ...]:
    return tuple(DepartmentReportRow(report_row(org, report, labels),
                                     org.position(report.from_) if report.from_ else None)
                 for report in org.departments[department_id].reports)
