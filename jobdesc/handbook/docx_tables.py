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
from ..tables.staffing_rows import FIGURE_COLUMNS, StaffingRow, by_column, figure_texts, table_columns
from ..tables.column_fit import Column, fit_widths, natural_twips
from ..tables.text import balanced_lines
from .docx_xml import CM, Cell, run, table

DEPARTMENT_FILL = "E8EEF5"
TOTAL_FILL = "D5DFEA"
SUBHEADER_FILL = "DCE6F0"
DEPTH_INDENT = 280  # twips per level of the department tree, while the tree is shallow
MAX_INDENT_SHARE = 0.1  # of the table's width: a deep tree indents in smaller steps, never squeezing names
MIN_ACTIVITY_WIDTH = 4 * CM
MAX_POSITION_WIDTH = int(2.4 * CM)
HEADER_SIZE = 8.5  # points: position and department names over the narrow letter columns
CELL_PADDING = 260  # twips: the JD Table style's left + right cell margins (templates/jd.docx: 130 + 130)


def fitted(columns: Sequence[Column], width: int, size: float) -> list[int]:
    """The columns' widths from their text (tables/column_fit.py: the rule the PDFs use)."""
    return fit_widths(columns, width, size, CELL_PADDING)


def staffing_table(rows: Sequence[StaffingRow], total: HeadcountTotals, labels: dict[str, str],
                   width: int, face: str, header_look: dict, note: str = "", size: float = 10.5):
    """Departments in tree order with their totals (sub-departments included), each followed
    by its positions; a grand total closes the table. Only the columns somebody stated
    (tables/staffing_rows.StaffingColumns), as in staffing.pdf."""
    columns = table_columns(list(rows), note)
    shown = columns.labels()
    numbers = dict(align="center")
    header = [Cell(labels[key], **(numbers if key in FIGURE_COLUMNS else {})) for key in shown]
    deepest = max((row.depth for row in rows), default=0)
    grand_figures = ["" if total.nothing_stated else str(n) for n in (total.budget, total.filled, total.vacant)]
    lines = [_staffing_cells(row, labels) for row in rows]
    grand = by_column(labels["grand_total"], "", *grand_figures, note)  # no "0 / 0 / 0"
    texts = [[line[key] for line in lines] + [grand[key]] for key in shown]
    fitting = [Column(cell.text, column, words=True, bold=True) for cell, column in zip(header, texts)]
    indent = min(DEPTH_INDENT, int(width * MAX_INDENT_SHARE) // max(deepest, 1))
    widths = fitted(fitting, width - deepest * indent, size)
    widths[0] += deepest * indent  # the deepest name keeps its whole width beside its indent
    body = []
    for row, line in zip(rows, lines):
        look = dict(bold=True, fill=DEPARTMENT_FILL) if row.is_department else dict(bold=True) if row.is_team else {}
        body.append([Cell(line[key], indent=row.depth * indent if key == "unit" else 0,
                          **(numbers if key in FIGURE_COLUMNS else {}), **look) for key in shown])
    total_look = dict(bold=True, fill=TOTAL_FILL)
    body.append([Cell(grand[key], **(numbers if key in FIGURE_COLUMNS else {}), **total_look) for key in shown])
    return table(widths, [header, *body], face, header_rows=1, header_look=header_look)


def _staffing_cells(row: StaffingRow, labels: dict[str, str]) -> dict[str, str]:
    """One row's text by column label key; the last column holds a sum's notes or the incumbents."""
    people = row.note if row.is_subtotal else labels["list_sep"].join(row.incumbents)
    return by_column(row.name, row.grade, *figure_texts(row, labels), people)


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
        rows = [row for row in part.rows_of(process_id)
                if any(row.letters)]  # a later slice lists only the activities its positions take part in
        # The position columns: their titles at HEADER_SIZE, broken between words, over letters.
        positions = [Column(c.title, [x + TIER_MARK for x in sorted({row.letters[n] for row in rows}) if x],
                            words=True, bold=True) for n, c in enumerate(part.columns)]
        # Each position column as wide as its title on one line (at most MAX_POSITION_WIDTH);
        # the activities take the rest, at least MIN_ACTIVITY_WIDTH.
        column_widths = [min(MAX_POSITION_WIDTH, natural_twips(c, HEADER_SIZE, CELL_PADDING)) for c in positions]
        if sum(column_widths) > width - MIN_ACTIVITY_WIDTH:  # the titles break between their words
            column_widths = fitted(positions, width - MIN_ACTIVITY_WIDTH, HEADER_SIZE)
        widths = [width - sum(column_widths), *column_widths]
        departments = [Cell("")] + [Cell(g.name + (labels["continued"] if g.continued else ""), span=len(g.columns),
                                         align="center", size=HEADER_SIZE) for g in groups]
        titles = [Cell(labels["activity"], bold=True, fill=SUBHEADER_FILL)] + [
            Cell("\n".join(balanced_lines(c.title, max(1, int((w - CELL_PADDING) // (HEADER_SIZE * 20))))),
                 bold=True, fill=SUBHEADER_FILL, align="center", size=HEADER_SIZE)
            for c, w in zip(part.columns, column_widths)]  # CJK characters are 1 em wide
        body = [[Cell(row.activity)] + [_letter(x, row.tiered) for x in row.letters] for row in rows]
        tables.append(table(widths, [departments, titles, *body], face, header_rows=2, header_look=header_look))
    return tables


def authority_table(tiers: Sequence[ApprovalTier], titles: dict[str, str], labels: dict[str, str], width: int,
                    face: str, header_look: dict, size: float = 10.5):
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
    columns = [Column(header[n].text, [row[n].text for row in body], words=n >= 2, bold=n == 1) for n in range(4)]
    return table(fitted(columns, width, size), [header, *body], face, header_rows=1, header_look=header_look)


def legend_runs(letter_labels: dict[str, str], face: str) -> list:
    """R 负责  A 审批  A/R 审批/负责  C 咨询  I 知会, each letter on its matrix colour."""
    runs = []
    for letter in LETTERS:
        fill, ink = LETTER_COLOURS[letter]
        runs += [run(f" {letter} ", face, bold=True, fill=fill.lstrip("#"), color=ink.lstrip("#")),
                 run(f" {letter_labels[letter]}    ", face)]
    return runs
