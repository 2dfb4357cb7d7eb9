"""Issue 13 item 3: a damaged build cache is never published. Every entry carries its hash;
an entry that does not match (truncated, bytes flipped, garbage, hash missing) is a miss and
is made again, so the rebuild exits 0 with the same bytes as a clean build."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jobdesc.cache import CACHE_DIR, SUM_SUFFIX, BuildCache

from test_build import snapshot
from test_meetings_chapters import small_org

JSON_KINDS = ("pdf-meta", "orgchart", "index-keys", "digits-font-meta", "site-chart")


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """The small organisation built once into a fresh OUT: (org dir, OUT, its files' hashes)."""
    from jobdesc.build import BuildOptions, run_build
    from jobdesc.loader import load_organisation

    root = tmp_path_factory.mktemp("cache")
    org_dir = small_org(root / "org")  # with a meeting and a chapter with a picture: their layouts are cached too
    out = root / "out"
    run_build(load_organisation(org_dir)[0], out, BuildOptions(jobs=1))
    return org_dir, out, snapshot(out)


def entries(out: Path, kinds: tuple[str, ...] | None = None) -> list[Path]:
    return [p for p in sorted((out / CACHE_DIR).rglob("*"))
            if p.is_file() and p.suffix != SUM_SUFFIX and (kinds is None or p.parent.name in kinds)]


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
    "flipped-byte-everywhere": (None, flip),
    "hash-missing-everywhere": (None, drop_hash),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_entries_are_rebuilt_never_published(damage, clean_build, tmp_path, run_cli):
    org_dir, clean_out, clean = clean_build
    out = tmp_path / "out"
    shutil.copytree(clean_out, out)
    kinds, spoil = DAMAGE[damage]
    damaged = entries(out, kinds)
    assert damaged, f"no cache entries of {kinds}"
    for path in damaged:
        spoil(path)
    result = run_cli("build", org_dir, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert snapshot(out) == clean
    # The damaged entries were made again: each matches its hash now.
    cache = BuildCache(out / CACHE_DIR)
    for path in damaged:
        assert cache.path(path.parent.name, path.name) == path


def test_an_entry_is_checked_against_its_hash(tmp_path):
    cache = BuildCache(tmp_path)
    cache.put("kind", "key", b"hello")
    assert BuildCache(tmp_path).get("kind", "key") == b"hello"
    (tmp_path / "kind" / "key").write_bytes(b"hellp")
    fresh = BuildCache(tmp_path)
    assert fresh.get("kind", "key") is None and fresh.path("kind", "key") is None
    assert fresh.get_or_make("kind", "key", lambda: b"hello") == b"hello"
    assert BuildCache(tmp_path).path("kind", "key") == tmp_path / "kind" / "key"
