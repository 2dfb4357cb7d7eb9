"""The handbook as a static website (OUT/site/, FORMAT.md section 9).

    labels.py   the site's own words (navigation, search, chart controls)
    pages.py    what each page shows: positions, departments, processes, search entries
    chart.py    the org chart as an interactive SVG, from orgchart.svg's layout
    search.py   the search index with pinyin, written as a script file

Pages are Jinja2 templates (templates/site/, autoescaped in the sandbox like every other
template) with relative links only, so the folder opens from the file system or any web
server; site.css and site.js are plain files copied beside them, and nothing is fetched
from anywhere else. jobdesc/outputs/site.py calls `write_site`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from .. import cache
from ..environment import write_failed
from ..headcount_text import totals_notes
from ..tables.staffing_rows import stated_columns
from ..i18n import HTML_LANG
from ..jd.context import raci_meanings
from ..jd.labels import jd_labels
from ..format.organisation import Organisation
from ..templating import TemplateSet, render_template
from .chart import OutlineNode
from .labels import site_labels
from .pages import (ChapterView, DepartmentView, MeetingView, PositionView, ProcessView, chapter_views,
                    department_views, meeting_views, position_view, process_views, search_entries)
from .search import SearchEntry

ASSETS = ("site.css", "site.js")  # copied from templates/site/ into assets/
PAGES = ("base.html", "macros.html", "index.html", "chart.html", "position.html", "department.html",
         "process.html", "staffing.html", "authority.html", "meeting.html", "chapter.html", "levels.html", "stats.html")  # templates/site/: what a page is made from


@dataclass(frozen=True)
class SiteInfo:
    """What every page's frame shows."""

    organisation: str
    title: str
    version: str
    effective: str
    lang: str
    labels: dict[str, str]
    jd: dict[str, str]  # the job description's labels (section headings as in the PDF)
    letters: dict[str, str]  # R/A/C/I → what they mean in this organisation
    has_processes: bool
    has_authority: bool
    has_levels: bool = False  # org.yaml lists ladders or families (section 13): the 职级体系 and analysis pages


@dataclass(frozen=True)
class SitePlan:
    """Everything the pages are made from, before any is written (the search index reads it too)."""

    info: SiteInfo
    positions: list[PositionView]  # in the order of the job descriptions (reporting order)
    departments: list[DepartmentView]  # in tree order
    processes: list[ProcessView]
    meetings: list[MeetingView]
    chapters: list[ChapterView]

    def search_entries(self, org: Organisation) -> list[SearchEntry]:
        kinds = {kind: self.info.labels[f"kind_{kind}"]
                 for kind in ("position", "department", "process", "meeting", "chapter")}
        return search_entries(org, self.positions, self.departments, self.processes, self.meetings, self.chapters,
                              kinds)


def plan_site(org: Organisation) -> SitePlan:
    handbook = org.org.handbook
    labels = site_labels(org.language)
    info = SiteInfo(org.org.organization, handbook.title or org.org.organization, handbook.version or "",
                    handbook.effective or "", HTML_LANG[org.language], labels, jd_labels(org.language),
                    raci_meanings(org), bool(org.processes), bool(org.approval_tiers), org.architecture.used)
    positions = [position_view(org, role.id) for role in org.iter_roles()]
    return SitePlan(info, positions, department_views(org), process_views(org), meeting_views(org),
                    chapter_views(org))


def write_site(org: Organisation, templates: TemplateSet, folder: Path, plan: SitePlan, chart_svg: str,
               outline: Sequence[OutlineNode], search_script: str) -> list[Path]:
    """Write every page and asset of the site into `folder`; returns the files written."""
    env = templates.environment()
    build_cache = cache.current()
    # A page is kept in the build cache under its templates and everything it shows, so a
    # rebuild after one edit (`jobdesc serve`) renders only the pages that edit changed.
    sources = cache.digest("site-templates", *(env.loader.get_source(env, f"site/{name}")[0] for name in PAGES))
    written: list[Path] = []

    def put(relative: str, text: str) -> None:
        path = folder / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
        except OSError as exc:
            raise write_failed(path, exc) from None
        written.append(path)

    def page(relative: str, template: str, current: str, **context: Any) -> None:
        context.update(site=plan.info, root="../" * relative.count("/"), current=current)

        def render() -> bytes:
            return render_template(env, f"site/{template}", **context).encode("utf-8")

        if build_cache is None:
            put(relative, render().decode("utf-8"))
            return
        key = cache.digest(sources, template, repr(sorted(context.items())))
        put(relative, build_cache.get_or_make("site-page", key, render, lambda data: data.decode("utf-8")))

    total = org.grand_total()
    notes = " · ".join(totals_notes(total, org.language))  # posts not stated, held concurrently
    page("index.html", "index.html", "home", departments=plan.departments, positions=plan.positions,
         processes=plan.processes, meetings=plan.meetings, chapters=plan.chapters, total=total, notes=notes)
    page("chart.html", "chart.html", "chart", chart=chart_svg, outline=outline)
    for view in plan.positions:
        page(f"jd/{view.jd.role_id}.html", "position.html", "positions", view=view, jd=view.jd)
    for view in plan.departments:
        page(f"dept/{view.department.id}.html", "department.html", "departments", view=view)
    for view in plan.processes:
        page(f"process/{view.id}.html", "process.html", "processes", process=view)
    for meeting in plan.meetings:
        page(f"meeting/{meeting.id}.html", "meeting.html", "home", meeting=meeting)
    for chapter in plan.chapters:
        page(f"chapter/{chapter.id}.html", "chapter.html", "home", chapter=chapter)
    columns = stated_columns(org.roles.values(), [*(view.notes for view in plan.departments), notes])
    page("staffing.html", "staffing.html", "staffing", departments=plan.departments, total=total, notes=notes,
         columns=columns)
    if plan.info.has_authority:
        page("authority.html", "authority.html", "authority", processes=plan.processes)
    if plan.info.has_levels:
        _level_pages(org, page)
    for asset in ASSETS:
        put(f"assets/{asset}", templates.find(f"site/{asset}").read_text("utf-8"))
    put("assets/search-index.js", search_script)
    return written


def _level_pages(org: Organisation, page) -> None:
    """levels.html (职级体系表 and the career paths) and stats.html (structure analysis). No pay
    band is read: they are only in OUT/confidential/."""
    from markupsafe import Markup

    from ..i18n import labels_for
    from ..orgchart.career_paths import career_path_svg
    from ..tables.levels_grid import family_paths, level_grid
    from ..tables.levels_labels import LABELS_EN, LABELS_ZH
    from ..tables.structure_report import rate_text, ratio_text, stats_labels
    from ..tables.structure_stats import structure_stats

    labels = labels_for(org.language, LABELS_ZH, LABELS_EN)
    diagrams = [(p.family_name, Markup(career_path_svg(p, org.org.organization, labels, org.language)))
                for p in family_paths(org, labels)]
    page("levels.html", "levels.html", "levels", grid=level_grid(org, labels), L=labels, diagrams=diagrams)
    stats = structure_stats(org)
    words = stats_labels(org.language)
    page("stats.html", "stats.html", "stats", stats=stats, S=words, ratio=ratio_text(stats, words),
         rates={row.key: rate_text(row, words) for row in (*stats.departments, *stats.levels)})
