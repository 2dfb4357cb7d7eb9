"""Job descriptions (岗位说明书): OUT/jd/ROLE_ID.pdf and OUT/jd/ROLE_ID.docx for every role.

Gives JD (every role's files, and where each role's pages are, for the handbook) and,
early, JD_WORD (the Word files only: they are ready long before the PDFs, so the Word
handbook can be written while the PDFs are still being laid out).
`job_description_printer()` gives the per-role HTML / WeasyPrint document for anyone who
needs to lay one out again.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..build_graph import BuildContext, Output, Product, Started, Step
from ..jd.html import JobDescriptionPrinter
from ..jd.workers import start_all
from ..format.organisation import Organisation
from ..templating import TemplateSet

FOLDER = "jd"


@dataclass(frozen=True)
class JobDescriptions:
    files: list[Path]
    pages: dict[str, tuple[Path, range]]  # role id → (chunk PDF that holds its pages, the page indexes)
    pdf: dict[str, Path]  # role id → its PDF
    docx: dict[str, Path]  # role id → its Word file


JD: Product[JobDescriptions] = Product("jd", "every role's PDF and Word file, and where its pages are")
JD_WORD: Product[dict[str, Path]] = Product("jd_word", "role id → its Word file (before the PDFs are done)")


def job_description_printer(org: Organisation, templates: TemplateSet) -> JobDescriptionPrinter:
    """Per-role `html(role_id)`, `document(role_id)` and `pdf_bytes(role_id)` for reuse."""
    return JobDescriptionPrinter(org, templates)


def start(ctx: BuildContext) -> Started[JobDescriptions]:
    """Hand the job descriptions to the worker processes; the build makes the other outputs
    meanwhile and finishes these when it needs them."""
    pending = start_all(ctx.org, ctx.templates, ctx.out / FOLDER, ctx.pool, ctx.progress("jd"))

    def finish() -> JobDescriptions:
        rendered = pending.finish()
        return JobDescriptions(rendered.paths, rendered.pages,
                               {role_id: ctx.out / FOLDER / f"{role_id}.pdf" for role_id in rendered.pages},
                               rendered.docx)

    return Started(finish, early={JD_WORD: pending.word_files})


OUTPUT = Output("jd", (Step(JD, start, gives_early=(JD_WORD,)),), "jd/ROLE.pdf, jd/ROLE.docx")
