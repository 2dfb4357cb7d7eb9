"""The Word job descriptions print on no more pages than the PDFs (issue 27): every JD of the
example laid out by LibreOffice (standing in for Word), page counts against jd/ROLE.pdf, no
page holding only the signature block, the organisation printed once on page 1 (no running
header over the title block). The 300-position figure: bench/word_pages.py --generate 300."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bench.word_pages import compare, page_texts, signature_only
from jobdesc.build import BuildOptions, run_build
from jobdesc.format.loader import load_organisation
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"),
                                reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("word-pages")
    organisation, _ = load_organisation(EXAMPLE)
    run_build(organisation, out, BuildOptions(parts=("jd",)))
    return out


def test_word_pages_at_most_the_pdfs(built):
    rows = compare(built)
    assert len(rows) == 20
    longer = [(role, word, pdf) for role, word, pdf, _alone in rows if word > pdf]
    alone = [role for role, _word, _pdf, signatures_alone in rows if signatures_alone]
    assert not longer and not alone, (longer, alone)


def test_one_header_on_the_first_page(built, tmp_path):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(built / "jd" / "sales-manager.docx")],
                   check=True, capture_output=True, timeout=300)
    first, second, *_ = page_texts(tmp_path / "sales-manager.pdf")
    assert first.count("锦华置业有限公司营销中心") == 1 and first.count("岗位说明书") == 1
    assert "锦华置业有限公司营销中心" in second  # the running header from page 2 on


def test_a_page_of_signatures_alone_is_recognised():
    page = "   签字确认\n   岗位任职人      直接上级      人力资源部\n   签字：  日期：   签字：  日期：\n\n   第 3 页 / 共 3 页\n"
    assert signature_only(page, "zh-CN")
    assert not signature_only("   工作关系\n   内部关系  营销总监\n" + page, "zh-CN")


def test_no_role_ids_in_the_built_word_files(built):
    import re
    import zipfile

    ids = [path.stem for path in (built / "jd").glob("*.docx")]
    for path in (built / "jd").glob("*.docx"):
        with zipfile.ZipFile(path) as package:
            for name in (n for n in package.namelist() if n.startswith("word/") and n.endswith(".xml")):
                text = " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)<", package.read(name).decode("utf-8")))
                assert not [i for i in ids if f"({i})" in text or f"（{i}）" in text], (path.name, name)
