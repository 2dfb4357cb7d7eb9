"""The org chart's printed sheets as drawings for handbook.docx: SVG, with a PNG fallback.

Each sheet goes in as Word 2016+ writes an SVG picture: the a:blip names a PNG (what
Word 2013 and older readers show) and carries the asvg:svgBlip extension naming the SVG
(what Word 2016+ and WPS show, and print as vectors: crisp on an A3 sheet). The SVG is the
sheet orgchart.pdf prints (`--paper`), less its subtitle's 组织架构图: the handbook's heading
above it already says it, so the title is printed once. The PNG is that same SVG laid out
by WeasyPrint and rasterised at FALLBACK_DPI at the size it is printed, so both readers
show the same drawing. Rasterising costs ~0.5 s of CPU a sheet (300 positions: 16 sheets,
6% of a clean build): the PNGs are made by the worker pool when there is one, several
sheets a task, and kept in the build cache under the hash of their SVG.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from docx.oxml.ns import qn

from .. import cache as build_cache
from ..orgchart.style import chart_labels
from ..orgchart.svg import without_chart_title
from .sources import ChartSheets

FALLBACK_DPI = 200  # at the printed size: an A3 sheet is ~3,200 × 2,200 pixels
FALLBACK_FORMAT = "1"  # bump when the way the fallback is drawn changes
SHEETS_PER_TASK = 6  # fallbacks drawn in one document (orgchart.pdf lays out as many sheets together)
SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # the a:ext uri Word writes for svgBlip
SVG_CONTENT_TYPE = "image/svg+xml"


@dataclass(frozen=True)
class Sheet:
    svg: bytes  # the drawing, as a standalone SVG file
    png: bytes  # the same drawing rasterised, for readers without SVG
    size_pt: tuple[float, float]  # the size the sheet is drawn for


def sheet_size(svg: str) -> tuple[float, float]:
    """The width and height of a chart sheet's SVG, in pt (chart_svg writes them in pt)."""
    width, height = (float(re.search(rf'<svg[^>]* {name}="([\d.]+)pt"', svg).group(1)) for name in ("width", "height"))
    return width, height


def _rasterise(svgs: Sequence[str], dpi: int) -> list[bytes]:
    """The SVGs laid out by WeasyPrint as one document, each on a page of its own size,
    each page rendered at `dpi`. One document for several sheets: WeasyPrint's cost per
    document (its stylesheets, the font subset) is paid once, and each page's pixels are
    those of the sheet laid out alone (the PNG bytes are the same)."""
    import pypdfium2

    from ..pdf import render_document

    rules, pages = [], []
    for number, svg in enumerate(svgs):  # a named page per sheet: each its own size, each a page
        width, height = sheet_size(svg)
        rules.append(f"@page sheet{number} {{ size: {width}pt {height}pt; margin: 0 }} "
                     f".sheet{number} {{ page: sheet{number} }}")
        pages.append(f"<div class='sheet{number}' id='sheet{number}'>{svg}</div>")
    html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{' '.join(rules)} body {{ margin: 0 }} "
            f"svg {{ display: block }}</style></head><body>{''.join(pages)}</body></html>")
    laid_out = render_document(html, Path(__file__).parent, [])  # no file may be fetched
    first_pages: dict[str, int] = {}  # each sheet's first page (as the first page of it alone was drawn)
    for index, page in enumerate(laid_out.pages):
        for anchor in page.anchors:
            first_pages.setdefault(anchor, index)
    document = pypdfium2.PdfDocument(laid_out.write_pdf())
    try:
        images = [document[first_pages[f"sheet{number}"]].render(scale=dpi / 72).to_pil()
                  for number in range(len(svgs))]
    finally:
        document.close()
    pngs = []
    for image in images:
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=6)
        pngs.append(buffer.getvalue())
    return pngs


def _fallback_task(_state, svgs: list[str], dpi: int) -> list[bytes]:
    return _rasterise(svgs, dpi)


