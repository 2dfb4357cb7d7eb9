"""Two Word job descriptions made by the same writer → one body with the differences tracked.

The older and the newer job description are built exactly as `jobdesc build` builds them
(jd/docx_writer.py); this module lines up their blocks (paragraphs and tables) by text,
then, per pair, their table rows and their runs (tracked_runs.py):

* a block or a row only in the older version is deleted (a table row by w:trPr/w:del, its
  cells' text and marks deleted with it), one only in the newer version inserted;
* a paragraph changed in place keeps its properties and has the changed words tracked; when
  its properties changed too (a box of the reporting line grown wider), or it says something
  else entirely, the old paragraph is deleted and the new one inserted;
* a table whose columns stayed (as many, each cell spanning as before) is compared row by
  row, and takes the newer widths (w:tblGridChange keeps the older grid for Word); one whose
  columns changed is deleted and inserted whole.

Accepting every change leaves the newer document's blocks, rejecting every change the
older one's.
"""
from __future__ import annotations

import copy
from difflib import SequenceMatcher
from typing import Callable, Sequence

from lxml import etree

from ..jd.docx_body import qname
from .tracked_runs import Mark, mark_end, merged_paragraph, plain_runs, similar, track_properties, tracked_whole

P, TBL, TR, TC = qname("w:p"), qname("w:tbl"), qname("w:tr"), qname("w:tc")
TEXTS = (qname("w:t"), qname("w:delText"))


def text_of(element) -> str:
    parts = []
    for node in element.iter(P, *TEXTS, qname("w:tab"), qname("w:br")):
        if node.tag == P:
            parts.append("\n")
        elif node.tag in TEXTS:
            parts.append(node.text or "")
        else:
            parts.append("\t")
    return "".join(parts)


def _same(a, b) -> bool:
    return etree.tostring(a) == etree.tostring(b)


def _key(block) -> tuple:
    return block.tag, text_of(block)


