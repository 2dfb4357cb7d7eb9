"""The sign-off appendix of handbook.docx (签收情况), as the PDF's page (templates/signoff.html):
counts per department with a total, then everyone who has not signed the current version."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from .docx_document import HandbookDocument
from .docx_fragments import _json
from .docx_tables import fitted
from .docx_xml import Cell, table
from ..tables.column_fit import Column


@dataclass(frozen=True)
class SignoffSource:
    """Plain rows (outputs/signoff.py makes them): the engine knows no sign-off model."""

    labels: dict[str, str]
    departments: Sequence[Sequence]  # (name, current, stale, never)
    totals: Sequence[int]  # current, stale, never
    pending: Sequence[Sequence[str]]  # (person, title, status, what changed)


def add_signoff(book: HandbookDocument, given: Optional[SignoffSource]) -> None:
    if given is None:
        return
    labels = given.labels

    def grid(header: list[str], rows: list[list[str]]) -> None:
        cells = [[Cell(text) for text in header], *([Cell(str(text)) for text in row] for row in rows)]
        # names and titles break between words only (a 3-character name on one line)
        fit = [Column(title, [str(row[n]) for row in rows], words=n < 2 and header[0] == labels["person"])
               for n, title in enumerate(header)]
        widths = fitted(fit, book.page.text_width(), book.table_size)
        book.add(table(widths, cells, book.face(None), header_rows=1, header_look=book.header_look))

    def build() -> None:
        book.heading(book.labels["signoff"], 1, page_break=False)  # the part before ended its page
        grid([labels["department"], labels["current"], labels["stale"], labels["never"]],
             [list(d) for d in given.departments] + [[labels["total"], *given.totals]])
        if given.pending:
            book.heading(labels["pending"], 2, page_break=False)
            grid([labels["person"], labels["post"], labels["state"], labels["changes"]], [list(p) for p in given.pending])

    book.fragment("signoff", [_json([labels, [list(d) for d in given.departments], list(given.totals),
                                     [list(p) for p in given.pending]])], build)
    book.end_section()
