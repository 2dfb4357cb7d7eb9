"""Converting one text between Simplified and Traditional Chinese, as a region writes it.

OpenCC (its C++ library, `opencc` on PyPI) does the conversion: s2twp for Taiwan (the
characters, then Taiwan's words: 信息→資訊, 软件→軟體), s2hk for Hong Kong, t2s back.
Around it we keep some things as typed, and fix what a phrase table gets wrong in HR text:

* `keep:` terms (a registered company name, a product) are printed exactly as typed;
* web addresses and the targets of Markdown links are file names and addresses, not words;
* s2twp's phrase table is written for software. A few of its words mean something else in
  a job description (权限 → 許可權 is a program's permission, 对象 → 物件 a program's object,
  审核 → 稽核 an audit, 发布 → 釋出 a software release, 社区 → 社群 an online community,
  全局 → 全域性 a variable's scope, 保存 → 儲存 saving a file, 文件 → 檔案 a computer file,
  设备 → 裝置 a device): these words get the characters only (s2tw);
* quotation marks follow the region: “ ” ‘ ’ in the mainland, 「 」 『 』 in Taiwan and Hong Kong.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

# The OpenCC configuration that writes each edition from the other script.
TO_TRADITIONAL = {"zh-TW": "s2twp", "zh-HK": "s2hk"}
TO_SIMPLIFIED = "t2s"
# Words s2twp's (software) phrase table gets wrong in HR text; converted character by character.
CHARACTERS_ONLY = ("权限", "对象", "审核", "发布", "社区", "全局", "保存", "文件", "设备")
_CHARACTER_CONFIG = {"s2twp": "s2tw"}

_QUOTES = {"to-traditional": str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"}),
           "to-simplified": str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})}
# Addresses and Markdown link targets: `](target)`, `<https://…>`, bare http(s) addresses.
_ADDRESSES = r"\]\([^)\n]*\)|<[a-z][a-z0-9+.-]*:[^>\s]*>|https?://[^\s)>\]]+"


@lru_cache(maxsize=None)
def opencc_converter(config: str):
    """One OpenCC converter per configuration (loading its dictionaries takes ~0.1 s)."""
    import opencc  # here: a build that converts nothing never loads it

    return opencc.OpenCC(config)


class Converter:
    """Converts texts with one OpenCC configuration, keeping `keep` terms and addresses as typed."""

    def __init__(self, config: str, keep: Sequence[str] = ()):
        self.config = config
        self._opencc = opencc_converter(config)
        character_config = _CHARACTER_CONFIG.get(config)
        self._characters = opencc_converter(character_config) if character_config else None
        self._keep = frozenset(keep)
        words = sorted(set(keep) | (set(CHARACTERS_ONLY) if self._characters else set()), key=len, reverse=True)
        pattern = "|".join([_ADDRESSES, *map(re.escape, words)])
        self._protected = re.compile(pattern)
        self._quotes = _QUOTES["to-simplified" if config == TO_SIMPLIFIED else "to-traditional"]

    def __call__(self, text: str) -> str:
        pieces: list[str] = []
        start = 0
        for match in self._protected.finditer(text):
            pieces.append(self._convert(text[start:match.start()]))
            word = match.group()
            if word in CHARACTERS_ONLY and word not in self._keep:
                pieces.append(self._characters.convert(word))
            else:
                pieces.append(word)  # a keep term or an address, as typed
            start = match.end()
        pieces.append(self._convert(text[start:]))
        return "".join(pieces)

    def _convert(self, text: str) -> str:
        return self._opencc.convert(text).translate(self._quotes) if text else text
