"""Lay out and write every job description: in chunks, over worker processes, cached.

Why chunks: a PDF embeds the subset of the CJK font its pages use, and subsetting is a
third of the cost of a job description. Laying out the job descriptions of one
department separately (each keeps its own 第 X 页 / 共 Y 页) but writing their pages as
one PDF embeds the font once per chunk. The standalone `jd/ROLE_ID.pdf` files are then
cut out of the chunk with pikepdf, and the handbook reuses the chunk's pages as they are:
each job description is laid out exactly once.

Why the cache: a chunk's PDF depends only on its roles' HTML and the template files, a
Word file only on its role's data and the Word template. Both are stored under the hash
of those inputs in OUT/.jobdesc-cache, so a rebuild after editing one role lays out one
chunk. Workers are started clean (spawn: no inherited GLib/Pango state) and receive role
ids only; the output is the same bytes whatever the number of workers.
"""
from __future__ import annotations

import dataclasses
import io
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import pikepdf

from .. import cache
from ..errors import UserError
from ..handbook.assemble import extract_from
from ..organisation import Organisation
from ..templating import TemplateSet
from .docx_writer import WordJobDescription, open_template
from .html import JobDescriptionPrinter

DOCX_TEMPLATE = "jd.docx"
CHUNK_SIZE = 8  # job descriptions per chunk: fewer font copies vs. less to redo after an edit
MIN_TASKS_FOR_WORKERS = 4  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Job:
    """What a worker needs, picklable: the organisation (without its YAML trees)."""

    org: Organisation
    template_folders: tuple[Path, ...]


class JobDescriptionMaker:
    """Lays out chunks and writes Word files; one per process."""

    def __init__(self, job: Job):
        templates = TemplateSet(job.template_folders)
        self.printer = JobDescriptionPrinter(job.org, templates)
        self.docx_path = templates.find(DOCX_TEMPLATE)
        self.docx_template = self.docx_path.read_bytes()

    def check_templates(self, role_id: str) -> None:
        """Fail fast, in the parent, on a template mistake (before any worker starts)."""
        self.printer.html(role_id)
        open_template(self.docx_template, self.docx_path)

    def chunk_pdf(self, role_ids: tuple[str, ...]) -> tuple[bytes, list[int], list[bytes]]:
        """One PDF holding the chunk's job descriptions, each one's page count, and each
        one cut out as its own PDF."""
        documents = [self.printer.document(role_id) for role_id in role_ids]
        pages = [page for document in documents for page in document.pages]
        chunk = documents[0].copy(pages).write_pdf()
        counts = [len(d.pages) for d in documents]
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
        return writer.save(jd)


# ------------------------------------------------------------------ worker side

_maker: Optional[JobDescriptionMaker] = None


def _start_worker(job: Job) -> None:
    global _maker
    _maker = JobDescriptionMaker(job)


def _run(task: tuple[str, tuple[str, ...]]):
    """A task is ("chunk", role ids) or ("docx", (role id,)). UserError does not survive
    pickling, so its diagnostics travel instead."""
    assert _maker is not None, "worker not initialised"
    kind, role_ids = task
    try:
        result = _maker.chunk_pdf(role_ids) if kind == "chunk" else _maker.docx(role_ids[0])
        return result, []
    except UserError as exc:
        return None, exc.diagnostics


# ------------------------------------------------------------------ parent side


@dataclass
class Chunk:
    role_ids: tuple[str, ...]
    key: str
    pdf: bytes = b""
    page_counts: list[int] = field(default_factory=list)
    standalone: list[bytes] = field(default_factory=list)  # each role's own PDF

    def cached_parts(self) -> list[tuple[str, str]]:
        """(kind, key) of every cache entry this chunk is made of."""
        return [("jd-chunk", self.key), ("jd-chunk-pages", self.key),
                *(("jd-pdf", f"{self.key}-{i}") for i in range(len(self.role_ids)))]


def plan_chunks(org: Organisation, size: int = CHUNK_SIZE) -> list[tuple[str, ...]]:
    """Roles in handbook order (departments in tree order, each by reporting line), cut
    into chunks that never span two departments, so an edit redoes one small chunk."""
    chunks: list[tuple[str, ...]] = []
    for dept, _depth in org.departments_in_tree_order():
        ids = [role.id for role in org.roles_in_department(dept.id)]
        chunks.extend(tuple(ids[i:i + size]) for i in range(0, len(ids), size))
    return chunks


