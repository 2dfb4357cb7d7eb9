"""OUT/jd-changes/ROLE_ID.docx: a position's new job description with the changes as Word
tracked changes (w:ins / w:del), to accept or reject one by one in Word, WPS or LibreOffice.

It is the job description `jobdesc build` writes (jd/ROLE_ID.docx: the same writer, template,
header table, numbered duties, tables and fonts), with what changed since the older version
tracked: both versions are written by that writer and their bodies merged
(tracked_blocks.py). Accepting every change gives the newer build's Word file, rejecting
every change the older one's; a position added since is inserted whole.

Every change carries one author ("jobdesc diff", or --author) and one date: the commit date
of NEW when it is REV:PATH, else the `effective` date of NEW's handbook, else
SOURCE_DATE_EPOCH, so the same versions give the same bytes.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from ..determinism import build_datetime, effective_epoch
from ..format.organisation import Organisation
from ..jd.context import build_job_description
from ..jd.docx_template import SECT_PR
from ..jd.docx_writer import WordJobDescription
from ..jd.labels import jd_labels
from .model import PositionChange
from .tracked_blocks import TrackedBody
from .tracked_runs import Mark, number_marks

AUTHOR = "jobdesc diff"


def change_date(new: Organisation, committed: Optional[int] = None) -> datetime:
    """When the changes were made: NEW's commit, else its handbook's effective date, else
    SOURCE_DATE_EPOCH (the build's date)."""
    epoch = committed if committed is not None else effective_epoch(new)
    return datetime.fromtimestamp(epoch, tz=timezone.utc) if epoch is not None else build_datetime()


class TrackedJobDescriptions:
    """Writes the tracked-change job descriptions of one comparison."""

    def __init__(self, old: Organisation, new: Organisation, template: Path, author: str = AUTHOR,
                 date: Optional[datetime] = None):
        self.old, self.new = old, new
        self.template_path = template
        self.template = template.read_bytes()
        self.mark = Mark(author, (date or change_date(new)).strftime("%Y-%m-%dT%H:%M:%SZ"))

    def _filled(self, organisation: Organisation, role_id: str):
        writer = WordJobDescription(self.template, jd_labels(organisation.language), self.template_path)
        jd = build_job_description(organisation, role_id)
        writer.fill(jd)
        return writer, jd

    def document(self, change: PositionChange) -> bytes:
        """The newer job description of one position with its changes tracked."""
        writer, jd = self._filled(self.new, change.id)
        body = writer.body
        new_blocks = [child for child in body if child.tag != SECT_PR]
        old_id = change.old_id or change.id
        old_blocks = []
        if change.kind != "added" and old_id in self.old.roles:
            old_writer, _ = self._filled(self.old, old_id)
            old_blocks = [child for child in old_writer.body if child.tag != SECT_PR]
        merged = TrackedBody(self.mark).blocks(old_blocks, new_blocks)
        end = body.find(SECT_PR)
        for block in new_blocks:
            body.remove(block)
        for block in merged:
            if end is not None:
                end.addprevious(block)
            else:
                body.append(block)
        number_marks(body)
        return writer.save(jd)


def tracked_documents(changes, old: Organisation, new: Organisation, template: Path, author: str = AUTHOR,
                      date: Optional[datetime] = None) -> dict[str, bytes]:
    """ROLE_ID → .docx bytes for every position of the newer version that changed or was added."""
    writer = TrackedJobDescriptions(old, new, template, author, date)
    return {change.id: writer.document(change) for change in changes.positions if change.kind != "removed"}
