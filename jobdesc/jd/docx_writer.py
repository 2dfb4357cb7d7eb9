"""Job description → .docx, filled into the user's Word template (templates/jd.docx).

The template decides the look (styles, page, header/footer, logo); this module only adds
content using the template's named styles: Title, Subtitle, Heading 1, JD Label, JD Note,
JD Item and the "JD Table" table style. A style missing from a user's template falls back
to Word's defaults rather than failing. Duties carry literal hierarchical numbers (1, 1.1,
1.1.1) with a hanging indent: they survive any editing and any Word version.

Speed (a build writes a Word file per role): the template is read and parsed once per
process (`TemplateParts`, docx_template.py) and each document gets copies of its parts. Its styles are
prepared once per language (`TemplateLook`), shared read-only by the documents `fill()`
writes and serialized once (copying and serializing 350 KB of styles was a tenth of a
document's cost). The body is built as lxml elements: exactly those python-docx's
add_paragraph / add_table / paragraph_format / cell.merge calls made, children and
attributes in the same order, without python-docx's generic child ordering and style
lookups, which were most of the time.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Optional

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from ..determinism import build_datetime, dated
from .context import HeaderRow, JobDescription
from .docx_header import TITLE_STANDIN, fill_headers, name_faces, put_title, title_can_stand_in
from .docx_package import package_bytes, write_atomically
from .docx_properties import add_to_package, fingerprint
from .docx_base import add_base
from .docx_body import WordBody, qname, sub_element
from .docx_diagram import ReportingLine
from .docx_sections import compact_raci, first_page_without_header, signature_block
from .docx_template import SECT_PR


class WordJobDescription(WordBody):
    """Builds one job description document from the template bytes.

    `fill()` starts from a fresh copy of the template whose styles part is shared with the
    other documents of the same template and language: nothing here changes styles, and
    `save()` writes the bytes they were serialized to once. Whoever takes `doc` (the
    handbook restyles it) gets a document that is all its own; the numbered items the
    handbook has `items()` add there carry no CJK face (the handbook names its own).
    """

    def fill(self, jd: JobDescription) -> None:
        labels = self.labels
        self._look = self.template.look(jd.language)
        self._shared_styles = self._look.styles_blob
        page = (labels["page_before"], labels["page_middle"], labels["page_after"])
        if title_can_stand_in(jd.title, jd.organisation, labels["document"], *page) and \
                not self.template.holds(TITLE_STANDIN):
            # The page settings, header and footer of every job description alike, made once.
            key = (jd.language, jd.organisation, labels["document"], page)
            self._use(self.template.prepared_document(key, self._look.styles, lambda document: self._prepare(
                document, jd.organisation, TITLE_STANDIN)))
            put_title(self._doc, jd.title)
        else:
            self._use(self.template.document(shared_styles=self._look.styles))
            self._prepare(self._doc, jd.organisation, jd.title)

        self.paragraph(f"{jd.organisation} · {labels['document']}", "Subtitle")
        external = labels["bracketed"].format(text=jd.external_title) if jd.external_title else ""
        self.paragraph(jd.title + external, "Title")
        meta = [f"{labels['version']} {jd.version}" if jd.version else "",
                f"{labels['effective']} {jd.effective}" if jd.effective else ""]
        if any(meta):
            self.paragraph(" · ".join(m for m in meta if m), "Subtitle")
        self._header_table(jd)
        self._sections(jd)
        self._signatures(jd.acknowledgement)

    def _prepare(self, document, organisation: str, title: str) -> None:
        """An empty body, a first page without the running header, the header and footer
        filled in, their runs' CJK faces named (the body's are named as they are made)."""
        labels = self.labels
        body = document.element.body
        for child in list(body):
            if child.tag != SECT_PR:
                body.remove(child)
        first_page_without_header(document)
        fill_headers(document, {"organisation": organisation, "title": title, "document": labels["document"]},
                     (labels["page_before"], labels["page_middle"], labels["page_after"]))
        name_faces(document, self._look.face)

    def _header_table(self, jd: JobDescription) -> None:
        lines = jd.header_lines
        table = self.table(len(lines), 4, (2.6, 6.1, 2.6, 6.1))
        self._no_header_styling(table)
        for row, line in zip(self._rows(table), lines):
            if len(line) == 1:
                self._merge_last_three(row)
            paragraphs = self._cell_paragraphs(row)
            for i, field in enumerate(line):
                self._cell_text(paragraphs[2 * i], field.label, "JD Label")
                self._cell_text(paragraphs[2 * i + 1], field.value)

    @staticmethod
    def _merge_last_three(row) -> None:
        """Cells 2-4 as one, as `cells[1].merge(cells[3])` leaves new cells: the first spans
        the three grid columns and their width, the other two (empty) are gone."""
        first, *rest = row.findall(qname("w:tc"))[1:4]
        widths = [cell.find(f'{qname("w:tcPr")}/{qname("w:tcW")}') for cell in (first, *rest)]
        widths[0].set(qname("w:w"), str(sum(int(width.get(qname("w:w"))) for width in widths)))
        sub_element(widths[0].getparent(), "w:gridSpan", ("w:val", str(len(widths))))
        for cell in rest:
            row.remove(cell)

    def _sections(self, jd: JobDescription) -> None:
        labels = self.labels
        if jd.summary:
            self.heading(labels["summary"])
            self.paragraph(jd.summary)
        self.heading(labels["diagram"])  # as the PDF: the manager, the position, its direct reports
        ReportingLine(self, int(self.template.columntwips((17.4,))[0])).add(jd, labels["diagram_more"])
        self.heading(labels["duties"])
        self.items(jd.duties)
        if jd.kpis:
            self.heading(labels["kpis"])
            # Only the columns somebody typed a value in; the name takes the width of any left out.
            widths = {"target": 4.0, "period": 3.5, "weight": 2.5}
            columns = jd.kpi_columns
            self.grid([labels["kpi_name"], *(labels[f"kpi_{c}"] for c in columns)],
                      [(k.name, *(getattr(k, c) for c in columns)) for k in jd.kpis],
                      (7.4 + sum(w for c, w in widths.items() if c not in columns), *(widths[c] for c in columns)))
        if jd.qualifications or jd.skills or jd.other_requirements:
            self.heading(labels["qualifications"])
            rows = list(jd.qualifications)
            if jd.skills:
                rows.append(HeaderRow(labels["skills"], "\n".join(jd.skills)))
            if jd.other_requirements:
                rows.append(HeaderRow(labels["other"], "\n".join(jd.other_requirements)))
            self.pairs(rows)
        if jd.authority:
            self.heading(labels["authority"])
            self.bullets(jd.authority)
        if jd.approvals:
            self.heading(labels["approvals"])
            self.grid([f'{labels["process"]} / {labels["approval_matter"]}', *jd.approval_headings],
                      [(f"{r.process} · {r.activity}", r.range, r.above_it) for r in jd.approvals], (8.4, 4.5, 4.5))
        if jd.relations_internal or jd.relations_external:
            self.heading(labels["relations"])
            rows = [HeaderRow(labels[key], labels["list_separator"].join(values)) for key, values in
                    (("internal", jd.relations_internal), ("external", jd.relations_external)) if values]
            self.pairs(rows)
        if jd.reports:
            self.heading(labels["reports"])
            if any(r.due for r in jd.reports):
                self.grid([labels["report_name"], labels["report_to"], labels["report_due"]],
                          [(r.name, r.to_text, r.due) for r in jd.reports], (7.0, 4.4, 6.0))
            else:  # no 时限 column when none is stated
                self.grid([labels["report_name"], labels["report_to"]], [(r.name, r.to_text) for r in jd.reports],
                          (11.0, 6.4))
        if jd.meetings:
            self.heading(labels["meetings"])
            self.grid([labels["meeting_name"], labels["meeting_cadence"], labels["meeting_part"]],
                      [(m.name, m.cadence, m.part) for m in jd.meetings], (5.4, 8.0, 4.0))
        if jd.raci:
            self.heading(labels["raci"])
            compact_raci(self, jd)
        if jd.workflow:
            self.heading(labels["workflow"])
            self.items(jd.workflow)

    def _keep_last_block_with_next(self) -> None:
        """Keep the last paragraph, or the last table row, with what follows: the signature
        block is kept in one piece, and would otherwise sit alone on a page of its own."""
        last = self._end.getprevious() if self._end is not None else self._doc.element.body[-1]
        paragraphs = last.tr_lst[-1].xpath(".//w:p") if last.tag == qn("w:tbl") else [last]
        for p in paragraphs:  # python-docx's own: w:keepNext goes where its schema order says
            p.get_or_add_pPr().get_or_add_keepNext()

    def _signatures(self, acknowledgement: str) -> None:
        self._keep_last_block_with_next()
        signature_block(self, acknowledgement)

    def save(self, jd: JobDescription, base: Optional[str] = None) -> bytes:
        document = self._document()
        # While the styles are shared, the bytes they were serialized to once stand in for them.
        replaced = None if self._shared_styles is None else {
            document.part.part_related_by(RT.STYLES): self._shared_styles}
        # Which role, and what it showed: what `jobdesc import EDITED.docx --into DIR` needs.
        add_to_package(document.part.package, {"role": jd.role_id, "language": jd.language,
                                               "fingerprint": fingerprint(jd)})
        if base is not None:  # the role file as built: what a later import merges against
            add_base(document.part, jd.role_id, base)
        return save_deterministic(document, f"{jd.title} · {self.labels['document']}", jd.organisation,
                                  jd.department, replaced=replaced, date=dated(jd.effective))


def save_deterministic(doc, title: str, author: str, subject: str, *, replaced: Optional[dict] = None,
                       stored: frozenset[str] = frozenset(), date: Optional[datetime] = None) -> bytes:
    """The document's bytes with fixed core properties (`date`, else the build's timestamp):
    same content, same bytes. Shared with handbook.docx, which hands over its document.xml
    ready-made (`replaced`: part → bytes) and stores its pictures uncompressed (`stored`
    content types)."""
    core = doc.core_properties
    stamp = (date or build_datetime()).replace(tzinfo=None)
    # python-docx refuses core properties over 255 characters (a department path 40 deep is longer)
    title, author, subject = (text[:255] for text in (title, author, subject))
    core.title = title
    core.author = author
    core.last_modified_by = author
    core.created = core.modified = stamp
    core.last_printed = stamp
    core.revision = 1
    core.comments = ""
    core.subject = subject
    return package_bytes(doc.part.package, replaced, stored)


def write_docx(jd: JobDescription, template: bytes, labels: dict[str, str], path: Path,
               template_path: Path = Path("jd.docx")) -> Path:
    writer = WordJobDescription(template, labels, template_path)
    writer.fill(jd)
    return write_atomically(writer.save(jd), path)
