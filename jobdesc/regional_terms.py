"""The HR words of each Traditional-Chinese region, for labels (never for what users typed).

OpenCC changes the script and a few everyday words (s2twp: 信息 → 資訊), but the labels are
mainland HR terms: converted, they read 崗位說明書, 定崗定編表, 在崗, which a Taiwan or Hong
Kong reader knows as the mainland's words. After conversion, each phrase below (longest
first) is replaced by the region's term. zh-CN keeps the Simplified labels as they are.

Where each choice comes from (public documents found while writing this; no term was
changed without one, except where said):

Taiwan (zh-TW)
  [TW1] 勞動部 台灣就業通「企業人資」: 職務說明書必要內容 — "職務說明書 (Job Description)…
        1. 職稱：亦即職務稱謂 2. 配屬部門 3. 職等 4. 工作項目 …",
        https://hr.taiwanjobs.gov.tw/Internet/company/DocDetail.aspx?docid=39738&uk=2793
  [TW2] 臺北市政府主計處, 統計名詞定義: "員額數 — 編制員額 … 現有員額",
        https://dbas.gov.taipei/News.aspx?n=CE1296E27DE6B8E1&sms=9C2BFA02577D5A1E
  [TW3] Issue 28 (Taiwan HR writes 在職 and 人力配置): no document found here titled
        人力配置表; 在職 is also the Hong Kong government's word [HK2].
Hong Kong (zh-HK)
  [HK1] 入境事務處年報 附錄4「編制及實際人數」: "本處編制內有 6 814 個職位",
        https://www.immd.gov.hk/publications/a_report_2012/tc/appendice/appendices-04.htm
  [HK2] 公務員事務局局長 2024-11-18 立法會發言: "公務員編制、實際員額 … 實際在職的公務員"
        (gia.info.gov.hk press release, as reprinted by portal.sina.com.hk)
  [HK3] Issue 28 (Hong Kong writes 職位說明書), following 職位 [HK1]; no Hong Kong
        document titled 職位說明書 was found here.
Not changed, for want of a source: 直接上級, 任職資格, 空缺 (Hong Kong's 空缺 is [HK2]'s word too).
"""
from __future__ import annotations

REGIONAL_TERMS: dict[str, tuple[tuple[str, str], ...]] = {
    "zh-TW": (
        ("崗位說明書", "職務說明書"),  # TW1
        ("崗位名稱", "職稱"),  # TW1
        ("崗位級別", "職等"),  # TW1
        ("職級", "職等"),  # TW1
        ("崗位職責", "工作項目"),  # TW1
        ("所屬部門", "配屬部門"),  # TW1
        ("定崗定編表", "人力配置表"),  # TW3
        ("定崗定編", "人力配置"),  # TW3
        ("人員編制", "人力配置"),  # TW3: the row whose value is "員額 1 人 / 在職 1 人 / 空缺 0 人"
        ("編制", "員額"),  # TW2
        ("在崗", "在職"),  # TW3, HK2
        ("崗位", "職務"),  # TW1 (本職務, 職務稱謂)
        ("崗", "職務"),  # 助理崗, 兼任 N 崗
    ),
    "zh-HK": (
        ("崗位説明書", "職位説明書"),  # HK3 (説: the Hong Kong character standard, as OpenCC s2hk writes it)
        ("定崗定編表", "編制表"),  # HK1
        ("定崗定編", "編制"),  # HK1
        ("在崗", "在職"),  # HK2
        ("崗位", "職位"),  # HK1
        ("崗", "職位"),
    ),
}


def regional(text: str, language: str) -> str:
    """A converted label in the region's HR words (unchanged for zh-CN and en)."""
    for mainland, local in REGIONAL_TERMS.get(language, ()):
        text = text.replace(mainland, local)
    return text
