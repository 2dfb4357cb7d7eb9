"""Checks on a zip package (.docx, .xlsx) before anything in it is parsed.

A zip bomb is refused from the sizes its directory declares, before inflating anything:
Python's zipfile never inflates a member past its declared size, so the declared sizes bound
what python-docx, openpyxl and lxml will hold in memory. An XML part that declares a DOCTYPE
(the only way to bring in an entity, external or a "billion laughs") is refused: Office
never writes one.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .. import userfiles
from ..errors import UserError

WORD = "Word file (.docx, Word 2007+)"
# A DOCTYPE stands before the root element: the start of each part is enough to find it.
_PROLOGUE = 4096


def not_readable(path: Path, why: str, what: str = WORD) -> UserError:
    return UserError.at(path, 1, 1, "import-binary", f"{path.name} is not a readable {what}: {why}")


def check_package(path: Path, data: bytes, what: str = WORD) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            _check_sizes(path, members, what)
            for member in members:
                if member.filename.endswith((".xml", ".rels")) and not member.is_dir():
                    with package.open(member) as part:
                        start = part.read(_PROLOGUE)
                    if b"<!DOCTYPE" in start.upper() or b"<!ENTITY" in start.upper():
                        raise UserError.at(path, 1, 1, "import-entity",
                                           f"{path.name}: part {member.filename} declares a DOCTYPE or an entity, "
                                           "which Office never writes (an external entity could read files "
                                           "of this computer): refused")
    except UserError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise not_readable(path, str(exc) or "not a zip package", what) from None


def _check_sizes(path: Path, members: list[zipfile.ZipInfo], what: str) -> None:
    if len(members) > userfiles.MAX_DOCX_MEMBERS:
        raise not_readable(path, f"it holds {len(members)} parts (more than {userfiles.MAX_DOCX_MEMBERS})", what)
    total = sum(m.file_size for m in members)
    largest = max(members, key=lambda m: m.file_size, default=None)
    if largest is not None and largest.file_size > userfiles.MAX_DOCX_PART_BYTES:
        raise UserError.at(path, 1, 1, "import-too-large",
                           f"{path.name}: part {largest.filename} would inflate to "
                           f"{largest.file_size / userfiles.MB:.0f} MB uncompressed "
                           f"(over {userfiles.MAX_DOCX_PART_BYTES // userfiles.MB} MB): refused")
    if total > userfiles.MAX_DOCX_UNCOMPRESSED_BYTES:
        raise UserError.at(path, 1, 1, "import-too-large",
                           f"{path.name} would inflate to {total / userfiles.MB:.0f} MB uncompressed "
                           f"(over {userfiles.MAX_DOCX_UNCOMPRESSED_BYTES // userfiles.MB} MB): refused")
