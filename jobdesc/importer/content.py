"""Stage 3b, continued: what goes into the open position or department.

Numbered items nest in an outline; text after a label fills that field (title, superior,
summary …); a line that goes on from the one before (a wrapped line) is glued back; a bare
title followed by content starts a position; text outside any position is kept for a TODO
comment (never dropped). The structure (articles, headings, labels) is segmenting.py's part.
"""
from __future__ import annotations

import re
from typing import Optional

from .draft import ChapterDraft, DepartmentDraft, Draft, Node
from .outline import Outline
from .text import TERMINATORS
from .titles import COMBINED, department_of, is_position_title, split_combined, split_headcount
from .tokens import Token
from .vocabulary import HEADING_KEYWORD, LABEL_ALONE, LABELS, STRUCTURE_SECTION

SCALAR_FIELDS = {"title", "superior", "department", "external_title", "grade", "headcount", "summary",
                 "education", "experience"}
# A line shorter than this that does not end a sentence is a complete line, not a wrapped one.
_WRAP_MIN = 24
_NUMBERED_TITLE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\s*(\S.*)$")
_DEPARTMENT_DUTIES = re.compile(r"(本)?部门(职能|职责|整体职责)")
_POLICY_HEADING = re.compile(r"^[^,，。；;:：]{2,20}(制度|办法|规定|细则|守则|规范|条例)$")
_SHORT_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,6}\s*:\s*\S")
_SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]*")



class ContentSegmenting:
    """The content half of the segmenter (segmenting._Segmenter), which holds the state."""

    def _on_item(self, token: Token, following: Optional[Token]) -> None:
        if not token.text:
            return  # "1.2.3.统筹…": numbers whose text was lost in the paste
        if self._item_is_heading(token, following):
            return
        if self.target is None:
            self._ignore(token)
            return
        if self._in_scalar_field():
            self.field = "duties"  # numbered items after "职位目的:…" are the duties
        node = Node(token.text, token.view, token.line.number)
        self._outline().add_item(token.enum, node)

    def _item_is_heading(self, token: Token, following: Optional[Token]) -> bool:
        """"一、销售部经理", "8.2 销售员", "二、岗位职责", "一、组织架构图…" are structure, not duties."""
        view = token.view.strip(" :：")
        if _DEPARTMENT_DUTIES.fullmatch(view):
            self._heading(token, "部门", "部门")  # "二、部门职能": duties of the department in context
            return True
        if LABEL_ALONE.match(view):
            self._on_label(Token("label", token.line, token.text, view, field=LABELS[LABEL_ALONE.match(view).group(1)]),
                           following)
            return True
        if STRUCTURE_SECTION.search(view) and token.at_line_start:
            self._close()
            self.target = None
            self.in_structure = True
            self._ignore(token)  # "一、组织架构图（随着…调整）": its words stay, as a TODO comment
            return True
        if not token.at_line_start or token.enum.kind == "bullet":
            return False
        if department_of(token.text, view) is not None and len(view) <= 12 and not re.search(r"[，,。；;]", view):
            self._heading(token, token.text, view)
            return True
        if is_position_title(view) and _opens_content(following):
            self._heading(token, token.text, view)
            return True
        return False

    def _on_text(self, token: Token, following: Optional[Token]) -> None:
        numbered = _NUMBERED_TITLE.match(token.view)  # "1销售部经理", "2 销售主管"
        start = numbered.start(1) if numbered else 0
        if token.at_line_start and token.ends_line and not self._in_scalar_field() \
                and is_position_title(token.view[start:]) and _opens_content(following):
            self._heading(token, token.text[start:], token.view[start:])  # a title alone on its line
            return
        if token.at_line_start and token.ends_line and _POLICY_HEADING.match(token.view):
            self.target = None  # "客户档案管理制度": a policy's chapter starts, no position's work
            self.chapter = ChapterDraft(token.text.strip(), token.line.number, f"{self.path}#{self.group}")
            self.result.chapters.append(self.chapter)
            return
        if self._is_next_form_heading(token, following):
            whole = token
            token = self._without_next_heading(token)
            self._keep_unlike_a_title(whole, token)
        if token is None:
            return  # the whole text was the next form's heading
        if self.target is None:
            self._ignore(token)
            return
        if isinstance(self.target, DepartmentDraft):
            self._add_text(token, allow_summary=False)
            return
        if self.field.startswith("unmapped:") and not token.at_line_start:
            # "岗位性质：管理岗": the label's value, kept as a comment; what follows is duties again
            self.target.nodes(self.field).append(Node(token.text, token.view, token.line.number))
            self.field = "duties"
            return
        if self._in_scalar_field():
            self._set_scalar(token)
            return
        self._add_text(token, allow_summary=self.field == "duties")

    def _ignore(self, token: Token) -> None:
        """Text outside any position: a line of the rule section it is in (a handbook chapter),
        or else kept as a TODO comment in the file of the position before it (or org.yaml,
        before the first), and listed by line in the report."""
        if self.chapter is not None:
            if not self.chapter.lines or self.chapter.lines[-1][0] != token.line.number:
                self.chapter.lines.append((token.line.number, token.line.text))
            return
        self.result.ignored_lines.append(token.line.number)
        if self.in_structure:
            self.result.structure_lines.append((f"{self.path}#{self.group}", token.line.number, token.view))
        place = self.result.positions[-1].leftovers if self.result.positions else self.result.leftovers
        place.append((token.line.number, token.text))

    def _is_next_form_heading(self, token: Token, following: Optional[Token]) -> bool:
        """In a form, the words just before the next "职位名称:" are that position's heading."""
        return (self.form_mode and following is not None and following.kind == "label"
                and following.field == "title" and not token.view.endswith(tuple(TERMINATORS)))

    def _keep_unlike_a_title(self, whole: Token, kept: Optional[Token]) -> None:
        """The words cut off before the next 职位名称: are its heading (财富专员 岗位说明) — or, when
        they read like no title (头浝韵徫徽f明: a converter's mojibake), a TODO that says so,
        never dropped."""
        cut = len(kept.text) if kept is not None else 0
        tail, tail_view = whole.text[cut:].strip(), whole.view[cut:].strip()
        core = HEADING_KEYWORD.sub("", tail_view).strip(" ：:")
        if not tail or not core or is_position_title(core):
            return
        target, self.target = self.target, None  # kept where the text stood: a TODO, not a duty
        self._ignore(Token("text", whole.line, f"{tail}（疑为乱码或残缺的标题，请核对）", tail_view))
        self.target = target

    @staticmethod
    def _without_next_heading(token: Token) -> Optional[Token]:
        cut = max(token.view.rfind(ch) for ch in TERMINATORS) + 1
        if cut == 0:
            return None
        return Token(token.kind, token.line, token.text[:cut], token.view[:cut], token.at_line_start,
                     token.ends_line, token.field, token.enum)

    def _in_scalar_field(self) -> bool:
        return isinstance(self.target, Draft) and self.field in SCALAR_FIELDS

    def _set_scalar(self, token: Token) -> None:
        draft: Draft = self.target
        if self.field == "title":
            title, headcount = cut_headcount(token.text, token.view)
            title, draft.aliases = cut_combined(title)
            draft.title, draft.title_view = title, view_of(title)
            if headcount is not None:
                draft.headcount = headcount
            draft.line = token.line.number
        elif self.field == "summary":
            draft.summary.append(token.text)
        elif self.field == "department":
            draft.department = token.text.strip(" 。；;")
        else:
            previous = draft.scalars.get(self.field)
            draft.scalars[self.field] = f"{previous} {token.text}" if previous else token.text
            draft.scalar_views[self.field] = f"{draft.scalar_views.get(self.field, '')} {token.view}".strip()
        self.field = "duties" if self.field in ("title", "department") else self.field

    def _add_text(self, token: Token, allow_summary: bool) -> None:
        outline = self._outline()
        if self._continues_previous_line(token) and outline.extend_last(token.text, token.view):
            return
        if not token.at_line_start:
            # Text right after a label or heading on the same line: a run of sentences.
            for text, view in _sentences(token.text, token.view):
                outline.add_plain(Node(text, view, token.line.number))
            return
        if allow_summary and not outline.roots and isinstance(self.target, Draft) \
                and token.view.rstrip().endswith((":", "：")):
            self.target.summary.append(token.text.rstrip(" :："))
            return
        outline.add_plain(Node(token.text, token.view, token.line.number))

    def _continues_previous_line(self, token: Token) -> bool:
        previous = self.previous
        if not token.at_line_start or previous is None or previous.kind not in ("item", "text"):
            return False
        if not previous.ends_line or previous.line.number == token.line.number:
            return False
        line = previous.line.text
        return len(line) >= _WRAP_MIN and line[-1] not in TERMINATORS + ":："

    def _outline(self) -> Outline:
        key = (id(self.target), self.field)
        if key not in self.outlines:
            if isinstance(self.target, DepartmentDraft):
                roots = self.target.duties
            else:
                roots = self.target.nodes(self.field)
            self.outlines[key] = Outline(roots)
        return self.outlines[key]


