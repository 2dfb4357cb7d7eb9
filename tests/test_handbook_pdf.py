"""handbook.pdf: every position is in it, and the contents, bookmarks, index and printed
page numbers all agree with where things really are."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from jobdesc.build import BuildOptions, run_build
from jobdesc.format.loader import load_organisation

from conftest import EXAMPLE


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("handbook")
    org, _ = load_organisation(EXAMPLE)
    run_build(org, out, BuildOptions(parts=("handbook", "jd", "staffing", "raci", "authority")))
    return out / "handbook.pdf", org


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) of every bookmark, in order."""
    found = []
    with pikepdf.open(pdf) as doc:
        pages = {page.objgen: i for i, page in enumerate(doc.pages)}
        with doc.open_outline() as tree:
            def walk(items, depth):
                for item in items:
                    target = item.destination[0] if isinstance(item.destination, pikepdf.Array) else None
                    found.append((depth, item.title, pages.get(target.objgen) if target is not None else -1))
                    walk(item.children, depth + 1)
            walk(tree.root, 0)
    return found


def corner_text(pdf: Path, index: int) -> str:
    """Text in the bottom-right corner of a page, where the handbook number is stamped."""
    with pikepdf.open(pdf) as doc:
        box = doc.pages[index].mediabox
        width, height = int(float(box[2])), int(float(box[3]))
    args = ["pdftotext", "-f", str(index + 1), "-l", str(index + 1), "-r", "72",
            "-x", str(width - 120), "-y", str(height - 40), "-W", "120", "-H", "40", str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


def toc_entries(pages: list[str]) -> list[tuple[str, int]]:
    """(title, printed page number) in order, read from the contents pages."""
    entries = []
    for text in pages[1:]:
        lines = [line for line in text.splitlines() if line.strip()]
        if not lines or "目录" not in lines[0]:
            break
        for line in lines:
            match = re.match(r"\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", line)
            if match:
                entries.append((match.group(1), int(match.group(2))))
    return entries


def test_every_position_and_department_is_in_the_handbook(built):
    pdf, org = built
    text = "\n".join(page_texts(pdf))
    for role in org.roles.values():
        assert role.title in text
        for duty in role.duties:
            assert duty.text[:12] in text.replace("\n", "").replace(" ", "") or duty.text[:6] in text
    for dept in org.org.departments:
        assert dept.name in text


def test_contents_bookmarks_and_pages_agree(built):
    pdf, org = built
    pages = page_texts(pdf)
    toc = toc_entries(pages)
    titles = [title for title, _ in toc]
    assert {"组织架构图", "定岗定编表", "权责矩阵", "审批权限表", "岗位索引"} <= set(titles)
    rules = (1 if org.meetings else 0) + sum(1 + len([h for h in c.headings() if h.level <= 2]) for c in org.chapters)
    levels = 2 if org.architecture.used else 0  # 职级体系表 and the appendix 组织结构分析 (issue 34)
    appendix = 1 if any(role.incumbents for role in org.roles.values()) else 0  # sign-off's 附录：签收情况
    assert len(toc) == 6 + len(org.org.departments) + len(org.roles) + rules + levels + appendix
    # The bookmarks are the contents (plus the contents page itself), same pages.
    marks = [(title, page + 1) for _depth, title, page in outline(pdf) if title != "目录"]
    assert marks == toc
    for title, printed in toc:
        # The page really shows that title and carries that handbook number. (The part
        # heading over all departments has no page of its own: it points at the first
        # department's page.)
        page_text = pages[printed - 1]
        if title != "部门职责与岗位说明书":
            assert title in page_text.replace(" ", ""), (title, printed)
        assert corner_text(pdf, printed - 1) == str(printed), (title, printed)


def test_every_page_but_the_cover_carries_its_number(built):
    pdf, _org = built
    count = len(page_texts(pdf))
    assert corner_text(pdf, 0) == ""
    for index in range(1, count):
        assert corner_text(pdf, index) == str(index + 1)


def test_job_description_pages_carry_only_the_handbook_number(built):
    """A job description's own 第 X 页 / 共 Y 页 is gone from its handbook pages (only the
    handbook's number prints there); the standalone PDF keeps it."""
    pdf, org = built
    pages = page_texts(pdf)
    toc = dict(toc_entries(pages))
    role = org.roles["sales-manager"]
    start = toc[role.title] - 1
    assert role.title in pages[start]
    assert not any(re.search(r"第\s*\d+\s*页\s*/\s*共", page) for page in pages)
    assert corner_text(pdf, start) == str(start + 1)
    standalone = "".join(page_texts(pdf.parent / "jd" / "sales-manager.pdf")).replace(" ", "")
    assert "第1页/共" in standalone


def test_bookmarks_nest_departments_and_positions(built):
    pdf, org = built
    marks = outline(pdf)
    depth_of = {title: depth for depth, title, _ in marks}
    top = org.departments_in_tree_order()[0][0]
    director = org.roles_in_department(top.id)[0]
    assert depth_of[top.name] == 1 and depth_of[director.title] == 2
    titles = [t for _, t, _ in marks]
    assert titles.index(top.name) < titles.index(director.title)


def test_index_lists_every_position_in_pinyin_order_with_pages(built):
    pdf, org = built
    pages = page_texts(pdf)
    index_pages = [p for p in pages if "岗位索引" in p.splitlines()[0] + p[:200]]
    assert index_pages
    text = "\n".join(index_pages)
    for role in org.roles.values():
        assert role.title in text


def test_cover_has_handbook_data(built):
    pdf, org = built
    cover = page_texts(pdf)[0]
    handbook = org.org.handbook
    for value in (handbook.title, org.org.organization, handbook.version, handbook.effective, handbook.approved_by):
        assert value in cover.replace(" ", "")


def test_table_pages_carry_only_the_handbook_number(built):
    """Issue 28: the staffing table, the RACI matrices and the approval limits printed their
    own "1 / 5" beside the handbook's "64"; in the handbook only the handbook's number is
    left (the standalone PDFs keep theirs)."""
    pdf, _org = built
    pages = page_texts(pdf)
    toc = dict(toc_entries(pages))
    parts = ["定岗定编表", "权责矩阵", "审批权限表"]
    starts = sorted(toc[part] - 1 for part in parts)
    after = min(page for title, page in toc.items() if page - 1 > starts[-1]) - 1
    table_pages = range(starts[0], toc["部门职责与岗位说明书"] - 1)
    checked = [*table_pages, *range(starts[1], after)]
    assert len(checked) >= 5
    for index in checked:
        assert not re.search(r"\d+\s*/\s*\d+", pages[index]), index + 1
        assert corner_text(pdf, index) == str(index + 1)
    for name in ("staffing.pdf", "raci.pdf", "authority.pdf"):
        assert re.search(r"\b1\s*/\s*\d+\b", page_texts(pdf.parent / name)[0]), name


def test_raci_legend_names_the_handbooks_approval_limits_page(built):
    """Issue 28: inside the handbook the RACI legend cited the file "authority.pdf"; it names
    the handbook's own 审批权限表 page, and links there (raci.pdf alone keeps the file name)."""
    pdf, _org = built
    pages = page_texts(pdf)
    authority = dict(toc_entries(pages))["审批权限表"]
    text = "\n".join(pages)
    assert "authority.pdf" not in text
    legend = re.search(r"见第\s*(\d+)\s*页审批权限表", re.sub(r"[ \t]+", " ", text))
    assert legend and int(legend.group(1)) == authority, legend
    legend_page = next(n for n, page in enumerate(pages) if re.search(r"见第\s*\d+\s*页审批权限表", page))
    with pikepdf.open(pdf) as doc:
        targets = [doc.pages.index(pikepdf.Page(a.Dest[0])) for a in doc.pages[legend_page].obj.get("/Annots", [])
                   if a.get("/Dest") is not None]
    assert targets == [authority - 1]
    assert "authority.pdf" in "".join(page_texts(pdf.parent / "raci.pdf"))
    import zipfile
    with zipfile.ZipFile(pdf.parent / "handbook.docx") as word:
        assert "authority.pdf" not in word.read("word/document.xml").decode("utf-8")
