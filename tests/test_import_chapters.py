"""Issue 29, point 2: a document's rule sections (…制度, …规范, an article of 劳动合同) become
handbook chapters (chapters/NN-slug.md) with their headings and lists — as text: a line of the
document can never become a link, a picture or HTML there."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from jobdesc.cli import main
from jobdesc.format.chapter_reader import load_chapters
from jobdesc.format.chapter_models import plain_text
from jobdesc.importer import import_documents

DOCUMENT = """前台岗位职责
1、接待来访客人
客户档案管理制度
一、总则
1.客户档案由专人管理。
(2) 档案每月整理一次。
<script>alert(1)</script> 与 [链接](file:///etc/passwd) 及 ![图](../../secret.png)
    四个空格开头的一行
# 不是标题 *也不是强调* `也不是代码` &amp; 1. 不是列表
第2篇:销售部人员劳动合同
一、劳动合同期限
甲乙双方约定合同期限为三年。
"""


def _import(tmp_path: Path, text: str = DOCUMENT) -> Path:
    source = tmp_path / "jd.txt"
    source.write_text(text, encoding="utf-8")
    import_documents([source], tmp_path / "out")
    return tmp_path / "out"


def test_rule_sections_become_chapters_with_their_headings_and_lists(tmp_path):
    out = _import(tmp_path)
    names = sorted(p.name for p in (out / "chapters").glob("*.md"))
    assert names == ["001-ke-hu-dang-an-guan-li-zhi-du.md", "002-xiao-shou-bu-ren-yuan-lao-dong-he-tong.md"]
    chapters, problems = load_chapters(out)
    assert problems == []
    first = chapters[0]
    assert first.title == "客户档案管理制度"
    kinds = [type(block).__name__ for block in first.blocks]
    assert kinds[:2] == ["Heading", "ListBlock"]
    assert chapters[1].title == "第2篇：销售部人员劳动合同" or "劳动合同" in chapters[1].title
    role = (out / "qian-tai.yaml").read_text(encoding="utf-8")
    assert "档案每月整理一次" not in role  # in the chapter, not a TODO of the position before it


def test_a_line_is_text_in_a_chapter_never_markup(tmp_path):
    out = _import(tmp_path)
    assert CliRunner().invoke(main, ["check", str(out)]).exit_code == 0
    chapters, _ = load_chapters(out)
    text = "\n".join(plain_text(getattr(b, "children", ())) for b in chapters[0].blocks)
    for literal in ("<script>alert(1)</script>", "[链接](file:///etc/passwd)", "![图](../../secret.png)",
                    "# 不是标题 *也不是强调* `也不是代码` &amp; 1. 不是列表", "四个空格开头的一行"):
        assert literal in text, literal
    kinds = {type(b).__name__ for b in chapters[0].blocks}
    assert "CodeBlock" not in kinds


def test_force_replaces_its_own_chapters_and_refuses_an_edited_one(tmp_path):
    out = _import(tmp_path)
    source = tmp_path / "jd.txt"
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    chapter = next((out / "chapters").glob("001-*.md"))
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n我改过。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(out), "--force"])
    assert result.exit_code == 1 and "chapters/001-" in result.output
    assert "我改过" in chapter.read_text(encoding="utf-8")


def test_a_document_without_rules_writes_no_chapters_folder(tmp_path):
    out = _import(tmp_path, "前台岗位职责\n1、接待来访客人\n")
    assert not (out / "chapters").exists()


MEETINGS = """销售经理岗位职责
1、主持售楼处工作
销售主管岗位职责
1、在销售经理的领导下开展工作
置业顾问岗位职责
1、接待客户
销售例会制度
一、每日例会
1.时间:每天上午8:30
2.主持:销售主管
3.参加人员:全体置业顾问
二、每周例会
1.主持:销售经理
三、月度总结会议
每月最后一个工作日召开,销售部全体人员参加。
"""


def test_meetings_are_written_only_when_chair_and_attendees_are_stated(tmp_path):
    out = _import(tmp_path, MEETINGS)
    import yaml

    files = sorted((out / "meetings").glob("*.yaml"))
    assert [p.name for p in files] == ["mei-ri-li-hui.yaml"]
    daily = yaml.safe_load(files[0].read_text(encoding="utf-8"))
    assert daily == {"name": "每日例会", "period": "daily", "when": "每天上午8:30", "chair": "xiao-shou-zhu-guan",
                     "attendees": ["zhi-ye-gu-wen"]}
    org = (out / "org.yaml").read_text(encoding="utf-8")
    assert "会议“每周例会”未生成 meetings 文件：原文未写明参会人员" in org  # its cadence: the name says 每周
    assert "会议“月度总结会议”未生成 meetings 文件：原文未写明主持人" in org
    assert "时间" not in daily.get("minutes", "")  # nothing unstated is written
    assert CliRunner().invoke(main, ["check", str(out)]).exit_code == 0


def test_more_rule_sections_than_a_handbook_takes_stay_as_todo(tmp_path):
    from jobdesc.format.chapter_reader import MAX_CHAPTERS

    sections = "".join(f"第{i}号管理制度\n本制度第{i}条。\n" for i in range(MAX_CHAPTERS + 5))
    out = _import(tmp_path, "前台岗位职责\n1、接待来访客人\n" + sections)
    assert len(list((out / "chapters").glob("*.md"))) == MAX_CHAPTERS
    assert f"本制度第{MAX_CHAPTERS + 4}条。" in (out / "org.yaml").read_text(encoding="utf-8")
    assert CliRunner().invoke(main, ["check", str(out)]).exit_code == 0
