"""Issue 28: Traditional labels in each region's HR words, Simplified ones unchanged.

zh-TW printed mainland terms in Traditional script (崗位說明書, 定崗定編表, 在崗); Taiwan
writes 職務說明書, 職稱, 在職, 員額, Hong Kong 職位說明書, 編制, 在職 (sources in
jobdesc/regional_terms.py). Every label table of every renderer is read."""
from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import jobdesc
from jobdesc.i18n import labels_for
from jobdesc.jd.labels import ZH as JD_ZH

MAINLAND = re.compile(r"崗|定編")


def label_tables() -> list[tuple[str, dict[str, str]]]:
    """(module.NAME, table) for every Chinese label table in jobdesc's renderers."""
    tables = []
    for info in pkgutil.walk_packages(jobdesc.__path__, "jobdesc."):
        if info.name.endswith("__main__") or ".importer" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if "ZH" in name.upper() and isinstance(value, dict) and value and \
                    all(isinstance(v, str) for v in value.values()):
                tables.append((f"{info.name}.{name}", value))
    return tables


def test_the_tables_are_found():
    names = [name for name, _ in label_tables()]
    assert len(names) >= 15 and "jobdesc.jd.labels.ZH" in names


@pytest.mark.parametrize("language", ["zh-TW", "zh-HK"])
def test_no_traditional_label_keeps_a_mainland_hr_term(language):
    found = [(name, key, text) for name, table in label_tables()
             for key, text in labels_for(language, table, {}).items() if MAINLAND.search(text)]
    assert not found, found[:10]


def test_each_region_has_its_own_words_and_simplified_is_unchanged():
    taiwan, hong_kong, mainland = (labels_for(x, JD_ZH, {}) for x in ("zh-TW", "zh-HK", "zh-CN"))
    assert mainland == JD_ZH  # the Simplified labels as they were
    title = next(key for key, text in JD_ZH.items() if text == "岗位说明书")
    assert (taiwan[title], hong_kong[title]) == ("職務說明書", "職位説明書")  # 説: Hong Kong's standard form
    staffing_title = labels_for("zh-TW", {"t": "定岗定编表"}, {})["t"], labels_for("zh-HK", {"t": "定岗定编表"}, {})["t"]
    assert staffing_title == ("人力配置表", "編制表")
    figures = {x: labels_for(x, {"h": "编制 / 在岗 / 空缺"}, {})["h"] for x in ("zh-TW", "zh-HK")}
    assert figures == {"zh-TW": "員額 / 在職 / 空缺", "zh-HK": "編制 / 在職 / 空缺"}
