"""A chapter tree (format/chapter_models.py) → the HTML handbook.html prints, every text escaped.

Only what the tree holds is written: no tag or attribute comes from the user's Markdown. A
picture is inlined as a data: URL (its bytes were read and checked when the chapter was
loaded), so the layout fetches nothing and the HTML itself is the build-cache key. A web
address is a link printed with its address beside it (a reader of paper sees where it goes);
a file inside DIR is printed as its path.
"""
from __future__ import annotations

import base64
from html import escape

from markupsafe import Markup

from ..format.chapter_models import (Anchor, Chapter, Code, CodeBlock, Emphasis, Heading, Image, LineBreak, Link,
                              ListBlock, LocalFile, Paragraph, Quote, Rule, Strikethrough, Strong, Table, Text,
                              WebAddress, plain_text)

MAX_HEADING = 6


def chapter_html(chapter: Chapter, bracketed: str = "（{text}）") -> Markup:
    """The chapter's body (its title is printed by the template); `bracketed` is how the
    language puts an address in brackets after a link (jd labels' "bracketed")."""
    return Markup("".join(_block(block, bracketed) for block in chapter.blocks))


def _block(block, bracketed: str) -> str:
    if isinstance(block, Heading):
        level = min(block.level + 1, MAX_HEADING)  # the chapter title is the h1
        return f'<h{level} id="{escape(block.anchor)}">{_inlines(block.children, bracketed)}</h{level}>'
    if isinstance(block, Paragraph):
        return f"<p>{_inlines(block.children, bracketed)}</p>"
    if isinstance(block, ListBlock):
        items = "".join(f"<li>{_list_item(item, bracketed)}</li>" for item in block.items)
        if block.ordered:
            start = f' start="{block.start}"' if block.start != 1 else ""
            return f"<ol{start}>{items}</ol>"
        return f"<ul>{items}</ul>"
    if isinstance(block, Table):
        return _table(block, bracketed)
    if isinstance(block, Quote):
        return f"<blockquote>{''.join(_block(b, bracketed) for b in block.children)}</blockquote>"
    if isinstance(block, CodeBlock):
        return f"<pre>{escape(block.text)}</pre>"
    if isinstance(block, Rule):
        return "<hr>"
    raise TypeError(f"not a chapter block: {block!r}")


def _list_item(blocks, bracketed: str) -> str:
    """A tight list item is one paragraph: printed without the paragraph's margins."""
    if len(blocks) >= 1 and isinstance(blocks[0], Paragraph):
        return _inlines(blocks[0].children, bracketed) + "".join(_block(b, bracketed) for b in blocks[1:])
    return "".join(_block(b, bracketed) for b in blocks)


def _table(table: Table, bracketed: str) -> str:
    def cells(tag: str, row) -> str:
        out = []
        for index, cell in enumerate(row):
            align = table.aligns[index] if index < len(table.aligns) else None
            style = f' class="align-{align}"' if align else ""
            out.append(f"<{tag}{style}>{_inlines(cell, bracketed)}</{tag}>")
        return "".join(out)

    head = f"<thead><tr>{cells('th', table.header)}</tr></thead>" if table.header else ""
    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in table.rows)
    return f'<table class="chapter-table">{head}<tbody>{body}</tbody></table>'


def _inlines(inlines, bracketed: str) -> str:
    return "".join(_inline(i, bracketed) for i in inlines)


def _inline(inline, bracketed: str) -> str:
    if isinstance(inline, Text):
        return escape(inline.text)
    if isinstance(inline, Code):
        return f"<code>{escape(inline.text)}</code>"
    if isinstance(inline, LineBreak):
        return "<br>"
    if isinstance(inline, Strong):
        return f"<strong>{_inlines(inline.children, bracketed)}</strong>"
    if isinstance(inline, Emphasis):
        return f"<em>{_inlines(inline.children, bracketed)}</em>"
    if isinstance(inline, Strikethrough):
        return f"<s>{_inlines(inline.children, bracketed)}</s>"
    if isinstance(inline, Link):
        return _link(inline, bracketed)
    if isinstance(inline, Image):
        return _image(inline)
    raise TypeError(f"not chapter text: {inline!r}")


def _link(link: Link, bracketed: str) -> str:
    text = _inlines(link.children, bracketed)
    target = link.target
    if isinstance(target, WebAddress):
        shown = plain_text(link.children)
        address = "" if shown == target.url else \
            f'<span class="address">{escape(bracketed.format(text=target.url))}</span>'
        return f'<a href="{escape(target.url)}">{text}</a>{address}'
    if isinstance(target, LocalFile):
        return f'{text}<span class="address">{escape(bracketed.format(text=target.path))}</span>'
    assert isinstance(target, Anchor)
    return text


def _image(image: Image) -> str:
    if image.picture is not None:
        data = base64.b64encode(image.picture.data).decode("ascii")
        return (f'<img class="chapter-picture" src="data:{image.picture.mime};base64,{data}" '
                f'alt="{escape(image.alt)}">')
    address = image.web.url if image.web is not None else ""
    return f'<span class="picture-address">[{escape(image.alt)}] {escape(address)}</span>'
