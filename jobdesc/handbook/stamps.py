"""The handbook's page numbers, as a tiny overlay PDF stamped onto the reused pages.

Reused pages (job descriptions, org chart, tables) already carry their own footers
(e.g. a job description's 第 X 页 / 共 Y 页). The handbook number goes in the outer
bottom corner, where none of those footers print, in the same font as everything else.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..i18n import HTML_LANG
from ..jd.html import css_string
from ..pdf import lay_out


def stamp_overlay(sizes: Sequence[tuple[float, float]], first_number: int, label: str, language: str,
                  allowed_folders: Sequence[Path]) -> bytes:
    """One overlay page per size, numbered from `first_number`; `label` has a {n} placeholder.

    Each page gets its own @page rule carrying its size and its number in the bottom-right
    margin box: margin boxes are laid out against each page's own size, so portrait and
    landscape pages both get the number in their corner.
    """
    rules, pages = [], []
    for offset, (width, height) in enumerate(sizes):
        number = css_string(label.format(n=first_number + offset))
        rules.append(f'@page p{offset} {{ size: {width:.2f}pt {height:.2f}pt; @bottom-right {{ content: {number} }} }}')
        pages.append(f'<div style="page:p{offset}"></div>')
    html = f"""<!doctype html><html lang="{HTML_LANG[language]}"><head><style>
    @import url("base.css");
    @page {{ margin: 0 12mm 12mm 0;
      @bottom-right {{ font-size: 8pt; color: #6b7785; vertical-align: middle; text-align: right; }} }}
    {''.join(rules)}
    html, body {{ margin: 0; }}
    div {{ break-after: page; }}
    div:last-child {{ break-after: auto; }}
    </style></head><body>{''.join(pages)}</body></html>"""
    folders = list(allowed_folders)
    return lay_out(html, folders[-1], folders).pdf
