"""Printed labels in the handbook's language: zh-CN, zh-TW, zh-HK or en.

Labels are written once in Simplified Chinese and English. Traditional labels are
derived with OpenCC (Taiwan and Hong Kong phrasing differ, e.g. 信息/資訊), by the same
conversion as the content of a Traditional edition (jobdesc/editions/convert.py), so the
three Chinese variants can never drift apart nor differ from the text around them; then the
HR terms of Taiwan and Hong Kong replace the mainland's (regional_terms.py: 職務說明書,
職位說明書, 在職, 員額, with the documents they come from). Each
renderer keeps its own table next to its code and calls `labels_for(language, ZH, EN)`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from .regional_terms import regional

LANGUAGES = ("zh-CN", "zh-TW", "zh-HK", "en")

# The CSS/HTML `lang` value and the Noto CJK face that prints it correctly.
HTML_LANG = {"zh-CN": "zh-Hans", "zh-TW": "zh-Hant-TW", "zh-HK": "zh-Hant-HK", "en": "en"}
CJK_FONT = {"zh-CN": "Noto Sans CJK SC", "zh-TW": "Noto Sans CJK TC", "zh-HK": "Noto Sans CJK HK",
            "en": "Noto Sans CJK SC"}

# What R/A/C/I stand for, where org.yaml `raci.labels` keeps the defaults.
RACI_LETTERS_ZH = {"R": "负责", "A": "审批", "C": "咨询", "I": "知会"}
RACI_LETTERS_EN = {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}

PERIODS_ZH = {"daily": "每日", "weekly": "每周", "biweekly": "每两周", "ten-day": "每旬", "monthly": "每月",
              "quarterly": "每季度", "half-yearly": "每半年", "yearly": "每年"}
PERIODS_EN = {"daily": "Daily", "weekly": "Weekly", "biweekly": "Every two weeks", "ten-day": "Every ten days",
              "monthly": "Monthly", "quarterly": "Quarterly", "half-yearly": "Half-yearly", "yearly": "Yearly"}
# A meeting's cadence may be stated only as regular or irregular (meetings only: a KPI has a period).
MEETING_PERIODS_ZH = PERIODS_ZH | {"regular": "定期", "irregular": "不定期"}
MEETING_PERIODS_EN = PERIODS_EN | {"regular": "Regularly (cadence not stated)", "irregular": "Irregularly"}


@lru_cache(maxsize=None)
def _converter(language: str):
    from .editions.convert import TO_TRADITIONAL, Converter

    return Converter(TO_TRADITIONAL[language]) if language in TO_TRADITIONAL else None


def to_traditional(text: str, language: str) -> str:
    """Simplified → the Traditional variant of `language`; unchanged for zh-CN and en."""
    converter = _converter(language)
    return converter(text) if converter is not None else text


def labels_for(language: str, zh: Mapping[str, str], en: Mapping[str, str]) -> dict[str, str]:
    """One renderer's label table in the given language (falls back to Chinese for missing English;
    English may have keys of its own, such as a singular "KEY_one")."""
    if language == "en":
        return {key: en.get(key, value) for key, value in zh.items()} | {key: en[key] for key in en if key not in zh}
    return {key: regional(to_traditional(value, language), language) for key, value in zh.items()}


def period_label(period: str | None, language: str) -> str:
    if period is None:
        return ""
    return labels_for(language, MEETING_PERIODS_ZH, MEETING_PERIODS_EN)[period]


# How a concurrent incumbent (兼任) is marked after the name, everywhere a name is printed.
CONCURRENT_MARK = {"zh-CN": "（兼）", "zh-TW": "（兼）", "zh-HK": "（兼）", "en": " (concurrent)"}


def person_label(person, language: str) -> str:
    """An incumbent as printed: the name, marked 兼 when the post is held concurrently."""
    return person.name + CONCURRENT_MARK[language] if person.concurrent else person.name


def not_stated_label(language: str) -> str:
    """What a figure nobody stated prints as (未列明, under a 编制 heading)."""
    return labels_for(language, {"x": "未列明"}, {"x": "not stated"})["x"]
