"""Sign-off (岗位说明书签收, FORMAT.md section 12): who has signed which version of which job description.

    version.py   a role's version: the fingerprint of what its job description says about the job
    history.py   an old version found in the directory's git history (what changed since)
    status.py    every named incumbent: signed the current version, an older one, never
    ledger.py    `jobdesc signoff record`: an entry appended to signoffs.yaml, comments kept
    report.py    `jobdesc signoff status`: text, json, github
The personal copies and signoff.xlsx are the build's `signoff` output (outputs/signoff.py).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import Diagnostic, UserError, error
from ..format.organisation import Organisation
from ..format.signoff_ledger import load_ledger
from ..format.signoff_models import has_ledger, signoff_in_use
from .status import SignoffStatus, signoff_status

__all__ = ["SignoffStatus", "check_signoffs"]


def check_signoffs(directory: Path, org: Organisation) -> SignoffStatus:
    """The sign-off status of `org` (loaded from `directory`); UserError with every ledger error
    (and the warnings beside them). An organisation without sign-off gets an empty status at once."""
    if not signoff_in_use(org):
        return SignoffStatus([], {})
    status = signoff_status(org, load_ledger(directory), has_ledger(directory))
    status.diagnostics = sorted(status.diagnostics + _unprintable_names(org))
    if any(d.severity == "error" for d in status.diagnostics):
        raise UserError(status.diagnostics)
    return status


def _unprintable_names(org: Organisation) -> list[Diagnostic]:
    """A name the personal copies' fonts cannot print (they stamp it in Noto Sans CJK or Noto
    Sans, where the job description itself may have found another installed face)."""
    from ..pdf.personal import faces_for, missing_characters

    if not faces_for(org.language):  # no font at all: the font gate says what to install, once
        return []
    problems = []
    for index, role in enumerate(org.roles.values()):
        for position, person in enumerate(role.incumbents or ()):
            missing = missing_characters(person.name, org.language)
            if missing:
                source = org.sources[1 + index]
                at = source.mark_of(("incumbents", position))
                problems.append(error(source.path, at.line, at.column, "signoff-unprintable-name",
                                      f"the personal copy cannot print {missing!r} of '{person.name}' "
                                      "(no Noto Sans CJK or Noto Sans glyph)"))
    return problems
