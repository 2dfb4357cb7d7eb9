"""The shared font subsets of a merged PDF (pdf/fontshare.py) are kept in the build cache under
the installed font file as it is now, the HarfBuzz version and the glyphs: a rebuild reuses
them, another font file (or the same file changed) never gets an old cut, and an entry that
is not a whole font is made again (issue 31 target 2)."""
from __future__ import annotations

import os
from pathlib import Path

from jobdesc import cache
from jobdesc.cache import SUM_SUFFIX, BuildCache, entry_sum
from jobdesc.pdf import fontshare

SFNT_HEADER = b"\x00\x01\x00\x00" + b"\x00" * 8  # a TrueType file with no tables: what _is_font accepts


def _fake_subsetter(monkeypatch) -> list[tuple]:
    calls: list[tuple] = []

    def subset(file: str, index: int, glyphs) -> bytes:
        calls.append((file, index, tuple(glyphs)))
        return SFNT_HEADER + f"{Path(file).read_bytes()!r}{index}{list(glyphs)}".encode()

    monkeypatch.setattr(fontshare, "subset_by_glyph_id", subset)
    return calls


def test_a_subset_is_cut_once_and_reused_until_the_font_file_changes(tmp_path, monkeypatch):
    calls = _fake_subsetter(monkeypatch)
    font = tmp_path / "face.otf"
    font.write_bytes(b"font one")
    cache.activate(BuildCache(tmp_path / "cache"))
    try:
        first = fontshare._subset((str(font), 0), [5, 3, 3])
        assert fontshare._subset((str(font), 0), [3, 5]) == first  # same glyphs, from the cache
        assert len(calls) == 1 and calls[0][2] == (3, 5)
        assert fontshare._subset((str(font), 1), [3, 5]) != first  # another face of the file
        assert fontshare._subset((str(font), 0), [3, 5, 7]) != first  # other glyphs
        assert len(calls) == 3
        font.write_bytes(b"font two, another size")  # the installed font was replaced
        os.utime(font, ns=(1, 1))
        changed = fontshare._subset((str(font), 0), [3, 5])
        assert len(calls) == 4 and changed != first and b"font two" in changed
    finally:
        cache.activate(None)


def test_a_cached_subset_that_is_not_a_font_is_cut_again(tmp_path, monkeypatch):
    calls = _fake_subsetter(monkeypatch)
    font = tmp_path / "face.otf"
    font.write_bytes(b"font one")
    root = tmp_path / "cache"
    cache.activate(BuildCache(root))
    try:
        good = fontshare._subset((str(font), 0), [1, 2])
        for entry in (root / "entries" / fontshare.SUBSET_KIND).iterdir():
            if not entry.name.endswith(SUM_SUFFIX):  # forged with a matching hash: only the format check tells
                entry.write_bytes(b"<html>not a font</html>")
                entry.with_name(entry.name + SUM_SUFFIX).write_text(
                    entry_sum(fontshare.SUBSET_KIND, entry.name, entry.read_bytes()), "ascii")
        cache.activate(BuildCache(root))
        assert fontshare._subset((str(font), 0), [1, 2]) == good
        assert len(calls) == 2
    finally:
        cache.activate(None)
