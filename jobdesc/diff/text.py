"""Word-by-word differences of two texts, Chinese first.

Chinese has no spaces, so a line diff says only "this duty changed" and a space-separated
word diff sees one long word. We compare tokens instead: one token per Chinese character
(or other symbol), one per run of Latin letters or digits (so "500" never splits into "5"
and "00", nor "Excel" into letters). Then we tidy the result as a reader wants it: an
unchanged run of one or two characters caught between two changes (计划 → 方案 sharing no
character, 月度 → 季度 sharing 度) is folded into the change, so the reader sees whole
words replaced rather than confetti; and when the two texts have little in common the whole
text is shown as replaced.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["equal", "delete", "insert"]

# A Latin word or number (with its decimal point / thousands comma inside), a run of
# spaces, or any other single character (a Chinese character, a punctuation mark).
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.,:%][A-Za-z0-9]+)*%?|\s+|.", re.S)
# Unchanged runs this short between two changes are folded into them.
_SHORT_EQUAL = 2
# Below this similarity the texts are different statements: show them replaced whole.
_MIN_SIMILARITY = 0.3


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str

    def as_dict(self) -> dict:
        return {"op": self.op, "text": self.text}


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Segments that turn `old` into `new`: equal, delete and insert runs, in reading order.

    Joining the equal+delete texts gives `old`; joining equal+insert gives `new`.
    """
    if old == new:
        return (Segment("equal", old),) if old else ()
    old_tokens, new_tokens = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    if matcher.ratio() < _MIN_SIMILARITY:
        return _replaced(old, new)
    raw: list[tuple[str, str, str]] = []  # (op, old text, new text) per opcode
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        raw.append((tag, "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])))
    return _edges(_whole_words(_merge(_fold_short_equals(raw))))


def _replaced(old: str, new: str) -> tuple[Segment, ...]:
    return tuple(s for s in (Segment("delete", old), Segment("insert", new)) if s.text)


def _fold_short_equals(raw: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """An unchanged run of at most two characters between two changes becomes part of them."""
    folded: list[tuple[str, str, str]] = []
    for index, (tag, old, new) in enumerate(raw):
        between_changes = 0 < index < len(raw) - 1 and raw[index - 1][0] != "equal" and raw[index + 1][0] != "equal"
        if tag == "equal" and between_changes and len(old) <= _SHORT_EQUAL and not old.isspace():
            tag = "replace"
        folded.append((tag, old, new))
    return folded


def _edges(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """One shared Chinese character at the start or end is no anchor (客服部 → 客户服务部):
    when the rest is Chinese replaced by Chinese, show the whole text replaced."""
    ops = [s.op for s in segments]
    chinese = lambda seg: any(_cjk(c) for c in seg.text)  # noqa: E731
    if ops == ["equal", "delete", "insert"] and len(segments[0].text) == 1 and _cjk(segments[0].text) \
            and chinese(segments[1]) and chinese(segments[2]):
        head = segments[0].text
        return Segment("delete", head + segments[1].text), Segment("insert", head + segments[2].text)
    if ops == ["delete", "insert", "equal"] and len(segments[2].text) == 1 and _cjk(segments[2].text) \
            and chinese(segments[0]) and chinese(segments[1]):
        tail = segments[2].text
        return Segment("delete", segments[0].text + tail), Segment("insert", segments[1].text + tail)
    return segments


def _merge(raw: list[tuple[str, str, str]]) -> tuple[Segment, ...]:
    """Adjacent changes become one deletion followed by one insertion (how redlines read)."""
    segments: list[Segment] = []
    deleted, inserted = "", ""

    def flush() -> None:
        nonlocal deleted, inserted
        segments.extend(s for s in (Segment("delete", deleted), Segment("insert", inserted)) if s.text)
        deleted, inserted = "", ""

    for tag, old, new in raw:
        if tag == "equal":
            flush()
            segments.append(Segment("equal", old))
        else:
            deleted += old
            inserted += new
    flush()
    return tuple(segments)


def _cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _whole_words(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """One Chinese character replaced by another is most often half of a two-character word
    (月度 → 季度): show the word replaced, taking in the unchanged character that follows
    (or, at the end of a run, the one before)."""
    out = list(segments)
    for i in range(len(out) - 1):
        deleted, inserted = out[i], out[i + 1]
        if not (deleted.op == "delete" and inserted.op == "insert" and len(deleted.text) == 1
                and len(inserted.text) == 1 and _cjk(deleted.text) and _cjk(inserted.text)):
            continue
        after = out[i + 2] if i + 2 < len(out) else None
        before = out[i - 1] if i > 0 else None
        if after is not None and after.op == "equal" and _cjk(after.text[0]):
            char = after.text[0]
            out[i], out[i + 1] = Segment("delete", deleted.text + char), Segment("insert", inserted.text + char)
            out[i + 2] = Segment("equal", after.text[1:])
        elif before is not None and before.op == "equal" and _cjk(before.text[-1]):
            char = before.text[-1]
            out[i], out[i + 1] = Segment("delete", char + deleted.text), Segment("insert", char + inserted.text)
            out[i - 1] = Segment("equal", before.text[:-1])
    return tuple(s for s in out if s.text)


def similarity(old: str, new: str) -> float:
    """How alike two texts are (0..1), on the same tokens the diff uses."""
    return SequenceMatcher(None, tokens(old), tokens(new), autojunk=False).ratio()
