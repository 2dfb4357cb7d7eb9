"""Which script the organisation is written in: Simplified or Traditional Chinese.

Counted over every character the user typed (person names included: they are typed in the
same script). A character that OpenCC's t2s changes is Traditional-only (經, 資); one that
s2t changes is Simplified (经, 资). Most characters are the same in both (人, 部) and do
not count. Only a source with Traditional characters is weighed against s2t: the common
case, a Simplified source, costs one t2s pass over its distinct characters (a few ms).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from .convert import opencc_converter

SIMPLIFIED = "simplified"
TRADITIONAL = "traditional"


def _is_han(char: str) -> bool:
    return char >= "\u2e80"


def _changed(config: str, chars: list[str]) -> list[bool]:
    """For each character, whether the configuration converts it (on its own, not in a phrase)."""
    converted = opencc_converter(config).convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # never seen; convert one by one rather than misalign
        converted = [opencc_converter(config).convert(char) for char in chars]
    return [new != old for new, old in zip(converted, chars)]


def source_script(texts: Iterable[str]) -> str:
    """SIMPLIFIED or TRADITIONAL; text with no script-specific character counts as Simplified
    (converting it to Traditional changes only its words, which is what such an edition needs)."""
    counts = Counter("".join(texts))  # counting in C, then keeping the Han characters: 3x faster
    counts = Counter({char: n for char, n in counts.items() if _is_han(char)})
    chars = list(counts)
    traditional = sum(counts[c] for c, changed in zip(chars, _changed("t2s", chars)) if changed)
    if traditional == 0:
        return SIMPLIFIED
    simplified = sum(counts[c] for c, changed in zip(chars, _changed("s2t", chars)) if changed)
    return TRADITIONAL if traditional > simplified else SIMPLIFIED
