"""Labels of the job-level table and the career-path diagrams (levels.pdf/.xlsx, the website's
职级体系 page), in Simplified Chinese and English; Traditional via i18n.labels_for."""
from __future__ import annotations

from .labels import COMMON_EN, COMMON_ZH

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
