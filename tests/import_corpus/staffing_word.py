"""staffing-word.docx of the corpus (issue 29, seed 002's style in Word): a company's 销售部 with
its 定岗定编表 as a Word table (岗位 / 编制 / 在岗 / 姓名, a name marked 全兼 holding a second post
concurrently), then its job descriptions as paragraphs. Written by python-docx when the test runs."""
from __future__ import annotations

from pathlib import Path

TABLE = [("岗位", "编制", "在岗", "姓名"),
         ("营销总监", "1", "1", "王曦虹"),
         ("销售经理", "2", "1", "刘蒂芳"),
         ("客服主管", "1", "1", "王曦虹（全兼）"),
         ("置业顾问", "6", "4", "吴锡阳、李娜、周航、陈立")]
PARAGRAPHS = [
    "锦程置业有限公司销售部定岗定编及岗位职责",
    "一、定岗定编表",
    None,  # the table
    "二、岗位职责",
    "营销总监岗位职责",
    "1、在总经理的领导下，全面负责销售部的工作；",
    "2、每月5日前向总经理提交月度销售报表。",
    "销售经理岗位职责",
    "1、服从营销总监的工作安排，主持案场销售；",
    "2、每日上午10:00前提交工作日报给营销总监。",
    "客服主管岗位职责",
    "1、向营销总监汇报，处理客户投诉；",
    "2、建立客户档案。",
    "置业顾问岗位职责",
    "1、在销售经理的带领下接待客户；",
    "2、跟进意向客户，促成签约。",
]


def build(path: Path) -> Path:
    import docx

    document = docx.Document()
    for text in PARAGRAPHS:
        if text is None:
            table = document.add_table(rows=len(TABLE), cols=4)
            for row, cells in zip(table.rows, TABLE):
                for cell, value in zip(row.cells, cells):
                    cell.text = value
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path
