"""openpyxl styling shared by the workbooks, and saving them reproducibly.

openpyxl stamps "now" into docProps/core.xml and every zip entry; HR commits the output,
so a rebuild must give the same bytes. `save_workbook` writes the build's timestamp instead.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from weakref import WeakKeyDictionary

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..determinism import build_datetime
from .cells import stored_values

from .look import (ACCENT, ACCENT_SOFT, BODY_SIZE, MUTED, RULE, SHEET_FACE,  # noqa: F401 (re-exported)
                   column_width, write_restamped)

THIN = Side(style="thin", color=RULE)
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor=ACCENT)
HEADER_FONT = Font(bold=True, color="FFFFFF")
GROUP_FILL = PatternFill("solid", fgColor=ACCENT_SOFT)
TITLE_FONT = Font(bold=True, size=14, color=ACCENT)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def solid(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour.lstrip("#").upper())


def style_header(cell, *, rotate: bool = False) -> None:
    stamp(cell, header_style(cell.parent, rotate=rotate))


def header_style(ws: Worksheet, *, rotate: bool = False) -> StyleArray:
    return prepare_style(ws, fill=HEADER_FILL, font=HEADER_FONT, border=BORDER,
                         alignment=Alignment(horizontal="center", vertical="center" if not rotate else "bottom",
                                             wrap_text=not rotate, text_rotation=90 if rotate else 0))


# Styling many cells fast.
#
# Every `cell.font = ...` (or fill, border, alignment, number_format, protection) makes openpyxl
# look the object up in the workbook's table of fonts (fills, ...) by hashing it, a deep hash of
# nested objects. Styling a 500-position RACI matrix cell by cell made ~185,000 such look-ups:
# nearly all of its six seconds. A cell's format is only a row of indexes into those tables
# (openpyxl's StyleArray), so each combination of formats is looked up once, by prepare_style,
# and stamp() gives cells a copy of the indexes.

def prepare_style(ws: Worksheet, base: StyleArray | None = None, **formats) -> StyleArray:
    """The format a cell has after `cell.<name> = <value>` for each of `formats`, in order,
    starting from the prepared style `base` (or no format): registered with ws's workbook.

    Worked out on a cell that is never put on the sheet, through openpyxl's own setters,
    so a stamped cell ends exactly as one styled attribute by attribute.
    """
    scratch = Cell(ws, style_array=base)
    for name, value in formats.items():
        setattr(scratch, name, value)
    return scratch._style or StyleArray()  # openpyxl leaves it None until a format is set


def stamp(cell, style: StyleArray) -> None:
    """Give a cell a prepared style, without any look-up."""
    cell._style = StyleArray(style)  # a copy: a later `cell.font = ...` must change this cell only


class PreparedStyles(dict):
    """Prepared styles by key, each made by `make(key)` when a cell first asks for it.

    Preparing on first use registers fonts, fills, ... with the workbook in the order that
    styling cell by cell did, so the style tables, and the workbook's bytes, stay as they were
    (HR commits the output: a rebuild must not show changes that are not there).
    """

    def __init__(self, make: Callable[[Hashable], StyleArray]):
        super().__init__()
        self._make = make

    def __missing__(self, key: Hashable) -> StyleArray:
        style = self[key] = self._make(key)
        return style


_EDGES = ("top", "left", "right", "bottom")  # the order openpyxl's MergedCellRange.format() works in
Edges = tuple[bool, bool, bool, bool]  # whether a cell lies on the top, left, right, bottom edge of its range
# Per workbook: (the top-left cell's format, its edges, the kinds of covered cell) -> the formats merging gives
# the top-left cell and each kind of covered cell. Style indexes are only valid in their own workbook.
_merge_formats: WeakKeyDictionary[Workbook, dict] = WeakKeyDictionary()


def merge_cells(ws: Worksheet, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
    """ws.merge_cells(...) with the same result, but each kind of covered cell formatted once.

    openpyxl turns every covered cell into a MergedCell, then edge by edge adds the top-left
    cell's border side to each cell on that edge (a new Border and a look-up per cell and edge)
    and gives every cell the top-left cell's protection (another look-up): about half a second
    for the department rows of a 500-position RACI workbook. A cell's format after merging
    depends only on the top-left cell's format and on which edges the cell lies on, so
    openpyxl's steps run once per distinct case and cells are stamped with the result.
    """
    coord = CellRange(min_row=start_row, min_col=start_column, max_row=end_row, max_col=end_column).coord
    merged = MergedCellRange(ws, coord)  # gives the top-left cell the bottom-right one's right and bottom side
    ws.merged_cells.add(merged)
    first = merged.start_cell
    on_edge = {name: set(getattr(merged, name)) for name in _EDGES}

    def edges(row: int, column: int) -> Edges:
        return tuple((row, column) in on_edge[name] for name in _EDGES)

    covered: dict[tuple[int, int], Edges] = {}
    for row, column in merged.cells:
        if (row, column) != (start_row, start_column):
            ws._cells[row, column] = MergedCell(ws, row=row, column=column)
            covered[row, column] = edges(row, column)
    kinds = list(dict.fromkeys(covered.values()))  # in sheet order, as openpyxl meets them
    known = _merge_formats.setdefault(ws.parent, {})
    key = (tuple(first._style or StyleArray()), edges(start_row, start_column), tuple(kinds))
    if key not in known:
        known[key] = _format_merged(ws, first, edges(start_row, start_column), kinds)
    first_format, kind_formats = known[key]
    stamp(first, first_format)
    for (row, column), kind in covered.items():
        stamp(ws._cells[row, column], kind_formats[kind])


def _format_merged(ws: Worksheet, first: Cell, first_edges: Edges,
                   kinds: list[Edges]) -> tuple[StyleArray, dict[Edges, StyleArray]]:
    """openpyxl's MergedCellRange.format() on the top-left cell and one covered cell of each kind
    (not put on the sheet), in its order: edge by edge, then protection for all."""
    cells = [(first, first_edges), *((MergedCell(ws), kind) for kind in kinds)]
    for n, name in enumerate(_EDGES):
        side = getattr(first.border, name)
        if side and side.style is None:  # openpyxl skips a side without a style
            continue
        border = Border(**{name: side})
        for cell, on in cells:
            if on[n]:
                cell.border += border
    protection = copy.copy(first.protection)
    for cell, _ in cells:
        cell.protection = protection
    return StyleArray(first._style), {kind: StyleArray(cell._style) for cell, kind in cells[1:]}


def fit_column(ws: Worksheet, column: int, texts: Iterable[str], *, minimum: int = 6, maximum: int = 60) -> None:
    """Set a column's width from its widest text (CJK counted double), within bounds."""
    ws.column_dimensions[get_column_letter(column)].width = column_width(texts, minimum=minimum, maximum=maximum)


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
    return write_restamped(_with_formula_values(wb, buffer.getvalue()), path)


