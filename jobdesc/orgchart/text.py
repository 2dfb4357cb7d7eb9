"""Approximate, safe text measurement and line wrapping for the org chart.

The layout must be a pure, fast function, so it cannot ask a font engine how wide a
string is. Instead we over-estimate: CJK and other full-width glyphs take 1 em, Latin
about 0.55 em (wider letters more). Over-estimating only costs a little white space;
under-estimating would let text spill out of a box on paper.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# Characters that must not start a line (Chinese line-breaking rule, 避头点).
_NO_LINE_START = set("，。、；：？！）》」』】〕…—,.;:?!)]}%·")
_WIDE_LATIN = set("MWmw@%&")


@lru_cache(maxsize=4096)
def char_em(ch: str) -> float:
    """Width of one character in em (safe upper estimate)."""
    if ch == " ":
        return 0.3
    if ord(ch) < 0x2E80:
        if ch in _WIDE_LATIN:
            return 0.9
        if ch.isupper() or ch.isdigit():
            return 0.66
        if ch.isascii():
            return 0.56
        # Latin-1, Greek, arrows, box drawing…: treat ambiguous symbols as full width.
        return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.62
    return 1.0  # CJK, full-width forms and everything beyond: a full em


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated advance width of `text` at `size` pt (bold glyphs are about 5% wider)."""
    width = sum(char_em(ch) for ch in text) * size
    return width * 1.05 if bold else width


def _tokens(text: str) -> list[str]:
    """Break opportunities: every CJK character on its own, Latin words kept whole (with their space)."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if char_em(ch) >= 1.0:
            if word:
                tokens.append(word)
                word = ""
            if ch in _NO_LINE_START and tokens:
                tokens[-1] += ch  # keep closing punctuation with the character before it
            else:
                tokens.append(ch)
        elif ch == " ":
            tokens.append(word + " ")
            word = ""
        elif ch in _NO_LINE_START and not word and tokens:
            tokens[-1] += ch
        else:
            word += ch
    if word:
        tokens.append(word)
    return tokens


def _split_long(token: str, size: float, bold: bool, max_width: float) -> list[str]:
    """Hard-break a single token that is wider than a whole line (a very long Latin word)."""
    pieces, current = [], ""
    for ch in token:
        if current and text_width(current + ch, size, bold=bold) > max_width:
            pieces.append(current)
            current = ""
        current += ch
    return pieces + ([current] if current else [])


def wrap(text: str, size: float, max_width: float, *, bold: bool = False) -> list[str]:
    """Greedy line breaking so that every line fits `max_width` (by the estimate above)."""
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = current + token
        if text_width(candidate.rstrip(), size, bold=bold) <= max_width:
            current = candidate
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = ""
        if text_width(token.rstrip(), size, bold=bold) > max_width:
            *full, current = _split_long(token.rstrip(), size, bold, max_width)
            lines.extend(full)
            current += " " if token.endswith(" ") else ""
        else:
            current = token
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def wrap_list(items: list[str], separator: str, size: float, max_width: float) -> list[str]:
    """Wrap a list of names, breaking only between names (a name is never split unless it alone is too wide)."""
    lines: list[str] = []
    current = ""
    for item in items:
        candidate = f"{current}{separator}{item}" if current else item
        if text_width(candidate, size) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        if text_width(item, size) > max_width:
            *full, current = wrap(item, size, max_width)
            lines.extend(full)
        else:
            current = item
    if current:
        lines.append(current)
    return lines


def ellipsize(text: str, size: float, max_width: float, *, bold: bool = False) -> str:
    """Shorten to fit one line, ending in …, for labels whose full text is printed elsewhere."""
    if text_width(text, size, bold=bold) <= max_width:
        return text
    while text and text_width(text + "…", size, bold=bold) > max_width:
        text = text[:-1]
    return text + "…"
