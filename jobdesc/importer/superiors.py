"""Superiors as people write them, and how a title written in passing finds its position.

One phrase table, not special cases: 在X(的)领导/带领/指导下, 服从X的管理, 接受X的指示,
(直接)向X汇报/负责, (直接)对X负责, 受X领导, 隶属于X, 完成X下达的…, and — weakest — 协助X.
X is taken only when it is a position title (在上级的领导下 names nobody).

A title written in passing is rarely the heading's exact words: 销售主管 for 销售部主管,
销售部经理 for 销售经理 of the same article, 主管 for the article's one 销售主管. `same_post`
compares two titles with the department's 部 and a bracketed note left out; `rank` orders
titles by their last word (总经理 above 总监 above 经理 above 主管 above the rest), which is
what the builder falls back on — with a TODO comment — when an article states no superior.
"""
from __future__ import annotations

import re
from typing import Optional

from .text import without_brackets
from .titles import is_position_title

_T = r"(?P<t>[^,，。；;:：、]{2,16}?)"
_FILLER = ("分别", "及时", "定期", "随时", "直接", "书面", "口头", "进行", "的", "全面", "工作")


def _without_filler(title: str) -> str:
    """"总经理分别" → 总经理: words between a title and its verb are not the title's."""
    trimmed = True
    while trimmed:
        trimmed = False
        for word in _FILLER:
            if title.endswith(word):
                title, trimmed = title[: -len(word)], True
    return title
# (pattern, strength): a stronger phrase wins over an earlier, weaker one.
PHRASES: list[tuple[re.Pattern, int]] = [(re.compile(p), s) for p, s in (
    (rf"在{_T}的?(?:直接)?(?:工作)?(?:领导|带领|指导|指挥|管理|安排|督导)(?:下|之下)?", 3),
    (rf"服从{_T}的?(?:工作)?(?:管理|领导|安排|指挥|调配|调度)", 3),
    (rf"接受{_T}的?(?:工作)?(?:管理|领导|指导|监督|安排|指示|指挥)", 3),
    (rf"(?:直接)?向{_T}(?:汇报|报告|述职|负责|请示)", 3),
    (rf"(?:直接)?对{_T}负责", 3),
    (rf"(?:直接)?受{_T}的?(?:直接)?(?:领导|管理|指导)", 3),
    (rf"(?:直接)?(?:隶属于|归属于|隶属){_T}(?:$|[,，。；;])", 3),
    (rf"完成{_T}(?:下达|交办|交给|安排|布置|交代)的", 2),
    (rf"协助{_T}(?:做好|搞好|推动|完成|开展|处理|负责|进行|管理|对|[,，。；;]|$)", 1),
)]


# 上级主管, 有关主管, 各部门经理: words for "whoever is above", no one post.
_GENERIC = re.compile(r"上级|领导|^(?:本|各|有关|相关|所属|其|该)")


def mentions(texts: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """Titles the texts name as a superior, as (text, view, strength), strongest first, then in
    the order they are met."""
    best: dict[str, tuple[int, int, str]] = {}  # title view → (strength, order met, text)
    order = 0
    for text, view in texts:
        hits = []
        for pattern, strength in PHRASES:
            for m in pattern.finditer(view):
                hits.append((m.start("t"), m.group("t"), strength))
        for start, raw, strength in sorted(hits):
            title = _without_filler(raw.strip())
            if not is_position_title(title) or _GENERIC.search(title):
                continue
            offset = start + (len(raw) - len(raw.lstrip()))
            order += 1
            if title not in best or best[title][0] < strength:
                best[title] = (strength, best[title][1] if title in best else order, text[offset: offset + len(title)])
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1]))
    return [(text, title, strength) for title, (strength, _, text) in ranked]


def post_key(view: str) -> str:
    """销售部主管, 销售主管（销售部）, 销售主管 → 销售主管: the words that name the post."""
    core = without_brackets(view).strip()
    if core.startswith("公司") and len(core) > 4:  # 公司总经理 is the company's 总经理
        core = core[2:]
    return re.sub(r"(?<=[\u4e00-\u9fff]{2})部(?=(?:副)?(?:总经理|经理|主管|总监|主任|助理|秘书|内勤|专员))", "", core)


# The last word of a title and how high it sits (0 the highest); 副 before it, one step lower.
_RANKS = sorted({
    "董事长": 0, "总裁": 0, "总经理": 2, "副总": 4, "总监": 6, "部长": 6, "经理": 10, "主任": 10,
    "店长": 10, "主管": 14, "组长": 14, "队长": 14, "领班": 14, "督导": 14, "科长": 14, "班长": 14,
}.items(), key=lambda item: -len(item[0]))
LOWEST = 18


def rank(view: str) -> int:
    """How high a title sits, by its last word: 0 (董事长) … 18 (every other post)."""
    core = without_brackets(view).strip()
    for word, level in _RANKS:
        if core.endswith(word):
            return level + (2 if core[: -len(word)].endswith("副") else 0)
    return LOWEST


def head_word(view: str) -> Optional[str]:
    """The last word that gives a post its rank (主管, 经理 …), or None."""
    core = without_brackets(view).strip()
    for word in ("总经理", "总监", "部长", "经理", "主任", "主管", "组长", "助理"):
        if core.endswith(word):
            return word
    return None
