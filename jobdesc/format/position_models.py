"""The organisation format as Pydantic models: exactly the fields FORMAT.md names.

These models validate one file at a time (types, required fields, unknown keys,
per-file rules such as "filled <= budget"). Rules that need several files (does
`reports_to` name an existing role? is there a cycle?) live in `rules.py`.

Every field has a title and description: they become the JSON Schema that editors
use for completion and hover text while HR types.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import Field, field_validator, model_validator

# The base and id types live in model_base (team_models builds on them too); imported from here
# by the other modules, as before.
from .model_base import SLUG, SLUG_RE, IdList, Slug, Strict, Text, is_slug, one_or_many  # noqa: F401
from .kpi_models import Kpi
from .level_models import CareerPath, Family, Ladder, level_field
from .periods import PERIOD_HELP, PERIODS, Period  # noqa: F401 (imported from here by other modules)
from .report_models import DepartmentReport, OwedReport
from .signoff_models import ACKNOWLEDGEMENT_HELP
from .team_models import Team

MAX_DUTY_DEPTH = 4


# ---------------------------------------------------------------- org.yaml


class Department(Strict):
    id: Slug = Field(title="Department id", description="Unique slug, e.g. `sales-1`.")
    name: Text = Field(title="Name (部门名称)", description="The department's name as printed.")
    parent: Optional[Slug] = Field(
        None, title="Parent department", description="Id of the parent department; null for the top."
    )
    duties: list["Duty"] = Field(
        default_factory=list, title="Department duties (部门职责)", description="The department's own duties."
    )
    teams: list[Team] = Field(default_factory=list, title="Teams (小组)",
                                description="Teams inside the department, {id, name}; a role joins one with `team`.")
    reports: list[DepartmentReport] = Field(
        default_factory=list, title="Department reports (部门汇报)",
        description="Reports the department owes as a whole: what, to whom, by when, and which role prepares them.")


class Handbook(Strict):
    title: Optional[Text] = Field(None, title="Handbook title", description="Shown on the title page.")
    version: Optional[Text] = Field(None, title="Version", description='e.g. "1.0"')
    effective: Optional[Text] = Field(None, title="Effective date (生效日期)", description='e.g. "2026-01-01"')
    approved_by: Optional[Text] = Field(None, title="Approved by (批准人)", description="e.g. 总经理")
    language: Literal["zh-CN", "zh-TW", "zh-HK", "en"] = Field(
        "zh-CN", title="Language of labels", description="zh-CN (default), zh-TW, zh-HK or en."
    )
    acknowledgement: Optional[Text] = Field(None, title="Acknowledgement (员工确认)",
                                            description=ACKNOWLEDGEMENT_HELP)


class RaciLabels(Strict):
    R: Text = Field("负责", title="Label for R", description="e.g. 负责 / 执行 / Responsible")
    A: Text = Field("审批", title="Label for A", description="e.g. 审批 / Accountable")
    C: Text = Field("咨询", title="Label for C", description="e.g. 咨询 / Consulted")
    I: Text = Field("知会", title="Label for I", description="e.g. 知会 / Informed")


class RaciSettings(Strict):
    labels: RaciLabels = Field(default_factory=RaciLabels, title="RACI labels",
                               description="e.g. {R: 负责, A: 审批, C: 咨询, I: 知会}")


class ExternalPosition(Strict):
    id: Slug = Field(title="Id", description="Slug by which roles and processes name this position.")
    title: Text = Field(title="Title", description="Printed (greyed) wherever the position appears.")
    kind: Literal["position", "department"] = Field(
        "position", title="Kind", description="position (default), or department: a department another handbook "
                                              "covers (公司领导, 财务部), drawn and printed as a department.")


class OrgFile(Strict):
    """org.yaml: the organisation, its departments, handbook data and RACI labels."""

    organization: Text = Field(title="Organisation (组织名称)", description="Printed on every page.")
    departments: list[Department] = Field(min_length=1, title="Departments (部门)",
                                          description="At least one; `parent` links them into a tree.")
    handbook: Handbook = Field(default_factory=Handbook, title="Handbook settings",
                               description="What the title page and footers show, and the language of labels.")
    raci: RaciSettings = Field(default_factory=RaciSettings, title="RACI settings",
                               description="How R/A/C/I are labelled in the outputs.")
    external: list[ExternalPosition] = Field(
        default_factory=list,
        title="External positions",
        description="Positions outside this handbook that roles and processes may still name.",
    )
    keep: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list,
        title="Terms kept as typed",
        description="Printed exactly as typed in every edition (build --language), e.g. a registered "
                    "company name: keep: [锦华置业].",
    )
    # Job architecture (section 13; level_models.py): all three optional, empty when not used.
    ladders: list[Ladder] = Field(default_factory=list, title="Ladders (职级序列)",
                                  description="Each {id, name, levels}, levels ordered from the lowest.")
    families: list[Family] = Field(default_factory=list, title="Job families (职族 / 职位序列)",
                                   description="Each {id, name, subfamilies}; a role names one with `family`.")
    paths: list[CareerPath] = Field(default_factory=list, title="Career paths (晋升通道)",
                                    description="Moves between levels, {from: P2, to: M1, name: 专业转管理}.")


# ---------------------------------------------------------------- role files


class Duty(Strict):
    """A duty: either plain text, or text with sub-items (any depth up to 4)."""

    text: Text = Field(title="Duty text", description="One duty, as it should print.")
    items: list["Duty"] = Field(default_factory=list, title="Sub-items", description="Duties under this one.")

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        # A plain string is the common case; treat it as {text: ...}.
        return {"text": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        # Editors should offer both shapes a duty can take: a string, or {text, items}.
        object_schema = handler.resolve_ref_schema(handler(core_schema))
        return {"anyOf": [{"type": "string"}, object_schema]}

    def depth(self) -> int:
        return 1 + max((item.depth() for item in self.items), default=0)


class Headcount(Strict):
    """The figures somebody typed. A role without `headcount` has none (编制未列明), and a budget
    without `filled` (what a JD's 「客服专员（4人）」 gives) has no filled count: nothing is
    made up for either."""

    budget: int = Field(ge=0, le=100000, title="Budget (编制)", description="Approved positions.")
    filled: Optional[int] = Field(None, ge=0, le=100000, title="Filled (在岗)",
                                  description="People in post; omitted: not stated.")

    @property
    def vacant(self) -> Optional[int]:
        return None if self.filled is None else max(self.budget - self.filled, 0)


Number = Union[int, float]


class Qualifications(Strict):
    education: Optional[Text] = Field(None, title="Education (学历)", description="e.g. 大专及以上")
    experience: Optional[Text] = Field(None, title="Experience (经验)", description="e.g. 3年以上房地产销售经验")
    skills: list[Text] = Field(default_factory=list, title="Skills (技能)", description="e.g. 熟练使用办公软件")
    other: list[Text] = Field(default_factory=list, title="Other requirements (其他)", description="e.g. 形象气质佳")


class Relations(Strict):
    internal: list[Text] = Field(default_factory=list, title="Internal relations (内部关系)", description="e.g. 财务部")
    external: list[Text] = Field(default_factory=list, title="External relations (外部关系)", description="e.g. 银行")


class Incumbent(Strict):
    """A person in post: a name, or {name, concurrent, id}."""

    name: Text = Field(title="Name (姓名)", description="As printed.")
    concurrent: bool = Field(False, title="Concurrent (兼任)",
                             description="This person's main post is another role; this one is held concurrently.")
    id: Optional[Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        None, title="Person id (工号)", description="Tells apart two people with the same name, e.g. E1024.")

    @model_validator(mode="before")
    @classmethod
    def _plain_name(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        object_schema = handler.resolve_ref_schema(handler(core_schema))
        return {"anyOf": [{"type": "string"}, object_schema]}

    @property
    def person(self) -> tuple[str, str]:
        """Who this is: by id when one is given, else by name."""
        return ("id", self.id) if self.id else ("name", self.name)


class Role(Strict):
    """One position (岗位). The file name (without extension) is its id unless `id` is given."""

    id: Optional[Slug] = Field(None, title="Role id", description="Defaults to the file name.")
    title: Text = Field(title="Title (岗位名称)", description="The position's name as printed, e.g. 销售经理.")
    external_title: Optional[Text] = Field(None, title="External title (对外名称)",
                                          description="The title used with customers, e.g. 客户经理.")
    aliases: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, title="Other titles (别称)",
        description="Titles an HR roster may use for this post, e.g. [业务员, 销售代表] (jobdesc roster).")
    department: Slug = Field(title="Department", description="A department id from org.yaml.")
    reports_to: Optional[Slug] = Field(
        None, title="Reports to (直接上级)", description="A role id; omitted or null only for a top position."
    )
    dotted_to: IdList = Field(default_factory=list, title="Dotted-line reporting (虚线汇报)",
                              description="Role or external ids this position also reports to.")
    assistant: bool = Field(False, title="Assistant position (助理岗)", description="Drawn beside its manager.")
    grade: Optional[Text] = Field(None, title="Grade (内部级别)", description="e.g. 经理, 主管, 专员.")
    headcount: Optional[Headcount] = Field(
        None, title="Headcount (编制)",
        description="Approved and filled positions; omitted: not stated (编制未列明), and no figure is printed.")
    incumbents: Optional[list[Incumbent]] = Field(
        None, title="Incumbents (任职人)",
        description="Names, or {name, concurrent: true, id}; when headcount is given, its length equals `filled`.")
    serves: IdList = Field(default_factory=list, title="Also serves (跨部门)",
                           description="Other department ids this post also serves.")
    summary: Optional[Text] = Field(None, title="Summary (岗位概述)", description="The scope of the position in a sentence.")
    extends: Optional[Slug] = Field(
        None, title="Extends", description="This role also carries all duties of that role."
    )
    duties: list[Duty] = Field(min_length=1, title="Duties (岗位职责)",
                               description="At least one; text, or {text, items} with sub-items up to 4 deep.")
    kpis: list[Kpi] = Field(default_factory=list, title="KPIs (考核指标)",
                            description="Name, target, unit, period and weight (weights sum to 100).")
    qualifications: Qualifications = Field(default_factory=Qualifications, title="Qualifications (任职资格)",
                                           description="Education, experience, skills and other requirements.")
    authority: list[Text] = Field(default_factory=list, title="Authority (管理权限)",
                                  description="What the position may decide or approve.")
    relations: Relations = Field(default_factory=Relations, title="Relations (工作关系)",
                                 description="Who the position works with, inside and outside.")
    reports: list[OwedReport] = Field(default_factory=list, title="Reports owed (汇报)",
                                      description="The reports this position owes: what, to whom, by when.")
    workflow: list[Duty] = Field(default_factory=list, title="Workflow (工作流程)",
                                 description="Ordered steps, the same shape as duties.")
    deputy: Optional[Slug] = Field(None, title="Deputy (职务代理人)",
                                   description="The role that acts when this post is absent.")
    team: Optional[Slug] = Field(None, title="Team (小组)", description="A team of this role's own department.")
    family: Optional[Slug] = Field(None, title="Job family (职族)",
                                   description="A family or sub-family id from org.yaml `families`.")
    level: Optional[Annotated[str, Field(min_length=1, max_length=41)]] = Field(
        None, title="Level (职级)", description="A level id from org.yaml `ladders`, or a range such as P5-P6.")

    @field_validator("level", mode="before")
    @classmethod
    def _level_text(cls, value: Any) -> Any:
        return level_field(value)

    @field_validator("incumbents", mode="before")
    @classmethod
    def _incumbents_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @property
    def budget(self) -> Optional[int]:
        return self.headcount.budget if self.headcount else None

    @property
    def filled(self) -> Optional[int]:
        return self.headcount.filled if self.headcount else None

    @property
    def vacant(self) -> Optional[int]:
        """None when a figure is not stated: no figure is made up."""
        return self.headcount.vacant if self.headcount else None

    @property
    def figures_stated(self) -> bool:
        """Budget and filled both typed: the only posts any total adds up."""
        return self.headcount is not None and self.headcount.filled is not None

    @property
    def concurrent_count(self) -> int:
        """How many of this post's incumbents hold it concurrently (兼任)."""
        return sum(1 for person in self.incumbents or () if person.concurrent)


# ---------------------------------------------------------------- processes


Department.model_rebuild()
