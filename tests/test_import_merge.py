"""Issue 26: two HR people edit copies of one Word file; both edits come back, or neither.

The Word file carries the role file it was built from (jd/docx_base.py). Once the first
editor's file is imported the directory no longer reads as the second file was built: the
second is merged three ways. Disjoint edits both apply; the same item edited differently on
both sides is a conflict, printed side by side, with exit 1 and nothing written.
"""
from __future__ import annotations

from jobdesc.importer.roundtrip_merge import merge_lists
from jobdesc.jd.docx_base import read_base
from test_import_tracked import COMPLAINTS, OLD_COMPLAINTS, ROLE, built, roles, run_import  # noqa: F401
from word_edits import WordXml, dele, ins, r

LAST = "收集行业及竞品信息，分析市场竞争态势，提出改进方案和措施"


def edited(data: bytes, old: str, new: str, tracked: bool = False) -> bytes:
    doc = WordXml(data)
    doc.set_content(doc.paragraph(old), dele(old) + ins(new) if tracked else r(new))
    return doc.bytes()


def test_the_word_file_carries_the_role_file_it_was_built_from(built):
    root, data = built
    assert read_base(data) == ("sales-manager", (root / ROLE).read_text(encoding="utf-8"))


def test_disjoint_edits_of_two_editors_both_apply(built, roles, tmp_path):
    first = edited(built[1], COMPLAINTS, COMPLAINTS + "（24小时内回复）")
    second = edited(built[1], LAST, LAST + "（每季度一次）", tracked=True)
    before = (roles / ROLE).read_text(encoding="utf-8")
    assert run_import(tmp_path, roles, first).exit_code == 0
    result = run_import(tmp_path, roles, second)
    assert result.exit_code == 0, result.output
    assert (roles / ROLE).read_text(encoding="utf-8") == before.replace(
        COMPLAINTS, COMPLAINTS + "（24小时内回复）").replace(LAST, LAST + "（每季度一次）")


def test_the_same_item_edited_on_both_sides_is_a_conflict(built, roles, tmp_path):
    first = edited(built[1], COMPLAINTS, COMPLAINTS + "（24小时内回复）")
    second = edited(built[1], COMPLAINTS, COMPLAINTS + "（48小时内回复）")
    assert run_import(tmp_path, roles, first).exit_code == 0
    after_first = {path: path.read_bytes() for path in roles.rglob("*.yaml")}
    result = run_import(tmp_path, roles, second)
    assert result.exit_code == 1, result.output
    assert "changed on both sides" in result.output
    assert "（48小时内回复）" in result.output and "（24小时内回复）" in result.output
    assert {path: path.read_bytes() for path in roles.rglob("*.yaml")} == after_first


def test_the_same_edit_on_both_sides_is_taken_once(built, roles, tmp_path):
    first = edited(built[1], COMPLAINTS, COMPLAINTS + "（24小时内回复）")
    assert run_import(tmp_path, roles, first).exit_code == 0
    again = edited(built[1], COMPLAINTS, COMPLAINTS + "（24小时内回复）", tracked=True)
    result = run_import(tmp_path, roles, again)
    assert result.exit_code == 0, result.output
    assert (roles / ROLE).read_text(encoding="utf-8").count("（24小时内回复）") == 1


def test_a_directory_edit_and_a_word_edit_of_another_field_merge(built, roles, tmp_path):
    path = roles / ROLE
    path.write_text(path.read_text(encoding="utf-8").replace("grade: 经理", "grade: 高级经理"), encoding="utf-8")
    result = run_import(tmp_path, roles, edited(built[1], COMPLAINTS, COMPLAINTS + "（含投诉回访）"))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "grade: 高级经理" in text and f"{OLD_COMPLAINTS}（含投诉回访）" in text


def test_merge_lists():
    base = ["a", "b", "c", "d"]
    assert merge_lists(base, ["A", "b", "c", "d"], ["a", "b", "c", "D"]) == ["A", "b", "c", "D"]
    assert merge_lists(base, ["a", "b", "x", "c", "d"], ["a", "b", "c"]) == ["a", "b", "x", "c"]
    assert merge_lists(base, ["A", "b", "c", "d"], ["B", "b", "c", "d"]) is None
    assert merge_lists(base, ["a", "x", "b", "c", "d"], ["a", "y", "b", "c", "d"]) is None
    assert merge_lists(base, ["a", "B", "c", "d"], ["a", "B", "c", "d"]) == ["a", "B", "c", "d"]
