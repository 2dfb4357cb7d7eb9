"""Which template folders a build uses: the user's (templates/ beside the organisation, or
--templates) in front of the built-in ones, and the folders refused as template folders.

Apart from templating.py so that `check` on an organisation without templates of its own
does not import Jinja2 (~0.05 s, a twentieth of its time at 2,000 positions).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from . import userfiles
from .errors import UserError

_PACKAGED = Path(__file__).parent / "_templates"  # where a wheel puts templates/
BUILTIN_TEMPLATES = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).parent.parent / "templates"


@dataclass(frozen=True)
class TemplateFolders:
    """The template folders in lookup order: the user's first, the built-in ones last.
    (templating.TemplateSet adds the Jinja2 environment that renders from them.)"""

    folders: tuple[Path, ...]

    @classmethod
    def for_organisation(cls, org_root: Path, override: Optional[Path] = None):
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
