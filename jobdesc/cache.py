"""A content-addressed cache kept in OUT, so a rebuild redoes only what changed.

Every expensive product (a laid-out PDF, a job-description chunk, a Word file, a PNG)
is stored under the hash of everything that determines its bytes: its HTML or data,
the template files, the jobdesc version and the build timestamp. The same key always
gives the same bytes, which is why an incremental build is byte-identical to a clean
one. Entries not used by a successful build are pruned, so the cache never grows
beyond one build's worth.

Nothing in the cache is trusted: each entry has a SHA-256 of its bytes beside it
(KEY.sha256), checked the first time a build reads the entry. A truncated, altered or
half-written entry, or one without its hash, is a miss: it is made again, never published.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Optional

from . import __version__
from .determinism import build_epoch

CACHE_DIR = ".jobdesc-cache"
EDITIONS_DIR = ".editions"  # in a cache shared by editions: what each edition's last build used


def digest(*parts: str | bytes) -> str:
    """A stable hash of several parts (length-prefixed, so ("ab","c") != ("a","bc"))."""
    h = hashlib.sha256()
    for part in (__version__, str(build_epoch()), *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def folder_fingerprint(folders: Iterable[Path]) -> str:
    """A hash of every file in the template folders (names and contents), in lookup order."""
    h = hashlib.sha256()
    for folder in folders:
        h.update(str(folder).encode())
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(folder)).encode("utf-8"))
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


SUM_SUFFIX = ".sha256"


class BuildCache:
    """Files under OUT/.jobdesc-cache/KIND/KEY, each with KEY.sha256 beside it. Thread- and
    crash-safe: entries and hashes are written to a temporary name and renamed into place,
    the entry first, so a hash never vouches for bytes that are not all there."""

    def __init__(self, root: Path):
        self.root = root
        self.used: set[Path] = set()
        self.hits = 0
        self.misses = 0
        self._fingerprints: dict[tuple[Path, ...], str] = {}
        self._verified: set[Path] = set()  # entries whose bytes matched their hash in this build

    def fingerprint(self, folders: Iterable[Path]) -> str:
        """`folder_fingerprint`, computed once per build (templates do not change mid-build)."""
        key = tuple(folders)
        if key not in self._fingerprints:
            self._fingerprints[key] = folder_fingerprint(key)
        return self._fingerprints[key]

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key

    def _check(self, path: Path) -> Optional[bytes]:
        """The entry's bytes if they match its stored hash (else None: a miss)."""
        try:
            data = path.read_bytes()
            expected = _sum_path(path).read_text("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        if hashlib.sha256(data).hexdigest() != expected:
            return None
        self._verified.add(path)
        self.used.add(path)
        return data

    def path(self, kind: str, key: str) -> Optional[Path]:
        """Where a verified entry is on disk (and mark it used), or None if it is not cached
        or its bytes do not match their hash."""
        path = self._path(kind, key)
        if path in self._verified or self._check(path) is not None:
            self.used.add(path)
            return path
        return None

    def get(self, kind: str, key: str) -> Optional[bytes]:
        data = self._check(self._path(kind, key))
        if data is None:
            self.misses += 1
        else:
            self.hits += 1
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_replacing(path, data)
        _write_replacing(_sum_path(path), hashlib.sha256(data).hexdigest().encode("ascii"))
        self._verified.add(path)
        self.used.add(path)

    def get_or_make(self, kind: str, key: str, make: Callable[[], bytes]) -> bytes:
        data = self.get(kind, key)
        if data is None:
            data = make()
            self.put(kind, key, data)
        return data

    def prune(self, edition: Optional[str] = None) -> None:
        """Drop entries this build did not use (called only after a successful build).

        A cache shared by several editions (`build --cache DIR --language …`) keeps what the
        last full build of each edition used: each one records its entries in
        EDITIONS_DIR/LANGUAGE, and only entries no record names are dropped."""
        if not self.root.is_dir():
            return
        keep = set(self.used)
        if edition is not None:
            records = self.root / EDITIONS_DIR
            records.mkdir(exist_ok=True)
            used = sorted(path.relative_to(self.root).as_posix() for path in self.used)
            _write_replacing(records / edition, "\n".join(used).encode("utf-8"))
            for record in records.iterdir():
                keep |= {self.root / name for name in record.read_text("utf-8").splitlines()}
        for path in self.root.rglob("*"):
            entry = path.with_suffix("") if path.suffix == SUM_SUFFIX else path
            if path.is_file() and entry not in keep and EDITIONS_DIR not in path.relative_to(self.root).parts:
                path.unlink(missing_ok=True)


def _sum_path(entry: Path) -> Path:
    return entry.with_name(entry.name + SUM_SUFFIX)


def _write_replacing(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


_current: Optional[BuildCache] = None


def cached_file(kind: str, material: Iterable[str | bytes], path: Path, write: Callable[[Path], Path]) -> Path:
    """Write `path` with `write(path)`, or copy it from the cache when `material` (everything
    the file is made from) is unchanged since a build that wrote it."""
    build_cache = current()
    if build_cache is None:
        return write(path)
    key = digest(kind, *material)
    data = build_cache.get(kind, key)
    if data is None:
        write(path)
        build_cache.put(kind, key, path.read_bytes())
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return path


def current() -> Optional[BuildCache]:
    """The cache of the build in progress (None outside a build: nothing is cached)."""
    return _current


def activate(cache: Optional[BuildCache]) -> None:
    global _current
    _current = cache
