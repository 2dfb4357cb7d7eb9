"""Issue 29, point 1: every non-empty line of an imported document is somewhere in the draft.

A line is accounted for when it was dropped as page noise (the report lists it by number) or
when its words are in the written files: a field, a TODO comment, a chapter. The words are
compared without punctuation, spaces, digits and numbering (the importer tidies those), and a
heading's 岗位职责 (the title keeps only the title). Each piece between punctuation marks of two
characters or more must be found; so a line cut short, or one left out, is found missing.
"""
from __future__ import annotations

import re
from pathlib import Path

from jobdesc.importer.cleaning import _NOISE_FRAGMENTS
from jobdesc.importer.text import recognition_view
from jobdesc.importer.vocabulary import LABELS

_LABEL_WORDS = "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True))
_LABELS = re.compile(f"^(?:{_LABEL_WORDS})|(?:{_LABEL_WORDS})$")
_LABEL_INSIDE = re.compile(f"(?:{_LABEL_WORDS})|除在|工作基础上|岗位说明书?|职位说明书?|职责|[和及与](?:操作|任职)(?:要求|资格)")  # "营销总监工作内容准备…": a label glued between value and text

_KEEP = re.compile(r"[^\u3400-\u9fffA-Za-z]")
_PIECES = re.compile(r"[，,。；;：:、()（）\[\]【】《》“”\"'!！?？\s/=＝—\-·•]+")
_HEADING_WORDS = re.compile(r"的?(岗位职责|工作职责|职责|岗位说明书?|职位说明书?|岗位描述|职位描述|部门职能|职能)"
                            r"(和操作要求|及任职要求|及任职资格|与任职要求)?")


# What a heading or label line says besides its content: the importer reads it as structure
# (an article, a chapter, a field's label), not as text to keep.
_STRUCTURE = re.compile(r"精选多篇|除在|工作基础上|(推荐)?第[0-9一二三四五六七八九十百]+[篇章节条]|人员架构|组织架构图?|部门机构|架构|概述|"
                        r"以下几项|具体内容分为|如下")


_NUMBERING = re.compile(r"^\s*(?:[(（]?(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3}|[A-Za-z])[)）.．、]|[①-⑳])+")


def _found(piece: str, written: str) -> bool:
    piece = re.sub(r"\d+\s*[名人]", "", piece)  # a figure: written as a number (headcount: 13)
    plain = _plain(piece)
    headless = _plain(_HEADING_WORDS.sub("", piece))
    for variant in (plain, headless, _STRUCTURE.sub("", headless), _LABELS.sub("", headless)):
        if len(variant) < 2 or variant in written:
            return True
    return False


def _plain(text: str) -> str:
    return _KEEP.sub("", text)


def written_text(out: Path) -> str:
    """Every written file's words, in the Simplified view (a Traditional document is compared
    by the same rules)."""
    return _plain(recognition_view("".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*")) if p.is_file())))


def unaccounted(source_lines: list[str], out: Path, noise: set[int], written: str | None = None) -> list[tuple[int, str]]:
    """(line number, text) of the lines whose words are nowhere in `out` and not page noise."""
    written = written if written is not None else written_text(out)
    missing = []
    for number, line in enumerate(source_lines, start=1):
        if not line.strip() or number in noise:
            continue
        if missing_pieces(line, written):
            missing.append((number, line))
    return missing


def missing_pieces(line: str, written: str) -> list[str]:
    view = _NOISE_FRAGMENTS.sub("", recognition_view(line))  # watermarks are page noise
    pieces = [part for piece in _PIECES.split(_NUMBERING.sub("", view)) for part in _LABEL_INSIDE.split(piece)]
    return [piece for piece in pieces if not _found(piece, written)]


def noise_of(report, name: str) -> set[int]:
    """The lines the report says were page noise, or read whole as headcounts (人员架构)."""
    noise = {n for file, lines, _ in report.line_lists if file == name for n in lines}
    return noise | {n for file, lines in report.headcount_lines if file == name for n in lines}


def noise_and_todo_overlap(report) -> list[int]:
    """A line may not be both dropped as noise and kept as a TODO."""
    return sorted(n for _, noise, ignored in report.line_lists for n in set(noise) & set(ignored))
