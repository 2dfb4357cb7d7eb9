"""Zip tricks, XML bombs, deep nesting and staffing tables for bench/fuzz_import.py."""
from __future__ import annotations

import io
import random
import struct
import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOC = "word/document.xml"


def _replace(data, replacements, compression=zipfile.ZIP_DEFLATED):
    from bench.fuzz_import_cases import replace_parts

    return replace_parts(data, replacements, compression)


def _entries(data: bytes):
    """(offset of the central directory entry, name) for each entry."""
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        yield at, data[at + 46:at + 46 + length].decode("utf-8", "replace")
        at = data.find(b"PK\x01\x02", at + 46)


def _declare(data: bytes, name: str, size: int) -> bytes:
    data = bytearray(data)
    for at, entry in _entries(bytes(data)):
        if entry == name:
            struct.pack_into("<L", data, at + 24, size & 0xFFFFFFFF)
            local = struct.unpack_from("<L", data, at + 42)[0]
            if data[local:local + 4] == b"PK\x03\x04":
                struct.pack_into("<L", data, local + 22, size & 0xFFFFFFFF)
    return bytes(data)


def _spaces(megabytes: int):
    def write(member):
        member.write(f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>'.encode())
        for _ in range(megabytes):
            member.write(b" " * (1 << 20))
        member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return write


def zip_trick(rng: random.Random, docx: bytes) -> list[tuple[str, bytes]]:
    trick = rng.choice(["declared-small", "declared-large", "duplicate", "encrypted", "bzip2", "lzma", "media-bomb",
                        "many-members", "overlap", "nested", "stored", "bad-offset", "empty", "not-zip", "dotdot",
                        "crc", "deflate-noise", "xlsx-as-docx", "comment"])
    if trick == "declared-small":
        data = _declare(_replace(docx, {DOC: _spaces(rng.choice([2, 40, 300]))}), DOC, 100_000)
    elif trick == "declared-large":
        data = _declare(docx, DOC, 0xFFFFFFF0)
    elif trick == "duplicate":
        buffer = io.BytesIO(docx)
        with zipfile.ZipFile(buffer, "a") as package:
            package.writestr(DOC, f'<?xml version="1.0"?><!DOCTYPE x><w:document {W}/>')
        data = buffer.getvalue()
    elif trick == "encrypted":
        data = bytearray(docx)
        for at, _ in _entries(bytes(data)):
            data[at + 8] |= 1
        data = bytes(data)
    elif trick in ("bzip2", "lzma", "stored"):
        method = {"bzip2": zipfile.ZIP_BZIP2, "lzma": zipfile.ZIP_LZMA, "stored": zipfile.ZIP_STORED}[trick]
        data = _replace(docx, {}, method)
    elif trick == "media-bomb":
        data = _replace(docx, {"word/media/image1.png": _spaces(rng.choice([50, 200]))})
    elif trick == "many-members":
        buffer = io.BytesIO(docx)
        with zipfile.ZipFile(buffer, "a") as package:
            for n in range(rng.choice([100, 4000, 6000])):
                package.writestr(f"customXml/item{n}.xml", "<a/>")
        data = buffer.getvalue()
    elif trick == "overlap":  # every entry points at the document's local header (a Fifield-style bomb)
        data = bytearray(docx)
        target = next(struct.unpack_from("<L", data, at + 42)[0] for at, n in _entries(bytes(data)) if n == DOC)
        for at, name in _entries(bytes(data)):
            if name.startswith("word/") and name != DOC:
                struct.pack_into("<L", data, at + 42, target)
        data = bytes(data)
    elif trick == "nested":
        data = _replace(docx, {"word/embeddings/inner.docx": docx, "word/media/inner.zip": _replace(docx, {})})
    elif trick == "bad-offset":
        data = bytearray(docx)
        end = bytes(data).rfind(b"PK\x05\x06")
        struct.pack_into("<L", data, end + 16, rng.randrange(1 << 32))
        data = bytes(data)
    elif trick == "empty":
        buffer = io.BytesIO()
        zipfile.ZipFile(buffer, "w").close()
        data = buffer.getvalue()
    elif trick == "not-zip":
        data = rng.choice([b"", b"PK", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(500)), docx[::-1]])
    elif trick == "dotdot":
        data = _replace(docx, {"../../evil.xml": b"<a/>", "/abs.xml": b"<a/>", "word/\u4e2d.xml": b"<a/>"})
    elif trick == "crc":
        data = bytearray(docx)
        for at, name in _entries(bytes(data)):
            if name == DOC:
                data[at + 16] ^= 0xFF
        data = bytes(data)
    elif trick == "deflate-noise":
        data = bytearray(docx)
        start = docx.find(DOC.encode()) + len(DOC) + rng.randrange(1, 300)
        for i in range(start, min(len(data), start + rng.randint(1, 64))):
            data[i] = rng.randrange(256)
        data = bytes(data)
    elif trick == "xlsx-as-docx":
        data = staffing_table(rng, 10)
    else:
        buffer = io.BytesIO(docx)
        with zipfile.ZipFile(buffer, "a") as package:
            package.comment = b"x" * 60000
        data = buffer.getvalue()
    return [("jd.docx", data)]


