"""Switching OUT to a new tree in one step: `renameat2(RENAME_EXCHANGE)`, and the checks
that say whether OUT can be switched that way at all (see publish.py)."""
from __future__ import annotations

import ctypes
import errno
import functools
import os
import re
import shutil
import stat
import sys
from pathlib import Path
from typing import Callable, Optional

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _load_renameat2() -> Optional[Callable[..., int]]:
    """libc's renameat2 (Linux >= 3.15, glibc >= 2.28), or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _load_renameat2()


def exchange(first: Path, second: Path) -> None:
    """Swap two paths of one file system atomically: no moment when either is missing."""
    if _RENAMEAT2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(first))
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def can_exchange() -> bool:
    return _RENAMEAT2 is not None


def _mount_points() -> set[Path]:
    """Every mount point this process sees (bind mounts too, which share a device number)."""
    try:
        lines = Path("/proc/self/mountinfo").read_bytes().splitlines()
    except OSError:
        return set()
    # field 5 is the mount point, with space, tab, newline and backslash written as \ooo
    unescape = functools.partial(re.sub, rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]))
    return {Path(os.fsdecode(unescape(line.split(b" ")[4]))) for line in lines if line.count(b" ") >= 4}


def why_not_exchangeable(out: Path) -> Optional[str]:
    """Why the real folder `out` cannot be replaced by exchange, or None when it can."""
    if not can_exchange():
        return "no renameat2 here"
    if out.parent == out or os.path.ismount(out):
        return "it is a mount point"
    if any(point == out or point.is_relative_to(out) for point in _mount_points()):
        return "it is or holds a mount point"
    cwd = Path(os.path.realpath(os.getcwd()))
    if cwd.is_relative_to(out):
        return "it holds the current folder"  # the shell would be left in the removed old tree
    return None


def mirror(source: Path, target: Path, skip: set[str]) -> None:
    """Give `target` (an existing folder) every entry of `source` but the relative paths in
    `skip`: files as hard links (copies where linking is refused), symbolic links as links
    (never followed), folders made anew with the same permissions."""
    folders = [""]
    for rel in folders:  # grows as folders are found: breadth first, no recursion
        with os.scandir(source / rel) as entries:
            for entry in entries:
                path = f"{rel}/{entry.name}" if rel else entry.name
                if path in skip:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    os.mkdir(os.path.join(target, path))
                    folders.append(path)
                else:
                    _link(entry.path, os.path.join(target, path))
    for rel in reversed(folders):
        copy_folder_stat(source / rel, target / rel)


def copy_folder_stat(source: Path, target: Path) -> None:
    """Permissions, times and owner of a folder (the owner as far as we may set it)."""
    shutil.copystat(source, target, follow_symlinks=False)
    info = os.lstat(source)
    if (info.st_uid, info.st_gid) != (os.lstat(target).st_uid, os.lstat(target).st_gid):
        try:
            os.chown(target, info.st_uid, info.st_gid, follow_symlinks=False)
        except OSError:
            pass  # not ours to give away: the folder stays ours, as a file we write would


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EMLINK, errno.EACCES, errno.EXDEV):
            raise
        mode = os.lstat(source).st_mode
        if stat.S_ISLNK(mode):
            os.symlink(os.readlink(source), target)
        elif stat.S_ISREG(mode):
            shutil.copy2(source, target, follow_symlinks=False)
        else:
            raise
