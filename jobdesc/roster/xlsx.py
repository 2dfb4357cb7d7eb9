"""The cells of an xlsx workbook, read straight from its XML with expat: values as stored.

openpyxl builds an object per cell (about 3 s of CPU for a roster of 20,000 people); a roster
needs only the text of a few columns, so the sheets are read here, from the package that
importer/package.py has already checked (caps, no DOCTYPE or entity). A cell is its shared or
inline string, its number, TRUE/FALSE, or FORMULA when it holds a formula (never evaluated; its
cached result is not taken). Phonetic runs (<rPh>) are not part of a string's text.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Iterator
from xml.parsers import expat

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


class Formula:
    """A cell holding a formula: its text is never kept."""


FORMULA = Formula()


class NotAWorkbook(Exception):
    """The package is not a workbook jobdesc can read (no workbook part, a missing sheet)."""


def _parse(data: bytes, start, end=None, text=None) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    parser.Parse(data, True)


def _relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id → (type, part name) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    found: dict[str, tuple[str, str]] = {}
    if rels_name not in package.namelist():
        return found

    def start(tag, attrs):
        if tag == f"{_PKG_REL} Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[attrs.get("Id", "")] = (attrs.get("Type", "").rsplit("/", 1)[-1], path)

    _parse(package.read(rels_name), start)
    return found


def _workbook_part(package: zipfile.ZipFile) -> str:
    for kind, part in _relationships(package, "").values():
        if kind == "officeDocument":
            return part
    if "xl/workbook.xml" in package.namelist():
        return "xl/workbook.xml"
    raise NotAWorkbook("it has no workbook part")


def _shared_strings(package: zipfile.ZipFile, part: str | None) -> list[str]:
    strings: list[str] = []
    if part is None or part not in package.namelist():
        return strings
    pieces: list[str] = []
    state = {"in_t": False, "phonetic": 0}

    def start(tag, _attrs):
        if tag == f"{_MAIN} si":
            pieces.clear()
        elif tag == f"{_MAIN} rPh":
            state["phonetic"] += 1
        elif tag == f"{_MAIN} t" and not state["phonetic"]:
            state["in_t"] = True

    def end(tag):
        if tag == f"{_MAIN} si":
            strings.append("".join(pieces))
        elif tag == f"{_MAIN} rPh":
            state["phonetic"] -= 1
        elif tag == f"{_MAIN} t":
            state["in_t"] = False

    def text(data):
        if state["in_t"]:
            pieces.append(data)

    _parse(package.read(part), start, end, text)
    return strings


def sheets(data: bytes, max_columns: int) -> Iterator[tuple[str, list[tuple[int, list]]]]:
    """(sheet name, its rows as (row number, cell values)) in the workbook's order."""
    package = zipfile.ZipFile(io.BytesIO(data))
    workbook = _workbook_part(package)
    rels = _relationships(package, workbook)
    shared = next((part for kind, part in rels.values() if kind == "sharedStrings"), None)
    strings = _shared_strings(package, shared)
    listed: list[tuple[str, str]] = []

    def start(tag, attrs):
        if tag == f"{_MAIN} sheet":
            listed.append((attrs.get("name", ""), attrs.get(f"{_REL} id", "")))

    _parse(package.read(workbook), start)
    for name, rel_id in listed:
        kind, part = rels.get(rel_id, ("", ""))
        if kind != "worksheet":
            continue  # a chart sheet or a dialog sheet holds no cells
        if part not in package.namelist():
            raise NotAWorkbook(f"sheet {name} has no part")
        yield name, _rows(package.read(part), strings, max_columns, FORMULA)


def _column(reference: str) -> int:
    """The column number of a cell reference ("C5" → 3): its leading capital letters."""
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number


_DIGITS = "0123456789"


def _rows(data: bytes, strings: list[str], max_columns: int, formula) -> list[tuple[int, list]]:
    # Called for every element of the sheet (a million for 20,000 people): plain comparisons
    # with the full tag names and closure variables, no per-element string work.
    C, ROW, F, V, T, RPH = (f"{_MAIN} {name}" for name in ("c", "row", "f", "v", "t", "rPh"))
    rows: list[tuple[int, list]] = []
    current: list = []
    text: list[str] = []
    row = column = phonetic = 0
    kind, has_formula, in_value = "n", False, False
    columns: dict[str, int] = {}  # a reference's letters ("C" of "C5") → its column: a few dozen

    def start(tag, attrs):
        nonlocal row, column, phonetic, kind, has_formula, in_value
        if tag == C:
            reference = attrs.get("r")
            if reference:
                letters = reference.rstrip(_DIGITS)
                column = columns.get(letters) or columns.setdefault(letters, _column(letters))
            else:
                column += 1
            kind, has_formula = attrs.get("t", "n"), False
            text.clear()
        elif tag == V or tag == T:
            in_value = True
        elif tag == ROW:
            number = attrs.get("r", "")
            row = int(number) if number.isdigit() else row + 1
            column = 0
            current.clear()
        elif tag == F:
            has_formula = True
        elif tag == RPH:
            phonetic += 1

    def end(tag):
        nonlocal phonetic, in_value
        if tag == C:
            if 1 <= column <= max_columns:
                if len(current) < column:
                    current.extend([None] * (column - len(current)))
                if has_formula:
                    current[column - 1] = formula
                elif kind == "s" and len(text) == 1 and text[0].isdigit():  # a shared string, as most cells
                    index = int(text[0])
                    current[column - 1] = strings[index] if index < len(strings) else None
                else:
                    current[column - 1] = _value(kind, "".join(text), strings)
        elif tag == V or tag == T:
            in_value = False
        elif tag == ROW:
            if current:
                rows.append((row, list(current)))
        elif tag == RPH:
            phonetic -= 1

    def characters(data):
        if in_value and not phonetic:
            text.append(data)

    _parse(data, start, end, characters)
    return rows


def _value(kind: str, raw: str, strings: list[str]):
    if kind == "s":
        index = int(raw) if raw.strip().isdigit() else -1
        return strings[index] if 0 <= index < len(strings) else None
    if kind in ("inlineStr", "str", "e", "d"):
        return raw
    if kind == "b":
        return "TRUE" if raw.strip() == "1" else "FALSE"
    try:
        number = float(raw)
    except ValueError:
        return raw or None
    return int(number) if number.is_integer() and abs(number) < 1e15 else number
