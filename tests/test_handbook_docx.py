"""handbook.docx read back: contents field, headings, job descriptions, org chart picture,
staffing totals, RACI letters, index PAGEREFs, fonts, footer fields, determinism."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from PIL import Image

from conftest import EXAMPLE, small_org_data, write_org
from jobdesc.build import BuildOptions, run_build
from jobdesc.handbook.docx_jd import jd_body
from jobdesc.handbook.frontmatter import sort_key
from jobdesc.format.loader import load_organisation
from jobdesc.format.organisation import raci_letter
from jobdesc.headcount_text import totals_notes
from jobdesc.outputs.staffing import LABELS_ZH as STAFFING_LABELS
from jobdesc.tables.staffing_rows import staffing_rows

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
EPOCH = 1767225600  # 2026-01-01T00:00:00Z


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def build_handbook(org_dir: Path, out: Path) -> Path:
    organisation, _warnings = load_organisation(org_dir)
    run_build(organisation, out, BuildOptions(parts=("handbook",), jobs=2))  # the default: page numbers
    return out / "handbook.docx"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(EPOCH)
    libreoffice = os.environ.pop("JOBDESC_LIBREOFFICE", None)  # built as a user builds it: LibreOffice on PATH
    try:
        path = build_handbook(EXAMPLE, tmp_path_factory.mktemp("handbook") / "out")
    finally:
        if libreoffice is not None:
            os.environ["JOBDESC_LIBREOFFICE"] = libreoffice
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    organisation, _ = load_organisation(EXAMPLE)
    return organisation, path


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)


def body(path: Path):
    return etree.fromstring(part(path, "word/document.xml")).find(w("body"))


def text(element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t")))


def style_of(paragraph) -> str:
    style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
    return style.get(w("val")) if style is not None else ""


def headings(path: Path, level: int) -> list[str]:
    return [text(p) for p in body(path).iter(w("p")) if style_of(p) == f"Heading{level}"]


def after_heading(path: Path, title: str, level: int = 1) -> list:
    """The body blocks (paragraphs, tables) after the Heading `level` titled `title`."""
    blocks = list(body(path))
    for index, block in enumerate(blocks):
        if block.tag == w("p") and style_of(block) == f"Heading{level}" and text(block) == title:
            return blocks[index + 1:]
    raise AssertionError(f"no Heading{level} {title!r}")


def rows_of(table) -> list[list[str]]:
    return [[text(cell) for cell in row.iter(w("tc"))] for row in table.iter(w("tr"))]


def instructions(element) -> list[str]:
    return [t.text.strip() for t in element.iter(w("instrText"))]


# ------------------------------------------------------------------ contents, headings, content

def test_contents_is_a_toc_field_with_page_numbers_and_no_prompt(built):
    _org, path = built
    xml = part(path, "word/document.xml").decode()
    assert 'TOC \\o "1-3" \\h \\z \\u' in xml
    # LibreOffice laid the file out at build time: no field is marked for update, and Word is
    # not asked to update fields on opening (it asks a question first; WPS ignores it).
    assert "w:dirty" not in xml
    assert "updateFields" not in part(path, "word/settings.xml").decode()
    # The field's result lists the headings of levels 1-3 in order, each linked to its
    # heading's bookmark, with its page number.
    toc = [p for p in body(path).iter(w("p")) if re.fullmatch(r"TOC\d", style_of(p))]
    listed = [text(p.find(w("hyperlink"))) for p in toc]
    outline = [text(p) for p in body(path).iter(w("p")) if style_of(p) in ("Heading1", "Heading2", "Heading3")]
    assert len(listed) == len(outline) > 20
    assert [(a, b) for a, b in zip(listed, outline) if not b.startswith(a)] == []
    names = {b.get(w("name")) for b in body(path).iter(w("bookmarkStart"))}
    assert all(p.find(w("hyperlink")).get(w("anchor")) in names for p in toc)
    numbers = [int(page_field_result(p)) for p in toc]
    assert numbers == sorted(numbers) and numbers[0] > 2, numbers  # after the cover and the contents


def page_field_result(paragraph) -> str:
    """The stored result of the paragraph's PAGEREF field (what Word, WPS, LibreOffice show)."""
    runs = list(paragraph.iter(w("r")))
    kinds = [(r.find(w("fldChar")).get(w("fldCharType")) if r.find(w("fldChar")) is not None else None) for r in runs]
    pageref = next(i for i, r in enumerate(runs) if "PAGEREF" in "".join(t.text for t in r.iter(w("instrText"))))
    separate = kinds.index("separate", pageref)
    return "".join(text(r) for r in runs[separate + 1:kinds.index("end", separate)])


