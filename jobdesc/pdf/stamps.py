"""The handbook's page numbers, written straight into the reused pages.

Reused pages (job descriptions, org chart, tables) already carry their own footers
(e.g. a job description's 第 X 页 / 共 Y 页). The handbook number goes in the outer
bottom corner, where none of those footers print. Laying out an overlay with WeasyPrint
costs about 5 ms a page (seconds for a big handbook), so instead we embed a subset of
Noto Sans holding just the digits, once, and add a few PDF operators to each page: the
number is real text (searchable, extracted by pdftotext) in an embedded font.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path
from functools import lru_cache
from typing import Callable, Iterable, Optional

import pikepdf

from .. import cache
from ..textcheck import FontsMissing, find_face

DIGITS = "0123456789"
CHARACTERS = DIGITS + " /"  # what the embedded subset holds: numbers and "12 / 157"
SIZE = 8.0  # pt
RIGHT = 34.0  # pt from the right edge (12 mm)
BASELINE = 15.0  # pt from the bottom edge
GREY = "0.420 0.467 0.522"  # #6b7785, the colour of the other footers
INK = "0.122 0.161 0.200"  # #1f2933, the tables' text (a page reference inside a sentence)
FONT_NAME = "/JobdescPageNumberFont"


def _digits_font() -> tuple[bytes, dict[str, float], str]:
    """A TrueType subset of Noto Sans with the digits, their widths (1/1000 em) and a subset
    tag; kept in the build cache (subsetting costs ~0.5 s, a noticeable part of a rebuild)."""
    face = find_face("Noto Sans")
    if face is None:
        raise FontsMissing("the font 'Noto Sans' is not installed; install it "
                           "(Debian/Ubuntu: apt install fonts-noto-core) and run again")
    build_cache = cache.current()
    if build_cache is None:
        return _subset(face.file, face.index)
    stat = Path(face.file).stat()
    key = cache.digest("digits-font", str(face.file), str(face.index), str(stat.st_size), str(stat.st_mtime_ns),
                       CHARACTERS)
    data = build_cache.get("digits-font", key)
    meta = build_cache.get("digits-font-meta", key, lambda b: cache.read_json(b, {"widths": {str: float}, "tag": str}))
    if data is None or meta is None:
        data, widths, tag = _subset(face.file, face.index)
        build_cache.put("digits-font", key, data)
        build_cache.put("digits-font-meta", key, json.dumps({"widths": widths, "tag": tag}).encode())
        return data, widths, tag
    return data, meta["widths"], meta["tag"]


@lru_cache(maxsize=2)
def _subset(file: str, index: int) -> tuple[bytes, dict[str, float], str]:
    from fontTools import subset  # 0.1 s to import: only when the subset is not in the build cache
    from fontTools.ttLib import TTFont

    # recalcTimestamp=False: otherwise fontTools stamps the subset with the current time
    # (unless SOURCE_DATE_EPOCH is set), and two builds a second apart differ.
    font = TTFont(file, fontNumber=index, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.hinting = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in CHARACTERS])
    subsetter.subset(font)
    upem = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    widths = {c: font["hmtx"][cmap[ord(c)]][0] * 1000 / upem for c in CHARACTERS}
    buffer = io.BytesIO()
    font.save(buffer)
    data = buffer.getvalue()
    # PDF subset fonts carry a six-letter tag; derive it from the bytes so it is stable.
    tag = "".join(chr(ord("A") + b % 26) for b in hashlib.sha256(data).digest()[:6])
    return data, widths, tag


def _font_object(pdf: pikepdf.Pdf, font: tuple[bytes, dict[str, float], str]) -> pikepdf.Object:
    data, widths, tag = font
    first, last = min(map(ord, CHARACTERS)), max(map(ord, CHARACTERS))
    descriptor = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name(f"/{tag}+NotoSans"), Flags=32,
        FontBBox=[-600, -300, 1200, 1000], ItalicAngle=0, Ascent=1069, Descent=-293, CapHeight=714,
        StemV=80, FontFile2=pdf.make_stream(data),
    ))
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, BaseFont=pikepdf.Name(f"/{tag}+NotoSans"),
        FirstChar=first, LastChar=last, Widths=[round(widths.get(chr(c), 0), 2) for c in range(first, last + 1)],
        Encoding=pikepdf.Name.WinAnsiEncoding, FontDescriptor=descriptor,
    ))


def _text_width(widths: dict[str, float], text: str, size: float) -> float:
    return sum(widths[c] for c in text) * size / 1000


def _stamp(page: pikepdf.Page, font: pikepdf.Object, text: str, size: float, x: float, y: float,
           colour: str = GREY) -> None:
    # The same font object under the same name on every page: harmless where pages share
    # one /Resources dictionary.
    page.add_resource(font, pikepdf.Name.Font, pikepdf.Name(FONT_NAME), replace_existing=True)
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(f"Q\nq {colour} rg BT {FONT_NAME} {size:g} Tf {x:.2f} {y:.2f} Td ({text}) Tj ET Q\n"
                      .encode("ascii"))


def stamp_page_numbers(pdf: pikepdf.Pdf, first_index: int, first_number: int) -> None:
    """Print `first_number`, `first_number + 1`, ... on pages `first_index` onwards."""
    digits = _digits_font()
    font, widths = _font_object(pdf, digits), digits[1]
    for offset, page in enumerate(pdf.pages[first_index:]):
        number = str(first_number + offset)
        box = page.mediabox
        x = float(box[2]) - RIGHT - _text_width(widths, number, SIZE)
        _stamp(page, font, number, SIZE, x, float(box[1]) + BASELINE)


def stamp_page_of_total(pdf: pikepdf.Pdf, bottom_margin_pt: float, size: float) -> None:
    """Print "page / pages" centred in the bottom margin of every page, where a WeasyPrint
    `@bottom-center { content: counter(page) " / " counter(pages) }` would print it (for a
    document laid out in pieces, whose own counters would restart in every piece)."""
    digits = _digits_font()
    font, widths = _font_object(pdf, digits), digits[1]
    total = len(pdf.pages)
    # A margin box centres one line (Noto Sans CJK: ascent 1.16 em, descent 0.288 em) in the margin.
    baseline = (bottom_margin_pt - 1.448 * size) / 2 + 0.288 * size
    for number, page in enumerate(pdf.pages, start=1):
        text = f"{number} / {total}"
        box = page.mediabox
        centre = (float(box[0]) + float(box[2])) / 2
        _stamp(page, font, text, size, centre - _text_width(widths, text, size) / 2, float(box[1]) + baseline)


# How WeasyPrint writes the text of a margin box: the page is flipped (y down, CSS pixels of
# 0.75 pt), and each text block is one positioned TJ. Margin boxes are drawn last.
_LAST_TEXT = re.compile(rb"BT\n1 0 0 -1 [-\d.]+ ([-\d.]+) Tm\n[^\n]*Tf\n\[[^\n]*\] TJ\nET\n")
PX = 0.75  # pt per CSS pixel


def drop_page_footer(page: pikepdf.Page, bottom_margin_pt: float) -> bool:
    """Remove the text WeasyPrint printed in the bottom margin of `page` (a job
    description's 第 X 页 / 共 Y 页, a table's "1 / 2", which in the handbook would stand
    beside the handbook's own number). Only the last text block is looked at, and only
    removed when it lies in the bottom margin; returns whether it was."""
    contents = page.obj.get("/Contents")
    if not isinstance(contents, pikepdf.Stream):
        return False
    data = contents.read_bytes()
    start = data.rfind(b"BT\n")
    match = _LAST_TEXT.match(data, start) if start >= 0 else None
    height = float(page.mediabox[3]) - float(page.mediabox[1])
    if match is None or float(match.group(1)) * PX < height - bottom_margin_pt:
        return False
    contents.write(data[:match.start()] + data[match.end():])
    return True


PAGE_REF = "jobdesc-ref:"  # a link laid out round an empty box: href="jobdesc-ref:NAME"


def retarget_links(pdf: pikepdf.Pdf, pages: Iterable[pikepdf.Page], prefix: str,
                   target: Callable[[pikepdf.Page, pikepdf.Dictionary, str], Optional[int]]) -> None:
    """Turn each link on `pages` to an address "PREFIX…" into a link to a page of `pdf`:
    `target(page, link, rest of the address)` gives its 1-based number, or None to remove
    the link. (Links laid out before the pages they point at were in one PDF.)"""
    found: dict[int, pikepdf.Object] = {}  # page number → page (pikepdf's page lookup is slow)
    for page in pages:
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, pikepdf.Array):
            continue
        kept = []
        for annotation in annotations:
            action = annotation.get("/A")
            address = str(action.get("/URI", "")) if isinstance(action, pikepdf.Dictionary) else ""
            if annotation.get("/Subtype") == pikepdf.Name.Link and address.startswith(prefix):
                number = target(page, annotation, address[len(prefix):])
                if number is None or not 1 <= number <= len(pdf.pages):
                    continue
                del annotation["/A"]
                if number not in found:
                    found[number] = pdf.pages[number - 1].obj
                annotation.Dest = pikepdf.Array([found[number], pikepdf.Name.Fit])
            kept.append(annotation)
        page.obj.Annots = pikepdf.Array(kept)


def stamp_page_references(pdf: pikepdf.Pdf, pages: dict[str, int], size: float) -> None:
    """Print the 1-based page number of `pages[NAME]` in each box linked "jobdesc-ref:NAME"
    (a page reference laid out before its page was known: the box keeps the place, so the
    layout does not depend on the number), and make the box a link to that page. A box
    whose NAME is not in `pages` stays empty and unlinked."""
    digits = _digits_font()
    font, widths = _font_object(pdf, digits), digits[1]

    def stamped(page: pikepdf.Page, link: pikepdf.Dictionary, name: str) -> Optional[int]:
        number = pages.get(name)
        if number is not None:
            x0, y0, x1, y1 = (float(v) for v in link.Rect)
            text = str(number)
            x = (x0 + x1) / 2 - _text_width(widths, text, size) / 2
            baseline = (y0 + y1) / 2 - 0.36 * size  # digits' middle (cap height ~0.71 em) on the box's
            _stamp(page, font, text, size, x, baseline, INK)
        return number

    retarget_links(pdf, pdf.pages, PAGE_REF, stamped)
