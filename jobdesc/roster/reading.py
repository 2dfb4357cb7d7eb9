"""Reading a roster file (xlsx or csv) into rows of the recognised columns only.

Bounded before anything is parsed: the file's size (MAX_ROSTER_BYTES), an xlsx package's parts
(importer/package.py: inflated with a cap, no DOCTYPE or entity, XML counted), the rows read and
the columns of a row. A csv is UTF-8 (with or without a BOM), GB18030 (what Excel on Chinese
Windows saves as "CSV"), or UTF-16 with its BOM (Excel's "Unicode text", tab-separated).

An xlsx's cells are taken as stored (xlsx.py): a formula is never evaluated, and a formula in a
column jobdesc reads is refused with its sheet and cell (its cached result may be stale or made
up). Title rows above the header (a merged 「员工花名册」 as vendors export it) are
skipped: the header row is the first whose cells are recognised as headers (columns.py).

Only the cells of the recognised columns are copied out of a row; an error quoting a row names
the sheet, row and column, never another cell's value.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional
from xml.parsers import expat

from .. import userfiles
from ..errors import UserError
from . import columns as cols
from .xlsx import FORMULA, NotAWorkbook, sheets

MAX_ROSTER_BYTES = 16 * userfiles.MB  # a 20,000-person export is ~2 MB as xlsx, ~3 MB as csv
MAX_ROSTER_ROWS = 100_000
MAX_COLUMNS = 256  # a column past this is never read (vendors export ~40)
HEADER_ROWS = 30  # the header row is looked for in the first rows of a sheet
XLSX = "Excel workbook (.xlsx)"




@dataclass(frozen=True)
class Row:
    """One data row: the recognised fields' text, and where the row stands."""

    line: int  # the row number in the sheet, or the csv line
    sheet: Optional[str]  # None for a csv
    values: dict[str, str]
    columns: dict[str, int]  # field → 1-based column (for messages)

    def cell(self, field: str) -> str:
        """'Sheet1!C5' or 'line 5, column 3': where a field of this row stands."""
        column = self.columns.get(field, 1)
        if self.sheet is None:
            return f"line {self.line}, column {column}"
        return f"{self.sheet}!{column_letter(column)}{self.line}"


@dataclass
class Roster:
    path: Path
    rows: list[Row]
    fields: tuple[str, ...]  # the fields found in the header


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_roster(path: Path, given: dict[str, str]) -> Roster:
    data = userfiles.read_bytes(path, MAX_ROSTER_BYTES)
    if not data.strip():
        raise UserError.at(path, 1, 1, "roster-empty", f"{path.name} is empty: no header, nobody in it")
    if data[:4] == b"PK\x03\x04":
        tables = _xlsx_sheets(path, data)
    elif data[:4] == b"\xd0\xcf\x11\xe0":
        raise UserError.at(path, 1, 1, "roster-format",
                           f"{path.name} is an old Excel 97-2003 workbook (.xls): save it as .xlsx or csv")
    else:
        tables = iter([(None, _csv_rows(path, data))])
    any_rows = False
    for sheet, rows in tables:
        found = _read_sheet(path, sheet, rows, given)
        if found is None:
            continue
        if found is not False:
            return found
        any_rows = True
    if not any_rows:
        raise UserError.at(path, 1, 1, "roster-empty", f"{path.name} has no rows: the sheet is empty")
    raise UserError.at(path, 1, 1, "roster-columns", f"{path.name}: {cols.missing_message(given)}")


