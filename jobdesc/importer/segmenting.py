"""Stage 3b: group tokens into positions (and department duty lists).

A position starts at a heading (销售经理岗位职责, 一、销售部经理, 8.2 销售员, 职位名称:…)
and owns everything up to the next heading, article (第X篇) or chapter (第X章). Headings that
name a department (销售部岗位职责, 一、部门职责) collect the department's own duties.
Organisation charts (人员架构, 组织架构图) are skipped: they describe no position's work.
What goes into the open position (items, text, scalar fields) is content.py's part.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional, Union

from .articles import article_department
from .cleaning import CleanDocument
from .draft import ChapterDraft, DepartmentDraft, DocumentDraft, Draft
from .titles import department_in, department_of, title_before
from .content import ContentSegmenting, cut_combined, cut_headcount, view_of
from .outline import Outline
from .tokens import Token, Tokenizer, is_form_document
from .vocabulary import HEADING_KEYWORD, STRUCTURE_SECTION

Target = Union[Draft, DepartmentDraft, None]
_RULE_ARTICLE = re.compile(r"(制度|办法|规定|细则|守则|规范|条例|职业道德|合同)$")


def segment(path: Path, document: CleanDocument) -> DocumentDraft:
    return _Segmenter(path, document).run()


class _Segmenter(ContentSegmenting):
    def __init__(self, path: Path, document: CleanDocument):
        self.path = path
        self.document = document
        self.result = DocumentDraft(path, document.title, noise_lines=list(document.dropped_lines))
        if document.title:
            key = view_of(document.title).replace(" ", "")
            line = next((line for line in document.lines[:8] if key and key in line.view.replace(" ", "")), None)
            if line is not None:
                self.result.title_line, self.result.title_text = line.number, line.text
        title_view = view_of(document.title) if document.title else ""
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
        self.in_structure = False  # inside 人员架构 / 部门机构: its lines may state headcounts
        self.chapter: Optional[ChapterDraft] = None  # the rule section being read, if any

    def run(self) -> DocumentDraft:
        tokens = Tokenizer(self.form_mode).tokens(self.document.lines)
        self.articles = sum(1 for token in tokens if token.kind == "article")
        for index, token in enumerate(tokens):
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            getattr(self, f"_on_{token.kind}")(token, following)
            self.previous = token
        self._close()
        # A heading with nothing under it (a document title, a repeated heading) is no position.
        for draft in [p for p in self.result.positions if p.is_empty()]:
            self._drop(draft)
        return self.result

    def _drop(self, draft: Draft) -> None:
        """A draft that turned out to be no position: what it kept as TODO goes to the position
        before it (or the document's own list), never nowhere."""
        index = self.result.positions.index(draft)
        self.result.positions.remove(draft)
        place = self.result.positions[index - 1].leftovers if index else self.result.leftovers
        place.extend(draft.leftovers)
        place.extend((draft.line, text) for text in draft.summary)  # an article's preamble
        place.extend((node.line, node.text) for nodes in draft.fields.values() for node in _flat(nodes))
        self.result.ignored_lines += [line for line, _ in place]
        place.sort()

    # ------------------------------------------------------------------ structure

    def _on_article(self, token: Token, following: Optional[Token]) -> None:
        self._close()
        self.in_structure = False
        self.chapter = None
        self.group += 1
        self.target = None
        self.section_department = None
        if self.articles >= 2:  # several organisations: each article a department of its own
            self.article_department = article_department(token.text, token.view, self.group, self.article_names)
            self.result.article_departments.append((self.article_department, token.line.number, token.line.text))
        else:
            self.article_department = department_in(token.text, token.view)
        if _RULE_ARTICLE.search(token.view) and not HEADING_KEYWORD.search(token.view):
            # "第16篇:销售部人员劳动合同": an article of rules, not of positions: a chapter
            self.chapter = ChapterDraft(token.text.strip(), token.line.number, f"{self.path}#{self.group}")
            self.result.chapters.append(self.chapter)
            return
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
        self.in_structure = False
        self.chapter = None
        self.target = None

    def _on_heading(self, token: Token, following: Optional[Token]) -> None:
        self._heading(token, token.text, token.view)

    def _heading(self, token: Token, title: str, title_view: str, number: Optional[tuple] = None) -> None:
        if self.in_structure and cut_headcount(title, title_view)[1] is not None:
            self._ignore(token)  # "置业顾问13名" in 人员架构: a budget, read with the section's lines
            return
        department = department_of(title, title_view)
        self.in_structure = False
        self.chapter = None
        if department is not None:
            self._close()
            if department:
                self.section_department = department
            name, parent = self._section_department(department)
            self.target = self.result.departments.setdefault(name, DepartmentDraft(name, parent=parent)) if name else None
            if self.target is not None:
                self.target.sources.append((token.line.number, token.line.text))
            self.field = "duties"
            return
        if STRUCTURE_SECTION.search(title_view):
            self._close()
            self.target = None
            self.in_structure = True
            self._ignore(token)
            return
        if isinstance(self.target, Draft) and (self.target.is_empty() or self._only_an_intro(self.target)):
            self._drop(self.target)  # a heading repeated, or a collection's title
        self.provisional = None
        self._close()
        clean_title, headcount = cut_headcount(title, title_view)
        clean_title, aliases = cut_combined(clean_title)
        draft = Draft(clean_title, view_of(clean_title), self.path, token.line.number, f"{self.path}#{self.group}",
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

    def _section_department(self, named: str) -> tuple[str, Optional[str]]:
        """The department a 部门职责 section's duties belong to, and its parent: in a collection of
        organisations, the article's own department (its 销售部), or a department of that
        article's organisation (市场部（第12篇）) — never another article's."""
        article = self.article_department if self.articles >= 2 else None
        if not article:
            return named or self._current_department() or "", None
        if not named or view_of(named) in view_of(article):
            return article, None
        return f"{named}（第{self.group}篇）", article

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
        if field == "headcount" and (self.target in (None, self.provisional) or isinstance(self.target, DepartmentDraft)) \
                and following is not None and following.line.number != token.line.number:
            self._heading(token, "人员编制", "人员编制")  # "一、人員編制" above the positions: 人员架构
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


def _flat(nodes):
    for node in nodes:
        yield node
        yield from _flat(node.items)
