"""Issue 26: Word's own markup comes back exactly — tracked changes, content controls, fields,
comments — or the import refuses and touches nothing.

Each edit is written into the sales manager's Word file as Word writes it (tests/word_edits.py:
runs split with rsids, proofing marks, the _GoBack bookmark, w:ins/w:del with author and date,
w:moveFrom/w:moveTo, tracked paragraph marks, content controls, a field, a comments part), and
the role file must then differ by exactly the lines given: line for line.
"""
from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobdesc.cli import main
from jobdesc.jd.workers import JobDescriptionMaker
from jobdesc.format.loader import load_organisation
from jobdesc.templating import TemplateSet
from word_edits import GOBACK, PROOF, W, WordXml, dele, fragment, ins, r

EXAMPLE = Path(__file__).resolve().parents[1] / "roles"
ROLE = Path("sales/sales-manager.yaml")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("example") / "roles"
    shutil.copytree(EXAMPLE, root)
    org, _ = load_organisation(root)
    return root, JobDescriptionMaker(org, TemplateSet.for_organisation(root).folders).docx("sales-manager")


@pytest.fixture
def roles(built, tmp_path):
    root = tmp_path / "roles"
    shutil.copytree(built[0], root)
    return root


def run_import(tmp_path: Path, root: Path, data: bytes, *options: str):
    edited = tmp_path / "edited.docx"
    edited.write_bytes(data)
    return CliRunner().invoke(main, ["import", str(edited), "--into", str(root), *options], catch_exceptions=False)


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def imported(tmp_path, root, data, *options) -> tuple[list[str], str]:
    before = (root / ROLE).read_text(encoding="utf-8")
    result = run_import(tmp_path, root, data, *options)
    assert result.exit_code == 0, result.output
    return changed_lines(before, (root / ROLE).read_text(encoding="utf-8")), result.output


COMPLAINTS = "及时协调处理客户与业主的各类投诉，配合客服部做好售前、售后服务工作"
OLD_COMPLAINTS = f"  - {COMPLAINTS}"


def test_a_tracked_replacement_is_accepted_and_reported(built, roles, tmp_path):
    """The issue's example: w:del 各类投诉 + w:ins 各类投诉与纠纷 used to come back as
    “处理客户与业主的，配合…” (the deletion applied, the insertion dropped), exit 0."""
    doc = WordXml(built[1])
    p = doc.paragraph(COMPLAINTS)
    doc.set_content(p, r("及时协调", "00112233") + PROOF + r("处理客户与业主的") + dele("各类投诉")
                    + ins("各类投诉与纠纷") + GOBACK + r("，配合客服部做好售前、售后服务工作", "00445566"))
    lines, output = imported(tmp_path, roles, doc.bytes())
    assert lines == [f"-{OLD_COMPLAINTS}", "+  - 及时协调处理客户与业主的各类投诉与纠纷，配合客服部做好售前、售后服务工作"]
    assert "2 tracked changes by HR 王 accepted (2026-03-01)" in output


def test_reject_changes_imports_the_document_as_it_was(built, roles, tmp_path):
    doc = WordXml(built[1])
    p = doc.paragraph(COMPLAINTS)
    doc.set_content(p, r("及时协调处理客户与业主的") + dele("各类投诉") + ins("各类纠纷")
                    + r("，配合客服部做好售前、售后服务工作"))
    lines, output = imported(tmp_path, roles, doc.bytes(), "--reject-changes")
    assert lines == [] and "no change to carry over" in output
    assert "rejected" in output


def test_a_new_duty_typed_as_a_tracked_paragraph(built, roles, tmp_path):
    doc = WordXml(built[1])
    p = doc.paragraph(COMPLAINTS)
    doc.new_paragraph_after(p, "8", "<w:r><w:tab/></w:r>" + ins("每季度组织一次客户回访"))
    lines, _ = imported(tmp_path, roles, doc.bytes())
    assert lines == ["+  - 每季度组织一次客户回访"]


def test_a_duty_deleted_with_its_paragraph_mark(built, roles, tmp_path):
    doc = WordXml(built[1])
    p = doc.paragraph(COMPLAINTS)
    doc.set_content(p, dele(COMPLAINTS))
    number = p.findall("{%s}r" % p.nsmap["w"])[0]
    number.getparent().remove(number)
    wrapper = fragment(dele("8"))[0]
    number_run = wrapper[0]
    p.insert(1, wrapper)
    number_run.find("{%s}delText" % p.nsmap["w"]).text = "8"
    doc.set_mark(p, "del")
    lines, _ = imported(tmp_path, roles, doc.bytes())
    assert lines == [f"-{OLD_COMPLAINTS}"]


