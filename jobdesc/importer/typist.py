"""Tidy text the way a careful typist would, before anything is recognised in it.

  - NFC, never NFKC: NFKC would turn full-width punctuation and ㈠ ① into ASCII and digits,
    which is not what the person typed;
  - pinyin annotations left by web converters after a character go: 總監(jiān) → 總監,
    崗位性質(zhì)： → 崗位性質：;
  - spaces between two Chinese characters are line-wrap leftovers: 会 议 → 会议,
    人力 资源部 → 人力资源部 (between Chinese and Latin letters or digits they stay; taken out
    of what is written, see unwrap);
  - ASCII , ; : ? ! ( ) next to Chinese text become their full-width forms (，；：？！（）),
    but not inside numbers and times (1,000  10:00);
  - runs of separators (;；  ，,) become one, and items lose the separators they end with.
"""
from __future__ import annotations

import re
import unicodedata

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。；：、！？（）【】《》「」『』“”‘’—…"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# (jiān) (zhì) (zǒng jiān): lower-case pinyin syllables with at least one tone mark, right
# after a Chinese character, in ASCII or full-width brackets.
_PINYIN = re.compile(
    f"(?<=[{_HAN}])[(（]\\s*(?=[a-zü{_TONED} ]*[{_TONED}])[a-zü{_TONED}]{{1,6}}(?: [a-zü{_TONED}]{{1,6}}){{0,3}}\\s*[)）]")
_WRAP_SPACE = re.compile(f"(?<=[{_HAN}{_CJK_PUNCT}])[ \t\u3000]+(?=[{_HAN}{_CJK_PUNCT}])")
_NEAR_HAN = f"[{_HAN}{_CJK_PUNCT}]"
_ASCII_TO_WIDE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_MIXED_SEPARATORS = re.compile(r"([;；]\s*){2,}|([,，]\s*){2,}")
TRAILING_SEPARATORS = " \t,，;；、:："


def tidy_line(text: str) -> str:
    """A source line as the careful typist would have typed it."""
    text = unicodedata.normalize("NFC", text)
    text = _PINYIN.sub("", text)
    text = _widen(text)
    return _MIXED_SEPARATORS.sub(lambda m: "；" if ";" in m.group() or "；" in m.group() else "，", text)


def _widen(text: str) -> str:
    chars = list(text)
    for i, ch in enumerate(chars):
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch in _ASCII_TO_WIDE:
            if before.isdigit() and after.isdigit():
                continue  # 1,000  10:00
            if re.match(_NEAR_HAN, before or " ") or re.match(_NEAR_HAN, (after or " ")) \
                    or (after == " " and re.match(_NEAR_HAN, text[i + 2: i + 3] or " ")):
                chars[i] = _ASCII_TO_WIDE[ch]
    text = "".join(chars)
    # Brackets: full-width when what they hold, or what stands before them, is Chinese.
    return re.sub(r"\(([^()]*)\)", lambda m: _bracket(m, text), text)


def _bracket(m: re.Match, text: str) -> str:
    inside = m.group(1)
    before = text[m.start() - 1] if m.start() > 0 else ""
    if re.search(f"[{_HAN}]", inside) or re.match(f"[{_HAN}]", before or " "):
        return f"（{inside}）"
    return m.group()


def unwrap(text: str) -> str:
    """Without the spaces a line wrap left between Chinese characters. Done on what is written
    out, not on the lines read: there a space may be all that is left of a line break before
    a heading (…强销模式 销售部外业岗位职责:), which recognition needs."""
    return _WRAP_SPACE.sub("", text)


def tidy_item(text: str) -> str:
    """An item's text without the separators it ends (or starts) with; a full stop stays."""
    text = re.sub(r"(?:(?<!\s)|(?!\s))\s+([，。；：、！？）])", r"\1", unwrap(text.strip()))
    text = text.strip(TRAILING_SEPARATORS).lstrip("。.")
    if text.endswith(".") and re.match(f"[{_HAN}]", text[-2:-1] or " "):
        text = text[:-1] + "。"  # a Chinese sentence ended with an ASCII full stop
    return text


def join_items(parts: list[str]) -> str:
    """Several items as one text (education: 本科；三年经验): no 「;；」, no trailing separator."""
    return "；".join(p for p in (tidy_item(part).rstrip("。") for part in parts) if p)