def _read_sheet(path: Path, sheet: Optional[str], rows, given: dict[str, str]):
    """The roster of one sheet; None for an empty sheet, False for one without a header row."""
    header: dict[str, int] = {}
    out: list[Row] = []
    seen_any = False
    for number, cells in rows:
        if number > MAX_ROSTER_ROWS:
            raise UserError.at(path, number, 1, "roster-too-large",
                               f"{path.name} has more than {MAX_ROSTER_ROWS:,} rows: refused")
        if not header:
            texts = ["" if c is FORMULA else _text(c) for c in cells]
            seen_any = seen_any or any(texts)
            found = cols.recognise(texts, given)
            if cols.is_header(found):
                header = found
                places = {field: index + 1 for field, index in header.items()}
                places.setdefault("name", places.get("first_name", 1))
            elif number >= HEADER_ROWS:
                return False if seen_any else None
            continue
        values: dict[str, str] = {}
        for field, index in header.items():
            value = cells[index] if index < len(cells) else None
            if value is FORMULA:
                where = Row(number, sheet, {}, {field: index + 1}).cell(field)
                raise UserError.at(path, number, index + 1, "roster-formula",
                                   f"{where} ({field}) holds a formula; jobdesc never evaluates formulas: "
                                   "paste the column as values (选择性粘贴 → 数值) and export again")
            text = _text(value)
            if text:
                values[field] = text
        if "name" not in values and "first_name" in values and "last_name" in values:
            values["name"] = join_name(values["first_name"], values["last_name"])
        if values:
            out.append(Row(number, sheet, values, places))
    if not header:
        return False if seen_any else None
    if not any("name" in row.values for row in out):  # --apply would empty every post
        raise UserError.at(path, 1, 1, "roster-empty",
                           f"{path.name} lists nobody under its header row{f' (sheet {sheet})' if sheet else ''}")
    return Roster(path, out, tuple(header))


def join_name(first: str, last: str) -> str:
    """李 + 欣然 → 李欣然 (Chinese and Japanese names: family name first, no space); Jane + Doe → Jane Doe."""
    if all(ord(c) > 0x2E80 for c in (first + last).replace(" ", "")):
        return last + first
    return f"{first} {last}"


def _text(value) -> str:
    if value is None:
        return ""
    if type(value) is str and value.isprintable() and "  " not in value:  # the common cell: only trim
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an employee number typed as a number: 1024, not 1024.0
    return " ".join(str(value).split())


def _xlsx_sheets(path: Path, data: bytes) -> Iterator[tuple[str, Iterator]]:
    from ..importer.package import check_package
    from ..importer.xmlscan import XmlLimits

    # Elements and attributes: a cell is about four; 100,000 rows of a 40-column export fit.
    limits = XmlLimits(elements=16_000_000, rows=MAX_ROSTER_ROWS + HEADER_ROWS, characters=64_000_000)
    data = check_package(path, data, what=XLSX, limits=limits)
    try:
        found = list(sheets(data, MAX_COLUMNS))
    except (NotAWorkbook, KeyError, ValueError, zipfile.BadZipFile) as exc:
        why = str(exc) if isinstance(exc, NotAWorkbook) else type(exc).__name__
        raise UserError.at(path, 1, 1, "roster-format", f"{path.name} is not a readable {XLSX}: {why}") from None
    except expat.ExpatError as exc:  # package.py read every part; this is only a second line of defence
        raise UserError.at(path, 1, 1, "roster-format", f"{path.name} is not a readable {XLSX}: {exc}") from None
    for title, rows in found:
        yield title, iter(rows)


def decode_csv(path: Path, data: bytes) -> str:
    """The text of a csv: by its BOM (UTF-8, UTF-16), else UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise UserError.at(path, 1, 1, "roster-encoding",
                       f"{path.name} is neither a workbook nor text in UTF-8, GB18030 or UTF-16: "
                       "export the roster again as .xlsx or CSV")


def _csv_rows(path: Path, data: bytes) -> Iterator[tuple[int, list]]:
    text = decode_csv(path, data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, cells[:MAX_COLUMNS]
    except csv.Error as exc:
        # csv's messages name the problem, never a cell's text
        raise UserError.at(path, reader.line_num, 1, "roster-format", f"{path.name} is not a readable CSV: {exc}") from None
