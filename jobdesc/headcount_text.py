"""How headcount figures print when some of them were never stated or a person holds two posts.

Every output that prints totals (staffing table, org chart, handbook) adds the same notes
after its sums, so they agree: how many posts have no figure (未定编, in no sum), how many
posts are held concurrently (兼任), and then the people counted once.
"""
from __future__ import annotations

from .i18n import labels_for
from .organisation import HeadcountTotals

LABELS_ZH = {
    "not_stated": "未定编岗位 {n} 个",
    "concurrent": "兼任 {n} 岗",
    "people": "实有 {n} 人",
    "separator": " · ",
}
LABELS_EN = {
    "not_stated": "{n} posts not stated",
    "concurrent": "{n} posts held concurrently",
    "people": "{n} people",
    "separator": " · ",
}


def totals_notes(total: HeadcountTotals, language: str) -> list[str]:
    """The notes for a total, only those that say something (nothing when all is stated and
    nobody holds two posts)."""
    labels = labels_for(language, LABELS_ZH, LABELS_EN)
    notes = []
    if total.not_stated:
        notes.append(labels["not_stated"].format(n=total.not_stated))
    if total.concurrent:
        notes.append(labels["concurrent"].format(n=total.concurrent))
    if total.concurrent_filled:  # only then do people differ from the filled posts
        notes.append(labels["people"].format(n=total.people))
    return notes


def with_notes(text: str, total: HeadcountTotals, language: str) -> str:
    """`text` (the sums), followed by the notes for the same total."""
    separator = labels_for(language, LABELS_ZH, LABELS_EN)["separator"]
    return separator.join([text, *totals_notes(total, language)])
