"""A personal copy of a job description (sign-off): the role's PDF as laid out, with one
person's name, the version and the effective date written onto its pages.

Laying out the job description again for each of 1,000 incumbents would cost 1,000 layouts;
only the name and the footer differ. So the role's PDF (laid out once, by the job
descriptions' step) is reused page for page, and a few PDF operators are added: the footer
line on every page ("签收版本 3f9a2c1e · 生效日期 2026-01-01 · 签收人：王曦虹") and the name in
the box the template left empty for it (`<span id="signoff-name-ROLE">`, which WeasyPrint
writes as a named destination: its page and top-left corner).

The text is real text (pdftotext finds it) in an embedded font: a subset of the installed
Noto Sans CJK face (the job description's own) holding just the glyphs of these lines, cut
by HarfBuzz in a few milliseconds. Its glyphs are renumbered 1..n (no "retain gids": a small
font), and the codes written are those new numbers. A character that face lacks is taken
from Noto Sans; one neither has makes `PersonalFontMissing` (`check` reports such a name).
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import pikepdf

from ..textcheck import find_face
from .assemble import _save
from .fontshare import _to_unicode_stream, _w_array
from .hbsubset import DESUBROUTINIZE, NO_HINTING, PASSTHROUGH_UNRECOGNIZED, _face_bytes, _libraries, _subset_once

FOOTER_SIZE = 8.0  # pt, as the job description's own footer (8.5pt in jd.css; a longer line)
NAME_SIZE = 10.5  # pt
SIDE = 51.0  # pt: jd.css's 18 mm side margins
GREY = "0.420 0.467 0.522"  # #6b7785, the job description's footer colour
INK = "0.122 0.161 0.200"  # #1f2933
# Between the text (which ends 17 mm above the page's edge, jd.css) and the job description's
# own 第 X 页 / 共 Y 页 (centred in that margin, its baseline ~20.5 pt up): a line of its own.
FOOTER_BASELINE = 33.0  # pt above the page's bottom edge
SLOT_HEIGHT = 11.34  # pt: the slot box's 4 mm (jd.css); its bottom edge is the text's baseline
FONT_NAME = "/JobdescSignoffFont"

FACES = {"zh-TW": "Noto Sans CJK TC", "zh-HK": "Noto Sans CJK HK"}  # else Noto Sans CJK SC
FALLBACK_FACE = "Noto Sans"


class PersonalFontMissing(ValueError):
    """A character of a personal copy's lines that no installed face can draw."""


@dataclass(frozen=True)
class _Face:
    file: str
    index: int
    glyph: dict[int, int]  # code point → glyph id
    advance: dict[int, float]  # glyph id → advance in 1/1000 em
    name: str  # PostScript-ish name for the PDF
    cff: bool  # CFF outlines (Noto Sans CJK: FontFile3 /OpenType) or TrueType (Noto Sans: FontFile2)


@lru_cache(maxsize=4)
def _face(family: str) -> Optional[_Face]:
    found = find_face(family)
    if found is None:
        return None
    from fontTools.ttLib import TTFont

    with TTFont(str(found.file), fontNumber=found.index, lazy=True) as font:
        upem = font["head"].unitsPerEm
        order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
        glyph = {code: order[name] for code, name in (font.getBestCmap() or {}).items()}
        metrics = font["hmtx"].metrics
        mapped = set(glyph.values())
        advance = {gid: metrics[name][0] * 1000 / upem for name, gid in order.items() if gid in mapped}
        cff = "CFF " in font
    return _Face(str(found.file), found.index, glyph, advance, family.replace(" ", ""), cff)


def faces_for(language: str) -> list[_Face]:
    return [f for f in (_face(FACES.get(language, "Noto Sans CJK SC")), _face(FALLBACK_FACE)) if f is not None]


def missing_characters(text: str, language: str) -> str:
    """The characters of `text` none of the stamping faces can draw ("" when all can)."""
    faces = faces_for(language)
    return "".join(sorted({c for c in text if not c.isspace() and not any(ord(c) in f.glyph for f in faces)}))


def _subset(face: _Face, glyphs: list[int]) -> bytes:
    """The face cut to `glyphs` (sorted, .notdef first), renumbered 0..n in that order."""
    libs = _libraries()
    if libs is None:
        raise PersonalFontMissing("HarfBuzz (libharfbuzz-subset) is not installed")
    ffi, hb, _ = libs
    blob = hb.hb_blob_create_from_file_or_fail(face.file.encode())
    if blob == ffi.NULL:
        raise PersonalFontMissing(f"cannot read the font {face.file}")
    hb_face = hb.hb_face_create(blob, face.index)
    hb.hb_blob_destroy(blob)
    try:
        result = _subset_once(libs, hb_face, glyphs, PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE | NO_HINTING)
        if result is None:
            raise PersonalFontMissing(f"HarfBuzz could not subset {face.file}")
        try:
            data = _face_bytes(libs, result)
        finally:
            hb.hb_face_destroy(result)
    finally:
        hb.hb_face_destroy(hb_face)
    if data is None:
        raise PersonalFontMissing(f"HarfBuzz could not subset {face.file}")
    return data