def test_a_moved_duty(built, roles, tmp_path):
    """moveFrom/moveTo: 8 moved to the end (after 9); the file's lines move with it."""
    doc = WordXml(built[1])
    source = doc.paragraph(COMPLAINTS)
    last = doc.paragraph("收集行业及竞品信息")
    number = source.findall(f"{{{source.nsmap['w']}}}r")[0]
    doc.set_content(source, f'<w:moveFrom w:id="31" w:author="HR 王" w:date="2026-03-01T09:30:00Z">'
                            f'{r(COMPLAINTS)}</w:moveFrom>')
    source.remove(number)
    source.find(f"{{{source.nsmap['w']}}}moveFrom").insert(0, number)  # the typed number moves with it
    doc.set_mark(source, "del")
    doc.new_paragraph_after(last, "10", "<w:r><w:tab/></w:r>" + f'<w:moveTo w:id="32" w:author="HR 王" '
                            f'w:date="2026-03-01T09:30:00Z">{r(COMPLAINTS)}</w:moveTo>')
    before = (roles / ROLE).read_text(encoding="utf-8")
    lines, _ = imported(tmp_path, roles, doc.bytes())
    assert len(lines) == 2  # one line out, the same line in at its new place
    last_line = "  - 收集行业及竞品信息，分析市场竞争态势，提出改进方案和措施"
    assert (roles / ROLE).read_text(encoding="utf-8") == before.replace(
        f"{OLD_COMPLAINTS}\n{last_line}\n", f"{last_line}\n{OLD_COMPLAINTS}\n")


def test_content_controls_at_run_block_and_cell_level(built, roles, tmp_path):
    """Text inside w:sdt read as empty: “duties[5]: must not be empty”, or a truncated duty."""
    doc = WordXml(built[1])
    p = doc.paragraph(COMPLAINTS)
    doc.set_content(p, r("及时协调处理") + f"<w:sdt><w:sdtPr><w:alias w:val=\"对象\"/></w:sdtPr><w:sdtContent>"
                    f"{r('客户与业主')}</w:sdtContent></w:sdt>" + r("的各类投诉，配合客服部做好售前、售后服务工作（含物业）"))
    block = doc.paragraph("收集行业及竞品信息")
    sdt = fragment("<w:sdt><w:sdtPr/><w:sdtContent/></w:sdt>")[0]
    block.addprevious(sdt)
    sdt[1].append(block)
    cell = doc.paragraph("月度销售目标完成率").getparent()
    cell_sdt = fragment("<w:sdt><w:sdtPr/><w:sdtContent/></w:sdt>")[0]
    cell.addprevious(cell_sdt)
    cell_sdt[1].append(cell)
    row = doc.paragraph("月度销售回款额").getparent().getparent()  # a repeating-section row control
    row_sdt = fragment("<w:sdt><w:sdtPr/><w:sdtContent/></w:sdt>")[0]
    row.addprevious(row_sdt)
    row_sdt[1].append(row)
    lines, _ = imported(tmp_path, roles, doc.bytes())
    assert lines == [f"-{OLD_COMPLAINTS}", f"+{OLD_COMPLAINTS}（含物业）"]


def test_a_field_gives_its_result_and_hyphens_read_as_shown(built, roles, tmp_path):
    doc = WordXml(built[1])
    p = doc.paragraph("收集行业及竞品信息")
    doc.set_content(p, r("收集行业及竞品信息，分析市场竞争态势，提出改进方案和措施（见")
                    + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                    ' REF _Ref123 \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                    + r("附表") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
                    + '<w:fldSimple w:instr=" SEQ 表 "><w:r><w:t>3</w:t></w:r></w:fldSimple>'
                    + '<w:r><w:t>，B</w:t><w:noBreakHyphen/><w:t>2级</w:t><w:softHyphen/><w:t>）</w:t></w:r>')
    lines, _ = imported(tmp_path, roles, doc.bytes())
    assert lines == ["-  - 收集行业及竞品信息，分析市场竞争态势，提出改进方案和措施",
                     "+  - 收集行业及竞品信息，分析市场竞争态势，提出改进方案和措施（见附表3，B-2级）"]


def test_hyperlink_smart_tag_and_alternate_content(built, roles, tmp_path):
    doc = WordXml(built[1])
    p = doc.paragraph("监督、协调广告策划公司的工作")
    doc.set_content(p, '<w:hyperlink w:anchor="x">' + r("监督、协调") + "</w:hyperlink>"
                    + '<w:smartTag w:uri="u" w:element="e">' + r("广告策划公司") + "</w:smartTag>"
                    + '<mc:AlternateContent><mc:Choice Requires="w14">' + r("的工作")
                    + "</mc:Choice><mc:Fallback>" + r("的工作") + "</mc:Fallback></mc:AlternateContent>"
                    + r("，监督各类销售广告的发布与投放"))
    lines, _ = imported(tmp_path, roles, doc.bytes())
    assert lines == ["-  - 监督、协调广告策划公司的工作，监督各类销售广告的发布",
                     "+  - 监督、协调广告策划公司的工作，监督各类销售广告的发布与投放"]


