"""The embedded page-number font: the same bytes whenever and wherever it is made."""
from __future__ import annotations

import time

from jobdesc.pdf import stamps
from jobdesc.textcheck import find_face


def test_digits_font_does_not_depend_on_the_clock(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    face = find_face("Noto Sans")
    make = stamps._subset.__wrapped__  # past the per-process cache
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.0)
    first = make(face.file, face.index)
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)
    second = make(face.file, face.index)
    assert first == second


def test_digits_font_holds_what_page_numbers_print():
    face = find_face("Noto Sans")
    _data, widths, tag = stamps._subset(face.file, face.index)
    assert set(widths) == set("0123456789 /") and all(w > 0 for w in widths.values())
    assert len(tag) == 6 and tag.isalpha() and tag.isupper()
