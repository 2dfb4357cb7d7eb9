"""Stage 3b: group tokens into positions (and department duty lists).

A position starts at a heading (销售经理岗位职责, 一、销售部经理, 8.2 销售员, 职位名称:…)
and owns everything up to the next heading, article (第X篇) or chapter (第X章). Headings that
name a department (销售部岗位职责, 一、部门职责) collect the department's own duties.
Organisation charts (人员架构, 组织架构图) are skipped: they describe no position's work.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional, Union

from .articles import article_department
from .cleaning import CleanDocument
from .draft import DepartmentDraft, DocumentDraft, Draft, Node
from .outline import Outline
from .text import TERMINATORS
from .titles import (
    COMBINED, department_in, department_of, is_position_title, split_combined, split_headcount, title_before,
)
from .tokens import Token, Tokenizer, is_form_document
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

Target = Union[Draft, DepartmentDraft, None]


def segment(path: Path, document: CleanDocument) -> DocumentDraft:
    return _Segmenter(path, document).run()


class _Segmenter:
    def __init__(self, path: Path, document: CleanDocument):
        self.path = path
        self.document = document
        self.result = DocumentDraft(path, document.title, noise_lines=list(document.dropped_lines))
        title_view = _view(document.title) if document.title else ""
        self.document_department = department_in(document.title, title_view) if document.title else None
        self.article_department: Optional[str] = None
        self.section_department: Optional[str] = None
        self.group = 0
        self.articles = 0
        self.article_names: set[str] = set()
        self.target: Target = None
        self.field = "duties"
        self.outlines: dict[tuple[int, str], Outline] = {}
        self.previous: Optional[Token] = None
        self.form_mode = is_form_document(document.lines)
        self.provisional: Optional[Draft] = None

    def run(self) -> DocumentDraft:
        tokens = Tokenizer(self.form_mode).tokens(self.document.lines)
        self.articles = sum(1 for token in tokens if token.kind == "article")
        for index, token in enumerate(tokens):
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            getattr(self, f"_on_{token.kind}")(token, following)
            self.previous = token
        self._close()
        # A heading with nothing under it (a document title, a repeated heading) is no position.
        self.result.positions = [p for p in self.result.positions if not p.is_empty()]
        return self.result

    # ------------------------------------------------------------------ structure

    def _on_article(self, token: Token, following: Optional[Token]) -> None:
        self._close()
        self.group += 1
        self.target = None
        self.section_department = None
        if self.articles >= 2:  # several organisations: each article a department of its own
            self.article_department = article_department(token.text, token.view, self.group, self.article_names)
        else:
            self.article_department = department_in(token.text, token.view)
        m = None
        for m in HEADING_KEYWORD.finditer(token.view):
            pass
        if m is not None and not token.view[m.end():].strip(" :：()（）精选多篇"):
            start = title_before(token.view, m.start(), 0)
            if start is not None:
                self._heading(token, token.text[start:m.start()].strip(), token.view[start:m.start()].strip())
                if isinstance(self.target, Draft):
                    self.provisional = self.target  # may turn out to be the title of a collection

    def _on_chapter(self, token: Token, following: Optional[Token]) -> None:
        self._close()
        self.target = None

    def _on_heading(self, token: Token, following: Optional[Token]) -> None:
        self._heading(token, token.text, token.view)

    def _heading(self, token: Token, title: str, title_view: str, number: Optional[tuple] = None) -> None:
        department = department_of(title, title_view)
        if department is not None:
            self._close()
            if department:
                self.section_department = department
            name = department or self._current_department() or ""
            self.target = self.result.departments.setdefault(name, DepartmentDraft(name)) if name else None
            self.field = "duties"
            return
        if STRUCTURE_SECTION.search(title_view):
            self._close()
            self.target = None
            return
        if isinstance(self.target, Draft) and (self.target.is_empty() or self._only_an_intro(self.target)):
            self.result.positions.remove(self.target)  # a heading repeated, or a collection's title
        self.provisional = None
        self._close()
        clean_title, headcount = _split_headcount(title, title_view)
        clean_title, aliases = _split_combined(clean_title)
        draft = Draft(clean_title, _view(clean_title), self.path, token.line.number, f"{self.path}#{self.group}",
                      department=self._current_department(), headcount=headcount, aliases=aliases)
        self.result.positions.append(draft)
        self.target = draft
        self.field = "duties"

    def _only_an_intro(self, draft: Draft) -> bool:
        """An article titled like a position whose text is just a preamble before its positions."""
        if draft is not self.provisional:
            return False
        outline = self.outlines.get((id(draft), "duties"))
        return outline is None or not outline.has_numbered_items

    def _close(self) -> None:
        self.outlines.clear()

    def _current_department(self) -> Optional[str]:
        if self.articles >= 2 and self.article_department:
            return self.article_department  # its own sections (一、销售部) are that organisation's
        return self.section_department or self.article_department or self.document_department

    # ------------------------------------------------------------------ labels

    def _on_label(self, token: Token, following: Optional[Token]) -> None:
        field = token.field
        if field == "title" and self.form_mode:
            if not isinstance(self.target, Draft) or self._has_content(self.target):
                self._heading(token, "", "")
            self.field = "title"
            return
        if self.target is None:
            return
        if isinstance(self.target, DepartmentDraft) and field != "duties":
            self.target = None  # a department section has no other fields we keep
            return
        if field.startswith("unmapped:") and isinstance(self.target, Draft):
            self.target.unmapped.append(field.split(":", 1)[1])
        self.field = field

    def _has_content(self, draft: Draft) -> bool:
        return bool(draft.title) and (any(draft.fields.values()) or bool(draft.summary) or "superior" in draft.scalars)

    # ------------------------------------------------------------------ content

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
            self._ignore(token)
            return
        if self._is_next_form_heading(token, following):
            token = self._without_next_heading(token)
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
        """Text outside any position: kept as a TODO comment in the file of the position before
        it (or org.yaml, before the first), and listed by line in the report."""
        self.result.ignored_lines.append(token.line.number)
        place = self.result.positions[-1].leftovers if self.result.positions else self.result.leftovers
        place.append((token.line.number, token.text))

    def _is_next_form_heading(self, token: Token, following: Optional[Token]) -> bool:
        """In a form, the words just before the next "职位名称:" are that position's heading."""
        return (self.form_mode and following is not None and following.kind == "label"
                and following.field == "title" and not token.view.endswith(tuple(TERMINATORS)))

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
            title, headcount = _split_headcount(token.text, token.view)
            title, draft.aliases = _split_combined(title)
            draft.title, draft.title_view = title, _view(title)
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


def _split_headcount(text: str, view: str) -> tuple[str, Optional[int]]:
    title_view, headcount = split_headcount(view)
    return text[: len(title_view)].strip() if headcount is not None else text.strip(), headcount


def _split_combined(title: str) -> tuple[str, list[str]]:
    """Cut the user's text where its recognition view splits (the titles are matched Simplified)."""
    view = _view(title)
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


def _view(text: str) -> str:
    from .text import recognition_view

    return recognition_view(text)
