"""Issue 31 target 2: a one-role rebuild gives the bytes of a clean build of the changed input,
also when the edit makes that role's job description a page longer: every later handbook page
moves, and the contents, the index and the bookmarks follow (read back with pdftotext)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import yaml

from conftest import small_org_data, write_org
from test_build import snapshot
from test_handbook_pdf import outline, page_texts, toc_entries

LONG_DUTY = "负责本岗位职责范围内的各项工作并按公司制度要求完成记录、汇报与跟进，确保工作质量和时效符合要求"


def _build(run_cli, org_dir: Path, out: Path, cache: Path) -> None:
    result = run_cli("build", org_dir, "-o", out, "--cache", cache, "-j", "1")
    assert result.exit_code == 0, result.output


def _pages(pdf: Path) -> int:
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def _index_numbers(pages: list[str], titles: list[str]) -> dict[str, int]:
    """title → the page number the index prints after it."""
    text = "\n".join(p for p in pages if p.strip().startswith("岗位索引"))
    numbers = {}
    for title in titles:
        match = re.search(re.escape(title) + r"\s+\S+\s*\.{3,}\s*(\d+)", text)  # title, department, dots, page
        assert match, (title, text[:500])
        numbers[title] = int(match.group(1))
    return numbers


def test_a_longer_job_description_shifts_later_pages_and_the_rebuild_equals_a_clean_build(tmp_path, run_cli):
    org, roles, processes = small_org_data()
    org_dir = write_org(tmp_path / "org", org, roles, processes)
    out, cache = tmp_path / "out", tmp_path / "cache"
    _build(run_cli, org_dir, out, cache)
    before_pdf = tmp_path / "before.pdf"
    shutil.copyfile(out / "handbook.pdf", before_pdf)
    manager_pages = _pages(out / "jd" / "manager.pdf")

    # The manager's job description (the first in the handbook) grows by at least a page.
    path = org_dir / "manager.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["duties"] += [f"{LONG_DUTY}（{n}）" for n in range(40)]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    _build(run_cli, org_dir, out, cache)  # the rebuild, with the first build's cache
    grown = _pages(out / "jd" / "manager.pdf") - manager_pages
    assert grown >= 1

    clean = tmp_path / "clean"
    _build(run_cli, org_dir, clean, tmp_path / "clean-cache")
    assert snapshot(out) == snapshot(clean)  # the key property: rebuild == clean build, every file

    before, after = page_texts(before_pdf), page_texts(out / "handbook.pdf")
    assert len(after) == len(before) + grown
    old_toc, new_toc = dict(toc_entries(before)), dict(toc_entries(after))
    assert new_toc["销售经理"] == old_toc["销售经理"]  # before the edited pages: unmoved
    for later in ("经理助理", "置业顾问", "岗位索引"):  # after them: moved by the pages added
        assert new_toc[later] == old_toc[later] + grown, later
        assert later in after[new_toc[later] - 1].replace(" ", "")
    marks = {title: page + 1 for _depth, title, page in outline(out / "handbook.pdf")}
    assert all(marks[title] == number for title, number in new_toc.items())
    titles = ["销售经理", "经理助理", "置业顾问"]
    assert _index_numbers(after, titles) == {title: new_toc[title] for title in titles}
    assert _index_numbers(before, titles) == {title: old_toc[title] for title in titles}
