"""What a build-cache entry must look like to be used (cache.py checks every entry it reads).

An entry whose hash matches was, short of someone writing the cache on purpose, written by
this cache. These checks are the second line: an entry that is not a whole file of its
format (a PDF without its end, a zip without its end record) or a JSON value of another
shape is a miss, made again, instead of an internal error (exit 2) or a broken output.
"""
from __future__ import annotations

import json
from typing import Any, Callable


def _is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-32:]


def _is_zip(data: bytes) -> bool:  # ours carry no archive comment: the end record closes the file
    return data.startswith(b"PK\x03\x04") and data[-22:-18] == b"PK\x05\x06"


def _is_png(data: bytes) -> bool:
    return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")


def _is_font(data: bytes) -> bool:
    """An sfnt (TrueType/OpenType) file whose every table lies inside the bytes."""
    if len(data) < 12 or data[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        return False
    tables = int.from_bytes(data[4:6], "big")
    records = [data[12 + 16 * n: 28 + 16 * n] for n in range(tables)]
    return all(len(r) == 16 and int.from_bytes(r[8:12], "big") + int.from_bytes(r[12:16], "big") <= len(data)
               for r in records)


# Kinds whose bytes are a whole file of a known format: an entry that is not (truncated, or
# not written by this cache) is a miss even if its hash matches. The other kinds are checked
# by the reader their user passes to `get`. Named one by one: "handbook-docx" holds XML
# fragments, not a .docx.
_FORMATS: dict[str, Callable[[bytes], bool]] = {
    "pdf": _is_pdf, "jd-chunk": _is_pdf, "jd-pdf": _is_pdf, "raci-pdf": _is_pdf, "orgchart-pdf": _is_pdf,
    "jd-docx": _is_zip, "raci-xlsx": _is_zip, "staffing-xlsx": _is_zip, "authority-xlsx": _is_zip,
    "png": _is_png, "digits-font": _is_font, "font-subset": _is_font,
}


def plausible(kind: str, data: bytes) -> bool:
    whole = _FORMATS.get(kind)
    return whole is None or whole(data)


def read_json(data: bytes, form: Any) -> Any:
    """A JSON entry's value if it has `form` (see `shaped`), else ValueError (a miss)."""
    return shaped(json.loads(data.decode("utf-8")), form)


def shaped(value: Any, form: Any) -> Any:
    """`value` converted to `form`, or ValueError. A form is a type (str, int, float), [F] a
    list of F, (F, G) a list of exactly those (a tuple), {str: F} a mapping to F, or
    {"name": F, …} an object with those fields (a dict)."""
    if isinstance(form, type):
        ok = isinstance(value, form) and (form is bool or not isinstance(value, bool))
        if not ok and form is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not ok:
            raise ValueError(f"{type(value).__name__} where {form.__name__} belongs")
        return value
    if isinstance(form, list):
        if not isinstance(value, list):
            raise ValueError("not a list")
        return [shaped(item, form[0]) for item in value]
    if isinstance(form, tuple):
        if not isinstance(value, list) or len(value) != len(form):
            raise ValueError(f"not a list of {len(form)}")
        return tuple(shaped(item, part) for item, part in zip(value, form))
    if not isinstance(value, dict):
        raise ValueError("not an object")
    if list(form) == [str]:
        return {shaped(name, str): shaped(item, form[str]) for name, item in value.items()}
    return {name: shaped(value[name], part) for name, part in form.items()}