def _opens_content(following: Optional[Token]) -> bool:
    """A bare title is a heading only when its duties, fields or an intro follow."""
    if following is None:
        return False
    if following.kind in ("item", "label"):
        return True
    # "岗位性质：管理岗": a field this importer does not know still says a position's form starts
    return following.kind == "text" and (following.view.rstrip().endswith((":", "："))
                                         or bool(_SHORT_LABEL.match(following.view)))


def cut_headcount(text: str, view: str) -> tuple[str, Optional[int]]:
    title_view, headcount = split_headcount(view)
    return text[: len(title_view)].strip() if headcount is not None else text.strip(), headcount


def cut_combined(title: str) -> tuple[str, list[str]]:
    """Cut the user's text where its recognition view splits (the titles are matched Simplified)."""
    view = view_of(title)
    if len(split_combined(view)) < 2:
        return title, []
    parts, last = [], 0
    for m in COMBINED.finditer(view):
        parts.append(title[last:m.start()])
        last = m.end()
    parts.append(title[last:])
    parts = [p.strip() for p in parts if p.strip()]
    return parts[0], parts[1:]


def _sentences(text: str, view: str) -> list[tuple[str, str]]:
    out = []
    for m in _SENTENCE.finditer(view):
        piece = text[m.start():m.end()].strip()
        if piece.strip("。；;！!？? "):
            out.append((piece, view[m.start():m.end()].strip()))
    return out


def view_of(text: str) -> str:
    from .text import recognition_view

    return recognition_view(text)