def test_every_department_and_position_has_a_heading_in_tree_order(built):
    org, path = built
    assert {"组织架构图", "定岗定编表", "部门职责与岗位说明书", "权责矩阵", "岗位索引"} <= set(headings(path, 1))
    departments = [d.name for d, _ in org.departments_in_tree_order()]
    assert [h for h in headings(path, 2) if h in departments] == departments
    expected = [r.title for d, _ in org.departments_in_tree_order() for r in org.roles_in_department(d.id)]
    in_chapters = {h.text for chapter in org.chapters for h in chapter.headings()}  # chapters/*.md's own
    positions = [h for h in headings(path, 3) if h not in in_chapters]
    assert len(positions) == len(org.roles)
    assert [p for p, e in zip(positions, expected) if not p.startswith(e)] == []
    # The job descriptions' sections sit one level below their position.
    assert headings(path, 4).count("岗位职责") == len(org.roles)


def sections(path: Path) -> list[tuple[str, str, str]]:
    """(heading style, heading text, text up to the next heading of level 1-3)."""
    blocks = list(body(path))
    starts = [i for i, b in enumerate(blocks) if style_of(b) in ("Heading1", "Heading2", "Heading3")] + [len(blocks)]
    return [(style_of(blocks[a]), text(blocks[a]), "".join(text(b) for b in blocks[a + 1:b]))
            for a, b in zip(starts, starts[1:])]


def test_each_job_description_body_follows_its_position_heading(built):
    org, path = built
    in_chapters = {h.text for chapter in org.chapters for h in chapter.headings()}  # chapters/*.md's own
    positions = [s for s in sections(path) if s[0] == "Heading3" and s[1] not in in_chapters]
    roles = [r for d, _ in org.departments_in_tree_order() for r in org.roles_in_department(d.id)]
    assert len(positions) == len(roles)
    for (_style, heading, content), role in zip(positions, roles):
        assert heading.startswith(role.title)
        assert role.duties[0].text in content, role.id
        assert all(kpi.name in content for kpi in role.kpis), role.id
    # A department's own page carries its duties and its positions.
    pages = {heading: content for style, heading, content in sections(path) if style == "Heading2"}
    for dept, _ in org.departments_in_tree_order():
        assert all(duty.text in pages[dept.name] for duty in dept.duties)
        assert all(role.title in pages[dept.name] for role in org.roles_in_department(dept.id))


def test_job_descriptions_start_on_a_new_page(built):
    org, path = built
    breaks = sum(1 for p in body(path).iter(w("p")) if p.find(f"{w('pPr')}/{w('pageBreakBefore')}") is not None)
    assert breaks >= len(org.roles) + len(org.departments) - 1


# ------------------------------------------------------------------ org chart

def test_org_chart_is_a_picture_on_a_landscape_page_of_its_own_paper(built):
    """The A3 chart on an A3 landscape fold-out page, at (nearly) the size it was drawn:
    shrunk onto A4 its box text was about 5 pt. (The SVG and its fallback: test_handbook_docx_drawing.py.)"""
    _org, path = built
    with zipfile.ZipFile(path) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        assert media
        image = Image.open(io.BytesIO(package.read(media[0])))
        assert image.width > 1500
        svg = next(package.read(n).decode() for n in package.namelist() if n.endswith(".svg"))
    document = Document(str(path))
    section = next(s for s in document.sections if s.orientation == 1)  # WD_ORIENT.LANDSCAPE
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((420, 297), abs=1)  # A3
    usable = section.page_width - section.left_margin - section.right_margin
    extents = [int(e.get("cx")) for e in body(path).iter("{%s}extent" % NS["wp"])]
    assert extents and all(0.5 * usable < cx <= usable for cx in extents)
    # The drawing keeps (nearly) its printed size (box text as in orgchart.pdf, >= 7 pt), and
    # the fallback has 200 pixels or more to the inch there.
    drawn_pt = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1))
    assert 0.9 < extents[0] / 12700 / drawn_pt <= 1.0
    assert image.width / (extents[0] / 914400) >= 200
    assert next(body(path).iter("{http://schemas.openxmlformats.org/drawingml/2006/main}srcRect"), None) is None
    blips = body(path).iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    embeds = [b.get(f"{{{R}}}embed") for b in blips]
    rels = part(path, "word/_rels/document.xml.rels").decode()
    assert embeds and all(re.search(f'Id="{e}"[^>]*Target="media/', rels) for e in embeds)


