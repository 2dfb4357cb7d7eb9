"""A handbook chapter (chapters/*.md) as a renderer-neutral tree.

chapter_reader.py reads the Markdown into these; the PDF (handbook/chapter_html.py), the Word
handbook (handbook/docx_rules.py) and the website each walk the same tree, so no renderer
sees Markdown, raw HTML or a URL that did not pass the one gate (chapters.resolve_target).

Everything is a frozen dataclass of strings, numbers and tuples: picklable for the worker
processes, and `repr` is a stable cache key.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union


# ------------------------------------------------------------------ where a link or picture points


@dataclass(frozen=True)
class WebAddress:
    """http(s) or mailto: printed (and clickable in a PDF), never fetched."""

    url: str


@dataclass(frozen=True)
class LocalFile:
    """A file inside the organisation directory; `path` is relative to it, POSIX style."""

    path: str


@dataclass(frozen=True)
class Anchor:
    """`#section` inside the same chapter: the text is printed, nothing is linked."""

    name: str


Target = Union[WebAddress, LocalFile, Anchor]


@dataclass(frozen=True)
class Picture:
    """A picture inside DIR, read and checked when the chapter was loaded (the bytes travel
    with the tree, so every renderer and the build cache see the same picture)."""

    path: str  # relative to DIR, POSIX style
    mime: str  # image/png, image/jpeg or image/gif
    data: bytes = field(repr=False)
    width: int  # pixels
    height: int
    digest: str  # sha256 of data: what repr (the cache key) shows instead of the bytes


# ------------------------------------------------------------------ inline content


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Strong:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Emphasis:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Strikethrough:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Link:
    children: tuple["Inline", ...]
    target: Target


@dataclass(frozen=True)
class Image:
    alt: str
    picture: Optional[Picture]  # None for a picture on the web: its address is printed instead
    web: Optional[WebAddress] = None


Inline = Union[Text, Code, LineBreak, Strong, Emphasis, Strikethrough, Link, Image]


# ------------------------------------------------------------------ blocks


@dataclass(frozen=True)
class Heading:
    level: int  # 1 = a section of the chapter (the chapter's title is Chapter.title), 2, 3 …
    children: tuple[Inline, ...]
    anchor: str  # unique in the handbook, e.g. "chapter-01-rules-2"

    @property
    def text(self) -> str:
        return plain_text(self.children)


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    start: int  # the first number of an ordered list
    items: tuple[tuple["Block", ...], ...]


@dataclass(frozen=True)
class Table:
    aligns: tuple[Optional[str], ...]  # per column: "left", "center", "right" or None
    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]


@dataclass(frozen=True)
class Quote:
    children: tuple["Block", ...]


@dataclass(frozen=True)
class CodeBlock:
    text: str


@dataclass(frozen=True)
class Rule:
    pass


Block = Union[Heading, Paragraph, ListBlock, Table, Quote, CodeBlock, Rule]


@dataclass(frozen=True)
class Chapter:
    """One chapters/*.md: its title (the first heading), its blocks after that heading, in order."""

    id: str  # the file name without .md, e.g. "01-例会制度"
    path: Path = field(compare=False)
    title: str
    anchor: str  # e.g. "chapter-1"
    blocks: tuple[Block, ...]
    source: str = field(default="", repr=False, compare=False)  # the file's text, for textcheck's places

    def headings(self) -> list[Heading]:
        """The chapter's own headings (not its title), in order: for contents and bookmarks."""
        return [b for b in self.blocks if isinstance(b, Heading)]

    def search_text(self) -> str:
        """The chapter's words without Markdown, a line per paragraph, heading, list item or
        table cell. Made from the blocks, not `source`, so it is in the edition's script (a
        Traditional edition converts the blocks; the file's text stays as typed)."""
        lines: list[str] = []
        stack: list = list(reversed(self.blocks))
        while stack:  # iteratively: nesting is whatever the file has
            node = stack.pop()
            if isinstance(node, (Heading, Paragraph)):
                lines.append(plain_text(node.children))
            elif isinstance(node, CodeBlock):
                lines.append(node.text)
            elif isinstance(node, ListBlock):
                stack.extend(reversed([b for item in node.items for b in item]))
            elif isinstance(node, Quote):
                stack.extend(reversed(node.children))
            elif isinstance(node, Table):
                lines += [plain_text(cell) for cell in (*node.header, *(c for r in node.rows for c in r))]
        return "\n".join(line for line in lines if line)

    def pictures(self) -> list[Picture]:
        found: list[Picture] = []
        for inline in _inlines(self.blocks):
            if isinstance(inline, Image) and inline.picture is not None:
                found.append(inline.picture)
        return found


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inline content, without its formatting."""
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, (Text, Code)):
            parts.append(inline.text)
        elif isinstance(inline, LineBreak):
            parts.append(" ")
        elif isinstance(inline, Image):
            parts.append(inline.alt)
        else:
            parts.append(plain_text(inline.children))
    return "".join(parts)


def _inlines(blocks) -> list[Inline]:
    """Every inline in `blocks`, depth first (iteratively: nesting is whatever the file has)."""
    found: list[Inline] = []
    stack: list = list(reversed(blocks))
    while stack:
        node = stack.pop()
        if isinstance(node, (Heading, Paragraph)):
            stack.extend(reversed(node.children))
        elif isinstance(node, ListBlock):
            stack.extend(reversed([b for item in node.items for b in item]))
        elif isinstance(node, Quote):
            stack.extend(reversed(node.children))
        elif isinstance(node, Table):
            stack.extend(reversed([i for cell in (*node.header, *(c for r in node.rows for c in r)) for i in cell]))
        elif isinstance(node, (Strong, Emphasis, Strikethrough, Link)):
            found.append(node)
            stack.extend(reversed(node.children))
        elif isinstance(node, (Text, Code, LineBreak, Image)):
            found.append(node)
    return found
