"""Edit a job description's Word file the way Word writes edits, in its own XML.

Word does not write what python-docx writes: a reworded duty comes back as runs split at every
keystroke session (w:rsidR), proofing marks, a _GoBack bookmark, and with Track Changes on,
w:del/w:ins with author and date, moved text as w:moveFrom/w:moveTo, a paragraph typed after
another as an inserted paragraph mark. These helpers write exactly that markup into the
document.xml of a file jobdesc built, so the tests read what Word would hand back.
"""
from __future__ import annotations

import io
import zipfile
from itertools import count

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
AUTHOR, DATE = "HR 王", "2026-03-01T09:30:00Z"
_ids = count(900)


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def fragment(xml: str) -> list:
    """Elements from markup written with the w: prefix."""
    return list(etree.fromstring(f"<root {NS}>{xml}</root>"))


def r(text: str, rsid: str = "00A1B2C3") -> str:
    return (f'<w:r w:rsidR="{rsid}"><w:rPr><w:rFonts w:eastAsia="Microsoft YaHei"/></w:rPr>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r>')


def ins(text: str, author: str = AUTHOR, date: str = DATE) -> str:
    return f'<w:ins w:id="{next(_ids)}" w:author="{author}" w:date="{date}">{r(text, "00D4E5F6")}</w:ins>'


def dele(text: str, author: str = AUTHOR, date: str = DATE) -> str:
    return (f'<w:del w:id="{next(_ids)}" w:author="{author}" w:date="{date}"><w:r w:rsidDel="00D4E5F6">'
            f'<w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')


def mark(kind: str, author: str = AUTHOR, date: str = DATE) -> str:
    """A tracked paragraph mark (inside w:pPr/w:rPr): ins (Enter typed) or del (paragraphs joined)."""
    return f'<w:{kind} w:id="{next(_ids)}" w:author="{author}" w:date="{date}"/>'


PROOF = '<w:proofErr w:type="spellStart"/>'
GOBACK = '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>'


class WordXml:
    """document.xml of a built .docx, edited in place; `bytes()` is the edited package."""

    def __init__(self, data: bytes):
        self.data = data
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            self.root = etree.fromstring(package.read("word/document.xml"))
        self.extra: dict[str, bytes] = {}

    @staticmethod
    def text(p) -> str:
        return "".join(t.text or "" for t in p.iter(w("t")))

    def paragraph(self, contains: str):
        found = [p for p in self.root.iter(w("p")) if contains in self.text(p)]
        assert len(found) == 1, (contains, len(found))
        return found[0]

    def body_runs(self, p) -> list:
        """The runs after the item's number (the first run, "1.2<tab>"), as they stand."""
        runs = p.findall(w("r"))
        return runs[1:] if runs and runs[0].find(w("tab")) is not None else runs

    def set_content(self, p, xml: str) -> None:
        """Replace what follows the item's number with `xml` (runs, w:ins/w:del, …)."""
        for run in self.body_runs(p):
            p.remove(run)
        for element in fragment(xml):
            p.append(element)

    def set_mark(self, p, kind: str) -> None:
        ppr = p.find(w("pPr"))
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = etree.SubElement(ppr, w("rPr"))
        rpr.append(fragment(mark(kind))[0])

    def new_paragraph_after(self, p, number: str, xml: str, tracked: bool = True):
        """Enter pressed at the end of `p`, then the number and `xml` typed (tracked: the new mark
        and the typed text are insertions)."""
        import copy

        new = copy.deepcopy(p)
        for child in list(new):
            if child.tag != w("pPr"):
                new.remove(child)
        number_run = fragment(f"<w:r><w:rPr><w:b/></w:rPr><w:t>{number}</w:t></w:r>")[0]
        new.append(number_run)
        for element in fragment(xml):
            new.append(element)
        p.addnext(new)
        if tracked:
            self.set_mark(p, "ins")  # Word marks the paragraph mark typed at the end of p
            wrapper = fragment(f'<w:ins w:id="{next(_ids)}" w:author="{AUTHOR}" w:date="{DATE}"/>')[0]
            new.insert(1, wrapper)
            wrapper.append(number_run)
        return new

    def bytes(self) -> bytes:
        out, extra = io.BytesIO(), dict(self.extra)
        with zipfile.ZipFile(io.BytesIO(self.data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for info in source.infolist():
                if info.filename == "word/document.xml":
                    z.writestr(info, etree.tostring(self.root, xml_declaration=True, encoding="UTF-8",
                                                    standalone=True))
                elif info.filename in extra:
                    z.writestr(info, extra.pop(info.filename))
                else:
                    z.writestr(info, source.read(info))
            for name, data in extra.items():
                z.writestr(name, data)
        return out.getvalue()

    def add_comment(self, p, anchored: str, said: str, author: str = "HR 李") -> None:
        """A comment on the run of `p` that holds `anchored`, as Word writes it (comments part)."""
        run = next(r for r in p.iter(w("r")) if anchored in "".join(t.text or "" for t in r.iter(w("t"))))
        start, end = fragment('<w:commentRangeStart w:id="7"/><w:commentRangeEnd w:id="7"/>')
        reference = fragment('<w:r><w:commentReference w:id="7"/></w:r>')[0]
        run.addprevious(start)
        run.addnext(end)
        end.addnext(reference)
        self.extra["word/comments.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments {NS}>'
            f'<w:comment w:id="7" w:author="{author}" w:date="{DATE}" w:initials="HR"><w:p><w:r>'
            f'<w:t>{said}</w:t></w:r></w:p></w:comment></w:comments>').encode("utf-8")
        with zipfile.ZipFile(io.BytesIO(self.data)) as source:
            types = source.read("[Content_Types].xml").decode("utf-8")
            rels = source.read("word/_rels/document.xml.rels").decode("utf-8")
        self.extra["[Content_Types].xml"] = types.replace("</Types>", (
            '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.comments+xml"/></Types>')).encode("utf-8")
        self.extra["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
            '<Relationship Id="rIdComments1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/comments" Target="comments.xml"/></Relationships>')).encode("utf-8")