def test_running_header_reaches_the_right_margin_on_every_page_width(built, tmp_path):
    """Landscape pages (the RACI tables, the A3 chart) have header and footer copies whose
    tab stops are at their own right margin; read back from LibreOffice's PDF: the header's
    last word ends near the right edge of every page, portrait, landscape or A3."""
    _org, path = built
    folder = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(path)], check=True, capture_output=True)
    boxes = subprocess.run(["pdftotext", "-bbox", str(folder / "handbook.pdf"), "-"], check=True,
                           capture_output=True, text=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', boxes, re.S)
    widths = set()
    for number, (width, words) in enumerate(pages[1:], start=2):  # the cover has no header
        # the header line is the words at the top of the page: its right end is near the right margin
        placed = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)"', words)
        right_end = max(float(x1) for y0, x1 in placed if float(y0) < 60)
        assert right_end > float(width) - 90, (number, width, right_end)
        widths.add(round(float(width)))
    assert {595, 842, 1191} <= widths  # A4 portrait, A4 landscape, the A3 chart
    document = Document(str(path))
    landscape = [s for s in document.sections if s.orientation == 1]
    assert len({s.header.part.partname for s in landscape}) == 2  # one copy per width
    assert all(s.header.part is not document.sections[1].header.part for s in landscape)


# ------------------------------------------------------------------ staffing

def test_staffing_table_rows_and_totals_match_the_organisation(built):
    org, path = built
    table = next(b for b in after_heading(path, "定岗定编表") if b.tag == w("tbl"))
    rows = rows_of(table)
    assert rows[0] == ["部门 / 岗位", "级别", "编制", "在岗", "空缺", "任职人员"]
    # The header's white-on-accent look is on the runs too (Word and LibreOffice ignore the
    # table style's run colour under a paragraph style's).
    header_runs = list(next(table.iter(w("tr"))).iter(w("r")))
    assert all(r.find(f"{w('rPr')}/{w('color')}").get(w("val")) == "FFFFFF" for r in header_runs)
    expected = staffing_rows(org, STAFFING_LABELS)
    assert [r[0] for r in rows[1:-1]] == [e.name for e in expected]
    for row, want in zip(rows[1:-1], expected):
        assert row[2:5] == ([str(want.budget), str(want.filled), str(want.vacant)] if want.budget is not None
                            else ["", "", ""])  # a post listed where it also serves: no figures there
    for dept, _ in org.departments_in_tree_order():
        totals = org.headcount_totals(dept.id)
        assert [str(totals.budget), str(totals.filled)] in [r[2:4] for r in rows if r[0] == dept.name]
    total = org.grand_total()
    assert rows[-1] == ["合计", "", str(total.budget), str(total.filled), str(total.vacant),
                        " · ".join(totals_notes(total, "zh-CN"))]
    assert "兼任 1 岗" in rows[-1][-1]  # 营销总监助理 is held by the planning manager


# ------------------------------------------------------------------ RACI

def test_raci_tables_hold_the_letters_of_every_process(built):
    org, path = built
    blocks = list(body(path))
    found: Counter = Counter()
    for process_id, process in org.processes.items():
        start = next(i for i, b in enumerate(blocks) if style_of(b) == "Heading2" and text(b) == process.name)
        for table in blocks[start + 1:]:
            if table.tag == w("p") and style_of(table).startswith("Heading"):
                break
            if table.tag != w("tbl"):
                continue
            rows = rows_of(table)
            titles = rows[1][1:]
            for row in rows[2:]:
                for title, letter in zip(titles, row[1:]):
                    if letter:
                        found[(process.name, row[0], title, letter)] += 1
    expected: Counter = Counter()
    for process in org.processes.values():
        for activity in process.activities:
            for pid in org.raci_columns():
                letter = raci_letter(activity, pid)
                if letter:
                    mark = "*" if activity.tiered and "A" in letter else ""  # limits: the authority chapter
                    expected[(process.name, activity.name, org.title_of(pid), letter + mark)] += 1
    assert found == expected
    assert {"R", "A", "C", "I", "A*"} <= {key[3] for key in found}
    legend = text(next(b for b in after_heading(path, "权责矩阵") if b.tag == w("p")))
    labels = org.org.raci.labels
    assert all(f" {x} " in legend for x in ("R", "A", "A/R", "C", "I"))
    assert all(getattr(labels, x) in legend for x in "RACI")


