"""handbook.docx: the 职级体系 chapter (the level table, the listed moves) and the appendix
组织结构分析 (spans of control, layers, vacancy rates), as tables in the house style, after the
approval limits and after the chapters, as in handbook.pdf (FORMAT.md section 13).

The career-path diagrams are drawings in levels.pdf, handbook.pdf and the website; the Word
handbook lists the moves as a table instead. No pay band is read here.
"""
from __future__ import annotations

from ..i18n import labels_for
from ..tables.column_fit import Column
from ..tables.levels_grid import level_grid
from ..tables.levels_labels import LABELS_EN, LABELS_ZH
from ..tables.structure_report import rate_text, ratio_text, stats_labels
from ..tables.structure_stats import structure_stats
from .docx_document import HandbookDocument
from .docx_fragments import _json
from .docx_tables import fitted
from .docx_xml import Cell, table

MUTED = "6B7785"


def _subtitle(book: HandbookDocument, text: str) -> None:
    """A table's title inside the part: bold, kept with its table, not a heading (the contents
    list the parts; a sub-heading listed there would have to start its page)."""
    book.text(text, book.style("JDLabel"), keep_next=True, before=200)


def _table(book: HandbookDocument, header: list[str], rows: list[list[Cell]]) -> None:
    columns = [Column(text, [row[n].text for row in rows], words=True, bold=n == 0) for n, text in enumerate(header)]
    widths = fitted(columns, book.page.text_width(), book.table_size)
    book.add(table(widths, [[Cell(text) for text in header], *rows], book.face(None), header_rows=1,
                   header_look=book.header_look))


def add_levels(book: HandbookDocument) -> None:
    org = book.org
    if not org.architecture.used:
        return
    labels = labels_for(org.language, LABELS_ZH, LABELS_EN)
    grid = level_grid(org, labels)
    moves = [(labels["move"].format(source=p.from_, target=p.to), p.name or "") for p in org.architecture.paths]

    def build() -> None:
        book.heading(book.labels["levels"], 1, page_break=False)
        header = [labels["ladder"], labels["level"], *(column.name for column in grid.columns)]
        rows = [[Cell(row.ladder_name if row.first_of_ladder else ""),
                 Cell(f"{row.level_id} {row.level_name}".strip(), bold=True),
                 *(Cell("\n".join(posts)) for posts in row.cells)] for row in grid.rows]
        _table(book, header, rows)
        book.text(labels["note"], size=9, color=MUTED, before=120)
        requirements = [[Cell(f"{row.level_id} {row.level_name}".strip(), bold=True), Cell(row.requirements)]
                        for row in grid.rows if row.requirements]
        if requirements:
            _subtitle(book, labels["requirements"])
            _table(book, [labels["level"], labels["requirements"]], requirements)
        if moves:
            _subtitle(book, labels["moves"])
            _table(book, [labels["moves"], labels["paths_title"]], [[Cell(move), Cell(name)] for move, name in moves])

    book.fragment("levels", [repr(grid), _json([labels, moves])], build)
    book.end_section()


def add_structure_appendix(book: HandbookDocument) -> None:
    org = book.org
    if not org.architecture.used:
        return
    stats = structure_stats(org)
    words = stats_labels(org.language)

    def vacancy_rows(rows) -> list[list[Cell]]:
        return [[Cell("　" * row.depth + row.name), Cell(str(row.budget)), Cell(str(row.filled)), Cell(str(row.vacant)),
                 Cell(rate_text(row, words))] for row in rows]

    def build() -> None:
        book.heading(book.labels["stats"], 1, page_break=False)
        book.text(words["positions"].format(positions=stats.positions, people=stats.people) + " · " + words["ratio"]
                  + words["colon"] + ratio_text(stats, words), size=10, after=120)
        _subtitle(book, words["spans"])
        _table(book, [words["manager"], words["department"], words["span"]],
               [[Cell(s.title), Cell(s.department), Cell(s.text)] for s in stats.spans])
        _subtitle(book, f"{words['layers']}（{words['layer_count'].format(layers=len(stats.layers))}）")
        _table(book, [words["layers"], words["people"]],
               [[Cell(words["layer"].format(n=n + 1)), Cell(str(count))] for n, count in enumerate(stats.layers)])
        vacancy = [words["budget"], words["filled"], words["vacant"], words["rate"]]
        _subtitle(book, words["vacancy_departments"])
        _table(book, [words["department"], *vacancy], vacancy_rows(stats.departments))
        if stats.levels:
            _subtitle(book, words["vacancy_levels"])
            _table(book, [words["level"], *vacancy], vacancy_rows(stats.levels))
        book.text(words["note"], size=9, color=MUTED, before=120)

    book.fragment("structure", [repr(stats), _json(words)], build)
    book.end_section()
