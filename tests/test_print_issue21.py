"""What a reader of the printed outputs tripped over (issue 21), read back from the PDFs:
font copies, chart text size, job-description length, page numbers, links, slanted CJK,
header breaks, same-titled positions, metadata dates."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from jobdesc.build import BuildOptions, run_build
from jobdesc.format.loader import load_organisation

from conftest import EXAMPLE, pdf_fonts

FACES = ("Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("print")
    org, _ = load_organisation(EXAMPLE)
    run_build(org, out, BuildOptions())
    return out, org


def text_of(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(first), "-l", str(last or first)] if first else [])
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def bookmark_pages(pdf: Path) -> dict[str, int]:
    """Top-level bookmark title → 0-based page."""
    with pikepdf.open(pdf) as doc:
        pages = {page.objgen: i for i, page in enumerate(doc.pages)}
        with doc.open_outline() as tree:
            return {item.title: pages[item.destination[0].objgen] for item in tree.root}


def grey_page(pdf: Path, number: int) -> bytes:
    """Page `number` (1-based) rendered at 40 dpi, as grey PGM pixels."""
    return subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", str(number), "-l", str(number), str(pdf)],
                          check=True, capture_output=True).stdout


def pgm_rows(data: bytes) -> list[bytes]:
    header = data.split(b"\n", 3)
    width, height = map(int, header[1].split())
    pixels = header[3]
    return [pixels[row * width:(row + 1) * width] for row in range(height)]


def cjk_font_sizes(pdf: Path, index: int) -> list[float]:
    """The printed size (pt) of every CJK character on a page: font size times the scale
    of its effective matrix, so an A3 page drawn shrunk onto A4 shows its real size."""
    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        text = document[index].get_textpage()
        sizes = []
        for i in range(raw.FPDFText_CountChars(text)):
            if 0x4E00 <= raw.FPDFText_GetUnicode(text, i) <= 0x9FFF:
                matrix = raw.FS_MATRIX()
                raw.FPDFText_GetMatrix(text, i, matrix)
                scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
                sizes.append(raw.FPDFText_GetFontSize(text, i) * scale)
        return sizes
    finally:
        document.close()


# ------------------------------------------------------------------ fonts embedded once


def test_handbook_embeds_each_face_once(built):
    out, _org = built
    listing = pdf_fonts(out / "handbook.pdf")
    names = [line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:] if line.strip()]
    for face in FACES:
        assert names.count(face) == 1, listing
    with pikepdf.open(out / "handbook.pdf") as doc:
        programs = [obj for obj in doc.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") ==
                    pikepdf.Name("/OpenType")]
    assert len(programs) == len(FACES)


def test_handbook_job_description_pages_look_like_the_standalone_ones(built):
    """The shared font draws the same glyphs: a job description's first page in the
    handbook and in its own PDF give the same pixels (above the footer band)."""
    out, org = built
    role = org.roles["sales-manager"]
    start = bookmark_index(out / "handbook.pdf", role.title)
    handbook_rows = pgm_rows(grey_page(out / "handbook.pdf", start + 1))
    own_rows = pgm_rows(grey_page(out / "jd" / "sales-manager.pdf", 1))
    body = len(own_rows) * 90 // 100
    assert handbook_rows[:body] == own_rows[:body]
    assert role.title in text_of(out / "handbook.pdf", start + 1)


def bookmark_index(pdf: Path, title: str) -> int:
    with pikepdf.open(pdf) as doc:
        pages = {page.objgen: i for i, page in enumerate(doc.pages)}
        with doc.open_outline() as tree:
            stack = list(tree.root)
            while stack:
                item = stack.pop()
                if item.title == title:
                    return pages[item.destination[0].objgen]
                stack.extend(item.children)
    raise AssertionError(f"no bookmark {title}")


def test_handbook_is_smaller_than_its_job_descriptions_together(built):
    out, _org = built
    together = sum(p.stat().st_size for p in (out / "jd").glob("*.pdf"))
    assert (out / "handbook.pdf").stat().st_size < together / 4


# ------------------------------------------------------------------ org chart readable


def test_handbook_chart_text_is_not_shrunk(built):
    """Not one A3 sheet shrunk onto A4 (5 pt): since issue 28 the example's chart is one A3
    fold-out page at 6.5 pt or more; a split chart's marks: tests/test_print_layout.py."""
    out, _org = built
    marks = bookmark_pages(out / "handbook.pdf")
    first = marks["组织架构图"]
    after = min(page for page in marks.values() if page > first)  # where the next part starts
    for index in range(first, after):
        sizes = cjk_font_sizes(out / "handbook.pdf", index)
        assert sizes and min(sizes) >= 6.5, (index, min(sizes))


# ------------------------------------------------------------------ job descriptions short


def test_job_descriptions_are_one_to_three_pages_and_mostly_two(built):
    out, org = built
    pages = [page_count(out / "jd" / f"{role_id}.pdf") for role_id in org.roles]
    # Was 60 pages for 20; 47 after issue 21. The example's JDs then gained their level's rows
    # (职级, 职位序列, 职级能力要求: issue 34) and the sign-off acknowledgement (issue 33): 53.
    assert max(pages) <= 3 and sum(pages) <= 2.7 * len(pages), pages


