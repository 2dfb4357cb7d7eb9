"""The handbook's own pages (cover, contents, department introductions, index) as PDFs.

These are the only pages the handbook lays out itself; everything else is reused.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Sequence

from .. import cache
from ..graph import BuildContext
from ..editions.strokes import chinese_number, stroke_group, stroke_sort_key
from ..i18n import HTML_LANG
from ..models import Role
from ..organisation import Organisation
from ..pdf import LaidOut, lay_out_later
from ..templating import render_template
from .labels import handbook_labels

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
    return lay_out_later(html, folders[0], folders, ctx.pool)


def _totals(org: Organisation) -> dict[str, int]:
    total = org.grand_total()
    return {"positions": len(org.roles), "budget": total.budget, "filled": total.filled, "vacant": total.vacant}


def render_front(ctx: BuildContext, toc: Sequence[TocEntry]) -> Callable[[], LaidOut]:
    return _render(ctx, "front", toc=list(toc), totals=_totals(ctx.org))


def render_departments(ctx: BuildContext) -> Callable[[], LaidOut]:
    """Start laying out one introduction page (or more) per department, in tree order,
    anchors `dept-ID`; returns the wait."""
    org = ctx.org
    views = []
    for dept, _depth in org.departments_in_tree_order():
        path = " / ".join(d.name for d in org.department_path(dept.id)[:-1])
        positions = [{
            "title": role.title, "grade": role.grade or "",
            "reports_to": org.title_of(role.reports_to) if role.reports_to else "",
            "budget": role.headcount.budget, "filled": role.headcount.filled, "vacant": role.vacant,
        } for role in org.roles_in_department(dept.id)]
        views.append({"id": dept.id, "name": dept.name, "path": path, "duties": dept.duties,
                      "positions": positions,
                      "sub_departments": [d.name for d in org.sub_departments(dept.id)]})
    return _render(ctx, "departments", departments=views)


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


def _sort_keys(org: Organisation, pool) -> dict[str, tuple[str, str]]:
    """Every title's index key: from the build cache, else worked out (pinyin in a worker
    process, keeping pypinyin's dictionary out of the main process; strokes here)."""
    titles = tuple(sorted({role.title for role in org.roles.values()}))
    if org.language in STROKE_ORDER:
        return dict(zip(titles, _sort_keys_task(None, titles, org.language)))  # a table look-up: no cache
    build_cache = cache.current()
    key = cache.digest("index-keys", org.language, *titles)
    stored = build_cache.get("index-keys", key) if build_cache is not None else None
    if stored is not None:
        keys = [tuple(pair) for pair in json.loads(stored)]
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
    groups = index_groups(org, ctx.pool)
    index = [{"letter": letter, "entries": [{"title": role.title, "department": org.department_of(role).name,
                                             "page": pages.get(role.id, "")} for role in roles]}
             for letter, roles in groups]
    return _render(ctx, "index", index=index)
