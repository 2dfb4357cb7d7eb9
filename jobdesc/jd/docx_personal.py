"""A personal copy of a job description's Word file (sign-off): the role's .docx as written,
with one person's name on the line left for it (the empty run after 姓名：, docx_sections.py)
and a footer line (签收版本 · 生效日期 · 签收人) above the page number of every footer.

Nothing is laid out or rebuilt: the parts are the role's own, two of them edited as text, and
the zip is written again entry for entry with the same dates and order (same bytes for the
same inputs).
"""
from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from .docx_sections import name_label

_FOOTER_START = re.compile(r"<w:ftr\b[^>]*>")
_FOOTER_FACE = re.compile(r'<w:rFonts w:eastAsia="([^"]*)"/>')
_FOOTER_PART = re.compile(r"word/footer\d*\.xml")


def _text(value: str) -> str:
    return f'<w:t xml:space="preserve">{escape(value)}</w:t>'


def _with_name(document: str, name: str, label: str) -> str:
    """The empty run right after the "姓名：" run (docx_sections._name_line) gets the name."""
    empty_run = re.compile(re.escape(escape(label)) + r"</w:t></w:r><w:r>((?:<w:rPr>(?:(?!</w:r>).)*?</w:rPr>)?)</w:r>",
                           re.S)
    return empty_run.sub(lambda m: m.group(0)[:-len("</w:r>")] + _text(name) + "</w:r>", document, count=1)


def _with_footer_line(footer: str, line: str) -> str:
    start = _FOOTER_START.search(footer)
    if start is None:
        return footer
    face = _FOOTER_FACE.search(footer)
    fonts = f'<w:rPr><w:rFonts w:eastAsia="{face.group(1)}"/><w:sz w:val="15"/></w:rPr>' if face else \
        '<w:rPr><w:sz w:val="15"/></w:rPr>'
    paragraph = (f'<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>'
                 f"<w:r>{fonts}{_text(line)}</w:r></w:p>")
    return footer[:start.end()] + paragraph + footer[start.end():]


def personal_docx(role_docx: bytes, footer: str, name: str, labels: dict[str, str]) -> bytes:
    """The role's Word file with `name` on the 姓名 line and `footer` in every footer."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(role_docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = _with_name(data.decode("utf-8"), name, name_label(labels)).encode("utf-8")
            elif _FOOTER_PART.fullmatch(info.filename):
                data = _with_footer_line(data.decode("utf-8"), footer).encode("utf-8")
            target.writestr(info, data, compress_type=info.compress_type, compresslevel=6)
    return out.getvalue()