# ------------------------------------------------------------------ page numbers, read in LibreOffice

def libreoffice_pages(path: Path, tmp_path: Path) -> list[list[str]]:
    """The non-empty lines of each page of the .docx as LibreOffice prints it."""
    folder = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(path)], check=True, capture_output=True)
    printed = subprocess.run(["pdftotext", str(folder / (path.stem + ".pdf")), "-"], check=True,
                             capture_output=True, text=True).stdout
    return [[" ".join(line.split()) for line in page.splitlines() if line.strip()] for page in printed.split("\f")]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_contents_and_index_numbers_are_the_pages_the_headings_are_on(built, tmp_path):
    """handbook.docx opened in LibreOffice: every contents line's number is the page its
    heading starts (the heading follows the running header there), and the contents, the
    index and the stored results agree."""
    org, path = built
    pages = libreoffice_pages(path, tmp_path)
    header = pages[1][:2]  # the running header's two lines (the cover has none)
    toc = [p for p in body(path).iter(w("p")) if re.fullmatch(r"TOC\d", style_of(p))]
    def shows(lines: list[str], heading: str) -> bool:  # a heading line (a title may carry its external name)
        return any(re.fullmatch(re.escape(heading) + r"(?:[ （(][^·.]*)?", line) for line in lines)

    wrong, previous = [], 0
    for entry in toc:
        heading, number = text(entry.find(w("hyperlink"))), int(page_field_result(entry))
        lines = pages[number - 1]
        assert lines[:2] == header, number
        # On its page; and the first heading listed for a page starts it, after the running
        # header (a job description's title after its own heading line).
        if not shows(lines[2:], heading) or (number > previous and not shows(lines[2:4], heading)):
            wrong.append((heading, number, lines[2:4]))
        previous = number
    assert wrong == []
    # What LibreOffice shows in the contents (the stored results) and in the index (it
    # computes those itself) is the same numbers.
    shown = [re.fullmatch(r"(.+?)\.{3,}\s*(\d+|—)", line) for page in pages[1:4] for line in page]
    contents = [(m.group(1), m.group(2)) for m in shown if m]
    assert [n for _, n in contents][:len(toc)] == [page_field_result(p) for p in toc]
    by_bookmark = {e.find(w("hyperlink")).get(w("anchor")): page_field_result(e) for e in toc}
    index = [b for b in after_heading(path, "岗位索引") if b.tag == w("p") and instructions(b)]
    assert len(index) == len(org.roles)
    for entry in index:
        target = re.fullmatch(r"PAGEREF (\S+) \\h", instructions(entry)[0]).group(1)
        assert page_field_result(entry) == by_bookmark[target]
    index_start = int(next(page_field_result(e) for e in toc if text(e.find(w("hyperlink"))) == "岗位索引"))
    # the index's two columns, as laid out: every number after a dot leader
    laid_out = subprocess.run(["pdftotext", "-layout", "-f", str(index_start), str(tmp_path / "lo" / "handbook.pdf"),
                               "-"], check=True, capture_output=True, text=True).stdout
    laid_out = laid_out[laid_out.index("岗位索引"):]  # a number ends each entry (after its leader, if it fits)
    printed_index = [int(n) for n in re.findall(r"(?:\.{2,}|\s)(\d+)(?=\s{2,}|\s*$)", laid_out, re.M)]
    assert sorted(printed_index) == sorted(int(page_field_result(e)) for e in index)


