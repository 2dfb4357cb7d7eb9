"""Editions without building: the conversion of one text, the source's script, the model →
model transform, the stroke order, and the command line's bad input."""
from __future__ import annotations

import re
import shutil

from conftest import EXAMPLE, small_org_data, write_org
from jobdesc.editions import conversion_for, edition_of
from jobdesc.editions.convert import Converter
from jobdesc.editions.script import SIMPLIFIED, TRADITIONAL, source_script
from jobdesc.editions.strokes import chinese_number, stroke_count, stroke_group, stroke_sort_key
from jobdesc.handbook.frontmatter import index_groups
from jobdesc.format.loader import load_organisation


def test_taiwan_phrases_keep_terms_addresses_and_quotes():
    convert = Converter("s2twp", keep=["锦华置业"])
    assert convert("收集客户信息，熟练使用办公软件") == "收集客戶資訊，熟練使用辦公軟體"
    assert convert("锦华置业有限公司") == "锦华置业有限公司"  # the kept term as typed, the rest converted
    assert convert("锦华置业营销中心") == "锦华置业營銷中心"
    assert convert("见[制度](附件/销售制度.pdf)与 https://例子.cn/信息") == "見[制度](附件/销售制度.pdf)與 https://例子.cn/信息"
    assert convert("填写“客户信息表”和‘备注’") == "填寫「客戶資訊表」和『備註』"


def test_words_the_software_phrase_table_gets_wrong_are_converted_by_characters():
    convert = Converter("s2twp")
    assert convert("负责系统账号权限管理") == "負責系統賬號權限管理"  # not 許可權 (a program's permission)
    assert convert("服务对象") == "服務對象"  # not 物件
    assert convert("认购书的签收与审核") == "認購書的簽收與審核"  # not 稽核 (an audit)
    assert convert("组织社区巡展") == "組織社區巡展"  # not 社群


def test_hong_kong_and_back_to_simplified():
    assert Converter("s2hk")("收集客户信息，使用办公软件") == "收集客户信息，使用辦公軟件"
    assert Converter("t2s")("收集客戶資訊「備註」") == "收集客户资讯“备注”"


def test_source_script_and_which_conversion():
    assert source_script(["销售经理", "负责客户接待"]) == SIMPLIFIED
    assert source_script(["銷售經理", "負責客戶接待"]) == TRADITIONAL
    assert source_script(["人力部", "HR"]) == SIMPLIFIED  # nothing script-specific
    assert source_script(["銷售經理負責客戶接待", "张伟"]) == TRADITIONAL  # a majority decides
    assert conversion_for(SIMPLIFIED, "zh-TW") == "s2twp" and conversion_for(SIMPLIFIED, "zh-HK") == "s2hk"
    assert conversion_for(TRADITIONAL, "zh-CN") == "t2s"
    assert conversion_for(SIMPLIFIED, "zh-CN") is None and conversion_for(TRADITIONAL, "zh-TW") is None
    assert conversion_for(TRADITIONAL, "zh-HK") is None  # already Traditional: not touched


def test_edition_converts_every_text_but_names_ids_and_numbers():
    org, _ = load_organisation(EXAMPLE)
    tw = edition_of(org, "zh-TW")
    assert tw.language == "zh-TW" and org.language == "zh-CN"
    assert tw.org.organization == "錦華置業有限公司營銷中心"
    assert tw.roles["sales-manager"].title == "銷售經理"
    assert [p.name for p in tw.roles["sales-manager"].incumbents] == ["陈立明"]
    assert tw.roles["sales-manager"].incumbents == org.roles["sales-manager"].incumbents
    assert list(tw.roles) == list(org.roles) and list(tw.processes) == list(org.processes)
    assert tw.org.raci.labels.A == "審批" and tw.departments["sales"].name == "銷售部"
    process = next(iter(tw.processes.values()))
    assert process.activities[0].name != next(iter(org.processes.values())).activities[0].name
    tiers = [t for p in tw.processes.values() for a in p.activities for t in a.A if t.up_to is not None]
    assert tiers and all(not t.plain for t in tiers)  # private attributes survive the copy
    assert tw.approval_tiers[0].unit == org.approval_tiers[0].unit.replace("万", "萬")


def test_nothing_to_convert_is_the_same_object():
    org, _ = load_organisation(EXAMPLE)
    assert edition_of(org, "zh-CN") is org
    english = edition_of(org, "en")
    assert english.language == "en" and english.roles is org.roles  # content as typed


