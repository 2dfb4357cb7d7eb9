"""The Word handbook's document: the template's styles and page, and the building blocks
the parts of handbook.docx are made of (the parts are in docx_handbook.py, the fragments
kept in the build cache in docx_fragments.py).

Speed: job descriptions are not written a second time; their bodies are moved over from
the .docx files the JD renderer already wrote (docx_jd.py). Everything else is built as
lxml elements (docx_xml.py): python-docx only opens the template and adds the pictures.

Fragments (docx_fragments.py) stand in the body as placeholders and are joined into
document.xml when the document is saved (`HandbookDocument.document_xml`); the same code
path runs with or without a cache, so an incremental build gives the bytes of a clean one.
"""
from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Optional

from docx.oxml.ns import qn
from lxml import etree

from .. import cache as build_cache
from ..determinism import document_date
from ..build_graph import BuildContext
from ..jd.docx_fonts import prepare_styles
from ..jd.docx_header import fill_headers
from ..jd.docx_package import ALREADY_COMPRESSED
from ..jd.docx_writer import WordJobDescription, save_deterministic
from ..jd.labels import jd_labels
from .docx_fragments import FRAGMENT_FORMAT, Fragments, Heading, _json, code_fingerprint
from .docx_styles import face_lookup, find_style, header_row_look, prepare_handbook_styles
from .docx_wide_pages import PAPER_TWIPS, WidePages
from .docx_xml import CM, FRAGMENT_TAG, FragmentCodec, bookmarked, el, paragraph, run
from .labels import handbook_labels

DOCX_TEMPLATE = "jd.docx"
INDEX_COLUMN_GAP = int(0.8 * CM)
COLS_SUCCESSORS = ("formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
                   "printerSettings")
DEFAULT_TABLE_SIZE = 10.5  # points, when the template's Normal style names no size


