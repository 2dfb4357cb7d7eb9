"""Lay out and write every job description: in chunks, over worker processes, cached.

Why chunks: a PDF embeds the subset of the CJK font its pages use, and subsetting is a
third of the cost of a job description. Laying out the job descriptions of one
department separately (each keeps its own 第 X 页 / 共 Y 页) but writing their pages as
one PDF embeds the font once per chunk. The standalone `jd/ROLE_ID.pdf` files are then
cut out of the chunk with pikepdf, and the handbook reuses the chunk's pages as they are:
each job description is laid out exactly once.

Why the cache: a chunk's PDF depends only on its roles' HTML and the template files, a
Word file only on its role's data and the Word template. Both are stored under the hash
of those inputs in the build cache, so a rebuild after editing one role lays out one
chunk. Workers are started clean (spawn: no inherited GLib/Pango state) and receive role
ids only; the output is the same bytes whatever the number of workers.
"""
from __future__ import annotations

import dataclasses
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .. import cache
from ..errors import Diagnostic, UserError
from ..pdf.assemble import extract_from
from ..format.organisation import Organisation
from ..pool import Task, WorkerJob, WorkerPool, WorkerState
from ..templating import TemplateSet
from .docx_template import open_template
from .docx_writer import WordJobDescription
from .html import JobDescriptionPrinter

DOCX_TEMPLATE = "jd.docx"
CHUNK_SIZE = 6  # job descriptions per chunk: fewer font copies vs. less to redo after an edit
WORD_FILES_PER_TASK = 25  # a Word file takes ~5 ms: a task each would be mostly overhead


class JobDescriptionMaker:
    """Lays out chunks and writes Word files; one per process."""

    def __init__(self, org: Organisation, template_folders: tuple[Path, ...]):
        templates = TemplateSet(template_folders)
        self.printer = JobDescriptionPrinter(org, templates)
        self.docx_path = templates.find(DOCX_TEMPLATE)
        self.docx_template = self.docx_path.read_bytes()

    def check_templates(self, role_id: str) -> None:
        """Fail fast, in the parent, on a template mistake (before any worker starts)."""
        self.printer.html(role_id)
        open_template(self.docx_template, self.docx_path)

    def chunk_pdf(self, role_ids: tuple[str, ...]) -> tuple[bytes, list[int], list[bytes]]:
        """One PDF holding the chunk's job descriptions, each one's page count, and each
        one cut out as its own PDF."""
        import pikepdf  # here: `import --into` renders Word files only, and pikepdf takes 0.3 s to import
        documents = [self.printer.document(role_id) for role_id in role_ids]
        pages = [page for document in documents for page in document.pages]
        chunk = documents[0].copy(pages).write_pdf()
        counts = [len(d.pages) for d in documents]
        del documents, pages  # the layout is the big part of a worker's memory
        standalone, first = [], 0
        with pikepdf.open(io.BytesIO(chunk)) as pdf:
            for role_id, count in zip(role_ids, counts):
                title = f"{self.printer.org.roles[role_id].title} · {self.printer.labels['document']}"
                standalone.append(extract_from(pdf, first, count, title))
                first += count
        return chunk, counts, standalone

    def docx(self, role_id: str) -> bytes:
        writer = WordJobDescription(self.docx_template, self.printer.labels, self.docx_path)
        jd = self.printer.context(role_id)
        writer.fill(jd)
        return writer.save(jd, base=self.role_text(role_id))

    def role_text(self, role_id: str) -> Optional[str]:
        """The role file's text, kept in its Word file as the base of a later three-way merge
        (docx_base.py); None when it cannot be read now (nothing is merged then)."""
        return role_text(self.printer.org, role_id)


def role_text(org: Organisation, role_id: str) -> Optional[str]:
    from .. import userfiles
    from ..format.yaml_reader import decode_text

    try:
        path = Path(org.sources[1 + list(org.roles).index(role_id)].path)
        return decode_text(path, userfiles.read_bytes(path, userfiles.MAX_YAML_BYTES, root=org.root)).replace(
            "\r\n", "\n")
    except (UserError, ValueError, IndexError, OSError):
        return None


# ------------------------------------------------------------------ worker side
# Tasks write their results into the build cache themselves: only page counts travel
# back, so the parent never holds hundreds of PDFs in memory.


