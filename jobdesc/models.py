"""The organisation format as Pydantic models: exactly the fields FORMAT.md names.

These models validate one file at a time (types, required fields, unknown keys,
per-file rules such as "filled <= budget"). Rules that need several files (does
`reports_to` name an existing role? is there a cycle?) live in `rules.py`.

Every field has a title and description: they become the JSON Schema that editors
use for completion and hover text while HR types.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

SLUG = r"^[a-z0-9][a-z0-9-]*$"
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")


def is_slug(text: str) -> bool:
    """The whole text is a slug. (fullmatch: `$` also matches before a final newline, so a
    file named "sales\\n.yaml" passed a `^...$` match.) Pydantic's and JSON Schema's regex
    engines read `$` as the very end, so SLUG stays as it is for them."""
    return SLUG_RE.fullmatch(text) is not None
MAX_DUTY_DEPTH = 4

Slug = Annotated[str, Field(pattern=SLUG, max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


def _one_or_many(value: Any) -> Any:
    """`R: salesperson` and `R: [salesperson]` mean the same; normalise to a list."""
    return [value] if isinstance(value, str) else value


IdList = Annotated[
    list[Slug],
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": SLUG},
                {"type": "array", "items": {"type": "string", "pattern": SLUG}},
            ]
        }
    ),
]


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, so a typo is never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


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


class Handbook(Strict):
    title: Optional[Text] = Field(None, title="Handbook title", description="Shown on the title page.")
    version: Optional[Text] = Field(None, title="Version", description='e.g. "1.0"')
    effective: Optional[Text] = Field(None, title="Effective date (生效日期)", description='e.g. "2026-01-01"')
    approved_by: Optional[Text] = Field(None, title="Approved by (批准人)", description="e.g. 总经理")
    language: Literal["zh-CN", "zh-TW", "zh-HK", "en"] = Field(
        "zh-CN", title="Language of labels", description="zh-CN (default), zh-TW, zh-HK or en."
    )


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
    budget: int = Field(1, ge=0, le=100000, title="Budget (编制)", description="Approved positions.")
    filled: int = Field(1, ge=0, le=100000, title="Filled (在岗)", description="People in post.")

    @property
    def vacant(self) -> int:
        return max(self.budget - self.filled, 0)


Number = Union[int, float]

KpiTarget = Annotated[
    str,
    # Numbers come from YAML as the text typed; keep it so "1.10" prints as typed.
    WithJsonSchema({"type": ["string", "number"], "title": "Target", "description": "A number or text."}),
]


class Kpi(Strict):
    name: Text = Field(title="KPI name", description="e.g. 每日有效电话")
    target: Optional[KpiTarget] = Field(None, title="Target", description="A number or text, e.g. 20")
    unit: Optional[Text] = Field(None, title="Unit", description="e.g. 个, 万元, %")
    period: Optional[Literal["daily", "weekly", "monthly", "quarterly", "yearly"]] = Field(
        None, title="Period", description="daily | weekly | monthly | quarterly | yearly"
    )
    weight: Optional[float] = Field(
        None, gt=0, le=100, title="Weight (%)",
        description="Percent; if any KPI of a role has a weight, all do and they sum to 100.",
    )

    @field_validator("target", mode="before")
    @classmethod
    def _target_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


class Qualifications(Strict):
    education: Optional[Text] = Field(None, title="Education (学历)", description="e.g. 大专及以上")
    experience: Optional[Text] = Field(None, title="Experience (经验)", description="e.g. 3年以上房地产销售经验")
    skills: list[Text] = Field(default_factory=list, title="Skills (技能)", description="e.g. 熟练使用办公软件")
    other: list[Text] = Field(default_factory=list, title="Other requirements (其他)", description="e.g. 形象气质佳")


class Relations(Strict):
    internal: list[Text] = Field(default_factory=list, title="Internal relations (内部关系)", description="e.g. 财务部")
    external: list[Text] = Field(default_factory=list, title="External relations (外部关系)", description="e.g. 银行")


class OwedReport(Strict):
    name: Text = Field(title="Report (汇报内容)", description="e.g. 工作日报")
    to: Slug = Field(title="To", description="Role id or external id the report goes to.")
    due: Optional[Text] = Field(None, title="Due (时限)", description="e.g. 每日上午10:00前")


class Role(Strict):
    """One position (岗位). The file name (without extension) is its id unless `id` is given."""

    id: Optional[Slug] = Field(None, title="Role id", description="Defaults to the file name.")
    title: Text = Field(title="Title (岗位名称)", description="The position's name as printed, e.g. 销售经理.")
    external_title: Optional[Text] = Field(None, title="External title (对外名称)",
                                          description="The title used with customers, e.g. 客户经理.")
    department: Slug = Field(title="Department", description="A department id from org.yaml.")
    reports_to: Optional[Slug] = Field(
        None, title="Reports to (直接上级)", description="A role id; omitted or null only for a top position."
    )
    dotted_to: IdList = Field(default_factory=list, title="Dotted-line reporting (虚线汇报)",
                              description="Role or external ids this position also reports to.")
    assistant: bool = Field(False, title="Assistant position (助理岗)", description="Drawn beside its manager.")
    grade: Optional[Text] = Field(None, title="Grade (内部级别)", description="e.g. 经理, 主管, 专员.")
    headcount: Headcount = Field(default_factory=Headcount, title="Headcount (编制)",
                                 description="Approved and filled positions; default 1 and 1.")
    incumbents: Optional[list[Text]] = Field(
        None, title="Incumbents (任职人)", description="When given, its length equals `filled`."
    )
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

    @field_validator("incumbents", mode="before")
    @classmethod
    def _incumbents_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @property
    def vacant(self) -> int:
        return self.headcount.vacant


# ---------------------------------------------------------------- processes


# Approval limits (审批权限). An amount is typed in YAML as text ("5", "0.5", "50,000") and
# kept as a Decimal, so 0.1 + 0.2 limits compare exactly and print as typed.
MAX_AMOUNT_DIGITS = 12  # before the decimal point: 9999,9999,9999 of any unit is already absurd
MAX_AMOUNT_DECIMALS = 4
_AMOUNT_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_amount(value: Any) -> Decimal:
    """An `up_to` as typed → a positive Decimal; anything else is a ValueError saying why."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        kind = ("a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict)
                else "true/false" if isinstance(value, bool) else "nothing")
        raise ValueError(f"expected a number such as 5 or 0.5, got {kind}")
    text = str(value).strip()
    if text.startswith("-"):
        raise ValueError(f"'{text}' is negative; an approval limit is an amount above 0")
    if not _AMOUNT_RE.match(text):
        raise ValueError(f"'{text[:40]}' is not a number; write digits only, such as 5, 0.5 or 50,000 "
                         "(the unit goes in `unit`)")
    amount = Decimal(text.replace(",", ""))
    whole, _, decimals = text.replace(",", "").partition(".")
    if len(whole.lstrip("0")) > MAX_AMOUNT_DIGITS:
        raise ValueError(f"'{text[:40]}' is too large (at most {MAX_AMOUNT_DIGITS} digits before the decimal "
                         "point); choose a larger unit, such as 万元 or 亿元")
    if len(decimals) > MAX_AMOUNT_DECIMALS:
        raise ValueError(f"'{text}' has more than {MAX_AMOUNT_DECIMALS} decimal places")
    if amount == 0:
        raise ValueError("an approval limit of 0 approves nothing; give an amount above 0")
    return amount


