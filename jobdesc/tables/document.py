"""HTML tables to PDF: render a (user-overridable) template and lay it out with WeasyPrint."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ..i18n import CJK_FONT, HTML_LANG
from ..pdf import LaidOut, lay_out_later, write_bytes
from ..templating import TemplateSet, render_template


def lay_out_table(templates: TemplateSet, template: str, language: str, pool=None,
                  **context: Any) -> Callable[[], LaidOut]:
    """Render `template` with `context` (plus lang/font) and start laying it out (in the
    build's worker pool when given); the returned function waits for the pages.

    Stylesheets are pulled in with {% include %}, so a user's template folder can override
    tables.css too, and WeasyPrint never needs to load a file by URL.
    """
    html = render_template(templates.environment(), template, lang=HTML_LANG[language],
                           cjk_font=CJK_FONT[language], **context)
    return lay_out_later(html, templates.folders[0], templates.folders, pool, template)


def write_table_pdf(templates: TemplateSet, template: str, path: Path, language: str, pool=None,
                    **context: Any) -> Callable[[], Path]:
    """`lay_out_table`, then the returned function writes the PDF at `path`."""
    laid_out = lay_out_table(templates, template, language, pool, **context)
    return lambda: write_bytes(laid_out().pdf, path)
