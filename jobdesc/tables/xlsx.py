"""openpyxl styling shared by the workbooks, and saving them reproducibly.

openpyxl stamps "now" into docProps/core.xml and every zip entry; HR commits the output,
so a rebuild must give the same bytes. `save_workbook` writes the build's timestamp instead.
"""
from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Iterable

from openpyxl.utils.indexed_list import IndexedList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..determinism import build_datetime, zip_date_time
from ..errors import UserError
from .text import display_width

ACCENT = "1F5F99"  # same as --accent in templates/base.css
ACCENT_SOFT = "E8F0F8"
RULE = "C9D2DC"
MUTED = "6B7785"

THIN = Side(style="thin", color=RULE)
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor=ACCENT)
HEADER_FONT = Font(bold=True, color="FFFFFF")
GROUP_FILL = PatternFill("solid", fgColor=ACCENT_SOFT)
TITLE_FONT = Font(bold=True, size=14, color=ACCENT)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
SHEET_FACE = {"zh-CN": "Microsoft YaHei", "zh-TW": "Microsoft JhengHei", "zh-HK": "Microsoft JhengHei",
              "en": "Microsoft YaHei"}  # the faces the Word job descriptions use
BODY_SIZE = 10


def solid(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour.lstrip("#").upper())


def style_header(cell, *, rotate: bool = False) -> None:
    cell.fill = HEADER_FILL
    cell.font = HEADER_FONT
    cell.border = BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center" if not rotate else "bottom",
                               wrap_text=not rotate, text_rotation=90 if rotate else 0)


def fit_column(ws: Worksheet, column: int, texts: Iterable[str], *, minimum: int = 6, maximum: int = 60) -> None:
    """Set a column's width from its widest text (CJK counted double), within bounds."""
    widest = max((display_width(t) for t in texts if t), default=0)
    ws.column_dimensions[get_column_letter(column)].width = max(minimum, min(maximum, widest + 2))


def print_setup(ws: Worksheet, *, landscape: bool, header_rows: str, fit_width: bool = True) -> None:
    """A4, fit all columns on the page width, repeat the header rows on every printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.print_title_rows = header_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def name_every_font(wb: Workbook, language: str) -> None:
    """Give every cell's font a face and a size.

    openpyxl's Font(bold=True) has neither, so each viewer filled in its own default
    (LibreOffice drew the bold rows, totals and RACI letters in a serif face). A cell has one
    face for Latin and CJK alike, so it is the handbook language's CJK face, as in Word.
    """
    face = SHEET_FACE[language]
    # Cells refer to the workbook's font table by index, so renaming the fonts in that table
    # (same order, same length) renames every cell's font at once; going cell by cell
    # through openpyxl's style proxies took seconds on a large matrix.
    named_fonts = []
    for font in wb._fonts:
        named = copy.copy(font)
        # Our fonts never name a face; a named one is openpyxl's default (Calibri 11).
        sized = font.name is None and font.sz
        named.name, named.scheme, named.family = face, None, None
        named.sz = font.sz if sized else BODY_SIZE
        named_fonts.append(named)
    wb._fonts = IndexedList(named_fonts)  # keeps duplicates in place, so indexes stay valid


def save_workbook(wb: Workbook, path: Path, language: str) -> Path:
    """Write the workbook with the build's timestamp everywhere, so equal input gives equal bytes."""
    name_every_font(wb, language)
    stamp = build_datetime().replace(tzinfo=None)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "jobdesc"
    wb.properties.lastModifiedBy = None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()  # unlike openpyxl's save(), leaves `modified` alone
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
                zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=zip_date_time())
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o600 << 16
                target.writestr(entry, source.read(info.filename))
    except OSError as exc:
        raise UserError.at(path, 1, 1, "write-failed", f"cannot write workbook: {exc}") from None
    return path
