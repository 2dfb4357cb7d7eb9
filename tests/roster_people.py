"""The example organisation's people (roles/) as an HR system lists them, and writers of roster
files in the shapes Feishu, DingTalk, WeCom, BambooHR and a hand-kept Excel sheet export them.

Each person: (number, name, department, title, manager name, concurrent). 曹一鸣 holds two posts:
策划经理 (main) and 营销总监助理 (兼任), as roles/ says.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

PEOPLE: list[tuple[str, str, str, str, str, bool]] = [
    ("E001", "王曦虹", "营销中心", "营销总监", "", False),
    ("E002", "曹一鸣", "策划部", "策划经理", "王曦虹", False),
    ("E002", "曹一鸣", "营销中心", "营销总监助理", "王曦虹", True),
    ("E003", "陈立明", "销售部", "销售经理", "王曦虹", False),
    ("E004", "周子航", "销售一部", "销售组长", "陈立明", False),
    ("E005", "刘蒂芳", "销售一部", "销售主管", "周子航", False),
    ("E006", "吴锡阳", "销售一部", "销售主管", "周子航", False),
    ("E007", "何佳怡", "销售一部", "见习置业顾问", "刘蒂芳", False),
    ("E008", "林子豪", "销售一部", "见习置业顾问", "吴锡阳", False),
    ("E009", "李欣然", "销售一部", "置业顾问", "刘蒂芳", False),
    ("E010", "张浩宇", "销售一部", "置业顾问", "刘蒂芳", False),
    ("E011", "黄思琪", "销售一部", "置业顾问", "吴锡阳", False),
    ("E012", "杨帆", "销售一部", "置业顾问", "吴锡阳", False),
    ("E013", "孙雅琴", "销售二部", "销售组长", "陈立明", False),
    ("E014", "郑凯", "销售二部", "销售主管", "孙雅琴", False),
    ("E015", "马骁", "销售二部", "置业顾问", "郑凯", False),
    ("E016", "胡静怡", "销售二部", "置业顾问", "郑凯", False),
    ("E017", "郭晨", "销售二部", "置业顾问", "郑凯", False),
    ("E018", "徐丽娜", "客服部（销售三部）", "客服经理", "王曦虹", False),
    ("E019", "王梓璇", "客服部（销售三部）", "客服主管", "徐丽娜", False),
    ("E020", "刘小健", "客服部（销售三部）", "客服专员", "王梓璇", False),
    ("E021", "宋雨桐", "客服部（销售三部）", "客服专员", "王梓璇", False),
    ("E022", "唐文博", "客服部（销售三部）", "客服专员", "王梓璇", False),
    ("E023", "韩梅", "客服部（销售三部）", "按揭专员", "徐丽娜", False),
    ("E024", "邓雪", "策划部", "营销策划专员", "曹一鸣", False),
    ("E025", "彭宇轩", "策划部", "营销策划专员", "曹一鸣", False),
    ("E026", "罗晓燕", "综合管理组", "综合管理主管", "王曦虹", False),
    ("E027", "董丽", "综合管理组", "合同档案管理员", "罗晓燕", False),
    ("E028", "谢婷", "综合管理组", "销售内勤", "罗晓燕", False),
    ("E029", "冯佳", "综合管理组", "销售内勤", "罗晓燕", False),
]

SECRET_ID = "110101199003077777"  # a made-up 身份证号: must appear in nothing jobdesc writes or says
SECRET_PHONE = "13912345678"
SECRET_SALARY = "98765"


def table(people=PEOPLE, *, vendor: str = "excel", status: dict[str, str] | None = None) -> tuple[list[str], list[list]]:
    """Header and rows in a vendor's shape; every row also carries a phone, an ID number and a salary."""
    status = status or {}
    if vendor == "feishu":
        header = ["用户 ID", "姓名", "工号", "手机号", "身份证号", "部门", "职务", "直属上级", "人员状态", "是否兼任", "薪资"]
        make = lambda p: [f"ou_{p[0]}", p[1], p[0], SECRET_PHONE, SECRET_ID, p[2], p[3], p[4],
                          status.get(p[1], "在职"), "是" if p[5] else "否", SECRET_SALARY]
    elif vendor == "dingtalk":
        header = ["姓名", "工号", "手机", "部门", "职位", "直属主管", "身份证号码", "入职时间"]
        make = lambda p: [p[1], p[0], SECRET_PHONE, p[2], p[3], p[4], SECRET_ID, "2020-01-01"]
    elif vendor == "wecom":
        header = ["姓名", "帐号", "别名", "职务", "部门", "性别", "手机", "直属上级", "激活状态", "身份证"]
        make = lambda p: [p[1], p[0], "", p[3], p[2], "女", SECRET_PHONE, p[4], status.get(p[1], "已激活"), SECRET_ID]
    elif vendor == "bamboohr":
        header = ["Employee #", "First Name", "Last Name", "Name", "Job Title", "Department", "Reports To",
                  "Mobile Phone", "SSN", "Pay Rate", "Status"]
        make = lambda p: [p[0], p[1][1:], p[1][:1], p[1], p[3], p[2], p[4], SECRET_PHONE, SECRET_ID, SECRET_SALARY,
                          status.get(p[1], "Active")]
    else:
        header = ["序号", "姓名", "工号", "部门", "岗位", "直接上级", "兼任", "联系电话", "身份证号", "月薪"]
        make = lambda p: [None, p[1], p[0], p[2], p[3], p[4], "是" if p[5] else "", SECRET_PHONE, SECRET_ID, SECRET_SALARY]
    rows = [make(p) for p in people]
    if vendor == "excel":
        for index, row in enumerate(rows, start=1):
            row[0] = index
    return header, rows


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list], *, sheet: str = "Sheet1",
               title: str | None = None, shared_strings: bool = False) -> Path:
    """With `title`: a merged title row above the header, as the vendors' exports have.
    openpyxl stores text in each cell (inline strings); with `shared_strings`, XlsxWriter
    writes the shared-string table Excel itself writes."""
    if shared_strings:
        import xlsxwriter

        workbook = xlsxwriter.Workbook(str(path))
        ws = workbook.add_worksheet(sheet)
        first = 0
        if title:
            ws.merge_range(0, 0, 0, len(header) - 1, title)
            first = 2
        for index, values in enumerate([header, *rows]):
            for column, value in enumerate(values):
                if value is not None:
                    ws.write(first + index, column, value)
        workbook.close()
        return path
    import openpyxl

    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    workbook.save(path)
    return path
