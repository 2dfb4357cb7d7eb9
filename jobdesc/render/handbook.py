"""handbook.pdf and handbook.docx: the whole 岗位说明书汇编 in one file each."""
from __future__ import annotations

from pathlib import Path

from ..build import BuildContext
from ..handbook.docx_handbook import render_handbook_docx
from ..handbook.frontmatter import render_departments
from ..handbook.pdf_handbook import start_handbook_pdf
from ..pool import release_memory


def prepare(ctx: BuildContext) -> None:
    """While the job descriptions are still being laid out: the department pages need
    nothing from them, so lay them out now (the result waits in the build cache)."""
    render_departments(ctx)


def render(ctx: BuildContext) -> list[Path]:
    finish_pdf = start_handbook_pdf(ctx)  # contents and index are laid out by the workers...
    docx = render_handbook_docx(ctx)  # ...while this process writes the Word handbook
    release_memory()  # before the PDF merge, this process's other big step
    return [finish_pdf(), docx]