def _aligned(old: Sequence, new: Sequence, key: Callable, pair: Callable, whole: Callable) -> list:
    """The merged sequence: `pair(o, n)` for a matched pair (None: cannot be merged), `whole(e,
    kind)` for one side's element alone."""
    result: list = []
    matcher = SequenceMatcher(None, [key(e) for e in old], [key(e) for e in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        if tag == "equal":
            for a, b in zip(olds, news):
                result += [copy.deepcopy(b)] if _same(a, b) else _pair_or_both(a, b, pair, whole)
            continue
        for b in news:  # each new block with the next old one it can be paired with, in order
            for k, a in enumerate(olds):
                merged = pair(a, b)
                if merged is not None:
                    result += [whole(skipped, "del") for skipped in olds[:k]] + [merged]
                    olds = olds[k + 1:]
                    break
            else:
                result.append(whole(b, "ins"))
        result += [whole(a, "del") for a in olds]
    return result


def _pair_or_both(a, b, pair: Callable, whole: Callable) -> list:
    merged = pair(a, b)
    return [merged] if merged is not None else [whole(a, "del"), whole(b, "ins")]


class TrackedBody:
    def __init__(self, mark: Mark):
        self.mark = mark

    # ------------------------------------------------------------------ blocks
    def blocks(self, old: Sequence, new: Sequence) -> list:
        blocks = _aligned(old, new, _key, self._pair_block, self._whole_block)
        _marks_before_tables(blocks)
        return blocks

    def _pair_block(self, a, b):
        if a.tag != b.tag:
            return None
        if a.tag == P:
            return self._pair_paragraph(a, b)
        if a.tag == TBL:
            return self._pair_table(a, b)
        return copy.deepcopy(b) if _same(a, b) else None

    def _whole_block(self, block, kind: str):
        if block.tag == P:
            return tracked_whole(block, kind, self.mark)
        if block.tag == TBL:
            table = copy.deepcopy(block)
            for row in list(table.iterfind(TR)):
                row.addprevious(self._whole_row(row, kind))
                table.remove(row)
            return table
        return copy.deepcopy(block)  # (a bookmark or the like: this writer makes none)

    def _pair_paragraph(self, a, b, word_by_word: bool = False):
        """`word_by_word`: however different the texts (a cell's last paragraph cannot be
        deleted and inserted whole: its mark is the cell's)."""
        if not (plain_runs(a) and plain_runs(b)) or not (word_by_word or similar(text_of(a), text_of(b))):
            return None
        before, after = a.find(qname("w:pPr")), b.find(qname("w:pPr"))
        if _style(before) != _style(after):
            return None
        merged = merged_paragraph(a, b, self.mark)
        if (before is None) != (after is None) or (before is not None and not _same(before, after)):
            track_properties(merged, before, self.mark)  # kept with the next line now, a box wider …
        return merged

    # ------------------------------------------------------------------ tables
    def _pair_table(self, a, b):
        grid_a, grid_b = a.find(qname("w:tblGrid")), b.find(qname("w:tblGrid"))
        if grid_a is None or grid_b is None or len(grid_a) != len(grid_b):
            return None
        table = etree.Element(TBL, dict(b.attrib))
        for child in b:
            if child.tag != TR:
                table.append(copy.deepcopy(child))
        grid = table.find(qname("w:tblGrid"))
        if not _same(grid_a, grid_b):  # Word shows the old widths on rejecting; the text is tracked below
            change = etree.SubElement(grid, qname("w:tblGridChange"), {qname("w:id"): "0"})
            old_grid = etree.SubElement(change, qname("w:tblGrid"))
            old_grid.extend(copy.deepcopy(column) for column in grid_a)
        table.extend(_aligned(a.findall(TR), b.findall(TR), text_of, self._pair_row, self._whole_row))
        return table

    def _pair_row(self, a, b):
        cells_a, cells_b = a.findall(TC), b.findall(TC)
        spans = [[_span(c) for c in cells] for cells in (cells_a, cells_b)]
        if spans[0] != spans[1]:
            return None
        row = etree.Element(TR, dict(b.attrib))
        for child in b:
            if child.tag != TC:
                row.append(copy.deepcopy(child))
        for old_cell, new_cell in zip(cells_a, cells_b):
            cell = etree.SubElement(row, TC, dict(new_cell.attrib))
            for child in new_cell:
                if child.tag != P:
                    cell.append(copy.deepcopy(child))
            paragraphs = _aligned(old_cell.findall(P), new_cell.findall(P), _key,
                                  lambda x, y: self._pair_paragraph(x, y, word_by_word=True), self._whole_block)
            mark_of_last = paragraphs[-1].find(f'{qname("w:pPr")}/{qname("w:rPr")}') if paragraphs else None
            if not paragraphs or (mark_of_last is not None and mark_of_last.find(qname("w:ins")) is not None) or (
                    mark_of_last is not None and mark_of_last.find(qname("w:del")) is not None):
                return None  # a cell ends in a paragraph that stays (its mark is the cell's): the row replaced
            cell.extend(paragraphs)
        return row

    def _whole_row(self, row, kind: str):
        result = copy.deepcopy(row)
        for cell in result.iterfind(TC):
            for paragraph in cell.findall(P):
                paragraph.addprevious(tracked_whole(paragraph, kind, self.mark))
                cell.remove(paragraph)
        properties = result.find(qname("w:trPr"))
        if properties is None:
            properties = etree.Element(qname("w:trPr"))
            exceptions = result.find(qname("w:tblPrEx"))
            (exceptions.addnext if exceptions is not None else lambda e: result.insert(0, e))(properties)
        properties.append(self.mark.element(kind))
        return result


def _mark_kind(paragraph):
    """The tracked mark of a paragraph's end (its w:ins / w:del element), or None."""
    if paragraph.tag != P:
        return None
    mark = paragraph.find(f'{qname("w:pPr")}/{qname("w:rPr")}')
    if mark is None:
        return None
    return next((m for m in mark if m.tag in (qname("w:ins"), qname("w:del"))), None)


def _marks_before_tables(blocks: list) -> None:
    """Paragraphs added or removed whole just before a table (a section's heading and its
    table): their last paragraph mark cannot join the table when the change is accepted or
    rejected, and LibreOffice leaves an empty paragraph there. The mark tracked is moved to
    the paragraph kept before them, whose text and look then stay, as Word (since 2013) and
    LibreOffice keep the first paragraph's look when two join."""
    for index in range(2, len(blocks)):
        if blocks[index].tag != TBL or _mark_kind(blocks[index - 1]) is None:
            continue
        kind = _mark_kind(blocks[index - 1]).tag
        start = index - 1
        while start > 0 and _mark_kind(blocks[start - 1]) is not None and _mark_kind(blocks[start - 1]).tag == kind:
            start -= 1
        anchor = blocks[start - 1] if start > 0 else None
        if anchor is None or anchor.tag != P or _mark_kind(anchor) is not None:
            continue
        mark = _mark_kind(blocks[index - 1])
        holder = mark.getparent()
        holder.remove(mark)
        if not len(holder):
            holder.getparent().remove(holder)
        mark_end(anchor, mark)


def _style(properties) -> str:
    style = properties.find(qname("w:pStyle")) if properties is not None else None
    return "" if style is None else style.get(qname("w:val"), "")


def _span(cell) -> str:
    span = cell.find(f'{qname("w:tcPr")}/{qname("w:gridSpan")}')
    return "1" if span is None else span.get(qname("w:val"), "1")
