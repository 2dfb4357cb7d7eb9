"""The example organisation's job descriptions, read back from the PDF and the .docx."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLE, pdf_fonts, pdf_text
from jobdesc.i18n import period_label
from jobdesc.format.loader import load_organisation
from jobdesc.format.position_models import Duty
from test_jd_support import build_jd, docx_part, docx_text, pdf_plain_text, squeeze


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("jd") / "out"
    build_jd(EXAMPLE, out, jobs=2)
    organisation, _ = load_organisation(EXAMPLE)
    return out / "jd", organisation


def _texts(duties: list[Duty]) -> list[str]:
    found = []
    for duty in duties:
        found.append(duty.text)
        found += _texts(duty.items)
    return found


def test_every_role_has_a_pdf_and_a_docx(built):
    folder, org = built
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{rid}.{ext}" for rid in org.roles for ext in ("pdf", "docx"))


def test_pdf_shows_every_duty_inherited_duty_and_kpi(built):
    folder, org = built
    for role in org.roles.values():
        text = pdf_plain_text(folder / f"{role.id}.pdf")
        for duty in _texts(role.duties):
            assert squeeze(duty) in text, (role.id, duty)
        for inherited in org.inherited_duties(role):
            assert f"以下职责承接自“{inherited.from_role.title}”岗位" in text, role.id
            for duty in _texts(inherited.duties):
                assert squeeze(duty) in text, (role.id, duty)
        for kpi in role.kpis:
            assert squeeze(kpi.name) in text and period_label(kpi.period, "zh-CN") in text, (role.id, kpi.name)
        assert squeeze(org.org.organization) in text


def test_no_job_description_asks_its_position_to_assist_itself(built):
    """A role that extends another carries its duties word for word: a duty of 客服专员 such as
    「协助客服主管完成合同签署」 printed for 客服主管 itself reads wrong (issue 21). No PDF
    may name its own position as the one assisted, reported to or directed by."""
    folder, org = built
    odd = []
    for role in org.roles.values():
        for inherited in org.inherited_duties(role):
            odd += [(role.id, duty) for duty in _texts(inherited.duties) if role.title in duty]
        text = pdf_plain_text(folder / f"{role.id}.pdf")
        for verb in ("协助", "配合", "向", "在"):
            for found in re.finditer(re.escape(verb + squeeze(role.title)) + r"(?!助理)", text):
                odd.append((role.id, text[found.start():found.end() + 12]))
    assert odd == []
    assert any(org.inherited_duties(r) for r in org.roles.values()), "the example still shows extends"


def test_pdf_numbers_duties_hierarchically(built):
    folder, org = built
    text = pdf_text(folder / "sales-manager.pdf")
    # sales-manager: duty 2 "案场管理" has item 3 "主持销售例会" with two sub-items.
    assert re.search(r"2\s+案场管理", text)
    assert re.search(r"2\.3\s+主持销售例会", text)
    assert re.search(r"2\.3\.1\s+每日召开早会", text)


def test_pdf_header_footer_and_relations(built):
    folder, org = built
    text = pdf_text(folder / "sales-manager.pdf")
    pages = text.count("\f")
    flat = squeeze(text)
    assert f"第1页/共{pages}页" in flat and f"第{pages}页/共{pages}页" in flat
    assert flat.count("锦华置业有限公司营销中心") == pages  # title block on page 1, running header after
    assert "直接上级营销总监" in flat  # the manager by title, not id
    assert "marketing-director" not in text
    for report in org.direct_reports("sales-manager"):
        assert report.title in text
    assert "编制1人/在岗1人/空缺0人" in flat
    for label in ("岗位任职人", "直接上级", "人力资源部", "考核指标", "流程职责（RACI）", "汇报关系"):
        assert label in text
    director = pdf_text(folder / "marketing-director.pdf")
    assert "运营长（外部岗位）" in squeeze(director)  # an external manager is named by its title


def test_pdf_lists_raci_involvements_with_letters(built):
    folder, org = built
    text = squeeze(pdf_text(folder / "sales-manager.pdf"))
    involvements = org.involvements("sales-manager")
    assert involvements
    for involvement in involvements:
        assert squeeze(involvement.activity.name) in text
        assert squeeze(involvement.process.name) in text


def test_pdf_embeds_subset_cjk_fonts(built):
    folder, _org = built
    fonts = pdf_fonts(folder / "sales-manager.pdf")
    cjk = [line for line in fonts.splitlines() if "CJK-SC" in line]
    assert cjk, fonts
    for line in cjk:
        assert re.search(r"\byes\s+yes\s+yes\b", line), line  # emb, sub, uni


def test_docx_carries_text_headings_fonts_and_page_fields(built):
    folder, org = built
    path = folder / "sales-manager.docx"
    xml = docx_part(path)
    text = squeeze(docx_text(path))
    role = org.roles["sales-manager"]
    for duty in _texts(role.duties):
        assert squeeze(duty) in text
    for kpi in role.kpis:
        assert squeeze(kpi.name) in text
    assert re.search(r"2\.3\.1\s*每日召开早会", docx_text(path))  # literal hierarchical numbers
    assert '<w:pStyle w:val="Heading1"/>' in xml and '<w:pStyle w:val="Title"/>' in xml
    assert 'w:eastAsia="Microsoft YaHei"' in xml
    assert "<w:tblHeader/>" in xml  # KPI header row repeats on a new page
    styles = docx_part(path, "word/styles.xml")
    assert "Theme" not in re.sub(r"<w:latentStyles.*?</w:latentStyles>", "", styles, flags=re.S)
    assert 'w:eastAsia="Microsoft YaHei"' in styles and 'w:eastAsia="zh-CN"' in styles
    footer = docx_part(path, "word/footer1.xml")
    assert 'w:instr=" PAGE ' in footer and 'w:instr=" NUMPAGES ' in footer and "页 / 共" in footer
    header = docx_part(path, "word/header1.xml")
    assert re.search(f">{org.org.organization}</w:t>.*<w:tab/>.*>销售经理<.*岗位说明书<", header) and "{" not in header


def test_docx_marks_inherited_duties(built):
    folder, org = built
    role = next(r for r in org.roles.values() if r.extends)
    base = org.roles[role.extends]
    text = docx_text(folder / f"{role.id}.docx")
    assert f"以下职责承接自“{base.title}”岗位" in text
    assert f"（承接自“{base.title}”）" in text
    for duty in _texts(base.duties):
        assert squeeze(duty) in squeeze(text)


def test_docx_draws_the_reporting_line_like_the_pdf(built, tmp_path):
    """Word job descriptions carry the PDF's reporting-line diagram: the manager's box, the
    position's own (accented), its direct reports' boxes; read from the XML, and from the
    page LibreOffice prints of one of them."""
    import shutil
    import subprocess

    from jobdesc.jd.context import told_apart
    from jobdesc.jd.labels import jd_labels

    folder, org = built
    assert any(len(org.direct_reports(r.id)) > len({d.title for d in org.direct_reports(r.id)})
               for r in org.roles.values())  # the example has same-titled reports to tell apart
    for role in org.roles.values():
        xml = docx_part(folder / f"{role.id}.docx")
        after = xml[xml.index(">汇报关系<"):xml.index(">岗位职责<")]
        own = re.search(r'<w:shd w:val="clear" w:color="auto" w:fill="1F5F99"/>.*?<w:t>([^<]*)</w:t>', after, re.S)
        assert own and own.group(1) == role.title, role.id
        texts = re.findall(r"<w:t>([^<]*)</w:t>", after)
        # Same-titled reports are told apart by department, as in the PDF (销售组长（销售一部）)
        reports = told_apart(org, tuple(org.position(r.id) for r in org.direct_reports(role.id)), jd_labels("zh-CN"))
        expected = ([org.position(role.reports_to).title] if role.reports_to else []) + [role.title] + [
            r.title for r in reports][:5]
        assert texts == expected, (role.id, texts)
    assert xml.count("w:pBdr") >= 2
    if shutil.which("soffice") is None:
        return
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(folder / "marketing-director.docx")],
                   check=True, capture_output=True)
    page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(tmp_path / "marketing-director.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    drawn = page[page.index("汇报关系"):page.index("岗位职责")].split()
    assert drawn[1:] == ["运营长", "营销总监", "综合管理主管", "客服经理", "营销总监助理", "策划经理", "销售经理"]