def test_comments_are_reported_and_written_as_todo(built, roles, tmp_path):
    doc = WordXml(built[1])
    p = doc.paragraph("收集行业及竞品信息")
    doc.add_comment(p, "收集行业及竞品信息", "竞品范围请明确到楼盘")
    result = run_import(tmp_path, roles, doc.bytes())
    assert result.exit_code == 0, result.output
    line = (roles / ROLE).read_text(encoding="utf-8").splitlines().index("  - 收集行业及竞品信息，分析市场竞争态势，提出改进方案和措施") + 1
    assert f"HR 李 on “收集行业及竞品信息，分析市场竞争态势，提出改进方案和措施”: 竞品范围请明确到楼盘" in result.output
    assert f"{ROLE.name}:{line}" in result.output
    lines, _ = imported(tmp_path, roles, doc.bytes(), "--comments-as-todo")
    assert lines == ["+  # TODO (Word comment by HR 李): 竞品范围请明确到楼盘"]


def test_control_characters_are_a_located_user_error(built, roles, tmp_path):
    """Issue 35, point 9: a control character in a duty exited 2 with an XML syntax error."""
    import io
    import zipfile

    doc = WordXml(built[1])
    doc.paragraph(COMPLAINTS)
    data = doc.bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/document.xml":
                part = part.replace("各类投诉".encode(), "各类\x07投诉".encode())
            z.writestr(info, part)
    before = (roles / ROLE).read_bytes()
    result = run_import(tmp_path, roles, out.getvalue())
    assert result.exit_code == 1, result.output
    assert "word/document.xml" in result.output and "line" in result.output
    assert (roles / ROLE).read_bytes() == before


def test_crlf_symlink_and_refusal_leave_the_file_as_it_was(built, roles, tmp_path):
    """Issue 35, point 10: a CRLF file came back LF (even when refused); a symlink became a file."""
    real = roles / "sales" / "real-sales-manager.yaml.txt"
    text = (roles / ROLE).read_text(encoding="utf-8")
    real.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    (roles / ROLE).unlink()
    os.symlink(real.name, roles / ROLE)
    doc = WordXml(built[1])
    doc.set_content(doc.paragraph(COMPLAINTS), r(COMPLAINTS + "（限24小时内）"))
    result = run_import(tmp_path, roles, doc.bytes())
    assert result.exit_code == 0, result.output
    assert (roles / ROLE).is_symlink()
    after = real.read_bytes()
    assert after == text.replace(COMPLAINTS, COMPLAINTS + "（限24小时内）").replace("\n", "\r\n").encode("utf-8")
    # A refused edit (the title emptied: check fails) leaves every byte and the link as they were.
    refused = WordXml(built[1])
    title_cell = next(p for p in refused.root.iter("{%s}tc" % W) if WordXml.text(p) == "销售经理")
    for t in title_cell.iter("{%s}t" % title_cell.nsmap["w"]):
        t.text = ""
    mtime = real.stat().st_mtime_ns
    result = run_import(tmp_path, roles, refused.bytes())
    assert result.exit_code == 1, result.output
    assert real.read_bytes() == after and real.stat().st_mtime_ns == mtime and (roles / ROLE).is_symlink()


def test_yaml_comments_move_and_go_with_their_items(built, roles, tmp_path):
    """A moved duty used to lose its inline comment; a deleted one took the comment above the next."""
    path = roles / ROLE
    text = path.read_text(encoding="utf-8")
    last = "  - 收集行业及竞品信息，分析市场竞争态势，提出改进方案和措施"
    ads = "  - 监督、协调广告策划公司的工作，监督各类销售广告的发布"
    text = text.replace(OLD_COMPLAINTS, f"  # 客服相关\n{OLD_COMPLAINTS}  # 2026 新增").replace(
        ads, f"{ads}  # 待删\n  # 项目相关")
    path.write_text(text, encoding="utf-8")
    doc = WordXml(built[1])
    source = doc.paragraph(COMPLAINTS)
    target = doc.paragraph("收集行业及竞品信息")
    source.getparent().remove(source)
    target.addnext(source)  # moved after the last duty (untracked: cut and paste)
    removed = doc.paragraph("监督、协调广告策划公司的工作")
    removed.getparent().remove(removed)
    result = run_import(tmp_path, roles, doc.bytes())
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert after == text.replace(f"{ads}  # 待删\n", "").replace(
        f"  # 客服相关\n{OLD_COMPLAINTS}  # 2026 新增\n{last}\n",
        f"{last}\n  # 客服相关\n{OLD_COMPLAINTS}  # 2026 新增\n"), after


def test_drafting_a_new_directory_reads_tracked_changes_too(tmp_path):
    """`import FILE -o NEW` reads paragraphs with the same reader: accepted insertions in,
    deletions out, text in content controls kept (python-docx's paragraph.text did neither)."""
    import docx

    from word_edits import fragment as xml

    document = docx.Document()
    document.add_paragraph("前台岗位职责")
    for text in ("接待来访客人", "收发信件"):
        document.add_paragraph(text, style="List Number")
    last = document.paragraphs[-1]._p
    for run in last.findall(f"{{{W}}}r"):
        last.remove(run)
    for element in xml(r("收发") + dele("信件") + ins("快递与信件")
                       + f"<w:sdt><w:sdtContent>{r('并登记')}</w:sdtContent></w:sdt>"):
        last.append(element)
    source = tmp_path / "前台.docx"
    document.save(str(source))
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    drafted = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.yaml"))
    assert "收发快递与信件并登记" in drafted and "收发信件" not in drafted
