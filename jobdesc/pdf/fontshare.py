"""One embedded copy of each font face in a PDF joined from many WeasyPrint PDFs.

The handbook is merged from job-description chunks laid out in worker processes; each
chunk embeds its own subset of every face (a CJK subset is hundreds of KB), so 300
positions made a 27 MB handbook holding fifty copies of nearly the same glyphs.
WeasyPrint names a face the same in every PDF (a hash of its description) and keeps the
installed font's glyph ids in its subsets, so the pages of every chunk can share one
font: the union of the glyphs they use, subset from the installed font the way WeasyPrint
does it (hbsubset.py), with the union of their widths and text mappings.

Before sharing, the union is checked to come from the same font file: subsetting that
file to one chunk's glyphs must give that chunk's embedded program byte for byte. Where
it does not (another font version installed since, another WeasyPrint), the chunks keep
their own copies: a bigger file, never wrong glyphs.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

import pikepdf

from .. import cache
from ..textcheck import find_face
from .hbsubset import harfbuzz_version, subset_by_glyph_id

_TO_UNICODE_ENTRY = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]*)>")
_WEIGHTS = ("ultralight", "extralight", "semilight", "demilight", "ultrabold", "extrabold", "ultraheavy",
            "semibold", "demibold", "thin", "light", "book", "medium", "bold", "heavy", "black")


@dataclass
class _Face:
    """Every font dictionary of one face (same BaseFont) found in the PDF."""

    fonts: list[pikepdf.Object] = field(default_factory=list)
    uses: list[tuple[pikepdf.Dictionary, pikepdf.Name]] = field(default_factory=list)  # (Font resources, name)


def _descriptor(font: pikepdf.Object) -> Optional[pikepdf.Object]:
    """The FontDescriptor of a WeasyPrint composite font we know how to share, else None."""
    if font.get("/Subtype") != pikepdf.Name.Type0 or font.get("/Encoding") != pikepdf.Name("/Identity-H"):
        return None  # WeasyPrint writes another encoding only when glyphs were missing: leave those
    descendants = font.get("/DescendantFonts")
    if not isinstance(descendants, pikepdf.Array) or len(descendants) != 1:
        return None
    descriptor = descendants[0].get("/FontDescriptor")
    if descriptor is None or "/FontFamily" not in descriptor or "/CIDSet" in descriptor:
        return None
    if not ("/FontFile3" in descriptor or "/FontFile2" in descriptor) or "/ToUnicode" not in font:
        return None
    return descriptor


def _resource_dicts(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every /Resources reachable from the pages, through form XObjects (a fitted org chart
    page, an SVG drawn as a form), each once."""
    seen: set[tuple[int, int]] = set()
    stack = [page.obj.get("/Resources") for page in pdf.pages]
    while stack:
        resources = stack.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        yield resources
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == pikepdf.Name.Form and (not xobject.is_indirect or xobject.objgen not in seen):
                if xobject.is_indirect:
                    seen.add(xobject.objgen)
                stack.append(xobject.get("/Resources"))


def _faces(pdf: pikepdf.Pdf) -> dict[str, _Face]:
    faces: dict[str, _Face] = {}
    shareable: dict[tuple[int, int], Optional[str]] = {}  # font object → its face, None if not shareable
    for resources in _resource_dicts(pdf):
        fonts = resources.get("/Font")
        if not isinstance(fonts, pikepdf.Dictionary):
            continue
        for name, font in fonts.items():
            if not font.is_indirect:
                continue
            if font.objgen not in shareable:  # each font object is looked at once, however many pages use it
                base_font = str(font.BaseFont) if _descriptor(font) is not None else None
                shareable[font.objgen] = base_font
                if base_font is not None:
                    faces.setdefault(base_font, _Face()).fonts.append(font)
            base_font = shareable[font.objgen]
            if base_font is not None:
                faces[base_font].uses.append((fonts, pikepdf.Name(name)))
    return faces


_NUMBER_OR_ARRAY = re.compile(rb"\[([^\]]*)\]|(-?[\d.]+)")


def _widths(font: pikepdf.Object) -> dict[int, float]:
    """A CIDFont /W array as glyph id → width (both of its forms), read from its PDF text:
    walking a long array element by element through pikepdf is ten times slower."""
    w = font.DescendantFonts[0].get("/W")
    items: list = []
    for bracketed, number in _NUMBER_OR_ARRAY.findall(w.unparse()[1:-1] if w is not None else b""):
        items.append(float(number) if number else [float(x) for x in bracketed.split()])
    widths: dict[int, float] = {}
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], list):
            widths.update((first + offset, width) for offset, width in enumerate(items[i + 1]))
            i += 2
        else:
            widths.update((glyph, items[i + 2]) for glyph in range(first, int(items[i + 1]) + 1))
            i += 3
    return widths


def _w_array(widths: dict[int, float]) -> pikepdf.Array:
    out: list = []
    for glyph in sorted(widths):
        if glyph - 1 not in widths:
            out += [glyph, []]
        out[-1].append(round(widths[glyph], 3))
    return pikepdf.Array(out)


def _to_unicode(font: pikepdf.Object) -> Optional[dict[int, bytes]]:
    data = font.ToUnicode.read_bytes()
    if b"beginbfrange" in data:
        return None  # not how WeasyPrint writes it
    return {int(glyph, 16): text for glyph, text in _TO_UNICODE_ENTRY.findall(data)}


