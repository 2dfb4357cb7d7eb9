"""Tracked changes inside one paragraph of a Word document, and paragraphs tracked whole.

A paragraph of the older job description and its counterpart in the newer one (same
paragraph properties) become one paragraph: their runs cut into tokens (text.tokens: a
Chinese character, a Latin word or number, a tab, a line break), each token with its run's
formatting; the token sequences compared; equal tokens printed once, the older ones inside
w:del (as w:delText), the newer ones inside w:ins. A formatting change is a change of
token, so accepting every change gives the newer paragraph run for run in look, and
rejecting every change the older one. Ids are numbered afterwards, in document order
(`number_marks`), so the same two documents give the same bytes.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Optional

from lxml import etree

from ..jd.docx_body import qname
from .text import tokens

MARKS = ("w:ins", "w:del")
TEXT_TAGS = (qname("w:t"), qname("w:tab"), qname("w:br"))


@dataclass(frozen=True)
class Mark:
    """Who and when, for every w:ins / w:del of a document."""

    author: str
    date: str  # 2026-01-01T00:00:00Z

    def element(self, kind: str) -> etree._Element:  # kind: "ins" or "del"
        return etree.Element(qname(f"w:{kind}"), {qname("w:id"): "0", qname("w:author"): self.author,
                                                  qname("w:date"): self.date})


@dataclass(frozen=True)
class Token:
    text: Optional[str]  # None: a w:tab or w:br (`tag`)
    tag: str
    look: bytes  # the run's w:rPr serialized: tokens of different look differ
    properties: Optional[etree._Element]

    @property
    def key(self) -> tuple:
        return self.text, self.tag, self.look


def plain_runs(paragraph) -> bool:
    """A paragraph of text runs only (w:t, w:tab, w:br): what this module can compare."""
    for child in paragraph:
        if child.tag == qname("w:pPr"):
            continue
        if child.tag != qname("w:r") or any(c.tag not in TEXT_TAGS and c.tag != qname("w:rPr") for c in child):
            return False
    return True


def paragraph_tokens(paragraph) -> list[Token]:
    result = []
    for run in paragraph.iterfind(qname("w:r")):
        properties = run.find(qname("w:rPr"))
        look = b"" if properties is None else etree.tostring(properties)
        for child in run:
            if child.tag == qname("w:t"):
                result += [Token(piece, "w:t", look, properties) for piece in tokens(child.text or "")]
            elif child.tag in TEXT_TAGS:
                result.append(Token(None, "w:tab" if child.tag == qname("w:tab") else "w:br", look, properties))
    return result


def _runs(token_list: list[Token], deleted: bool) -> list[etree._Element]:
    """Runs for consecutive tokens: one run per stretch of the same look."""
    runs: list[etree._Element] = []
    look = None
    for token in token_list:
        if not runs or token.look != look:
            run = etree.Element(qname("w:r"))
            if token.properties is not None:
                run.append(copy.deepcopy(token.properties))
            runs.append(run)
            look = token.look
        run = runs[-1]
        if token.text is None:
            etree.SubElement(run, qname(token.tag))
            continue
        last = run[-1] if len(run) else None
        text_tag = qname("w:delText" if deleted else "w:t")
        if last is None or last.tag != text_tag:
            last = etree.SubElement(run, text_tag)
            last.text = ""
        last.text += token.text
        last.set(qname("xml:space"), "preserve")
    return runs


def _wrapped(token_list: list[Token], kind: Optional[str], mark: Mark) -> list[etree._Element]:
    runs = _runs(token_list, deleted=kind == "del")
    if kind is None or not runs:
        return runs
    wrapper = mark.element(kind)
    wrapper.extend(runs)
    return [wrapper]


def _properties_of(paragraph) -> etree._Element:
    properties = paragraph.find(qname("w:pPr"))
    if properties is None:
        properties = etree.Element(qname("w:pPr"))
        paragraph.insert(0, properties)
    return properties


def mark_end(paragraph, tracked: etree._Element) -> None:
    """The paragraph's mark tracked (w:pPr/w:rPr/w:ins|del, `tracked`): a paragraph added or
    removed whole leaves no empty paragraph behind when accepted or rejected."""
    properties = _properties_of(paragraph)
    run_properties = properties.find(qname("w:rPr"))
    if run_properties is None:
        run_properties = etree.Element(qname("w:rPr"))
        change = properties.find(qname("w:pPrChange"))  # w:rPr comes before it
        (change.addprevious if change is not None else properties.append)(run_properties)
    run_properties.insert(0, tracked)


def tracked_whole(paragraph, kind: str, mark: Mark) -> etree._Element:
    """A copy of the paragraph inserted (kind "ins") or deleted ("del") whole, mark included."""
    result = copy.deepcopy(paragraph)
    runs = [child for child in result if child.tag == qname("w:r")]
    if runs:
        wrapper = mark.element(kind)
        runs[0].addprevious(wrapper)
        for run in runs:
            if kind == "del":
                for text in run.iterfind(qname("w:t")):
                    text.tag = qname("w:delText")
            wrapper.append(run)
    mark_end(result, mark.element(kind))
    return result


def merged_paragraph(old, new, mark: Mark) -> etree._Element:
    """`new` with the differences from `old` tracked (their w:pPr are the same)."""
    before, after = paragraph_tokens(old), paragraph_tokens(new)
    result = etree.Element(qname("w:p"), dict(new.attrib))
    properties = new.find(qname("w:pPr"))
    if properties is not None:
        result.append(copy.deepcopy(properties))
    matcher = SequenceMatcher(None, [t.key for t in before], [t.key for t in after], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(_wrapped(after[j1:j2], None, mark))
            continue
        result.extend(_wrapped(before[i1:i2], "del", mark))
        result.extend(_wrapped(after[j1:j2], "ins", mark))
    return result


def track_properties(paragraph, before, mark: Mark) -> None:
    """The paragraph's properties changed from `before` (w:pPrChange, its last child): Word
    puts the old ones back when the change is rejected."""
    properties = _properties_of(paragraph)
    change = mark.element("pPrChange")
    old = etree.SubElement(change, qname("w:pPr"))
    for child in (before if before is not None else ()):
        if child.tag not in (qname("w:rPr"), qname("w:sectPr"), qname("w:pPrChange")):
            old.append(copy.deepcopy(child))
    properties.append(change)


def similar(old_text: str, new_text: str) -> bool:
    """Worth showing word by word (else: the old paragraph deleted, the new one inserted)."""
    if not old_text or not new_text:
        return old_text == new_text
    return SequenceMatcher(None, tokens(old_text), tokens(new_text), autojunk=False).ratio() >= 0.4


def number_marks(root) -> int:
    """Number every w:ins / w:del (and property change) below `root` 1, 2, 3 … in document order; returns the count."""
    count = 0
    for element in root.iter(qname("w:ins"), qname("w:del"), qname("w:pPrChange"), qname("w:tblGridChange")):
        count += 1
        element.set(qname("w:id"), str(count))
    return count
