"""handbook.pdf and handbook.docx: the whole 岗位说明书汇编 in one file each."""
from __future__ import annotations

import contextlib
from pathlib import Path

from ..build import BuildContext
from ..handbook.docx_handbook import render_handbook_docx
from ..handbook.frontmatter import render_departments
from ..handbook.pdf_handbook import start_handbook_pdf
from ..pool import release_memory


# What the Word handbook needs before it can be written (the job descriptions' Word files
# come separately: they are ready long before their PDFs).
WORD_NEEDS = ("orgchart", "raci", "staffing")


def prepare(ctx: BuildContext) -> None:
    """While the job descriptions' PDFs are still being laid out: the department pages need
    nothing from them, so the workers lay them out now (the result waits in the build
    cache); and this process, otherwise idle until the PDFs are in, writes the Word
    handbook, which needs only the Word job descriptions, the org chart and the tables."""
    render_departments(ctx)
    for part in WORD_NEEDS:
        ctx.finish_part(part)
    word_files = ctx.shared.get("jd_word_files")
    if word_files is not None:
        ctx.shared["jd_docx"] = word_files()
    with _one_worker(ctx):
        ctx.shared["handbook_docx"] = _word_handbook(ctx)


def render(ctx: BuildContext) -> list[Path]:
    # The contents and the index are laid out one after the other: each is a big layout,
    # and the two side by side were the peak memory of a 500-position build.
    with _one_worker(ctx):
        finish_pdf = start_handbook_pdf(ctx)
        docx = ctx.shared.get("handbook_docx") or _word_handbook(ctx)  # not prepared: nothing was pending
        return [finish_pdf(), docx]


def _word_handbook(ctx: BuildContext) -> Path:
    path = render_handbook_docx(ctx)
    release_memory(collect=False)  # the Word handbook's XML is garbage now
    return path


def _one_worker(ctx: BuildContext):
    """The pool's `one_worker()` (nothing to limit in a context without a pool)."""
    return ctx.pool.one_worker() if ctx.pool is not None else contextlib.nullcontext()
