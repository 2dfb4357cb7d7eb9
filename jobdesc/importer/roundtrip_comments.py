"""Word comments on an edited job description: reported, never lost silently.

Each comment is found a place in the role file: the line that holds the text it is anchored
to (else the text of the paragraph it starts in, without the duty's number). The import lists
them (author, anchored text, file:line); `--comments-as-todo` writes each one as a
`# TODO` comment above that line, indented as it is (or at the end of the file when its text
is in no line: a comment on the RACI table, say).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .wordml_parts import Comment
from .writing import comment as one_line


@dataclass
class Note:
    comment: Comment
    line: Optional[int]  # 1-based line of the role file, None when no line holds its text


def located(comments: list[Comment], text: str) -> list[Note]:
    lines = text.split("\n")
    return [Note(c, _line_of(c, lines)) for c in comments]


def _line_of(comment: Comment, lines: list[str]) -> Optional[int]:
    paragraph = comment.paragraph.split("\t", 1)[-1].strip()
    for needle in (comment.anchor.strip(), paragraph):
        if not needle:
            continue
        for number, line in enumerate(lines, start=1):
            if needle in line and not line.lstrip().startswith("#"):
                return number
    return None


def describe(note: Note, path: Path) -> str:
    where = f"{path}:{note.line}" if note.line else f"{path} (no line holds its text)"
    anchored = f" on “{note.comment.anchor}”" if note.comment.anchor else ""
    return f"{note.comment.author or 'someone'}{anchored}: {note.comment.text}  [{where}]"


def as_todo(text: str, notes: list[Note]) -> str:
    lines = text.split("\n")
    trailing = lines[-1] == ""
    if trailing:
        lines.pop()
    for note in sorted(notes, key=lambda n: -(n.line or len(lines) + 1)):
        author = note.comment.author or "someone"
        body = one_line(" ".join(note.comment.text.split()))
        if note.line is None:
            lines.append(f"# TODO (Word comment by {one_line(author)}): {body}")
            continue
        target = lines[note.line - 1]
        indent = target[:len(target) - len(target.lstrip())]
        lines.insert(note.line - 1, f"{indent}# TODO (Word comment by {one_line(author)}): {body}")
    return "\n".join(lines) + ("\n" if trailing else "")
