"""The files `jobdesc diff -o OUT` writes: OUT/changes.pdf (the redline report),
OUT/orgchart-changes.svg and .pdf (the chart after the change, changes marked) and
OUT/jd-changes/ROLE_ID.docx (each changed or added position's new job description with its
changes as Word tracked changes).

Everything is made in memory first and written only when all of it succeeded, each file
through a temporary name, so a failure leaves OUT as it was. Word files of an earlier run
for positions that no longer changed are removed: what is in jd-changes/ is this comparison.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..determinism import build_epoch
from ..environment import output_folder_problem, write_failed
from ..jd.docx_package import write_atomically
from ..format.organisation import Organisation
from ..templating import TemplateSet
from .chart import changes_chart
from .model import Changes
from .redline import redline_pdf
from .tracked import AUTHOR, change_date, tracked_documents

REDLINE = "changes.pdf"
JD_FOLDER = "jd-changes"
CHART_SVG, CHART_PDF = "orgchart-changes.svg", "orgchart-changes.pdf"


def write_outputs(changes: Changes, old: Organisation, new: Organisation, out: Path,
                  templates: TemplateSet, author: str = AUTHOR, committed: Optional[int] = None) -> list[Path]:
    """`author` and NEW's commit time (`committed`, for REV:PATH) date the tracked changes."""
    build_epoch()  # a SOURCE_DATE_EPOCH that is not a date stops before any work
    problem = output_folder_problem(out)
    if problem is not None:
        raise problem
    files: dict[Path, bytes] = {out / REDLINE: redline_pdf(changes, templates)}
    chart_svg, chart_pdf = changes_chart(old, new, changes, templates)
    files[out / CHART_SVG] = chart_svg.encode("utf-8")
    files[out / CHART_PDF] = chart_pdf
    for role_id, data in tracked_documents(changes, old, new, templates.find("jd.docx"), author,
                                           change_date(new, committed)).items():
        files[out / JD_FOLDER / f"{role_id}.docx"] = data
    written = []
    for path, data in files.items():
        try:
            written.append(write_atomically(data, path))
        except OSError as exc:
            raise write_failed(path, exc) from None
    stale = [p for p in (out / JD_FOLDER).glob("*.docx") if p not in files]
    for path in stale:
        path.unlink()
    return written
