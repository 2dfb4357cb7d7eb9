"""handbook.docx from cached fragments: a rebuild makes again only what changed, renumbers
the bookmarks of what moved, and gives the bytes of a clean build; the shortcuts behind it
(serialized fragments, job-description bodies serialized in place, the one-pass package
writer, pictures hashed once) give exactly what the slow ways give."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from PIL import Image

from conftest import REPO, small_org_data, write_org
from jobdesc import cache
from jobdesc.build import BuildOptions, run_build
from jobdesc.handbook import docx_fragments, docx_handbook
from jobdesc.handbook.docx_chart import Pictures
from jobdesc.handbook.docx_jd import jd_body, serialized_in_place
from jobdesc.handbook.docx_xml import FragmentCodec, bookmarked, el, paragraph, run
from jobdesc.jd.docx_package import deterministic_docx, package_bytes
from jobdesc.format.loader import load_organisation

TEMPLATE = REPO / "templates" / "jd.docx"


def build(root: Path, out: Path) -> Path:
    organisation, _warnings = load_organisation(root)
    run_build(organisation, out, BuildOptions(parts=("handbook",), jobs=1))
    return out / "handbook.docx"


@pytest.fixture
def moved(monkeypatch) -> list[str]:
    """The role ids whose job-description bodies the handbook moved over (a fragment built)."""
    calls: list[str] = []
    real = docx_handbook.jd_body

    def counting(source, role_id):
        calls.append(role_id)
        return real(source, role_id)

    monkeypatch.setattr(docx_handbook, "jd_body", counting)
    return calls


@pytest.fixture
def fragments_written(monkeypatch) -> list[str]:
    kinds: list[str] = []
    real = cache.BuildCache.put

    def recording(self, kind, key, data):
        kinds.append(kind)
        return real(self, kind, key, data)

    monkeypatch.setattr(cache.BuildCache, "put", recording)
    return kinds


def two_departments(root: Path) -> Path:
    org, roles, processes = small_org_data()
    org["departments"].append({"id": "service", "name": "客服部", "parent": None, "duties": ["受理客户投诉"]})
    roles["agent"] = {"title": "客服专员", "department": "service", "reports_to": "coo", "duties": ["回访客户"]}
    return write_org(root, org, roles, processes)


def test_rebuild_makes_only_the_changed_fragments_and_equals_a_clean_build(tmp_path, moved, fragments_written):
    root = two_departments(tmp_path / "org")
    out = tmp_path / "incremental"
    build(root, out)
    assert sorted(moved) == ["agent", "assistant", "manager", "seller"]

    moved.clear()
    fragments_written.clear()
    unchanged = (out / "handbook.docx").read_bytes()
    build(root, out)
    assert moved == [] and docx_fragments.FRAGMENTS not in fragments_written
    assert (out / "handbook.docx").read_bytes() == unchanged

    # One duty edited, and a new position in the first department: every bookmark after it
    # (the whole service department) moves on by one.
    seller = root / "seller.yaml"
    seller.write_text(seller.read_text("utf-8").replace("接待来访客户", "接待来访客户并登记"), "utf-8")
    (root / "trainee.yaml").write_text("title: 见习顾问\ndepartment: sales\nreports_to: manager\n"
                                       "duties:\n- 跟岗学习\n", "utf-8")
    moved.clear()
    build(root, out)
    # The manager's job description names the new report; the others' fragments were
    # reused, the service department's renumbered.
    assert sorted(moved) == ["manager", "seller", "trainee"]

    clean = build(root, tmp_path / "clean")
    assert (out / "handbook.docx").read_bytes() == clean.read_bytes()
    with zipfile.ZipFile(clean) as package:
        xml = package.read("word/document.xml").decode()
        kinds = {i.filename: i.compress_type for i in package.infolist()}
    assert "jobdescFragment" not in xml
    # Bookmarks are numbered 1, 2, 3 … in document order, each name carrying its number.
    bookmarks = re.findall(r'<w:bookmarkStart w:id="(\d+)" w:name="_(?:Hb|Jd)(\d+)"/>', xml)
    assert [int(i) for i, _ in bookmarks] == list(range(1, len(bookmarks) + 1))
    assert all(i == n for i, n in bookmarks) and xml.count("<w:bookmarkStart ") == len(bookmarks)
    # Pictures are stored as they are (PNG is compressed already); the XML is deflated.
    assert {k for n, k in kinds.items() if n.endswith(".png")} == {zipfile.ZIP_STORED}
    assert kinds["word/document.xml"] == zipfile.ZIP_DEFLATED


# ------------------------------------------------------------------ fragments

@pytest.fixture
def document():
    return Document(str(TEMPLATE))


def blocks() -> list:
    return [paragraph(bookmarked(7, "_Hb7", [run('1 < 2 & "3" > 0\tnext\nline', "SimSun", bold=True)]),
                      style="Heading2", page_break=True),
            paragraph([run("第二段", None, size=9, color="6B7785")], tabs=[("right", 4000, "dot")]),
            paragraph(bookmarked(8, "_Jd8", []))]


def test_a_serialized_fragment_is_what_the_whole_document_writes_for_it(document):
    codec = FragmentCodec(document.element.nsmap)
    container = codec.container()
    container.extend(blocks())
    data = codec.serialize(container)
    assert data.startswith(b"<w:p>") and b"xmlns" not in data
    body = document.element.body
    for block in blocks():
        body.append(block)
    whole = etree.tostring(document.element, encoding="UTF-8")
    assert data in whole
    # …and reads back into the same blocks.
    again = codec.container()
    again.extend(codec.parse(data))
    assert codec.serialize(again) == data


def test_bookmarks_of_a_cached_fragment_are_renumbered_only_when_they_are_the_expected_ones(document):
    codec = FragmentCodec(document.element.nsmap)
    container = codec.container()
    container.extend(blocks())
    data = codec.serialize(container)
    shifted = codec.shift_bookmarks(data, 7, 2, 5)
    assert b'w:id="12" w:name="_Hb12"' in shifted and b'w:id="13" w:name="_Jd13"' in shifted
    assert shifted.count(b'<w:bookmarkEnd w:id="12"/>') == shifted.count(b'<w:bookmarkEnd w:id="13"/>') == 1
    assert codec.shift_bookmarks(shifted, 12, 2, -5) == data
    assert codec.shift_bookmarks(data, 7, 1, 5) is None  # holds a bookmark it should not
    assert codec.shift_bookmarks(data, 7, 3, 5) is None  # lacks one it should hold


# ------------------------------------------------------------------ job descriptions

def jd_docx(*paragraphs: tuple[str, str]) -> bytes:
    document = Document(str(TEMPLATE))
    for child in list(document.element.body):
        if child.tag != docx_handbook.qn("w:sectPr"):
            document.element.body.remove(child)
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_job_description_serialized_in_place_equals_it_moved(document):
    codec = FragmentCodec(document.element.nsmap)
    data = jd_docx(("销售经理", "Title"), ("岗位职责", "Heading 1"), ("Trainer: r:id=\"x\" <b> & ok", "Normal"))
    fast = serialized_in_place(jd_body(data, "manager"), codec)
    assert fast is not None and b"Heading3" in fast and b"Heading4" in fast
    container = codec.container()
    container.extend(jd_body(data, "manager").elements)
    assert fast == codec.serialize(container)


def test_a_job_description_holding_a_bookmark_is_still_refused():
    document = Document(str(TEMPLATE))
    document.add_paragraph("销售经理", style="Title")._p.append(el("w:bookmarkStart", {"w:id": 0, "w:name": "x"}))
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(AssertionError, match="package references or ids"):
        jd_body(buffer.getvalue(), "with-bookmark")


# ------------------------------------------------------------------ package and pictures

def test_one_pass_package_writer_gives_the_bytes_of_save_then_rewrite(document):
    document.add_paragraph("岗位说明书", style="Title")
    saved = io.BytesIO()
    document.save(saved)
    assert package_bytes(document.part.package) == deterministic_docx(saved.getvalue())


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_pictures_are_added_as_python_docx_adds_them():
    pictures = [png("red"), png("blue"), png("red")]
    ours, theirs = Document(str(TEMPLATE)), Document(str(TEMPLATE))
    adder = Pictures(ours.part)
    for index, picture in enumerate(pictures):
        ours.element.body.append(el("w:p", children=[el("w:r", children=[el("w:drawing", children=[
            adder.inline(picture, 3000 + index, 2000)])])]))
        theirs.element.body.append(el("w:p", children=[el("w:r", children=[el("w:drawing", children=[
            theirs.part.new_pic_inline(io.BytesIO(picture), 3000 + index, 2000)])])]))
    assert etree.tostring(ours.element) == etree.tostring(theirs.element)

    def media(document) -> list[tuple[str, bytes]]:
        return sorted((str(p.partname), p.blob) for p in document.part.package.parts if "/media/" in str(p.partname))

    assert media(ours) == media(theirs) and len(media(ours)) == 2  # the same picture twice: one part
    assert ours.part.rels.xml == theirs.part.rels.xml
