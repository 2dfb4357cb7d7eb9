"""Job descriptions (岗位说明书): OUT/jd/ROLE_ID.pdf and OUT/jd/ROLE_ID.docx for every role.

The handbook reuses their pages: `ctx.shared["jd_pages"]` maps role id → (the chunk PDF
that holds its pages, the page indexes), `ctx.shared["jd"]` role id → its PDF and
`ctx.shared["jd_docx"]` role id → its Word file. While the PDFs are still being laid out,
`ctx.shared["jd_word_files"]()` waits for the Word files only and returns that last map.
`job_description_printer()` gives the per-role HTML / WeasyPrint document for anyone who
needs to lay one out again.
"""
from __future__ import annotations

from pathlib import Path

from ..jd.html import JobDescriptionPrinter
from ..jd.workers import Rendered, start_all
from ..organisation import Organisation
from ..templating import TemplateSet

FOLDER = "jd"


def job_description_printer(org: Organisation, templates: TemplateSet) -> JobDescriptionPrinter:
    """Per-role `html(role_id)`, `document(role_id)` and `pdf_bytes(role_id)` for reuse."""
    return JobDescriptionPrinter(org, templates)


def start(ctx):
    """Hand the job descriptions to the worker processes; the build makes the other outputs
    meanwhile and calls the returned `finish()` when it needs these."""
    pending = start_all(ctx.org, ctx.templates, ctx.out / FOLDER, ctx.pool, ctx.progress("jd"))
    ctx.shared["jd_word_files"] = pending.word_files

    def finish() -> list[Path]:
        return _share(ctx, pending.finish())

    return finish


def render(ctx) -> list[Path]:
    return start(ctx)()


def _share(ctx, rendered: Rendered) -> list[Path]:
    ctx.shared["jd_pages"] = rendered.pages
    ctx.shared["jd"] = {role_id: ctx.out / FOLDER / f"{role_id}.pdf" for role_id in rendered.pages}
    ctx.shared["jd_docx"] = rendered.docx
    return rendered.paths