def xml_bomb(rng: random.Random, docx: bytes) -> list[tuple[str, bytes]]:
    original = _part(docx, DOC).decode("utf-8")
    declaration, _, rest = original.partition("?>")
    body = rest if declaration.startswith("<?xml") else original
    bomb = rng.choice(["laughs", "external", "parameter", "late", "utf16", "utf16-nobom", "content-types", "rels",
                       "gb2312", "utf32", "ebcdic", "xinclude", "quadratic-attr"])
    lol = '<!DOCTYPE w:document [<!ENTITY a "lollollollol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};">' for i in range(12)) + "]>"
    name, xml = DOC, None
    if bomb == "laughs":
        xml = ('<?xml version="1.0"?>' + lol + body.replace("</w:body>", "<w:p><w:r><w:t>&m;</w:t></w:r></w:p></w:body>", 1)).encode()
    elif bomb == "external":
        xml = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
               + body.replace("</w:body>", "<w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body>", 1)).encode()
    elif bomb == "parameter":
        xml = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>' + body).encode()
    elif bomb == "late":
        xml = ('<?xml version="1.0"?><!--' + " " * rng.choice([4100, 70000]) + '--><!DOCTYPE w:document [<!ENTITY e "x">]>' + body).encode()
    elif bomb == "utf16":
        xml = ('<?xml version="1.0" encoding="UTF-16"?>' + lol + body).encode("utf-16")
    elif bomb == "utf16-nobom":
        xml = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document>' + body).encode("utf-16-le")
    elif bomb == "content-types":
        name = "[Content_Types].xml"
        ct = _part(docx, name).decode("utf-8").partition("?>")[2]
        xml = ('<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY e SYSTEM "file:///etc/hostname">]>' + ct).encode()
    elif bomb == "rels":
        name = "_rels/.rels"
        rels = _part(docx, name).decode("utf-8").partition("?>")[2]
        xml = ('<?xml version="1.0"?>' + lol + rels).encode()
    elif bomb == "gb2312":
        xml = ('<?xml version="1.0" encoding="GB2312"?>' + body).encode("gb18030")
    elif bomb == "utf32":
        xml = ('<?xml version="1.0" encoding="UTF-32"?><!DOCTYPE w:document>' + body).encode("utf-32")
    elif bomb == "ebcdic":
        xml = ('<?xml version="1.0" encoding="cp037"?><!DOCTYPE w:document>' + body).encode("cp037", errors="replace")
    elif bomb == "xinclude":
        xml = ('<?xml version="1.0"?>' + body.replace(
            "</w:body>", '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/></w:body>', 1)).encode()
    else:
        attributes = " ".join(f'a{n}="{"x" * 10}"' for n in range(rng.choice([1000, 200_000])))
        xml = ('<?xml version="1.0"?>' + body.replace("<w:body>", f"<w:body><w:p {attributes}/>", 1)).encode()
    return [("jd.docx", _replace(docx, {name: xml}))]


def deep_nesting(rng: random.Random, docx: bytes) -> list[tuple[str, bytes]]:
    shape = rng.choice(["deep", "deep-tables", "empty-paragraphs", "text-paragraphs", "runs", "huge-text", "huge-attr"])
    n = rng.choice([1_000, 100_000, 5_000_000]) if shape == "empty-paragraphs" else rng.choice([200, 5_000, 100_000])

    def write(member):
        member.write(f'<?xml version="1.0"?><w:document {W}><w:body>'.encode())
        if shape == "deep":
            member.write(b"<w:sdt>" * n + b"</w:sdt>" * n)
        elif shape == "deep-tables":
            member.write(b"<w:tbl><w:tr><w:tc>" * n + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * n)
        elif shape == "empty-paragraphs":
            for start in range(0, n, 100_000):
                member.write(b"<w:p/>" * min(100_000, n - start))
        elif shape == "text-paragraphs":
            for k in range(n):
                member.write(f"<w:p><w:r><w:t>{k + 1}、负责客户接待</w:t></w:r></w:p>".encode())
        elif shape == "runs":
            member.write(b"<w:p>" + b"<w:r><w:t>\xe5\xb2\x97</w:t></w:r>" * n * 10 + b"</w:p>")
        elif shape == "huge-text":
            member.write(b"<w:p><w:r><w:t>" + "岗位职责".encode() * n * 50 + b"</w:t></w:r></w:p>")
        else:
            member.write(b'<w:p w:rsidR="' + b"A" * (n * 200) + b'"/>')
        member.write(b"</w:body></w:document>")

    return [("jd.docx", _replace(docx, {DOC: write}))]


def staffing_table(rng: random.Random, rows: int) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(rng.choice(["定岗定编", "Sheet1", "编制表"]))
    sheet.append(rng.choice([["部门", "岗位", "编制", "在岗", "任职人"], ["岗位名称", "定编人数"], ["职位", "编制"]]))
    titles = ["销售经理", "前台文员", "行政主管", "会计", "置业顾问", "客服专员"]
    for n in range(rows):
        sheet.append([rng.choice(["销售部", "行政部", None]), rng.choice(titles) + ("" if n < 20 else str(n)),
                      rng.choice([1, 2, "3人", None, "x", -1, 1.5, True]), rng.choice([0, 1, None]),
                      rng.choice(["张三、李四", "王五（兼）", "", "😀", "𠀀"])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)
