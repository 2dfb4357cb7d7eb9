"""The words job descriptions use: field labels, position titles, departments.

All patterns are matched on the Simplified recognition view, so Traditional documents
(職位名稱, 工作內容) are recognised by the same list.
"""
from __future__ import annotations

import re

# Field labels → the role field they fill. "unmapped:" fields are recognised (so their
# text is not mistaken for duties) but have no place in the format; the report lists them.
LABELS: dict[str, str] = {
    "岗位名称": "title", "职位名称": "title", "岗位名": "title",
    "对外名称": "external_title",
    "本职位汇报人": "superior", "直接上级": "superior", "直接主管": "superior", "直属上级": "superior",
    "上级主管": "superior", "汇报对象": "superior", "汇报上级": "superior", "汇报人": "superior",
    "所属部门": "department", "所在部门": "department", "部门名称": "department",
    "工作范围": "summary", "岗位概述": "summary", "职位概述": "summary", "工作概述": "summary",
    "职位目的": "summary", "岗位目的": "summary", "岗位宗旨": "summary", "职位概要": "summary",
    "岗位概要": "summary", "工作概要": "summary",
    "岗位职责": "duties", "工作职责": "duties", "主要职责": "duties", "工作内容": "duties",
    "职责范围": "duties", "职责描述": "duties", "具体职责": "duties", "职责内容": "duties",
    "任职要求": "qualifications", "任职资格": "qualifications", "任职条件": "qualifications",
    "资格要求": "qualifications", "岗位要求": "qualifications",
    "学历要求": "education", "学历": "education", "工作经验": "experience", "经验要求": "experience",
    "管理权限": "authority", "岗位权限": "authority", "工作权限": "authority", "权限": "authority",
    "工作流程": "workflow", "操作流程": "workflow", "业务流程": "workflow",
    "每日汇报工作": "reports", "每天汇报工作": "reports", "每周汇报工作": "reports",
    "每月汇报工作": "reports", "工作汇报": "reports", "汇报工作": "reports", "汇报要求": "reports",
    "内部关系": "relations_internal", "内部协调关系": "relations_internal", "内部联系": "relations_internal",
    "外部关系": "relations_external", "外部协调关系": "relations_external", "外部联系": "relations_external",
    "工作关系": "relations",
    "岗位编制": "headcount", "编制人数": "headcount", "定编": "headcount", "编制": "headcount",
    "内部级别": "grade", "岗位级别": "grade", "职级": "grade",
    "考核指标": "kpis", "绩效指标": "kpis", "KPI": "kpis",
    "直接下级": "unmapped:直接下级", "下属": "unmapped:下属", "工作时间": "unmapped:工作时间",
    "工作环境": "unmapped:工作环境", "工作地点": "unmapped:工作地点", "薪酬": "unmapped:薪酬",
    "薪资待遇": "unmapped:薪资待遇", "福利": "unmapped:福利", "晋升方向": "unmapped:晋升方向",
    "职业发展": "unmapped:职业发展", "使用工具": "unmapped:使用工具", "备注": "unmapped:备注",
    "工作目标": "unmapped:工作目标", "考核标准": "unmapped:考核标准",
    "岗位性质": "unmapped:岗位性质", "岗位类别": "unmapped:岗位类别", "岗位类型": "unmapped:岗位类型",
    "工作性质": "unmapped:工作性质", "岗位编号": "unmapped:岗位编号", "所辖人员": "unmapped:所辖人员",
    "下属人员": "unmapped:下属人员", "岗位定员": "headcount", "定员": "headcount", "人员编制": "headcount",
    "岗位等级": "grade", "汇报关系": "superior", "上级岗位": "superior", "直接领导": "superior",
}
# Longest first, so 本职位汇报人 wins over 汇报人.
_LABEL_ALTERNATION = "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True))
LABEL_WITH_COLON = re.compile(f"({_LABEL_ALTERNATION})\\s*[:：]")
LABEL_ALONE = re.compile(f"^({_LABEL_ALTERNATION})\\s*$")
# In a form-style document (one that has 职位名称: fields) these are labels even without a colon.
LABEL_NO_COLON = re.compile("(工作内容|主要职责|岗位职责|工作职责)(?![:：])")

# "XX岗位职责", "XX职责:", "XX岗位说明", "XX工作职责和操作要求": a heading naming a position.
HEADING_KEYWORD = re.compile(
    r"(?:的)?(岗位职责|工作职责|职责|岗位说明书?|职位说明书?|岗位描述|职位描述|部门职能|职能)"
    r"(和操作要求|及任职要求|及任职资格|与任职要求)?"
)

# The last word of a position title. Used only where no keyword says "this is a title".
POSITION_SUFFIXES = (
    "总经理", "副总", "总裁", "总监", "经理", "主管", "主任", "专员", "顾问", "助理", "秘书", "文员",
    "内勤", "外勤", "代表", "组长", "部长", "店长", "科长", "班长", "参谋", "负责人", "督导", "领班",
    "人员", "管理员", "跟单员", "业务员", "销售员", "会计", "出纳", "司机", "前台", "保安", "保洁",
    "策划", "工程师", "设计师", "员", "长", "师",
)
# Words a duty starts with; a short line starting so is a duty, never a title.
DUTY_VERBS = re.compile(
    r"^(负责|协助|完成|配合|参与|组织|做好|管理|督促|指导|服从|接受|向|对|在|与|为|按|根据|及时|定期|"
    r"认真|积极|严格|建立|制定|收集|维护|保持|处理|执行|遵守|掌握|了解|熟悉|熟练|具有|具备|有|能|"
    r"必须|应|要|不|每|所有|其他|其它|开展|提供|主持|审核|检查|监督|带领|联系|落实|贯彻|确保|保证)"
)
# Sections that describe the organisation rather than a position; their text is skipped.
STRUCTURE_SECTION = re.compile(r"^.{0,6}(架构|机构|组织结构|构架)|^人员(配置|编制)|^概述$")

DEPARTMENT_SUFFIX = re.compile(r"(部门|部|中心|事业部|办公室|科|处)$")
# Common department stems: "房地产销售部" is the 销售部 of a real-estate company.
DEPARTMENT_STEMS = (
    "人力资源", "市场营销", "客户服务", "销售", "营销", "市场", "客服", "财务", "人事", "行政", "策划",
    "工程", "技术", "生产", "采购", "物流", "质管", "品质", "研发", "业务", "外贸", "电商", "运营",
    "企划", "设计", "物业", "综合", "总经办",
)
