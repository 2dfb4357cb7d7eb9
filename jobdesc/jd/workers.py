"""Render many job descriptions over worker processes.

Each worker is started once (spawn: a clean interpreter, no inherited GLib/Pango state),
builds its own Jinja environment, WeasyPrint state and Word template, and then receives
only role ids. Every file depends on its role alone, so the output is the same bytes
whatever the number of workers. User errors found in a worker (a template mistake) come
back as diagnostics and are raised once in the parent.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import Diagnostic, UserError
from ..organisation import Organisation
from ..templating import TemplateSet
from .docx_writer import open_template, write_docx
from .html import JobDescriptionPrinter

DOCX_TEMPLATE = "jd.docx"
MIN_ROLES_PER_WORKER = 4  # below this, starting a worker costs more than it saves


@dataclass(frozen=True)
class Job:
    """What a worker needs, picklable: the organisation (without its YAML trees) and where to write."""

    org: Organisation
    template_folders: tuple[Path, ...]
    out: Path


class JobDescriptionRenderer:
    """Writes the PDF and the .docx of one role; one per process."""

    def __init__(self, job: Job):
        templates = TemplateSet(job.template_folders)
        self.out = job.out
        self.printer = JobDescriptionPrinter(job.org, templates)
        self.docx_path = templates.find(DOCX_TEMPLATE)
        self.docx_template = self.docx_path.read_bytes()

    def check_templates(self, role_id: str) -> None:
        """Fail fast, in the parent, on a template mistake (before any worker starts)."""
        self.printer.html(role_id)
        open_template(self.docx_template, self.docx_path)

    def render(self, role_id: str) -> list[Path]:
        pdf = self.printer.write_pdf(role_id, self.out / f"{role_id}.pdf")
        docx = write_docx(self.printer.context(role_id), self.docx_template, self.printer.labels,
                          self.out / f"{role_id}.docx", self.docx_path)
        return [pdf, docx]


_renderer: Optional[JobDescriptionRenderer] = None


def _start_worker(job: Job) -> None:
    global _renderer
    _renderer = JobDescriptionRenderer(job)


def _render_in_worker(role_id: str) -> tuple[list[Path], list[Diagnostic]]:
    assert _renderer is not None, "worker not initialised"
    try:
        return _renderer.render(role_id), []
    except UserError as exc:  # UserError does not survive pickling; its diagnostics do
        return [], exc.diagnostics


def render_all(org: Organisation, templates: TemplateSet, out: Path, role_ids: list[str], jobs: int) -> list[Path]:
    """Write OUT/ROLE_ID.pdf and .docx for every role id; returns the paths in role order."""
    out.mkdir(parents=True, exist_ok=True)
    job = Job(dataclasses.replace(org, sources=()), templates.folders, out)
    local = JobDescriptionRenderer(job)
    if role_ids:
        local.check_templates(role_ids[0])
    workers = min(jobs, len(role_ids) // MIN_ROLES_PER_WORKER)
    if workers <= 1:
        return [path for role_id in role_ids for path in local.render(role_id)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_start_worker, initargs=(job,)) as pool:
        results = list(pool.map(_render_in_worker, role_ids, chunksize=max(1, len(role_ids) // (workers * 8))))
    problems = sorted({d for _paths, diagnostics in results for d in diagnostics})
    if problems:
        raise UserError(problems)
    return [path for paths, _diagnostics in results for path in paths]
