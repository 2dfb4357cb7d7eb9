"""Drop what a web page or a PDF export added around the job descriptions.

Pasted web text carries site chrome (breadcrumbs, upload info, "展开阅读全文", copyright
and ICP notices), page markers (第1页 / 共4页, "1 / 4"), running headers, and sometimes
its content cut into numbered page chunks ("1、…", "2、…" each ~800 characters, which
split words in half). None of it is a duty; all of it would end up as one if kept.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from .enumerators import BULLETS
from .text import recognition_view, squeeze
from .typist import tidy_line


@dataclass(frozen=True)
class Line:
    text: str  # the user's text, whitespace-collapsed
    number: int  # 1-based line number in the source file (for the YAML comments)

    @cached_property  # asked for by every noise pattern and every stage: converted once
    def view(self) -> str:
        return recognition_view(self.text)


@dataclass
class CleanDocument:
    lines: list[Line]
    title: str | None  # the document's own title, if it has one
    dropped_lines: list[int] = field(default_factory=list)  # page furniture taken out, by line number
    notes: list[str] = field(default_factory=list)
    # (line number, "U+E47B U+E300"): characters no font can draw, taken out and reported
    removed: list[tuple[int, str]] = field(default_factory=list)


# Private-use, unassigned and surrogate code points, and control characters: what a broken
# converter leaves behind (「檔案\ue47b\ue300頭」). No output can print them (check refuses
# them), and no reader can tell what they stood for, so they are taken out and the report
# names the lines for a person to look at. Word's Symbol/Wingdings bullets are private-use
# too, but they are bullets: the tokenizer reads them as such and they never reach a file.
_UNPRINTABLE_CATEGORIES = {"Co", "Cn", "Cs", "Cc"}


def _take_out_unprintable(text: str) -> tuple[str, list[str]]:
    found = [c for c in text if c != "\t" and c not in BULLETS
             and unicodedata.category(c) in _UNPRINTABLE_CATEGORIES]
    if not found:
        return text, []
    kept = "".join(c for c in text if c not in found)
    return kept, [f"U+{ord(c):04X}" for c in dict.fromkeys(found)]


# Whole lines that are site chrome or page furniture (matched on the Simplified view).
_NOISE_LINES = [re.compile(p) for p in (
    r"^.{0,60}_第\d+页$",  # "文档名_第1页" thumbnails
    r"第\s*\d+\s*页\s*/\s*共\s*\d+\s*页",
    r"^第\s*\d+\s*页$",
    r"^\d{1,3}\s*/\s*\d{1,3}$",  # "1 / 4"
    r"^[-—]?\s*\d{1,3}\s*[-—]?$",  # a bare page number
    r"^(page|p\.)\s*\d+", r"^\d{4}[/.-]\d{1,2}[/.-]\d{1,2}$",
    r"上传人|文档编号|上传时间|发布时间|更新时间[:：]?$|^更新时间",
    r"^返回\s*下载", r"举报$", r"^资源描述$", r"^文档简介$", r"^下载本文档$",
    r"免费预览|预览已结束|超出免费预览|该文档总共", r"^版权说明", r"^收藏本文|下载本文\s*手机版",
    r"copyright|版权所有|备案号|ICP|公网安备", r"^当前位置", r"本站",
    r"^[^\s>]{1,12}(>[^\s>]{1,12}){2,}$",  # breadcrumbs: 作文档>范文大全>文秘知识
    r"^\S{2,10}(网|文库)(\s|$)",  # "人人范文网 岗位职责"
    r"^.{0,30}[0-9一二三四五六七八九十]+篇$",  # "销售人员岗位职责十四篇" (a listing's title)
    r"^\S( \S){3,}$",  # "销 售 部 岗 位 职 责": a letter-spaced running header
)]

# A line that starts the page footer: everything from it on is dropped.
_FOOTER_STARTS = [re.compile(p) for p in (
    r"^展开阅读全文$", r"^相关资源$", r"^温馨提示$", r"相关文章[:：]?$", r"^评论$", r"^精选图文$",
    r"^相关专题$", r"^点击下载(本文)?文档$", r"^推荐度[:：]?$", r"^《.{1,60}\.(doc|docx|pdf|txt)》$",
    r"^将本文的word文档下载", r"^相关搜索$", r"^最新文档$",
)]

# Fragments inside a line: watermarks and leftover HTML.
_NOISE_FRAGMENTS = re.compile(
    r"收集于网络,?如有侵权请联系管理员删除|精品文档|\((精选多篇|精选\d+篇)\)"
    r"|\??</?(?:p|br|div|span)\s*/?>|\?/p>"
)

_PAGE_TITLE = re.compile(r"^(.{1,60})_第\d+页$")
_CHUNK_START = re.compile(r"^(\d{1,3})、")
# Page chunks are long and cut sentences in half; real numbered duties are neither.
_CHUNK_MIN_LENGTH = 250
_SENTENCE_END = "。；;！!？?.）)"


def clean(raw_lines: list[str]) -> CleanDocument:
    removed: list[tuple[int, str]] = []
    printable_lines = []
    for number, raw in enumerate(raw_lines, start=1):
        text, codes = _take_out_unprintable(raw)
        if codes:
            removed.append((number, " ".join(codes)))
        printable_lines.append(text)
    lines = [Line(squeeze(tidy_line(t)), n) for n, t in enumerate(printable_lines, start=1)]
    lines = [line for line in lines if line.text]
    page_title = next((line.text[: m.end(1)] for line in lines if (m := _PAGE_TITLE.match(line.view))), None)
    kept, dropped = _drop_footer(lines)  # the footer's line numbers
    lines = _join_page_chunks(kept)
    result: list[Line] = []
    for line in lines:
        view = line.view
        if any(p.search(view) for p in _NOISE_LINES):
            dropped.append(line.number)
            continue
        # "??" is what a mis-decoded character left behind; it stood where a sentence ended.
        text = _remove_fragments(line.text, view)
        text = re.sub(r"[?？]{2,}", "。", text)
        if text:
            result.append(Line(text, line.number))
    title = _title(page_title, result)
    result = _drop_repeated_title(result, title)
    return CleanDocument(result, title, sorted(dropped), removed=removed)


def _drop_footer(lines: list[Line]) -> tuple[list[Line], list[int]]:
    for index, line in enumerate(lines):
        if index > 0 and any(p.search(line.view.lower()) for p in _FOOTER_STARTS):
            return lines[:index], [line.number for line in lines[index:]]
    return lines, []


def _join_page_chunks(lines: list[Line]) -> list[Line]:
    """Undo a page-chunked paste: lines "1、…", "2、…", … each hundreds of characters long."""
    starts = [i for i, line in enumerate(lines) if _CHUNK_START.match(line.text)]
    run: list[int] = []
    for i in starts:
        number = int(_CHUNK_START.match(lines[i].text).group(1))
        if number == len(run) + 1 and len(lines[i].text) >= _CHUNK_MIN_LENGTH:
            run.append(i)
        elif number == 1 and len(lines[i].text) >= _CHUNK_MIN_LENGTH:
            run = [i]
    if len(run) < 3 or run != list(range(run[0], run[0] + len(run))):
        return lines
    cut_mid_sentence = sum(1 for i in run[:-1] if lines[i].text[-1] not in _SENTENCE_END)
    if cut_mid_sentence * 2 < len(run) - 1:
        return lines
    joined = "".join(_CHUNK_START.sub("", lines[i].text, count=1) for i in run)
    return lines[: run[0]] + [Line(joined, lines[run[0]].number)] + lines[run[-1] + 1:]


def _remove_fragments(text: str, view: str) -> str:
    pieces, last = [], 0
    for m in _NOISE_FRAGMENTS.finditer(view):
        pieces.append(text[last:m.start()])
        last = m.end()
    pieces.append(text[last:])
    return squeeze("".join(pieces))


def _title(page_title: str | None, lines: list[Line]) -> str | None:
    if page_title:
        return squeeze(page_title)
    for line in lines[:5]:
        if len(line.text) <= 40:
            return line.text
    return None


def _drop_repeated_title(lines: list[Line], title: str | None) -> list[Line]:
    """A title repeated further down is a running header or the footer's echo of it."""
    if not title:
        return lines
    key = recognition_view(title).replace(" ", "")
    seen = False
    result = []
    for line in lines:
        if line.view.replace(" ", "") == key:
            if seen:
                continue
            seen = True
        result.append(line)
    return result
