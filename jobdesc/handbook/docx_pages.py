"""handbook.docx's page numbers, taken from LibreOffice's layout of the file itself.

Word, WPS and LibreOffice show what a page-number field (PAGEREF, in the contents and the
index) stored when it was last updated; jobdesc writes the file, so nothing ever updated
them. Asking Word to update fields on opening (w:updateFields) makes Word ask a question
first, and WPS and LibreOffice ignore it: their contents showed "—" on every line.

So the numbers are computed at build time, by default: LibreOffice (`soffice --headless`,
when installed; docx_office.py runs it) lays out handbook.docx as it was written, the page
of each heading's bookmark is read from its layout and written into the fields as their
stored result. The file stays ours (only those results change, the bytes are
deterministic for the same input and the same LibreOffice); Word, WPS and LibreOffice show
the numbers without a prompt, and Word still recomputes them when the user updates the
contents (F9). Writing numbers does not move a line: each replaces a "—" after a tab.

The layout is done piece by piece (docx_page_pieces.py): each piece starts a page, so its
pages are the same wherever it stands, and they are kept in the build cache. A clean build
lays out every piece (in files of bounded size, so LibreOffice's memory stays ~250 MB), a
rebuild only the pieces that changed; then the contents and the index are laid out again
showing the numbers they will print, until the numbers settle. One LibreOffice (niced)
serves all of these layouts. For a clean build it starts once the build's last layout is
done (PendingPageNumbers.start, called by the PDF handbook), so its memory never adds to
that of the layout workers; when at most one file's worth of pieces is to be laid out (a
rebuild) it starts as soon as handbook.docx is written, beside the PDF work (see
docs/engineering.md for what it costs).

Why not the alternatives: numbers estimated from a page model are wrong wherever a table
or a long duty list breaks differently; numbers from handbook.pdf are WeasyPrint's pages,
not a word processor's; a contents without numbers gives the index nothing to agree with.
LibreOffice's pages are a word processor's pages of this very file (Word's can still differ
by a line where the two break a page differently).

Without LibreOffice (or when it fails) the file is left as written: the fields show "—",
are marked dirty and settings.xml asks for them to be updated (w:updateFields), so Word
and WPS fill them in when the file is opened; the build says so in one line.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .. import cache as build_cache
from ..jd.docx_package import replace_entries, write_atomically
from .docx_office import LayoutFailed, OfficeLayouts
from .docx_page_pieces import DOCUMENT_BYTES, PieceLayout, PiecedDocument, bookmark_pages, read_layout

SOFFICE_ENV = "JOBDESC_LIBREOFFICE"  # the soffice to use, or "off"
PAGES_FORMAT = "2"  # bump when what is cached under a piece's key changes
SETTLING_ROUNDS = 3  # layouts of the contents and index with their numbers, at most
# One line: said once per build when LibreOffice is missing.
MISSING_NOTE = ("handbook.docx: LibreOffice (soffice) not found, so the page numbers of its contents and index "
                "are left for Word or WPS to fill in when the file is opened")


def turned_off() -> bool:
    """$JOBDESC_LIBREOFFICE=off: no LibreOffice on purpose (as --no-word-page-numbers; the test suite's default)."""
    return os.environ.get(SOFFICE_ENV, "").strip().lower() in ("off", "no", "none", "0")


def find_soffice() -> Optional[str]:
    """The soffice to lay the handbook out with: $JOBDESC_LIBREOFFICE, else soffice or libreoffice on PATH."""
    chosen = os.environ.get(SOFFICE_ENV, "").strip()
    if turned_off():
        return None
    if chosen:
        return shutil.which(chosen)
    return shutil.which("soffice") or shutil.which("libreoffice")


# ------------------------------------------------------------------ filling the fields

_MAIN = rb'xmlns:(\w+)="http://schemas\.openxmlformats\.org/wordprocessingml/2006/main"'
PLACEHOLDER = "—".encode()  # the result handbook.docx writes for a page number not yet known


def referenced_bookmarks(document_xml: bytes) -> list[str]:
    """The bookmarks the PAGEREF fields point at, in order (repeats kept)."""
    return [m.decode() for m in re.findall(rb" PAGEREF (_[A-Za-z]+\d+) \\h ", document_xml)]


def fill_page_numbers(document_xml: bytes, settings_xml: bytes, pages: dict[str, int]) -> tuple[bytes, bytes]:
    """The document with each PAGEREF field's stored result set to its bookmark's page, the
    contents field no longer marked for update, and settings no longer asking Word to
    update fields on opening. Raises KeyError for a field whose bookmark has no page."""
    w = re.escape(re.search(_MAIN, document_xml[:4096]).group(1))
    field = re.compile(rb"( PAGEREF (_[A-Za-z]+\d+) \\h </%s:instrText></%s:r><%s:r><%s:fldChar %s:fldCharType=\"separate\"/>"
                       rb"</%s:r><%s:r>(?:<%s:rPr>(?:(?!</%s:rPr>).)*</%s:rPr>)?<%s:t xml:space=\"preserve\">)%s(</%s:t>)"
                       % (w, w, w, w, w, w, w, w, w, w, w, re.escape(PLACEHOLDER), w), re.S)
    filled = field.sub(lambda m: m.group(1) + str(pages[m.group(2).decode()]).encode() + m.group(3), document_xml)
    filled = re.sub(rb'(<%s:fldChar %s:fldCharType="begin") %s:dirty="true"/>' % (w, w, w), rb"\1/>", filled)
    settings_w = re.escape(re.search(_MAIN, settings_xml[:4096]).group(1))
    settings = re.sub(rb'<%s:updateFields %s:val="true"/>' % (settings_w, settings_w), b"", settings_xml)
    return filled, settings


# ------------------------------------------------------------------ LibreOffice's layout

def soffice_identity(soffice: str) -> str:
    """What the cached page numbers depend on besides the file: which LibreOffice laid it out."""
    real = Path(os.path.realpath(soffice))
    program = real.parent / "soffice.bin"
    stat = (program if program.is_file() else real).stat()
    return f"{real}:{stat.st_size}:{stat.st_mtime_ns}"


@dataclass
class PendingPageNumbers:
    """handbook.docx written, its page numbers not yet: `start()` has LibreOffice begin (in the
    background), `finish()` waits (starting it first if need be), writes the numbers in and
    returns the path; `close()` ends LibreOffice when the build fails."""

    start: Callable[[], None]
    finish: Callable[[], Path]
    close: Callable[[], None] = lambda: None


def not_asked(path: Path) -> PendingPageNumbers:
    """handbook.docx left with "—" for its page numbers, its fields marked for Word or WPS to
    update on opening (`build --no-word-page-numbers`: asked for, so nothing is said)."""
    return PendingPageNumbers(lambda: None, lambda: path)


def prepare_page_numbers(path: Path, note: Callable[[str], None]) -> PendingPageNumbers:
    """Have a thread cut the handbook.docx at `path` (as written, with "—" results) into pieces,
    look up their layouts in the build cache and lay out the others: at once when they fit
    in one file (a rebuild), else after `start()`. Without LibreOffice, or if it fails,
    `path` is left as it is and `note` says why."""
    if turned_off():
        return not_asked(path)
    soffice = find_soffice()
    if soffice is None:
        return PendingPageNumbers(lambda: None, _left_as_is(path, note, MISSING_NOTE))
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document_xml, settings_xml = package.read("word/document.xml"), package.read("word/settings.xml")
    wanted = set(referenced_bookmarks(document_xml))
    if not wanted:
        return PendingPageNumbers(lambda: None, lambda: path)
    numbering = PageNumbering(data, soffice, build_cache.current())
    worker = threading.Thread(target=numbering.run, name="handbook.docx page numbers", daemon=True)
    worker.start()  # cuts the file and looks up the cache at once, off the build's path

    def start() -> None:  # a clean build's LibreOffice may start (the build's last layout is done)
        numbering.go.set()

    def finish() -> Path:
        start()
        worker.join()
        pages, problem = numbering.pages, numbering.problem
        if pages is not None and not wanted <= pages.keys():
            problem = f"{len(wanted - pages.keys())} page-number fields point at no bookmark"
        if problem:
            return _left_as_is(path, note, f"handbook.docx: {problem}, so the contents and the index show \"—\" "
                                           "for page numbers until Word updates the fields (Word asks on opening)")()
        return _write(path, data, document_xml, settings_xml, {b: pages[b] for b in wanted})

    def close() -> None:  # a failed build: LibreOffice ended, nothing more started
        numbering.cancel()
        worker.join()

    return PendingPageNumbers(start, finish, close)


def _read_layout(data: bytes) -> PieceLayout:
    """A piece's layout as `_wait` stores it (ValueError if it is of another shape)."""
    pages, offsets = json.loads(data)
    if not isinstance(pages, int) or not all(o is None or type(o) is int for o in offsets):
        raise ValueError("not a piece's layout")
    return PieceLayout(pages, tuple(offsets))


class PageNumbering:
    """The page of every bookmark of handbook.docx, cut into pieces: each piece's layout from
    the build cache or from LibreOffice (the pieces not cached), then the contents and the
    index laid out again showing the numbers they will print, until the numbers settle
    (their own length moves them). One LibreOffice serves all of these
    (docx_office.OfficeLayouts). `run` (in a thread) cuts the file, and when more than one
    file's worth of pieces is to be laid out (a clean build) waits for `go` before it starts
    LibreOffice; then it sets `pages`, or `problem`."""

    def __init__(self, package: bytes, soffice: str, active):
        self.package, self.soffice, self.active = package, soffice, active
        self.identity = soffice_identity(soffice)
        self.pieced: Optional[PiecedDocument] = None
        self.layouts: dict[int, PieceLayout] = {}
        self.pages: Optional[dict[str, int]] = None
        self.problem = ""
        self.go = threading.Event()
        self.cancelled = False
        self.office: Optional[OfficeLayouts] = None
        self.lock = threading.Lock()  # between starting LibreOffice (the thread) and cancelling (the build)

    def missing_bytes(self) -> int:
        """The XML of the pieces not in the cache: what the first layout run will take."""
        return sum(len(p.key_material) for n, p in enumerate(self.pieced.pieces) if n not in self.layouts)

    def begin(self) -> None:
        """Start LibreOffice (it takes ~1 s of CPU to start; nothing waits for it here)."""
        with self.lock:
            if self.cancelled:
                raise _NotLaidOut("the build stopped")
            if self.office is None:
                self.office = OfficeLayouts(self.soffice)

    def run(self) -> None:
        try:
            self.pieced = PiecedDocument(self.package)
            self.layouts = self._cached({n: self._key(n) for n in range(len(self.pieced.pieces))})
            if self.missing_bytes() > DOCUMENT_BYTES:
                self.go.wait()  # LibreOffice's memory is not added to the layout workers'
            pieces = self.pieced.pieces
            missing = [n for n in range(len(pieces)) if n not in self.layouts]
            if missing:
                self.layouts.update(self._lay_out(missing, None))
            fielded = [n for n, piece in enumerate(pieces) if piece.fields]  # the contents and the index
            for _ in range(SETTLING_ROUNDS):
                pages = bookmark_pages(pieces, [self.layouts[n] for n in range(len(pieces))])
                numbers = {f: pages[f] for n in fielded for f in pieces[n].fields if f in pages}
                keys = {n: self._key(n, numbers) for n in fielded}
                shown = self._cached(keys)
                missing = [n for n in fielded if n not in shown]
                if missing:
                    shown.update(self._lay_out(missing, numbers, keys))
                self.layouts.update(shown)
                if bookmark_pages(pieces, [self.layouts[n] for n in range(len(pieces))]) == pages:
                    self.pages = pages
                    return
            raise _NotLaidOut(f"the page numbers did not settle in {SETTLING_ROUNDS} layouts")
        except (_NotLaidOut, LayoutFailed) as problem:
            self.problem = str(problem)
        except Exception as error:  # noqa: BLE001  # in a thread: the build reports it as a note, never hangs
            self.problem = f"laying out the pages failed ({type(error).__name__}: {error})"
        finally:
            self._end_office(graceful=True)

    def _key(self, number: int, numbers: Optional[dict[str, int]] = None) -> str:
        return build_cache.digest("handbook-pages", PAGES_FORMAT, self.identity, self.pieced.context,
                                  self.pieced.pieces[number].material(numbers))

    def _cached(self, keys: dict[int, str]) -> dict[int, PieceLayout]:
        found = {}
        for number, key in keys.items():
            stored = self.active.get("json", key, _read_layout) if self.active is not None else None
            if stored is not None:
                found[number] = stored
        return found

    def cancel(self) -> None:
        with self.lock:
            self.cancelled = True
        self.go.set()
        self._end_office()  # a layout waiting on it returns at once

    def _end_office(self, graceful: bool = False) -> None:
        with self.lock:
            office, self.office = self.office, None
        if office is not None:
            office.close(graceful)

    def _lay_out(self, wanted: list[int], numbers: Optional[dict[str, int]],
                 keys: Optional[dict[int, str]] = None) -> dict[int, PieceLayout]:
        self.begin()
        documents = self.pieced.documents(wanted, numbers)
        results = self.office.layout([docx for _, docx in documents])
        found = {}
        try:
            for (run, _), (destinations, page_count) in zip(documents, results):
                found.update(read_layout(run, self.pieced.pieces, destinations, page_count))
        except KeyError:
            raise _NotLaidOut("LibreOffice did not place every piece (LibreOffice 7.4 or newer is needed)") from None
        for number, layout in found.items():
            if self.active is not None:
                key = keys[number] if keys is not None else self._key(number)
                self.active.put("json", key, json.dumps([layout.pages, list(layout.offsets)]).encode())
        return found


class _NotLaidOut(Exception):
    """LibreOffice gave no usable layout; the message says why."""


def _write(path: Path, data: bytes, document_xml: bytes, settings_xml: bytes, pages: dict[str, int]) -> Path:
    document_xml, settings_xml = fill_page_numbers(document_xml, settings_xml, pages)
    return write_atomically(replace_entries(data, {"word/document.xml": document_xml,
                                                   "word/settings.xml": settings_xml}), path)


def _left_as_is(path: Path, note: Callable[[str], None], why: str) -> Callable[[], Path]:
    def finish() -> Path:
        note(why)
        return path

    return finish
