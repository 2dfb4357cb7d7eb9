"""Join finished PDFs at PDF level: the handbook (reusing pages other outputs already laid
out), and raci.pdf and orgchart.pdf from the pieces the workers laid out.

Laying out hundreds of job descriptions is the expensive part of a build; the handbook
must not do it a second time. So every section arrives as a finished PDF (a job
description chunk, the org chart, the staffing table, ...) and this module only merges
pages, adds the bookmark tree and stamps the handbook's own page numbers onto each page
from a small overlay PDF. It uses pikepdf (qpdf): about ten times faster than a pure
Python PDF library on a thousand-page handbook, and its `deterministic_id` keeps the
output byte-identical for identical input.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

import pikepdf

from ..determinism import build_datetime
from ..environment import write_failed
from .fontshare import share_fonts
from .stamps import drop_page_footer, retarget_links, stamp_page_numbers

A4 = (595.276, 841.89)  # points


@dataclass
class Section:
    """A run of pages in the handbook: `pages` of `source` (all of them when None)."""

    title: str
    source: Path | bytes
    pages: Optional[Sequence[int]] = None
    fit_a4: bool = False  # scale pages of another size (an A3 org chart) to fit A4
    footer_margin: Optional[float] = None  # pt: drop the page's own footer text printed in this bottom margin
    links: bool = False  # its pages hold jobdesc-page:N links (the contents, the index)


@dataclass
class Bookmark:
    """An outline entry pointing at a 0-based page of the finished PDF."""

    title: str
    page: int
    children: list["Bookmark"] = field(default_factory=list)


class Sources:
    """Opens each source PDF once, however many sections take pages from it (a chunk of
    job descriptions serves several sections)."""

    def __init__(self):
        self._open: dict[int | Path, pikepdf.Pdf] = {}
        self._keep: list[bytes] = []  # keep bytes alive: ids must not be reused while open

    def pdf(self, source: Path | bytes) -> pikepdf.Pdf:
        key = source if isinstance(source, Path) else id(source)
        if key not in self._open:
            if isinstance(source, bytes):
                self._keep.append(source)
                self._open[key] = pikepdf.open(io.BytesIO(source))
            else:
                self._open[key] = pikepdf.open(source)
        return self._open[key]

    def indexes(self, section: Section) -> list[int]:
        return list(section.pages) if section.pages is not None else list(range(len(self.pdf(section.source).pages)))

    def page_count(self, section: Section) -> int:
        return len(section.pages) if section.pages is not None else len(self.pdf(section.source).pages)

    def close(self) -> None:
        for pdf in self._open.values():
            pdf.close()
        self._open.clear()
        self._keep.clear()


def _is_a4(page: pikepdf.Page) -> bool:
    box = page.mediabox
    w, h = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
    return abs(min(w, h) - A4[0]) < 1 and abs(max(w, h) - A4[1]) < 1


def _draw_page_over(target_pdf: pikepdf.Pdf, target: pikepdf.Page, page: pikepdf.Page, name: str,
                    scale: float, dx: float, dy: float) -> None:
    """Draw `page` on top of `target`, scaled and moved, as a form XObject called `name`.

    (pikepdf's add_overlay does the same but names the XObject randomly, which would make
    every build's bytes different.)"""
    form = page.as_form_xobject()
    if not page.obj.is_owned_by(target_pdf):
        form = target_pdf.copy_foreign(form)
    target.add_resource(form, pikepdf.Name.XObject, pikepdf.Name("/" + name), replace_existing=True)
    target.contents_add(b"q\n", prepend=True)
    target.contents_add(f"Q\nq {scale:.6f} 0 0 {scale:.6f} {dx:.4f} {dy:.4f} cm /{name} Do Q\n".encode())


def _append_fitted(target: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Append `page` scaled onto a blank A4 page of the same orientation, centred."""
    box = page.mediabox
    x0, y0 = float(box[0]), float(box[1])
    w, h = float(box[2]) - x0, float(box[3]) - y0
    target_w, target_h = (A4[1], A4[0]) if w > h else A4
    scale = min(target_w / w, target_h / h)
    target.add_blank_page(page_size=(target_w, target_h))
    dx = (target_w - w * scale) / 2 - x0 * scale
    dy = (target_h - h * scale) / 2 - y0 * scale
    _draw_page_over(target, target.pages[-1], page, f"JobdescFitted{len(target.pages)}", scale, dx, dy)


def merge(sections: Sequence[Section], outline: Sequence[Bookmark], path: Path, *, title: str,
          number_from: Optional[int] = None, stamp: Optional[Callable[[pikepdf.Pdf], None]] = None,
          sources: Optional[Sources] = None) -> Path:
    """Merge sections into one PDF with an outline, written straight to `path` (a 45 MB
    handbook is not held in memory twice); with `number_from`, print page numbers (the
    page's 1-based position) on every page from that 0-based index on; `stamp` may draw
    anything else onto the merged pages. The sections' PDFs are opened here, or taken
    from `sources` (which the caller then closes) when it has them open already."""
    own = sources is None
    sources = Sources() if own else sources
    try:
        out = pikepdf.new()
        linking: list[int] = []  # pages whose links are resolved once all pages are in
        for section in sections:
            pages = sources.pdf(section.source).pages
            for index in sources.indexes(section):
                if section.links:
                    linking.append(len(out.pages))
                if section.fit_a4 and not _is_a4(pages[index]):
                    _append_fitted(out, pages[index])
                else:
                    out.pages.append(pages[index])
                    if section.footer_margin is not None:
                        drop_page_footer(out.pages[-1], section.footer_margin)
        if number_from is not None:
            stamp_page_numbers(out, number_from, number_from + 1)
        if stamp is not None:
            stamp(out)
        share_fonts(out)  # each face once, not once per job-description chunk
        _link_page_references(out, linking)
        with out.open_outline() as tree:
            tree.root.extend(_outline_items(outline))
        out.Root.PageMode = pikepdf.Name.UseOutlines  # open with the bookmark pane, like a handbook should
        path.parent.mkdir(parents=True, exist_ok=True)
        _save(out, title, path)
    except OSError as exc:
        raise write_failed(path, exc) from None
    finally:
        if own:
            sources.close()
    return path


PAGE_LINK = "jobdesc-page:"  # a link to page N (1-based) of the merged PDF: href="jobdesc-page:N"


def _link_page_references(pdf: pikepdf.Pdf, indexes: Sequence[int]) -> None:
    """Turn the links a section laid out to "jobdesc-page:N" (the contents and the index,
    laid out before the pages they point at exist in one PDF) into links to page N; such a
    link with no page (an entry without a number) is removed."""
    retarget_links(pdf, (pdf.pages[i] for i in indexes), PAGE_LINK,
                   lambda _page, _link, number: int(number) if number.isdigit() else None)


def _save(pdf: pikepdf.Pdf, title: str, target: Path | io.BytesIO) -> None:
    """Fixed metadata dates and a content-derived /ID: identical input, identical bytes."""
    stamp = build_datetime().strftime("D:%Y%m%d%H%M%SZ")
    pdf.docinfo["/Title"] = title
    pdf.docinfo["/Producer"] = "jobdesc"
    pdf.docinfo["/CreationDate"] = stamp
    pdf.docinfo["/ModDate"] = stamp
    pdf.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def _outline_items(bookmarks: Sequence[Bookmark]) -> list[pikepdf.OutlineItem]:
    items = []
    for mark in bookmarks:
        item = pikepdf.OutlineItem(mark.title, mark.page)
        item.children.extend(_outline_items(mark.children))
        items.append(item)
    return items


def extract_from(pdf: pikepdf.Pdf, first: int, count: int, title: str) -> bytes:
    out = pikepdf.new()
    out.pages.extend(pdf.pages[first:first + count])
    _keep_destinations(pdf, out, first, count)
    buffer = io.BytesIO()
    _save(out, title, buffer)
    return buffer.getvalue()


def _keep_destinations(pdf: pikepdf.Pdf, out: pikepdf.Pdf, first: int, count: int) -> None:
    """The named destinations (WeasyPrint's, one per element id) that point at the pages taken:
    the box a personal copy prints a name in (sign-off, pdf/personal.py). A job description
    without ids has none, and its bytes are as before."""
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if isinstance(names, pikepdf.Dictionary) else None
    pairs = list(dests.get("/Names") or []) if isinstance(dests, pikepdf.Dictionary) else []
    taken = {page.objgen: out.pages[i].obj for i, page in enumerate(pdf.pages[first:first + count])}
    kept: list = []
    for name, dest in zip(pairs[::2], pairs[1::2]):
        if isinstance(dest, pikepdf.Array) and len(dest) >= 1 and dest[0].objgen in taken:
            kept += [name, pikepdf.Array([taken[dest[0].objgen], *list(dest)[1:]])]
    if kept:
        out.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=pikepdf.Array(kept)))


def join_pdfs(pdfs: Sequence[bytes], title: str) -> bytes:
    """The pages of `pdfs`, in order, as one PDF (deterministic bytes)."""
    out = pikepdf.new()
    opened = [pikepdf.open(io.BytesIO(data)) for data in pdfs]
    try:
        for pdf in opened:
            out.pages.extend(pdf.pages)
        buffer = io.BytesIO()
        _save(out, title, buffer)
        return buffer.getvalue()
    finally:
        for pdf in opened:
            pdf.close()
