"""Issue 13 item 3, issue 35 points 9 and 10: a cache entry that does not read back is never
published. Every entry carries a hash of its kind, key and bytes; an entry that does not
match (truncated, bytes flipped, garbage, hash missing, moved under another key with its
hash file) or whose bytes are not what its reader expects (a PDF cut short, JSON of another
shape) is a miss and is made again, so the rebuild exits 0 with the bytes of a clean build."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from jobdesc.cache import SUM_SUFFIX, BuildCache

from test_build import snapshot
from test_meetings_chapters import small_org

JSON_KINDS = ("pdf-meta", "orgchart", "index-keys", "digits-font-meta", "site-chart", "site-pinyin", "json",
              "jd-chunk-pages", "handbook-docx")
FILE_KINDS = ("jd-chunk", "jd-pdf", "jd-docx", "pdf", "png", "raci-pdf", "raci-xlsx", "staffing-xlsx", "digits-font",
              "font-subset")


@pytest.fixture(scope="module", autouse=True)
def _libreoffice_on_path():
    """These builds lay out handbook.docx's page numbers (the default), so their layouts are
    among the entries damaged and forged (conftest turns LibreOffice off for the suite)."""
    before = os.environ.pop("JOBDESC_LIBREOFFICE", None)
    yield
    if before is not None:
        os.environ["JOBDESC_LIBREOFFICE"] = before


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory) -> tuple[Path, Path, Path, dict[str, str]]:
    """The small organisation built once: (org dir, OUT, its cache, OUT's files' hashes)."""
    root = tmp_path_factory.mktemp("cache")
    org_dir = small_org(root / "org")  # with a meeting and a chapter with a picture: their layouts are cached too
    out, cache = root / "out", root / "cache"
    from click.testing import CliRunner

    from jobdesc.cli import main

    result = CliRunner().invoke(main, ["build", str(org_dir), "-o", str(out), "--cache", str(cache), "-j", "1"])
    # handbook.docx's page numbers by default: their layouts are cached too ("json")
    assert result.exit_code == 0, result.output
    return org_dir, out, cache, snapshot(out)


def entries(cache: Path, kinds: tuple[str, ...] | None = None) -> list[Path]:
    """Every entry (a file with its hash beside it) of these kinds (its folder's name)."""
    return [p for p in sorted(cache.rglob("*"))
            if p.is_file() and p.with_name(p.name + SUM_SUFFIX).is_file() and (kinds is None or p.parent.name in kinds)]


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: max(1, path.stat().st_size // 3)])


def flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def garbage(path: Path) -> None:
    path.write_bytes(b'{"pages": ')


def drop_hash(path: Path) -> None:
    path.with_name(path.name + SUM_SUFFIX).unlink()


DAMAGE = {
    "truncated-jd-pdf": (("jd-pdf",), truncate),  # the reported case: 21 unreadable PDFs published
    "truncated-workbooks": (("staffing-xlsx", "raci-xlsx"), truncate),  # a broken zip was published
    "garbage-json": (JSON_KINDS, garbage),  # was exit 2 on every rebuild
    "truncated-everywhere": (None, truncate),
    "flipped-byte-everywhere": (None, flip),
    "hash-missing-everywhere": (None, drop_hash),
}


def rebuild_copy(clean_build, tmp_path, run_cli, spoil) -> tuple[Path, Path]:
    """Copy the clean build and its cache, `spoil(cache)`, rebuild; returns (OUT, cache)."""
    org_dir, clean_out, clean_cache, clean = clean_build
    out, cache = tmp_path / "out", tmp_path / "cache"
    shutil.copytree(clean_out, out)
    shutil.copytree(clean_cache, cache)
    spoil(cache)
    result = run_cli("build", org_dir, "-o", out, "--cache", cache, "-j", "1")
    assert result.exit_code == 0, result.output
    assert snapshot(out) == clean
    return out, cache


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_entries_are_rebuilt_never_published(damage, clean_build, tmp_path, run_cli):
    kinds, spoil = DAMAGE[damage]
    damaged: list[Path] = []

    def spoil_all(cache: Path) -> None:
        damaged.extend(entries(cache, kinds))
        assert damaged, f"no cache entries of {kinds}"
        for path in damaged:
            spoil(path)

    rebuild_copy(clean_build, tmp_path, run_cli, spoil_all)
    cache = BuildCache(tmp_path / "cache")  # the damaged entries were made again (or pruned): none is left damaged
    for path in damaged:
        assert cache.path(path.parent.name, path.name) == path or not path.exists()


def test_entries_swapped_with_their_hash_files_are_rebuilt(clean_build, tmp_path, run_cli):
    """Issue 35 point 10: two entries of a kind swapped together with their hash files made
    jd/admin-supervisor.pdf another role's description, exit 0."""
    swapped: list[str] = []

    def swap(cache: Path) -> None:
        by_kind: dict[str, list[Path]] = {}
        for path in entries(cache):
            by_kind.setdefault(path.parent.name, []).append(path)
        for kind, paths in by_kind.items():
            if len(paths) < 2:
                continue
            swapped.append(kind)
            files = [(p.read_bytes(), p.with_name(p.name + SUM_SUFFIX).read_bytes()) for p in paths]
            for path, (data, digest) in zip(paths, files[1:] + files[:1]):
                path.write_bytes(data)
                path.with_name(path.name + SUM_SUFFIX).write_bytes(digest)

    rebuild_copy(clean_build, tmp_path, run_cli, swap)
    assert {"jd-pdf", "jd-docx", "site-page", "handbook-docx"} <= set(swapped), swapped


FORGED = {  # bytes whose hash was written for them: only their readers can tell
    "json-garbage": (JSON_KINDS, lambda data: b"garbage"),
    "json-of-another-shape": (JSON_KINDS, lambda data: b'[1, {"pages": "x"}]'),
    "files-cut-short": (FILE_KINDS, lambda data: data[: len(data) // 3]),
    "text-not-utf8": (("site-page",), lambda data: b"\xff" + data),
}


@pytest.mark.parametrize("forged", FORGED)
def test_entries_that_do_not_read_back_are_rebuilt_even_with_their_hash(forged, clean_build, tmp_path, run_cli):
    """Entries a reader refuses are a miss, never an internal error (issue 35 point 9: exit 2
    for JD chunks, page counts and the layouts' JSON)."""
    from jobdesc.cache import entry_sum

    kinds, make = FORGED[forged]

    def forge(cache: Path) -> None:
        found = entries(cache, kinds)
        assert {p.parent.name for p in found} == set(kinds)
        for path in found:
            data = make(path.read_bytes())
            path.write_bytes(data)
            path.with_name(path.name + SUM_SUFFIX).write_text(entry_sum(path.parent.name, path.name, data), "ascii")

    rebuild_copy(clean_build, tmp_path, run_cli, forge)


def test_an_entry_is_checked_against_its_hash_and_its_key(tmp_path):
    cache = BuildCache(tmp_path)
    one, two = "1" * 64, "2" * 64
    cache.put("kind", one, b"hello")
    cache.put("kind", two, b"world")
    assert BuildCache(tmp_path).get("kind", one) == b"hello"
    entry = tmp_path / "entries" / "kind" / one
    entry.write_bytes(b"hellp")
    fresh = BuildCache(tmp_path)
    assert fresh.get("kind", one) is None and fresh.path("kind", one) is None
    assert fresh.get_or_make("kind", one, lambda: b"hello") == b"hello"
    assert BuildCache(tmp_path).path("kind", one) == entry
    for name in (one, f"{one}{SUM_SUFFIX}"):  # swap the two entries and their hash files
        first, second = tmp_path / "entries" / "kind" / name, tmp_path / "entries" / "kind" / name.replace("1", "2")
        data = first.read_bytes()
        first.write_bytes(second.read_bytes())
        second.write_bytes(data)
    swapped = BuildCache(tmp_path)
    assert swapped.get("kind", one) is None and swapped.get("kind", two) is None
    assert swapped.get("kind", one, read=int) is None  # a reader that refuses: a miss too
    with pytest.raises(ValueError):
        cache.put("kind", "../../outside", b"x")  # only names the cache makes


def test_every_entry_a_build_wrote_reads_back(clean_build):
    """The format checks accept what the build itself stores (else every rebuild would redo it)."""
    from jobdesc.cache import plausible

    _org_dir, _out, cache_root, _clean = clean_build
    cache = BuildCache(cache_root)
    found = entries(cache_root)
    assert {"jd-chunk", "jd-pdf", "jd-docx", "png", "digits-font", "font-subset", "handbook-docx", "site-page"} <= {
        p.parent.name for p in found}
    for path in found:
        assert plausible(path.parent.name, path.read_bytes()), path
        assert cache.path(path.parent.name, path.name) == path
