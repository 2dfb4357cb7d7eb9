"""handbook.docx: the whole 岗位说明书汇编 as one Word document HR can open and edit.

The same content in the same order as handbook.pdf: cover, contents, org chart, staffing
table, then each department in tree order (its duties and positions) followed by its
positions' job descriptions in reporting-line order, the RACI matrices, and an index of
positions in pinyin order.

Word lays out the pages, so the page numbers are Word's: the contents is a real TOC field
and the index's numbers are PAGEREF fields to bookmarks on the position headings.
settings.xml asks Word to update fields on opening (w:updateFields). Until it does, the
contents field shows every heading (as links) and each page number shows "—": a number
taken from handbook.pdf would be wrong, WeasyPrint and Word break pages differently.

Speed: job descriptions are not written a second time; their bodies are moved over from
the .docx files the JD renderer already wrote (docx_jd.py). Everything else is built as
lxml elements (docx_xml.py): python-docx only opens the template and adds the pictures.

Rebuilds: the body is put together from fragments (each department's page, each job
description, the staffing table, the RACI matrices, the index, the contents), each kept in
the build cache as the bytes it has inside document.xml, under the hash of everything it
is made from (its data, the template, the language's labels and this code). A rebuild
after one role changed makes that role's fragment again and copies the others; bookmark
numbers that moved are renumbered in the bytes. Fragments are joined into document.xml
when the document is saved (`HandbookDocument.document_xml`), and the same code path runs
with or without a cache, so an incremental build gives the bytes of a clean one.
"""
from __future__ import annotations

import copy
import functools
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree
from PIL import Image

from .. import cache as build_cache
from ..build import BuildContext
from ..i18n import labels_for
from ..jd.context import ItemGroup, NumberedItem, number_items
from ..jd.docx_fonts import prepare_styles, set_run_east_asia
from ..jd.docx_header import fill_headers
from ..jd.docx_package import ALREADY_COMPRESSED, write_atomically
from ..jd.docx_writer import WordJobDescription, save_deterministic
from ..jd.labels import jd_labels
from ..render import raci as raci_render
from ..render import staffing as staffing_render
from ..tables.labels import title_block
from ..tables.raci_matrix import analyse, build_matrix
from ..tables.staffing_rows import staffing_rows
from .docx_chart import Pictures, chart_pictures
from .docx_jd import jd_body, jd_source, page_break_before, serialized_in_place
from .docx_styles import TOC_LEVELS, face_lookup, find_style, header_row_look, prepare_handbook_styles
from .docx_tables import legend_runs, process_tables, staffing_table
from .docx_xml import (CM, FRAGMENT_TAG, Cell, FragmentCodec, bookmarked, el, field, field_begin, field_end,
                       internal_link, paragraph, run, split_widths, table)
from .frontmatter import index_groups
from .labels import handbook_labels

DOCX_TEMPLATE = "jd.docx"
EMU_PER_TWIP = 635
MUTED = "6B7785"
PAGE_PLACEHOLDER = "—"  # what a page-number field shows until Word updates it
CHART_HEADROOM = int(2.2 * CM)  # room above a chart picture for the part heading
INDEX_COLUMN_GAP = int(0.8 * CM)
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
COLS_SUCCESSORS = ("formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
                   "printerSettings")
