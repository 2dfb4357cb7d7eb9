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


# Brackets by hand: re.sub(r"\([^)]*\)", …) retries at every "(" and scans to the end when no
# ")" follows, which is quadratic on a line of "(((("; these give the same results in one pass.
def _brackets(text: str):
    r"""(start, end) of each "(…)" that re.finditer(r"\([^)]*\)", text) would find."""
    position = 0
    while True:
        opening = text.find("(", position)
        closing = text.find(")", opening + 1) if opening != -1 else -1
        if closing == -1:
            return
        yield opening, closing + 1
        position = closing + 1


def without_brackets(text: str) -> str:
    r"""re.sub(r"\([^)]*\)", "", text)."""
    kept, position = [], 0
    for start, end in _brackets(text):
        kept.append(text[position:start])
        position = end
    return "".join(kept) + text[position:]


def bracketed(text: str) -> list[str]:
    r"""re.findall(r"\(([^)]*)\)", text)."""
    return [text[start + 1:end - 1] for start, end in _brackets(text)]


def without_final_bracket(text: str) -> str:
    r"""re.sub(r"\([^)]*\)$", "", text) for a text without a final newline."""
    if not text.endswith(")"):
        return text
    previous = text.rfind(")", 0, len(text) - 1)
    opening = text.find("(", previous + 1, len(text) - 1)
    return text if opening == -1 else text[:opening]
