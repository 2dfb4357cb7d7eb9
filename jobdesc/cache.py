"""A content-addressed build cache, so a rebuild redoes only what changed.

Every expensive product (a laid-out PDF, a job-description chunk, a Word file, a PNG)
is stored under the hash of everything that determines its bytes: its HTML or data,
the template files, the jobdesc version and the build timestamp. The same key always
gives the same bytes, which is why an incremental build is byte-identical to a clean
one. Entries not used by a successful build are pruned, so the cache never grows
beyond one build's worth. Where the cache folder is, and which folders may be one, is
decided in cache_folder.py; this module only ever touches ROOT/entries/KIND/KEY files.

Nothing in the cache is trusted: each entry has beside it (KEY.sha256) a SHA-256 of its kind,
its key and its bytes, checked the first time a build reads the entry. An entry that is
truncated, altered, half-written, without its hash, or stored under another key (two entries
swapped together with their hash files) is a miss: it is made again, never published.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, TypeVar

from . import __version__
from .cache_formats import plausible, read_json, shaped  # noqa: F401 (read_json, shaped: for the readers)
from .determinism import build_epoch

CACHE_DIR = ".jobdesc-cache"  # where earlier versions kept the cache: inside OUT (see cache_folder.py)
ENTRIES_DIR = "entries"  # ROOT/entries/KIND/KEY: the only files a cache ever deletes
EDITIONS_DIR = "editions"  # in a cache shared by editions: what each edition's last build used
SUM_SUFFIX = ".sha256"
TEMPORARY_PREFIX = ".tmp-"
KIND_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
T = TypeVar("T")
KEY_NAME = re.compile(r"[0-9a-f]{64}(?:-[0-9]{1,6})?\Z")  # a digest, or a digest and a part number


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



class BuildCache:
    """Files under ROOT/entries/KIND/KEY, each with KEY.sha256 beside it. Thread- and
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
        if not KIND_NAME.match(kind) or not KEY_NAME.match(key):
            raise ValueError(f"not a cache entry name: {kind}/{key}")  # a bug: names are made here
        return self.root / ENTRIES_DIR / kind / key

    def _check(self, path: Path) -> Optional[bytes]:
        """The entry's bytes if they match the hash stored for its kind and key (else None: a miss)."""
        try:
            data = path.read_bytes()
            expected = _sum_path(path).read_text("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        if entry_sum(path.parent.name, path.name, data) != expected or not plausible(path.parent.name, data):
            return None
        self._verified.add(path)
        self.used.add(path)
        return data

    def path(self, kind: str, key: str) -> Optional[Path]:
        """Where a verified entry is on disk (and mark it used), or None if it is not cached
        or does not read back."""
        path = self._path(kind, key)
        if path in self._verified or self._check(path) is not None:
            self.used.add(path)
            return path
        return None

    def get(self, kind: str, key: str, read: Optional[Callable[[bytes], T]] = None) -> Optional[T]:
        """The entry's bytes, or `read(bytes)` when given: an entry `read` refuses (any
        ValueError, KeyError, TypeError or IndexError: unparsable, the wrong shape) is a miss,
        like one whose hash does not match."""
        data = self._check(self._path(kind, key))
        if data is not None and read is not None:
            try:
                data = read(data)
            except (ValueError, KeyError, TypeError, IndexError, AttributeError):
                data = None
        if data is None:
            self.misses += 1
        else:
            self.hits += 1
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_replacing(path, data)
        _write_replacing(_sum_path(path), entry_sum(kind, key, data).encode("ascii"))
        self._verified.add(path)
        self.used.add(path)

    def get_or_make(self, kind: str, key: str, make: Callable[[], bytes],
                    read: Optional[Callable[[bytes], Any]] = None) -> Any:
        """The entry (through `read`, if given), made and stored first when it does not read back."""
        found = self.get(kind, key, read)
        if found is None:
            data = make()
            self.put(kind, key, data)
            found = data if read is None else read(data)
        return found

    def prune(self, edition: Optional[str] = None) -> None:
        """Drop entries this build did not use (called only after a successful build, and
        only on a folder cache_folder.py has checked is a jobdesc cache).

        Only files of the cache's own layout are deleted: ROOT/entries/KIND/NAME where KIND
        and NAME are names this class makes (a key, its .sha256, a temporary file), regular
        files only; symbolic links are never followed. A cache shared by several editions
        (`build --cache DIR --language …`) keeps what the last full build of each edition
        used: each one records its entries in ROOT/editions/LANGUAGE."""
        keep = {path.relative_to(self.root).as_posix() for path in self.used}
        records = self.root / EDITIONS_DIR
        if edition is not None and not records.is_symlink():
            records.mkdir(exist_ok=True)
            _write_replacing(records / edition, "\n".join(sorted(keep)).encode("utf-8"))
            for record in _own_files(records, lambda name: KIND_NAME.match(name.lower()) is not None):
                keep |= set(record.read_text("utf-8", "replace").splitlines())
        for kind in _own_folders(self.root / ENTRIES_DIR):
            for path in _own_files(kind, _is_entry_file):
                name = path.name.removesuffix(SUM_SUFFIX)
                if name.startswith(TEMPORARY_PREFIX) or f"{ENTRIES_DIR}/{kind.name}/{name}" not in keep:
                    path.unlink(missing_ok=True)


def entry_sum(kind: str, key: str, data: bytes) -> str:
    """What KEY.sha256 holds: a hash of the entry's kind and key as well as its bytes, so an
    entry moved under another key (with its hash file) no longer matches."""
    h = hashlib.sha256(b"jobdesc-cache-entry\0")
    h.update(f"{kind}/{key}\0".encode("ascii"))
    h.update(data)
    return h.hexdigest()


def _is_entry_file(name: str) -> bool:
    return name.startswith(TEMPORARY_PREFIX) or KEY_NAME.match(name.removesuffix(SUM_SUFFIX)) is not None


def _own_folders(folder: Path) -> list[Path]:
    """KIND folders under ROOT/entries: real folders (not links) with names this cache makes."""
    try:
        with os.scandir(folder) as found:
            return [Path(e.path) for e in found if e.is_dir(follow_symlinks=False) and KIND_NAME.match(e.name)]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _own_files(folder: Path, named: Callable[[str], bool]) -> list[Path]:
    """Regular files (not links) in `folder` whose names `named` accepts."""
    try:
        with os.scandir(folder) as found:
            return [Path(e.path) for e in found
                    if named(e.name) and stat.S_ISREG(e.stat(follow_symlinks=False).st_mode)]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _sum_path(entry: Path) -> Path:
    return entry.with_name(entry.name + SUM_SUFFIX)


def _write_replacing(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX)
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
