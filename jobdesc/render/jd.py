"""Job descriptions (岗位说明书): OUT/jd/ROLE_ID.pdf and OUT/jd/ROLE_ID.docx for every role.

The handbook reuses them: `ctx.shared["jd"]` maps role id → the PDF written (in print
order), and `job_description_printer()` gives the per-role HTML / WeasyPrint document /
PDF bytes for anyone who needs to lay a job description out again.
"""
from __future__ import annotations

from pathlib import Path

from ..jd.html import JobDescriptionPrinter
from ..jd.workers import render_all
from ..organisation import Organisation
from ..templating import TemplateSet

FOLDER = "jd"


def job_description_printer(org: Organisation, templates: TemplateSet) -> JobDescriptionPrinter:
    """Per-role `html(role_id)`, `document(role_id)` and `pdf_bytes(role_id)` for reuse."""
    return JobDescriptionPrinter(org, templates)


def render(ctx) -> list[Path]:
    role_ids = [role.id for role in ctx.org.iter_roles()]
    written = render_all(ctx.org, ctx.templates, ctx.out / FOLDER, role_ids, ctx.jobs)
    ctx.shared["jd"] = {role_id: ctx.out / FOLDER / f"{role_id}.pdf" for role_id in role_ids}
    return written
