"""Job description → HTML (Jinja2, the user's templates first) → PDF (WeasyPrint).

`JobDescriptionPrinter` holds one Jinja environment for many roles; each worker process
makes its own. The handbook reuses `html()` / `document()` / `pdf_bytes()` per role.
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..i18n import CJK_FONT
from ..format.organisation import Organisation
from ..pdf import render_document, write_pdf
from ..templating import TemplateSet, render_template
from .context import JobDescription, build_job_description
from .diagram import reporting_line_svg
from .labels import jd_labels

TEMPLATE = "jd.html"


def diagram_font(language: str) -> str:
    """The SVG font stack: the CJK face of the language first, Latin first for English."""
    return f"Noto Sans, {CJK_FONT[language]}" if language == "en" else f"{CJK_FONT[language]}, Noto Sans"


class JobDescriptionPrinter:
    """Renders the job descriptions of one organisation with one template set."""

    def __init__(self, org: Organisation, templates: TemplateSet):
        self.org = org
        self.templates = templates
        self.env = templates.environment()
        self.labels = jd_labels(org.language)
        self._contexts: dict[str, JobDescription] = {}

    def context(self, role_id: str) -> JobDescription:
        # Built once per role: the cache keys, the HTML and the Word file all need it.
        if role_id not in self._contexts:
            self._contexts[role_id] = build_job_description(self.org, role_id)
        return self._contexts[role_id]

    def html(self, role_id: str) -> str:
        jd = self.context(role_id)
        svg = reporting_line_svg(jd, self.labels["diagram_more"], diagram_font(jd.language))
        # Markup: the SVG is built by us with every text escaped, so the template need not |safe it.
        return render_template(self.env, TEMPLATE, jd=jd, labels=self.labels, diagram=Markup(svg))

    def document(self, role_id: str):
        """The laid-out WeasyPrint document (its pages can be merged into a handbook)."""
        # Relative URLs in a user's template (a logo) resolve in the user's template folder.
        return render_document(self.html(role_id), self.templates.folders[0], self.templates.folders, TEMPLATE,
                               shared_style=True)

    def write_pdf(self, role_id: str, path: Path) -> Path:
        return write_pdf(self.document(role_id), path)

    def pdf_bytes(self, role_id: str) -> bytes:
        return self.document(role_id).write_pdf()
