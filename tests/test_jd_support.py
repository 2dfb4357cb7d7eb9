"""Helpers for the job description tests (no tests here): building, reading .docx parts."""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

from conftest import small_org_data, write_org
from jobdesc.build import BuildOptions, run_build
from jobdesc.format.loader import load_organisation


def build_jd(org_dir: Path, out: Path, jobs: int = 1, templates: Path | None = None) -> list[Path]:
    organisation, _warnings = load_organisation(org_dir)
    return run_build(organisation, out, BuildOptions(parts=("jd",), jobs=jobs, templates=templates))


def small_org(tmp_path: Path, language: str = "zh-CN", **role_changes: dict) -> Path:
    """The shared three-role organisation, with some role fields changed."""
    org, roles, processes = small_org_data(language)
    for role_id, changes in role_changes.items():
        roles[role_id] = {**roles[role_id], **changes}
    return write_org(tmp_path / "org", org, roles, processes)


def docx_part(path: Path, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


def docx_text(path: Path) -> str:
    """The visible text of document.xml, paragraph per line."""
    xml = docx_part(path)
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
    return "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs)


def pdf_plain_text(path: Path) -> str:
    """pdftotext in reading order with line breaks removed (CJK lines wrap mid-sentence)."""
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)