def _maker(state: WorkerState) -> JobDescriptionMaker:
    return state.tool("jd", lambda: JobDescriptionMaker(state.job.org, state.job.template_folders))


def _chunk_task(state: WorkerState, role_ids: tuple[str, ...], key: str) -> list[int]:
    pdf, counts, standalone = _maker(state).chunk_pdf(role_ids)
    build_cache = state.cache()
    build_cache.put("jd-chunk", key, pdf)
    build_cache.put("jd-chunk-pages", key, ",".join(map(str, counts)).encode())
    for index, data in enumerate(standalone):
        build_cache.put("jd-pdf", f"{key}-{index}", data)
    return counts


def _docx_task(state: WorkerState, role_ids: tuple[str, ...], keys: tuple[str, ...]) -> None:
    """Word files in batches of WORD_FILES_PER_TASK."""
    for role_id, key in zip(role_ids, keys):
        state.cache().put("jd-docx", key, _maker(state).docx(role_id))


# ------------------------------------------------------------------ parent side


@dataclass
class Chunk:
    role_ids: tuple[str, ...]
    key: str

    def pdf_key(self, index: int) -> str:
        return f"{self.key}-{index}"

    def page_counts(self, build_cache: cache.BuildCache) -> Optional[list[int]]:
        """Each role's page count in the chunk's PDF, from the cache (None: not there or not
        one count per role)."""
        def read(data: bytes) -> list[int]:
            counts = [int(n) for n in data.decode("ascii").split(",")]
            if len(counts) != len(self.role_ids) or min(counts) < 1:
                raise ValueError("not one page count per role")
            return counts

        return build_cache.get("jd-chunk-pages", self.key, read)


def plan_chunks(org: Organisation, size: int = CHUNK_SIZE) -> list[tuple[str, ...]]:
    """Roles in handbook order (departments in tree order, each by reporting line), cut
    into chunks that never span two departments, so an edit redoes one small chunk."""
    chunks: list[tuple[str, ...]] = []
    for dept, _depth in org.departments_in_tree_order():
        ids = [role.id for role in org.roles_in_department(dept.id)]
        chunks.extend(tuple(ids[i:i + size]) for i in range(0, len(ids), size))
    return chunks


@dataclass
class Rendered:
    """What the job description stage hands on: files written and where each role's pages are."""

    paths: list[Path]
    pages: dict[str, tuple[Path, range]]  # role id → (chunk PDF in the cache, page indexes), for the handbook
    docx: dict[str, Path]


