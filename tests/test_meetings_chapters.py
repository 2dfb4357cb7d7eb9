"""Issue 16: meetings (meetings/ID.yaml) and handbook chapters (chapters/*.md).

Read back from real outputs: pdftotext of handbook.pdf and of the job descriptions, the
bookmarks (pikepdf), the XML inside handbook.docx; every bad input gives a located
message, exit 1, no traceback and nothing written."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from jobdesc.build import BuildOptions, run_build
from jobdesc.format.chapter_addresses import resolve_target
from jobdesc.format.chapter_reader import load_chapters
from jobdesc.format.chapter_models import LocalFile, WebAddress
from jobdesc.handbook.chapter_html import chapter_html
from jobdesc.format.loader import load_organisation

from conftest import EXAMPLE, pdf_text, small_org_data, write_org
from test_build import snapshot
from test_handbook_pdf import outline, page_texts


def png(color=(200, 30, 30), size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


MEETING = {"name": "销售周例会", "period": "weekly", "when": "周一上午9:00", "chair": "manager",
           "attendees": ["sales"], "minutes": "assistant", "agenda": ["上周销售情况分析", "本周工作计划"]}
CHAPTER = """# 合同管理制度

## 一、总则

为规范**销售合同**管理，特制定*本制度*。详见 [法规](https://flk.npc.gov.cn) 与 [附件](../attachments/form.txt)。

1. 空白合同由档案员保管；
2. 领用时登记编号。

| 金额 | 审批人 |
|:---|---:|
| 5万元以内 | 销售经理 |

![印章样式](../pictures/seal.png)
"""


def small_org(root: Path, meetings: dict | None = None, chapters: dict | None = None) -> Path:
    org, roles, processes = small_org_data()
    write_org(root, org, roles, processes)
    (root / "meetings").mkdir(exist_ok=True)
    import yaml

    for mid, data in (meetings if meetings is not None else {"weekly": MEETING}).items():
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (root / "meetings" / f"{mid}.yaml").write_text(text, "utf-8")
    (root / "chapters").mkdir(exist_ok=True)
    (root / "pictures").mkdir(exist_ok=True)
    (root / "pictures" / "seal.png").write_bytes(png())
    (root / "attachments").mkdir(exist_ok=True)
    (root / "attachments" / "form.txt").write_text("表格", "utf-8")
    for name, text in (chapters if chapters is not None else {"01-合同管理制度.md": CHAPTER}).items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (root / "chapters" / name).write_bytes(data)
    return root


# ------------------------------------------------------------------ the example, built


@pytest.fixture(scope="module")
def example_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example")
    org, _ = load_organisation(EXAMPLE)
    run_build(org, out, BuildOptions(parts=("handbook",)))
    return out


def docx_part(path: Path, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


def test_example_meetings_load_in_cadence_order(example_org):
    assert list(example_org.meetings) == ["sales-morning", "sales-weekly", "monthly-review"]
    assert [c.title for c in example_org.chapters] == ["销售工作例会制度", "销售合同管理制度"]


def test_handbook_pdf_has_a_meetings_table(example_out):
    pages = page_texts(example_out / "handbook.pdf")
    page = next(p for p in pages if "会议制度" in p and "销售晨会" in p and "参加人员" in p)
    flat = re.sub(r"\s+", "", page)
    for text in ("会议", "周期", "时间", "主持", "参加人员", "记录", "议程",
                 "销售晨会", "每日", "销售经理", "销售一部、销售二部", "销售内勤", "1.传达上级指令",
                 "销售周例会", "每周", "周一上午9:00",
                 "月度销售", "每月", "营销总监"):
        assert text in flat, text
    # one row per meeting: each name starts a row of the table, in cadence order
    assert flat.index("销售晨会") < flat.index("销售周例会") < flat.index("月度销售")


def test_chapters_are_in_the_pdf_contents_and_bookmarks_at_their_pages(example_out):
    pdf = example_out / "handbook.pdf"
    pages = page_texts(pdf)
    marks = outline(pdf)
    by_title = {title: (depth, page) for depth, title, page in marks}
    for title in ("会议制度", "销售工作例会制度", "销售合同管理制度"):
        depth, page = by_title[title]
        assert depth == 0 and title in pages[page].replace(" ", "")
    titles = [t for _, t, _ in marks]
    assert titles.index("审批权限表") < titles.index("会议制度") < titles.index("销售工作例会制度") \
        < titles.index("销售合同管理制度") < titles.index("岗位索引")
    # a chapter's headings are its children, a (二)-level heading under its section, each at its page
    assert by_title["一、目的"][0] == 1 and by_title["（二）每周例会"][0] == 2
    for title in ("一、目的", "二、例会安排", "（二）每周例会", "四、合同的管理"):
        assert title in pages[by_title[title][1]].replace(" ", ""), title
    contents = "\n".join(p for p in pages[1:4] if "目录" in p)
    for title in ("会议制度", "销售工作例会制度", "二、例会安排", "销售合同管理制度", "三、合同的审批、变更与解除"):
        assert title in contents


def test_chapter_pdf_keeps_tables_numbers_and_emphasis(example_out):
    text = pdf_text(example_out / "handbook.pdf")
    rules = text[text.index("一、目的"):]
    # the table's cells side by side on one line
    assert re.search(r"销售晨会\s+每日上午8:45\s+销售经理\s+销售一部", rules)
    # numbered lists print their numbers
    assert re.search(r"1\.\s*检查上周各组完成销售任务情况", rules)
    assert re.search(r"4\.\s*提出改进销售的建议与措施", rules)
    # a web address is printed (never fetched)
    assert "https://flk.npc.gov.cn" in rules


def test_handbook_docx_has_meetings_and_chapters(example_out):
    xml = docx_part(example_out / "handbook.docx")
    body = xml[xml.index("会议制度</w:t>"):]  # after the contents field
    heading1 = re.findall(r'<w:pStyle w:val="Heading1"/>.*?</w:p>', xml)
    heading_texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", h)) for h in heading1]
    assert {"会议制度", "销售工作例会制度", "销售合同管理制度"} <= set(heading_texts)
    heading2 = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", h))
                for h in re.findall(r'<w:pStyle w:val="Heading2"/>.*?</w:p>', xml)]
    assert "一、目的" in heading2 and "四、合同的管理" in heading2
    # the meetings table is a table, one row per meeting
    meetings_table = next(t for t in re.findall(r"<w:tbl>.*?</w:tbl>", body, re.S) if "议程" in t and "销售晨会" in t)
    rows = re.findall(r"<w:tr>.*?</w:tr>", meetings_table, re.S)
    assert len(rows) == 4 and "销售晨会" in rows[1] and "销售内勤" in rows[1]
    # a numbered list item: its number, a tab, then the text, hanging
    assert re.search(r'w:hanging="\d+"/></w:pPr><w:r>.*?<w:t xml:space="preserve">1\.</w:t><w:tab/></w:r><w:r>'
                     r'.*?检查上周各组', xml)
    # emphasis: bold runs, and a dotted accent underline (as handbook.pdf) rather than a slanted CJK face
    assert re.search(r"<w:b/></w:rPr><w:t xml:space=\"preserve\">例会制度</w:t>", xml)
    assert re.search(r"<w:u w:val=\"dotted\" w:color=\"1F5F99\"/></w:rPr><w:t xml:space=\"preserve\">专人记录打印</w:t>", xml)
    assert "<w:i/>" not in xml
    # the chapter table is a table
    assert re.search(r"<w:tbl>(?:(?!</w:tbl>).)*每日上午8:45(?:(?!</w:tbl>).)*</w:tbl>", xml, re.S)
    # the web link is a hyperlink to its address
    rels = docx_part(example_out / "handbook.docx", "word/_rels/document.xml.rels")
    assert 'Target="https://flk.npc.gov.cn" TargetMode="External"' in rels
    # the contents field lists the chapters' headings
    toc = xml[:xml.index("会议制度</w:t>") + 2000]
    assert "PAGEREF" in toc


def test_job_descriptions_list_meetings(tmp_path):
    out = tmp_path / "out"
    org, _ = load_organisation(EXAMPLE)
    run_build(org, out, BuildOptions(parts=("jd",)))

    def section(role_id: str) -> str:
        text = re.sub(r"[ \t]+", " ", pdf_text(out / "jd" / f"{role_id}.pdf"))
        return text[text.index("会议名称"):]

    manager = section("sales-manager")
    assert re.search(r"销售晨会 每日 · 上午8:45.*主持", manager)
    assert re.search(r"销售周例会 每周 · 周一上午9:00 主持", manager)
    assert re.search(r"月度销售总结会 每月 .*参加", manager)  # through 销售部 (its department)
    consultant = section("wealth-specialist-1")  # 销售一部, below 销售部: attends through both
    assert "销售晨会" in consultant and "月度销售总结会" in consultant and "销售周例会" not in consultant
    assistant = section("director-assistant")
    assert re.search(r"销售周例会 .*记录", assistant)
    word = docx_part(out / "jd" / "sales-manager.docx")
    assert "销售晨会" in word and "主持" in word and "周期与时间" in word
    # a position in no meeting has no meetings section
    org_roles_without = [r for r in org.roles if not org.meeting_parts(r)]
    for role_id in org_roles_without:
        assert "会议名称" not in pdf_text(out / "jd" / f"{role_id}.pdf")


# ------------------------------------------------------------------ bad input


def check_fails(run_cli, root: Path, *expected: str) -> str:
    result = run_cli("check", root)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output, (text, result.output)
    return result.output


def test_meeting_ids_that_name_nothing_are_located(tmp_path, run_cli):
    bad = dict(MEETING, chair="nobody", minutes="ghost", attendees=["seller", "salse"])
    root = small_org(tmp_path / "org", {"weekly": bad})
    output = check_fails(run_cli, root, "chair 'nobody' names no role or external position",
                         "minutes 'ghost' names no", "attendees 'salse' names no role, external position or department",
                         "did you mean 'sales'")
    path = str(Path("meetings") / "weekly.yaml")
    lines = (root / "meetings" / "weekly.yaml").read_text("utf-8").splitlines()
    chair_line = next(i for i, line in enumerate(lines, 1) if line.startswith("chair:"))
    assert re.search(rf"{re.escape(path)}:{chair_line}:8: error: chair 'nobody'", output)
    salse_line = next(i for i, line in enumerate(lines, 1) if "salse" in line)
    assert f"weekly.yaml:{salse_line}:" in output


@pytest.mark.parametrize("change, message", [
    ({"attendees": []}, "attendees"),
    ({"period": "fortnightly"}, "period"),
    ({"chiar": "manager"}, "chiar"),
    ({"name": None}, "name"),
])
def test_meeting_file_mistakes_are_located(tmp_path, run_cli, change, message):
    data = {k: v for k, v in {**MEETING, **change}.items() if v is not None}
    root = small_org(tmp_path / "org", {"weekly": data})
    output = check_fails(run_cli, root, message)
    assert re.search(r"weekly\.yaml:\d+:\d+: error:", output)


def test_new_periods_are_accepted_in_kpis_and_meetings(tmp_path, run_cli):
    meetings = {f"m{i}": dict(MEETING, period=p) for i, p in enumerate(("biweekly", "ten-day", "half-yearly"))}
    root = small_org(tmp_path / "org", meetings)
    seller = root / "seller.yaml"
    seller.write_text(seller.read_text("utf-8").replace("period: daily", "period: ten-day"), "utf-8")
    result = run_cli("check", root)
    assert result.exit_code == 0, result.output
    org, _ = load_organisation(root)
    assert [m.period for m in org.meetings.values()] == ["biweekly", "ten-day", "half-yearly"]


BAD_CHAPTERS = {
    "raw-html-block": ("# 标题\n\n<div>内容</div>\n", "01.md:3:1: error: raw HTML"),
    "raw-html-inline": ("# 标题\n\n正文<b>加粗</b>\n", "01.md:3:3: error: raw HTML (<b>)"),
    "picture-outside": ("# 标题\n\n![x](../../secret.png)\n", "01.md:3:6: error: '../../secret.png' points outside"),
    "picture-missing": ("# 标题\n\n![x](../pictures/none.png)\n", "01.md:3:6: error: '../pictures/none.png' does not exist"),
    "link-missing": ("# 标题\n\n[表](../forms/a.xlsx)\n", "01.md:3:5: error: '../forms/a.xlsx' does not exist"),
    "file-url": ("# 标题\n\n[x](file:///etc/passwd)\n", "01.md:3:5: error: 'file:///etc/passwd': a link may point only"),
    "javascript": ("# 标题\n\n[x](javascript:alert(1))\n", "a link may point only to a web address"),
    "absolute": ("# 标题\n\n![x](/etc/passwd)\n", "write the path relative to the chapter"),
    "no-title": ("只有正文，没有标题。\n", "01.md:1:1: error: a chapter starts with its title"),
    "gbk": ("# 例会制度\n\n每日晨会\n".encode("gbk"), "01.md:1:3: error: file is not UTF-8"),
    "too-large": (b"# big\n\n" + b"a" * (10 * 1024 * 1024), "01.md:1:1: error: file is 10.0 MB"),
    "unprintable": ("# 标题\n\n私用\ue000字符\n", "01.md:3:3: error: U+E000"),
}


@pytest.mark.parametrize("case", BAD_CHAPTERS)
def test_a_chapter_the_handbook_cannot_take_is_located(tmp_path, run_cli, case):
    text, expected = BAD_CHAPTERS[case]
    root = small_org(tmp_path / "org", chapters={"01.md": text})
    check_fails(run_cli, root, expected)
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert expected in result.output
    assert not (out / "handbook.pdf").exists() and not (out / "jd").exists()


def test_a_picture_that_is_not_a_picture_is_refused(tmp_path, run_cli):
    root = small_org(tmp_path / "org")
    (root / "pictures" / "seal.png").write_text("not a png", "utf-8")
    check_fails(run_cli, root, "picture 'pictures/seal.png' is not a PNG, JPEG or GIF")


def test_a_picture_symlinked_outside_the_directory_is_refused(tmp_path, run_cli):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png())
    root = small_org(tmp_path / "org")
    (root / "pictures" / "seal.png").unlink()
    (root / "pictures" / "seal.png").symlink_to(secret)
    check_fails(run_cli, root, "points outside the organisation directory")


def test_every_address_passes_one_gate(tmp_path):
    root = small_org(tmp_path / "org")
    chapter = root / "chapters" / "01.md"
    assert resolve_target("https://example.com/a", chapter, root, picture=True) == WebAddress("https://example.com/a")
    assert resolve_target("../pictures/seal.png", chapter, root, picture=True) == LocalFile("pictures/seal.png")
    for url in ("file:///etc/passwd", "//example.com/x.png", "data:image/png;base64,AAAA", "ftp://x/y",
                "mailto:a@b.c", "/etc/passwd", "../../x.png", "http:///nohost"):
        with pytest.raises(ValueError):
            resolve_target(url, chapter, root, picture=True)


def test_chapter_html_fetches_nothing(tmp_path):
    root = small_org(tmp_path / "org", chapters={"01.md": CHAPTER + "\n![远程](https://example.com/x.png)\n"})
    chapters, problems = load_chapters(root)
    assert not problems
    html = str(chapter_html(chapters[0]))
    sources = re.findall(r'src="([^"]*)"', html)
    assert len(sources) == 1 and sources[0].startswith("data:image/png;base64,")  # the picture inside DIR
    assert "[远程] https://example.com/x.png" in html  # a web picture: its address, printed
    assert "<script" not in html and "<div" not in html


# ------------------------------------------------------------------ a small organisation, built


def test_small_org_builds_its_picture_and_link(tmp_path, run_cli):
    root = small_org(tmp_path / "org")
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out, "--only", "handbook")
    assert result.exit_code == 0, result.output
    text = pdf_text(out / "handbook.pdf")
    flat = re.sub(r"\s+", "", text)
    assert "合同管理制度" in flat and "附件（attachments/form.txt）" in flat
    with zipfile.ZipFile(out / "handbook.docx") as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert any(package.read(n) == png() for n in media)
    import pikepdf

    with pikepdf.open(out / "handbook.pdf") as pdf:
        images = [name for page in pdf.pages for name in page.get_images()]
    assert images  # the seal picture is drawn


def build(root: Path, out: Path) -> None:
    org, _ = load_organisation(root)
    run_build(org, out, BuildOptions(jobs=1))


def test_meeting_and_chapter_edits_rebuild_like_a_clean_build(tmp_path):
    root = small_org(tmp_path / "org")
    incremental = tmp_path / "incremental"
    build(root, incremental)
    first = snapshot(incremental)
    meeting = root / "meetings" / "weekly.yaml"
    meeting.write_text(meeting.read_text("utf-8").replace("周一上午9:00", "周二上午10:00"), "utf-8")
    (root / "pictures" / "seal.png").write_bytes(png((10, 120, 10)))  # same name, other picture
    build(root, incremental)
    second = snapshot(incremental)
    clean = tmp_path / "clean"
    build(root, clean)
    assert second == snapshot(clean)
    changed = {name for name in first if first[name] != second.get(name)}
    # the meeting is printed in its positions' job descriptions and in the handbook; the
    # picture only in the handbook
    assert {"handbook.pdf", "handbook.docx", "jd/manager.pdf", "jd/seller.pdf", "jd/assistant.pdf"} <= changed
    assert "周二上午10:00" in pdf_text(incremental / "jd" / "manager.pdf")


def test_build_is_deterministic(tmp_path):
    root = small_org(tmp_path / "org")
    build(root, tmp_path / "a")
    build(root, tmp_path / "b")
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert a == b and "handbook.docx" in a


def test_chapters_and_pictures_together_are_bounded(tmp_path, run_cli, monkeypatch):
    from jobdesc import userfiles

    root = small_org(tmp_path / "org", chapters={"01.md": CHAPTER, "02.md": CHAPTER})
    monkeypatch.setattr(userfiles, "MAX_CHAPTERS_BYTES", len(CHAPTER.encode()) + 10)  # the first chapter, not its picture
    check_fails(run_cli, root, "01.md:1:1: error: the organisation's chapters and pictures together exceed")


def test_a_picture_of_too_many_pixels_is_refused(tmp_path, run_cli, monkeypatch):
    from jobdesc.format import chapter_addresses

    root = small_org(tmp_path / "org")
    monkeypatch.setattr(chapter_addresses, "MAX_PICTURE_PIXELS", 799)  # the test picture is 40 × 20
    check_fails(run_cli, root, "picture 'pictures/seal.png' is 40 × 20 pixels")
