"""The one place that writes spreadsheet and CSV cells, so user text never runs as a formula.

A title, a department, an incumbent, a process or an activity is whatever somebody typed
in a pull request. Written as it is, `=HYPERLINK("http://…","x")` became a live formula in
staffing.xlsx and raci.xlsx (and `=2+5 <b>`, not a valid formula, made Excel refuse the
workbook), and raci.csv carried `=cmd|' /C calc'!A0` to whoever opened it.

* Workbooks: `put` (openpyxl) and `write` (XlsxWriter) store every `str` as text (both
  libraries would otherwise turn anything starting with "=" into a formula). Only a
  `Formula`, which jobdesc builds itself (the staffing totals, the RACI analysis counts),
  is written as a formula, with the value it computes to stored beside it, so previews
  that do not calculate (phone, WeChat, DingTalk) show the number, not a blank.
  XlsxWriter stores the value itself; openpyxl cannot, so `put` notes it per sheet
  (`stored_values`) and `xlsx.save_workbook` writes it into the saved sheet.
* CSV: `csv_writer` prefixes a cell that starts with =, +, -, @, tab or carriage return
  with a single quote, as OWASP's CSV-injection advice says; everything else is unchanged
  (the RACI letters and ids never start with those).

CSV files are UTF-8 with a byte-order mark (`write_csv_file`): Excel on Chinese Windows
reads a CSV without one as GBK and shows the titles garbled; with it, Excel, LibreOffice,
WPS and Python's "utf-8-sig" all read UTF-8 (a reader decoding "utf-8" sees "\ufeff"
before the first column's name).
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable, TextIO
from weakref import WeakKeyDictionary

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # openpyxl costs 0.1-0.2 s to import; the XlsxWriter path never needs it
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_ENCODING = "utf-8-sig"  # UTF-8 behind a byte-order mark: see the module's docstring
# openpyxl worksheet -> {cell coordinate: the value its Formula computes to}, for save_workbook.
_stored_values: WeakKeyDictionary = WeakKeyDictionary()


class Formula(str):
    """A formula jobdesc wrote itself (e.g. "=SUM(C4:C9)"): the only text stored as a formula.
    `value` is what it computes to, stored with it by `write`."""

    value: Any

    def __new__(cls, text: str, value: Any = None) -> "Formula":
        formula = super().__new__(cls, text)
        formula.value = value
        return formula


def write(ws: Any, row: int, column: int, value: Any = None, cell_format: Any = None) -> None:
    """XlsxWriter: put `value` at (row, column), 0-based: text as text, a number as a number,
    a `Formula` as a formula with its stored value, None as a formatted blank."""
    if isinstance(value, Formula):
        ws.write_formula(row, column, str(value), cell_format, value.value)
    elif isinstance(value, str):
        ws.write_string(row, column, value, cell_format)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, column, value, cell_format)
    elif value is None:
        ws.write_blank(row, column, None, cell_format)
    else:
        raise TypeError(f"no spreadsheet cell for {type(value).__name__}")


def merge(ws: Any, first_row: int, first_column: int, last_row: int, last_column: int, value: Any = None,
          cell_format: Any = None) -> None:
    """XlsxWriter: merge the range, then put `value` in its first cell through `write` (merge_range
    would guess a formula from a leading "=" as write does)."""
    ws.merge_range(first_row, first_column, last_row, last_column, "", cell_format)
    write(ws, first_row, first_column, value, cell_format)


def put(ws: Worksheet, row: int, column: int, value: Any = None) -> Cell:
    """The cell at (row, column), holding `value`: text as text, a `Formula` as a formula."""
    cell = ws.cell(row, column)
    if value is None:
        return cell
    cell.value = str(value) if isinstance(value, Formula) else value
    if isinstance(value, Formula) and value.value is not None:
        _stored_values.setdefault(ws, {})[cell.coordinate] = value.value
    if isinstance(value, str) and not isinstance(value, Formula):
        cell.data_type = "s"  # openpyxl guessed "f" for text starting with "="
    return cell


def stored_values(ws: Worksheet) -> dict[str, Any]:
    """The values of the formulas `put` on ws, by cell coordinate ("C4")."""
    return _stored_values.get(ws, {})


def csv_text(value: Any) -> Any:
    """A CSV cell's text, with a leading quote when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    """csv.writer whose every cell goes through `csv_text`."""

    def __init__(self, handle: TextIO):
        self._writer = csv.writer(handle, lineterminator="\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([csv_text(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: TextIO) -> _SafeWriter:
    """The writer every CSV output uses: "\\n" line ends, OWASP quoting of formula-like cells."""
    return _SafeWriter(handle)


def write_csv_file(path: Path, rows: Iterable[Iterable[Any]]) -> Path:
    """Every CSV output: UTF-8 with a byte-order mark, "\\n" line ends, OWASP-quoted cells."""
    with path.open("w", encoding=CSV_ENCODING, newline="") as handle:
        csv_writer(handle).writerows(rows)
    return path