def _to_unicode_stream(pdf: pikepdf.Pdf, mapping: dict[int, bytes]) -> pikepdf.Stream:
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange"]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):  # at most 100 entries per block (PDF limit)
        block = items[start:start + 100]
        lines.append(f"{len(block)} beginbfchar".encode())
        lines += [b"<%04x> <%s>" % (glyph, text) for glyph, text in block]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return pikepdf.Stream(pdf, b"\n".join(lines))


def _installed_face(descriptor: pikepdf.Object, base_font: str) -> Optional[tuple[str, int]]:
    """The installed file and face index fontconfig gives for the face, as Pango found it."""
    family = str(descriptor.FontFamily)
    style = base_font.split("+", 1)[-1].lower().replace("-", "")
    weight = next((w for w in _WEIGHTS if w in style[len(family.replace(" ", "")):]), None)
    face = find_face(family + (f":{weight}" if weight else ""))
    return (str(face.file), face.index) if face is not None else None


def _font_file_key(descriptor: pikepdf.Object) -> str:
    return "/FontFile3" if "/FontFile3" in descriptor else "/FontFile2"


@dataclass
class _Plan:
    """What sharing one face needs, gathered from the PDF before any subsetting."""

    face: _Face
    installed: tuple[str, int]
    key: str  # /FontFile3 or /FontFile2
    mappings: list[dict[int, bytes]]
    sample: int  # the font whose program the installed face must reproduce


def _plan(base_font: str, face: _Face) -> Optional[_Plan]:
    mappings = [_to_unicode(font) for font in face.fonts]
    if any(m is None for m in mappings):
        return None
    descriptor = _descriptor(face.fonts[0])
    installed = _installed_face(descriptor, base_font)
    if installed is None:
        return None
    sample = min(range(len(face.fonts)), key=lambda i: len(mappings[i]))
    return _Plan(face, installed, _font_file_key(descriptor), mappings, sample)


def _subset(installed: tuple[str, int], glyphs: Iterable[int]) -> Optional[bytes]:
    """`subset_by_glyph_id`, kept in the build cache: a rebuild after one job description
    changed shares the fonts of every page again, mostly with the same glyphs. The key is
    the installed file as it is now (size and time, as the digits font's in stamps.py), the
    HarfBuzz version and the glyphs, so another font or HarfBuzz is never served an old cut."""
    build_cache = cache.current()
    wanted = sorted(set(glyphs))
    if build_cache is None:
        return subset_by_glyph_id(*installed, wanted)
    file, index = installed
    try:
        stat = os.stat(file)
    except OSError:
        return subset_by_glyph_id(file, index, wanted)
    key = cache.digest(SUBSET_KIND, file, str(index), str(stat.st_size), str(stat.st_mtime_ns), harfbuzz_version(),
                       ",".join(map(str, wanted)))
    program = build_cache.get(SUBSET_KIND, key)
    if program is None:
        program = subset_by_glyph_id(file, index, wanted)
        if program is not None:
            build_cache.put(SUBSET_KIND, key, program)
    return program


SUBSET_KIND = "font-subset"


def _programs(plan: _Plan) -> tuple[Optional[bytes], Optional[bytes]]:
    """(the installed face subset to the sample's glyphs, to all glyphs): HarfBuzz work,
    run in threads (it releases the GIL), two faces on two cores."""
    union = set().union(*plan.mappings)
    return _subset(plan.installed, plan.mappings[plan.sample]), _subset(plan.installed, union)


def _apply(pdf: pikepdf.Pdf, plan: _Plan, check: Optional[bytes], shared_program: Optional[bytes]) -> bool:
    """Point every use of the face at one font holding all its glyphs; False if unsafe."""
    face, key = plan.face, plan.key
    program = _descriptor(face.fonts[plan.sample])[key]
    # The check: the installed face, subset to the sample's glyphs, is the sample's program.
    if shared_program is None or check != program.read_bytes():
        return False
    union: dict[int, bytes] = {}
    widths: dict[int, float] = {}
    for font, mapping in zip(face.fonts, plan.mappings):
        union.update(mapping)
        widths.update(_widths(font))
    shared = face.fonts[0]
    descriptor = _descriptor(shared)
    stream = pikepdf.Stream(pdf, shared_program)
    for name, value in program.stream_dict.items():
        if name not in ("/Length", "/Filter", "/DecodeParms", "/Length1"):
            stream[name] = value
    if key == "/FontFile2":
        stream.Length1 = len(shared_program)
    descriptor[key] = stream
    descriptor.FontBBox = pikepdf.Array([0, descriptor.Descent, max(widths.values(), default=0), descriptor.Ascent])
    shared.DescendantFonts[0].W = _w_array(widths)
    shared.ToUnicode = _to_unicode_stream(pdf, union)
    for fonts, name in face.uses:
        fonts[name] = shared
    return True


def share_fonts(pdf: pikepdf.Pdf) -> None:
    """Make each face embedded once (see the module's docstring); faces found in only one
    font dictionary are left as they are. Unused fonts are dropped when the PDF is saved."""
    from concurrent.futures import ThreadPoolExecutor

    plans = [plan for base_font, face in sorted(_faces(pdf).items())
             if len(face.fonts) > 1 and (plan := _plan(base_font, face)) is not None]
    with ThreadPoolExecutor(max_workers=2) as threads:
        programs = list(threads.map(_programs, plans))
    for plan, (check, shared_program) in zip(plans, programs):
        _apply(pdf, plan, check, shared_program)
