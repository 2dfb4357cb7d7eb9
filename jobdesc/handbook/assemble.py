"""Put the handbook together at PDF level, reusing pages other renderers already laid out.

Laying out hundreds of job descriptions is the expensive part of a build; the handbook
must not do it a second time. So every section arrives as a finished PDF (a job
description chunk, the org chart, the staffing table, ...) and this module only merges
pages (pypdf), adds the bookmark tree and stamps the handbook's own page numbers onto
each page from a small overlay PDF. pypdf output is deterministic: no random /ID, no dates
unless we set them.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from ..determinism import build_datetime

A4 = (595.276, 841.89)  # points


@dataclass
class Section:
    """A run of pages in the handbook: `pages` of `source` (all of them when None)."""

    title: str
    source: Path | bytes
    pages: Optional[Sequence[int]] = None
    fit_a4: bool = False  # scale pages of another size (an A3 org chart) to fit A4

    def page_count(self) -> int:
        return len(self.pages) if self.pages is not None else page_count(self.source)


@dataclass
class Bookmark:
    """An outline entry pointing at a 0-based page of the finished PDF."""

    title: str
    page: int
    children: list["Bookmark"] = field(default_factory=list)


def _reader(source: Path | bytes) -> PdfReader:
    return PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)


def page_count(source: Path | bytes) -> int:
    return len(_reader(source).pages)


def _fit_to_a4(page: PageObject) -> None:
    """Scale a page of another paper size onto A4 in the same orientation, centred."""
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    target_w, target_h = (A4[1], A4[0]) if width > height else A4
    if abs(width - target_w) < 1 and abs(height - target_h) < 1:
        return
    scale = min(target_w / width, target_h / height)
    dx, dy = (target_w - width * scale) / 2, (target_h - height * scale) / 2
    page.add_transformation(Transformation().scale(scale, scale).translate(dx, dy))
    page.mediabox.lower_left = (0, 0)
    page.mediabox.upper_right = (target_w, target_h)
    page.cropbox = page.mediabox
    page.trimbox = page.mediabox
    page.artbox = page.mediabox
    page.bleedbox = page.mediabox


def merge(sections: Sequence[Section], outline: Sequence[Bookmark], *, title: str,
          stamps: Optional[Path | bytes] = None, stamp_from: int = 0) -> bytes:
    """Merge sections into one PDF with an outline; optionally stamp overlay page i onto
    page `stamp_from + i` (the handbook's page numbers)."""
    writer = PdfWriter()
    readers: dict[int, PdfReader] = {}  # a chunk PDF serves many sections: parse it once
    for section in sections:
        key = id(section.source)
        reader = readers.setdefault(key, _reader(section.source))
        indexes = list(section.pages) if section.pages is not None else list(range(len(reader.pages)))
        for index in indexes:
            page = writer.add_page(reader.pages[index])
            if section.fit_a4:
                _fit_to_a4(page)
    if stamps is not None:
        overlay = _reader(stamps)
        for offset, stamp in enumerate(overlay.pages):
            target = stamp_from + offset
            if target < len(writer.pages):
                writer.pages[target].merge_page(stamp, over=True)
    _add_bookmarks(writer, outline, None)
    writer.page_mode = "/UseOutlines"  # open with the bookmark pane, like a handbook should
    stamp = build_datetime().strftime("D:%Y%m%d%H%M%SZ")
    writer.add_metadata({"/Title": title, "/Producer": "jobdesc", "/CreationDate": stamp, "/ModDate": stamp})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_bookmarks(writer: PdfWriter, bookmarks: Sequence[Bookmark], parent) -> None:
    for mark in bookmarks:
        item = writer.add_outline_item(title=mark.title, page_number=mark.page, parent=parent)
        _add_bookmarks(writer, mark.children, item)


def page_sizes(sources: Sequence[Section]) -> list[tuple[float, float]]:
    """The (width, height) of every page the sections will contribute, after A4 fitting."""
    sizes = []
    for section in sources:
        reader = _reader(section.source)
        indexes = list(section.pages) if section.pages is not None else range(len(reader.pages))
        for index in indexes:
            box = reader.pages[index].mediabox
            w, h = float(box.width), float(box.height)
            if section.fit_a4:
                w, h = (A4[1], A4[0]) if w > h else A4
            sizes.append((w, h))
    return sizes
