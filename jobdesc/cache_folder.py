"""Where the build cache lives, and which folders may never be one.

The cache deletes files (entries a build no longer uses), so the folder it works in is
decided here, once, before the build writes anything:

* By default the cache is outside OUT, so zipping or uploading OUT never ships it:
  $XDG_CACHE_HOME/jobdesc/builds/HASH (~/.cache/jobdesc/builds/HASH when XDG_CACHE_HOME is
  not set), HASH naming OUT's real path, so every OUT keeps its own cache and a rebuild
  finds it. When that folder cannot be written, a folder beside OUT: .OUTNAME.jobdesc-cache.
* A folder is a jobdesc cache only if it carries the marker CACHEDIR.TAG written by jobdesc
  (the standard cache-directory tag, which backup tools skip, with jobdesc's own line). A
  missing or empty folder becomes one; a folder holding anything else is refused. DIR, a
  folder holding DIR or OUT, OUT itself, a git repository's root and the home folder are
  refused whatever they hold (symbolic links resolved before comparing).
* The cache of earlier versions, OUT/.jobdesc-cache (no marker), is removed only when every
  file in it is of that cache's layout (KIND/KEY, KIND/KEY.sha256, .editions/LANGUAGE);
  with anything else in it, it is left alone.
* A build holds a shared lock on ROOT/lock while it uses the cache; pruning takes it
  exclusively, and is skipped while another build uses the cache (editions sharing one).
* A default cache records its OUT (ROOT/out); a build removes the default caches of OUTs
  that no longer exist (temporary folders, a deleted checkout), so they do not pile up.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import stat
import sys
from pathlib import Path
from typing import IO, Optional

from .cache import CACHE_DIR, ENTRIES_DIR, KEY_NAME, KIND_NAME, SUM_SUFFIX, TEMPORARY_PREFIX, BuildCache
from .errors import UserError

MARKER = "CACHEDIR.TAG"
MARKER_TEXT = ("Signature: 8a477f597d28d172789f06886806bc55\n"
               "# This file is a cache directory tag created by jobdesc: its build cache.\n"
               "# jobdesc deletes only files under entries/ of a folder that carries this tag.\n"
               "# For information about cache directory tags see https://bford.info/cachedir/\n")
LOCK = "lock"
OUT_RECORD = "out"  # in a default cache: the real path of the OUT it is for
DEFAULT_NAME = re.compile(r"[0-9a-f]{24}\Z")
WAITING = "waiting for another build to finish pruning the cache {root}"


class CacheFolder:
    """The folder a build keeps its cache in; `with` it to create it (with its marker) and
    hold its shared lock for the build."""

    def __init__(self, candidates: list[Path], out: Path, default: bool = False):
        self.candidates = candidates  # in order of preference; the first that can be written is used
        self.root = candidates[0]
        self.out = out
        self.default = default
        self._lock: Optional[IO[bytes]] = None

    def __enter__(self) -> "CacheFolder":
        remove_legacy_cache(self.out / CACHE_DIR, keep=self.candidates)
        for place, root in enumerate(self.candidates):
            try:
                self._lock = _open_marked(root)
                self.root = root
                if self.default and place == 0:
                    _write_if_changed(root / OUT_RECORD, os.fsencode(self.out.resolve()))
                break
            except OSError:
                self.__exit__()
                if place == len(self.candidates) - 1:
                    raise
        return self

    def __exit__(self, *_exc) -> None:
        if self._lock is not None:
            self._lock.close()  # releases the lock
            self._lock = None

    def prune(self, build_cache: BuildCache, edition: Optional[str]) -> bool:
        """Drop the entries this build did not use, unless another build is using the cache
        (then it is left for a later build); False when skipped."""
        assert self._lock is not None and build_cache.root == self.root
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        if not is_cache(self.root):  # the marker was removed meanwhile: delete nothing
            return False
        build_cache.prune(edition)
        if self.default and self.root == self.candidates[0]:
            remove_orphans(self.root.parent, self.root)
        return True


def choose(org_dir: Path, out: Path, asked: Optional[Path]) -> CacheFolder:
    """The cache folder for building DIR into OUT: `asked` (--cache) if it may be one (else a
    UserError saying why), or the default. Reads, never writes."""
    if asked is not None:
        problem = refusal(asked, org_dir, out)
        if problem is not None:
            raise UserError.at(asked, 1, 1, "cache-folder", f"refusing {asked} as the build cache: {problem}; "
                               "choose an empty folder of its own or leave --cache out")
        return CacheFolder([asked.resolve()], out)
    defaults = default_folders(out)
    candidates = [c for c in defaults if refusal(c, org_dir, out) is None]
    if not candidates:
        raise UserError.at(out, 1, 1, "cache-folder", f"no folder for the build cache of {out}: "
                           f"{defaults[-1]} is in the way; move it or choose one with --cache")
    return CacheFolder(candidates, out, default=candidates[0] == defaults[0] and len(defaults) > 1)


def default_folders(out: Path) -> list[Path]:
    """Where the cache of OUT goes when --cache is not given, in order of preference."""
    real_out = out.resolve()
    name = hashlib.sha256(os.fsencode(real_out)).hexdigest()[:24]
    folders = []
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is ignored
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder known
            base = ""
    if base:
        folders.append(Path(base).resolve() / "jobdesc" / "builds" / name)
    folders.append(real_out.parent / f".{real_out.name or 'out'}.jobdesc-cache")
    return folders


def refusal(folder: Path, org_dir: Path, out: Path) -> Optional[str]:
    """Why `folder` may not be a build cache (None if it may)."""
    real = folder.resolve()
    real_dir, real_out = org_dir.resolve(), out.resolve()
    if real == real_dir:
        return "it is the organisation folder"
    if real in real_dir.parents:
        return "it holds the organisation folder"
    if real == real_out:
        return "it is the output folder"
    if real in real_out.parents:
        return "it holds the output folder"
    if os.path.lexists(real / ".git"):
        return "it is the root of a git repository"
    try:
        if real == Path.home().resolve():
            return "it is the home folder"
    except RuntimeError:
        pass
    if real.exists() and not real.is_dir():
        return "it is not a folder"
    if real.is_dir() and not is_cache(real) and any(real.iterdir()) and legacy_files(real) is None:
        return "it is not empty and is not a jobdesc build cache (it has no CACHEDIR.TAG written by jobdesc)"
    return None


def is_cache(folder: Path) -> bool:
    """Whether `folder` carries jobdesc's marker (a regular file, not a link)."""
    marker = folder / MARKER
    try:
        if not stat.S_ISREG(marker.lstat().st_mode):
            return False
        return marker.read_bytes()[:4096].decode("utf-8", "replace") == MARKER_TEXT
    except OSError:
        return False


