"""Issue 26: files edited and saved by LibreOffice itself come back exactly.

LibreOffice (through python-uno: tests/lo_edit.py, run with the system's python3) opens the
sales manager's Word file, makes each edit with Record Changes on or off, and saves it as
.docx; the import must change the role file by exactly the lines given. A plain re-save must
change nothing, and must keep the base a three-way merge needs.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from jobdesc.jd.docx_base import read_base
from test_import_tracked import COMPLAINTS, OLD_COMPLAINTS, ROLE, built, changed_lines, run_import  # noqa: F401

SYSTEM_PYTHON = "/usr/bin/python3"
LAST = "  - 收集行业及竞品信息，分析市场竞争态势，提出改进方案和措施"
ADS = "  - 监督、协调广告策划公司的工作，监督各类销售广告的发布"

# (name, record changes, ops, the role file's changed lines)
EDITS = [
    ("tracked-replace", True, [["replace", "各类投诉", "各类投诉与纠纷"]],
     [f"-{OLD_COMPLAINTS}", "+  - 及时协调处理客户与业主的各类投诉与纠纷，配合客服部做好售前、售后服务工作"]),
    ("replace", False, [["replace", "各类投诉", "各类投诉与纠纷"]],
     [f"-{OLD_COMPLAINTS}", "+  - 及时协调处理客户与业主的各类投诉与纠纷，配合客服部做好售前、售后服务工作"]),
    ("tracked-new-duty", True, [["append_after", "收集行业及竞品信息", "10\t每季度组织一次客户回访"]],
     ["+  - 每季度组织一次客户回访"]),
    ("new-duty", False, [["append_after", "收集行业及竞品信息", "10\t每季度组织一次客户回访"]],
     ["+  - 每季度组织一次客户回访"]),
    ("tracked-delete", True, [["delete_paragraph", "监督、协调广告策划公司"]], [f"-{ADS}"]),
    ("delete", False, [["delete_paragraph", "监督、协调广告策划公司"]], [f"-{ADS}"]),
    ("tracked-kpi-target", True, [["replace", "8000万元", "9000万元"]], ["-    target: 8000", "+    target: 9000"]),
    ("tracked-summary", True, [["replace", "对销售和回款任务的完成负责", "对销售、回款和客户满意度负责"]],
     ["-summary: 协助营销总监开展销售工作，主持售楼处的整体运作，对销售和回款任务的完成负责。",
      "+summary: 协助营销总监开展销售工作，主持售楼处的整体运作，对销售、回款和客户满意度负责。"]),
    ("tracked-authority", True, [["replace", "排班、调配有决定权", "排班、调配、轮休有决定权"]],
     ["-  - 对销售人员的排班、调配有决定权", "+  - 对销售人员的排班、调配、轮休有决定权"]),
    ("tracked-education", True, [["replace", "市场营销相关专业优先", "市场营销、工商管理相关专业优先"]],
     ["-  education: 大专及以上学历，市场营销相关专业优先", "+  education: 大专及以上学历，市场营销、工商管理相关专业优先"]),
    ("tracked-report-due", True, [["replace", "每月2日上午10:00前", "每月3日上午10:00前"]],
     ["-    due: 每月2日上午10:00前", "+    due: 每月3日上午10:00前"]),
    ("tracked-two-edits", True, [["replace", "各类投诉", "各类投诉与纠纷"],
                                 ["delete_paragraph", "监督、协调广告策划公司"]],
     [f"-{ADS}", f"-{OLD_COMPLAINTS}", "+  - 及时协调处理客户与业主的各类投诉与纠纷，配合客服部做好售前、售后服务工作"]),
    ("re-save", False, [], []),
]


def _has_uno() -> bool:
    if not Path(SYSTEM_PYTHON).exists() or shutil.which("soffice") is None:
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not _has_uno(), reason="needs LibreOffice and python3-uno (scripts/install.sh [test])")


@pytest.fixture(scope="module")
def saved(built, tmp_path_factory):
    """Every edit made and saved by one LibreOffice process."""
    folder = tmp_path_factory.mktemp("libreoffice")
    source = folder / "sales-manager.docx"
    source.write_bytes(built[1])
    jobs = [{"in": str(source), "out": str(folder / f"{name}.docx"), "record": record, "ops": ops}
            for name, record, ops, _ in EDITS]
    (folder / "jobs.json").write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    subprocess.run([SYSTEM_PYTHON, str(Path(__file__).with_name("lo_edit.py")), str(folder / "jobs.json")],
                   check=True, timeout=600)
    return {name: (folder / f"{name}.docx").read_bytes() for name, *_ in EDITS}


@pytest.mark.parametrize("name, lines", [(name, lines) for name, _, _, lines in EDITS], ids=[e[0] for e in EDITS])
def test_an_edit_saved_by_libreoffice_comes_back_line_for_line(built, saved, tmp_path, name, lines):
    root = tmp_path / "roles"
    shutil.copytree(built[0], root)
    before = (root / ROLE).read_text(encoding="utf-8")
    result = run_import(tmp_path, root, saved[name])
    assert result.exit_code == 0, result.output
    assert changed_lines(before, (root / ROLE).read_text(encoding="utf-8")) == lines, result.output
    if name.startswith("tracked"):
        assert "tracked change" in result.output and "accepted" in result.output


def test_libreoffice_keeps_the_base_and_the_properties(saved):
    assert read_base(saved["re-save"])[0] == "sales-manager"
