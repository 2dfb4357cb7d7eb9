"""Stage 5: ids from titles. Pinyin, so 销售经理 → xiao-shou-jing-li: readable, stable, and
the same title always gives the same id (a second one gets -2, in document order)."""
from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

MAX_SLUG = 60


def slugify(title: str, fallback: str = "role") -> str:
    words = lazy_pinyin(title, style=Style.NORMAL, errors=lambda chars: [chars])
    parts = []
    for word in words:
        part = re.sub(r"[^a-z0-9]+", "-", word.lower()).strip("-")
        if part:
            parts.append(part)
    slug = "-".join(parts)[:MAX_SLUG].strip("-")
    return slug or fallback


class SlugRegistry:
    """Hands out unique ids; roles, departments and external positions each get their own."""

    def __init__(self, taken: set[str] | None = None):
        self.taken = set(taken or ())

    def claim(self, title: str, fallback: str = "role") -> str:
        base = slugify(title, fallback)
        slug, n = base, 1
        while slug in self.taken:
            n += 1
            slug = f"{base}-{n}"
        self.taken.add(slug)
        return slug