@dataclass(frozen=True)
class Page:
    """The template's page (portrait as designed) and what fits on it, in twips."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @classmethod
    def of(cls, sect_pr) -> "Page":
        size, margins = sect_pr.find(qn("w:pgSz")), sect_pr.find(qn("w:pgMar"))
        w, h = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
        value = {k: int(margins.get(qn(f"w:{k}"))) for k in ("left", "right", "top", "bottom")}
        return cls(min(w, h), max(w, h), **value)

    def text_width(self, landscape: bool = False) -> int:
        return (self.height if landscape else self.width) - self.left - self.right

    def text_height(self, landscape: bool = False) -> int:
        return (self.width if landscape else self.height) - self.top - self.bottom

    def on_paper(self, paper: Optional[str]) -> "Page":
        """The same margins on another paper (the org chart's A3); None or the template's own
        size: this page."""
        if paper is None or paper not in PAPER_TWIPS or PAPER_TWIPS[paper][0] <= self.width:
            return self
        width, height = PAPER_TWIPS[paper]
        return dataclasses.replace(self, width=width, height=height)


class HandbookDocument(Fragments):
    """The handbook being built: the template's document, with the body appended part by part."""

    def __init__(self, ctx: BuildContext):
        org = ctx.org
        self.ctx, self.org = ctx, org
        self.labels = handbook_labels(org.language)
        self.jd_labels = jd_labels(org.language)
        template = ctx.templates.find(DOCX_TEMPLATE)
        template_bytes = template.read_bytes()
        # The JD writer on the same template: same styles, and its numbered-item layout is reused.
        self.writer = WordJobDescription(template_bytes, self.jd_labels, template)
        self.doc = self.writer.doc
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.final = body.find(qn("w:sectPr"))  # the last section's properties: the template's page
        self.page = Page.of(self.final)
        styles = self.doc.styles.element
        prepare_styles(styles, org.language)
        prepare_handbook_styles(styles, self.page.text_width())
        handbook = org.org.handbook
        self.title = handbook.title or self.labels["default_title"]
        version = f"{self.labels['version']} {handbook.version}" if handbook.version else self.labels["default_title"]
        fill_headers(self.doc, {"organisation": org.org.organization, "title": self.title, "document": version},
                     (self.jd_labels["page_before"], self.jd_labels["page_middle"], self.jd_labels["page_after"]))
        # Landscape pages, and the org chart's on its own paper, get headers and footers
        # whose tab stops reach their right margin (made now: fragments name their ids).
        self.chart_page = self.page.on_paper(ctx.options.paper)
        self.wide_pages = WidePages(self.doc, self.final, self.page.text_width())
        for width in (self.page.text_width(landscape=True), self.chart_page.text_width(landscape=True)):
            self.wide_pages.prepare(width)
        self.face = face_lookup(self.doc)
        self.header_look = header_row_look(styles)
        normal = self.doc.styles["Normal"].font.size  # table text is the body's size
        self.table_size = normal.pt if normal is not None else DEFAULT_TABLE_SIZE
        self.headings: list[Heading] = []
        self._next_bookmark = 1
        # Fragments: serialized blocks standing in the body as placeholders until saved.
        self.codec = FragmentCodec(self.doc.element.nsmap)
        self.fragments: dict[etree._Element, bytes] = {}  # placeholder → the blocks' bytes
        self.sink: Optional[etree._Element] = None  # while a fragment is built: where add() puts blocks
        # What every fragment depends on besides its own data: the template (styles, faces,
        # page size, namespaces), the language's labels and the code.
        self.context = build_cache.digest(FRAGMENT_FORMAT, code_fingerprint(), template_bytes, org.language,
                                          _json([self.labels, self.jd_labels]))

    # ------------------------------------------------------------ building blocks

    def add(self, *elements) -> None:
        if self.sink is not None:
            self.sink.extend(elements)
            return
        for element in elements:
            self.final.addprevious(element)

    def new_bookmark(self) -> int:
        """The next bookmark number: bookmark ids run through the document."""
        number = self._next_bookmark
        self._next_bookmark += 1
        return number

    def last_block(self):
        """The block added last (a fragment that holds it is parsed back into the body)."""
        if self.sink is not None:
            assert len(self.sink), "a fragment can only change blocks of its own"
            return self.sink[-1]
        last = self.final.getprevious()
        while last is not None and last.tag == FRAGMENT_TAG:
            for block in self.codec.parse(self.fragments.pop(last)):
                last.addprevious(block)
            last.getparent().remove(last)
            last = self.final.getprevious()
        return last

    def style(self, wanted: str, fallback: Optional[str] = None) -> Optional[str]:
        return wanted if find_style(self.doc.styles.element, wanted) is not None else fallback

    def text(self, text: str, style: Optional[str] = None, **look):
        """A paragraph of one run; `look` splits into run formatting and paragraph settings."""
        run_look = {k: look.pop(k) for k in ("bold", "size", "color") if k in look}
        p = paragraph([run(text, self.face(style), **run_look)], style=style, **look)
        self.add(p)
        return p

    def heading(self, text: str, level: int, page_break: bool = True) -> str:
        """A Heading N paragraph with a bookmark (for the contents and the index); returns its name."""
        number = self.new_bookmark()
        bookmark = f"_Hb{number}"  # a leading underscore: hidden from Word's bookmark list
        self.add(paragraph(bookmarked(number, bookmark, [run(text, self.face(f"Heading{level}"))]),
                           style=f"Heading{level}", page_break=page_break))
        self.headings.append(Heading(level, text, bookmark))
        return bookmark

    def end_section(self, *, landscape: bool = False, headers: bool = True, own_paragraph: bool = False,
                    page: Optional[Page] = None) -> None:
        """Close the section so far (its pages' size and orientation, on `page`'s paper when
        given); the next one starts a new page. The section properties go into the last
        paragraph, or a tiny paragraph of their own."""
        properties = self._section_properties(landscape, headers, page=page)
        last = self.last_block()
        if own_paragraph or last is None or last.tag != qn("w:p") or \
                last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            last = paragraph(mark_size=1)
            self.add(last)
        ppr = last.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("w:pPr")
            last.insert(0, ppr)
        ppr.append(properties)

    def _section_properties(self, landscape: bool, headers: bool, columns: int = 1, continuous: bool = False,
                            page: Optional[Page] = None):
        page = page or self.page
        properties = copy.deepcopy(self.final)
        if not headers:
            for reference in properties.findall(qn("w:headerReference")) + properties.findall(qn("w:footerReference")):
                properties.remove(reference)
        self.wide_pages.use(properties, page.text_width(landscape))
        size = properties.find(qn("w:pgSz"))
        long, short = str(page.height), str(page.width)
        size.set(qn("w:w"), long if landscape else short)
        size.set(qn("w:h"), short if landscape else long)
        if landscape:
            size.set(qn("w:orient"), "landscape")
        else:
            size.attrib.pop(qn("w:orient"), None)
        cols = properties.find(qn("w:cols"))
        if cols is None:  # before the elements the schema puts after it
            cols = el("w:cols")
            later = [c for c in properties if etree.QName(c).localname in COLS_SUCCESSORS]
            if later:
                later[0].addprevious(cols)
            else:
                properties.append(cols)
        cols.attrib.clear()
        cols.set(qn("w:space"), str(INDEX_COLUMN_GAP))
        if columns > 1:
            cols.set(qn("w:num"), str(columns))
        kind = properties.find(qn("w:type"))
        if continuous and kind is None:
            kind = el("w:type")
            size.addprevious(kind)  # w:type comes right before w:pgSz
        if kind is not None:
            kind.set(qn("w:val"), "continuous" if continuous else "nextPage")
        return properties


    def save(self) -> bytes:
        settings = self.doc.settings.element
        update = el("w:updateFields", {"w:val": "true"})
        successors = [settings.find(qn(t)) for t in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                                                    "w:docVars", "w:rsids")]
        successor = next((s for s in successors if s is not None), None)  # keep the schema's order
        if settings.find(qn("w:updateFields")) is None:
            if successor is not None:
                successor.addprevious(update)
            else:
                settings.append(update)
        org = self.org
        return save_deterministic(self.doc, self.title, org.org.organization, org.org.organization,
                                  replaced={self.doc.part: self.document_xml()}, stored=ALREADY_COMPRESSED,
                                  date=document_date(org))

    def document_xml(self) -> bytes:
        """word/document.xml: the body serialized with each placeholder replaced by its fragment."""
        root = self.doc.element
        order = [self.fragments[placeholder] for placeholder in root.body.iterchildren(FRAGMENT_TAG)]
        assert len(order) == len(self.fragments), "a fragment's placeholder left the body"
        pieces = etree.tostring(root, encoding="UTF-8", standalone=True).split(self.codec.placeholder)
        assert len(pieces) == len(order) + 1
        joined = [pieces[0]]
        for data, piece in zip(order, pieces[1:]):
            joined += [data, piece]
        return b"".join(joined)


