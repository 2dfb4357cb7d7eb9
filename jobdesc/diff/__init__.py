"""`jobdesc diff OLD NEW`: what changed between two versions of an organisation (FORMAT.md section 6).

    revisions.py  OLD / NEW as folders (a folder, or REV:PATH read from git)
    model.py      the change model, computed from two validated organisations
    fields.py, items.py, raci.py, text.py   the pieces it is made of (text.py: word diffs)
    formats.py    text / markdown / github / json
"""
from __future__ import annotations

import dataclasses

import click

from ..errors import Diagnostic, UserError
from ..loader import load_organisation
from ..organisation import Organisation
from .model import Changes, compare
from .revisions import Version, opened

__all__ = ["Changes", "compare", "diff_versions"]


def _load(version: Version, which: str) -> tuple[Organisation | None, list[Diagnostic]]:
    """The organisation, or None and its errors shown where the user finds them."""
    try:
        organisation, _warnings = load_organisation(version.root)
        return organisation, []
    except UserError as exc:
        click.echo(f"jobdesc diff: {which} ({version.label}) is not a valid organisation:", err=True)
        return None, [dataclasses.replace(d, file=version.display(d.file)) for d in exc.diagnostics]


def diff_versions(old_spec: str, new_spec: str) -> Changes:
    """Load both versions (each may be REV:PATH) and compare them.

    Raises UserError with the errors of whichever version is invalid (both, if both are),
    located in that version's files; RevisionProblem when a version names nothing.
    """
    with opened(old_spec) as old_version, opened(new_spec) as new_version:
        old, old_errors = _load(old_version, "OLD")
        new, new_errors = _load(new_version, "NEW")
        if old is None or new is None:
            raise UserError(old_errors + new_errors)
        return compare(old, new, old_version.label, new_version.label)
