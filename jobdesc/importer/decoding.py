"""Which encoding a plain-text job description is in: UTF-8, GBK/GB18030 or Big5 (or UTF-16).

Chinese users' .txt files come from Notepad and older Word "save as text": UTF-8, GBK on the
mainland, Big5 in Taiwan and Hong Kong, UTF-16 from Notepad's "Unicode". UTF-8 and UTF-16 (with
its byte-order mark) are unambiguous. GBK and Big5 bytes often decode without error in both, so
each decoding is scored by how many of its characters are among the most common ones of
Chinese job descriptions (after converting to Simplified, so Big5's Traditional text counts
the same): the wrong decoding gives rare characters. Decoded, never refused: a person would
open the file and read it, so jobdesc does too, and says which encoding it used.
"""
from __future__ import annotations

import codecs
import functools

# The most frequent characters of Chinese job descriptions and of Chinese text in general.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方"
    "后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它"
    "合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条"
    "只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资"
    "边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北"
    "造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车"
    "例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫"
    "且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克"
    "何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调"
    "满县局照参红细引听该铁价严职责岗销售客户经理主任负协助制订计划审核培训考核汇财务档案顾问咨询营策")


def decode(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) or None when no candidate decodes."""
    if data.startswith(codecs.BOM_UTF8):
        return _try(data, "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _try(data, "utf-16")
    utf8 = _try(data, "utf-8")
    if utf8 is not None:
        return utf8
    candidates = [found for found in (_try(data, "gb18030"), _try(data, "big5hkscs")) if found is not None]
    if not candidates:
        return None
    return max(candidates, key=lambda found: _score(found[0]))


def _try(data: bytes, encoding: str) -> tuple[str, str] | None:
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return None


def _score(text: str) -> float:
    han = [ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"]
    if not han:
        return 0.0
    simplified = _simplified("".join(han[:20000]))
    return sum(1 for ch in simplified if ch in _COMMON) / len(simplified)


@functools.lru_cache(maxsize=8)
def _simplified(text: str) -> str:
    from .text import _converter

    return _converter().convert(text)


NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16", "gb18030": "GBK/GB18030",
         "big5hkscs": "Big5"}
