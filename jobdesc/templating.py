"""Jinja2 templates: the built-in ones, and the user's overrides in front of them.

Templates are untrusted (users copy and edit them): they run in Jinja2's sandbox with
autoescaping and StrictUndefined, so a typo is an error naming template and line,
and a template cannot reach Python internals. A user template can extend a built-in
one instead of copying it whole: `{% extends "builtin/jd.html" %}`.
"""
from __future__ import annotations

import functools
import os
import posixpath
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from . import userfiles
from .errors import UserError, error
from .template_folders import BUILTIN_TEMPLATES, TemplateFolders
from .template_limits import TemplateLimit
from .template_sandbox import LimitedSandbox
from .template_watch import render_limited


class TemplateSet(TemplateFolders):
    """Template folders (template_folders.py) and the sandboxed environment rendering from them."""

    def environment(self) -> SandboxedEnvironment:
        return _environment(self.folders)


class ConfinedLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, reading through `userfiles`: a template (or an include, an
    extends, an import) reached through a symlink that leaves its folder is refused, as is
    a FIFO or device, or a file over the template size limit.

    Jinja's own loader refuses `..` in names but follows symlinks: `ln -s /etc/shadow
    templates/notes.txt` and `{% include "notes.txt" %}` printed the file into a PDF."""

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)
        for searchpath in self.searchpath:
            filename = posixpath.join(searchpath, *pieces)
            if os.path.lexists(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        data = userfiles.read_bytes(Path(filename), userfiles.MAX_TEMPLATE_BYTES, root=Path(searchpath), hidden=False)
        try:
            contents = data.decode(self.encoding)
        except UnicodeDecodeError:
            raise UserError.at(filename, 1, 1, "not-utf8", "template is not UTF-8 text; re-save it as UTF-8") from None
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return contents, os.path.normpath(filename), uptodate


def css_string(value: str) -> Markup:
    """A quoted CSS string: every character outside printable ASCII letters/digits/space escaped."""
    escaped = "".join(c if (c.isalnum() and c.isascii()) or c == " " else f"\\{ord(c):x} " for c in str(value))
    return Markup(f'"{escaped}"')


@functools.lru_cache(maxsize=8)
def _environment(folders: tuple[Path, ...]) -> SandboxedEnvironment:
    """One environment per template folders and process: an environment compiles each
    template once and keeps it (reloading it if its file changes), and a build renders
    the same templates dozens of times."""
    loader = jinja2.ChoiceLoader([
        ConfinedLoader([str(f) for f in folders]),
        jinja2.PrefixLoader({"builtin": ConfinedLoader(str(BUILTIN_TEMPLATES))}),
    ])
    # css_string is here, not added by the job description printer: `check` compiles a copied
    # jd.html before any printer exists (it failed with "No filter named 'css_string'").
    return LimitedSandbox(
        extra_filters={"css_string": css_string},
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _template_frame(tb) -> tuple[str, int] | None:
    """The innermost template file and line in a traceback (Jinja2 rewrites frames to them)."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css", ".j2", ".xml", ".svg", ".txt")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template; template mistakes become a UserError naming template and line."""
    try:
        return render_limited(env.get_template(name), context)
    except (TemplateLimit, RecursionError, MemoryError, OverflowError) as exc:
        where = getattr(exc, "where", None) or _template_frame(exc.__traceback__) or (name, 1)
        message = str(exc) if isinstance(exc, TemplateLimit) else {
            RecursionError: "macros or includes call themselves too deep",
            MemoryError: "the template needs more memory than there is",
            OverflowError: "a number in the template is too large"}[type(exc)]
        raise UserError.at(where[0], where[1], 1, "template-limit", f"template stopped: {message}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise UserError.at(exc.filename or name, exc.lineno or 1, 1, "template-syntax",
                           f"template syntax error: {exc.message}") from None
    except UserError as exc:  # a file the loader refused, named by an include, extends or import
        where = _template_frame(exc.__traceback__)
        if where is None:
            raise
        raise UserError([error(where[0], where[1], 1, d.code, f"{d.display_path()}: {d.message}")
                         for d in exc.diagnostics]) from None
    except jinja2.TemplateNotFound as exc:
        raise UserError.at(name, 1, 1, "missing-template", f"template '{exc.name}' not found") from None
    except jinja2.exceptions.SecurityError as exc:
        where = _template_frame(exc.__traceback__) or (name, 1)
        raise UserError.at(where[0], where[1], 1, "template-unsafe", f"template does something unsafe: {exc}") from None
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError) as exc:
        where = _template_frame(exc.__traceback__)
        if where is None:
            raise
        raise UserError.at(where[0], where[1], 1, "template-error", f"template error: {exc}") from None
