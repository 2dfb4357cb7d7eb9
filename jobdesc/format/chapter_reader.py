"""Read chapters/*.md (FORMAT.md section 8) into Chapter trees, refusing what the handbook cannot take.

Markdown is parsed by markdown-it-py (CommonMark, plus tables and strikethrough) into its
token stream, which becomes the renderer-neutral tree of chapter_models.py. Every mistake
is a located error (file:line:col), all of a chapter's at once:

* raw HTML (a block or inline tag): a handbook never passes HTML through;
* a link or picture whose address is neither a web address nor a file inside DIR, or a
  file inside DIR that does not exist; a picture that is not PNG, JPEG or GIF. Every
  address goes through chapter_addresses.py, the one gate; web addresses are printed, never
  fetched, and pictures travel as bytes (the PDF gets them as data: URLs, which is all
  WeasyPrint's fetcher serves besides the templates);
* a file over MAX_CHAPTER_BYTES, not UTF-8 (GBK from an older editor), or a file that is
  not a regular file inside DIR (userfiles.py, as for every file a user gives us);
* a chapter without a heading: its first heading is the chapter's title.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from .. import userfiles
from .chapter_addresses import read_picture, resolve_target
from .chapter_models import (Block, Chapter, Code, CodeBlock, Emphasis, Heading, Image, Inline, LineBreak,
                             Link, ListBlock, LocalFile, Paragraph, Picture, Quote, Rule, Strikethrough, Strong,
                             Table, Target, Text, WebAddress, plain_text)
from ..errors import Diagnostic, UserError, error
from .yaml_reader import decode_text

CHAPTER_DIR = "chapters"
MAX_CHAPTERS = 200


def chapter_paths(root: Path) -> list[Path]:
    """DIR/chapters/*.md in file-name order (the order of the chapters)."""
    folder = root / CHAPTER_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted((p for p in userfiles.walk_files(folder) if p.parent == folder and p.suffix == ".md"),
                  key=lambda p: p.name)


def _parser():
    from markdown_it import MarkdownIt

    # html stays on so that raw HTML arrives as its own tokens, which we refuse with a place;
    # with it off, markdown-it would print the tags as text.
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # markdown-it prints a javascript:, vbscript:, file: or data: link as plain text; every
    # address must reach resolve_target instead, which refuses it with its place.
    parser.validateLink = lambda url: True
    return parser


def load_chapters(root: Path) -> tuple[list[Chapter], list[Diagnostic]]:
    """Every chapter of DIR that reads without a mistake, and the mistakes of the others."""
    chapters: list[Chapter] = []
    problems: list[Diagnostic] = []
    budget = userfiles.Budget(userfiles.MAX_CHAPTERS_BYTES, MAX_CHAPTERS, kind="chapters and pictures")
    for number, path in enumerate(chapter_paths(root), 1):
        try:
            raw = userfiles.read_bytes(path, userfiles.MAX_CHAPTER_BYTES, root=root)
            budget.spend(path, len(raw))
            chapters.append(_Reader(root, path, decode_text(path, raw), f"chapter-{number}", budget).chapter())
        except UserError as exc:
            problems.extend(exc.diagnostics)
            if any(d.code in userfiles.BUDGET_CODES for d in exc.diagnostics):
                break  # the chapters after this one are not read
    return chapters, problems


class _Reader:
    """One chapter's tokens → its tree, collecting every problem before raising."""

    def __init__(self, root: Path, path: Path, text: str, anchor: str, budget: userfiles.Budget):
        self.root, self.path, self.anchor, self.budget = root, path, anchor, budget
        self.text = text
        self.lines = text.splitlines() or [""]
        self.problems: list[Diagnostic] = []
        self.headings = 0
        from markdown_it.tree import SyntaxTreeNode

        self.tree = SyntaxTreeNode(_parser().parse(text))

    def chapter(self) -> Chapter:
        blocks = self._blocks(self.tree.children, 0)
        title_index = next((i for i, b in enumerate(blocks) if isinstance(b, Heading)), None)
        if title_index is None and not self.problems:
            self._fail(1, 1, "chapter-title",
                       "a chapter starts with its title as a heading, such as `# 例会制度`")
        if self.problems:
            raise UserError(self.problems)
        title = blocks[title_index]
        assert isinstance(title, Heading)
        rest = blocks[:title_index] + blocks[title_index + 1:]
        base = title.level  # the title's level is the chapter's; later headings sit below it
        rest = tuple(Heading(max(1, b.level - base), b.children, b.anchor) if isinstance(b, Heading) else b
                     for b in rest)
        return Chapter(self.path.stem, self.path, plain_text(title.children) or self.path.stem, self.anchor, rest, self.text)

    # ------------------------------------------------------------ places and problems

    def _fail(self, line: int, column: int, code: str, message: str) -> None:
        self.problems.append(error(self.path, line, column, code, message))

    def _find(self, node, needle: str) -> tuple[int, int]:
        """Line and column of `needle` within the lines of `node` (its first line if not found)."""
        first, end = (node.map or [0, 1]) if node is not None else (0, 1)
        for index in range(first, min(end, len(self.lines))):
            column = self.lines[index].find(needle) if needle else -1
            if column >= 0:
                return index + 1, column + 1
        return first + 1, 1

    # ------------------------------------------------------------ blocks

    def _blocks(self, nodes, depth: int) -> tuple[Block, ...]:
        blocks: list[Block] = []
        for node in nodes:
            block = self._block(node, depth)
            if block is not None:
                blocks.append(block)
        return tuple(blocks)

    def _block(self, node, depth: int) -> Optional[Block]:
        kind = node.type
        if kind == "heading":
            self.headings += 1
            return Heading(int(node.tag[1]), self._inline(node), f"{self.anchor}-{self.headings}")
        if kind == "paragraph":
            return Paragraph(self._inline(node))
        if kind in ("bullet_list", "ordered_list"):
            start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else 1
            items = tuple(self._blocks(item.children, depth + 1) for item in node.children)
            return ListBlock(kind == "ordered_list", start, items)
        if kind == "table":
            return self._table(node)
        if kind == "blockquote":
            return Quote(self._blocks(node.children, depth + 1))
        if kind in ("code_block", "fence"):
            return CodeBlock(node.content.rstrip("\n"))
        if kind == "hr":
            return Rule()
        if kind == "html_block":
            line, column = self._find(node, node.content.strip()[:20])
            self._fail(line, column, "raw-html", "raw HTML is not allowed in a chapter; write it in Markdown "
                                                 "(tables, lists, **bold**) instead")
            return None
        line, column = self._find(node, "")
        self._fail(line, column, "unsupported-markdown", f"the handbook cannot print a Markdown '{kind}' block")
        return None

    def _table(self, node) -> Table:
        header: list[tuple[Inline, ...]] = []
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        aligns: list[Optional[str]] = []
        for section in node.children:
            for row in section.children:
                cells = tuple(self._inline(cell) for cell in row.children)
                if section.type == "thead":
                    header = list(cells)
                    aligns = [_align(cell.attrs.get("style")) for cell in row.children]
                else:
                    rows.append(cells)
        return Table(tuple(aligns), tuple(header), tuple(rows))

    # ------------------------------------------------------------ inline content

    def _inline(self, node) -> tuple[Inline, ...]:
        inline = node.children[0] if node.children and node.children[0].type == "inline" else node
        return self._inlines(inline.children, inline)

    def _inlines(self, nodes, where) -> tuple[Inline, ...]:
        found: list[Inline] = []
        for index, node in enumerate(nodes):
            kind = node.type
            if kind == "text":
                found.append(Text(node.content))
            elif kind == "softbreak":
                found.append(Text(_soft_break(found, nodes[index + 1:])))
            elif kind == "hardbreak":
                found.append(LineBreak())
            elif kind == "code_inline":
                found.append(Code(node.content))
            elif kind == "strong":
                found.append(Strong(self._inlines(node.children, where)))
            elif kind == "em":
                found.append(Emphasis(self._inlines(node.children, where)))
            elif kind == "s":
                found.append(Strikethrough(self._inlines(node.children, where)))
            elif kind == "link":
                href = str(node.attrs.get("href", ""))
                target = self._target(href, where, picture=False)
                children = self._inlines(node.children, where)
                found.append(Link(children, target) if target is not None else Strong(children))
            elif kind == "image":
                found.append(self._image(node, where))
            elif kind == "html_inline":
                line, column = self._find(where, node.content)
                self._fail(line, column, "raw-html", f"raw HTML ({node.content[:40]}) is not allowed in a chapter; "
                                                     "write it in Markdown instead")
            else:
                found.append(Text(node.content))
        return tuple(found)

    def _image(self, node, where) -> Image:
        src = str(node.attrs.get("src", ""))
        alt = plain_text(self._inlines(node.children, where))
        target = self._target(src, where, picture=True)
        if isinstance(target, WebAddress):
            return Image(alt, None, target)
        if isinstance(target, LocalFile):
            picture = self._picture(target, src, where)
            if picture is not None:
                return Image(alt, picture)
        return Image(alt, None)

    def _target(self, url: str, where, *, picture: bool) -> Optional[Target]:
        try:
            return resolve_target(url, self.path, self.root, picture=picture)
        except ValueError as exc:
            line, column = self._find(where, url)
            self._fail(line, column, "bad-address", str(exc))
            return None

    def _picture(self, target: LocalFile, src: str, where) -> Optional[Picture]:
        try:
            return read_picture(self.root, target, self.budget, self.path)
        except UserError as exc:
            if any(d.code in userfiles.BUDGET_CODES for d in exc.diagnostics):
                raise  # the chapters' limit: load_chapters stops reading
            line, column = self._find(where, src)
            for d in exc.diagnostics:
                self._fail(line, column, d.code, f"picture '{target.path}': {d.message}")
        except ValueError as exc:
            line, column = self._find(where, src)
            self._fail(line, column, "bad-picture", str(exc))
        return None


def _align(style: Optional[str]) -> Optional[str]:
    match = re.search(r"text-align:\s*(left|center|right)", str(style or ""))
    return match.group(1) if match else None


def _is_wide(char: str) -> bool:
    return ord(char) > 0x2E80


def _soft_break(before: list[Inline], following) -> str:
    """A line break inside a paragraph: a space between Latin words, nothing between Chinese
    characters (a space there would print in the middle of a sentence)."""
    last = next((i.text for i in reversed(before) if isinstance(i, Text) and i.text), "")
    after = next((n.content for n in following if n.type == "text" and n.content), "")
    if last and after and (_is_wide(last[-1]) or _is_wide(after[0])):
        return ""
    return " "
