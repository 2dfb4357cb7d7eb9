"""The parts of a Word package around its body: opening it, its comments, its revisions' authors.

`open_document` is python-docx's Document of a package package.py has checked, with a part
that is not well-formed XML (a control character typed into document.xml by a script) made a
located user mistake instead of an internal error. `comments_of` reads word/comments.xml.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from .wordml import P, T, Revision, _w

COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


@dataclass
class Comment:
    id: str
    author: str
    text: str  # what the comment says
    anchor: str = ""  # the document text it is anchored to (in the view read)
    paragraph: str = ""  # the paragraph where the anchor starts


def revision_summary(revisions: list[Revision], rejected: bool = False) -> list[str]:
    """"3 tracked changes by HR 王 accepted (2026-03-01)", one line per author."""
    by_author: dict[str, list[Revision]] = {}
    for revision in revisions:
        by_author.setdefault(revision.author or "an unnamed author", []).append(revision)
    lines = []
    for author, revisions in sorted(by_author.items()):
        days = sorted({r.date[:10] for r in revisions if r.date})
        when = f" ({days[0]})" if len(days) == 1 else f" ({days[0]} to {days[-1]})" if days else ""
        verb = "rejected (--reject-changes)" if rejected else "accepted"
        lines.append(f"{len(revisions)} tracked change{'s' if len(revisions) != 1 else ''} by {author} "
                     f"{verb}{when}")
    return lines


def open_document(data: bytes, source: Path):
    """python-docx's Document of a package already checked (package.py); a part that is not
    well-formed XML (a control character typed into document.xml) is the user's to mend."""
    import io

    import docx
    from lxml import etree

    try:
        return docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        raise UserError.at(source, 1, 1, "import-xml",
                           f"{source.name}: {_broken_part(data) or 'a part'} is not well-formed XML at line {line}, "
                           f"column {column} ({exc.msg}): open it in Word, save it again and import that") from None


def _broken_part(data: bytes) -> str:
    """The name of the first XML part that does not parse (only looked for once one did not)."""
    import io
    import zipfile

    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(package.read(name), parser)
                except etree.XMLSyntaxError:
                    return name
    return ""


def comments_of(document, anchors: dict[str, tuple[str, list[str]]]) -> list[Comment]:
    """The comments part's comments, each with the text it is anchored to (read by wordml)."""
    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype == COMMENTS and not rel.is_external), None)
    if part is None:
        return []
    from docx.oxml import parse_xml

    root = part.element if hasattr(part, "element") else parse_xml(part.blob)
    comments = []
    for element in root.iter(_w("comment")):
        comment_id = element.get(_w("id"), "")
        said = "\n".join("".join(t.text or "" for t in p.iter(T)) for p in element.iter(P)).strip()
        paragraph, anchored = anchors.get(comment_id, ("", []))
        comments.append(Comment(comment_id, element.get(_w("author"), ""), said, "".join(anchored).strip(),
                                paragraph.strip()))
    return comments
