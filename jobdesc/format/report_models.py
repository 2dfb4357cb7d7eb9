"""Reports (汇报) a position or a department owes (FORMAT.md sections 3 and 10).

Real documents often say that a report is due without saying to whom ("按日、周和月向领导上报",
"反馈给相关部门"): `to` is optional, and without it no output names a recipient. A report may
be delivered at a meeting (`at`), and a department's report may name the role that prepares it
(`from`). Whether those ids exist is a cross-file rule (report_rules.py).
"""
from __future__ import annotations

from typing import Optional

from pydantic import Field

from .model_base import IdList, Slug, Strict, Text
from .periods import PERIOD_HELP, Period


class OwedReport(Strict):
    name: Text = Field(title="Report (汇报内容)", description="e.g. 工作日报")
    to: Optional[IdList] = Field(
        None, min_length=1, title="To",
        description="A role, external or department id the report goes to, or a list of them; "
                    "omitted: not stated, and no recipient is printed.")
    period: Optional[Period] = Field(None, title="Period", description=PERIOD_HELP)
    due: Optional[Text] = Field(None, title="Due (时限)", description="e.g. 每日上午10:00前")
    at: Optional[Slug] = Field(None, title="At meeting (会上汇报)",
                               description="A meeting id (meetings/ID.yaml) at which the report is delivered.")

    @property
    def recipients(self) -> list[str]:
        """The ids it goes to; empty when not stated."""
        return list(self.to or ())


class DepartmentReport(OwedReport):
    """A report the department owes as a whole (部门汇报), under the department in org.yaml."""

    from_: Optional[Slug] = Field(None, alias="from", title="Prepared by (编报岗位)",
                                  description="The role that prepares it for the department; omitted: not stated.")
