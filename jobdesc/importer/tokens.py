"""Stage 3a: cut each cleaned line into tokens — headings, labels, numbered items, text.

Pasted text runs duties together ("…工作;3、进展工程…") and puts the next position's
heading mid-line ("…完成。销售经理职责:1、…"), so breaks are found inside lines too. An
inline number only counts as a new item where a list could plausibly go on: after a
sentence end, and numbered one more than the previous item of its style (or 1, which
starts a list). That keeps "1.5倍" and "第3、4条" out of the duty list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .cleaning import Line
from .enumerators import Enumerator, continues, match_enumerator
from .text import TERMINATORS
from .titles import is_position_title, title_before
from .vocabulary import HEADING_KEYWORD, LABEL_ALONE, LABEL_NO_COLON, LABEL_WITH_COLON, LABELS

# Characters after which an inline number may start an item.
_ITEM_MAY_FOLLOW = TERMINATORS + ":： \t"
_ARTICLE = re.compile(r"^(?:推荐)?第\s*([0-9一二三四五六七八九十百]+)\s*篇\s*[:：]?\s*(.*)$")
_ARTICLE_SUFFIX = re.compile(r"^(.{2,40}?)\s*篇\s*\d{1,3}$")  # "销售人员岗位职责 篇3"
# A company's name alone on its line (一、華美置業有限公司): the start of that organisation's part
# of a collection, as 第N篇 is. Two characters at least before 公司 (本公司, 分公司 are no name).
_COMPANY = re.compile(r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]\s*)?"
                      r"([^\s,，。；;:：、()]{2,30}?(?:有限责任公司|股份有限公司|有限公司|公司|集团))\s*[:：]?$")
_CHAPTER = re.compile(r"(?:^|\s)第[一二三四五六七八九十0-9]{1,3}章$")  # on the line's end, spaces stripped


def _trailing_chapter(view: str) -> int | None:
    r"""Where re.search(r"(?:^|\s)第[一二三四五六七八九十0-9]{1,3}章\s*$", view) starts, looking at
    the last characters only (a chapter mark is at most six)."""
    core = view.rstrip()
    window = max(0, len(core) - 6)
    m = _CHAPTER.search(core, window)  # ^ matches at the string's start only, not at `window`
    return None if m is None else m.start()


@dataclass
class Token:
    kind: str  # article | chapter | heading | label | item | text
    line: Line
    text: str = ""  # the user's text: item/text content, heading or article title
    view: str = ""  # the same, as recognition view
    at_line_start: bool = False
    ends_line: bool = False
    field: Optional[str] = None  # label: the field it fills
    enum: Optional[Enumerator] = None  # item (and a numbered heading such as "8.2 销售员")


@dataclass
class _Break:
    start: int
    end: int
    kind: str
    field: Optional[str] = None
    enum: Optional[Enumerator] = None
    keyword_start: int = 0


class Tokenizer:
    """Keeps the last item number of each style across lines, for the inline sequence check."""

    def __init__(self, form_mode: bool):
        self.form_mode = form_mode  # the document has "职位名称:" style fields
        self.last: dict[str, Enumerator] = {}

    def tokens(self, lines: list[Line]) -> list[Token]:
        out: list[Token] = []
        for line in lines:
            out.extend(self._line(line))
        return out

    def _line(self, line: Line) -> list[Token]:
        # A line ending in chapter marks ("… 第一章 第二章") is read from its end, mark by mark, in a
        # loop (it was a recursion a line of 12,000 marks overflowed), each mark found by looking
        # at the line's last characters only, so the whole is linear.
        chapters: list[Token] = []
        whole = line  # each chapter mark's token names the whole line: a token holding each shorter
        # head instead kept one copy of the line per mark (a 150 KB line of marks: 1.8 GB)
        while True:
            text, view = line.text, line.view
            m = _ARTICLE.match(view) or _ARTICLE_SUFFIX.match(view) or _COMPANY.match(view.strip())
            if m:
                self.last.clear()
                span = slice(m.start(m.lastindex), m.end(m.lastindex))
                return [Token("article", line, text[span].strip(), view[span].strip(), True, True)] + chapters
            start = _trailing_chapter(view)
            if start == 0:
                return [Token("chapter", line, text, view, True, True)] + chapters
            if start is None:
                return self._split(line, text, view) + chapters
            chapters.insert(0, Token("chapter", whole, text[start:].strip(), "", False, True))
            head = Line(text[:start], line.number)
            head.__dict__["view"] = view[:start]  # index-aligned, and cut at a space: no new conversion
            line = head

    # ------------------------------------------------------------------ breaks

    def _candidates(self, view: str) -> list[_Break]:
        found: list[_Break] = []
        for m in HEADING_KEYWORD.finditer(view):
            end = _skip_colon(view, m.end())
            if self._heading_follows(view, end, m):
                found.append(_Break(m.start(), end, "heading", keyword_start=m.start()))
        for m in LABEL_WITH_COLON.finditer(view):
            # "跟单员操作流程:" is a heading's wording, not a field; only forms glue labels on.
            glued = m.start() > 0 and view[m.start() - 1] not in _ITEM_MAY_FOLLOW
            if self.form_mode or not glued:
                found.append(_Break(m.start(), m.end(), "label", LABELS[m.group(1)]))
        alone = LABEL_ALONE.match(view)
        if alone:
            found.append(_Break(0, len(view), "label", LABELS[alone.group(1)]))
        if self.form_mode:
            for m in LABEL_NO_COLON.finditer(view):
                found.append(_Break(m.start(), m.end(), "label", LABELS[m.group(1)]))
        for index in range(len(view)):
            enum = match_enumerator(view, index, at_line_start=index == 0)
            if enum:
                found.append(_Break(index, enum.end, "item", enum=enum))
        # Earlier first; at one place a heading beats a label beats an item.
        order = {"heading": 0, "label": 1, "item": 2}
        return sorted(found, key=lambda b: (b.start, order[b.kind]))

    def _heading_follows(self, view: str, end: int, m: re.Match) -> bool:
        """A keyword is a heading only where the position's content starts right after it."""
        rest = view[end:].lstrip()
        rest = re.sub(r"^\([^)]{0,20}\)\s*", "", rest)  # 市场部职责(部门整体,以后细分)
        if not rest:
            return True
        offset = len(view) - len(rest)
        if match_enumerator(view, offset, at_line_start=False) or LABEL_WITH_COLON.match(rest):
            return True
        if self.form_mode and LABEL_NO_COLON.match(rest):
            return True
        # "销售经理职责:负责…" — a colon after a real position title also starts content.
        return view[m.end():end].strip() in (":", "：") and _title_is_position(view, m.start())

    def _split(self, line: Line, text: str, view: str) -> list[Token]:
        tokens: list[Token] = []
        cursor = 0  # start of text not yet given to a token
        pending: Optional[Token] = None  # the token that receives text up to the next break
        for brk in self._candidates(view):
            if brk.start < cursor:
                continue
            if brk.kind == "heading":
                title_start = title_before(view, brk.keyword_start, cursor)
                if title_start is None:
                    if LABEL_ALONE.match(view[brk.keyword_start:brk.end].strip(" :：")):
                        brk = _Break(brk.keyword_start, brk.end, "label",
                                     LABELS[view[brk.keyword_start:brk.end].strip(" :：")])
                    else:
                        continue
                elif title_start > 0 and view[title_start - 1] in ",，":
                    continue  # "…部门管理,经理离岗时代理行使经理职责": mid-sentence, not a heading
                else:
                    brk.start = title_start
            if brk.kind == "item" and not self._accept_item(view, brk, cursor):
                continue
            self._flush(tokens, pending, line, text, view, cursor, brk.start)
            if brk.kind == "item" and brk.enum.number == 1 and brk.start > 0:
                self._split_restart_title(tokens, line, view)
                self.last[brk.enum.kind] = brk.enum
            pending = self._open(brk, line, text, view)
            cursor = brk.end
        self._flush(tokens, pending, line, text, view, cursor, len(view))
        if tokens:
            tokens[-1].ends_line = True
        return tokens

    def _accept_item(self, view: str, brk: _Break, cursor: int) -> bool:
        enum = brk.enum
        if brk.start == 0:
            self.last[enum.kind] = enum
            return True
        if brk.start != cursor and view[brk.start - 1] not in _ITEM_MAY_FOLLOW:
            if not (enum.number == 1 and _ends_with_title(view[cursor:brk.start])):
                return False
        if enum.kind in ("bullet", "circled") or enum.number == 1 or continues(self.last.get(enum.kind), enum):
            self.last[enum.kind] = enum
            return True
        return False

    def _open(self, brk: _Break, line: Line, text: str, view: str) -> Token:
        if brk.kind == "heading":
            self.last.clear()
            title = text[brk.start:brk.keyword_start].strip()
            title_view = view[brk.start:brk.keyword_start].strip()
            return Token("heading", line, title, title_view, brk.start == 0)
        if brk.kind == "label":
            return Token("label", line, text[brk.start:brk.end], view[brk.start:brk.end], brk.start == 0,
                         field=brk.field)
        return Token("item", line, "", "", brk.start == 0, enum=brk.enum)

    def _flush(self, tokens, pending, line, text, view, start, end) -> None:
        """Give text[start:end] to the pending token (an item's text) or emit it as text."""
        content, content_view = text[start:end].strip(), view[start:end].strip()
        if pending is not None and pending.kind == "item":
            pending.text, pending.view = content, content_view
            tokens.append(pending)
            return
        if pending is not None:
            tokens.append(pending)
        if content:
            tokens.append(Token("text", line, content, content_view, start == 0))

    def _split_restart_title(self, tokens: list[Token], line: Line, view: str) -> None:
        """"…其他各项工作。置业参谋1、在…": a title right before a list restarting at 1."""
        if not tokens or tokens[-1].kind not in ("item", "text"):
            return
        last = tokens[-1]
        cut = max(last.view.rfind(ch) for ch in TERMINATORS + " ") + 1
        tail_view = last.view[cut:].strip()
        if cut == 0 and last.kind == "item":
            return
        if not is_position_title(tail_view):
            return
        head_text, tail_text = last.text[:cut].strip(), last.text[cut:].strip()
        last.text, last.view = head_text, last.view[:cut].strip()
        if not last.text and last.kind == "text":
            tokens.pop()
        tokens.append(Token("heading", line, tail_text, tail_view))
        self.last.clear()


def _ends_with_title(segment: str) -> bool:
    cut = max(segment.rfind(ch) for ch in TERMINATORS + " ") + 1
    return is_position_title(segment[cut:].strip())


def _skip_colon(view: str, index: int) -> int:
    while index < len(view) and view[index] in " :：":
        index += 1
    return index


def _title_is_position(view: str, keyword_start: int) -> bool:
    start = title_before(view, keyword_start, 0)
    return start is not None and is_position_title(view[start:keyword_start].strip())


def is_form_document(lines: list[Line]) -> bool:
    """True when positions are written as forms (职位名称: …), which changes what counts as a label."""
    return sum(1 for line in lines if re.search(r"(职位名称|岗位名称)\s*[:：]", line.view)) >= 1
