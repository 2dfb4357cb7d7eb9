"""`jobdesc diff OLD NEW`: what changed between two versions of an organisation (FORMAT.md section 6).

    revisions.py  OLD / NEW as folders (a folder, or REV:PATH read from git)
    model.py      the change model, computed from two validated organisations
    fields.py, items.py, raci.py, text.py   the pieces it is made of (text.py: word diffs)
    formats.py    text / markdown / github / json
"""
from __future__ import annotations

import dataclasses

import click

from pathlib import Path

from ..errors import Diagnostic, UserError
from ..format.collector import collector_paused
from ..format.loader import load_organisation
from ..format.organisation import Organisation
from ..format.yaml_reader import SourceFile, YValue, load_yaml
from .documents import document_changes
from .model import Changes, compare
from .revisions import Version, opened

__all__ = ["Changes", "Comparison", "compare", "compare_versions", "diff_versions"]


class SharedParses:
    """Parses each file content once for both versions: in a pull request most files are the
    same in OLD and NEW, and parsing is most of the time a load takes (YAML with marks).
    The parsed data carries lines and columns but no path, so it is valid in either version."""

    def __init__(self) -> None:
        self._parsed: dict[str, YValue] = {}

    def __call__(self, path: Path, text: str) -> SourceFile:
        if text in self._parsed:
            return SourceFile(path, self._parsed[text])
        source = load_yaml(path, text)
        self._parsed[text] = source.data
        return source


def _load(version: Version, which: str, read: SharedParses) -> tuple[Organisation | None, list[Diagnostic]]:
    """The organisation, or None and its errors shown where the user finds them."""
    try:
        organisation, _warnings = load_organisation(version.root, read)
        return organisation, []
    except UserError as exc:
        click.echo(f"jobdesc diff: {which} ({version.label}) is not a valid organisation:", err=True)
        return None, [dataclasses.replace(d, file=version.display(d.file), message=version.display_message(d.message))
                      for d in exc.diagnostics]


@dataclasses.dataclass(frozen=True)
class Comparison:
    changes: Changes
    old: Organisation
    new: Organisation
    new_folder: Path | None  # NEW as a folder of the user's (None for REV:PATH): its templates/ apply
    new_committed: int | None = None  # NEW's commit time when it is REV:PATH


def compare_versions(old_spec: str, new_spec: str) -> Comparison:
    """Load both versions (each may be REV:PATH) and compare them.

    Raises UserError with the errors of whichever version is invalid (both, if both are),
    located in that version's files; RevisionProblem when a version names nothing.
    """
    with opened(old_spec) as old_version, opened(new_spec) as new_version, collector_paused():
        read = SharedParses()
        old, old_errors = _load(old_version, "OLD", read)
        new, new_errors = _load(new_version, "NEW", read)
        if old is None or new is None:
            raise UserError(old_errors + new_errors)
        changes = compare(old, new, old_version.label, new_version.label)
        changes = dataclasses.replace(changes, documents=document_changes(old_version.root, new_version.root))
        return Comparison(changes, old, new, None if new_version.shown_as else new_version.root,
                          new_version.committed)


def diff_versions(old_spec: str, new_spec: str) -> Changes:
    return compare_versions(old_spec, new_spec).changes