Amount = Annotated[
    Decimal,
    BeforeValidator(parse_amount),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "title": "Up to",
                    "description": "The largest amount this tier's approver may approve (inclusive)."}),
]


class Tier(Strict):
    """One approver of an activity's A, and the amount up to which it approves.

    A plain id in A (`A: sales-manager`, or `A: [a, b]`) is read as a Tier too, marked
    `plain`, so every A is one list: rules.py tells one approver, several plain ids (an
    error) and tiers apart.
    """

    up_to: Optional[Amount] = Field(
        None, title="Up to", description="The largest amount (inclusive) this approver may approve; "
                                         "omitted only on the last tier (no upper limit).")
    role: Slug = Field(title="Approver", description="A role or external id.")
    _plain: bool = PrivateAttr(False)

    @model_validator(mode="wrap")
    @classmethod
    def _plain_id(cls, value: Any, handler):
        if not isinstance(value, str):
            return handler(value)
        if not SLUG_RE.match(value.strip()) or len(value) > 80:
            # Reported at the id itself, as for any other id (not at an invented `role` key).
            raise PydanticCustomError("string_pattern_mismatch", "not a slug", {"pattern": SLUG})
        tier = handler({"role": value})
        tier._plain = True
        return tier

    @property
    def plain(self) -> bool:
        return self._plain

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        object_schema = handler.resolve_ref_schema(handler(core_schema))
        return {"anyOf": [{"type": "string", "pattern": SLUG}, object_schema]}


