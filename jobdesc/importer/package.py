"""Opening a zip package (.docx, .xlsx) safely, before python-docx or openpyxl touch it.

Nothing the zip directory declares is trusted: each member is inflated here, through zlib, with
a running count of the bytes it really gives and a hard cap (a part that declares 100 KB and
inflates to 1.9 GB is stopped at its declared size, or the cap), and its CRC is checked.
Damaged deflate data, a wrong CRC, a truncated or encrypted member are the user's file being
damaged: a UserError naming the file and the part, never an internal error.

Every part that looks like XML is read by expat as it inflates (xmlscan.py): a DOCTYPE or
entity anywhere in it, in any encoding, is refused, and elements, depth, paragraphs, rows and
text are counted against limits, so a small file that would build a huge tree is refused early.

check_package returns the package rebuilt from what was checked (parts stored, not deflated):
the XML parts exactly as read, every other part (pictures, fonts) empty, since importing reads
only text. Parsers given those bytes cannot inflate more than was counted, nor parse a part
this module did not read.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from .. import userfiles
from ..errors import UserError
from .xmlscan import XmlCounters, XmlLimits, XmlPartScanner, XmlRefused, looks_like_xml

WORD = "Word file (.docx, Word 2007+)"
_IN_CHUNK = 64 * 1024
_OUT_CHUNK = 256 * 1024
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile.structFileHeader
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the rebuilt package is the same bytes for the same input


def not_readable(path: Path, why: str, what: str = WORD) -> UserError:
    return UserError.at(path, 1, 1, "import-binary", f"{path.name} is not a readable {what}: {why}")


def check_package(path: Path, data: bytes, what: str = WORD, limits: XmlLimits | None = None) -> bytes:
    """The package rebuilt from its checked parts; UserError (exit 1) for anything refused.
    `limits`: the XML counts allowed (a roster of 20,000 people has more cells than any document)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = [m for m in package.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError,
            struct.error, UnicodeDecodeError) as exc:
        raise not_readable(path, str(exc) or "not a zip package", what) from None
    if len(members) > userfiles.MAX_DOCX_MEMBERS:
        raise not_readable(path, f"it holds {len(members)} parts (more than {userfiles.MAX_DOCX_MEMBERS})", what)
    names = [m.filename for m in members]
    if len(set(names)) != len(names):
        raise not_readable(path, "two parts have the same name (one of them would be read unchecked)", what)
    inflater = _Inflater(path, data, what, limits)
    parts = [(member.filename, inflater.part(member)) for member in members]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as rebuilt:
        for name, content in parts:
            rebuilt.writestr(zipfile.ZipInfo(name, _FIXED_TIME), content)
    return out.getvalue()


class _Inflater:
    """Inflates members one by one, counting real bytes against the per-part and total caps."""

    def __init__(self, path: Path, data: bytes, what: str, limits: XmlLimits | None = None):
        self.path, self.data, self.what = path, memoryview(data), what
        self.total = 0
        self.counters = XmlCounters(limits)

    def refuse(self, member: zipfile.ZipInfo, why: str, code: str = "import-binary") -> UserError:
        return UserError.at(self.path, 1, 1, code,
                            f"{self.path.name} is not a readable {self.what}: part {member.filename} {why}")

    def part(self, member: zipfile.ZipInfo) -> bytes:
        """The part's bytes if it is XML (checked), b"" for any other part (inflated, counted, dropped)."""
        if member.flag_bits & 0x1:
            raise self.refuse(member, "is encrypted")
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise self.refuse(member, f"uses compression method {member.compress_type}, which Office never writes")
        kept: list[bytes] = []
        head = b""
        scanner: XmlPartScanner | None = None
        deciding = True
        size = 0
        crc = 0
        try:
            for piece in self._inflate(member):
                size += len(piece)
                crc = zlib.crc32(piece, crc)
                self._count(member, size, len(piece))
                if deciding:
                    head += piece
                    if len(head) < 16:
                        continue
                    deciding, piece = False, head
                    scanner = XmlPartScanner(self.counters) if looks_like_xml(head) else None
                if scanner is not None:
                    scanner.feed(piece)
                    kept.append(piece)
            if deciding and looks_like_xml(head):
                scanner = XmlPartScanner(self.counters)
                kept.append(head)
                scanner.feed(head)
            if scanner is not None:
                scanner.feed(b"", final=True)
        except XmlRefused as refused:
            raise self.refuse(member, str(refused), refused.code) from None
        if crc != member.CRC:
            raise self.refuse(member, "is damaged (its CRC does not match its data)")
        if size != member.file_size:
            raise self.refuse(member, f"is damaged (it holds {size:,} bytes, its directory says {member.file_size:,})")
        return b"".join(kept)

    def _count(self, member: zipfile.ZipInfo, size: int, piece: int) -> None:
        self.total += piece
        if size > member.file_size:
            raise self.refuse(member, f"inflates past the {member.file_size:,} bytes its directory declares "
                                      "(a zip bomb?): refused", "import-too-large")
        if size > userfiles.MAX_DOCX_PART_BYTES:
            raise self.refuse(member, f"inflates to more than {userfiles.MAX_DOCX_PART_BYTES // userfiles.MB} MB: "
                                      "refused", "import-too-large")
        if self.total > userfiles.MAX_DOCX_UNCOMPRESSED_BYTES:
            raise UserError.at(self.path, 1, 1, "import-too-large",
                               f"{self.path.name} inflates to more than "
                               f"{userfiles.MAX_DOCX_UNCOMPRESSED_BYTES // userfiles.MB} MB: refused")

    def _inflate(self, member: zipfile.ZipInfo):
        """The member's inflated bytes in pieces of at most _OUT_CHUNK, whatever its sizes declare."""
        raw = self._raw(member)
        if member.compress_type == zipfile.ZIP_STORED:
            for start in range(0, len(raw), _OUT_CHUNK):
                yield bytes(raw[start:start + _OUT_CHUNK])
            return
        inflater = zlib.decompressobj(-15)
        try:
            for start in range(0, len(raw), _IN_CHUNK):
                pending = raw[start:start + _IN_CHUNK]
                while pending and not inflater.eof:
                    piece = inflater.decompress(pending, _OUT_CHUNK)
                    pending = inflater.unconsumed_tail
                    if piece:
                        yield piece
                if inflater.eof:
                    break
            if not inflater.eof:
                raise self.refuse(member, "is cut short (its compressed data ends too early)")
        except zlib.error as exc:
            raise self.refuse(member, f"is damaged (its compressed data does not inflate: {exc})") from None

    def _raw(self, member: zipfile.ZipInfo) -> memoryview:
        start = member.header_offset
        header = bytes(self.data[start:start + _LOCAL_HEADER.size])
        if len(header) < _LOCAL_HEADER.size:
            raise self.refuse(member, "is cut short (the file ends inside it)")
        fields = _LOCAL_HEADER.unpack(header)
        if fields[0] != zipfile.stringFileHeader:
            raise self.refuse(member, "is damaged (no local header where the directory points)")
        begin = start + _LOCAL_HEADER.size + fields[10] + fields[11]
        raw = self.data[begin:begin + member.compress_size]
        if len(raw) < member.compress_size:
            raise self.refuse(member, "is cut short (the file ends inside it)")
        return raw
