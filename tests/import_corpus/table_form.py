"""table-form.docx of the corpus: a Word JD as many companies keep them — the heading
「岗位说明书」 first, then one form table per position (label cells beside value cells,
duties as numbered lines inside one cell). Written by python-docx when the test runs,
so the corpus holds no binary file."""
from __future__ import annotations

from pathlib import Path

FORMS = [
    [("岗位名称", "行政主管", "所属部门", "行政部"),
     ("直接上级", "综合管理部经理", "岗位编制", "1人"),
     ("岗位职责", "1、负责公司行政事务的统筹管理;\n2、组织公司会议,做好会议记录;\n3、管理办公用品的采购与发放。"),
     ("任职要求", "1、本科及以上学历\n2、两年以上行政管理经验")],
    [("岗位名称", "前台文员", "所属部门", "行政部"),
     ("直接上级", "行政主管", "岗位编制", "2人"),
     ("岗位职责", "1、接待来访客人，做好访客登记；\n2、接听转接电话；\n3、收发快递与信件。")],
]


def build(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("岗位说明书", level=1)
    for form in FORMS:
        table = document.add_table(rows=len(form), cols=4)
        for row, cells in zip(table.rows, form):
            if len(cells) == 2:
                merged = row.cells[1].merge(row.cells[3])
                row.cells[0].text = cells[0]
                merged.text = cells[1]
            else:
                for cell, text in zip(row.cells, cells):
                    cell.text = text
        document.add_paragraph("")
    document.save(str(path))
    return path
