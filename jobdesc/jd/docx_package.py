"""Make a saved .docx byte-identical for identical content.

python-docx writes zip entries stamped with the current time. We write the zip with
every entry dated `determinism.zip_date_time()` (SOURCE_DATE_EPOCH), in the order
python-docx writes them ([Content_Types].xml first, as Word expects), with fixed
permissions and compression. `package_bytes` writes a python-docx package that way in one
pass (python-docx's own save would compress everything once more, to be re-read here).

Speed: the zip is written here, byte for byte as Python's zipfile writes it (the tests
compare the two), so that an entry's compressed bytes can be reused: most parts of a job
description (styles, theme, fonts, settings: nearly all of its bytes) are the same in
every document of a template, and compressing them again was a tenth of a document's cost.
"""
from __future__ import annotations

import functools
import io
import os
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Container, Iterable, Mapping, Optional

from ..determinism import zip_date_time

COMPRESS_LEVEL = 6
# Pictures that are compressed already: deflating them again costs time and gains nothing.
ALREADY_COMPRESSED = frozenset({"image/png", "image/jpeg"})

# The zip records as zipfile writes them (no zip64: larger archives are left to zipfile).
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
END_RECORD = struct.Struct("<4s4H2LH")
ZIP_VERSION = 20  # "version needed" zipfile writes for stored and deflated entries
UTF8_NAME = 0x800
PERMISSIONS = 0o644 << 16
REMEMBERED = 32  # compressed entries kept: a template's shared parts, and room for a document's own
REMEMBERED_SIZE = 1 << 20  # larger entries (a handbook's document.xml) are compressed and forgotten


def _deflate(data: bytes) -> tuple[int, bytes]:
    """(CRC-32, raw deflate stream) as zipfile makes them at COMPRESS_LEVEL."""
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


_deflate_remembered = functools.lru_cache(maxsize=REMEMBERED)(_deflate)


def _compressed(data: bytes, stored: bool) -> tuple[int, bytes]:
    if stored:
        return zlib.crc32(data), data
    return _deflate_remembered(data) if len(data) <= REMEMBERED_SIZE else _deflate(data)


def _write_entries(entries: Iterable[tuple[str, bytes, bool]]) -> bytes:
    """A zip of (name, data, stored) entries in order, every entry with the build's date:
    the bytes `_write_entries_with_zipfile` gives."""
    entries = list(entries)
    total = sum(len(data) for _, data, _ in entries)
    if len(entries) > zipfile.ZIP_FILECOUNT_LIMIT or total * 1.05 > zipfile.ZIP64_LIMIT:
        return _write_entries_with_zipfile(entries)  # zipfile would add zip64 records: never a .docx of ours
    year, month, day, hour, minute, second = zip_date_time()
    dos_time, dos_date = hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data, stored in entries:
        crc, packed = _compressed(data, stored)
        encoded, flags = _encoded_name(name)
        method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        # What both headers say: flags, method, date, CRC, sizes and the name's length.
        shared = (flags, method, dos_time, dos_date, crc, len(packed), len(data), len(encoded))
        local += [LOCAL_HEADER.pack(b"PK\003\004", ZIP_VERSION, 0, *shared, 0), encoded, packed]
        # ...and in the central directory: created on "MS-DOS" (0), no extra, comment, disk
        # number or internal attributes; the permissions; where the local header is.
        central += [CENTRAL_HEADER.pack(b"PK\001\002", ZIP_VERSION, 0, ZIP_VERSION, 0, *shared, 0, 0, 0, 0,
                                        PERMISSIONS, offset), encoded]
        offset += LOCAL_HEADER.size + len(encoded) + len(packed)
    directory = b"".join(central)
    end = END_RECORD.pack(b"PK\005\006", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(local) + directory + end


def _encoded_name(name: str) -> tuple[bytes, int]:
    """The name's bytes and flags as zipfile writes them: ASCII, or UTF-8 flagged as such."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), UTF8_NAME


def _write_entries_with_zipfile(entries: Iterable[tuple[str, bytes, bool]]) -> bytes:
    """The same zip written by zipfile: the reference `_write_entries` is tested against."""
    stamp = zip_date_time()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, data, stored in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = PERMISSIONS
            info.create_system = 0  # the same bytes whichever OS builds it
            target.writestr(info, data, compresslevel=COMPRESS_LEVEL)
    return out.getvalue()


def deterministic_docx(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return _write_entries((entry.filename, source.read(entry.filename), False) for entry in source.infolist())


def replace_entries(data: bytes, replaced: Mapping[str, bytes]) -> bytes:
    """A .docx written by `package_bytes` with some entries' bytes replaced: the same order,
    dates and compression (a stored entry stays stored), so the result is what
    `package_bytes` gives for the replaced content."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(entry.filename, replaced[entry.filename] if entry.filename in replaced else source.read(entry.filename),
                    entry.compress_type == zipfile.ZIP_STORED) for entry in source.infolist()]
    return _write_entries(entries)


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
