"""HTML tables to PDF: render a (user-overridable) template and lay it out with WeasyPrint."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..i18n import CJK_FONT, HTML_LANG
from ..pdf import html_to_pdf
from ..templating import TemplateSet, render_template


def write_table_pdf(templates: TemplateSet, template: str, path: Path, language: str, **context: Any) -> Path:
    """Render `template` with `context` (plus lang/font) to a PDF at `path`.

    Stylesheets are pulled in with {% include %}, so a user's template folder can override
    tables.css too, and WeasyPrint never needs to load a file by URL.
    """
    html = render_template(templates.environment(), template, lang=HTML_LANG[language],
                           cjk_font=CJK_FONT[language], **context)
    return html_to_pdf(html, path, templates.folders[0], templates.folders)