def chart_sheets(chart: Optional[ChartSheets], language: str, pool=None) -> list[Sheet]:
    """Every org chart sheet as an SVG (title once) and its PNG fallback, in order (none when
    there is no chart). Fallbacks not in the build cache are drawn by the worker pool,
    SHEETS_PER_TASK sheets a task."""
    if chart is None or not chart.drawings:
        return []
    word = chart_labels(language)["chart"]
    drawings = [without_chart_title(drawing, word) for drawing in chart.drawings]
    active = build_cache.current()
    pngs: dict[int, bytes] = {}
    keys = [build_cache.digest("handbook-chart-fallback", FALLBACK_FORMAT, svg, str(FALLBACK_DPI))
            for svg in drawings]
    for number, key in enumerate(keys):
        stored = active.get("png", key) if active is not None else None
        if stored is not None:
            pngs[number] = stored
    missing = [number for number in range(len(drawings)) if number not in pngs]
    groups = [missing[start:start + SHEETS_PER_TASK] for start in range(0, len(missing), SHEETS_PER_TASK)]
    tasks = [(group, pool.submit(_fallback_task, [drawings[n] for n in group], FALLBACK_DPI, first=True)
              if pool is not None else _rasterise([drawings[n] for n in group], FALLBACK_DPI)) for group in groups]
    for group, made in tasks:
        for number, png in zip(group, made if isinstance(made, list) else made.result()):
            pngs[number] = png
            if active is not None:
                active.put("png", keys[number], png)
    return [Sheet(('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n").encode(), pngs[number], sheet_size(svg))
            for number, svg in enumerate(drawings)]


class Pictures:
    """Adds pictures to a python-docx story part as `part.new_pic_inline` does (one image
    part per distinct picture, numbered like python-docx numbers them), but hashes each
    picture once: python-docx re-hashes every image part already in the package for each
    picture it adds, which grows with the square of the org chart's sheets."""

    def __init__(self, story_part):
        self.part = story_part
        self.images = story_part.package.image_parts
        self.by_sha1 = {image_part.sha1: image_part for image_part in self.images}
        self.drawings: dict[str, object] = {}  # SVG parts added, by the SHA-1 of their bytes

    def inline(self, png: bytes, width: int, height: int, crop: Optional[tuple[int, int, int, int]] = None,
               svg: Optional[bytes] = None):
        """An inline picture `width` × `height` EMU; `crop` (left, top, right, bottom, in
        thousandths of a percent of the picture) is cut off by the reader (a:srcRect), the
        picture's bytes stay those of the sheet. With `svg`, the picture is that drawing and
        `png` its fallback (the asvg:svgBlip extension, as Word 2016+ writes it)."""
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
        if svg is not None:
            self._add_svg(next(inline.iter(qn("a:blip"))), svg)
        if crop and any(crop):
            blip = next(inline.iter(qn("a:blip")))
            blip.addnext(blip.makeelement(qn("a:srcRect"), {k: str(v) for k, v in zip("ltrb", crop) if v}))
        return inline

    def _add_svg(self, blip, svg: bytes) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        digest = hashlib.sha1(svg).hexdigest()
        part = self.drawings.get(digest)
        if part is None:
            names = {p.partname for p in self.part.package.iter_parts()}
            number = next(n for n in range(1, len(names) + 2) if f"/word/media/drawing{n}.svg" not in names)
            part = Part(PackURI(f"/word/media/drawing{number}.svg"), SVG_CONTENT_TYPE, svg, self.part.package)
            self.drawings[digest] = part
        rid = self.part.relate_to(part, RT.IMAGE)
        extensions = blip.makeelement(qn("a:extLst"), {})
        extension = extensions.makeelement(qn("a:ext"), {"uri": SVG_EXTENSION})
        extension.append(extension.makeelement(f"{{{SVG_NS}}}svgBlip", {qn("r:embed"): rid}, nsmap={"asvg": SVG_NS}))
        extensions.append(extension)
        blip.append(extensions)