def path_without_libreoffice(tmp_path: Path) -> str:
    """PATH as it is less LibreOffice: every other program linked into a folder of its own."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        for program in Path(folder).glob("*") if Path(folder).is_dir() else ():
            if program.name not in ("soffice", "libreoffice") and not (bin_folder / program.name).exists():
                (bin_folder / program.name).symlink_to(program)
    return str(bin_folder)


@pytest.mark.parametrize("how", ["soffice not on PATH", "soffice not on PATH, --word-page-numbers",
                                 "--no-word-page-numbers", "JOBDESC_LIBREOFFICE=off"])
def test_without_libreoffice_the_fields_are_dirty_and_the_build_says_so_once(tmp_path, run_cli, monkeypatch, how):
    """No soffice on PATH (with the default, or the old --word-page-numbers, a no-op now), or
    the numbers turned off: every page-number field (the contents' TOC and the index's
    PAGEREFs) is marked dirty and settings.xml asks for an update, so Word and WPS fill them
    in on opening. A missing LibreOffice is said in one line; turning the numbers off is the
    user's own choice and is not."""
    monkeypatch.delenv("JOBDESC_LIBREOFFICE", raising=False)
    flags = [flag for flag in ("--word-page-numbers", "--no-word-page-numbers") if how.endswith(flag)]
    if how.startswith("soffice not on PATH"):
        monkeypatch.setenv("PATH", path_without_libreoffice(tmp_path))
        assert shutil.which("soffice") is None and shutil.which("fc-list") is not None
    elif how == "JOBDESC_LIBREOFFICE=off":
        monkeypatch.setenv("JOBDESC_LIBREOFFICE", "off")
    org, roles, processes = small_org_data()
    directory = write_org(tmp_path / "org", org, roles, processes)
    result = run_cli("build", directory, "-o", tmp_path / "out", "--only", "handbook", "-j", "1", *flags)
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "handbook.docx" in line or "LibreOffice" in line]
    if not how.startswith("soffice not on PATH"):
        assert said == []
    else:
        assert said == ["note: handbook.docx: LibreOffice (soffice) not found, so the page numbers of its contents "
                        "and index are left for Word or WPS to fill in when the file is opened"]
    assert_fields_left_for_word(tmp_path / "out" / "handbook.docx")


def assert_fields_left_for_word(path: Path) -> None:
    assert '<w:updateFields w:val="true"/>' in part(path, "word/settings.xml").decode()
    fields = [p for p in body(path).iter(w("p")) if any(i.startswith(("TOC", "PAGEREF")) for i in instructions(p))]
    index = [p for p in fields if not any(i.startswith("TOC") for i in instructions(p)) and style_of(p) == ""]
    assert index and len(fields) > len(index)
    for paragraph in [fields[0], *index]:  # the TOC field opens in the first contents line
        begin = paragraph.find(f".//{w('fldChar')}[@{w('fldCharType')}='begin']")
        assert begin.get(w("dirty")) == "true", etree.tostring(paragraph)[:300]
    results = [page_field_result(p) for p in fields if any("PAGEREF" in i for i in instructions(p))]
    assert results and set(results) == {"—"}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
@pytest.mark.parametrize("way", ["hangs", "exits at once"])
def test_a_libreoffice_that_hangs_or_fails_is_ended_and_the_fields_left_for_word(tmp_path, run_cli, monkeypatch, way):
    """A soffice that never answers is killed when its time is up (JOBDESC_LIBREOFFICE_TIMEOUT
    here; by default a minute and more per file), one that fails is given up on: the build
    ends normally with the fields left for Word and one line saying why; no process it
    started is left running."""
    fake = tmp_path / "soffice"
    marker = tmp_path / "started"
    body_text = f"echo $$ >> {marker}\nexec sleep 600\n" if way == "hangs" else f"echo $$ >> {marker}\nexit 3\n"
    fake.write_text("#!/bin/sh\n" + body_text)
    fake.chmod(0o755)
    monkeypatch.setenv("JOBDESC_LIBREOFFICE", str(fake))
    monkeypatch.setenv("JOBDESC_LIBREOFFICE_TIMEOUT", "5")
    org, roles, processes = small_org_data()
    directory = write_org(tmp_path / "org", org, roles, processes)
    result = run_cli("build", directory, "-o", tmp_path / "out", "--only", "handbook", "-j", "1")
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "handbook.docx" in line]
    assert len(said) == 1 and "LibreOffice" in said[0] and "Word" in said[0], result.output
    if way == "hangs":
        assert "more than 5 s" in said[0]
    assert_fields_left_for_word(tmp_path / "out" / "handbook.docx")
    pids = [int(pid) for pid in marker.read_text().split()]
    assert pids  # it was started (by the helper, or by the one-shot conversion)
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text(), pid


# ------------------------------------------------------------------ index