class PendingJobDescriptions:
    """Job descriptions being laid out by the build's worker pool.

    Creating it hands the work to the workers and returns at once, so the build can make
    the other outputs meanwhile. The Word files are queued ahead of the PDF chunks (they
    are quick), so `word_files()` is ready early and the Word handbook can be written
    while the PDFs are still being laid out; `finish()` collects everything. Workers put
    their results straight into the cache; these methods copy them out to their files.
    """

    def __init__(self, org: Organisation, templates: TemplateSet, out: Path, pool: WorkerPool,
                 progress: Callable[[int, int], None]):
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.progress = progress
        self.cache = cache.current() or cache.BuildCache(pool.job.cache_root)
        fingerprint = self.cache.fingerprint(templates.folders)
        local = JobDescriptionMaker(org, templates.folders)
        printer = local.printer
        chunk_plan = plan_chunks(org)
        if chunk_plan:
            local.check_templates(chunk_plan[0][0])
        labels = repr(sorted(printer.labels.items()))
        contexts = {role_id: repr(printer.context(role_id)) for ids in chunk_plan for role_id in ids}  # once per role
        # A job description's HTML is the template (fingerprint) applied to its data (the
        # context), its labels and its language and nothing else, so those are the key:
        # no need to render 300 pages of HTML to find the one that changed.
        self.chunks = [Chunk(ids, cache.digest("jd-chunk", fingerprint, labels, org.language,
                                               *(contexts[r] for r in ids)))
                       for ids in chunk_plan]
        # The Word file also carries the role file's text (the base of a three-way merge).
        self.docx_keys = {role_id: cache.digest("jd-docx", "custom-properties", local.docx_template,
                                                contexts[role_id], labels,
                                                role_text(org, role_id) or "")
                          for ids in chunk_plan for role_id in ids}
        missing = [(role_id, self.docx_keys[role_id]) for chunk in self.chunks for role_id in chunk.role_ids
                   if self.cache.path("jd-docx", self.docx_keys[role_id]) is None]
        word_work = [tuple(zip(*missing[i:i + WORD_FILES_PER_TASK]))
                     for i in range(0, len(missing), WORD_FILES_PER_TASK)]
        pdf_work: list[tuple[tuple[str, ...], str]] = []
        for chunk in self.chunks:
            parts = [("jd-chunk", chunk.key), *(("jd-pdf", chunk.pdf_key(i)) for i in range(len(chunk.role_ids)))]
            if chunk.page_counts(self.cache) is None or not all(self.cache.path(kind, key) for kind, key in parts):
                pdf_work.append((chunk.role_ids, chunk.key))
        pool.plan(len(word_work) + len(pdf_work))
        self.word_tasks: list[Task] = [pool.submit(_docx_task, *args) for args in word_work]
        self.pdf_tasks: list[Task] = [pool.submit(_chunk_task, *args) for args in pdf_work]
        self._done = 0
        self._word_files: Optional[dict[str, Path]] = None

    def _wait(self, tasks: list[Task]) -> None:
        """Wait for `tasks`, reporting progress; every task's mistakes are reported together."""
        total = len(self.word_tasks) + len(self.pdf_tasks)
        self.progress(self._done, total)
        problems: set[Diagnostic] = set()
        for task in tasks:
            try:
                task.result()
            except UserError as exc:
                problems.update(exc.diagnostics)
            self._done += 1
            self.progress(self._done, total)
        if problems:
            raise UserError(sorted(problems))

    def word_files(self) -> dict[str, Path]:
        """Wait for the Word files only and copy them into OUT; role id → its .docx."""
        if self._word_files is None:
            self._wait(self.word_tasks)
            files: dict[str, Path] = {}
            for chunk in self.chunks:
                for role_id in chunk.role_ids:
                    files[role_id] = self.out / f"{role_id}.docx"
                    shutil.copyfile(self.cache.path("jd-docx", self.docx_keys[role_id]), files[role_id])
            self._word_files = files
        return self._word_files

    def finish(self) -> Rendered:
        docx = self.word_files()
        self._wait(self.pdf_tasks)
        return self._write_pdfs(docx)

    def _write_pdfs(self, docx: dict[str, Path]) -> Rendered:
        """Copy every role's PDF from the cache into OUT."""
        paths: list[Path] = []
        pages: dict[str, tuple[Path, range]] = {}
        for chunk in self.chunks:
            chunk_pdf = self.cache.path("jd-chunk", chunk.key)
            counts = chunk.page_counts(self.cache)
            assert counts is not None, "a chunk's page counts were not stored"
            first = 0
            for index, (role_id, count) in enumerate(zip(chunk.role_ids, counts)):
                pdf_path = self.out / f"{role_id}.pdf"
                shutil.copyfile(self.cache.path("jd-pdf", chunk.pdf_key(index)), pdf_path)
                paths += [pdf_path, docx[role_id]]
                pages[role_id] = (chunk_pdf, range(first, first + count))
                first += count
        return Rendered(paths, pages, docx)


def start_all(org: Organisation, templates: TemplateSet, out: Path, pool: WorkerPool,
              progress: Callable[[int, int], None] = lambda done, total: None) -> PendingJobDescriptions:
    """Start writing OUT/ROLE_ID.pdf and .docx for every role; `.finish()` completes it."""
    return PendingJobDescriptions(org, templates, out, pool, progress)


def render_all(org: Organisation, templates: TemplateSet, out: Path, jobs: int,
               progress: Callable[[int, int], None] = lambda done, total: None) -> Rendered:
    """Write OUT/ROLE_ID.pdf and .docx for every role outside a build (benchmarks, tests):
    with a pool of its own and a throwaway cache."""
    with tempfile.TemporaryDirectory(prefix="jobdesc-jd-") as scratch:
        job = WorkerJob(dataclasses.replace(org, sources=()), templates.folders, Path(scratch))
        pool = WorkerPool(job, jobs)
        try:
            return start_all(org, templates, out, pool, progress).finish()
        finally:
            pool.close()
