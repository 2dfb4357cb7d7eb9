"""Stage 1: turn one input file (.docx, .txt, .md) into lines of text.

Word documents keep their numbering outside the paragraph text, so numbered paragraphs
get a written marker ("1、", "(1)", "•") here; the segmenter then treats them exactly like
pasted text. Table rows become "label：value" lines, which is how a JD form reads.
"""
from __future__ import annotations

import codecs
import io
import os
import re
from pathlib import Path

from .. import userfiles
from ..errors import UserError
from .decoding import decode
from .package import check_package, not_readable

SUPPORTED = (".docx", ".txt", ".md")


def read_lines(path: Path) -> list[str]:
    """The document's text as lines; raises UserError for anything a person must fix.

    The file is read through userfiles (a FIFO or device refused, the size checked before
    reading), a .docx's zip directory is checked before anything is inflated, and the text
    is bounded (userfiles.MAX_IMPORT_CHARS), so no input makes the import run for minutes."""
    if not os.path.lexists(path):
        raise UserError.at(path, 1, 1, "import-missing", f"file not found: {path}")
    if path.is_dir():
        raise UserError.at(path, 1, 1, "import-missing", f"{path} is a folder; name the documents to import")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UserError.at(path, 1, 1, "import-type",
                           f"cannot import {suffix or 'a file without extension'}: "
                           f"use .docx, .txt or .md (save .doc and .pdf as .docx first)")
    if suffix == ".docx":
        lines = _read_docx(path, userfiles.read_bytes(path, userfiles.MAX_IMPORT_DOCX_BYTES))
    else:
        lines = _read_text(path, userfiles.read_bytes(path, userfiles.MAX_IMPORT_TEXT_BYTES))
    characters = sum(len(line) for line in lines)
    if characters > userfiles.MAX_IMPORT_CHARS:
        raise UserError.at(path, 1, 1, "import-too-long",
                           f"{path.name} holds {characters:,} characters of text; documents over "
                           f"{userfiles.MAX_IMPORT_CHARS:,} are refused: split it and import the parts")
    if not any(line.strip() for line in lines):
        what = "has no text (only images?)" if suffix == ".docx" else "is empty"
        raise UserError.at(path, 1, 1, "import-empty", f"{path.name} {what}: nothing to import")
    return lines


def _read_text(path: Path, data: bytes) -> list[str]:
    if b"\x00" in data[:8000] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UserError.at(path, 1, 1, "import-binary",
                           f"{path.name} is a binary file, not text: save it as .txt (UTF-8) or .docx")
    decoded = decode(data)
    if decoded is None:
        raise UserError.at(path, 1, 1, "import-encoding",
                           f"{path.name} is not UTF-8, GBK or Big5 text: save it as UTF-8 and import again")
    text, _ = decoded
    if _mostly_control_characters(text):
        raise UserError.at(path, 1, 1, "import-binary",
                           f"{path.name} is a binary file, not text: save it as .txt (UTF-8) or .docx")
    if path.suffix.lower() == ".md":
        text = _strip_markdown(text)
    return text.splitlines()


