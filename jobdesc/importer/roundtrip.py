"""`jobdesc import EDITED.docx --into DIR`: bring edits made in Word back into a role's YAML.

The Word file names its role and carries a fingerprint of what it showed (custom properties,
jd/docx_properties.py). The job description is rendered again from DIR; when its fingerprint
matches, that rendering is what HR started from, and both it and the edited file are read by
the same reader (word_jd.py), so only what HR changed differs. Each changed section is carried
into the role's file with ruamel.yaml's round trip: comments, key order, quoting and untouched
text stay as they were. Edits with no place in the role file (RACI cells, a new section, the
manager's name) are reported, not guessed. The file is written only when the directory still
passes `check` with it; a unified diff of the file is printed.

The edited file is read as Word shows it (wordml.py): tracked changes accepted (or, with
--reject-changes, the document as it was before them), and the report says whose changes of
which day were taken. Word comments are listed with the text they are anchored to and the
role file's line that holds it (--comments-as-todo writes them there as `# TODO` comments).
After writing, the role is printed again and compared with the edited document field by
field (roundtrip_check.py): a difference nobody was told about restores the file (exit 2).
When the fingerprint does not match (another editor's file came back first), the role file the
Word file was built from (jd/docx_base.py) is rendered as the base of a three-way merge
(roundtrip_merge.py); a conflict is refused with both sides shown.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from . import roundtrip_comments as comments
from . import roundtrip_fields as fields
from .roundtrip_check import verify
from .roundtrip_sections import carry
from .word_jd import read_word_job_description
from .wordml_parts import revision_summary
from .yamlrt import dump, load, read_lf, restore, write_checked


@dataclass
class RoundTripReport:
    role_id: str
    path: Path
    changes: fields.Changes
    diff: str
    revisions: list[str] = field(default_factory=list)  # "3 tracked changes by HR 王 accepted (2026-03-01)"
    comments: list[str] = field(default_factory=list)

    def format(self) -> str:
        lines = [f"{self.path}: {len(self.changes.done)} change(s) from the Word file"
                 if self.changes.done else f"{self.path}: no change to carry over"]
        lines += [f"  {line}" for line in self.revisions]
        lines += [f"  {change}" for change in self.changes.done]
        if self.changes.unmapped:
            lines.append("not carried over (no place for it in the role's file; edit by hand):")
            lines += [f"  {what}" for what in self.changes.unmapped]
        if self.comments:
            lines.append("comments in the Word file:")
            lines += [f"  {comment}" for comment in self.comments]
        if self.diff:
            lines.append(self.diff.rstrip("\n"))
        return "\n".join(lines)


def import_word_edits(source: Path, data: bytes, properties: dict[str, str], into: Path, *,
                      reject_changes: bool = False, comments_as_todo: bool = False) -> RoundTripReport:
    from ..jd.context import build_job_description
    from ..jd.docx_properties import fingerprint
    from ..format.loader import load_organisation

    org, _ = load_organisation(into)
    role_id = properties.get("role", "")
    if role_id not in org.roles:
        raise UserError.at(source, 1, 1, "import-roundtrip",
                           f"{source.name} is the job description of role '{role_id}', which {into} does not have")
    if properties.get("language") != org.language:
        raise UserError.at(source, 1, 1, "import-roundtrip",
                           f"{source.name} is the {properties.get('language')} edition; edits come back only from "
                           f"the {org.language} edition (the language {into} is written in)")
    context = build_job_description(org, role_id)
    original = _render(org, into, role_id)
    language = org.language
    before = read_word_job_description(original, language)
    after = read_word_job_description(data, language, source, reject=reject_changes)
    path = _role_path(org, role_id)
    if fingerprint(context) != properties.get("fingerprint"):
        if before == after:  # the same file imported a second time: its edits are in already
            return RoundTripReport(role_id, path, fields.Changes(), "")
        after = _merged(source, data, into, role_id, path, before, after)
    text = read_lf(path)
    yaml, document = load(text)
    changes = fields.Changes()
    carry(before, after, document, org, language, changes)
    new_text = dump(yaml, document) if changes.done else text
    notes = comments.located(after.text.comments, new_text)
    if comments_as_todo and notes:
        new_text = comments.as_todo(new_text, notes)
    diff = "".join(difflib.unified_diff(text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                        str(path), str(path)))
    written = write_checked(path, text, new_text, into) if new_text != text else {}
    try:
        verify(into, role_id, after, changes.refused, _render, read_word_job_description)
    except BaseException:
        restore(written)
        raise
    return RoundTripReport(role_id, path, changes, diff, revision_summary(after.text.revisions, reject_changes),
                           [comments.describe(note, path) for note in notes])


def _merged(source: Path, data: bytes, into: Path, role_id: str, path: Path, before, after):
    """The edited file's changes to the base it carries, merged with what `into` says now
    (roundtrip_merge.py); a conflict, or a file without a base, is refused (nothing written)."""
    from ..jd.docx_base import read_base
    from ..jd.labels import jd_labels
    from ..format.loader import load_organisation
    from ..userfiles import confined
    from .roundtrip_merge import merge
    from .yamlrt import overlaid

    changed = (f"{into} has changed since {source.name} was made (its job description of '{role_id}' would no "
               "longer read the same)")
    base = read_base(data)
    if base is None or base[0] != role_id:
        raise UserError.at(source, 1, 1, "import-roundtrip",
                           f"{changed}, and the file carries no base to merge with (made by an older jobdesc, or "
                           "saved by a program that dropped it): build again, make the edits in the new Word file "
                           "and import that")
    try:
        base_org, _ = load_organisation(into, overlaid({Path(confined(path, into)): base[1]}))
    except UserError:
        raise UserError.at(source, 1, 1, "import-roundtrip",
                           f"{changed}, and the role file it was made from no longer loads with the rest of "
                           f"{into}: build again and make the edits in the new Word file") from None
    base_view = read_word_job_description(_render(base_org, into, role_id), base_org.language)
    merged, conflicts = merge(base_view, before, after, jd_labels(base_org.language), str(into))
    if conflicts:
        raise UserError([UserError.at(source, 1, 1, "import-conflict", f"{conflict}; nothing was written: "
                                      "settle it in one of the two places, then import again").diagnostics[0]
                         for conflict in conflicts])
    merged.text = after.text
    return merged


def _render(org, into: Path, role_id: str) -> bytes:
    from ..jd.workers import JobDescriptionMaker
    from ..templating import TemplateSet

    return JobDescriptionMaker(org, TemplateSet.for_organisation(into).folders).docx(role_id)


def _role_path(org, role_id: str) -> Path:
    index = list(org.roles).index(role_id)
    return Path(org.sources[1 + index].path)
