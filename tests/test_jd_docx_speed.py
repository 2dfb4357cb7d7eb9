"""Word job descriptions from a template parsed once per process: each document is the one
it would be alone (nothing a document leaves behind reaches the next, whatever the order,
language or template), a document handed out never shares its styles, and the zip writer
that reuses compressed parts gives zipfile's bytes."""
from __future__ import annotations

import io
import zipfile
from collections import OrderedDict
from pathlib import Path

import pytest
from docx import Document

from conftest import copy_example, small_org_data, write_org
from jobdesc.jd import docx_header, docx_package, docx_template, docx_writer
from jobdesc.jd.docx_writer import WordJobDescription
from jobdesc.jd.workers import JobDescriptionMaker
from jobdesc.format.loader import load_organisation
from jobdesc.templating import TemplateSet


def _maker(root: Path) -> JobDescriptionMaker:
    organisation, _warnings = load_organisation(root)
    return JobDescriptionMaker(organisation, TemplateSet.for_organisation(organisation.root).folders)


@pytest.fixture
def fresh(monkeypatch):
    """`fresh()`: from now on, write as a new process would (no parsed template, no
    remembered compressed parts)."""
    def forget() -> None:
        monkeypatch.setattr(docx_template, "_TEMPLATES", OrderedDict())
        docx_package._deflate_remembered.cache_clear()

    yield forget
    docx_package._deflate_remembered.cache_clear()


def _alone(root: Path, role_ids, fresh) -> dict[str, bytes]:
    """Each role's Word file written by a new maker in a process that wrote nothing before."""
    written = {}
    for role_id in role_ids:
        fresh()
        written[role_id] = _maker(root).docx(role_id)
    return written


def _plain_template(path: Path) -> None:
    """python-docx's own default document: none of the JD styles, no header or footer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Document().save(str(path))


@pytest.mark.parametrize("template", ["builtin", "plain"])
def test_each_document_is_the_one_written_alone_in_any_order(tmp_path, fresh, template):
    root = copy_example(tmp_path)
    if template == "plain":
        _plain_template(tmp_path / "templates" / "jd.docx")
    role_ids = sorted(load_organisation(root)[0].roles)
    alone = _alone(root, role_ids, fresh)
    assert len(set(alone.values())) == len(role_ids)
    fresh()
    maker = _maker(root)
    for role_id in [*role_ids, *reversed(role_ids), role_ids[0]]:
        assert maker.docx(role_id) == alone[role_id], role_id


def test_languages_sharing_a_template_in_one_process_stay_apart(tmp_path, fresh):
    roots = {}
    for language in ("zh-CN", "en", "zh-TW"):
        org, roles, processes = small_org_data(language)
        roots[language] = write_org(tmp_path / language / "org", org, roles, processes)
    alone = {language: _alone(root, ["manager", "seller"], fresh) for language, root in roots.items()}
    fresh()
    makers = {language: _maker(root) for language, root in roots.items()}
    for language in ("zh-TW", "zh-CN", "en", "zh-CN", "zh-TW"):
        for role_id in ("seller", "manager"):
            assert makers[language].docx(role_id) == alone[language][role_id], (language, role_id)


def test_a_document_handed_out_does_not_share_its_styles(tmp_path, fresh):
    root = copy_example(tmp_path)
    fresh()
    maker = _maker(root)
    role_id = sorted(maker.printer.org.roles)[0]
    context = maker.printer.context(role_id)
    before = maker.docx(role_id)

    def writer() -> WordJobDescription:
        return WordJobDescription(maker.docx_template, maker.printer.labels, maker.docx_path)

    # The handbook's way: take the document and restyle it; and the same after fill().
    taken, filled = writer().doc, writer()
    filled.fill(context)
    for document in (taken, filled.doc):
        for style in list(document.styles.element):
            document.styles.element.remove(style)
    assert maker.docx(role_id) == before
    handed_out = writer()
    handed_out.fill(context)
    assert len(handed_out.doc.styles.element)  # its own copy of styles nobody emptied
    assert handed_out.save(context, base=maker.role_text(role_id)) == before


def test_the_zip_writer_gives_zipfiles_bytes(monkeypatch):
    xml = "".join(f'<w:p><w:r><w:t>第{i}段 paragraph</w:t></w:r></w:p>' for i in range(3000)).encode()
    large = bytes(range(256)) * (docx_package.REMEMBERED_SIZE // 256 + 1)  # compressed, not remembered
    entries = [("[Content_Types].xml", b'<?xml version="1.0"?><Types/>', False),
               ("word/document.xml", xml, False),
               ("word/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, True),
               ("docProps/empty.xml", b"", False),
               ("customXml/名前.xml", b"<x/>", False),
               ("word/copy.xml", xml, False),  # the same bytes again: compressed once, remembered
               ("word/large.bin", large, False)]
    for epoch in ("", "1767225600", "0"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        for _ in range(2):
            assert docx_package._write_entries(entries) == docx_package._write_entries_with_zipfile(entries)


def test_a_written_package_reads_back():
    data = docx_package._write_entries([("a.xml", b"<a/>", False), ("b.png", b"png", True)])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        assert [(i.filename, i.compress_type) for i in package.infolist()] == [
            ("a.xml", zipfile.ZIP_DEFLATED), ("b.png", zipfile.ZIP_STORED)]
        assert package.read("a.xml") == b"<a/>" and package.read("b.png") == b"png"


def _filled_each_time(monkeypatch) -> None:
    """From now on, fill every document's header and footer itself (no shared prepared copy)."""
    monkeypatch.setattr(docx_writer, "title_can_stand_in", lambda *_texts: False)


@pytest.mark.parametrize("language", ["zh-CN", "en", "zh-TW"])
def test_the_header_made_once_gives_the_bytes_of_one_made_per_document(tmp_path, fresh, monkeypatch, language):
    if language == "zh-CN":
        root = copy_example(tmp_path)
    else:
        org, roles, processes = small_org_data(language)
        root = write_org(tmp_path / "org", org, roles, processes)
    role_ids = sorted(load_organisation(root)[0].roles)
    fresh()
    maker = _maker(root)
    shared = {role_id: maker.docx(role_id) for role_id in role_ids}
    assert len(docx_template.template_parts(maker.docx_template, maker.docx_path)._prepared) == 1
    fresh()
    _filled_each_time(monkeypatch)
    maker = _maker(root)
    for role_id in role_ids:
        assert maker.docx(role_id) == shared[role_id], role_id
        header = _part_text(shared[role_id], "word/header1.xml")
        assert maker.printer.org.roles[role_id].title in header and docx_header.TITLE_STANDIN not in header


def _part_text(docx: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.read(name).decode()


def test_a_template_holding_the_stand_in_character_is_filled_per_document(tmp_path, fresh, monkeypatch):
    root = copy_example(tmp_path)
    template = Document(str(Path(docx_writer.__file__).parents[2] / "templates" / "jd.docx"))
    template.sections[0].header.paragraphs[0].add_run(f"{docx_header.TITLE_STANDIN}（保留）")
    (tmp_path / "templates").mkdir()
    template.save(str(tmp_path / "templates" / "jd.docx"))
    role_id = sorted(load_organisation(root)[0].roles)[0]
    fresh()
    written = _maker(root).docx(role_id)
    header = _part_text(written, "word/header1.xml")
    assert f"{docx_header.TITLE_STANDIN}（保留）" in header  # the user's character left as it is
    fresh()
    _filled_each_time(monkeypatch)
    assert _maker(root).docx(role_id) == written