def test_index_lists_positions_in_pinyin_order_with_pagerefs_to_their_headings(built):
    org, path = built
    bookmarks = {}
    for p in body(path).iter(w("p")):
        for start in p.iter(w("bookmarkStart")):
            bookmarks[start.get(w("name"))] = (style_of(p), text(p))
    entries = [b for b in after_heading(path, "岗位索引") if b.tag == w("p") and instructions(b)]
    assert len(entries) == len(org.roles)
    titles = []
    for entry in entries:
        (instruction,) = instructions(entry)
        target = re.fullmatch(r"PAGEREF (\S+) \\h", instruction).group(1)
        style, heading = bookmarks[target]
        title = text(entry).split("  ")[0]
        assert style == "Heading3" and heading.startswith(title), (title, heading)
        titles.append(title)
    assert titles == [r.title for r in sorted(org.roles.values(), key=lambda r: sort_key(r.title, org.language))]
    ids = [s.get(w("id")) for s in body(path).iter(w("bookmarkStart"))]
    assert len(ids) == len(set(ids)) == len(bookmarks)


# ------------------------------------------------------------------ fonts, footer, package

def test_fonts_are_explicit_east_asian_faces_without_theme_fonts(built):
    _org, path = built
    styles = part(path, "word/styles.xml").decode()
    without_latent = re.sub(r"<w:latentStyles.*?</w:latentStyles>", "", styles, flags=re.S)
    assert not re.search(r'w:(ascii|hAnsi|eastAsia|cs)Theme=', without_latent)
    assert 'w:eastAsia="Microsoft YaHei"' in without_latent
    runs = [r for r in body(path).iter(w("r")) if r.find(w("t")) is not None]
    unnamed = [text(r) for r in runs if r.find(f"{w('rPr')}/{w('rFonts')}[@{w('eastAsia')}]") is None]
    assert runs and unnamed == []
    assert b"ns0:" not in part(path, "word/document.xml")


def test_footer_has_page_x_of_y_fields_everywhere_but_the_cover(built):
    _org, path = built
    footer = part(path, "word/footer1.xml").decode()
    assert re.search(r'w:instr=" PAGE \\\* MERGEFORMAT "', footer)
    assert re.search(r'w:instr=" NUMPAGES \\\* MERGEFORMAT "', footer)
    sections = list(body(path).iter(w("sectPr")))
    assert len(sections) >= 5
    assert sections[0].find(w("footerReference")) is None  # the cover
    assert all(s.find(w("footerReference")) is not None for s in sections[1:])


def test_cover_and_core_properties_follow_org_yaml_and_source_date_epoch(built):
    org, path = built
    cover = "".join(text(b) for b in list(body(path))[:8])
    handbook = org.org.handbook
    for value in (org.org.organization, handbook.title, handbook.version, handbook.effective, handbook.approved_by):
        assert value in cover
    core = part(path, "docProps/core.xml").decode()
    assert "2026-01-01T00:00:00Z" in core
    with zipfile.ZipFile(path) as package:
        assert {i.date_time[:3] for i in package.infolist()} == {(2026, 1, 1)}


def test_same_input_gives_byte_identical_handbook_in_traditional_chinese(tmp_path):
    org, roles, processes = small_org_data("zh-TW")
    org["departments"].append({"id": "service", "name": "客服部", "parent": "sales", "duties": ["受理客户投诉"]})
    roles["agent"] = {"title": "客服专员", "department": "service", "reports_to": "manager", "duties": ["回访客户"]}
    directory = write_org(tmp_path / "org", org, roles, processes)
    first = build_handbook(directory, tmp_path / "one").read_bytes()
    second = build_handbook(directory, tmp_path / "two").read_bytes()
    assert first == second
    path = tmp_path / "one" / "handbook.docx"
    assert 'w:eastAsia="Microsoft JhengHei"' in part(path, "word/styles.xml").decode()
    organisation, _ = load_organisation(directory)
    expected = [r.title for d, _ in organisation.departments_in_tree_order()
                for r in organisation.roles_in_department(d.id)]
    assert headings(path, 2)[:2] == ["销售部", "客服部"]
    assert [h.split("（")[0] for h in headings(path, 3)] == expected


# ------------------------------------------------------------------ moving job description bodies

def test_moving_a_jd_body_demotes_its_outline_and_refuses_package_references(built, tmp_path):
    _org, path = built
    document = Document()
    document.add_paragraph("销售经理", style="Title")
    document.add_paragraph("岗位职责", style="Heading 1")
    buffer = io.BytesIO()
    document.save(buffer)
    moved = jd_body(buffer.getvalue(), "sales-manager")
    assert [style_of(p) for p in moved.elements] == ["Heading3", "Heading4"]
    assert moved.title is moved.elements[0]
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, format="PNG")
    document.add_picture(io.BytesIO(png.getvalue()))
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(AssertionError, match="package references"):
        jd_body(buffer.getvalue(), "with-picture")
