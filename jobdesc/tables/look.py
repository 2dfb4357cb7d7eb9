"""The workbooks' shared look as plain values (colours, faces, column widths) and their
reproducible saving, importable without openpyxl or XlsxWriter, so both writers agree."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from ..determinism import zip_date_time
from ..environment import write_failed
from .text import display_width

ACCENT = "1F5F99"  # same as --accent in templates/base.css
ACCENT_SOFT = "E8F0F8"
RULE = "C9D2DC"
MUTED = "6B7785"  # notes and external positions: colour, never italics (Excel, WPS and
# LibreOffice slant CJK text by shearing it: CJK faces have no italic)
SHEET_FACE = {"zh-CN": "Microsoft YaHei", "zh-TW": "Microsoft JhengHei", "zh-HK": "Microsoft JhengHei",
              "en": "Microsoft YaHei"}  # the faces the Word job descriptions use
BODY_SIZE = 10
TITLE_SIZE = 14


def column_width(texts: Iterable[str], *, minimum: int = 6, maximum: int = 60) -> int:
    """A column's width from its widest text (CJK counted double), within bounds."""
    widest = max((display_width(t) for t in texts if t), default=0)
    return max(minimum, min(maximum, widest + 2))


def write_restamped(package: bytes, path: Path) -> Path:
    """Write a workbook package with every zip entry dated the build's time (SOURCE_DATE_EPOCH),
    so equal input gives equal bytes whichever library wrote it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(io.BytesIO(package)) as source, \
                zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=zip_date_time())
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o600 << 16
                target.writestr(entry, source.read(info.filename))
    except OSError as exc:
        raise write_failed(path, exc) from None
    return path
