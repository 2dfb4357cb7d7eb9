"""Make a saved .docx byte-identical for identical content.

python-docx writes zip entries stamped with the current time. We rewrite the zip with
every entry dated `determinism.zip_date_time()` (SOURCE_DATE_EPOCH), in the order
python-docx wrote them ([Content_Types].xml first, as Word expects), with fixed
permissions and compression.
"""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from ..determinism import zip_date_time


def deterministic_docx(data: bytes) -> bytes:
    stamp = zip_date_time()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0  # the same bytes whichever OS builds it
            target.writestr(info, source.read(entry.filename), compresslevel=6)
    return out.getvalue()


def write_atomically(data: bytes, path: Path) -> Path:
    """Write via a temporary file in the same folder, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return path
