"""What `build` checks before it lays anything out, in one place, so `check` runs it too.

`check` is the gate on a pull request: if it says "ok" and the print run then refuses the
same directory, the gate lied. So every refusal that does not need a layout lives here and
both commands call `check_buildable`:

* every character can be printed and stored (textcheck: a glyph in the fonts, no control
  characters Word cannot store);
* the user's templates (a `templates/` folder beside the organisation, or `--templates`)
  compile, the job-description template renders with the organisation's data into a
  document of a shape the layout accepts (pdf/layout_limits.py), and a Word template is a
  readable .docx.

What only a layout can find (a template that fails on one particular role's data outside
the job description) is still reported by `build`, with its template and line.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

from . import userfiles
from .errors import Diagnostic, UserError, error
from .format.collector import collector_paused
from .format.organisation import Organisation
from .template_folders import BUILTIN_TEMPLATES, TemplateFolders
from .textcheck import check_printable

if TYPE_CHECKING:
    from .templating import TemplateSet

# Files Jinja renders; anything else in a template folder (.docx, pictures) is an asset.
JINJA_SUFFIXES = (".html", ".css", ".j2", ".xml", ".svg", ".txt")


def check_buildable(org: Organisation, templates_override: Optional[Path] = None) -> "TemplateSet":
    """Raise a UserError for anything `build` would refuse before layout; returns the
    template set the build will use."""
    from .templating import TemplateSet

    return TemplateSet(check_inputs(org, templates_override).folders)


def check_inputs(org: Organisation, templates_override: Optional[Path] = None) -> TemplateFolders:
    """What `check_buildable` checks (`check` calls this: without templates of the user's own,
    nothing here needs Jinja2); returns the template folders."""
    with collector_paused():  # the glyph check walks every loaded tree: no garbage, no cycles
        check_printable(org.sources, org.language, tuple((c.path, c.source) for c in org.chapters))
    templates = TemplateFolders.for_organisation(org.root, templates_override)
    user_folders = [f for f in templates.folders if f != BUILTIN_TEMPLATES.resolve()]
    if user_folders:
        _check_user_templates(org, templates, user_folders)
    return templates


def _check_user_templates(org: Organisation, templates: TemplateFolders, folders: list[Path]) -> None:
    import jinja2

    from .templating import TemplateSet

    env = TemplateSet(templates.folders).environment()
    problems: list[Diagnostic] = []
    for folder in folders:
        for path in sorted(userfiles.walk_files(folder)):  # hidden files are no templates: never loaded
            if path.suffix in JINJA_SUFFIXES:
                name = path.relative_to(folder).as_posix()
                try:
                    env.get_template(name)
                except jinja2.TemplateSyntaxError as exc:
                    problems.append(error(exc.filename or path, exc.lineno or 1, 1, "template-syntax",
                                          f"template syntax error: {exc.message}"))
                except UserError as exc:  # a file the template loader refuses to read
                    problems.extend(exc.diagnostics)
    if problems:
        raise UserError(problems)
    # What the build does with the user's templates before any layout: the job description of
    # every role rendered to HTML (a template may fail on one role's data only), and the Word
    # template opened.
    from .jd.html import TEMPLATE
    from .jd.workers import DOCX_TEMPLATE, JobDescriptionMaker
    from .pdf.layout_limits import check_html

    if org.roles:
        maker = JobDescriptionMaker(org, templates.folders)
        maker.check_templates(next(iter(org.roles)))
        user_templates = len(templates.folders) > 1  # the built-in ones' shape is known (layout_limits.py)
        for role_id in org.roles:
            try:
                html = maker.printer.html(role_id)
                if user_templates:
                    check_html(html, TEMPLATE, templates.folders)
            except UserError as exc:
                problems.extend(d for d in exc.diagnostics if d not in problems)
        if problems:
            raise UserError(problems)
    else:
        from .jd.docx_template import open_template

        docx = templates.find(DOCX_TEMPLATE)
        open_template(docx.read_bytes(), docx)