class _Font:
    """One embedded font holding the characters the stamps of one copy need."""

    def __init__(self, pdf: pikepdf.Pdf, face: _Face, characters: set[str], resource: str):
        self.face = face
        self.resource = resource
        old = sorted({0, *(face.glyph[ord(c)] for c in characters)})
        self.code = {c: old.index(face.glyph[ord(c)]) for c in characters}  # character → new glyph id
        self.width = {self.code[c]: face.advance.get(face.glyph[ord(c)], 1000) for c in characters}
        data = _subset(face, old)
        tag = "".join(chr(ord("A") + b % 26) for b in hashlib.sha256(data).digest()[:6])
        stream = pikepdf.Stream(pdf, data)
        if face.cff:
            stream.Subtype = pikepdf.Name("/OpenType")
        else:
            stream.Length1 = len(data)
        base = pikepdf.Name(f"/{tag}+{face.name}")
        descriptor = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor, FontName=base, Flags=4, FontBBox=[-1000, -300, 2000, 1100],
            ItalicAngle=0, Ascent=1160, Descent=-288, CapHeight=733, StemV=80))
        descriptor[pikepdf.Name("/FontFile3" if face.cff else "/FontFile2")] = stream
        cid_font = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name("/CIDFontType0" if face.cff else "/CIDFontType2"),
            BaseFont=base, CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
            FontDescriptor=descriptor, W=_w_array(self.width), DW=1000))
        if not face.cff:
            cid_font.CIDToGIDMap = pikepdf.Name.Identity
        unicode = {self.code[c]: c.encode("utf-16-be").hex().encode() for c in characters}
        self.obj = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=base, Encoding=pikepdf.Name("/Identity-H"),
            DescendantFonts=[cid_font], ToUnicode=_to_unicode_stream(pdf, unicode)))

    def width_of(self, text: str, size: float) -> float:
        return sum(self.width[self.code[c]] for c in text) * size / 1000

    def shown(self, text: str) -> str:
        return "<" + "".join(f"{self.code[c]:04x}" for c in text) + ">"


class _Stamper:
    """The copy's fonts (one per face its lines need) and how to write a line with them."""

    def __init__(self, pdf: pikepdf.Pdf, lines: list[str], language: str):
        faces = faces_for(language)
        self.runs: dict[str, list[tuple[_Font, str]]] = {}
        wanted: dict[int, set[str]] = {}
        split: dict[str, list[tuple[int, str]]] = {}
        for line in lines:
            pieces: list[tuple[int, str]] = []
            for c in line:
                which = next((i for i, f in enumerate(faces) if ord(c) in f.glyph), None)
                if which is None:
                    raise PersonalFontMissing(f"no installed font has the character {c!r} (U+{ord(c):04X})")
                if pieces and pieces[-1][0] == which:
                    pieces[-1] = (which, pieces[-1][1] + c)
                else:
                    pieces.append((which, c))
                wanted.setdefault(which, set()).add(c)
            split[line] = pieces
        fonts = {i: _Font(pdf, faces[i], chars, f"{FONT_NAME}{i}") for i, chars in sorted(wanted.items())}
        self.runs = {line: [(fonts[i], text) for i, text in pieces] for line, pieces in split.items()}
        self.fonts = list(fonts.values())

    def width(self, line: str, size: float) -> float:
        return sum(font.width_of(text, size) for font, text in self.runs[line])

    def draw(self, page: pikepdf.Page, line: str, size: float, x: float, y: float, colour: str) -> None:
        for font in self.fonts:
            page.add_resource(font.obj, pikepdf.Name.Font, pikepdf.Name(font.resource), replace_existing=True)
        shown = " ".join(f"{font.resource} {size:g} Tf {font.shown(text)} Tj" for font, text in self.runs[line])
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(f"Q\nq {colour} rg BT {x:.2f} {y:.2f} Td {shown} ET Q\n".encode("ascii"))


def _slot(pdf: pikepdf.Pdf, slot: str) -> Optional[tuple[int, float, float]]:
    """(page index, left, top) of the named destination `slot`, or None (a user's template
    without the box: the name is then only in the footer)."""
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if isinstance(names, pikepdf.Dictionary) else None
    if not isinstance(dests, pikepdf.Dictionary):
        return None
    pairs = list(dests.get("/Names") or [])
    pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
    for name, dest in zip(pairs[::2], pairs[1::2]):
        if str(name) == slot and isinstance(dest, pikepdf.Array) and len(dest) >= 4:
            index = pages.get(dest[0].objgen)
            if index is not None:
                return index, float(dest[2]), float(dest[3])
    return None


def personal_copy(role_pdf: bytes, slot: str, footer: str, name: str, language: str, title: str) -> bytes:
    """The role's PDF with `footer` centred above the page number of every page and `name` on the
    line left for it. Deterministic: the same inputs give the same bytes."""
    with pikepdf.open(io.BytesIO(role_pdf)) as pdf:
        stamper = _Stamper(pdf, [footer, name], language)
        for page in pdf.pages:
            box = page.mediabox
            left, right = float(box[0]) + SIDE, float(box[2]) - SIDE
            size = min(FOOTER_SIZE, FOOTER_SIZE * (right - left) / max(stamper.width(footer, FOOTER_SIZE), 1))
            x = (left + right - stamper.width(footer, size)) / 2
            stamper.draw(page, footer, size, x, float(box[1]) + FOOTER_BASELINE, GREY)
        found = _slot(pdf, slot)
        if found is not None:
            index, left, top = found
            stamper.draw(pdf.pages[index], name, NAME_SIZE, left + 2, top - SLOT_HEIGHT + 1, INK)
        if "/Names" in pdf.Root:
            del pdf.Root["/Names"]  # the slot's destination: nothing to link to in a signed copy
        buffer = io.BytesIO()
        _save(pdf, title, buffer)
        return buffer.getvalue()
