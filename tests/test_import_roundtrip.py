"""The Word round trip (issue 17): `jobdesc import EDITED.docx --into DIR`.

For every job description of the example, the Word file jobdesc writes is edited with
python-docx the way a person edits it in Word (a duty typed after the last one, a KPI
reworded, a qualification changed), imported back, and the role's YAML must differ by
exactly that edit: the same data but for it, and no other line of the file touched.
"""
from __future__ import annotations

import copy
import difflib
import io
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from jobdesc.cli import main
from jobdesc.jd.docx_properties import read as read_properties
from jobdesc.jd.workers import JobDescriptionMaker
from jobdesc.format.loader import load_organisation
from jobdesc.templating import TemplateSet

EXAMPLE = Path(__file__).resolve().parents[1] / "roles"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example directory and every role's Word job description, as `build` writes it."""
    root = tmp_path_factory.mktemp("example") / "roles"
    shutil.copytree(EXAMPLE, root)
    org, _ = load_organisation(root)
    maker = JobDescriptionMaker(org, TemplateSet.for_organisation(root).folders)
    paths = {role_id: Path(source.path).relative_to(root)
             for role_id, source in zip(org.roles, org.sources[1:])}
    return root, {role_id: maker.docx(role_id) for role_id in org.roles}, paths


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _document(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


def _section_paragraphs(document, heading: str):
    """The body paragraphs under the Heading 1 `heading`, up to the next heading or note."""
    inside, found = False, []
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith("Heading"):
            inside = paragraph.text.strip() == heading
            continue
        if inside and style == "JD Note":
            break
        if inside:
            found.append(paragraph)
    return found


def add_duty(document, text: str) -> None:
    """Put the cursor at the end of the last own duty, press Enter, type the next number and text."""
    from docx.text.paragraph import Paragraph

    items = [p for p in _section_paragraphs(document, "岗位职责") if "\t" in p.text]
    last = items[-1]
    tops = [p for p in items if p.text.split("\t")[0].isdigit()]
    number = int(tops[-1].text.split("\t")[0]) + 1
    element = copy.deepcopy(last._p)
    last._p.addnext(element)
    paragraph = Paragraph(element, last._parent)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = f"{number}\t{text}"


def _kpi_table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "指标名称")


def _qualification_table(document):
    # The level's requirements (职级能力要求, issue 34) come first where the role has a level.
    return next(t for t in document.tables
                if t.rows[0].cells[0].text in ("职级能力要求", "学历要求", "工作经验", "知识与技能"))


def _import(tmp_path, root: Path, document) -> tuple:
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    result = run("import", edited, "--into", root)
    return result


def _file_diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


EDITS = ["duty", "kpi", "qualification"]


@pytest.mark.parametrize("edit", EDITS)
def test_every_job_description_round_trips_exactly_one_edit(example, tmp_path, edit):
    source_root, documents, paths = example
    tried = 0
    for role_id, data in documents.items():
        root = tmp_path / role_id / "roles"
        shutil.copytree(source_root, root)
        path = root / paths[role_id]
        before_text = path.read_text(encoding="utf-8")
        want = yaml.safe_load(before_text)
        document = _document(data)
        if edit == "duty":
            add_duty(document, "每月走访重点客户不少于5家")
            want["duties"].append("每月走访重点客户不少于5家")
        elif edit == "kpi":
            if not want.get("kpis"):
                continue
            cell = _kpi_table(document).rows[1].cells[0]
            cell.text = cell.text + "（含线上）"
            want["kpis"][0]["name"] += "（含线上）"
        else:
            quals = want.get("qualifications") or {}
            if quals.get("education"):
                row = next(r for r in _qualification_table(document).rows if r.cells[0].text == "学历要求")
                quals["education"] += "，管理类专业优先"
                row.cells[1].text = quals["education"]
            elif quals.get("skills"):
                row = next(r for r in _qualification_table(document).rows if r.cells[0].text == "知识与技能")
                lines = row.cells[1].text.split("\n")
                row.cells[1].text = "\n".join(lines[:-1] + [lines[-1] + "，能熟练使用CRM"])
                quals["skills"][-1] += "，能熟练使用CRM"
            else:
                continue
        tried += 1
        result = _import(tmp_path / role_id, root, document)
        assert result.exit_code == 0, (role_id, result.output)
        after_text = path.read_text(encoding="utf-8")
        assert yaml.safe_load(after_text) == want, role_id
        changed = _file_diff(before_text, after_text)
        assert len([c for c in changed if c.startswith("+")]) == 1, (role_id, changed)
        assert len([c for c in changed if c.startswith("-")]) == (0 if edit == "duty" else 1), (role_id, changed)
        assert changed[-1] in result.output  # the diff is printed
        for other in root.rglob("*.yaml"):  # no other file touched
            if other != path:
                assert other.read_bytes() == (source_root / other.relative_to(root)).read_bytes()
    assert tried >= 5


def test_the_word_file_carries_role_and_fingerprint(example):
    _, documents, _ = example
    properties = read_properties(documents["sales-manager"])
    assert properties["role"] == "sales-manager" and properties["language"] == "zh-CN"
    assert len(properties["fingerprint"]) == 64


def test_several_edits_a_sub_item_and_comments_kept(example, tmp_path):
    source_root, documents, paths = example
    root = tmp_path / "roles"
    shutil.copytree(source_root, root)
    path = root / paths["sales-manager"]
    path.write_text(path.read_text(encoding="utf-8").replace("duties:\n", "duties:  # 2026 年修订\n"),
                    encoding="utf-8")
    document = _document(documents["sales-manager"])
    for paragraph in _section_paragraphs(document, "岗位职责"):
        if paragraph.text.startswith("2.3.1\t"):
            paragraph.runs[-1].text = "每日召开早会，布置当日工作"
    for paragraph in _section_paragraphs(document, "管理权限"):
        if "排班" in paragraph.text:
            paragraph._p.getparent().remove(paragraph._p)
    result = _import(tmp_path, root, document)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["duties"][1]["items"][2]["items"][0] == "每日召开早会，布置当日工作"
    assert data["authority"] == ["对销售人员有考核、奖惩建议权", "在公司授权范围内对销售合同、价格折扣有审批权"]
    assert "duties:  # 2026 年修订" in path.read_text(encoding="utf-8")


