"""Where a chapter's links and pictures point, and reading a picture: the one gate for addresses.

chapter_reader.py sends every address a chapter holds through `resolve_target` and every picture
inside DIR through `read_picture`; nothing else in jobdesc reads what a chapter points at.
A web address is printed and never fetched. A picture is read once, within the size and
pixel limits, and must open both where the PDF decodes it (PIL) and where the Word handbook
takes it (python-docx), so a picture `check` passes never stops `build`.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlsplit

from .. import userfiles
from .chapter_models import Anchor, LocalFile, Picture, Target, WebAddress

MAX_PICTURE_PIXELS = 40_000_000  # a 7000 × 5000 photo; a printed page needs far fewer
PICTURE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF87a": "image/gif",
                 b"GIF89a": "image/gif"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def resolve_target(url: str, chapter: Path, root: Path, *, picture: bool) -> Target:
    """Where a chapter's link or picture points: the one gate every address passes.

    A web address (http, https; mailto for links) is printed, never fetched. Anything else
    must be a relative path to a file inside `root` (DIR) that exists. Raises ValueError
    with the reason."""
    what = "picture" if picture else "link"
    url = url.strip()
    if not url:
        raise ValueError(f"this {what} has no address")
    if url.startswith("#") and not picture:
        return Anchor(url[1:])
    scheme = _SCHEME.match(url)
    if scheme or url.startswith("//"):
        name = scheme.group(1).lower() if scheme else ""
        if name in ("http", "https") or (name == "mailto" and not picture):
            if name != "mailto" and not urlsplit(url).netloc:
                raise ValueError(f"'{url[:80]}' is not a complete web address")
            return WebAddress(url)
        raise ValueError(f"'{url[:80]}': a {what} may point only to a web address (http:// or https://) or to a "
                         "file inside the organisation directory")
    relative = unquote(urlsplit(url).path)
    if not relative or relative.startswith("/") or "\x00" in relative:
        raise ValueError(f"'{url[:80]}': write the path relative to the chapter, such as ../pictures/chart.png")
    requested = Path(os.path.abspath(chapter.parent / relative))
    inside = Path(os.path.abspath(root))
    real = Path(os.path.realpath(requested))  # a symbolic link inside DIR may still lead out of it
    if not requested.is_relative_to(inside) or not real.is_relative_to(os.path.realpath(root)):
        raise ValueError(f"'{url[:80]}' points outside the organisation directory; a {what} may point only to a "
                         "file inside it or to a web address")
    shown = requested.relative_to(inside).as_posix()
    if not os.path.lexists(requested):
        raise ValueError(f"'{url[:80]}' does not exist (no file {shown} in the organisation directory)")
    return LocalFile(shown)


def read_picture(root: Path, target: LocalFile, budget: userfiles.Budget, chapter: Path) -> Picture:
    """The picture at `target`, checked. Raises UserError (userfiles' refusals, the budget) or
    ValueError (not a picture the handbook can print) with the reason."""
    data = userfiles.read_bytes(root / target.path, userfiles.MAX_PICTURE_BYTES, root=root)
    budget.spend(chapter, len(data))
    mime = next((m for magic, m in PICTURE_TYPES.items() if data.startswith(magic)), None)
    size = _pixel_size(data) if mime else None
    if mime is None or size is None:
        raise ValueError(f"picture '{target.path}' is not a PNG, JPEG or GIF picture the handbook can print")
    if size[0] * size[1] > MAX_PICTURE_PIXELS:  # a small file can inflate to gigabytes when drawn
        raise ValueError(f"picture '{target.path}' is {size[0]} × {size[1]} pixels; pictures over "
                         f"{MAX_PICTURE_PIXELS // 1_000_000} million pixels are refused")
    return Picture(target.path, mime, data, size[0], size[1], hashlib.sha256(data).hexdigest())


def _pixel_size(data: bytes) -> Optional[tuple[int, int]]:
    """The picture's size in pixels, or None when it cannot be printed: PIL (what WeasyPrint
    decodes with) and python-docx (what puts it into handbook.docx) must both read it, so a
    picture `check` passes never stops `build`."""
    from docx.image.image import Image as DocxImage
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
        DocxImage.from_blob(data)
    except Exception:  # both raise many kinds for a damaged picture; all mean "cannot print it"
        return None
    return (width, height) if width > 0 and height > 0 else None
