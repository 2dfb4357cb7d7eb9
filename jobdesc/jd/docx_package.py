"""Make a saved .docx byte-identical for identical content.

python-docx writes zip entries stamped with the current time. We write the zip with
every entry dated `determinism.zip_date_time()` (SOURCE_DATE_EPOCH), in the order
python-docx writes them ([Content_Types].xml first, as Word expects), with fixed
permissions and compression. `package_bytes` writes a python-docx package that way in one
pass (python-docx's own save would compress everything once more, to be re-read here).
"""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Container, Iterable, Mapping, Optional

from ..determinism import zip_date_time

COMPRESS_LEVEL = 6
# Pictures that are compressed already: deflating them again costs time and gains nothing.
ALREADY_COMPRESSED = frozenset({"image/png", "image/jpeg"})


def _write_entries(entries: Iterable[tuple[str, bytes, bool]]) -> bytes:
    """A zip of (name, data, stored) entries in order, every entry with the build's date."""
    stamp = zip_date_time()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, data, stored in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0  # the same bytes whichever OS builds it
            target.writestr(info, data, compresslevel=COMPRESS_LEVEL)
    return out.getvalue()


def deterministic_docx(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return _write_entries((entry.filename, source.read(entry.filename), False) for entry in source.infolist())


def package_bytes(package, replaced: Optional[Mapping[object, bytes]] = None,
                  stored: Container[str] = ()) -> bytes:
    """A python-docx package (`document.part.package`) as deterministic .docx bytes: the
    entries python-docx's save writes, in its order, with `deterministic_docx`'s dates and
    compression, so the bytes are those of `deterministic_docx(saved)`. `replaced` maps a
    part to the bytes to write instead of its own serialization; parts whose content type
    is in `stored` are stored, not deflated."""
    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
    from docx.opc.pkgwriter import _ContentTypesItem

    replaced = replaced or {}
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    entries = [(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob, False),
               (PACKAGE_URI.rels_uri.membername, package.rels.xml, False)]
    for part in parts:  # as python-docx's PackageWriter: each part, then its relationships
        blob = replaced[part] if part in replaced else part.blob
        entries.append((part.partname.membername, blob, part.content_type in stored))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml, False))
    return _write_entries(entries)


def write_atomically(data: bytes, path: Path) -> Path:
    """Write via a temporary file in the same folder, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return path
