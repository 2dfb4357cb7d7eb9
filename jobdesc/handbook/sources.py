"""What the handbook takes from the other outputs, typed.

The handbook reuses their work instead of redoing it: the job descriptions' Word files
and laid-out pages, the org chart's sheets, the staffing and RACI tables. These
dataclasses say exactly which pieces; jobdesc/outputs/handbook.py fills them in from the
products the graph hands it, so nothing here imports an output.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence

from ..format.approval_tiers import ApprovalTier
from ..format.organisation import HeadcountTotals
from ..pdf import LaidOut
from ..tables.raci_matrix import Analysis, RaciMatrix
from ..tables.staffing_rows import StaffingRow


@dataclass(frozen=True)
class ChartSheets:
    paper: str
    drawings: Sequence[str]  # each printed sheet's SVG, as orgchart.pdf prints it


@dataclass(frozen=True)
class StaffingSource:
    rows: Sequence[StaffingRow]
    total: HeadcountTotals
    labels: Mapping[str, str]
    totals: str  # the grand total as printed, with its notes


@dataclass(frozen=True)
class RaciSource:
    matrix: RaciMatrix
    analysis: Analysis
    labels: Mapping[str, str]


@dataclass(frozen=True)
class AuthoritySource:
    tiers: Sequence[ApprovalTier]
    titles: Mapping[str, str]  # approver id → printed title
    labels: Mapping[str, str]


@dataclass(frozen=True)
class WordSources:
    """What handbook.docx is made from besides the organisation."""

    jd_docx: Mapping[str, Any]  # role id → its job description's .docx (a path, or the bytes)
    chart: Optional[ChartSheets]
    staffing: StaffingSource
    raci: Optional[RaciSource]  # None without processes/
    authority: Optional[AuthoritySource] = None  # None without approval tiers
    signoff: Optional[Any] = None  # docx_signoff.SignoffSource: the sign-off appendix (None: no sign-off)


@dataclass(frozen=True)
class PdfSources:
    """What handbook.pdf is made from besides the organisation."""

    jd_pages: Mapping[str, tuple[Any, Sequence[int]]]  # role id → (PDF holding its pages, their indexes)
    orgchart_pdf: Optional[Path]
    staffing_pdf: Optional[Path]
    raci_pdf: Optional[Path | bytes]  # raci.py's pages for the handbook
    departments: Callable[[], LaidOut]  # the department pages, started early (see pdf_handbook.py)
    authority_pdf: Optional[Path] = None  # None without approval tiers
    levels_pdf: Optional[Path] = None  # levels.pdf; None without ladders or families (section 13)
    stats_pdf: Optional[bytes] = None  # the structure analysis, an appendix (with levels.pdf only)
    rules: Callable[[], Optional[LaidOut]] = lambda: None  # the meetings and chapters (None: neither)
    signoff: Callable[[], Optional[LaidOut]] = lambda: None  # the sign-off appendix page (None: no sign-off)
    # The chart's "continued on page N" marks name handbook pages: they assume its first sheet
    # is page `orgchart_first_page`; `orgchart_for_page(N)` draws it for a first page N
    # (None: a one-sheet chart, no marks).
    orgchart_first_page: int = 0
    orgchart_for_page: Optional[Callable[[int], Path]] = None
