"""The RACI matrix as the CSV, the workbook and the PDF all show it, plus its analysis.

One view model feeds all three outputs, and it takes its columns from
`Organisation.raci_columns()` and its letters from `organisation.raci_letter` — the same
function behind `Organisation.involvements()`, which the job descriptions list — so the
matrix and each job description always agree.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import RACI_LETTERS_EN as LETTER_LABELS_EN
from ..i18n import RACI_LETTERS_ZH as LETTER_LABELS_ZH
from ..i18n import labels_for
from ..format.organisation import Organisation, raci_letter
from ..format.organisation import PositionRef as Column

LETTERS = ("R", "A", "A/R", "C", "I")

# Cell colours (fill, text): shared by the PDF's CSS and the workbook's fills.
LETTER_COLOURS = {
    "R": ("#CDE8D2", "#1E5631"),
    "A": ("#F5C6C0", "#8A1C12"),
    "A/R": ("#F2B98C", "#6B2E00"),
    "C": ("#FBE7A6", "#6B5200"),
    "I": ("#D4E3F3", "#1F4E79"),
}
TIER_MARK = "*"  # beside the A of an activity with approval tiers; the legend points to authority.pdf
# A CSS class per letter ("A/R" cannot be a class name).
LETTER_CLASS = {"R": "r", "A": "a", "A/R": "ar", "C": "c", "I": "i"}



@dataclass(frozen=True)
class ColumnGroup:
    """Consecutive columns printed under one department (or 'external') header."""

    name: str
    columns: tuple[Column, ...]
    external: bool = False
    continued: bool = False  # the group started on an earlier page


@dataclass(frozen=True)
class ActivityRow:
    process_id: str
    process_name: str
    activity: str
    letters: tuple[str, ...]  # one per column, '' where the position is not involved
    tiered: bool = False  # A has tiers, signatures or escalation (`chained`): each step is in authority.pdf

    @property
    def marked_activity(self) -> str:
        """The activity as printed beside letters that cannot carry a mark (the workbook's cells)."""
        return f"{self.activity} {TIER_MARK}" if self.tiered else self.activity


@dataclass(frozen=True)
class PositionCount:
    column: Column
    group: str
    r: int  # R or A/R
    a: int  # A or A/R
    c: int
    i: int


@dataclass(frozen=True)
class Analysis:
    counts: tuple[PositionCount, ...]
    idle: tuple[Column, ...]  # roles in no process
    unowned: tuple[tuple[str, str, tuple[str, ...]], ...]  # (process id, name, titles holding an A)

    def unowned_lines(self, labels: dict[str, str], letter_labels: dict[str, str]) -> list[str]:
        """One printed line per unowned process, e.g. 资料归档（审批：置业顾问）."""
        return [labels["unowned_item"].format(process=name, a=letter_labels["A"],
                                              holders=labels["list_sep"].join(holders) or "—")
                for _pid, name, holders in self.unowned]


@dataclass(frozen=True)
class RaciMatrix:
    groups: tuple[ColumnGroup, ...]
    rows: tuple[ActivityRow, ...]
    letter_labels: dict[str, str]  # R, A, A/R, C, I → printed label

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(c for g in self.groups for c in g.columns)

    def process_ids(self) -> list[str]:
        return list(dict.fromkeys(r.process_id for r in self.rows))

    def rows_of(self, process_id: str) -> list[ActivityRow]:
        return [r for r in self.rows if r.process_id == process_id]

    def sliced(self, groups: tuple[ColumnGroup, ...]) -> "RaciMatrix":
        """The same rows restricted to the columns of `groups` (one printed page width)."""
        index = {c.id: n for n, c in enumerate(self.columns)}
        keep = [index[c.id] for g in groups for c in g.columns]
        rows = tuple(
            ActivityRow(r.process_id, r.process_name, r.activity, tuple(r.letters[k] for k in keep), r.tiered)
            for r in self.rows
        )
        return RaciMatrix(groups, rows, self.letter_labels)


def letter_labels(org: Organisation) -> dict[str, str]:
    """Labels from org.yaml `raci.labels` as typed; letters not given get the language's default."""
    given = org.org.raci.labels
    defaults = labels_for(org.language, LETTER_LABELS_ZH, LETTER_LABELS_EN)
    labels = {k: getattr(given, k) if k in given.model_fields_set else defaults[k] for k in "RACI"}
    labels["A/R"] = f"{labels['A']}/{labels['R']}"
    return labels


def build_matrix(org: Organisation, external_group_name: str) -> RaciMatrix:
    ids = org.raci_columns()
    columns = {pid: org.position(pid) for pid in ids}
    groups: list[ColumnGroup] = []
    for dept, _depth in org.departments_in_tree_order():
        members = tuple(columns[r.id] for r in org.roles_in_department(dept.id) if r.id in columns)
        if members:
            groups.append(ColumnGroup(dept.name, members))
    placed = {c.id for g in groups for c in g.columns}
    externals = tuple(columns[pid] for pid in ids if pid not in placed)
    if externals:
        groups.append(ColumnGroup(external_group_name, externals, external=True))
    ordered = [c.id for g in groups for c in g.columns]
    rows = tuple(
        ActivityRow(pid, process.name, activity.name, tuple(raci_letter(activity, c) for c in ordered),
                    activity.chained)
        for pid, process in org.processes.items()
        for activity in process.activities
    )
    return RaciMatrix(tuple(groups), rows, letter_labels(org))


POSITIONS_PER_PAGE = 14  # position columns that stay readable on an A4 landscape page (raci.pdf, handbook.docx)


def page_groups(groups: tuple[ColumnGroup, ...], per_page: int) -> list[tuple[ColumnGroup, ...]]:
    """Split the columns into page-wide slices of at most `per_page` positions (the page's width).

    All columns on one page when they fit. Otherwise the fewest pages, evenly filled (no
    page of a three-column strip), each cut at a department's edge when one is within
    EDGE_SLACK columns of the even cut, else inside a department, whose header is then
    repeated with `continued` set.
    """
    columns = [(index, column) for index, group in enumerate(groups) for column in group.columns]
    edges = {n for n in range(1, len(columns)) if columns[n][0] != columns[n - 1][0]}
    cuts, start = [], 0
    while len(columns) - start > per_page:
        pages_left = -(-(len(columns) - start) // per_page)
        even = start + -(-(len(columns) - start) // pages_left)
        near = [e for e in edges if abs(e - even) <= EDGE_SLACK and start < e <= start + per_page
                and -(-(len(columns) - e) // per_page) < pages_left]
        cut = min(near, key=lambda e: (abs(e - even), e)) if near else even
        cuts.append((start, cut))
        start = cut
    cuts.append((start, len(columns)))
    pages = []
    for first, end in cuts:
        page: list[ColumnGroup] = []
        for n in range(first, end):
            index, column = columns[n]
            if n > first and columns[n - 1][0] == index:  # the department goes on on this page
                page[-1] = ColumnGroup(page[-1].name, (*page[-1].columns, column), page[-1].external, page[-1].continued)
            else:
                group = groups[index]
                page.append(ColumnGroup(group.name, (column,), group.external, n > 0 and columns[n - 1][0] == index))
        pages.append(tuple(page))
    return pages


EDGE_SLACK = 2  # columns a page's cut may move from the even cut to fall between departments


def is_senior(org: Organisation, position_id: str) -> bool:
    """Senior = an external position (above this handbook) or a role with direct reports."""
    return org.is_external(position_id) or bool(org.direct_reports(position_id))


def analyse(org: Organisation, matrix: RaciMatrix) -> Analysis:
    group_of = {c.id: g.name for g in matrix.groups for c in g.columns}
    counts = []
    for n, column in enumerate(matrix.columns):
        letters = [row.letters[n] for row in matrix.rows]
        counts.append(PositionCount(
            column, group_of[column.id],
            r=sum(x in ("R", "A/R") for x in letters), a=sum(x in ("A", "A/R") for x in letters),
            c=letters.count("C"), i=letters.count("I"),
        ))
    idle = tuple(c for c in matrix.columns if not c.external and not org.involvements(c.id))
    unowned = []
    for pid, process in org.processes.items():
        holders = list(dict.fromkeys(pid for a in process.activities for pid in a.approvers))
        if not any(is_senior(org, h) for h in holders):
            unowned.append((pid, process.name, tuple(org.title_of(h) for h in holders)))
    return Analysis(tuple(counts), idle, tuple(unowned))

