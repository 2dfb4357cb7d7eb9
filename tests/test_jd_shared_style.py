"""The job descriptions' one <style> parsed once per process (jobdesc/pdf/shared_style.py):
the same PDF bytes as WeasyPrint's own path, and only sheets whose parse stays inside
themselves (no @import, @font-face, @counter-style, @layer, url() or !important, however
escaped) are lifted out of their document."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_example, small_org_data, write_org
from jobdesc.format.loader import load_organisation
from jobdesc.jd.workers import JobDescriptionMaker
from jobdesc.pdf import render_document, shared_style
from jobdesc.templating import TemplateSet


def test_only_a_document_with_one_plain_style_is_lifted():
    page = "<html><head>{}</head><body><p>岗位</p></body></html>"
    assert shared_style.lifted(page.format("<style>p { color: red }</style>")) == (page.format(""), "p { color: red }")
    for head in ("<style>p { color: red }</style><style>b { color: blue }</style>",
                 "<style>p { color: red }</style><link rel=stylesheet href=x.css>",
                 "<style media=print>p { color: red }</style>", ""):
        assert shared_style.lifted(page.format(head)) == (page.format(head), None)


@pytest.mark.parametrize("text", [
    "@import 'x.css';", "@\\69mport 'x.css';", "@font-face { font-family: X; src: local(X) }",
    "@counter-style x { system: cyclic; symbols: a }", "@layer base { p { color: red } }",
    "@media print { p { background: url(x.png) } }", "p { background: u\\72l(x.png) }",
    "p { color: red !important }", "p { color: red ! IMPORTANT }", "p { color: red !\\69mportant }"])
def test_a_sheet_reaching_beyond_itself_stays_in_its_document(text):
    assert not shared_style._self_contained(text)


def test_a_sheet_of_rules_and_escaped_strings_is_lifted():
    footer = '@page { @bottom-center { content: "\\7b2c " counter(page) " \\9875 " } }'  # 第 … 页, as css_string writes
    assert shared_style._self_contained("p.important { color: red } .x::after { content: '!' } " + footer)


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_the_shared_sheet_gives_the_pdf_of_the_documents_own(tmp_path, language, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    if language == "zh-CN":
        root = copy_example(tmp_path)
    else:
        org, roles, processes = small_org_data(language)
        root = write_org(tmp_path / "org", org, roles, processes)
    organisation, _warnings = load_organisation(root)
    maker = JobDescriptionMaker(organisation, TemplateSet.for_organisation(root).folders)
    folders = maker.printer.templates.folders
    role_ids = sorted(organisation.roles)[:3]
    for role_id in role_ids:
        html = maker.printer.html(role_id)
        assert shared_style.lifted(html)[1] is not None
        own = render_document(html, folders[0], folders, "jd.html").write_pdf()
        for _ in range(2):  # the sheet parsed, then reused
            shared = render_document(html, folders[0], folders, "jd.html", shared_style=True).write_pdf()
            assert shared == own, role_id
    assert any(sheet is not None for sheet in shared_style._sheets.values())
