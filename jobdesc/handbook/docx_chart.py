"""The org chart's printed sheets as pictures for handbook.docx.

The org chart renderer already wrote the first sheet as OUT/orgchart.png; a chart of a
large organisation has more sheets (an overview and one per subtree), which are
rasterised here from orgchart.pdf at the same resolution. Rasterising costs about 0.1 s a
sheet, so when a build cache is active each sheet is kept under the hash of its own
drawing: editing one position re-draws only the sheets it appears on. Extra sheets are
drawn at SHEET_DPI with fast PNG compression (the .docx zip stores pictures as they are).
"""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Optional, Sequence

from docx.oxml.ns import qn
from PIL import Image

from .. import cache as build_cache
from .sources import ChartSheets

SHEET_DPI = 150  # an A3 sheet shrinks to A4 in the handbook: 150 dpi still prints at ~210 dpi


def _rasterise(pdf: Path, index: int) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[index].render(scale=SHEET_DPI / 72).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", dpi=(SHEET_DPI, SHEET_DPI), compress_level=1)
    return buffer.getvalue()


def _sheet_count(pdf: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def _sheet_task(_state, pdf: Path, index: int) -> tuple[bytes, list]:
    """In a worker: one sheet as PNG bytes, and its drawn area (see drawn_area)."""
    png = _rasterise(pdf, index)
    return png, list(_drawn_area(png))


def chart_pictures(chart: Optional[ChartSheets], template_folders: Sequence[Path], pool=None) -> list[bytes]:
    """PNG bytes of every org chart sheet, in order (none when there is no chart). The sheets
    not in the build cache are rasterised by the worker pool when there is one: decoding and
    encoding 16 A3 sheets cost the main process ~45 MB it kept through the build's peak."""
    if chart is None or not chart.png.is_file():
        return []
    png, pdf = chart.png, chart.pdf
    pictures: list = [png.read_bytes()]
    if not pdf.is_file():
        return pictures
    drawings: list[Optional[str]] = list(chart.drawings)
    active = build_cache.current()
    pdf_bytes: Optional[bytes] = None
    for index in range(1, _sheet_count(pdf)):
        if active is None:
            pictures.append(_rasterise(pdf, index))
            continue
        if index < len(drawings) and drawings[index]:  # the sheet's drawing, page size and print CSS
            key = build_cache.digest("handbook-chart-sheet", drawings[index], str(chart.paper),
                                     active.fingerprint(template_folders), str(SHEET_DPI))
        else:  # no per-sheet drawing handed over: key on the whole PDF and the sheet number
            pdf_bytes = pdf_bytes if pdf_bytes is not None else pdf.read_bytes()
            key = build_cache.digest("handbook-chart-sheet", pdf_bytes, str(index), str(SHEET_DPI))
        stored = active.get("png", key)
        if stored is not None:
            pictures.append(stored)
        elif pool is not None:
            pictures.append((key, pool.submit(_sheet_task, pdf, index, first=True)))
        else:
            pictures.append(active.get_or_make("png", key, lambda i=index: _rasterise(pdf, i)))
    for place, picture in enumerate(pictures):
        if isinstance(picture, tuple):  # a worker's: kept, with its drawn area, for the next build
            key, task = picture
            png_bytes, area = task.result()
            active.put("png", key, png_bytes)
            active.put("json", build_cache.digest("chart-drawn-area", png_bytes), json.dumps(area).encode())
            pictures[place] = png_bytes
    return pictures


class Pictures:
    """Adds pictures to a python-docx story part as `part.new_pic_inline` does (one image
    part per distinct picture, numbered like python-docx numbers them), but hashes each
    picture once: python-docx re-hashes every image part already in the package for each
    picture it adds, which grows with the square of the org chart's sheets."""

    def __init__(self, story_part):
        self.part = story_part
        self.images = story_part.package.image_parts
        self.by_sha1 = {image_part.sha1: image_part for image_part in self.images}

    def inline(self, png: bytes, width: int, height: int, crop: Optional[tuple[int, int, int, int]] = None):
        """An inline picture `width` × `height` EMU; `crop` (left, top, right, bottom, in
        thousandths of a percent of the picture) is cut off by the reader (a:srcRect), the
        picture's bytes stay those of the sheet."""
        from docx.image.image import Image as DocxImage
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.oxml.shape import CT_Inline
        from docx.parts.image import ImagePart

        image = DocxImage.from_blob(png)
        image_part = self.by_sha1.get(image.sha1)
        if image_part is None:
            used = {existing.partname.idx for existing in self.images}
            number = next(n for n in range(1, len(self.images) + 2) if n not in used)
            image_part = ImagePart.from_image(image, PackURI(f"/word/media/image{number}.{image.ext}"))
            self.images.append(image_part)
            self.by_sha1[image.sha1] = image_part
        rid = self.part.relate_to(image_part, RT.IMAGE)
        image = image_part.image
        cx, cy = image.scaled_dimensions(width, height)
        inline = CT_Inline.new_pic_inline(self.part.next_id, rid, image.filename, cx, cy)
        if crop and any(crop):
            blip = next(inline.iter(qn("a:blip")))
            blip.addnext(blip.makeelement(qn("a:srcRect"), {k: str(v) for k, v in zip("ltrb", crop) if v}))
        return inline


def drawn_area(png: bytes) -> tuple[tuple[int, int], tuple[int, int, int, int]]:
    """A sheet's size in pixels and the part of it that is drawn on (the rest is the
    sheet's white margin, which the handbook page has of its own): (width, height),
    (left, top, right, bottom) as thousandths of a percent cut from each side.
    Kept in the build cache under the picture's hash: decoding 16 A3 sheets to find their
    margins took a rebuild 0.55 s (and ~50 MB) when nothing in the chart had changed."""
    active = build_cache.current()
    if active is None:
        return _drawn_area(png)
    key = build_cache.digest("chart-drawn-area", png)
    stored = active.get("json", key, lambda data: build_cache.read_json(data, ((int, int), (int, int, int, int))))
    if stored is not None:
        return stored
    found = _drawn_area(png)
    active.put("json", key, json.dumps(found).encode())
    return found


def _drawn_area(png: bytes) -> tuple[tuple[int, int], tuple[int, int, int, int]]:
    with Image.open(io.BytesIO(png)) as image:
        size = image.size
        ink = image.convert("L").point(lambda v: 255 if v < 250 else 0).getbbox()
    if ink is None:
        return size, (0, 0, 0, 0)
    w, h = size
    left, top, right, bottom = ink
    return size, (left * 100000 // w, top * 100000 // h, (w - right) * 100000 // w, (h - bottom) * 100000 // h)