def _mostly_control_characters(text: str) -> bool:
    """Random bytes can decode as GB18030; real text has almost no control characters."""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > max(2, len(text) // 50)


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def _strip_markdown(text: str) -> str:
    """Markdown headings and bold become plain text; list markers stay (they are numbering)."""
    lines = []
    for line in text.splitlines():
        line = _MD_HEADING.sub("", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        if "-" in line and all(ch.isspace() or ch in ":|-" for ch in line):
            continue  # a table's |---|---| rule (tested char by char: a regex for it backtracked cubically)
        if line.lstrip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            line = _row_text([c for c in cells if c])
        lines.append(line)
    return "\n".join(lines)


def _read_docx(path: Path, data: bytes) -> list[str]:
    try:
        import docx  # python-docx
    except ImportError as exc:  # pragma: no cover - a dependency of jobdesc
        raise RuntimeError("python-docx is required to import .docx files") from exc
    data = check_package(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
        return _DocxReader(document, path).lines()
    except UserError:
        raise
    except (MemoryError, RecursionError):
        raise not_readable(path, "its structure is too large or too deep") from None
    except Exception as exc:  # noqa: BLE001 - a damaged package fails in python-docx/lxml in many ways
        raise not_readable(path, f"{type(exc).__name__}: {exc}"[:300]) from None


class StyleNames(dict):
    """Paragraph style names, looked up once per style id: python-docx scans every style of the
    document for each lookup (4 ms a paragraph with Word's ~200 built-in styles, so 5,000
    paragraphs took 27 s)."""

    def __call__(self, paragraph) -> str:
        style_id = paragraph._p.style
        if style_id not in self:
            style = paragraph.style
            self[style_id] = (style.name or "") if style is not None else ""
        return self[style_id]


class _DocxReader:
    """Walks the body in order (paragraphs and tables interleaved), writing numbering out."""

    def __init__(self, document, path: Path):
        self.document = document
        self.path = path
        self.counters: dict[tuple[str, int], int] = {}
        self._style_name = StyleNames()

    def lines(self) -> list[str]:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        out: list[str] = []
        from .wordml import block_elements

        for block in block_elements(self.document.element.body):
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                out.append(self._paragraph(Paragraph(block, self.document)))
            elif tag == "tbl":
                out.extend(self._table(Table(block, self.document)))
        return out

    def _paragraph(self, paragraph) -> str:
        from .wordml import paragraph_text

        text = paragraph_text(paragraph._p, self.path).strip()  # as Word shows it: tracked changes accepted
        if not text:
            return ""
        level = self._list_level(paragraph)
        if level is None:
            return text
        return self._marker(paragraph, level) + text

    def _list_level(self, paragraph) -> int | None:
        """The list level of a numbered or bulleted paragraph, None for ordinary text."""
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None:
            ilvl = ppr.numPr.ilvl
            return int(ilvl.val) if ilvl is not None else 0
        style = self._style_name(paragraph)
        if style.startswith("List Number") or style.startswith("List Bullet"):
            digits = re.findall(r"\d+", style)
            return int(digits[0]) - 1 if digits else 0
        return None

    def _marker(self, paragraph, level: int) -> str:
        style = self._style_name(paragraph)
        ppr = paragraph._p.pPr
        num_id = str(ppr.numPr.numId.val) if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None else style
        if "Bullet" in style or self._is_bullet(num_id, level):
            return "• "
        key = (num_id, level)
        self.counters[key] = self.counters.get(key, 0) + 1
        for (other, other_level) in list(self.counters):
            if other == num_id and other_level > level:
                del self.counters[(other, other_level)]  # a new parent item restarts its children
        number = self.counters[key]
        # Three distinct written styles, so the segmenter sees three nesting levels.
        return (f"{number}、", f"({number})", f"{_circled(number)}")[min(level, 2)]

    def _is_bullet(self, num_id: str, level: int) -> bool:
        try:
            numbering = self.document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return False
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        num = numbering.find(f"w:num[@w:numId='{num_id}']", ns)
        if num is None:
            return False
        abstract = num.find("w:abstractNumId", ns)
        if abstract is None:
            return False
        abstract_id = abstract.get(f"{{{ns['w']}}}val")
        fmt = numbering.find(
            f"w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl[@w:ilvl='{level}']/w:numFmt", ns)
        return fmt is not None and fmt.get(f"{{{ns['w']}}}val") == "bullet"

    def _table(self, table) -> list[str]:
        out: list[str] = []
        for row in table.rows:
            cells: list[str] = []
            previous = None
            for cell in row.cells:
                if previous is not None and cell._tc is previous:
                    continue  # a merged cell is returned once per grid column
                previous = cell._tc
                cells.append("\n".join(self._paragraph(p) for p in cell.paragraphs).strip())
            out.extend(_row_text(cells).split("\n"))
        return out


def _circled(number: int) -> str:
    return chr(0x2460 + number - 1) if 1 <= number <= 20 else f"{number})"


def _row_text(cells: list[str]) -> str:
    """A form row "岗位名称 | 销售经理 | 所属部门 | 销售部" as "岗位名称：销售经理\\n所属部门：销售部"."""
    cells = [c for c in cells if c]
    if not cells:
        return ""
    if len(cells) % 2 == 0 and all(_looks_like_label(c) for c in cells[::2]):
        return "\n".join(f"{label}：{value}" for label, value in zip(cells[::2], cells[1::2]))
    if len(cells) >= 2 and _looks_like_label(cells[0]):
        return f"{cells[0]}：" + "\n".join(cells[1:])
    return "\n".join(cells)


def _looks_like_label(cell: str) -> bool:
    # Labels in a JD form are short and do not end a sentence.
    return 0 < len(cell) <= 8 and "\n" not in cell and not re.search(r"[。；;，,]", cell)
