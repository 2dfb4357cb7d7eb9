"""handbook.docx's page numbers laid out piece by piece (handbook/docx_page_pieces.py):
the cut, and rebuilds that lay out only what changed and still print the pages LibreOffice
lays the whole file out on."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from conftest import EXAMPLE
from jobdesc.build import BuildOptions, run_build
from jobdesc.handbook import docx_office
from jobdesc.handbook.docx_page_pieces import START_MARK, PiecedDocument, destination_name
from jobdesc.format.loader import load_organisation

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FIELD = re.compile(rb' PAGEREF (_[A-Za-z]+\d+) \\h </w:instrText>(?:(?!fldCharType="end").)*?<w:t[^>]*>([^<]*)</w:t>', re.S)


def build(org_dir: Path, out: Path) -> Path:
    organisation, _warnings = load_organisation(org_dir)
    run_build(organisation, out, BuildOptions(parts=("handbook",), jobs=2))  # the default: page numbers
    return out / "handbook.docx"


def printed_numbers(path: Path) -> dict[str, str]:
    """Bookmark → the number its page-number fields show (one number per bookmark: checked)."""
    found: dict[str, set[str]] = {}
    for bookmark, shown in FIELD.findall(zipfile.ZipFile(path).read("word/document.xml")):
        found.setdefault(bookmark.decode(), set()).add(shown.decode())
    assert all(len(shown) == 1 for shown in found.values()), found
    return {bookmark: shown.pop() for bookmark, shown in found.items()}


def whole_file_pages(path: Path, tmp_path: Path) -> dict[str, int]:
    """Bookmark destination → page, as LibreOffice lays out the whole file in one go."""
    folder = tmp_path / f"whole-{path.stat().st_mtime_ns}"
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", docx_office.PDF_FILTER, "--outdir", str(folder), str(path)],
                   check=True, capture_output=True)
    destinations, _count = docx_office.named_destinations(folder / (path.stem + ".pdf"))
    return destinations


def assert_numbers_are_libreoffice_pages(path: Path, tmp_path: Path) -> dict[str, int]:
    numbers = printed_numbers(path)
    assert numbers and all(n.isdigit() for n in numbers.values()), numbers
    pages = whole_file_pages(path, tmp_path)
    wrong = {b: (n, pages.get(destination_name(b))) for b, n in numbers.items()
             if pages.get(destination_name(b)) != int(n)}
    assert wrong == {}
    return {b: int(n) for b, n in numbers.items()}


@pytest.fixture
def laid_out(monkeypatch, libreoffice):
    """Each layout run of the build: how many pieces each of its files holds."""
    runs: list[list[int]] = []
    layout = docx_office.OfficeLayouts.layout

    def recording(self, documents):
        runs.append([zipfile.ZipFile(io.BytesIO(d)).read("word/document.xml").count(START_MARK.encode())
                     for d in documents])
        return layout(self, documents)

    monkeypatch.setattr(docx_office.OfficeLayouts, "layout", recording)
    return runs


def test_pieces_start_where_the_handbook_starts_a_page(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBDESC_LIBREOFFICE", "off")
    path = build(EXAMPLE, tmp_path / "out")
    pieced = PiecedDocument(path.read_bytes())
    body = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml")).find(f"{W}body")
    blocks = [b for b in body if b.tag != f"{W}sectPr"]
    assert sum(len(p.blocks) for p in pieced.pieces) == len(blocks)  # every block in one piece, in order
    organisation, _ = load_organisation(EXAMPLE)
    assert len(pieced.pieces) > len(organisation.roles) + len(organisation.org.departments)
    index = 0
    for piece in pieced.pieces:
        first = blocks[index]
        breaks = first.find(f"{W}pPr/{W}pageBreakBefore") is not None
        after_section = index > 0 and blocks[index - 1].find(f"{W}pPr/{W}sectPr") is not None
        assert index == 0 or breaks or after_section, etree.tostring(first)[:200]
        # no page start inside a piece but a continuous section (the index's two columns)
        for inner in range(index + 1, index + len(piece.blocks)):
            assert blocks[inner].find(f"{W}pPr/{W}pageBreakBefore") is None
        index += len(piece.blocks)
    # the index's heading and its two-column continuous section are one piece
    last = pieced.pieces[-1]
    assert b'w:val="continuous"' in last.section and b'w:num="2"' in last.section
    assert any(b"w:pStyle w:val=\"Heading1\"" in block for block in last.blocks[:1])


def test_rebuild_lays_out_only_the_changed_job_description_and_the_numbers_follow(tmp_path, laid_out):
    org = tmp_path / "org"
    shutil.copytree(EXAMPLE, org)
    out = tmp_path / "out"
    path = build(org, out)
    before = assert_numbers_are_libreoffice_pages(path, tmp_path)
    assert laid_out and sum(map(sum, laid_out)) > 20  # the clean build laid out every piece

    laid_out.clear()
    unchanged = path.read_bytes()
    build(org, out)
    assert laid_out == [] and path.read_bytes() == unchanged  # nothing changed: nothing laid out

    # One position's duties grow by two pages: its job description is laid out alone, then
    # the contents and the index with the new numbers; every heading after it moves.
    role_file = org / "sales-1" / "team-leader-1.yaml"
    role = yaml.safe_load(role_file.read_text("utf-8"))
    role["duties"] = list(role["duties"]) + [f"补充职责第{n}条：按公司制度完成交办的专项工作并按时书面汇报结果" * 2
                                             for n in range(1, 80)]
    role_file.write_text(yaml.safe_dump(role, allow_unicode=True, sort_keys=False), "utf-8")
    build(org, out)
    assert laid_out[0] == [1], laid_out  # the changed piece only
    assert all(sum(run) <= 2 for run in laid_out[1:]), laid_out  # then the contents and the index
    after = assert_numbers_are_libreoffice_pages(path, tmp_path)
    moved = [b for b in before if after[b] != before[b]]
    assert moved and all(after[b] > before[b] for b in moved)


@pytest.mark.parametrize("flags", [[], ["--word-page-numbers"]], ids=["the default", "--word-page-numbers"])
def test_build_writes_the_numbers_deterministically(tmp_path, run_cli, monkeypatch, flags):
    """`build` (and the old `--word-page-numbers`, a no-op now) has LibreOffice write the
    contents' and index's numbers: the pages LibreOffice puts the headings on. Built again
    into another folder (its own cache, so laid out again): the same bytes."""
    from conftest import small_org_data, write_org

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.delenv("JOBDESC_LIBREOFFICE", raising=False)
    org, roles, processes = small_org_data()
    directory = write_org(tmp_path / "org", org, roles, processes)
    built = []
    for name in ("one", "two"):
        result = run_cli("build", directory, "-o", tmp_path / name, "--only", "handbook", "-j", "1", *flags)
        assert result.exit_code == 0, result.output
        assert "handbook.docx" not in result.output  # nothing to say: the numbers are written
        built.append(tmp_path / name / "handbook.docx")
    path = built[0]
    assert b"updateFields" not in zipfile.ZipFile(path).read("word/settings.xml")
    assert b"w:dirty" not in zipfile.ZipFile(path).read("word/document.xml")
    numbers = assert_numbers_are_libreoffice_pages(path, tmp_path)
    assert len(numbers) > 5
    assert built[1].read_bytes() == path.read_bytes()


def test_the_files_laid_out_reach_no_other_file_or_address(tmp_path, monkeypatch):
    """What LibreOffice opens holds no external picture, template or OLE link and no field
    that reads a file or an address (a user's jd.docx brings its headers and their links);
    hyperlinks, which LibreOffice does not follow, and page-number fields stay."""
    from jobdesc.jd.docx_package import replace_entries

    monkeypatch.setenv("JOBDESC_LIBREOFFICE", "off")
    path = build(EXAMPLE, tmp_path / "out")
    package = zipfile.ZipFile(path)
    rels = package.read("word/_rels/document.xml.rels")
    linked = (b'<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              b'relationships/image" Target="http://203.0.113.9/ping.png" TargetMode="External"/>'
              b'<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              b'relationships/hyperlink" Target="https://example.com/" TargetMode="External"/>')
    document = package.read("word/document.xml")
    field = (b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
             b'INCLUDETEXT "/etc/passwd" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
             b'<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://203.0.113.9/p.png&quot; "/></w:p>')
    at = document.index(b"<w:body>") + len(b"<w:body>")
    spoiled = replace_entries(path.read_bytes(), {
        "word/_rels/document.xml.rels": rels.replace(b"</Relationships>", linked + b"</Relationships>"),
        "word/document.xml": document[:at] + field + document[at:]})
    pieced = PiecedDocument(spoiled)
    for _run, docx in pieced.documents(list(range(len(pieced.pieces)))):
        laid = zipfile.ZipFile(io.BytesIO(docx))
        every = b"".join(laid.read(name) for name in laid.namelist() if not name.startswith("word/media/"))
        assert not re.search(rb"INCLUDETEXT|INCLUDEPICTURE", every, re.I)
        assert b'Target="http://203.0.113.9/ping.png"' not in every
        assert b'Target="https://example.com/"' in laid.read("word/_rels/document.xml.rels")
        assert b" JOBDESCPAGE " in every or b"PAGEREF" not in every  # page-number fields frozen, not dropped