def test_edits_it_cannot_map_are_reported_not_guessed(example, tmp_path):
    source_root, documents, paths = example
    root = tmp_path / "roles"
    shutil.copytree(source_root, root)
    document = _document(documents["sales-manager"])
    raci = next(t for t in document.tables if t.rows[0].cells[0].text == "流程")
    raci.rows[1].cells[2].text = "R 负责"
    document.add_heading("岗位晋升通道", level=1)
    document.add_paragraph("销售经理 → 营销总监")
    result = _import(tmp_path, root, document)
    assert result.exit_code == 0, result.output
    assert "流程职责（RACI）" in result.output and "岗位晋升通道" in result.output
    assert "not carried over" in result.output
    for path in root.rglob("*.yaml"):
        assert path.read_bytes() == (source_root / path.relative_to(root)).read_bytes()


def test_a_changed_directory_is_refused_without_a_base(example, tmp_path):
    """A file that carries no base (made by an older jobdesc) cannot be merged: refused. One
    that carries it is merged (tests/test_import_merge.py): unedited, it changes nothing."""
    source_root, documents, paths = example
    root = tmp_path / "roles"
    shutil.copytree(source_root, root)
    path = root / paths["sales-manager"]
    path.write_text(path.read_text(encoding="utf-8").replace("grade: 经理", "grade: 高级经理"), encoding="utf-8")
    before = path.read_bytes()
    document = _document(documents["sales-manager"])
    for rel in list(document.part.rels.values()):
        if rel.target_ref.endswith("item90.xml"):
            document.part.drop_rel(rel.rId)
    result = _import(tmp_path, root, document)
    assert result.exit_code == 1 and "has changed since" in result.output and "no base" in result.output
    assert path.read_bytes() == before
    result = _import(tmp_path, root, _document(documents["sales-manager"]))
    assert result.exit_code == 0 and "no change to carry over" in result.output, result.output
    assert path.read_bytes() == before


def test_into_refuses_other_documents_and_a_missing_directory(tmp_path, example):
    source_root, documents, _ = example
    other = tmp_path / "jd.txt"
    other.write_text("前台岗位职责\n1、接待来访客人\n", encoding="utf-8")
    root = tmp_path / "roles"
    shutil.copytree(source_root, root)
    result = run("import", other, "--into", root)
    assert result.exit_code == 1 and "not a job description jobdesc wrote" in result.output
    edited = tmp_path / "sm.docx"
    edited.write_bytes(documents["sales-manager"])
    result = run("import", edited, "--into", tmp_path / "nowhere")
    assert result.exit_code == 1 and "no organisation directory" in result.output
    assert run("import", edited).exit_code == 2  # neither -o nor --into


def test_reimporting_a_job_description_gives_that_one_position(example, tmp_path):
    """Issue 17: it used to give a fake position 流程 with 52 duties of RACI cells."""
    _, documents, _ = example
    source = tmp_path / "sales-manager.docx"
    source.write_bytes(documents["sales-manager"])
    result = run("import", source, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    roles = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (tmp_path / "out").glob("*.yaml")
             if p.name != "org.yaml"]
    assert [r["title"] for r in roles] == ["销售经理"]
    assert len(roles[0]["duties"]) == 8 and roles[0]["duties"][0]["text"] == "销售计划与执行"
    assert "流程" not in result.output.split("departments")[0]
    assert run("check", tmp_path / "out").exit_code == 0


def test_a_duty_typed_without_a_number_sits_beside_the_one_before(example, tmp_path):
    """Enter at the end of a sub-item gives a paragraph of the same style and no number."""
    from docx.text.paragraph import Paragraph

    source_root, documents, paths = example
    root = tmp_path / "roles"
    shutil.copytree(source_root, root)
    document = _document(documents["sales-manager"])
    after = next(p for p in _section_paragraphs(document, "岗位职责") if p.text.startswith("1.3\t"))
    element = copy.deepcopy(after._p)
    after._p.addnext(element)
    paragraph = Paragraph(element, after._parent)
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    paragraph.add_run("每周核对销控表")
    result = _import(tmp_path, root, document)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((root / paths["sales-manager"]).read_text(encoding="utf-8"))
    assert data["duties"][0]["items"][-1] == "每周核对销控表"
    assert len(data["duties"]) == 8
    before = (root / paths["sales-manager"]).read_bytes()
    again = _import(tmp_path, root, document)  # the same file a second time: already in
    assert again.exit_code == 0 and "no change to carry over" in again.output, again.output
    assert (root / paths["sales-manager"]).read_bytes() == before


def test_reimported_header_keeps_the_stated_figures(example, tmp_path):
    _, documents, _ = example
    source = tmp_path / "sales-manager.docx"
    source.write_bytes(documents["sales-manager"])
    assert run("import", source, "-o", tmp_path / "out").exit_code == 0
    role = yaml.safe_load((tmp_path / "out" / "xiao-shou-jing-li.yaml").read_text(encoding="utf-8"))
    assert role["headcount"] == {"budget": 1, "filled": 1}
    assert role["reports_to"] == "ying-xiao-zong-jian"
    assert role["qualifications"]["education"] == "大专及以上学历，市场营销相关专业优先"
