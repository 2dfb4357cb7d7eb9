"""OUT/site/: the handbook as a static website (FORMAT.md section 9), made by jobdesc/site/.

It needs no other output's product: the pages are made from the organisation directly,
and the chart from the same layout as orgchart.svg (`orgchart.screen_layout`), so
`--only site` builds the site alone, quickly, and `jobdesc serve` rebuilds just this.
What takes time on a large organisation is kept in the build cache: the chart (by what
the chart shows, like orgchart.svg) and the search index with its pinyin (by its text).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .. import cache
from ..build_graph import BuildContext, Output, Product, Step
from ..format.collector import collector_paused
from ..i18n import person_label
from ..orgchart import screen_layout
from ..site import plan_site, write_site
from ..site.chart import OutlineNode, chart_svg, outline
from ..site.search import index_script, pinyin_table, pinyin_texts
from .orgchart import CHART_FIELDS

FOLDER = "site"


@dataclass(frozen=True)
class Website:
    files: list[Path]
    index: Path


SITE: Product[Website] = Product("site", "the website's files")


def _outline_json(nodes) -> list:
    return [[node.id, node.title, node.external, node.people, _outline_json(node.children)] for node in nodes]


def _outline_from(rows) -> tuple[OutlineNode, ...]:
    """The outline stored by `_outline_json` (ValueError if the rows are of another shape)."""
    return tuple(OutlineNode(position_id, title, external, people, _outline_from(kids))
                 for position_id, title, external, people, kids in cache.shaped(rows, [(str, str, bool, str, list)]))


def _read_chart(data: bytes) -> tuple[str, tuple[OutlineNode, ...]]:
    stored = cache.read_json(data, {"svg": str, "outline": list})
    return stored["svg"], _outline_from(stored["outline"])


def _chart(ctx: BuildContext, labels: dict[str, str]) -> tuple[str, tuple[OutlineNode, ...]]:
    """The chart's SVG and its text version, from the cache when nothing the chart shows changed."""
    org = ctx.org

    def make() -> tuple[str, tuple[OutlineNode, ...]]:
        screen = screen_layout(org, ctx.options.paper)
        names = {d.id: d.name for d in org.org.departments}
        people = {r.id: "、".join(person_label(p, org.language) for p in r.incumbents or ())
                  for r in org.roles.values()}
        return chart_svg(screen, labels, org.org.organization, names), outline(screen, people)

    build_cache = cache.current()
    if build_cache is None:
        return make()
    roles = [repr(tuple(getattr(role, name) for name in CHART_FIELDS)) for role in org.roles.values()]
    key = cache.digest("site-chart", ctx.options.paper, org.language, repr(org.org), repr(sorted(labels.items())),
                       *roles)
    stored = build_cache.get("site-chart", key, _read_chart)
    if stored is not None:
        return stored
    svg, tree = make()
    build_cache.put("site-chart", key, json.dumps({"svg": svg, "outline": _outline_json(tree)},
                                                  ensure_ascii=False).encode())
    return svg, tree


def _pinyin_task(_state, texts: list[str]) -> dict[str, tuple[str, str]]:
    return pinyin_table(texts)


def _search_script(plan, org, pool) -> str:
    """The search index script. Its pinyin (the slow part, and pypinyin's phrase dictionary
    is ~60 MB) is cached by the titles, departments and names it is made of, so a rebuild
    after a duty was edited does not load pypinyin; when it must be made, it is made in a
    worker if there is one, so the dictionary does not stay in the main process through the
    build's peak."""
    entries = plan.search_entries(org)
    texts = pinyin_texts(entries)

    def make() -> dict[str, tuple[str, str]]:
        return pool.submit(_pinyin_task, texts, first=True).result() if pool is not None else pinyin_table(texts)

    build_cache = cache.current()
    if build_cache is None:
        return index_script(entries, make())
    key = cache.digest("site-pinyin", *texts)
    stored = build_cache.get("site-pinyin", key, lambda data: cache.read_json(data, {str: (str, str)}))
    if stored is not None:
        table = stored
    else:
        table = make()
        build_cache.put("site-pinyin", key, json.dumps(table, ensure_ascii=False, sort_keys=True).encode())
    return index_script(entries, table)


def build(ctx: BuildContext) -> Website:
    # The pages make hundreds of thousands of small objects and no cycles worth collecting; with
    # the collector on, the page data of 2,000 positions took four times as long.
    with collector_paused():
        plan = plan_site(ctx.org)
        svg, tree = _chart(ctx, plan.info.labels)
        files = write_site(ctx.org, ctx.templates, ctx.out / FOLDER, plan, Markup(svg), tree,
                           _search_script(plan, ctx.org, ctx.pool))
    return Website(files, ctx.out / FOLDER / "index.html")


OUTPUT = Output("site", (Step(SITE, build),), "site/index.html, site/jd/ROLE.html, … (the handbook as a website)")
