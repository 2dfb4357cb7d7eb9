"""The staffing table and the RACI matrices as real Word tables for handbook.docx.

They show exactly the rows of staffing.pdf/.xlsx and raci.pdf/.xlsx: the rows come from the
same view models (tables/staffing_rows.py, tables/raci_matrix.py), handed over by those
outputs in their products (see handbook/sources.py).

A RACI table per process lists only the positions that take part in it: a Word table
cannot hold the whole organisation's columns (Word stops at 63), and a process is read on
its own. A process with many participants is split into several tables of at most
POSITIONS_PER_PAGE columns, departments kept together as in raci.pdf.
"""
from __future__ import annotations

from typing import Sequence

from ..format.approval_tiers import ApprovalTier, end_text, range_text
from ..format.organisation import HeadcountTotals
from ..tables.raci_matrix import (LETTER_COLOURS, LETTERS, POSITIONS_PER_PAGE, TIER_MARK, ColumnGroup, RaciMatrix,
                                  page_groups)
from ..tables.staffing_rows import StaffingRow, figure_texts
from ..tables.text import balanced_lines
from .docx_xml import CM, Cell, run, split_widths, table

STAFFING_SHARES = (30, 11, 8, 8, 8, 35)  # unit, grade, budget, filled, vacant, incumbents
DEPARTMENT_FILL = "E8EEF5"
TOTAL_FILL = "D5DFEA"
SUBHEADER_FILL = "DCE6F0"
DEPTH_INDENT = 280  # twips per level of the department tree, while the tree is shallow
MAX_INDENT_SHARE = 0.35  # of the first column: a deep tree indents in smaller steps, never squeezing names
ACTIVITY_WIDTH = 6 * CM
MAX_POSITION_WIDTH = int(2.4 * CM)
HEADER_SIZE = 8.5  # points: position and department names over the narrow letter columns
CELL_PADDING = 220  # twips: the JD Table style's left + right cell margins


def staffing_table(rows: Sequence[StaffingRow], total: HeadcountTotals, labels: dict[str, str],
                   width: int, face: str, header_look: dict, note: str = ""):
    """Departments in tree order with their totals (sub-departments included), each followed
    by its positions; a grand total closes the table."""
    numbers = dict(align="center")
    header = [Cell(labels["unit"]), Cell(labels["grade"]), *(Cell(labels[k], **numbers) for k in
                                                             ("budget", "filled", "vacant")),
              Cell(labels["incumbents"])]
    widths = split_widths(width, STAFFING_SHARES)
    deepest = max((row.depth for row in rows), default=0)
    step = min(DEPTH_INDENT, int(widths[0] * MAX_INDENT_SHARE) // max(deepest, 1))
    body = []
    for row in rows:
        look = dict(bold=True, fill=DEPARTMENT_FILL) if row.is_department else dict(bold=True) if row.is_team else {}
        people = row.note if row.is_subtotal else labels["list_sep"].join(row.incumbents)
        body.append([Cell(row.name, indent=row.depth * step, **look), Cell(row.grade, **look),
                     *(Cell(text, **numbers, **look) for text in figure_texts(row, labels)),
                     Cell(people, **look)])
    grand = dict(bold=True, fill=TOTAL_FILL)
    body.append([Cell(labels["grand_total"], **grand), Cell("", **grand),
                 *(Cell("" if total.nothing_stated else str(n), **numbers, **grand)  # no "0 / 0 / 0"
                   for n in (total.budget, total.filled, total.vacant)),
                 Cell(note, **grand)])
    return table(widths, [header, *body], face, header_rows=1, header_look=header_look)


def _participants(matrix: RaciMatrix, process_id: str) -> tuple[ColumnGroup, ...]:
    """The column groups restricted to the positions with a letter in this process."""
    rows = matrix.rows_of(process_id)
    involved = {c.id for n, c in enumerate(matrix.columns) if any(r.letters[n] for r in rows)}
    groups = (ColumnGroup(g.name, tuple(c for c in g.columns if c.id in involved), g.external)
              for g in matrix.groups)
    return tuple(g for g in groups if g.columns)


def _letter(letter: str, tiered: bool = False) -> Cell:
    if not letter:
        return Cell("")
    fill, ink = LETTER_COLOURS[letter]
    mark = TIER_MARK if tiered and "A" in letter else ""  # its limits are in the authority chapter
    return Cell(letter + mark, bold=True, fill=fill.lstrip("#"), color=ink.lstrip("#"), align="center")


def process_tables(matrix: RaciMatrix, process_id: str, labels: dict[str, str], width: int, face: str,
                   header_look: dict) -> list:
    """One table per slice of at most POSITIONS_PER_PAGE participating positions."""
    tables = []
    for groups in page_groups(_participants(matrix, process_id), POSITIONS_PER_PAGE):
        part = matrix.sliced(groups)
        count = len(part.columns)
        column = min(MAX_POSITION_WIDTH, (width - ACTIVITY_WIDTH) // count)
        widths = [ACTIVITY_WIDTH] + [column] * count
        per_line = max(1, (column - CELL_PADDING) // (HEADER_SIZE * 20))  # CJK characters are 1 em wide
        departments = [Cell("")] + [Cell(g.name + (labels["continued"] if g.continued else ""), span=len(g.columns),
                                         align="center", size=HEADER_SIZE) for g in groups]
        titles = [Cell(labels["activity"], bold=True, fill=SUBHEADER_FILL)] + [
            Cell("\n".join(balanced_lines(c.title, int(per_line))), bold=True, fill=SUBHEADER_FILL,
                 align="center", size=HEADER_SIZE) for c in part.columns]
        body = [[Cell(row.activity)] + [_letter(x, row.tiered) for x in row.letters]
                for row in part.rows_of(process_id)
                if any(row.letters)]  # a later slice lists only the activities its positions take part in
        tables.append(table(widths, [departments, titles, *body], face, header_rows=2, header_look=header_look))
    return tables


AUTHORITY_SHARES = (34, 20, 22, 24)  # activity, range, approver, above it


def authority_table(tiers: Sequence[ApprovalTier], titles: dict[str, str], labels: dict[str, str], width: int,
                    face: str, header_look: dict):
    """One process's tiers as authority.xlsx's second sheet reads them: a row per tier, the
    activity named on its first tier."""
    header = [Cell(labels[key]) for key in ("activity", "range", "approver", "escalates_to")]
    body = []
    for tier in tiers:
        above_it = (titles[tier.escalates_to] if tier.escalates_to
                    else end_text(tier, labels))
        look = dict(bold=True, color="B42318") if tier.capped else {}
        body.append([Cell(tier.activity if tier.number == 1 else ""), Cell(range_text(tier, labels), bold=True),
                     Cell(titles[tier.approver]), Cell(above_it, **look)])
    return table(split_widths(width, AUTHORITY_SHARES), [header, *body], face, header_rows=1,
                 header_look=header_look)


def legend_runs(letter_labels: dict[str, str], face: str) -> list:
    """R 负责  A 审批  A/R 审批/负责  C 咨询  I 知会, each letter on its matrix colour."""
    runs = []
    for letter in LETTERS:
        fill, ink = LETTER_COLOURS[letter]
        runs += [run(f" {letter} ", face, bold=True, fill=fill.lstrip("#"), color=ink.lstrip("#")),
                 run(f" {letter_labels[letter]}    ", face)]
    return runs
