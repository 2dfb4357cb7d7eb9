"""The org chart's printed sheets as pictures for handbook.docx.

The org chart renderer already wrote the first sheet as OUT/orgchart.png; a chart of a
large organisation has more sheets (an overview and one per subtree), which are
rasterised here from orgchart.pdf at the same resolution. Rasterising costs about 0.1 s a
sheet, so when a build cache is active each sheet is kept under the hash of its own
drawing: editing one position re-draws only the sheets it appears on. Extra sheets are
drawn at SHEET_DPI with fast PNG compression (the .docx zip deflates them again anyway).
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Optional, Sequence


from .. import cache as build_cache

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


def chart_pictures(shared: dict, out: Path, template_folders: Sequence[Path]) -> list[bytes]:
    """PNG bytes of every org chart sheet, in order (none when there is no chart)."""
    chart = shared.get("orgchart", {})
    png, pdf = Path(chart.get("png", out / "orgchart.png")), Path(chart.get("pdf", out / "orgchart.pdf"))
    if not png.is_file():
        return []
    pictures = [png.read_bytes()]
    if not pdf.is_file():
        return pictures
    drawings: list[Optional[str]] = list(chart.get("pages", []))
    active = build_cache.current()
    pdf_bytes: Optional[bytes] = None
    for index in range(1, _sheet_count(pdf)):
        if active is None:
            pictures.append(_rasterise(pdf, index))
            continue
        if index < len(drawings) and drawings[index]:  # the sheet's drawing, page size and print CSS
            key = build_cache.digest("handbook-chart-sheet", drawings[index], str(chart.get("paper")),
                                     active.fingerprint(template_folders), str(SHEET_DPI))
        else:  # no per-sheet drawing handed over: key on the whole PDF and the sheet number
            pdf_bytes = pdf_bytes if pdf_bytes is not None else pdf.read_bytes()
            key = build_cache.digest("handbook-chart-sheet", pdf_bytes, str(index), str(SHEET_DPI))
        pictures.append(active.get_or_make("png", key, lambda i=index: _rasterise(pdf, i)))
    return pictures
