"""Which roster columns jobdesc reads, recognised by their headers; every other column is never read.

A roster holds phone numbers, ID numbers, salaries. jobdesc takes only the seven FIELDS below;
the reader (reading.py) copies no other cell anywhere, so nothing else can reach a YAML file, a
report or an error message.

Headers are compared after NFKC (full-width letters and brackets become plain), without spaces
and case, and without a template's required mark ("姓名*", "姓名（必填）"). Where several
columns could be one field (工号 and 账号), the one listed first below wins.

Where the headers come from (looked up for this module; vendors rename columns now and then, so
`--columns 表头=field` covers anything else):

* 飞书 / Feishu: a member has 姓名 (name), 工号 (employee_no), 部门, 职务 (job_title), 直属上级
  (leader_user_id) and a status (is_resigned, is_frozen): the field table comparing Feishu,
  DingTalk and WeCom at https://www.zhu-ma.com/help/1001156.html and the contact API's user
  resource (mirrored at https://feishu.apifox.cn/doc-391340). The admin console's export uses
  those field names as headers; no export file was at hand to confirm every header, hence the
  variants below and --columns.
* 钉钉 / DingTalk: the admin export (通讯录 → 导出) has 姓名, 手机, 职位/职称, 部门, 工号 (a
  reseller's guide, https://www.dingtalk-global.com/zh/news/explain/bie-zai-shou-dong-fu-zhi-tie-shang-260210);
  the user fields behind them are jobnumber (工号), position (职位), department and the manager
  (直属主管) (https://cnblogs.com/yakniu/p/16371071.html).
* 企业微信 / WeCom: 通讯录 → 批量导入/导出 → 文件导出 writes 姓名, 帐号, 别名, 职务, 部门, 性别,
  手机 and the custom fields (as a Tencent reseller quotes the admin help,
  http://www.3col.com.cn/news_in/1984); a member also has 直属上级 (direct_leader) and a status
  (激活状态: 已激活 / 已禁用 / 未激活 / 退出企业) (https://developer.work.weixin.qq.com/document/path/96260).
* BambooHR: Department, Division, Job Title and Reporting to
  (https://prismatic.io/docs/example-payloads/bamboohr/actions/getTabularFields.json), Employee
  Number and Employee Status (https://docs.bytechef.io/reference/components/bamboohr), Employee
  ID, Display name, First name, Last name (https://docs.workato.com/connectors/bamboo-hr/list-employees-in-directory-action).
  "Employee #", "Reports To", "Status" and "Employment Status" are the same fields as reports
  commonly head them (not confirmed by those pages).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

FIELDS = ("name", "number", "department", "title", "manager", "status", "concurrent")
# A name may also come as two columns (BambooHR's First Name and Last Name): two parts of the
# name field, joined when the row is read (reading.py).
NAME_PARTS = ("first_name", "last_name")
REQUIRED = ("name", "title")

# Per field, the headers in order of preference (normalised with `header_key`).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "员工姓名", "成员姓名", "人员姓名", "名字", "name", "fullname", "employeename",
             "displayname", "員工姓名"),
    "first_name": ("firstname", "givenname", "名"),
    "last_name": ("lastname", "surname", "familyname", "姓"),
    "number": ("工号", "員工編號", "工號", "员工工号", "员工编号", "职工号", "人员编号", "employee#",
               "employeenumber", "employeeno", "employeeid", "empno", "帐号", "账号", "帳號", "userid",
               "用户id"),
    "department": ("部门", "部門", "所属部门", "所屬部門", "部门名称", "主部门", "department", "dept"),
    "title": ("职务", "職務", "职位", "職位", "岗位", "崗位", "岗位名称", "职位名称", "职务名称", "jobtitle",
              "title", "position", "职称"),
    "manager": ("直属上级", "直屬上級", "直属主管", "直屬主管", "直接上级", "直属领导", "汇报对象", "上级",
                "reportsto", "reportingto", "manager", "supervisor"),
    "status": ("状态", "狀態", "员工状态", "在职状态", "人员状态", "激活状态", "账号状态", "employmentstatus",
               "employeestatus", "status"),
    "concurrent": ("是否兼任", "兼任", "是否兼职", "兼职", "任职类型", "concurrent", "concurrentpost"),
}
_RANK = {key: (field, rank) for field, keys in HEADERS.items() for rank, key in enumerate(keys)}
_REQUIRED_MARK = re.compile(r"(\*|[(（\[]必填[)）\]]|[(（\[]required[)）\]])$")

# Status values of people not in post: who have left (BambooHR Terminated/Inactive; WeCom 退出企业
# and a disabled account, 已禁用, which is how WeCom keeps a leaver; Feishu/DingTalk 离职), and who
# have not joined yet (待入职).
LEFT = frozenset({"离职", "已离职", "離職", "已離職", "退出企业", "已退出", "已禁用", "禁用", "停用", "已停用",
                  "待入职", "未入职", "terminated", "inactive", "left", "resigned", "former"})
YES = frozenset({"是", "y", "yes", "true", "1", "兼任", "兼职", "兼", "✓", "√", "x", "concurrent"})


def header_key(text: str) -> str:
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()
    return _REQUIRED_MARK.sub("", key)


@lru_cache(maxsize=65536)  # a roster repeats its departments, titles and statuses many times
def value_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def parse_columns(option: str) -> dict[str, str]:
    """`--columns 姓名=name,职务=title` as {header key: field}; ValueError with what is wrong."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in re.split(r"[,，]", option or ""))):
        header, sep, field = part.rpartition("=")
        field = field.strip().lower()
        if not sep or not header.strip():
            raise ValueError(f"'{part}' is not HEADER=FIELD")
        if field not in FIELDS + NAME_PARTS:
            raise ValueError(f"'{field}' is not a field jobdesc reads (one of {', '.join(FIELDS)})")
        mapping[header_key(header)] = field
    return mapping


def recognise(cells: list[str], given: dict[str, str]) -> dict[str, int]:
    """The field → column index of one row read as a header ({} when it is not one)."""
    best: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(cells):
        key = header_key(cell) if cell else ""
        if not key:
            continue
        if key in given:
            field, rank = given[key], -1  # the user's word beats the vocabulary
        elif key in _RANK:
            field, rank = _RANK[key]
        else:
            continue
        if field not in best or rank < best[field][0]:
            best[field] = (rank, index)
    return {field: index for field, (_rank, index) in best.items()}


def is_header(found: dict[str, int]) -> bool:
    named = "name" in found or all(part in found for part in NAME_PARTS)
    return named and "title" in found


def missing_message(given: dict[str, str]) -> str:
    told = f" (--columns named {', '.join(sorted(given))})" if given else ""
    return ("no recognisable header row: jobdesc needs at least a name column (姓名, Name) and a title column "
            f"(职务, 职位, 岗位, Job Title){told}; name the columns with --columns 表头=name,表头=title "
            f"(fields: {', '.join(FIELDS)})")
