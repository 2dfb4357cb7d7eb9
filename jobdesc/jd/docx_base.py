"""The role's YAML as the job description was built from it, kept inside its Word file.

Two HR people edit copies of the same Word file; the first one's edits are imported, so the
directory no longer reads as the second one's file was built. To merge the second file three
ways (importer/roundtrip_merge.py), the import needs the base both started from: the role
file's text as it was at build time. It is stored as a custom XML part (customXml/itemN.xml,
related from the document, with its item properties), which Word and LibreOffice keep
through edits and never show:

  <jobdesc:base xmlns:jobdesc="urn:jobdesc:base" role="sales-manager">…the YAML text…</jobdesc:base>

The part's bytes depend only on the role id and that text, so the build stays deterministic
(and the Word file's cache key includes the text: jd/workers.py).
"""
from __future__ import annotations

import io
import zipfile
from typing import Optional
from xml.sax.saxutils import escape

NAMESPACE = "urn:jobdesc:base"
PART = "/customXml/item90.xml"
PROPS_PART = "/customXml/itemProps90.xml"
CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
CUSTOM_XML_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_ITEM_ID = "{6A0B7D3E-1C5F-4B8A-9E21-0D0B5A5E7A90}"  # fixed: the same bytes for the same text
MAX_BASE_BYTES = 2_000_000  # a role file is at most 1 MB (userfiles); a larger part is not ours


def base_xml(role_id: str, text: str) -> bytes:
    attribute = escape(role_id, {'"': "&quot;"})
    # XML 1.0 cannot hold most control characters; a role file that loads holds none but tab/newline
    body = escape(text).replace("\r", "&#13;")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<jobdesc:base xmlns:jobdesc="{NAMESPACE}" role="{attribute}">{body}</jobdesc:base>').encode("utf-8")


def add_base(document_part, role_id: str, text: str) -> None:
    """Relate the base part (and its item properties) to a python-docx document part."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document_part.package
    item = Part(PackURI(PART), "application/xml", base_xml(role_id, text), package)
    props = Part(PackURI(PROPS_PART), PROPS_TYPE, (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ds:datastoreItem ds:itemID="{_ITEM_ID}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/>'
        '</ds:datastoreItem>').encode("utf-8"), package)
    item.relate_to(props, CUSTOM_XML_PROPS)
    document_part.relate_to(item, CUSTOM_XML)


def read_base(data: bytes) -> Optional[tuple[str, str]]:
    """(role id, YAML text) of the base part of a .docx's bytes, or None (an older file, or
    one whose part a program dropped). Found by its root element, whatever the part is named
    now (Word renumbers custom XML items); read with the standard library's parser."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for info in package.infolist():
                if not (info.filename.startswith("customXml/item") and info.filename.endswith(".xml")):
                    continue
                if info.file_size > MAX_BASE_BYTES or "Props" in info.filename:
                    continue
                xml = package.read(info)
                if NAMESPACE.encode() not in xml[:400] or b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
                    continue
                root = ElementTree.fromstring(xml)
                if root.tag == f"{{{NAMESPACE}}}base":
                    return root.get("role", ""), root.text or ""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, ElementTree.ParseError):
        return None
    return None
