"""OUT/confidential/pay-bands.xlsx and .pdf: the levels' pay bands (薪酬带宽表), CONFIDENTIAL.

Written only by `build --confidential`, and only when some level has a band; otherwise
nothing, and OUT's manifest does not name this output. Nothing of it goes through the build
cache (no workbook or layout kept in ~/.cache), and no other output reads a band: the job
descriptions, handbook, site, level table and messages never print one (tests/test_levels.py
greps them all for the figures).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..build_graph import BuildContext, Output, Product, Step
from ..i18n import CJK_FONT, HTML_LANG, labels_for
from ..pdf import lay_out_uncached, write_bytes
from ..tables.labels import COMMON_EN, COMMON_ZH, title_block
from ..tables.pay_bands import figure, pay_band_rows, write_workbook
from ..templating import render_template

FOLDER = "confidential"
LABELS_ZH = {
    **COMMON_ZH,
    "title": "薪酬带宽表",
    "sheet": "薪酬带宽",
    "confidential": "机密：仅限授权人员查阅，不得外传",
    "ladder": "序列",
    "level": "职级",
    "level_name": "职级名称",
    "min": "下限",
    "mid": "中位值",
    "max": "上限",
    "currency": "币种",
    "period": "周期",
    "posts": "岗位",
    "no_band": "未设定",
    "bracketed": "（{text}）",
    "period_hourly": "每小时",
    "period_daily": "每日",
    "period_monthly": "每月",
    "period_yearly": "每年",
}
LABELS_EN = {
    **COMMON_EN,
    "title": "Pay Bands",
    "sheet": "Pay bands",
    "confidential": "Confidential: for authorised readers only",
    "ladder": "Ladder",
    "level": "Level",
    "level_name": "Name",
    "min": "Minimum",
    "mid": "Midpoint",
    "max": "Maximum",
    "currency": "Currency",
    "period": "Period",
    "posts": "Posts",
    "no_band": "not set",
    "bracketed": " ({text})",
    "period_hourly": "hourly",
    "period_daily": "daily",
    "period_monthly": "monthly",
    "period_yearly": "yearly",
}


@dataclass(frozen=True)
class PayBands:
    files: list[Path]


PAYBANDS: Product[PayBands] = Product("paybands", "the confidential pay bands (only with build --confidential)")


def start(ctx: BuildContext) -> PayBands:
    org = ctx.org
    if not ctx.options.confidential or not org.architecture.has_pay:
        return PayBands([])
    labels = labels_for(org.language, LABELS_ZH, LABELS_EN)
    rows = pay_band_rows(org, labels)
    heading = f"{org.org.organization} {labels['title']}"
    folder = ctx.out / FOLDER
    xlsx = write_workbook(rows, labels, heading, org.language, folder / "pay-bands.xlsx")
    html = render_template(ctx.templates.environment(), "paybands.html", lang=HTML_LANG[org.language],
                           cjk_font=CJK_FONT[org.language], organisation=org.org.organization, labels=labels,
                           meta=title_block(org.org.handbook, labels), rows=rows, figure=figure)
    laid_out = lay_out_uncached(html, ctx.templates.folders[0], ctx.templates.folders, "paybands.html")
    return PayBands([xlsx, write_bytes(laid_out.pdf, folder / "pay-bands.pdf")])


OUTPUT = Output("paybands", (Step(PAYBANDS, start),),
                "confidential/pay-bands.pdf, .xlsx (build --confidential, with pay bands only)",
                manifest_when_empty=False)
