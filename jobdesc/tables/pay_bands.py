"""The pay bands of the levels (薪酬带宽表), CONFIDENTIAL: rows and the workbook.

Only the `paybands` output (build --confidential) calls this module, and it writes only
into OUT/confidential/; nothing here goes through the build cache, so no copy of a band is
left in ~/.cache. Figures print as typed (8000, 8000.5), with thousands separators.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..format.organisation import Organisation
from .levels_grid import post_titles


@dataclass(frozen=True)
class PayBandRow:
    ladder: str
    level_id: str
    level_name: str
    minimum: Optional[float]  # None: the level has no band
    midpoint: Optional[float]
    maximum: Optional[float]
    currency: str
    period: str  # its printed label
    posts: tuple[str, ...]


def figure(value: Optional[float]) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def pay_band_rows(org: Organisation, labels: dict[str, str]) -> list[PayBandRow]:
    architecture = org.architecture
    at: dict[str, list] = {}
    for role in org.iter_roles():
        for level in architecture.role_levels(role):
            at.setdefault(level.level.id, []).append(role)
    rows = []
    for ladder in architecture.ladders:
        for level in reversed(ladder.levels):
            band = level.pay
            posts = post_titles(org, at.get(level.id, []), labels)
            if band is None:
                rows.append(PayBandRow(ladder.name, level.id, level.name or "", None, None, None, "", "", posts))
                continue
            rows.append(PayBandRow(ladder.name, level.id, level.name or "", band.min, band.mid, band.max,
                                   band.currency or "", labels[f"period_{band.period}"], posts))
    return rows


def write_workbook(rows: list[PayBandRow], labels: dict[str, str], heading: str, language: str, path: Path) -> Path:
    import xlsxwriter

    from ..determinism import build_datetime
    from .cells import write
    from .look import ACCENT, BODY_SIZE, MUTED, RULE, SHEET_FACE, TITLE_SIZE, write_restamped

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": build_datetime().replace(tzinfo=None), "author": "jobdesc",
                         "title": labels["confidential"]})
    base = {"font_name": SHEET_FACE[language], "font_size": BODY_SIZE}
    cell = {**base, "border": 1, "border_color": f"#{RULE}", "valign": "top", "text_wrap": True}
    title = book.add_format({**base, "bold": True, "font_size": TITLE_SIZE, "font_color": f"#{ACCENT}"})
    warn = book.add_format({**base, "bold": True, "font_color": "#B42318"})
    header = book.add_format({**cell, "bold": True, "font_color": "#FFFFFF", "bg_color": f"#{ACCENT}", "align": "center"})
    text = book.add_format(cell)
    number = book.add_format({**cell, "num_format": "#,##0.##", "align": "right"})
    muted = book.add_format({**cell, "font_color": f"#{MUTED}"})
    ws = book.add_worksheet(labels["sheet"])
    write(ws, 0, 0, heading, title)
    write(ws, 1, 0, labels["confidential"], warn)
    headers = [labels[k] for k in ("ladder", "level", "level_name", "min", "mid", "max", "currency", "period", "posts")]
    for n, value in enumerate(headers):
        write(ws, 3, n, value, header)
    for index, row in enumerate(rows):
        r = 4 + index
        values = [row.ladder, row.level_id, row.level_name]
        for n, value in enumerate(values):
            write(ws, r, n, value or None, text)
        if row.minimum is None:
            write(ws, r, 3, labels["no_band"], muted)
            for n in (4, 5, 6, 7):
                write(ws, r, n, None, text)
        else:
            for n, value in ((3, row.minimum), (4, row.midpoint), (5, row.maximum)):
                write(ws, r, n, value, number)
            write(ws, r, 6, row.currency or None, text)
            write(ws, r, 7, row.period, text)
        write(ws, r, 8, labels["list_sep"].join(row.posts) or None, text)
    for n, width in enumerate((12, 8, 16, 12, 12, 12, 9, 8, 40)):
        ws.set_column(n, n, width)
    ws.freeze_panes(4, 0)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    book.close()
    return write_restamped(buffer.getvalue(), path)
