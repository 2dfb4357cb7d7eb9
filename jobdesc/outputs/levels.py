"""OUT/levels.pdf, OUT/levels.xlsx and OUT/career-paths/FAMILY.svg: the job-level table
(职级体系表) and a career-path diagram (晋升通道) per family (FORMAT.md section 13).

Built only when org.yaml lists ladders or families; otherwise this output writes nothing and
is not even named in OUT's manifest (an organisation without levels builds the same files as
before). Pay bands are not read here: see paybands.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..build_graph import BuildContext, Output, Product, Started, Step
from ..cache import cached_file
from ..environment import write_failed
from ..i18n import labels_for
from ..orgchart.career_paths import career_path_svg
from ..tables.document import lay_out_table, write_table_pdf
from ..tables.structure_report import rate_text, ratio_text, stats_labels
from ..tables.structure_stats import structure_stats
from ..tables.labels import title_block
from ..tables.levels_grid import FamilyPaths, LevelGrid, family_paths, level_grid
from ..tables.levels_labels import LABELS_EN, LABELS_ZH

CAREER_DIR = "career-paths"


@dataclass(frozen=True)
class LevelTables:
    files: list[Path]
    labels: dict[str, str]
    grid: LevelGrid | None = None  # None: org.yaml has no ladders or families, nothing written
    paths: tuple[FamilyPaths, ...] = ()
    diagrams: dict[str, str] = field(default_factory=dict)  # family id → SVG text
    pdf: Path | None = None
    stats_pdf: bytes | None = None  # the structure analysis laid out for the handbook's appendix


LEVELS: Product[LevelTables] = Product("levels", "the job-level table (职级体系表) and career-path diagrams")


def level_labels(language: str) -> dict[str, str]:
    return labels_for(language, LABELS_ZH, LABELS_EN)


def start(ctx: BuildContext) -> Started[LevelTables] | LevelTables:
    org = ctx.org
    labels = level_labels(org.language)
    if not org.architecture.used:
        return LevelTables([], labels)
    grid = level_grid(org, labels)
    paths = tuple(family_paths(org, labels))
    diagrams = {p.family_id: career_path_svg(p, org.org.organization, labels, org.language) for p in paths}
    written = [_write_text(ctx.out / CAREER_DIR / f"{family_id}.svg", svg) for family_id, svg in diagrams.items()]
    meta = title_block(org.org.handbook, labels)
    heading = f"{org.org.organization} {labels['title']}"
    written.append(cached_file("levels-xlsx", [repr(grid), repr(sorted(labels.items())), heading, " | ".join(meta),
                                               org.language, repr(org.architecture.ladders)],
                               ctx.out / "levels.xlsx",
                               lambda path: _write_workbook(grid, org.architecture.ladders, labels, heading,
                                                            " | ".join(meta), org.language, path)))
    moves = [(labels["move"].format(source=p.from_, target=p.to), p.name or "") for p in org.architecture.paths]
    pdf = write_table_pdf(ctx.templates, "levels.html", ctx.out / "levels.pdf", org.language, ctx.pool,
                          organisation=org.org.organization, labels=labels, meta=meta, grid=grid,
                          diagrams=[(p.family_name, diagrams[p.family_id]) for p in paths], moves=moves)
    stats = structure_stats(org)
    words = stats_labels(org.language)
    appendix = lay_out_table(ctx.templates, "structure.html", org.language, ctx.pool, organisation=org.org.organization,
                             labels=words, meta=meta, stats=stats,
                             ratio=ratio_text(stats, words),
                             rates={row.key: rate_text(row, words) for row in (*stats.departments, *stats.levels)})

    def finish() -> LevelTables:
        laid_out = pdf()
        return LevelTables([*written, laid_out], labels, grid, paths, diagrams, laid_out, appendix().pdf)

    return Started(finish)


OUTPUT = Output("levels", (Step(LEVELS, start),),
                "levels.pdf, levels.xlsx, career-paths/FAMILY.svg (with ladders or families only)",
                manifest_when_empty=False)


def _write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.write_text(text, "utf-8")
    except OSError as exc:
        raise write_failed(path, exc) from None
    return path


def _write_workbook(*args) -> Path:
    from ..tables.levels_xlsx import write_workbook

    return write_workbook(*args)
