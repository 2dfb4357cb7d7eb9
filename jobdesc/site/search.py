"""The website's search index: one entry per position, department and process, written as
a JavaScript file (`assets/search-index.js`) that pages load with a <script> tag, so the
search works from file:// where a browser refuses to fetch() a JSON file.

Chinese is matched as substrings (no word splitting: 经理 finds 销售经理), and every
title, name and department also carries its pinyin, made here at build time with
pypinyin: initials (销售经理 → xsjl) and whole syllables run together (xiaoshoujingli),
so a phone keyboard without a Chinese input method still finds people and posts.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class SearchEntry:
    url: str  # relative to the site folder
    kind: str  # position, department, process, meeting, chapter
    title: str
    subtitle: str  # external title, or the department a position is in
    people: str  # incumbents, joined
    body: str  # duties, KPIs, summary: searched, never shown whole
    keys: tuple[str, ...] = ()  # other short texts whose pinyin is searched (names, the department)


@lru_cache(maxsize=65536)
def pinyin_keys(text: str) -> tuple[str, str]:
    """(initials, whole syllables) of the Chinese in `text`, lower case, other letters kept:
    '销售经理' → ('xsjl', 'xiaoshoujingli'); 'VIP客户经理' → ('vipkhjl', 'vipkehujingli')."""
    if not _HAN.search(text):
        return "", ""
    from pypinyin import Style, lazy_pinyin  # here: its phrase dictionary costs ~60 MB (see outputs/site.py)

    initials, whole = [], []
    for syllable in lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars)):
        syllable = syllable.lower()
        if syllable.isascii() and syllable.isalnum():
            whole.append(syllable)
            initials.append(syllable if len(syllable) == 1 or syllable.isdigit() else syllable[0])
    return "".join(initials), "".join(whole)


_PARTS = re.compile(r"[\s、,，;；/]+")


def pinyin_texts(entries: list[SearchEntry]) -> list[str]:
    """Every short text the index gives pinyin for (titles, departments, names), once, sorted."""
    return sorted({part for e in entries for text in (e.title, e.subtitle, *e.keys)
                   for part in _PARTS.split(text) if _HAN.search(part)})


def pinyin_table(texts: list[str]) -> dict[str, tuple[str, str]]:
    return {text: pinyin_keys(text) for text in texts}


def _pinyin_field(texts: list[str], table: dict[str, tuple[str, str]]) -> str:
    """Every text's initials and syllables, space separated (the browser matches a prefix of a word
    for initials and a substring for syllables)."""
    words = []
    for text in texts:
        for part in _PARTS.split(text):
            initials, whole = table.get(part, ("", ""))
            if initials:
                words.append(f"{initials}:{whole}")
    return " ".join(words)


def index_script(entries: list[SearchEntry], table: dict[str, tuple[str, str]] | None = None) -> str:
    """`window.JOBDESC_SEARCH = [...]`: one array per entry (shorter than objects at 2,000
    positions): [url, kind, title, subtitle, people, body, pinyin]. `table` holds the pinyin of
    every text in pinyin_texts(entries) (made here when not given)."""
    table = table if table is not None else pinyin_table(pinyin_texts(entries))
    rows = [[e.url, e.kind, e.title, e.subtitle, e.people, e.body,
             _pinyin_field([e.title, e.subtitle, *e.keys], table)] for e in entries]
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    # Nothing in the data can end the script or open markup, whatever the YAML holds.
    data = (data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return f"window.JOBDESC_SEARCH={data};\n"
