"""The handbook's own pages (cover, contents, department introductions, index) as PDFs.

These are the only pages the handbook lays out itself; everything else is reused.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Callable, Optional, Sequence

from .. import cache
from ..build_graph import BuildContext
from ..editions.strokes import chinese_number, stroke_group, stroke_sort_key
from ..headcount_text import totals_notes
from ..i18n import HTML_LANG, person_label
from ..jd.labels import jd_labels
from ..format.position_models import Role
from ..format.organisation import Organisation
from ..pdf import LaidOut, lay_out_later
from ..tables.staffing_rows import StaffingColumns, stated_columns
from ..templating import render_template
from .chapter_html import chapter_html
from .labels import handbook_labels
from ..jd.report_rows import department_report_rows
from .meetings_view import meeting_columns, meeting_lines

TEMPLATE = "handbook.html"


@dataclass(frozen=True)
class TocEntry:
    title: str
    kind: str  # "part", "department" or "position" (the CSS class)
    depth: int  # indentation steps
    page: str  # printed page number


def _render(ctx: BuildContext, part: str, **view) -> Callable[[], LaidOut]:
    """Start laying out one part of handbook.html in the worker pool; returns the wait."""
    org = ctx.org
    labels = handbook_labels(org.language)
    handbook = org.org.handbook
    html = render_template(
        ctx.templates.environment(), TEMPLATE, part=part, labels=labels,
        html_lang=HTML_LANG[org.language], organisation=org.org.organization,
        title=handbook.title or labels["default_title"], version=handbook.version,
        effective=handbook.effective, approved_by=handbook.approved_by, **view,
    )
    folders = list(ctx.templates.folders)
    return lay_out_later(html, folders[0], folders, ctx.pool, TEMPLATE)


def _totals(org: Organisation) -> dict:
    total = org.grand_total()
    return {"positions": len(org.roles), "budget": total.budget, "filled": total.filled, "vacant": total.vacant,
            "notes": " · ".join(totals_notes(total, org.language)), "nothing_stated": total.nothing_stated}


def headcount_cells(role: Role, labels: dict[str, str]) -> list[str]:
    """Budget, filled and vacant as printed; a post whose headcount nobody stated prints none."""
    if role.headcount is None:
        return [labels["not_stated"], "", ""]
    if role.headcount.filled is None:
        return [str(role.headcount.budget), labels["not_stated"], ""]
    return [str(role.headcount.budget), str(role.headcount.filled), str(role.vacant)]


def department_positions(org: Organisation, dept_id: str, labels: dict[str, str]) -> list[list[str]]:
    """A department page's positions: title, grade, manager, budget, filled, vacant. Its own
    posts, then the posts of other departments that also serve it (`serves`), which show no
    figures here: they are counted in their own department."""
    def manager(role: Role) -> str:  # no superior in the YAML: not stated, as the JD's header says
        return org.title_of(role.reports_to) if role.reports_to else labels["not_stated"]

    rows = [[role.title, role.grade or "", manager(role), *headcount_cells(role, labels)]
            for role in org.roles_in_department(dept_id)]
    rows += [[labels["serving"].format(title=role.title, department=org.department_of(role).name),
              role.grade or "", manager(role), "", "", ""] for role in org.roles_serving(dept_id)]
    return rows


def department_columns(org: Organisation, dept_id: str) -> StaffingColumns:
    """The columns of a department page's positions table, by the staffing table's rule: 级别
    when a row states a grade (the serving posts' rows too), 在岗 and 空缺 when one of its own
    posts states how many hold it (the serving rows show no figures here)."""
    own = stated_columns(org.roles_in_department(dept_id))
    return replace(own, grade=own.grade or stated_columns(org.roles_serving(dept_id)).grade)


def index_detail(org: Organisation, role: Role, labels: dict[str, str]) -> str:
    """What an index entry says after the title: the department, who holds the post
    concurrently (兼), and the other departments it serves."""
    parts = [org.department_of(role).name]
    parts += [person_label(p, org.language) for p in role.incumbents or () if p.concurrent]
    if role.serves:
        parts.append(labels["serves"].format(departments="、".join(org.departments[d].name for d in role.serves)))
    return " · ".join(parts)


def render_front(ctx: BuildContext, toc: Sequence[TocEntry]) -> Callable[[], LaidOut]:
    return _render(ctx, "front", toc=list(toc), totals=_totals(ctx.org))


def render_departments(ctx: BuildContext) -> Callable[[], LaidOut]:
    """Start laying out one introduction page (or more) per department, in tree order,
    anchors `dept-ID`; returns the wait."""
    org = ctx.org
    views = []
    for dept, _depth in org.departments_in_tree_order():
        path = " / ".join(d.name for d in org.department_path(dept.id)[:-1])
        positions = [dict(zip(("title", "grade", "reports_to", "budget", "filled", "vacant"), row))
                     for row in department_positions(org, dept.id, handbook_labels(org.language))]
        views.append({"id": dept.id, "name": dept.name, "path": path, "duties": dept.duties,
                      "positions": positions, "columns": department_columns(org, dept.id), "reports": department_report_rows(org, dept.id, jd_labels(org.language)),
                      "sub_departments": [d.name for d in org.sub_departments(dept.id)]})
    return _render(ctx, "departments", departments=views, jd_labels=jd_labels(org.language))


def render_rules(ctx: BuildContext) -> Callable[[], Optional[LaidOut]]:
    """Start laying out the meetings table (anchor `meetings`) and the chapters (anchors
    `chapter-N`, their headings `chapter-N-M`); the wait gives None when there are neither."""
    org = ctx.org
    if not org.meetings and not org.chapters:
        return lambda: None
    bracketed = jd_labels(org.language)["bracketed"]
    chapters = [{"title": c.title, "anchor": c.anchor, "body": chapter_html(c, bracketed)} for c in org.chapters]
    return _render(ctx, "rules", meetings=meeting_lines(org), meeting_columns=meeting_columns(org), chapters=chapters)


STROKE_ORDER = ("zh-TW", "zh-HK")  # Traditional editions: by strokes (筆畫); zh-CN by pinyin, en by letters


def sort_key(title: str, language: str) -> tuple[str, str]:
    """Order positions as an index in that language does: by strokes for Traditional Chinese,
    by pinyin for Simplified (then by the characters themselves), alphabetically in English."""
    if language == "en":
        return (title.casefold(), title)
    if language in STROKE_ORDER:
        return (stroke_sort_key(title), title)
    from pypinyin import Style, lazy_pinyin  # here: its phrase dictionary costs ~60 MB and 0.5 s

    return (" ".join(lazy_pinyin(title, style=Style.NORMAL, errors="default")).casefold(), title)


def _sort_keys_task(_state, titles: tuple[str, ...], language: str) -> list[tuple[str, str]]:
    return [sort_key(title, language) for title in titles]


def _read_keys(data: bytes, count: int) -> list[tuple[str, str]]:
    keys = cache.read_json(data, [(str, str)])
    if len(keys) != count:
        raise ValueError("not one key per title")
    return keys


def _sort_keys(org: Organisation, pool) -> dict[str, tuple[str, str]]:
    """Every title's index key: from the build cache, else worked out (pinyin in a worker
    process, keeping pypinyin's dictionary out of the main process; strokes here)."""
    titles = tuple(sorted({role.title for role in org.roles.values()}))
    if org.language in STROKE_ORDER:
        return dict(zip(titles, _sort_keys_task(None, titles, org.language)))  # a table look-up: no cache
    build_cache = cache.current()
    key = cache.digest("index-keys", org.language, *titles)
    stored = build_cache.get("index-keys", key, lambda data: _read_keys(data, len(titles))) if build_cache else None
    if stored is not None:
        keys = stored
    else:
        keys = (pool.submit(_sort_keys_task, titles, org.language, first=True).result() if pool is not None
                else _sort_keys_task(None, titles, org.language))
        if build_cache is not None:
            build_cache.put("index-keys", key, json.dumps(keys, ensure_ascii=False).encode())
    return dict(zip(titles, keys))


def _group_of(key: str, language: str, labels: dict[str, str]) -> str:
    """The heading a title is listed under: its first character's strokes (「八畫」) in a
    Traditional edition, else its initial letter; `other` for anything else."""
    if language in STROKE_ORDER:
        count = stroke_group(key)
        return labels["other"] if count is None else labels["strokes"].format(count=chinese_number(count))
    initial = key[:1].upper()
    return initial if initial.isascii() and initial.isalpha() else labels["other"]


def index_groups(org: Organisation, pool=None) -> list[tuple[str, list[Role]]]:
    """Positions in index order, grouped by stroke count (Traditional) or initial letter
    (pinyin for Simplified); titles that start otherwise go last under `other`. The PDF and
    Word indexes share this."""
    keys = _sort_keys(org, pool)
    labels = handbook_labels(org.language)
    groups: dict[str, list[Role]] = {}
    for role in sorted(org.roles.values(), key=lambda r: keys[r.title]):  # groups in key order
        groups.setdefault(_group_of(keys[role.title][0], org.language, labels), []).append(role)
    other = groups.pop(labels["other"], None)
    ordered = list(groups.items())
    if org.language not in STROKE_ORDER:
        ordered.sort()
    return ordered + ([(labels["other"], other)] if other else [])


def render_index(ctx: BuildContext, pages: dict[str, int]) -> Callable[[], LaidOut]:
    """The index of positions (by strokes, pinyin or letters: `index_groups`) with handbook page numbers."""
    org = ctx.org
    labels = handbook_labels(org.language)
    groups = index_groups(org, ctx.pool)
    index = [{"letter": letter, "entries": [{"title": role.title, "department": index_detail(org, role, labels),
                                             "page": pages.get(role.id, "")} for role in roles]}
             for letter, roles in groups]
    return _render(ctx, "index", index=index)