def test_stroke_counts_order_and_groups():
    assert [stroke_count(c) for c in "一人客銷"] == [1, 2, 9, 15]
    titles = ["銷售經理", "客服專員", "置業顧問", "見習置業顧問", "人事專員", "HR專員"]
    assert sorted(titles, key=stroke_sort_key) == ["人事專員", "見習置業顧問", "客服專員", "置業顧問", "銷售經理",
                                                   "HR專員"]
    assert stroke_group(stroke_sort_key("客服專員")) == 9 and stroke_group(stroke_sort_key("HR")) is None
    assert [chinese_number(n) for n in (1, 9, 10, 12, 20, 35)] == ["一", "九", "十", "十二", "二十", "三十五"]


def test_index_of_a_traditional_edition_is_grouped_by_strokes():
    org, _ = load_organisation(EXAMPLE)
    groups = index_groups(edition_of(org, "zh-TW"))
    headings = [heading for heading, _roles in groups]
    assert headings[:3] == ["五畫", "六畫", "七畫"] and "十五畫" in headings  # 市場專員, 合同…, 見習…; 銷售…
    counts = [stroke_count(roles[0].title[0]) for _h, roles in groups]
    assert counts == sorted(counts)
    simplified = [h for h, _roles in index_groups(org)]
    assert simplified == sorted(simplified) and all(h.isascii() for h in simplified)  # pinyin initials


def test_unknown_language_is_a_usage_error_listing_the_choices(run_cli, tmp_path):
    result = run_cli("build", EXAMPLE, "-o", tmp_path / "out", "--language", "zh-SG")
    assert result.exit_code == 2
    for choice in ("zh-CN", "zh-TW", "zh-HK", "en"):
        assert choice in result.output
    assert not (tmp_path / "out").exists()


def test_a_keep_term_found_nowhere_is_a_located_warning(run_cli, tmp_path):
    org, roles, processes = small_org_data()
    org["keep"] = ["测试置业", "锦华置业"]
    folder = write_org(tmp_path / "org", org, roles, processes)
    result = run_cli("check", folder)
    assert result.exit_code == 0
    line = next(n for n, text in enumerate((folder / "org.yaml").read_text("utf-8").splitlines(), 1)
                if "锦华置业" in text)
    assert f"org.yaml:{line}:3: warning: keep term" in result.output
    assert "'锦华置业'" in result.output and "'测试置业'" not in result.output
    assert run_cli("check", folder, "--strict").exit_code == 1


def test_the_walk_covers_dataclass_trees_and_keeps_file_names():
    """Meetings and chapters (frozen dataclasses of strings and tuples, links with a `path`)
    are converted by the same walk; a file name or address is not a word."""
    import dataclasses as dc

    from jobdesc.editions import AS_TYPED
    from jobdesc.editions.texts import map_strings

    @dc.dataclass(frozen=True)
    class Link:
        path: str
        children: tuple

    @dc.dataclass(frozen=True)
    class Paragraph:
        children: tuple
        data: bytes = b"\x00"

    tree = (Paragraph((Link("附件/销售制度.pdf", ("销售制度",)), "收集信息")), "无变化 ASCII")
    converted = map_strings(tree, Converter("s2twp"), AS_TYPED)
    assert converted[0].children[0] == Link("附件/销售制度.pdf", ("銷售制度",))
    assert converted[0].children[1] == "收集資訊" and converted[0].data == b"\x00"
    unchanged = ("ASCII only", [Link("a.pdf", ("x",))])
    assert map_strings(unchanged, Converter("s2twp"), AS_TYPED) is unchanged


def test_meetings_and_chapters_are_converted_but_not_their_ids_links_or_code(tmp_path):
    folder = shutil.copytree(EXAMPLE, tmp_path / "roles")
    (folder / "chapters").mkdir(exist_ok=True)
    (folder / "chapters" / "09-信息安全.md").write_text(
        "# 信息安全制度\n\n使用办公软件须遵守[信息制度](https://例子.cn/信息)。\n\n`信息系统`\n", "utf-8")
    org, _ = load_organisation(folder)
    tw = edition_of(org, "zh-TW")
    chapter = next(c for c in tw.chapters if c.id == "09-信息安全")
    assert chapter.title == "資訊安全制度"
    text = repr(chapter.blocks)
    assert "辦公軟體" in text and "資訊制度" in text and "Code(text='信息系统')" in text
    url = re.search(r"url='([^']+)'", repr(next(c for c in org.chapters if c.id == "09-信息安全").blocks)).group(1)
    assert f"url='{url}'" in text and "%E4%BF%A1%E6%81%AF" in url  # 信息 in the address, as typed
    if org.meetings:
        meeting_id, meeting = next(iter(org.meetings.items()))
        assert tw.meetings[meeting_id].name == Converter("s2twp")(meeting.name)
