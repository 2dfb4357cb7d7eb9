"""Opening the files a user gave us: one place, so every reader has the same guards.

Organisation folders and template folders arrive through pull requests, and a CI runner
that builds them holds secrets. So whatever reads a file the user named or put in a
folder goes through `read_bytes` / `check_file`, which refuse:

* a file that, once symlinks are resolved, lies outside the folder it was found in
  (`ln -s /etc/shadow templates/notes.txt`, `templates/x -> /`): it would print a secret;
* anything but a regular file (a FIFO blocks a read forever, /dev/zero never ends);
* a file over the size limit of its kind, checked before reading, and reading stops at
  the limit even if the file grows meanwhile;
* for template folders, a hidden name (`.git/config`, `.env`, `.ssh/…`): any part of the
  path, as named or after symlinks, that starts with a dot (`hidden=False`).

The file is opened first and checked on its open descriptor (O_NONBLOCK, so opening a
FIFO cannot block), so what is checked is what is read. Every refusal is a `UserError`
naming the file, so the command stops with exit 1 and a located message.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterator, Optional

from .errors import UserError

MB = 1024 * 1024

# The limits, by kind of file (SECURITY.md lists them for users).
MAX_YAML_BYTES = 1 * MB  # one role/org/process file; a real one is a few KB (org.yaml ~150 KB at 500 departments)
MAX_ORG_BYTES = 32 * MB  # all YAML files of one organisation together (~500 positions is ~2 MB)
MAX_ORG_FILES = 10_000  # YAML files in one organisation folder
MAX_CHAPTER_BYTES = 1 * MB  # one chapters/*.md; a long rules chapter (the largest seed, 135 KB) fits many times
MAX_PICTURE_BYTES = 8 * MB  # one picture a chapter shows
MAX_CHAPTERS_BYTES = 64 * MB  # all chapters and their pictures together
MAX_TEMPLATE_BYTES = 4 * MB  # a template (.html/.css) or the Word template (.docx)
MAX_IMPORT_TEXT_BYTES = 4 * MB  # a .txt/.md document to import (the largest real one we have is 135 KB)
MAX_IMPORT_CHARS = 300_000  # characters in one imported document (~100 pages of JDs; the largest seed has 45,000)
MAX_IMPORT_DOCX_BYTES = 64 * MB  # a .docx to import, pictures included
MAX_DOCX_UNCOMPRESSED_BYTES = 160 * MB  # all its parts, as the zip directory declares them
MAX_DOCX_PART_BYTES = 32 * MB  # one part (word/document.xml of a 300-page book is ~5 MB)
MAX_DOCX_MEMBERS = 5_000
IMPORT_SECONDS_PER_FILE = 8.0  # the import's CPU budget (4x that in wall-clock): a net, every stage is meant to be linear


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse(path: Path, code: str, message: str) -> UserError:
    return UserError.at(path, 1, 1, code, message)


class RealFolders:
    """The real path (symlinks resolved) of each folder, worked out once: reading the 2,000
    files of an organisation resolved every component of every file's path and of the root
    again (nine lstat calls a file). A file's real path is its folder's plus its name, unless
    the file itself is a symlink, which is then resolved in full."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def folder(self, path: Path | str) -> str:
        key = os.fspath(path)
        real = self._known.get(key)
        if real is None:
            real = self._known[key] = os.path.realpath(key)
        return real

    def file(self, path: Path | str) -> str:
        folder, name = os.path.split(os.fspath(path))
        if name in ("", ".", ".."):
            return os.path.realpath(path)
        real = os.path.join(self.folder(folder or "."), name)
        return os.path.realpath(real) if os.path.islink(real) else real


def confined(path: Path, root: Optional[Path], hidden: bool = True, folders: Optional[RealFolders] = None) -> Path:
    """`path` with symlinks resolved; refused when that leaves `root` (None: no folder to stay in)
    and, with `hidden=False`, when a part of it below `root` starts with a dot. Given `folders`,
    each folder's real path is looked up there (many files of one folder)."""
    try:
        real = Path(folders.file(path) if folders else os.path.realpath(path))
    except (OSError, ValueError) as exc:  # a symlink loop, a NUL in the name
        raise _refuse(path, "unreadable", f"cannot read file: {exc}") from None
    if root is not None:
        real_root = Path(folders.folder(root) if folders else os.path.realpath(root))
        if not real.is_relative_to(real_root):
            raise _refuse(path, "outside-folder",
                          f"'{Path(path).name}' is a symbolic link to '{real}', outside the folder "
                          f"'{root}': jobdesc reads only files inside the folders it is given")
        if not hidden:  # checked on the name as given and on where its symlinks lead
            named, named_root = Path(os.path.abspath(path)), Path(os.path.abspath(root))
            as_named = named.relative_to(named_root) if named.is_relative_to(named_root) else Path()
            refuse_hidden(path, as_named, real.relative_to(real_root))
    return real


