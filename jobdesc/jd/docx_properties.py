"""The custom document properties of a job description's Word file (docProps/custom.xml).

They say which role the file describes and what it showed when it was written, so that
`jobdesc import EDITED.docx --into DIR` can bring the edits HR made in Word back into that
role's YAML (jobdesc/importer/roundtrip.py). Word keeps custom properties through edits
and shows them under File › Properties › Custom; they never print.

  jobdesc.role         the role id
  jobdesc.language     the edition's language (zh-CN, zh-TW, zh-HK, en)
  jobdesc.fingerprint  SHA-256 of everything the job description showed (its context):
                       the import refuses a file whose source has changed since
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from xml.sax.saxutils import escape

CUSTOM_PART = "/docProps/custom.xml"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# Any fixed GUID: Word requires the attribute, and a fixed one keeps the bytes deterministic.
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
PREFIX = "jobdesc."


def fingerprint(context) -> str:
    """What a job description showed, as one hash (its context's repr is deterministic)."""
    return hashlib.sha256(repr(context).encode("utf-8")).hexdigest()


def custom_xml(properties: dict[str, str]) -> bytes:
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(PREFIX + name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(sorted(properties.items()), start=2))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{_NS}" xmlns:vt="{_VT}">{items}</Properties>').encode("utf-8")


def add_to_package(package, properties: dict[str, str]) -> None:
    """Add (or replace) the custom properties part of a python-docx package."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    for rel in list(package.rels.values()):
        if rel.reltype == RELATIONSHIP:
            return  # already there (a document saved twice): nothing to do
    part = Part(PackURI(CUSTOM_PART), CONTENT_TYPE, custom_xml(properties), package)
    package.relate_to(part, RELATIONSHIP)


def read(data: bytes) -> dict[str, str]:
    """The jobdesc.* custom properties of a .docx's bytes (names without the prefix); {} if none.

    Read with the standard library's parser, which resolves no external entity (an entity
    declaration is refused outright)."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if "docProps/custom.xml" not in package.namelist():
                return {}
            info = package.getinfo("docProps/custom.xml")
            if info.file_size > 1_000_000:
                return {}
            xml = package.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return {}
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        return {}
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return {}
    found = {}
    for prop in root.findall(f"{{{_NS}}}property"):
        name = prop.get("name", "")
        if name.startswith(PREFIX) and len(prop):
            found[name[len(PREFIX):]] = (prop[0].text or "")
    return found
