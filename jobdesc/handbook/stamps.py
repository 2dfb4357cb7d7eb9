"""The handbook's page numbers, as a tiny overlay PDF stamped onto the reused pages.

Reused pages (job descriptions, org chart, tables) already carry their own footers
(e.g. a job description's 第 X 页 / 共 Y 页). The handbook number goes in the outer
bottom corner, where none of those footers print, in the same font as everything else.
"""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Sequence

from ..i18n import HTML_LANG
from ..pdf import render_document


def stamp_overlay(sizes: Sequence[tuple[float, float]], first_number: int, label: str, language: str,
                  allowed_folders: Sequence[Path]) -> bytes:
    """One overlay page per size, numbered from `first_number`; `label` has a {n} placeholder."""
    kinds: dict[tuple[int, int], str] = {}
    pages = []
    for offset, (width, height) in enumerate(sizes):
        key = (round(width * 100), round(height * 100))
        name = kinds.setdefault(key, f"s{len(kinds)}")
        number = escape(label.format(n=first_number + offset))
        pages.append(f'<div class="pg" style="page:{name}"><span>{number}</span></div>')
    at_rules = "".join(
        f"@page {name} {{ size: {w / 100:.2f}pt {h / 100:.2f}pt; margin: 0 }}" for (w, h), name in kinds.items()
    )
    html = f"""<!doctype html><html lang="{HTML_LANG[language]}"><head><style>
    @import url("base.css");
    {at_rules}
    html, body {{ margin: 0; }}
    .pg {{ position: relative; height: 100vh; break-after: page; }}
    .pg:last-child {{ break-after: auto; }}
    .pg span {{ position: absolute; right: 12mm; bottom: 6mm; font-size: 8pt; color: #6b7785; }}
    </style></head><body>{''.join(pages)}</body></html>"""
    folders = list(allowed_folders)
    document = render_document(html, folders[-1], folders)
    return document.write_pdf()