def _load_chunk(build_cache: cache.BuildCache, chunk: Chunk) -> bool:
    """Fill `chunk` from the cache; False (and nothing filled) unless every part is there."""
    parts = [build_cache.get(kind, key) for kind, key in chunk.cached_parts()]
    if any(part is None for part in parts):
        return False
    chunk.pdf, meta, *chunk.standalone = parts
    chunk.page_counts = [int(n) for n in meta.decode().split(",")]
    return True


def _store_chunk(build_cache: cache.BuildCache, chunk: Chunk) -> None:
    meta = ",".join(map(str, chunk.page_counts)).encode()
    for (kind, key), data in zip(chunk.cached_parts(), [chunk.pdf, meta, *chunk.standalone]):
        build_cache.put(kind, key, data)


@dataclass
class Rendered:
    """What the job description stage hands on: files written and where each role's pages are."""

    paths: list[Path]
    pages: dict[str, tuple[bytes, range]]  # role id → (chunk PDF, page indexes) for the handbook
    docx: dict[str, Path]


def render_all(org: Organisation, templates: TemplateSet, out: Path, jobs: int,
               progress: Callable[[int, int], None] = lambda done, total: None) -> Rendered:
    """Write OUT/ROLE_ID.pdf and .docx for every role."""
    out.mkdir(parents=True, exist_ok=True)
    job = Job(dataclasses.replace(org, sources=()), templates.folders)
    local = JobDescriptionMaker(job)
    build_cache = cache.current() or cache.MemoryCache()  # outside a build nothing is kept
    fingerprint = build_cache.fingerprint(templates.folders)
    chunk_plan = plan_chunks(org)
    if chunk_plan:
        local.check_templates(chunk_plan[0][0])

    chunks = [Chunk(ids, cache.digest("jd-chunk", fingerprint, *(local.printer.html(r) for r in ids)))
              for ids in chunk_plan]
    docx_keys = {role_id: cache.digest("jd-docx", local.docx_template, repr(local.printer.context(role_id)),
                                       repr(sorted(local.printer.labels.items())))
                 for ids in chunk_plan for role_id in ids}
    docx_bytes: dict[str, bytes] = {}
    tasks: list[tuple[str, tuple[str, ...]]] = []
    for chunk in chunks:
        if not _load_chunk(build_cache, chunk):
            tasks.append(("chunk", chunk.role_ids))
    for role_id, key in docx_keys.items():
        data = build_cache.get("jd-docx", key)
        if data is not None:
            docx_bytes[role_id] = data
        else:
            tasks.append(("docx", (role_id,)))

    results = _run_tasks(job, local, tasks, jobs, progress)
    by_ids = {chunk.role_ids: chunk for chunk in chunks}
    for (kind, ids), result in zip(tasks, results):
        if kind == "chunk":
            chunk = by_ids[ids]
            chunk.pdf, chunk.page_counts, chunk.standalone = result
            _store_chunk(build_cache, chunk)
        else:
            docx_bytes[ids[0]] = result
            build_cache.put("jd-docx", docx_keys[ids[0]], result)
    return _write(chunks, docx_bytes, out)


def _run_tasks(job: Job, local: JobDescriptionMaker, tasks, jobs: int, progress) -> list:
    total = len(tasks)
    progress(0, total)
    workers = min(jobs, total // MIN_TASKS_FOR_WORKERS)
    results: list = []
    if workers <= 1:
        global _maker
        _maker = local
        iterator = map(_run, tasks)
        for result in iterator:
            results.append(result)
            progress(len(results), total)
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=_start_worker, initargs=(job,)) as pool:
            # Chunks first (they take longest), then the quick Word files fill the gaps.
            for result in pool.map(_run, tasks, chunksize=1):
                results.append(result)
                progress(len(results), total)
    problems = sorted({d for _result, diagnostics in results for d in diagnostics})
    if problems:
        raise UserError(problems)
    return [result for result, _diagnostics in results]


def _write(chunks: list[Chunk], docx_bytes: dict[str, bytes], out: Path) -> Rendered:
    from .docx_package import write_atomically

    paths: list[Path] = []
    pages: dict[str, tuple[bytes, range]] = {}
    docx: dict[str, Path] = {}
    for chunk in chunks:
        first = 0
        for role_id, count, pdf in zip(chunk.role_ids, chunk.page_counts, chunk.standalone):
            pdf_path = write_atomically(pdf, out / f"{role_id}.pdf")
            docx[role_id] = write_atomically(docx_bytes[role_id], out / f"{role_id}.docx")
            paths += [pdf_path, docx[role_id]]
            pages[role_id] = (chunk.pdf, range(first, first + count))
            first += count
    return Rendered(paths, pages, docx)
