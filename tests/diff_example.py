"""A reorganised copy of the example (roles/), used by the README's `jobdesc diff` section and
by the test that keeps that section's output true."""
from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "roles"

# file → (text, replacement) pairs: what a pull request reorganising the example changes.
EDITS = {
    "org.yaml": [("name: 客服部（销售三部）", "name: 客户服务部")],
    "sales-2/team-leader-2.yaml": [("title: 销售组长", "title: 渠道销售组长")],
    "sales-1/trainee-consultant-1.yaml": [
        ("budget: 3", "budget: 4"),
        ("每个工作日完成营销电话不少于20个", "每个工作日完成营销电话不少于30个"),
        ("    target: 20\n", "    target: 30\n"),
    ],
    "sales-1/team-leader-1.yaml": [
        ("每周编制展销报表，包括成交客户统计", "每周编制展销报表并报营销总监，包括成交客户统计"),
        ("experience: 3年以上房地产销售经验", "experience: 5年以上房地产销售经验"),
    ],
    "planning/market-specialist.yaml": [
        ("department: planning\nreports_to: planning-manager", "department: marketing\nreports_to: marketing-director"),
    ],
    "processes/sales-contract-approval.yaml": [
        ("      - {role: general-manager}\n    C: [sales-clerk]",
         "      - {role: general-manager}\n    C: [sales-clerk, sales-supervisor-1]"),
        ("{up_to: 300, role: sales-manager}", "{up_to: 500, role: sales-manager}"),  # an approval limit raised
    ],
}
ADDED = {
    "planning/new-media-specialist.yaml": """\
title: 新媒体运营专员
department: planning
reports_to: planning-manager
grade: 专员
headcount: {budget: 1, filled: 0}
duties:
  - 负责项目微信公众号、短视频账号的内容策划与日常运营
  - 每月统计线上获客数据，提交新媒体运营月报
""",
}


def reorganised_example(target: Path) -> Path:
    """Copy roles/ to `target` and apply EDITS and ADDED; returns `target`."""
    shutil.copytree(EXAMPLE, target)
    for name, replacements in EDITS.items():
        path = target / name
        text = path.read_text("utf-8")
        for old, new in replacements:
            assert old in text, (name, old)
            text = text.replace(old, new)
        path.write_text(text, "utf-8")
    for name, text in ADDED.items():
        (target / name).write_text(text, "utf-8")
    return target


if __name__ == "__main__":
    import sys

    print(reorganised_example(Path(sys.argv[1])))
