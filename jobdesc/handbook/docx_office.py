"""LibreOffice laying out .docx files for handbook.docx's page numbers (docx_pages.py).

Two ways, the first one that works:
* `OfficeServer`: one LibreOffice for the whole build, started by office_helper.py (run
  with a Python that has LibreOffice's `uno`, e.g. Debian's python3-uno) and asked for the
  pages of each file over UNO. It can start before anything is to be laid out (a rebuild
  starts it as soon as handbook.docx is written, so its start-up overlaps the PDF work),
  serves every layout of the build (the pieces, then the contents and index once or twice
  more), and reads the pages from the layout instead of exporting a PDF.
* `Pagination`: `soffice --convert-to pdf` once per layout run, pages read from the PDF's
  named destinations, when no Python with `uno` is found.

Either way LibreOffice gets a private profile in a temporary folder (a LibreOffice the user
has open would otherwise take the job over), opens only the files jobdesc wrote into that
folder, runs niced in a process group of its own, and is killed (the group, by its id) when
it takes longer than its time allows: the build then goes on with the fields left dirty.
"""
from __future__ import annotations

import ctypes
import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional

from .docx_page_pieces import destination_name

TIMEOUT_ENV = "JOBDESC_LIBREOFFICE_TIMEOUT"  # seconds for every wait on LibreOffice (tests, slow machines)
PYTHON_ENV = "JOBDESC_LIBREOFFICE_PYTHON"    # the Python with `uno` to run office_helper.py with
HELPER = Path(__file__).with_name("office_helper.py")
STARTUP_SECONDS = 120.0
QUIT_SECONDS = 10.0  # LibreOffice asked to quit, then killed
# A file's time: generous (a busy 2-core machine lays out ~100 pages, 2.3 MB of XML, in 10 s).
BASE_SECONDS, SECONDS_PER_MB = 60.0, 60.0
# The JSON form of filter options needs LibreOffice 7.4 or newer; older ones ignore it.
PDF_FILTER = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
Layout = tuple[dict[str, int], int]  # (PDF destination name → 1-based page, page count) of one file


class LayoutFailed(Exception):
    """LibreOffice gave no usable layout; the message says why."""


def allowed_seconds(size: int, default: float = 0.0) -> float:
    """How long LibreOffice may take for a file of `size` bytes ($JOBDESC_LIBREOFFICE_TIMEOUT if set)."""
    chosen = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        if chosen and float(chosen) > 0:
            return float(chosen)
    except ValueError:
        pass
    return default or BASE_SECONDS + SECONDS_PER_MB * size / 1e6


def _niced() -> list[str]:
    # Niced: the page numbers are background work; the layout the build waits for comes first.
    return ["nice", "-n", "15"] if shutil.which("nice") else []


