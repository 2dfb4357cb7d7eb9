"""A recognition view of the user's text.

Labels and keywords are matched on a normalised copy (Simplified Chinese, ASCII digits
and punctuation), but everything written out is sliced from the user's original text.
The copy is kept the same length as the original, so an index found in one is valid in
the other; that is what lets a Traditional Chinese document keep its own characters.
"""
from __future__ import annotations

import functools
import re

import opencc

# Full-width forms that users type interchangeably with ASCII; mapped one char to one char.
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９：；，．（）！？＝　\u00a0",
    "0123456789:;,.()!?=  ",
)


@functools.lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def recognition_view(text: str) -> str:
    """Simplified, half-width copy of `text`, index-aligned with it."""
    converted = _converter().convert(text)
    if len(converted) != len(text):
        # A phrase conversion changed the length; fall back to one char at a time.
        converted = "".join(_converter().convert(ch)[:1] or ch for ch in text)
    return converted.translate(_FULLWIDTH)


def is_traditional(text: str) -> bool:
    """True when converting to Simplified changes a noticeable share of the characters."""
    view = _converter().convert(text)
    changed = sum(1 for a, b in zip(text, view) if a != b)
    return changed > max(5, len(text) // 200)


CJK = r"\u4e00-\u9fff"
CJK_RE = re.compile(f"[{CJK}]")
TERMINATORS = "。；;！!？?"
CLAUSE_BREAKS = TERMINATORS + ",，、:："


def squeeze(text: str) -> str:
    """Collapse runs of whitespace into one space (the user's words stay as typed)."""
    return re.sub(r"[ \t\u3000\u00a0]+", " ", text).strip()