# A formula cell as openpyxl writes it: <c r="C4" s="7"><f>COUNTIF(…)</f><v></v></c>, the value left empty.
_FORMULA_CELL = re.compile(rb'(<c r="([A-Z]+[0-9]+)"[^>]*><f>[^<]*</f>)<v(?:\s*/>|></v>)')


def _with_formula_values(wb: Workbook, package: bytes) -> bytes:
    """The package with each formula's computed value (see cells.put) stored in its <v>.

    openpyxl cannot store a formula's value, so every count was blank wherever the file is
    only previewed (phones, WeChat, DingTalk do not calculate); the stored value is what
    XlsxWriter would have written beside the formula. Excel and LibreOffice recalculate on
    open all the same (fullCalcOnLoad)."""
    sheets = {f"xl/worksheets/sheet{n}.xml": stored_values(ws)  # openpyxl's names, in sheet order
              for n, ws in enumerate(wb.worksheets, start=1) if stored_values(ws)}
    if not sheets:
        return package
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            values = sheets.get(info.filename)
            if values:
                data = _FORMULA_CELL.sub(
                    lambda m: m.group(1) + b"<v>%s</v>" % _number(values[m.group(2).decode()]).encode()
                    if m.group(2).decode() in values else m.group(0), data)
            target.writestr(info, data)
    return out.getvalue()


def _number(value) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
