"""A rule section of a document (客户档案管理制度 …) as a handbook chapter (chapters/*.md).

Its lines are written as they are, one block each: a numbered section head (一、总则) is a
level-2 heading, a numbered line (1. / (1) / ①) a list item, anything else a paragraph. The
text is the document's, so it is untrusted: every character Markdown gives a meaning to is
escaped with a backslash, so no line can become a link, a picture, raw HTML or code (the
chapter reader refuses HTML; an escaped "<" is just a character).
"""
from __future__ import annotations

import re

_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]")
_ITEM = re.compile(r"^(?:[(（]\s*\d{1,3}\s*[)）]|\d{1,3}(?:\.\d{1,3})*\s*[、.．)]|[①-⑳]|[a-zA-Z]\s*[)）.])")
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&=:\"'$%^])")


def escape(text: str) -> str:
    """Every ASCII punctuation mark CommonMark may read as syntax, escaped; spaces squeezed (a
    line indented four spaces would be code)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def chapter_markdown(title: str, lines: list[tuple[int, str]]) -> str:
    blocks = [f"# {escape(title)}"]
    for _, text in lines:
        text = text.strip()
        if not text:
            continue
        if _SECTION.match(text) and len(text) <= 40:
            blocks.append(f"## {escape(text)}")
        elif _ITEM.match(text):
            blocks.append(f"- {escape(text)}")
        else:
            blocks.append(escape(text))
    return "\n\n".join(blocks) + "\n"