def _open_marked(root: Path) -> IO[bytes]:
    """Create the cache folder with its marker if needed and take its shared lock."""
    root.mkdir(parents=True, exist_ok=True)
    if not is_cache(root):
        stale = legacy_files(root)
        if stale is None and any(root.iterdir()):  # filled since `choose` looked: not ours
            raise OSError(errno.ENOTEMPTY, "not empty and not a jobdesc build cache", str(root))
        _delete_legacy(root, stale or [])
        temporary = root / f"{TEMPORARY_PREFIX}{MARKER}.{os.getpid()}"
        temporary.write_text(MARKER_TEXT, "utf-8")
        os.replace(temporary, root / MARKER)
    lock = open(root / LOCK, "a+b")
    try:
        fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        print(WAITING.format(root=root), file=sys.stderr, flush=True)
        fcntl.flock(lock, fcntl.LOCK_SH)
    return lock


def remove_orphans(builds: Path, current: Path) -> None:
    """Remove the default caches (folders of `builds`) whose OUT no longer exists and that
    no build is using: only their own files (entries, marker, record, lock)."""
    for entry in _listing(builds):
        root = Path(entry.path)
        if root == current or not entry.is_dir(follow_symlinks=False) or not DEFAULT_NAME.match(entry.name):
            continue
        try:
            out = (root / OUT_RECORD).read_bytes()
        except OSError:
            continue
        if not is_cache(root) or not out or os.path.lexists(os.fsdecode(out)):
            continue
        with open(root / LOCK, "a+b") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a build into a new folder of that name is starting
            BuildCache(root).prune()  # nothing used: every entry of its own layout goes
            for name in (OUT_RECORD, MARKER, LOCK):
                (root / name).unlink(missing_ok=True)
        for folder in [*(Path(e.path) for e in _listing(root / ENTRIES_DIR)), root / ENTRIES_DIR, root]:
            try:
                folder.rmdir()
            except OSError:
                pass  # not empty: something else is in it, and it stays


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    temporary = path.with_name(f"{TEMPORARY_PREFIX}{path.name}.{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def legacy_files(folder: Path) -> Optional[list[Path]]:
    """The files of a cache written by an earlier version, if `folder` holds nothing else
    (KIND/KEY, KIND/KEY.sha256, KIND/.tmp-*, .editions/LANGUAGE; no links); else None."""
    files: list[Path] = []
    try:
        for first in _listing(folder):
            if not first.is_dir(follow_symlinks=False):
                return None
            editions = first.name == ".editions"
            if not editions and not KIND_NAME.match(first.name):
                return None
            for second in _listing(Path(first.path)):
                name = second.name.removesuffix(SUM_SUFFIX)
                if not second.is_file(follow_symlinks=False) or not (
                        name.startswith(TEMPORARY_PREFIX)
                        or (KIND_NAME.match(name.lower()) if editions else KEY_NAME.match(name))):
                    return None
                files.append(Path(second.path))
    except OSError:
        return None
    return files


def _listing(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as found:
            return list(found)
    except (FileNotFoundError, NotADirectoryError):
        return []


def remove_legacy_cache(folder: Path, keep: list[Path]) -> None:
    """Remove OUT/.jobdesc-cache left by an earlier version, if it is nothing but that."""
    if folder.is_symlink() or not folder.is_dir() or folder.resolve() in keep:
        return
    files = legacy_files(folder)
    if files is not None:
        _delete_legacy(folder, files)
        try:
            folder.rmdir()
        except OSError:
            pass  # something arrived meanwhile: leave it


def _delete_legacy(folder: Path, files: list[Path]) -> None:
    for path in files:
        path.unlink(missing_ok=True)
    for path in {p.parent for p in files}:
        try:
            path.rmdir()
        except OSError:
            pass
