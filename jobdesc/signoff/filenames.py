"""File names for the personal copies, made from person names (untrusted text).

OUT/signoff/ROLE_ID/NAME.pdf: a name keeps its letters and digits in any script (王曦虹, José,
Anna-Lena); every other character (a slash, a dot, a space, a control character) becomes
"-", runs of them one; it is cut to MAX_LENGTH characters. A person id (工号) is appended
when the role file gives one. What is left empty, or a name Windows reserves (CON, NUL …), gets
"person" in front. Two incumbents whose names come out the same (also when only letter case
differs: macOS and Windows would see one file) are numbered -2, -3 in the role file's order.
The result can never name a folder or leave OUT/signoff/ROLE_ID/.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional, Sequence

MAX_LENGTH = 60
_NOT_A_NAME = re.compile(r"[^\w]+|_+")
_RESERVED = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)", re.IGNORECASE)


def _stem(name: str, person_id: Optional[str]) -> str:
    text = unicodedata.normalize("NFC", name if not person_id else f"{name}-{person_id}")
    stem = _NOT_A_NAME.sub("-", text).strip("-")[:MAX_LENGTH].strip("-")
    if not stem or _RESERVED.fullmatch(stem):
        stem = f"person-{stem}".rstrip("-")
    return stem


def file_stems(people: Sequence[tuple[str, Optional[str]]]) -> list[str]:
    """One safe, unique stem per (name, id), in order; the same people give the same stems."""
    seen: dict[str, int] = {}
    stems = []
    for name, person_id in people:
        stem = _stem(name, person_id)
        count = seen.get(stem.casefold(), 0) + 1
        seen[stem.casefold()] = count
        while count > 1 and f"{stem}-{count}".casefold() in seen:
            count += 1
        stems.append(stem if count == 1 else f"{stem}-{count}")
        if count > 1:
            seen[f"{stem}-{count}".casefold()] = 1
    return stems
