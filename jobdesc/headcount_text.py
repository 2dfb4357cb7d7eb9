"""How headcount figures print when some of them were never stated or a person holds two posts.

Every output that prints totals (staffing table, org chart, handbook) adds the same notes
after its sums, so they agree: how many posts have no figure (编制未列明, in no sum), how many
posts are held concurrently (兼任), and then the people counted once. Where no post has a
figure at all, the sums (all 0) are left out and only the notes print.
"""
from __future__ import annotations

from .i18n import labels_for
from .format.organisation import HeadcountTotals

LABELS_ZH = {
    "not_stated": "编制未列明岗位 {n} 个",
    "concurrent": "兼任 {n} 岗",
    "people": "实有 {n} 人",
    "separator": " · ",
}
LABELS_EN = {
    "not_stated": "headcount not stated for {n} posts",
    "not_stated_one": "headcount not stated for 1 post",
    "concurrent": "{n} posts held concurrently",
    "concurrent_one": "1 post held concurrently",
    "people": "{n} people",
    "people_one": "1 person",
    "separator": " · ",
}


def totals_notes(total: HeadcountTotals, language: str) -> list[str]:
    """The notes for a total, only those that say something (nothing when all is stated and
    nobody holds two posts)."""
    labels = labels_for(language, LABELS_ZH, LABELS_EN)
    notes = []
    if total.not_stated:
        notes.append(_counted(labels, "not_stated", total.not_stated))
    if total.concurrent:
        notes.append(_counted(labels, "concurrent", total.concurrent))
    if total.concurrent_filled:  # only then do people differ from the filled posts
        notes.append(_counted(labels, "people", total.people))
    return notes


def _counted(labels: dict[str, str], key: str, n: int) -> str:
    """English has a singular ("1 post held concurrently"); Chinese labels have no "_one" form."""
    return labels[f"{key}_one"] if n == 1 and f"{key}_one" in labels else labels[key].format(n=n)


def with_notes(text: str, total: HeadcountTotals, language: str) -> str:
    """`text` (the sums), followed by the notes for the same total."""
    separator = labels_for(language, LABELS_ZH, LABELS_EN)["separator"]
    return separator.join([*([] if total.nothing_stated else [text]), *totals_notes(total, language)])
