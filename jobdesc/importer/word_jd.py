"""Read a job description that jobdesc wrote to Word (jd/docx_writer.py) back into its parts.

Such a file is no free-form document: its sections are Heading 1 paragraphs with the
edition's labels, its duties are "JD Item" paragraphs numbered "1.2<tab>text", its header,
KPIs, qualifications, relations and reports are tables. Read as that, and only as that, a
re-imported job description never becomes a position called 流程 whose duties are RACI
cells and signature lines. Paragraphs a person added in Word keep their place: an item
typed without a number sits at the level of the item before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..jd.labels import jd_labels

_NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)*)\s*\t\s*(.*)$", re.S)
_BULLET = re.compile(r"^\s*[•·]\s*\t?\s*")
# What the Word file shows that its role's YAML does not hold: drawn from other files.
DERIVED = ("raci", "approvals", "meetings", "diagram", "signatures")


@dataclass
class WordItem:
    text: str
    items: list["WordItem"] = field(default_factory=list)


@dataclass
class Section:
    key: str  # the labels key: summary, duties, kpis, … (or "" for text before any heading)
    paragraphs: list[str] = field(default_factory=list)  # text paragraphs (not items)
    items: list[tuple[int, str]] = field(default_factory=list)  # (depth, text) in order
    notes: list[tuple[int, str]] = field(default_factory=list)  # (item index, note) where a note stood
    tables: list[list[list[str]]] = field(default_factory=list)  # rows of cell texts

    def tree(self, own_items: int | None = None) -> list[WordItem]:
        """The items as a tree; only those before the first note (the role's own duties)."""
        end = self.notes[0][0] if self.notes else len(self.items)
        roots: list[WordItem] = []
        stack: list[tuple[int, WordItem]] = []
        for depth, text in self.items[:end]:
            node = WordItem(text)
            while stack and stack[-1][0] >= depth:
                stack.pop()
            (stack[-1][1].items if stack else roots).append(node)
            stack.append((depth, node))
        return roots


@dataclass
class WordJobDescription:
    title: str
    sections: dict[str, Section]
    header: dict[str, str]  # header-table label key → value
    unknown: list[str]  # headings that are no section jobdesc writes (added in Word)
    text: object = field(default=None, compare=False)  # the wordml.WordText it was read from: tracked changes, comments


def read_word_job_description(data: bytes, language: str, source: Path = Path("EDITED.docx"),
                              reject: bool = False) -> WordJobDescription:
    """The job description in `data`, read as Word shows it (wordml.py: tracked changes accepted,
    or rejected with `reject`; content controls, fields and hyperlinks read through)."""
    from .wordml import Paragraph, read_word_text
    from .wordml_parts import comments_of, open_document

    labels = jd_labels(language)
    headings = {labels[key]: key for key in ("summary", "duties", "kpis", "qualifications", "authority",
                                             "approvals", "relations", "reports", "meetings", "raci", "workflow",
                                             "diagram", "signatures") if key in labels}
    header_keys = {labels[key]: key for key in ("title", "external_title", "department", "grade", "reports_to",
                                                "direct_reports", "dotted_to", "dotted_from", "headcount",
                                                "incumbents") if key in labels}
    document = open_document(data, source)
    text = read_word_text(document, source, reject)
    text.comments = comments_of(document, text.anchors)
    sections: dict[str, Section] = {}
    current = Section("")
    header: dict[str, str] = {}
    unknown: list[str] = []
    title = ""
    for block in text.blocks:
        if isinstance(block, Paragraph):
            style = block.style
            if style.startswith("Heading"):
                key = headings.get(block.text.strip())
                if key in sections:  # a heading retyped as another section's: not that section
                    key = None
                if key is None:
                    unknown.append(block.text.strip())
                    key = f"unknown:{block.text.strip()}"
                current = sections.setdefault(key, Section(key))
                continue
            if style == "Title" and not title:
                title = block.text.strip()
                continue
            _add_paragraph(current, style, block.text)
        else:
            rows = block.rows
            if not sections and not header:
                for row in rows:
                    for label, value in zip(row[::2], row[1::2]):
                        if label.strip() in header_keys:
                            header[header_keys[label.strip()]] = value
                continue
            current.tables.append(rows)
    return WordJobDescription(title, sections, header, unknown, text)


def _add_paragraph(section: Section, style: str, text: str) -> None:
    if style == "JD Note":
        section.notes.append((len(section.items), text.strip()))
        return
    if not text.strip():
        return
    numbered = _NUMBERED.match(text)
    if numbered and not numbered.group(2).strip():
        return  # only the number is left: the item's text was deleted
    if numbered:
        section.items.append((numbered.group(1).count(".") + 1, numbered.group(2).strip()))
    elif _BULLET.match(text):
        section.items.append((1, _BULLET.sub("", text).strip()))
    elif style == "JD Item" and section.items:
        section.items.append((section.items[-1][0], text.strip()))  # typed without a number
    else:
        section.paragraphs.append(text.strip())


def as_draft(path, parsed: WordJobDescription, language: str):
    """A jobdesc job description as the importer's Draft, read by its sections (not as prose)."""
    from .draft import Draft, DocumentDraft, Node
    from .text import recognition_view

    def node(item: WordItem) -> Node:
        return Node(item.text, recognition_view(item.text), 1, [node(i) for i in item.items])

    def plain(texts: list[str]) -> list[Node]:
        return [Node(t, recognition_view(t), 1) for t in texts if t.strip()]

    labels = jd_labels(language)
    header = parsed.header
    title = header.get("title") or parsed.title
    department = header.get("department", "").split("›")[-1].strip() or None
    draft = Draft(title, recognition_view(title), path, 1, f"{path}#word", department=department)
    sections = parsed.sections
    if "summary" in sections:
        draft.summary = sections["summary"].paragraphs[:]
    superior = header.get("reports_to", "").strip()
    if superior and superior not in (labels["none"], labels["not_stated"]):
        superior = superior.replace(labels["external_marker"].strip(), "").strip()
        draft.scalars["superior"], draft.scalar_views["superior"] = superior, recognition_view(superior)
    for key in ("grade", "external_title"):
        if header.get(key):
            draft.scalars[key], draft.scalar_views[key] = header[key], recognition_view(header[key])
    for key in ("duties", "workflow"):
        if key in sections:
            draft.fields[key] = [node(i) for i in sections[key].tree()]
    if "authority" in sections:
        draft.fields["authority"] = plain([t for _, t in sections["authority"].items])
    pairs = {row[0]: row[1] for table in sections.get("qualifications", Section("")).tables for row in table
             if len(row) > 1}
    for key in ("education", "experience"):
        if pairs.get(labels[key]):
            draft.scalars[key] = pairs[labels[key]]
    requirements = [line for key in ("skills", "other") for line in pairs.get(labels[key], "").split("\n")]
    if any(r.strip() for r in requirements):
        draft.fields["qualifications"] = plain(requirements)
    relations = {row[0]: row[1] for table in sections.get("relations", Section("")).tables for row in table
                 if len(row) > 1}
    separator = labels["list_separator"].strip()
    for key, field_name in (("internal", "relations_internal"), ("external", "relations_external")):
        if relations.get(labels[key]):
            draft.fields[field_name] = plain(relations[labels[key]].split(separator))
    kpis = sections.get("kpis", Section("")).tables
    if kpis:  # kept as a comment for the reviewer: the table's cells are not re-read into fields
        draft.fields["kpis"] = plain(["｜".join(cell for cell in row if cell) for row in kpis[0][1:]])
    if header.get("headcount"):
        from .text import recognition_view as view
        from .titles import read_headcount

        draft.headcount, draft.filled = read_headcount(view(header["headcount"]))
    document = DocumentDraft(path, parsed.title)
    document.positions.append(draft)
    return document
