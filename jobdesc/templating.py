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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from . import userfiles
from .errors import UserError, error
from .template_limits import TemplateLimit
from .template_sandbox import LimitedSandbox
from .template_watch import render_limited

_PACKAGED = Path(__file__).parent / "_templates"  # where a wheel puts templates/
BUILTIN_TEMPLATES = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).parent.parent / "templates"


@dataclass(frozen=True)
class TemplateSet:
    """The template folders in lookup order: the user's first, the built-in ones last."""

    folders: tuple[Path, ...]

    @classmethod
    def for_organisation(cls, org_root: Path, override: Optional[Path] = None) -> "TemplateSet":
        user = override if override is not None else org_root.resolve().parent / "templates"
        folders = [user.resolve()] if user.is_dir() and user.resolve() != BUILTIN_TEMPLATES.resolve() else []
        for folder in folders:
            _refuse_unsafe_folder(user, folder, org_root)
        return cls(tuple(folders) + (BUILTIN_TEMPLATES.resolve(),))

    def find(self, name: str) -> Path:
        """The file a template name resolves to (for non-Jinja assets such as the .docx template)."""
        for folder in self.folders:
            candidate = folder / name
            if os.path.lexists(candidate):  # a dangling or hostile link is refused, not skipped
                return userfiles.check_file(candidate, userfiles.MAX_TEMPLATE_BYTES, root=folder, hidden=False)
        raise UserError.at(self.folders[0] / name, 1, 1, "missing-template", f"template '{name}' not found")

    def environment(self) -> SandboxedEnvironment:
        return _environment(self.folders)


def _home() -> Optional[Path]:
    try:
        return Path(os.path.realpath(Path.home()))
    except (RuntimeError, KeyError):  # no HOME and no password entry (a bare container)
        return None


def _refuse_unsafe_folder(given: Path, real: Path, org_root: Path) -> None:
    """A template folder can read (include, extends, <img>) every file below it, so it must
    not be a folder holding secrets: `templates -> .` made the repository root the template
    folder, and `{% include '.git/config' %}` printed the CI token into a PDF. Hidden files
    are refused one by one (userfiles); a folder that holds the organisation, a .git, or the
    home folder is refused whole."""
    real_org = Path(os.path.realpath(org_root))
    # Hidden folders count from where the template folder and the organisation part ways, so a
    # checkout that itself lies below a hidden folder (~/.cache/…/repo) is still fine.
    apart = real.relative_to(os.path.commonpath([real, real_org]))
    if real_org.is_relative_to(real):
        reason = f"it contains the organisation folder '{org_root}'"
    elif os.path.lexists(real / ".git"):
        reason = "it is the root of a git repository (it holds .git)"
    elif userfiles.hidden_part(apart) is not None:  # --templates .git: 'config' is then no hidden name
        reason = f"it is inside the hidden folder '{userfiles.hidden_part(apart)}'"
    elif _home() is not None and _home().is_relative_to(real):
        reason = "it is (or contains) the home folder"
    else:
        return
    shown = f"'{given}'" + (f" (a link to '{real}')" if Path(os.path.abspath(given)) != real else "")
    raise UserError.at(given, 1, 1, "unsafe-template-folder",
                       f"the template folder {shown} is refused: {reason}; keep templates in a folder "
                       "of their own, such as templates/ beside the organisation folder")


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
