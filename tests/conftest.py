"""Shared fixtures: the example organisation, a way to write small organisations, the CLI."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from click.testing import CliRunner

from jobdesc.cli import main
from jobdesc.format.loader import load_organisation
from jobdesc.format.organisation import Organisation

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "roles"


@pytest.fixture(autouse=True, scope="session")
def _build_caches_in_the_session_folder(tmp_path_factory):
    """A build keeps its default cache under XDG_CACHE_HOME (jobdesc/cache_folder.py): in a
    folder of the test session, not the user's ~/.cache (also for the CLI run as a subprocess)."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(autouse=True, scope="session")
def _no_libreoffice_unless_a_test_asks(tmp_path_factory):
    """handbook.docx's page numbers are laid out by LibreOffice by default (~2 s of CPU a
    build): the suite builds handbooks without it (JOBDESC_LIBREOFFICE=off: as
    --no-word-page-numbers), and the tests of the numbers take it back (`libreoffice`)."""
    before = os.environ.get("JOBDESC_LIBREOFFICE")
    os.environ["JOBDESC_LIBREOFFICE"] = "off"
    yield
    if before is None:
        del os.environ["JOBDESC_LIBREOFFICE"]
    else:
        os.environ["JOBDESC_LIBREOFFICE"] = before


@pytest.fixture
def libreoffice(monkeypatch):
    """The build finds LibreOffice as a user's build does (on PATH)."""
    monkeypatch.delenv("JOBDESC_LIBREOFFICE", raising=False)


def _dump(data: Any) -> str:
    return data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write_org(root: Path, org: dict | str, roles: dict[str, dict | str], processes: dict[str, dict | str] | None = None) -> Path:
    """Write an organisation directory: org.yaml, ROLE_ID.yaml files and processes/ID.yaml."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "org.yaml").write_text(_dump(org), "utf-8")
    for role_id, role in roles.items():
        (root / f"{role_id}.yaml").write_text(_dump(role), "utf-8")
    if processes:
        (root / "processes").mkdir(exist_ok=True)
        for pid, process in processes.items():
            (root / "processes" / f"{pid}.yaml").write_text(_dump(process), "utf-8")
    return root


def small_org_data(language: str = "zh-CN") -> tuple[dict, dict, dict]:
    """A three-role organisation used by many tests (manager, assistant, staff; one process)."""
    org = {
        "organization": "测试置业营销中心",
        "departments": [{"id": "sales", "name": "销售部", "parent": None, "duties": ["完成销售任务"]}],
        "handbook": {"title": "岗位说明书", "version": "1.0", "effective": "2026-01-01",
                     "approved_by": "总经理", "language": language},
        "external": [{"id": "coo", "title": "运营长"}],
    }
    roles = {
        "manager": {"title": "销售经理", "department": "sales", "reports_to": "coo", "grade": "经理",
                    "headcount": {"budget": 1, "filled": 1},
                    "duties": ["制定销售计划", {"text": "团队管理", "items": ["考勤", "考核"]}],
                    "kpis": [{"name": "月度回款", "target": 500, "unit": "万元", "period": "monthly", "weight": 100}]},
        "assistant": {"title": "经理助理", "department": "sales", "reports_to": "manager", "assistant": True,
                      "headcount": {"budget": 1, "filled": 1},
                      "duties": ["整理会议记录"]},
        "seller": {"title": "置业顾问", "department": "sales", "reports_to": "manager",
                   "headcount": {"budget": 3, "filled": 2}, "incumbents": ["张三", "李四"],
                   "duties": ["接待来访客户"],
                   "kpis": [{"name": "每日有效电话", "target": 20, "unit": "个", "period": "daily"}]},
    }
    processes = {"contract": {"name": "合同审批", "activities": [
        {"name": "合同订立", "R": ["seller"], "A": "manager", "I": ["coo"], "four_eyes": True}]}}
    return org, roles, processes


@pytest.fixture
def small_org_dir(tmp_path: Path) -> Path:
    org, roles, processes = small_org_data()
    return write_org(tmp_path / "org", org, roles, processes)


@pytest.fixture
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def example_org() -> Organisation:
    organisation, _warnings = load_organisation(EXAMPLE)
    return organisation


@pytest.fixture
def run_cli() -> Callable[..., Any]:
    """Invoke the CLI in-process; returns click's Result (exit_code, output)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_fonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout


def copy_example(tmp_path: Path) -> Path:
    target = tmp_path / "roles"
    shutil.copytree(EXAMPLE, target)
    return target


def jobdesc(*args) -> subprocess.CompletedProcess:
    """The real command line (`python -m jobdesc`), SOURCE_DATE_EPOCH fixed, output captured."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    return subprocess.run([sys.executable, "-m", "jobdesc", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=600)


def cli_built(tmp_path_factory, org: Path, name: str) -> Path:
    """`jobdesc build ORG -o OUT -j 2` with the real command line; OUT, after asserting exit 0."""
    out = tmp_path_factory.mktemp(name) / "out"
    result = jobdesc("build", org, "-o", out, "-j", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    return out