def hidden_part(relative: Path) -> Optional[str]:
    """The first part of a relative path that starts with a dot (`.git`, `.env`), if any."""
    return next((part for part in relative.parts if part.startswith(".")), None)


def refuse_hidden(path: Path, *relatives: Path) -> None:
    """Refuse `path` when any of `relatives` (its name as given, and where symlinks lead) is hidden:
    a template folder may sit in a repository, and `.git/config` holds the CI's token."""
    for relative in relatives:
        part = hidden_part(relative)
        if part is not None:
            where = "a hidden file" if relative.name == part else f"in the hidden folder '{part}'"
            shown = f"'{relative.as_posix()}'" if relative == relatives[0] else \
                f"'{relatives[0].as_posix()}' leads to '{relative.as_posix()}', which"
            raise _refuse(path, "hidden-file",
                          f"{shown} is {where}: templates may not read hidden files or folders "
                          "(names starting with '.', such as .git or .env)")


def _megabytes(limit: int) -> str:
    return f"{limit / MB:g} MB"


def read_bytes(path: Path, limit: int, root: Optional[Path] = None, hidden: bool = True,
               folders: Optional[RealFolders] = None) -> bytes:
    """The file's bytes: a regular file inside `root` (after symlinks), at most `limit` bytes."""
    real = confined(path, root, hidden, folders)
    try:
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _refuse(path, "unreadable", f"cannot read file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)  # before fdopen, which refuses a folder with its own error
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(path, "not-a-file", f"'{Path(path).name}' is {_kind(info.st_mode)}, not a file: refused")
        if info.st_size > limit:
            raise _too_large(path, info.st_size, limit)
    except BaseException:
        os.close(fd)
        raise
    try:
        data = _read_at_most(fd, limit + 1, info.st_size + 1)
    except OSError as exc:
        raise _refuse(path, "unreadable", f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew after fstat
        raise _too_large(path, len(data), limit)
    return data


def _read_at_most(fd: int, limit: int, expected: int) -> bytes:
    """Up to `limit` bytes from `fd`, asking first for the `expected` size (the file's, plus one
    byte to see that it grew). os.read without a file object: an organisation reads 2,000 files."""
    parts = []
    want = min(limit, expected)
    while limit > 0 and (chunk := os.read(fd, want)):
        parts.append(chunk)
        limit -= len(chunk)
        want = min(limit, 1 << 16)
    return b"".join(parts)


def _too_large(path: Path, size: int, limit: int) -> UserError:
    shown = f"{size / MB:.1f} MB" if size >= MB else f"{size // 1024} KB"
    return _refuse(path, "file-too-large", f"file is {shown}; files over {_megabytes(limit)} are refused here")


def check_file(path: Path, limit: int, root: Optional[Path] = None, hidden: bool = True) -> Path:
    """The same checks as `read_bytes` without reading (for files a library opens itself)."""
    real = confined(path, root, hidden)
    try:
        info = os.stat(real)
    except OSError as exc:
        raise _refuse(path, "unreadable", f"cannot read file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "not-a-file", f"'{Path(path).name}' is {_kind(info.st_mode)}, not a file: refused")
    if info.st_size > limit:
        raise _too_large(path, info.st_size, limit)
    return real


def walk_files(root: Path) -> Iterator[Path]:
    """Every non-directory entry below `root`, skipping hidden names (.git, editor swap folders).

    Iterative (a folder nested a thousand deep must not exhaust Python's recursion) and
    never descending into a symlinked folder (`roles/x -> /` must not walk the disk).
    """
    pending = [Path(root)]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError:
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_folder:
                pending.append(folder / entry.name)
            else:
                yield folder / entry.name


BUDGET_CODES = ("too-many-files", "organisation-too-large")


class Budget:
    """Bytes and files read so far across one organisation, against the across-files limits."""

    def __init__(self, max_bytes: Optional[int] = None, max_files: Optional[int] = None, kind: str = "YAML files"):
        self.max_bytes = MAX_ORG_BYTES if max_bytes is None else max_bytes
        self.max_files = MAX_ORG_FILES if max_files is None else max_files
        self.kind = kind
        self.bytes = self.files = 0

    def spend(self, path: Path, size: int) -> None:
        self.bytes += size
        self.files += 1
        if self.files > self.max_files:
            raise _refuse(path, "too-many-files",
                          f"the organisation has more than {self.max_files} {self.kind}: refused")
        if self.bytes > self.max_bytes:
            raise _refuse(path, "organisation-too-large",
                          f"the organisation's {self.kind} together exceed {_megabytes(self.max_bytes)} "
                          "(reached at this file): refused")