def _kill_group(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the group it was started in, by its id
        except ProcessLookupError:
            pass
    process.wait()


def uno_pythons(soffice: str) -> list[str]:
    """Pythons that may have LibreOffice's `uno`, the likeliest first."""
    chosen = os.environ.get(PYTHON_ENV, "").strip()
    program = Path(os.path.realpath(soffice)).parent
    found = []
    for candidate in (chosen, str(program / "python"), "/usr/bin/python3", shutil.which("python3") or "", sys.executable):
        if candidate and os.access(candidate, os.X_OK) and Path(candidate).is_file() and candidate not in found:
            found.append(candidate)
    return found


class OfficeServer:
    """office_helper.py and its LibreOffice, started at once; `layout` waits until it is ready."""

    def __init__(self, soffice: str):
        self.soffice = soffice
        self.folder = Path(tempfile.mkdtemp(prefix="jobdesc-office-"))
        self.pythons = uno_pythons(soffice)
        self.process: Optional[subprocess.Popen] = None
        self.lines: queue.Queue = queue.Queue()
        self.state = "starting"  # then "ready", "no uno" (try the other way) or a problem
        self.lock = threading.Lock()
        self.closed = False
        self.pipe = ""
        self._spawn()

    def _spawn(self) -> None:
        with self.lock:
            if self.closed or not self.pythons:
                self.state = "no uno" if not self.closed else "the build stopped"
                return
            python = self.pythons.pop(0)
            profile = (self.folder / "profile").as_uri()
            pipe = self.pipe = f"jobdesc-{secrets.token_hex(12)}"  # a Unix socket only its owner may connect to
            self.lines = queue.Queue()
            self.process = subprocess.Popen([*_niced(), python, "-I", str(HELPER), self.soffice, profile, pipe],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                            cwd=self.folder, start_new_session=True)
            threading.Thread(target=self._read, args=(self.process, self.lines), daemon=True,
                             name="LibreOffice answers").start()

    @staticmethod
    def _read(process: subprocess.Popen, lines: queue.Queue) -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    def _answer(self, seconds: float) -> dict:
        try:
            line = self.lines.get(timeout=seconds)
        except queue.Empty:
            self.close()
            raise LayoutFailed(f"LibreOffice took more than {seconds:.0f} s") from None
        if line is None:
            raise LayoutFailed("LibreOffice ended without an answer")
        try:
            answer = json.loads(line)
        except ValueError:
            raise LayoutFailed("LibreOffice's helper answered something else") from None
        if not isinstance(answer, dict):
            raise LayoutFailed("LibreOffice's helper answered something else")
        return answer

    def ready(self) -> bool:
        """True once LibreOffice answers; False when no Python here has `uno`. Raises LayoutFailed."""
        while self.state == "starting":
            answer = self._answer(allowed_seconds(0, STARTUP_SECONDS))
            if answer.get("ready") is True:
                self.state = "ready"
            elif answer.get("error") == "no uno":
                self.process.wait()
                self._spawn()
            else:
                self.state = str(answer.get("error", "LibreOffice did not start"))
        if self.state not in ("ready", "no uno"):
            raise LayoutFailed(self.state)
        return self.state == "ready"

    def layout(self, documents: list[bytes]) -> list[Layout]:
        results = []
        for number, docx in enumerate(documents):
            source = self.folder / f"piece{number}.docx"
            source.write_bytes(docx)
            with self.lock:
                if self.closed:
                    raise LayoutFailed("the build stopped")
                self.process.stdin.write(str(source).encode() + b"\n")
                self.process.stdin.flush()
            answer = self._answer(allowed_seconds(len(docx)))
            source.unlink()
            pages, count = answer.get("pages"), answer.get("count")
            if not isinstance(pages, dict) or type(count) is not int:
                raise LayoutFailed(f"LibreOffice failed ({answer.get('error', 'no pages')})")
            results.append(({destination_name(k): v for k, v in pages.items() if type(v) is int}, count))
        return results

    def close(self, graceful: bool = False) -> None:
        """End LibreOffice: asked to quit when `graceful` (it is waited for, a few seconds at
        most), else killed."""
        with self.lock:
            self.closed = True
            process = self.process
        if process is not None:
            if graceful and process.poll() is None:
                try:
                    process.stdin.close()  # the helper ends LibreOffice and exits
                    process.wait(timeout=QUIT_SECONDS)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            _kill_group(process)
        if self.pipe and hasattr(os, "getuid"):  # a killed LibreOffice leaves its socket behind
            socket = Path(f"/tmp/OSL_PIPE_{os.getuid()}_{self.pipe}")
            if socket.is_socket():
                socket.unlink(missing_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def named_destinations(pdf: Path) -> Layout:
    """(named destination → 1-based page, as LibreOffice exported the bookmarks; the page count).

    LibreOffice writes a bookmark's name with every character other than A-Z, a-z, 0-9 and
    "-" as two hex digits ("_Hb12" → "5FHb12"); the caller maps its names the same way."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        found = {}
        for index in range(pdfium.FPDF_CountNamedDests(document.raw)):
            size = ctypes.c_long(0)
            pdfium.FPDF_GetNamedDest(document.raw, index, None, ctypes.byref(size))
            buffer = ctypes.create_string_buffer(size.value)
            dest = pdfium.FPDF_GetNamedDest(document.raw, index, buffer, ctypes.byref(size))
            name = buffer.raw[:size.value].decode("utf-16-le").rstrip("\x00")
            page = pdfium.FPDFDest_GetDestPageIndex(document.raw, dest) if dest else -1
            if page >= 0:
                found[name] = page + 1
        return found, len(document)
    finally:
        document.close()


class Pagination:
    """`soffice --convert-to pdf` of .docx files, one run per `layout` call (no Python with `uno`)."""

    def __init__(self, soffice: str):
        self.soffice = soffice
        self.process: Optional[subprocess.Popen] = None
        self.folder: Optional[Path] = None
        self.lock = threading.Lock()
        self.closed = False

    def layout(self, documents: list[bytes]) -> list[Layout]:
        folder = Path(tempfile.mkdtemp(prefix="jobdesc-pages-"))
        try:
            sources = []
            for number, docx in enumerate(documents):  # copies: LibreOffice leaves a lock file beside what it opens
                sources.append(folder / f"piece{number}.docx")
                sources[-1].write_bytes(docx)
            args = [*_niced(), self.soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--norestore", "--nolockcheck", "--convert-to", PDF_FILTER, "--outdir", str(folder / "pdf"),
                    *map(str, sources)]
            with self.lock:
                if self.closed:
                    raise LayoutFailed("the build stopped")
                with (folder / "soffice.log").open("wb") as log:
                    self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log,
                                                    stderr=subprocess.STDOUT, start_new_session=True)
            seconds = allowed_seconds(sum(map(len, documents)))
            try:
                code = self.process.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                raise LayoutFailed(f"LibreOffice took more than {seconds:.0f} s") from None
            finally:
                _kill_group(self.process)
            pdfs = [folder / "pdf" / (source.stem + ".pdf") for source in sources]
            if code != 0 or not all(pdf.is_file() for pdf in pdfs):
                log = (folder / "soffice.log").read_text(errors="replace").strip().splitlines()
                raise LayoutFailed(f"LibreOffice failed (exit {code}{': ' + log[-1] if log else ''})")
            return [named_destinations(pdf) for pdf in pdfs]
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            if self.process is not None:
                _kill_group(self.process)


class OfficeLayouts:
    """LibreOffice for one build: the server when it can be had, else one soffice run per layout."""

    def __init__(self, soffice: str):
        self.server = OfficeServer(soffice)
        self.fallback: Optional[Pagination] = None
        self.soffice = soffice

    def layout(self, documents: list[bytes]) -> list[Layout]:
        if self.server.ready():
            return self.server.layout(documents)
        if self.fallback is None:
            self.fallback = Pagination(self.soffice)
        return self.fallback.layout(documents)

    def close(self, graceful: bool = False) -> None:
        self.server.close(graceful)
        if self.fallback is not None:
            self.fallback.close()
