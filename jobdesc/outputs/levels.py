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
from ..tables.document import write_table_pdf
from ..tables.labels import COMMON_EN, COMMON_ZH, title_block
from ..tables.levels_grid import FamilyPaths, LevelGrid, family_paths, level_grid

LABELS_ZH = {
    **COMMON_ZH,
    "title": "职级体系表",
    "sheet": "职级体系",
    "levels_sheet": "职级说明",
    "ladder": "序列",
    "level": "职级",
    "level_name": "职级名称",
    "requirements": "通用任职资格",
    "education": "学历",
    "experience": "经验",
    "competencies": "能力",
    "req_sep": "；",
    "bracketed": "（{text}）",
    "no_family": "未归入职族",
    "no_posts": "（暂无岗位）",
    "paths_title": "晋升通道",
    "diagram_title": "{family} 晋升通道",
    "diagram_legend": "实线箭头：本序列内逐级晋升；虚线箭头：跨序列转换通道（org.yaml 的 paths）。",
    "moves": "转换通道",
    "move": "{source} → {target}",
    "note": "每格为该职级、该职族的岗位；职级为区间的岗位列在区间内每一职级。",
    "unleveled": "未定职级的岗位：{posts}",
}
LABELS_EN = {
    **COMMON_EN,
    "title": "Job Levels",
    "sheet": "Job levels",
    "levels_sheet": "Levels",
    "ladder": "Ladder",
    "level": "Level",
    "level_name": "Name",
    "requirements": "Generic requirements",
    "education": "Education",
    "experience": "Experience",
    "competencies": "Competencies",
    "req_sep": "; ",
    "bracketed": " ({text})",
    "no_family": "No family",
    "no_posts": "(no post yet)",
    "paths_title": "Career paths",
    "diagram_title": "Career paths: {family}",
    "diagram_legend": "Solid arrows: promotion up a ladder; dashed arrows: moves across ladders (paths in org.yaml).",
    "moves": "Moves across ladders",
    "move": "{source} → {target}",
    "note": "Each cell lists the posts of that family at that level; a post with a range of levels is listed at "
            "each level of it.",
    "unleveled": "Posts without a level: {posts}",
}

CAREER_DIR = "career-paths"


@dataclass(frozen=True)
class LevelTables:
    files: list[Path]
    labels: dict[str, str]
    grid: LevelGrid | None = None  # None: org.yaml has no ladders or families, nothing written
    paths: tuple[FamilyPaths, ...] = ()
    diagrams: dict[str, str] = field(default_factory=dict)  # family id → SVG text
    pdf: Path | None = None


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

    def finish() -> LevelTables:
        laid_out = pdf()
        return LevelTables([*written, laid_out], labels, grid, paths, diagrams, laid_out)

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
