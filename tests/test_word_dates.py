"""The Word files' own dates (docProps/core.xml): the handbook's `effective` date when
SOURCE_DATE_EPOCH is not set, SOURCE_DATE_EPOCH when it is, 2000-01-01 without either."""
from __future__ import annotations

import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import small_org_data, write_org
from jobdesc.determinism import dated, effective_datetime


def core_dates(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        core = package.read("docProps/core.xml").decode()
    return dict(re.findall(r"<dcterms:(created|modified)[^>]*>([^<]+)</dcterms:\1>", core))


def build(tmp_path: Path, run_cli, effective) -> Path:
    org, roles, processes = small_org_data()
    if effective is None:
        org.get("handbook", {}).pop("effective", None)
    else:
        org.setdefault("handbook", {})["effective"] = effective
    directory = write_org(tmp_path / "org", org, roles, processes)
    out = tmp_path / "out"
    result = run_cli("build", directory, "-o", out, "--only", "jd,handbook", "-j", "1")
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("text, expected", [
    ("2025-07-01", (2025, 7, 1)), ("2025/7/1", (2025, 7, 1)), ("2025.07.01", (2025, 7, 1)),
    ("2025年7月1日", (2025, 7, 1)), (" 2025 年 7 月 1 日 ", (2025, 7, 1)),
    ("2025-02-30", None), ("2025年7月", None), ("下月起", None), ("", None), (None, None)])
def test_effective_text_is_read_as_a_date_only_when_it_is_one(text, expected):
    moment = effective_datetime(text)
    assert (moment and (moment.year, moment.month, moment.day)) == expected or moment is expected


def test_source_date_epoch_wins_over_the_effective_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert dated("2025-07-01") == datetime(2026, 1, 1, tzinfo=timezone.utc)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert dated("2025-07-01") == datetime(2025, 7, 1, tzinfo=timezone.utc)
    assert dated("不定") == datetime(2000, 1, 1, tzinfo=timezone.utc)


def test_word_files_are_dated_by_the_effective_date(tmp_path, run_cli, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = build(tmp_path, run_cli, "2025年7月1日")
    documents = [out / "handbook.docx", *sorted((out / "jd").glob("*.docx"))]
    assert len(documents) > 2
    for path in documents:
        assert core_dates(path) == {"created": "2025-07-01T00:00:00Z", "modified": "2025-07-01T00:00:00Z"}, path


def test_without_an_effective_date_or_epoch_the_fixed_default_stays(tmp_path, run_cli, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = build(tmp_path, run_cli, None)
    for path in [out / "handbook.docx", *(out / "jd").glob("*.docx")]:
        assert core_dates(path)["created"] == "2000-01-01T00:00:00Z", path