def _approver_schema(schema: dict, _cls: Any) -> None:
    # `A: sales-manager` is the common case; the JSON Schema offers it beside the list.
    a_field = schema["properties"]["A"]
    listed = {k: v for k, v in a_field.items() if k not in ("title", "description", "default")}
    schema["properties"]["A"] = {
        "title": a_field["title"], "description": a_field["description"],
        "anyOf": [{"type": "string", "pattern": SLUG}, listed],
    }


Unit = Annotated[str, Field(min_length=1, max_length=20)]


def _approver_list(value: Any) -> Any:
    """`A: x` is `A: [x]`; an empty `A:` is no A (rules.py says so, located)."""
    if isinstance(value, dict):
        raise ValueError("expected a role id, or approval tiers as a list (items starting with '- ', "
                         "such as `- {up_to: 5, role: sales-manager}`), got a mapping")
    return [] if value is None else _one_or_many(value)


class Activity(Strict):
    model_config = ConfigDict(**Strict.model_config, json_schema_extra=_approver_schema)

    name: Text = Field(title="Activity (活动)", description="One step of the process, e.g. 权限内合同订立.")
    R: IdList = Field(default_factory=list, title="Responsible (负责)", description="One id or a list; at least one.")
    A: Annotated[list[Tier], BeforeValidator(_approver_list)] = Field(
        default_factory=list, title="Accountable (审批)",
        description="Exactly one role id, or approval tiers: a list of {up_to, role}, amounts increasing.",
    )
    C: IdList = Field(default_factory=list, title="Consulted (咨询)", description="One id or a list; optional.")
    I: IdList = Field(default_factory=list, title="Informed (知会)", description="One id or a list; optional.")
    four_eyes: bool = Field(False, title="Four eyes (双人复核)",
                            description="R and A must be different roles (in every tier).")
    unit: Optional[Unit] = Field(None, title="Unit of the approval limits",
                                 description="e.g. 万元, %, 天; required when A has tiers (or set on the process).")

    @property
    def tiered(self) -> bool:
        """A is a list of amount tiers (at least one item was written as {up_to, role})."""
        return any(not tier.plain for tier in self.A)

    @property
    def approvers(self) -> tuple[str, ...]:
        """Every position with A: the one approver, or each tier's, lowest tier first."""
        return tuple(dict.fromkeys(tier.role for tier in self.A))

    @property
    def accountable(self) -> Optional[str]:
        """The single A of an untiered activity (rules.py reports anything but exactly one)."""
        if self.tiered or len(self.A) != 1:
            return None
        return self.A[0].role


class Process(Strict):
    """processes/ID.yaml: one RACI process."""

    name: Text = Field(title="Process name (流程名称)", description="e.g. 销售合同审批")
    unit: Optional[Unit] = Field(None, title="Unit of the approval limits",
                                 description="e.g. 万元; the unit of every tiered activity that sets none.")
    activities: list[Activity] = Field(min_length=1, title="Activities", description="At least one, in order.")

    def unit_of(self, activity: Activity) -> Optional[str]:
        return activity.unit or self.unit


Department.model_rebuild()
