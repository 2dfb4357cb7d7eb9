"""Issue 35, point 5 and 10: a .docx/.xlsx is inflated and read under counters, never by the
sizes its zip directory declares; DOCTYPEs are found anywhere in any encoding; damaged zip
data is the user's mistake (exit 1 naming the part), never an internal error.

Each import runs in a child process under a generous kill limit (so a hang fails the test
instead of stalling it) and with its own peak memory measured (os.wait4's rusage)."""
from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import zipfile

import pytest

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(paragraphs=("前台岗位职责", "1、接待来访客人", "2、收发快递")) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def replace_part(data: bytes, name: str, content, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The package with one part's content replaced (content: bytes, or a callable writing to a stream)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info.filename))
        with target.open(name, "w", force_zip64=True) as member:
            if callable(content):
                content(member)
            else:
                member.write(content)
    return out.getvalue()


# Runs `jobdesc ARGS` and leaves its peak memory in a file: VmHWM, the process's own high-water
# mark (wait4's ru_maxrss also counts the pytest worker it was forked from: Linux keeps that
# image's size across exec, 618 MB in a full run).
_MEASURED = """
import sys
peak_file = sys.argv[1]
try:
    from jobdesc.cli import main
    main.main(args=sys.argv[2:], prog_name="jobdesc")
finally:
    with open(peak_file, "w") as out:
        out.write(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def import_in_child(tmp_path, name: str, data: bytes, timeout: int = 60):
    """(completed process, peak memory of that child in MB, its own VmHWM)."""
    path = tmp_path / name
    path.write_bytes(data)
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        child = subprocess.Popen([sys.executable, "-c", _MEASURED, str(tmp_path / "peak.txt"),
                                  "import", str(path), "-o", str(tmp_path / "out")],
                                 stdout=stdout, stderr=stderr)
    deadline = time.monotonic() + timeout  # a kill limit only: a hang fails the test instead of stalling it
    while True:
        pid, status, _usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            child.kill()
            os.wait4(child.pid, 0)
            raise AssertionError(f"the import of {name} was still running after {timeout} s")
        time.sleep(0.05)
    child.returncode = os.waitstatus_to_exitcode(status)
    result = subprocess.CompletedProcess(child.args, child.returncode, out.read_text(encoding="utf-8", errors="replace"),
                                         err.read_text(encoding="utf-8", errors="replace"))
    return result, int((tmp_path / "peak.txt").read_text()) / 1024


def declared_size(data: bytes, name: str, size: int) -> bytes:
    """The package with `name` declaring `size` uncompressed bytes, in its local header and directory."""
    data = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        info = package.getinfo(name)
    struct.pack_into("<L", data, info.header_offset + 22, size)
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        length = struct.unpack_from("<H", data, entry + 28)[0]
        if bytes(data[entry + 46:entry + 46 + length]) == name.encode():
            struct.pack_into("<L", data, entry + 24, size)
            break
        entry = data.find(b"PK\x01\x02", entry + 4)
    return bytes(data)


def test_a_part_that_inflates_past_its_declared_size_is_stopped_there(tmp_path):
    def zeros(member):
        member.write(f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>'.encode())
        for _ in range(400):  # 400 MB of spaces, ~400 KB deflated
            member.write(b" " * (1 << 20))
        member.write(b"</w:t></w:r></w:p></w:body></w:document>")

    bomb = declared_size(replace_part(docx_bytes(), "word/document.xml", zeros), "word/document.xml", 100_000)
    assert len(bomb) < 2_000_000
    result, peak = import_in_child(tmp_path, "bomb.docx", bomb)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "word/document.xml" in result.stdout and "declares" in result.stdout
    assert peak < 250, f"{peak:.0f} MB"


def test_five_million_empty_paragraphs_are_refused_early(tmp_path):
    def paragraphs(member):
        member.write(f'<?xml version="1.0"?><w:document {W}><w:body>'.encode())
        for _ in range(50):
            member.write(b"<w:p/>" * 100_000)
        member.write(b"</w:body></w:document>")

    data = replace_part(docx_bytes(), "word/document.xml", paragraphs)
    assert len(data) < 200_000
    result, peak = import_in_child(tmp_path, "many.docx", data)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "paragraphs" in result.stdout
    assert peak < 250, f"{peak:.0f} MB"


def test_a_doctype_after_the_first_4_kb_is_refused(tmp_path):
    original = zipfile.ZipFile(io.BytesIO(docx_bytes())).read("word/document.xml")
    declaration, rest = original.split(b"?>", 1)
    late = declaration + b"?>" + b"<!--" + b" " * 8000 + b"-->" + b'<!DOCTYPE w:document [<!ENTITY e "x">]>' + rest
    result, _ = import_in_child(tmp_path, "late.docx", replace_part(docx_bytes(), "word/document.xml", late))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "DOCTYPE" in result.stdout and "word/document.xml" in result.stdout


def test_a_doctype_in_a_utf16_part_is_refused(tmp_path):
    original = zipfile.ZipFile(io.BytesIO(docx_bytes())).read("word/document.xml").decode("utf-8")
    declaration, rest = original.split("?>", 1)
    utf16 = ('<?xml version="1.0" encoding="UTF-16" standalone="yes"?>'
             '<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + rest).encode("utf-16")
    result, _ = import_in_child(tmp_path, "utf16.docx", replace_part(docx_bytes(), "word/document.xml", utf16))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "DOCTYPE" in result.stdout


def test_a_doctype_in_a_part_not_named_xml_is_refused(tmp_path):
    """python-docx parses a part by its content type, not its name: every XML-looking part is read."""
    data = replace_part(docx_bytes(), "word/media/x.bin", b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a/>')
    result, _ = import_in_child(tmp_path, "renamed.docx", data)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "DOCTYPE" in result.stdout and "word/media/x.bin" in result.stdout


def flip_in_member(data: bytes, name: str, offset_in_member: int) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = package.getinfo(name)
    header = struct.unpack_from("<4s2B4HL2L2H", data, info.header_offset)
    start = info.header_offset + 30 + header[10] + header[11]
    data = bytearray(data)
    for index in range(start + offset_in_member, start + offset_in_member + 40):
        data[index] ^= 0x5A
    return bytes(data)


@pytest.mark.parametrize("where", [0, 100])
def test_damaged_deflate_data_is_a_user_error_naming_the_part(tmp_path, where):
    big = docx_bytes([f"{n}、第{n}项职责，负责接待来访客人并登记" for n in range(1, 400)])
    result, _ = import_in_child(tmp_path, "damaged.docx", flip_in_member(big, "word/document.xml", where))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "word/document.xml" in result.stdout and "damaged" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_wrong_crc_is_a_user_error(tmp_path):
    data = bytearray(docx_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        info = package.getinfo("word/document.xml")
    struct.pack_into("<L", data, info.header_offset + 14, info.CRC ^ 1)
    entry = bytes(data).find(b"PK\x01\x02")
    while entry != -1:
        length = struct.unpack_from("<H", data, entry + 28)[0]
        if bytes(data[entry + 46:entry + 46 + length]) == b"word/document.xml":
            struct.pack_into("<L", data, entry + 16, info.CRC ^ 1)
        entry = bytes(data).find(b"PK\x01\x02", entry + 4)
    result, _ = import_in_child(tmp_path, "crc.docx", bytes(data))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "CRC" in result.stdout and "word/document.xml" in result.stdout


def test_a_staffing_table_of_150000_rows_is_refused_quickly(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("定岗定编")
    sheet.append(["部门", "岗位", "编制"])
    for n in range(150_000):  # under 32 MB inflated: not refused by the old declared-size check
        sheet.append(["销售部", f"岗位{n}", 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (tmp_path / "jd.txt").write_text("前台岗位职责\n1、接待来访客人\n", encoding="utf-8")
    path = tmp_path / "table.xlsx"
    path.write_bytes(buffer.getvalue())
    result = subprocess.run([sys.executable, "-m", "jobdesc", "import", str(tmp_path / "jd.txt"), str(path),
                             "-o", str(tmp_path / "out")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("rows" in result.stdout or "elements" in result.stdout) and "table.xlsx" in result.stdout


def test_an_ordinary_docx_still_imports(tmp_path):
    result, _ = import_in_child(tmp_path, "jd.docx", docx_bytes())
    assert result.returncode == 0, result.stdout + result.stderr
    assert os.listdir(tmp_path / "out")