FRAGMENTS = "handbook-docx"  # build-cache kind of the body's fragments
FRAGMENT_FORMAT = "1"  # bump when the stored layout of a fragment changes
# The modules whose code decides a fragment's bytes (besides the data in its key).
FRAGMENT_CODE = ("handbook/docx_*.py", "handbook/labels.py", "handbook/frontmatter.py", "jd/docx_*.py",
                 "jd/context.py", "jd/labels.py", "tables/raci_matrix.py", "tables/text.py", "i18n.py")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code that writes the fragments and of the libraries that serialize and
    sort them: a changed jobdesc module never reuses a fragment an older one cached."""
    import importlib.metadata

    import docx

    try:  # the index's order; importing pypinyin just for its version would cost 0.2 s
        pinyin = importlib.metadata.version("pypinyin")
    except importlib.metadata.PackageNotFoundError:
        pinyin = "?"
    package = Path(__file__).resolve().parent.parent
    files = sorted({path for pattern in FRAGMENT_CODE for path in package.glob(pattern)})
    return build_cache.digest(*(p.read_bytes() for p in files), docx.__version__, etree.__version__, pinyin)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _shift_name(bookmark: str, delta: int) -> str:
    """"_Hb12" moved by 3 → "_Hb15"."""
    stem = bookmark.rstrip("0123456789")
    return f"{stem}{int(bookmark[len(stem):]) + delta}" if delta else bookmark


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    bookmark: str


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


class HandbookDocument:
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
        self.face = face_lookup(self.doc)
        self.header_look = header_row_look(styles)
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

    def fragment(self, kind: str, material: Sequence[str | bytes], build: Callable[[], Optional[bytes]],
                 after=None) -> list[Heading]:
        """Add the blocks and headings `build()` adds, as one serialized fragment (after the
        element `after`, or at the end of the body); returns its headings. `build` may
        instead return its blocks already serialized (as FragmentCodec.serialize would).

        `material` is everything `build` reads besides this document's template, language
        and code: with a build cache, a fragment made of the same material is taken from it
        instead of built, its bookmarks renumbered to follow on from the blocks before."""
        assert self.sink is None, "fragments do not nest"
        active = build_cache.current()
        first = self._next_bookmark
        numbering = () if self.codec.can_renumber else (str(first),)
        key = build_cache.digest(FRAGMENTS, kind, self.context, *material, *numbering)
        found = self._cached_fragment(active, key, first) if active is not None else None
        if found is None:
            headings_before = len(self.headings)
            self.sink = self.codec.container()
            try:
                data = build()
                if data is None:
                    data = self.codec.serialize(self.sink)
                else:
                    assert not len(self.sink), "a fragment is either serialized or added, not both"
            finally:
                self.sink = None
            headings = self.headings[headings_before:]
            del self.headings[headings_before:]
            count = self._next_bookmark - first
            if active is not None:
                header = _json({"first": first, "count": count,
                                "headings": [[h.level, h.text, h.bookmark] for h in headings]})
                active.put(FRAGMENTS, key, header.encode() + b"\n" + data)
        else:
            data, headings, count = found
        self._next_bookmark = first + count
        self.headings.extend(headings)
        placeholder = el("w:jobdescFragment")
        self.fragments[placeholder] = data
        if after is None:
            self.add(placeholder)
        else:
            after.addnext(placeholder)
        return headings

    def _cached_fragment(self, active, key: str, first: int) -> Optional[tuple[bytes, list[Heading], int]]:
        stored = active.get(FRAGMENTS, key)
        if stored is None:
            return None
        header, _, data = stored.partition(b"\n")
        meta = json.loads(header)
        delta = first - meta["first"]
        shifted = self.codec.shift_bookmarks(data, meta["first"], meta["count"], delta)
        if shifted is None:  # not the bookmarks it should hold: build it again
            return None
        headings = [Heading(level, text, _shift_name(bookmark, delta)) for level, text, bookmark in meta["headings"]]
        if delta:  # store it as numbered now: the next build most likely numbers it the same
            meta.update(first=first, headings=[[h.level, h.text, h.bookmark] for h in headings])
            active.put(FRAGMENTS, key, _json(meta).encode() + b"\n" + shifted)
        return shifted, headings, meta["count"]

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

    def end_section(self, *, landscape: bool = False, headers: bool = True, own_paragraph: bool = False) -> None:
        """Close the section so far (its pages' size and orientation); the next one starts a new page.
        The section properties go into the last paragraph, or a tiny paragraph of their own."""
        properties = self._section_properties(landscape, headers)
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

    def _section_properties(self, landscape: bool, headers: bool, columns: int = 1, continuous: bool = False):
        properties = copy.deepcopy(self.final)
        if not headers:
            for reference in properties.findall(qn("w:headerReference")) + properties.findall(qn("w:footerReference")):
                properties.remove(reference)
        size = properties.find(qn("w:pgSz"))
        long, short = str(self.page.height), str(self.page.width)
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

    # ------------------------------------------------------------ the parts

    def cover(self) -> None:
        org, labels = self.org, self.labels
        handbook = org.org.handbook
        self.text(org.org.organization, size=16, color=MUTED, align="center", before=int(5 * CM), after=240)
        self.text(self.title, self.style("Title"), size=28, align="center", after=int(1.2 * CM))
        total = org.grand_total()
        rows = [(labels["version"], handbook.version), (labels["effective"], handbook.effective),
                (labels["approved_by"], handbook.approved_by), (labels["positions"], str(len(org.roles))),
                (labels["headcount"], f"{total.budget} / {total.filled} / {total.vacant}")]
        cells = [[Cell(label, bold=True), Cell(value)] for label, value in rows if value]
        self.add(table(split_widths(self.page.text_width(), (30, 70)), cells, self.face(None)))
        self.text(labels["approval_note"], size=9, color=MUTED, before=480)
        self.end_section(headers=False)  # a cover carries no header or page number

    def contents(self):
        """The contents' title; the field itself is filled in at the end, once every heading is known."""
        anchor = self.text(self.labels["contents"], self.style("TOCHeading", self.style("Title")))
        self.end_section(own_paragraph=True)  # the field goes between the title and the break
        return anchor

    def fill_contents(self, anchor) -> None:
        entries = [h for h in self.headings if h.level <= TOC_LEVELS]
        self.fragment("contents", [_json([[h.level, h.text, h.bookmark] for h in entries])],
                      lambda: self._contents_field(entries), after=anchor)

    def _contents_field(self, entries: list[Heading]) -> None:
        face = self.face(None)
        paragraphs = []
        for heading in entries:
            content = [internal_link(heading.bookmark, [run(heading.text, face)]), run("\t", face),
                       *field(f"PAGEREF {heading.bookmark} \\h", PAGE_PLACEHOLDER, face)]
            paragraphs.append(paragraph(content, style=f"TOC{heading.level}"))
        if not paragraphs:
            paragraphs = [paragraph()]
        first, last = paragraphs[0], paragraphs[-1]
        position = 1 if first.find(qn("w:pPr")) is not None else 0
        for offset, element in enumerate(field_begin(TOC_INSTRUCTION, face, dirty=True)):
            first.insert(position + offset, element)
        last.append(field_end())
        self.add(*paragraphs)

    def orgchart(self) -> None:
        pictures = chart_pictures(self.ctx.shared, self.ctx.out, self.ctx.templates.folders)
        if not pictures:
            return
        self.heading(self.labels["orgchart"], 1, page_break=False)
        box_w, box_h = self.page.text_width(landscape=True), self.page.text_height(landscape=True) - CHART_HEADROOM
        adder = Pictures(self.doc.part)
        for index, png in enumerate(pictures):
            with Image.open(io.BytesIO(png)) as image:
                pixels_w, pixels_h = image.size
            scale = min(box_w / pixels_w, box_h / pixels_h)
            inline = adder.inline(png, int(pixels_w * scale) * EMU_PER_TWIP, int(pixels_h * scale) * EMU_PER_TWIP)
            self.add(paragraph([el("w:r", children=[el("w:drawing", children=[inline])])], align="center",
                               page_break=index > 0))
        self.end_section(landscape=True)

    def staffing(self) -> None:
        org = self.org
        labels = labels_for(org.language, staffing_render.LABELS_ZH, staffing_render.LABELS_EN)
        shared = self.ctx.shared.get("staffing") or {}
        rows = shared.get("rows") or staffing_rows(org)
        total = org.grand_total()
        meta = [*title_block(org.org.handbook, labels),
                labels["totals"].format(budget=total.budget, filled=total.filled, vacant=total.vacant)]
        self.fragment("staffing", [repr(rows), repr((total, total.vacant)), _json([labels, meta])],
                      lambda: self._staffing(rows, total, labels, meta))

    def _staffing(self, rows, total, labels: dict[str, str], meta: list[str]) -> None:
        self.heading(self.labels["staffing"], 1, page_break=False)
        self.text("  |  ".join(meta), self.style("Subtitle"), after=120)
        self.add(staffing_table(rows, total, labels, self.page.text_width(), self.face(None), self.header_look))
        self.text(labels["note"], size=9, color=MUTED, before=120)

    def departments(self) -> dict[str, str]:
        """Each department's page, then its positions' job descriptions; returns role id → bookmark."""
        org, labels = self.org, self.labels
        self.heading(labels["departments"], 1)
        positions: dict[str, str] = {}
        for number, (dept, _depth) in enumerate(org.departments_in_tree_order()):
            roles = org.roles_in_department(dept.id)
            view = {  # all the department page shows
                "name": dept.name, "page_break": number > 0,
                "path": [d.name for d in org.department_path(dept.id)[:-1]],
                "duties": [[item.number, item.text, item.depth] for item in number_items(dept.duties)],
                "positions": [[r.title, r.grade or "", org.title_of(r.reports_to) if r.reports_to else "",
                               r.headcount.budget, r.headcount.filled, r.vacant] for r in roles],
                "sub_departments": [d.name for d in org.sub_departments(dept.id)],
            }
            self.fragment("department", [_json(view)], lambda view=view: self._department_page(view))
            for role in roles:
                positions[role.id] = self._job_description(role)
        return positions

    def _department_page(self, view: dict) -> None:
        labels, face = self.labels, self.face(None)
        self.heading(view["name"], 2, page_break=view["page_break"])
        if view["path"]:
            self.text(" / ".join(view["path"]), self.style("Subtitle"))
        if view["duties"]:
            self.heading(labels["department_duties"], 4, page_break=False)
            body = self.doc.element.body
            before = len(body)
            items = tuple(NumberedItem(number, text, depth) for number, text, depth in view["duties"])
            self.writer.items([ItemGroup(items)])  # the JD's numbered-duty layout, added before the body's sectPr
            added = list(body)[before - 1:-1]
            for p in added:  # name the CJK face, as the JD writer does
                for r in p.iter(qn("w:r")):
                    set_run_east_asia(Run(r, None), self.face("JDItem"))
            self.add(*added)
        if view["positions"]:
            self.heading(labels["positions_in_department"], 4, page_break=False)
            numbers = dict(align="center")
            header = [Cell(labels[k]) for k in ("position", "grade", "reports_to")] + [
                Cell(labels[k], **numbers) for k in ("budget", "filled", "vacant")]
            rows = [[Cell(title), Cell(grade), Cell(reports_to), *(Cell(str(n), **numbers) for n in counts)]
                    for title, grade, reports_to, *counts in view["positions"]]
            self.add(table(split_widths(self.page.text_width(), (26, 14, 24, 12, 12, 12)), [header, *rows], face,
                           header_rows=1, header_look=self.header_look))
        if view["sub_departments"]:
            self.heading(labels["sub_departments"], 4, page_break=False)
            self.text(self.jd_labels["list_separator"].join(view["sub_departments"]))

    def _job_description(self, role) -> str:
        source = jd_source(self.ctx.shared, self.ctx.out, role.id)
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        headings = self.fragment("job-description", [data, role.title],
                                 lambda: self._moved_job_description(data, role.id, role.title))
        return headings[-1].bookmark

    def _moved_job_description(self, data: bytes, role_id: str, role_title: str) -> Optional[bytes]:
        jd = jd_body(data, role_id)
        number = self.new_bookmark()
        bookmark = f"_Jd{number}"
        title = jd.title
        if title is None:  # a template without a Title style: give the position its own heading
            title = paragraph([run(role_title, self.face("Heading3"))], style="Heading3")
            jd.elements.insert(0, title)
        content = [c for c in title if c.tag != qn("w:pPr")]
        for child in content:
            title.remove(child)
        title.extend(bookmarked(number, bookmark, content))
        first = jd.elements[0]
        if first.tag != qn("w:p"):
            first = paragraph()
            jd.elements.insert(0, first)
        page_break_before(first)
        self.headings.append(Heading(3, role_title, bookmark))
        serialized = serialized_in_place(jd, self.codec)  # the same bytes as moving them, only faster
        if serialized is None:
            self.add(*jd.elements)
        return serialized

    def raci(self) -> None:
        org = self.org
        if not org.processes:
            return
        labels = labels_for(org.language, raci_render.LABELS_ZH, raci_render.LABELS_EN)
        shared = self.ctx.shared.get("raci") or {}
        matrix = shared.get("matrix") or build_matrix(org, labels["external"])
        analysis = shared.get("analysis") or analyse(org, matrix)
        processes = [(process_id, process.name) for process_id, process in org.processes.items()]
        group = {c.id: g.name for g in matrix.groups for c in g.columns}  # same titles recur: name the department
        findings = [(labels["unowned_title"], analysis.unowned_lines(labels, matrix.letter_labels)),
                    (labels["idle_title"], [c.title + self.jd_labels["bracketed"].format(text=group[c.id])
                                            for c in analysis.idle])]
        self.fragment("raci", [repr(matrix), _json([processes, findings, labels])],
                      lambda: self._raci(matrix, processes, findings, labels))

    def _raci(self, matrix, processes: list[tuple[str, str]], findings: list[tuple[str, list[str]]],
              labels: dict[str, str]) -> None:
        face, width = self.face(None), self.page.text_width(landscape=True)
        self.heading(self.labels["raci"], 1, page_break=False)
        self.add(paragraph(legend_runs(matrix.letter_labels, face), after=120))
        for number, (process_id, name) in enumerate(processes):
            self.heading(name, 2, page_break=number > 0)
            for index, element in enumerate(process_tables(matrix, process_id, labels, width, face, self.header_look)):
                if index:
                    self.add(paragraph(after=0))  # Word merges adjacent tables; keep them apart
                self.add(element)
        self.heading(labels["analysis_title"], 2)
        for title, lines in findings:
            self.text(title, self.style("JDLabel"), before=160)
            for line in lines or [labels["none"]]:
                self.text(f"•\t{line}", tabs=[("left", 284, None)], indent=284)
        self.end_section(landscape=True)

    def index(self, positions: dict[str, str]) -> None:
        """Positions in pinyin order, grouped by initial, with PAGEREF page numbers; two columns."""
        org = self.org
        entries = [[role.id, role.title, org.department_of(role).name, positions[role.id]]
                   for role in org.roles.values()]  # in the organisation's order: the sort keeps it for ties
        self.fragment("index", [org.language, self.labels["other"], _json(entries)], lambda: self._index(positions))
        # The last section: the template's own properties, in two columns after a continuous break.
        final = self._section_properties(False, True, columns=2, continuous=True)
        self.final.getparent().replace(self.final, final)
        self.final = final

    def _index(self, positions: dict[str, str]) -> None:
        org, labels = self.org, self.labels
        self.heading(labels["index"], 1, page_break=False)
        self.end_section()  # the heading spans the page; the entries follow in two columns
        column = (self.page.text_width() - INDEX_COLUMN_GAP) // 2
        face = self.face(None)
        for letter, roles in index_groups(org, labels["other"], self.ctx.pool):  # pinyin keys: cached, or a worker
            self.text(letter, self.style("JDLabel"), keep_next=True, before=160)
            for role in roles:
                content = [run(role.title, face),
                           run(f"  {org.department_of(role).name}", face, size=8.5, color=MUTED),
                           run("\t", face), *field(f"PAGEREF {positions[role.id]} \\h", PAGE_PLACEHOLDER, face)]
                self.add(paragraph(content, tabs=[("right", column, "dot")], after=40))

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
                                  replaced={self.doc.part: self.document_xml()}, stored=ALREADY_COMPRESSED)

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


def render_handbook_docx(ctx: BuildContext) -> Path:
    book = HandbookDocument(ctx)
    book.cover()
    anchor = book.contents()
    book.orgchart()
    book.staffing()
    positions = book.departments()
    book.end_section()
    book.raci()
    book.index(positions)
    book.fill_contents(anchor)
    return write_atomically(book.save(), ctx.out / "handbook.docx")