def test_raci_prints_one_line_per_activity(built):
    out, org = built
    text = text_of(out / "jd" / "sales-manager.pdf")
    section = text[text.index("流程职责"):]
    lines = [line for line in section.splitlines() if re.search(r"\s[RACI](/[RA])?\s+\S", line)]
    assert len(lines) >= 5
    for line in lines:  # process, activity, letter and meaning on one line
        assert re.search(r"\S+\s{2,}\S+.*\s[RACI](/[RA])?\s+(负责|审批|咨询|知会)", line), line


def test_signatures_never_stand_alone_on_a_page(built):
    out, org = built
    for role_id in org.roles:
        pdf = out / "jd" / f"{role_id}.pdf"
        last = text_of(pdf, page_count(pdf))
        body = [line for line in last.splitlines() if line.strip()][1:-1]  # without running header, footer
        assert "签字确认" in last and len(body) > 3, role_id


# ------------------------------------------------------------------ page numbers and links


def words(pdf: Path, index: int) -> list[tuple[float, float, float, str]]:
    """(left, vertical middle, right, text) of each word on a page, in pt from the top left."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(index + 1), "-l", str(index + 1), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    found = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html)
    return [(float(x0), (float(y0) + float(y1)) / 2, float(x1), text) for x0, y0, x1, y1, text in found]


def test_contents_and_index_link_to_the_pages_they_print(built):
    """Every link on the contents and index pages goes to the page number printed at the
    end of its line (the nearest number right of the link's start, on the same line)."""
    out, _org = built
    pdf = out / "handbook.pdf"
    checked = 0
    with pikepdf.open(pdf) as doc:
        pages = {page.objgen: i for i, page in enumerate(doc.pages)}
        for index in (1, len(doc.pages) - 1):  # the contents and the index
            page = doc.pages[index]
            height = float(page.mediabox[3])
            on_page = words(pdf, index)
            annotations = list(page.obj.get("/Annots") or [])
            assert annotations
            for annotation in annotations:
                assert "/A" not in annotation  # no jobdesc-page: URI left
                x0, y0, _x1, y1 = (float(v) for v in annotation.Rect)
                top, bottom = sorted((height - y0, height - y1))  # WeasyPrint may give y1 < y0
                numbers = sorted((left, int(m.group(1))) for left, middle, _right, text in on_page
                                 if top <= middle <= bottom and left >= x0 - 1
                                 and (m := re.search(r"(\d+)$", text)))
                assert numbers, (index, annotation.Rect)
                assert numbers[0][1] == pages[annotation.Dest[0].objgen] + 1
                checked += 1
    assert checked >= 40


def test_contents_list_the_index(built):
    out, _org = built
    contents = text_of(out / "handbook.pdf", 2, 4)  # the contents run over more than one page
    match = re.search(r"岗位索引\s*\.+\s*(\d+)", contents)
    assert match and int(match.group(1)) == page_count(out / "handbook.pdf")


# ------------------------------------------------------------------ no slanted CJK


def test_no_synthesized_oblique_anywhere(built):
    out, _org = built
    for pdf in [out / "handbook.pdf", out / "raci.pdf", out / "authority.pdf", out / "orgchart.pdf"]:
        assert "Oblique" not in pdf_fonts(pdf) and "Italic" not in pdf_fonts(pdf), pdf
    svg = (out / "orgchart.svg").read_text("utf-8")
    assert "italic" not in svg and "oblique" not in svg
    # spreadsheets: no italic font in any workbook's styles (Excel and WPS shear CJK text too)
    import zipfile

    for book in [out / "raci.xlsx", out / "staffing.xlsx", out / "authority.xlsx"]:
        styles = zipfile.ZipFile(book).read("xl/styles.xml").decode()
        assert not re.search(r'<i(?: val="(?:1|true)")?/>', styles), book
    # Word: emphasis dots, never w:i, in the Chinese handbook and job descriptions
    for docx in [out / "handbook.docx", *sorted((out / "jd").glob("*.docx"))[:5]]:
        document = zipfile.ZipFile(docx).read("word/document.xml").decode()
        assert not re.search(r'<w:i(?: w:val="(?:1|true|on)")?/>', document), docx


# ------------------------------------------------------------------ header breaks


def test_raci_headers_break_between_words(built):
    out, _org = built
    text = text_of(out / "raci.pdf")
    assert "总监助理" in text and "监助理" not in text.replace("总监助理", "")
    assert "营销总" not in text.replace("营销总监", "")


# ------------------------------------------------------------------ same titles


def test_same_titled_subordinates_are_told_apart(built):
    out, _org = built
    text = text_of(out / "jd" / "sales-manager.pdf").replace(" ", "")
    assert "销售组长（销售一部）、销售组长（销售二部）" in text
    assert "销售组长、销售组长" not in text


# ------------------------------------------------------------------ dates


def test_pdf_dates_are_the_handbook_effective_date(built):
    out, org = built
    assert org.org.handbook.effective == "2026-01-01"
    for pdf in [out / "handbook.pdf", out / "jd" / "sales-manager.pdf", out / "raci.pdf", out / "orgchart.pdf"]:
        info = subprocess.run(["pdfinfo", "-isodates", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"CreationDate:\s+2026-01-01T00:00:00", info), (pdf, info)
