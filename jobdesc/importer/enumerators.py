"""The numbering styles of Chinese job descriptions: 1、 1. (1) ① 一、 (一) 8.1.1, bullets.

Each style is a *kind*; the order in which kinds appear inside one position gives the
nesting (as Word does for pasted lists): 一、 then (一) then 1、 means three levels.
Dotted numbers carry their own depth (8.1.1 is one level below 8.1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "[一二三四五六七八九十]{1,3}"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Bullets, including the private-use glyphs Word's Symbol/Wingdings bullets paste as.
BULLETS = "•·●○■□◆◇▪▫►▶✓✔❖➢➤-*\uf06c\uf075\uf0a7\uf0b7\uf0d8\uf0fc"


def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 二十三 → 23."""
    if "十" not in text:
        value = 0
        for ch in text:
            value = value * 10 + CN_DIGITS[ch]
        return value
    tens, _, ones = text.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


@dataclass(frozen=True)
class Enumerator:
    kind: str  # e.g. "arabic-dun" for 1、, "dotted-3" for 8.1.1
    number: int  # the item's number within its list (1 for bullets)
    start: int  # where the marker starts in the line
    end: int  # where the item's text starts
    dotted: Optional[tuple[int, ...]] = None  # 8.1.1 → (8, 1, 1)


# (kind, pattern, allowed inside a line?) — tried in this order at one position.
# Each pattern's group 1 is the number. A comma after a digit only counts at line start,
# because inline it is far more often a thousands separator or an ordinary comma.
_PATTERNS: list[tuple[str, re.Pattern, bool]] = [
    ("dotted", re.compile(r"(\d{1,2}(?:\.\d{1,2}){1,4})(?![\d.%])\s*"), True),
    ("cn-paren", re.compile(f"[(]({CN_NUMERAL})[)]\\s*"), True),
    ("arabic-paren", re.compile(r"[(](\d{1,2})[)]\s*"), True),
    ("cn-top", re.compile(f"({CN_NUMERAL})\\s*[、.)]\\s*"), True),
    ("arabic-dun", re.compile(r"(\d{1,2})\s*、\s*"), True),
    ("arabic-dot", re.compile(r"(\d{1,2})\s*[.。](?![\d])\s*"), True),
    ("arabic-half-paren", re.compile(r"(\d{1,2})\)\s*"), True),
    ("arabic-comma", re.compile(r"(\d{1,2})\s*,\s*"), False),
    ("letter", re.compile(r"([a-zA-Z])[).]\s*"), False),
    ("circled", re.compile(f"([{CIRCLED}])[.。、]?\\s*"), True),
    ("bullet", re.compile(f"([{re.escape(BULLETS)}])\\s*"), True),
]


def match_enumerator(view: str, pos: int, at_line_start: bool) -> Optional[Enumerator]:
    """The numbering marker that starts exactly at `pos` of the recognition view, if any."""
    for kind, pattern, inline_ok in _PATTERNS:
        if not at_line_start and not inline_ok:
            continue
        m = pattern.match(view, pos)
        if not m:
            continue
        raw = m.group(1)
        if kind == "bullet" and raw in "-*" and not at_line_start:
            continue  # "-" inside a line is a dash, not a bullet
        if kind == "dotted":
            parts = tuple(int(p) for p in raw.split("."))
            if m.end() < len(view) and view[m.end()].isdigit():
                continue
            if len(parts) == 2 and not at_line_start and m.end() == m.end(1):
                continue  # "1.5倍" inside a sentence is a decimal, not a heading number
            return Enumerator(f"dotted-{len(parts)}", parts[-1], m.start(), m.end(), parts)
        if kind == "circled":
            number = CIRCLED.index(raw) + 1
        elif kind in ("cn-top", "cn-paren"):
            number = chinese_number(raw)
        elif kind == "letter":
            number = ord(raw.lower()) - ord("a") + 1
        elif kind == "bullet":
            number = 1
        else:
            number = int(raw)
        if number == 0:
            continue
        return Enumerator(kind, number, m.start(), m.end())
    return None


def continues(previous: Optional[Enumerator], current: Enumerator) -> bool:
    """Does `current` follow `previous` in the same list (2 after 1, 8.1.3 after 8.1.2)?"""
    if previous is None or previous.kind != current.kind:
        return False
    if current.dotted and previous.dotted:
        return current.dotted[:-1] == previous.dotted[:-1] and current.number == previous.number + 1
    return current.number == previous.number + 1
