"""raci.pdf and authority.pdf as a reader turns their pages (read with pdftotext): the RACI
matrix is split by the page's width into even parts, never into a strip of a few columns;
the approval limits print as a tier list when that is shorter, with how to read a range
on every page."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, REPO, write_org

sys.path.insert(0, str(REPO))
from bench.generate import generate_organisation  # noqa: E402


def build(org: Path, out: Path, only: str) -> Path:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    result = subprocess.run([sys.executable, "-m", "jobdesc", "build", str(org), "-o", str(out), "--only", only],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


HOTEL_DEPARTMENTS = {"front": "前厅", "rooms": "客房", "food": "餐饮"}


def hotel(root: Path) -> Path:
    """12 posts in three departments of four, and three external positions in the processes:
    15 columns, one more than a page holds."""
    org = {"organization": "测试酒店", "handbook": {"title": "岗位说明书", "language": "zh-CN"},
           "departments": [{"id": d, "name": name + "部", "parent": None} for d, name in HOTEL_DEPARTMENTS.items()],
           "external": [{"id": f"ext{n}", "title": f"外部{n}号"} for n in range(1, 4)]}
    roles = {}
    for d in HOTEL_DEPARTMENTS:
        for n in range(1, 5):
            roles[f"{d}{n}"] = {"title": f"{HOTEL_DEPARTMENTS[d]}{n}号", "department": d,
                                "reports_to": "ext1" if n == 1 else f"{d}1", "duties": ["接待客人"],
                                "headcount": {"budget": 1, "filled": 1}}
    activities = [{"name": f"活动{n}", "R": [f"{d}{n % 4 + 1}" for d in HOTEL_DEPARTMENTS], "A": "front1",
                   "C": ["ext2"], "I": ["ext3", "ext1"]} for n in range(1, 9)]
    return write_org(root, org, roles, {"service": {"name": "服务流程", "activities": activities}})


def test_raci_columns_split_evenly_by_the_page_width(tmp_path):
    out = build(hotel(tmp_path / "hotel"), tmp_path / "out", "raci")
    titles = [f"{name}{n}号" for name in HOTEL_DEPARTMENTS.values() for n in range(1, 5)] + \
        [f"外部{n}号" for n in range(1, 4)]  # one header line each
    parts = [page for page in pages_text(out / "raci.pdf") if "部分" in page]
    assert len(parts) == 2  # 15 columns, 14 to a page
    shown = [sum(title in page.split("活动1", 1)[0] for title in titles) for page in parts]  # the column headers
    assert min(shown) >= 5, shown  # was 12 and a strip of 3


def test_raci_columns_that_fit_are_not_split(tmp_path):
    org = hotel(tmp_path / "hotel")
    process = org / "processes" / "service.yaml"
    process.write_text(process.read_text("utf-8").replace("- ext3\n", ""), "utf-8")  # 14 columns
    out = build(org, tmp_path / "out", "raci")
    assert not any("部分" in page for page in pages_text(out / "raci.pdf"))


def test_the_example_approval_limits_are_one_page_of_tiers(tmp_path):
    out = build(EXAMPLE, tmp_path / "out", "authority")
    pages = pages_text(out / "authority.pdf")
    assert len(pages) == 1  # was two half-empty column parts
    assert "超出后报批" in pages[0] and "区间含上限" in pages[0]


def test_every_page_of_a_long_tier_list_says_how_to_read_a_range(tmp_path):
    org = tmp_path / "org"
    generate_organisation(40, org, approvals=30)
    out = build(org, tmp_path / "out", "authority")
    pages = pages_text(out / "authority.pdf")
    assert len(pages) > 1
    assert all("区间含上限" in page for page in pages), [i + 1 for i, page in enumerate(pages) if "区间含上限" not in page]
