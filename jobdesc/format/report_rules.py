"""Cross-file rules for reports (FORMAT.md sections 3, 5 and 10): every id a report names exists.

A position's report and a department's report may name recipients (`to`: roles, external
positions or departments) and a meeting they are delivered at (`at`); a department's report may
name the role that prepares it (`from`). Each unknown id is reported at the id itself, with the
nearest valid id as a hint. A report that names nobody is not an error: not stated is allowed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Collection, Iterable

from ..errors import Diagnostic, error
from .loaded import Loaded
from .position_models import OrgFile, Role
from .report_models import DepartmentReport, OwedReport
from .yaml_reader import SourceFile

Hint = Callable[[str, Iterable[str]], str]  # rules._did_you_mean


@dataclass(frozen=True)
class Known:
    """The ids a report may name: recipients (`to`), the roles a department's report may come
    from (`from`) and the meetings (`at`, every meeting file, valid or not)."""

    recipients: Collection[str]
    roles: Collection[str]
    meetings: Collection[str]


def _report_diagnostics(source: SourceFile, where: tuple[Any, ...], raw: Any, report: OwedReport, known: Known,
                        hint: Hint) -> list[Diagnostic]:
    found: list[Diagnostic] = []

    def unknown(loc: tuple, what: str, name: str, allowed: Collection[str], kinds: str) -> None:
        mark = source.mark_of(loc)
        found.append(error(source.path, mark.line, mark.column, "unknown-reference",
                           f"{what} '{name}' names no {kinds}{hint(name, allowed)}"))

    listed = isinstance(raw, dict) and isinstance(raw.get("to"), list)
    for j, target in enumerate(report.recipients):
        if target not in known.recipients:
            unknown((*where, "to", j) if listed else (*where, "to"), "reports to", target, known.recipients,
                    "role, external position or department")
    if report.at is not None and report.at not in known.meetings:
        unknown((*where, "at"), "report at", report.at, known.meetings, "meeting (meetings/ID.yaml)")
    if isinstance(report, DepartmentReport) and report.from_ is not None and report.from_ not in known.roles:
        unknown((*where, "from"), "report from", report.from_, known.roles, "role")
    return found


def role_report_diagnostics(loaded: Loaded[Role], known: Known, hint: Hint) -> list[Diagnostic]:
    source = loaded.source
    raw_reports = source.data.get("reports") if isinstance(source.data, dict) else None
    found: list[Diagnostic] = []
    for i, report in enumerate(loaded.model.reports):
        raw = raw_reports[i] if isinstance(raw_reports, list) and i < len(raw_reports) else None
        found += _report_diagnostics(source, ("reports", i), raw, report, known, hint)
    return found


def department_report_diagnostics(org: Loaded[OrgFile], known: Known, hint: Hint) -> list[Diagnostic]:
    departments = org.source.data.get("departments") if isinstance(org.source.data, dict) else None
    found: list[Diagnostic] = []
    for d, department in enumerate(org.model.departments):
        raw_reports = departments[d].get("reports") if isinstance(departments, list) else None
        for i, report in enumerate(department.reports):
            raw = raw_reports[i] if isinstance(raw_reports, list) and i < len(raw_reports) else None
            found += _report_diagnostics(org.source, ("departments", d, "reports", i), raw, report, known, hint)
    return found
