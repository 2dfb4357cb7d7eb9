"""The Word round trip (issue 17) on what issue 30 lets a job description leave unstated or take
from elsewhere: a recipient printed 未列明 that HR names in Word, a report delivered at a meeting
whose period changes, a KPI table without the columns nobody typed, and a department's report
(org.yaml `from:`) that the job description lists but the role file does not hold."""
from __future__ import annotations

import shutil

import pytest
import yaml

from jobdesc.format.loader import load_organisation
from jobdesc.jd.workers import JobDescriptionMaker
from jobdesc.templating import TemplateSet
from test_import_roundtrip import _document, _import

SEED = __import__("conftest").REPO / "tests" / "orgs" / "seed001-art4"


@pytest.fixture
def seed(tmp_path):
    root = tmp_path / "seed"
    shutil.copytree(SEED, root)
    org, _ = load_organisation(root)
    maker = JobDescriptionMaker(org, TemplateSet.for_organisation(root).folders)
    return root, {role_id: maker.docx(role_id) for role_id in org.roles}


def _reports_table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "汇报内容")


def _row(table, name: str):
    return next(r for r in table.rows if r.cells[0].text == name)


def test_a_recipient_named_in_word_is_carried_over_and_the_meeting_kept(seed, tmp_path):
    root, documents = seed
    document = _document(documents["site-secretary"])
    _row(_reports_table(document), "销售工作日志").cells[1].text = "销售部副经理"
    assert _import(tmp_path, root, document).exit_code == 0
    reports = yaml.safe_load((root / "sales" / "site-secretary.yaml").read_text("utf-8"))["reports"]
    assert reports[2] == {"name": "销售工作日志", "period": "daily", "to": "deputy-manager"}

    document = _document(documents["site-supervisor"])
    _row(_reports_table(document), "来电量、到访客户量总结").cells[2].text = "每月 · 于公司销售例会汇报"
    result = _import(tmp_path, root, document)
    assert result.exit_code == 0, result.output
    reports = yaml.safe_load((root / "sales" / "site-supervisor.yaml").read_text("utf-8"))["reports"]
    assert reports[0] == {"name": "来电量、到访客户量总结", "period": "monthly", "at": "company-sales-meeting"}


def test_a_department_report_edited_in_a_job_description_is_refused(seed, tmp_path):
    root, documents = seed
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    document = _document(documents["deputy-manager"])
    _row(_reports_table(document), "销售情况统计表（代销售部）").cells[1].text = "销售部总经理"
    result = _import(tmp_path, root, document)
    assert result.exit_code == 0 and "org.yaml" in result.output, result.output
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
