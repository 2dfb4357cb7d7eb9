"""A git tree written into a folder for the loader: `git ls-tree` and `git cat-file --batch`.

Why not `git archive`: it applies the archived tree's own .gitattributes, so a pull request
that adds `roles/.gitattributes` with `hidden.yaml export-ignore` would hide the role it adds
from the diff (and from the PR summary). ls-tree and cat-file read the objects as they are,
attributes ignored. And git archive made the whole tree, blobs of any size, in memory.

What is written, and what is not:

* a file the loader reads (`*.yaml` / `*.yml` outside dot-folders, `chapters/*.md`, a
  chapter's PNG/JPEG/GIF picture) gets its content, streamed from cat-file in chunks, after
  its size (from `ls-tree -l`) was checked against the loader's limit for that kind of file
  and the total against the organisation's limits: an over-size blob is refused before any
  of it is read (exit 1, located at REV:PATH/file);
* every other file is an empty placeholder: a chapter's link to it must find it, nothing
  reads it;
* a symlink stays a symlink, so the loader's own gate decides (a link that leads out of the
  folder is refused, one inside is followed); a file the loader would reach through a link
  gets its content, within the limit of the link's kind;
* a submodule is an empty folder, as in a checkout that did not fetch it.
"""
from __future__ import annotations

import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Iterator, Optional

from ..errors import UserError
from ..userfiles import MAX_CHAPTER_BYTES, MAX_CHAPTERS_BYTES, MAX_ORG_BYTES, MAX_PICTURE_BYTES, MAX_YAML_BYTES, MB

MAX_TREE_ENTRIES = 100_000  # files and links in the tree (the loader reads at most 10,000 YAML files)
MAX_CONTENT_BYTES = MAX_ORG_BYTES + MAX_CHAPTERS_BYTES  # all the content written, together
MAX_LINK_TARGET_BYTES = 4096  # PATH_MAX: a longer link target cannot be a path
CHUNK = 1 << 20  # bytes copied from cat-file at a time: what memory a blob can take
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")

FILE_MODES = (b"100644", b"100755")
LINK_MODE = b"120000"
SUBMODULE_MODE = b"160000"


class TreeProblem(Exception):
    """git failed or answered what it should not: the caller says so in one line."""


@dataclass(frozen=True)
class Entry:
    path: str  # relative, '/'-separated, checked safe
    mode: bytes
    object_id: str
    size: int  # -1 for a submodule


def content_limit(path: str) -> Optional[int]:
    """The loader's size limit for a file at `path`, or None when the loader never reads it."""
    parts = PurePosixPath(path).parts
    suffix = PurePosixPath(path).suffix
    if suffix.lower() in PICTURE_SUFFIXES:  # a chapter names its pictures (even in a dot-folder), any case
        return MAX_PICTURE_BYTES
    if any(part.startswith(".") for part in parts):  # the loader's walk skips dot-names (.git, .github)
        return None
    if suffix in (".yaml", ".yml"):  # as the loader matches them: `.YAML` is not read
        return MAX_YAML_BYTES
    if suffix == ".md" and len(parts) == 2 and parts[0] == "chapters":
        return MAX_CHAPTER_BYTES
    return None


def _safe_path(raw: bytes, shown_as: str) -> str:
    """A tree path as a relative file name: a crafted tree object may hold '..' (`git mktree`
    accepts it), an empty name or NUL."""
    path = os.fsdecode(raw)
    parts = path.split("/")
    if not path or path.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\x00" in path:
        raise UserError.at(shown_as, 1, 1, "unsafe-path",
                           f"the revision holds a file named {path!r}, which leads out of its folder: refused")
    return path


def list_tree(git: list[str], tree: str, shown_as: str) -> list[Entry]:
    """Every entry below `tree` (recursively), with blob sizes; at most MAX_TREE_ENTRIES."""
    process = subprocess.Popen([*git, "ls-tree", "-r", "-z", "-l", "--full-tree", tree],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    entries: list[Entry] = []
    try:
        for record in _records(process.stdout):
            meta, _, raw_path = record.partition(b"\t")
            fields = meta.split()
            if len(fields) != 4:
                raise TreeProblem("git ls-tree printed a line it should not")
            mode, _kind, object_id, size = fields
            entries.append(Entry(_safe_path(raw_path, shown_as), mode, object_id.decode("ascii"),
                                 -1 if size == b"-" else int(size)))
            if len(entries) > MAX_TREE_ENTRIES:
                raise UserError.at(shown_as, 1, 1, "too-many-files",
                                   f"the revision holds more than {MAX_TREE_ENTRIES} files: refused")
    except BaseException:
        process.kill()  # refused: the rest is not wanted
        process.communicate()
        raise
    _, error = process.communicate()
    if process.returncode != 0:
        raise TreeProblem(error.decode("utf-8", "replace").strip() or "git ls-tree failed")
    return entries


def _records(stream: BinaryIO) -> Iterator[bytes]:
    pending = b""
    while chunk := stream.read(65536):
        pending += chunk
        *done, pending = pending.split(b"\0")
        yield from done
    if pending:
        yield pending


class Blobs:
    """One `git cat-file --batch` for a list of blobs, read back in the order asked.

    A thread writes every object id at once (asking one at a time and waiting for each answer
    cost ~0.6 ms a file: 3 s for 5,000 files), and the answers are read here one by one, each
    blob copied out in chunks, so a blob never sits in memory whole."""

    def __init__(self, git: list[str], entries: list[Entry]):
        self.process = subprocess.Popen([*git, "cat-file", "--batch", "--buffer"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._order = iter(entries)
        ids = b"".join(e.object_id.encode("ascii") + b"\n" for e in entries)
        threading.Thread(target=self._ask, args=(ids,), daemon=True).start()

    def _ask(self, ids: bytes) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(ids)
            self.process.stdin.close()
        except OSError:  # closed early (a refusal): nothing more is wanted
            pass

    def copy(self, entry: Entry, into: BinaryIO, limit: int) -> None:
        """Write the blob into `into`; at most `limit` bytes are ever read (its checked size)."""
        size = self._next(entry)
        if size > limit:  # the object is not what ls-tree said: read none of it
            raise TreeProblem(f"git's object sizes disagree ({size} > {limit} bytes)")
        left = size
        while left:
            chunk = self._read(min(CHUNK, left))
            into.write(chunk)
            left -= len(chunk)
        self._read(1)  # the newline after the content

    def read_small(self, entry: Entry, limit: int) -> bytes:
        """A small blob (a link's target) in memory, at most `limit` bytes."""
        size = self._next(entry)
        if size > limit:
            raise TreeProblem(f"the link {entry.path} has a target of {size} bytes")
        data = self._read(size)
        self._read(1)
        return data

    def _next(self, entry: Entry) -> int:
        """The size in the header of the next answer, which must be `entry`'s."""
        assert self.process.stdout is not None
        if next(self._order, None) is not entry:
            raise AssertionError(f"blobs read out of the order asked ({entry.path})")
        fields = self.process.stdout.readline(200).split()
        if len(fields) != 3 or fields[0].decode("ascii", "replace") != entry.object_id or fields[1] != b"blob":
            raise TreeProblem(f"git cannot read the object of {entry.path}")
        return int(fields[2])

    def _read(self, count: int) -> bytes:
        assert self.process.stdout is not None
        data = self.process.stdout.read(count)
        if len(data) != count:
            raise TreeProblem("git cat-file ended early")
        return data

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def _refuse_size(shown: str, size: int, limit: int) -> UserError:
    return UserError.at(shown, 1, 1, "file-too-large",
                        f"file is {size / MB:.1f} MB in this revision; files over {limit / MB:g} MB are "
                        "refused here (nothing of it was read)")


def write_tree(git: list[str], tree: str, folder: Path, shown_as: str) -> None:
    """Write `tree` (a tree object id) into the empty `folder`, as the module says.
    Raises UserError (a blob over a limit, located at `shown_as`/path) or TreeProblem."""
    entries = list_tree(git, tree, shown_as)
    files = {e.path: e for e in entries if e.mode in FILE_MODES}
    wanted = {path: limit for path in files if (limit := content_limit(path)) is not None}
    for path, limit in wanted.items():
        if files[path].size > limit:
            raise _refuse_size(f"{shown_as}/{path}", files[path].size, limit)
    total = sum(files[path].size for path in wanted)
    if total > MAX_CONTENT_BYTES:
        raise UserError.at(shown_as, 1, 1, "organisation-too-large",
                           f"the revision's organisation files together are {total / MB:.1f} MB; over "
                           f"{MAX_CONTENT_BYTES / MB:g} MB is refused (nothing was read)")
    links = [e for e in entries if e.mode == LINK_MODE]
    blobs = Blobs(git, [files[path] for path in wanted] + links)
    try:
        for entry in entries:
            target = folder / entry.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if entry.mode == SUBMODULE_MODE:
                target.mkdir(exist_ok=True)
            elif entry.mode in FILE_MODES:
                with _create(target) as handle:
                    if entry.path in wanted:
                        blobs.copy(entry, handle, wanted[entry.path])
        # Links last: a file is never written through one.
        for entry in links:
            target_text = os.fsdecode(blobs.read_small(entry, MAX_LINK_TARGET_BYTES))
            if "\x00" in target_text or not target_text:
                raise TreeProblem(f"the link {entry.path} has no usable target")
            os.symlink(target_text, folder / entry.path)
    finally:
        blobs.close()
    _fill_link_targets(git, links, files, wanted, folder, shown_as, total)


def _create(path: Path) -> BinaryIO:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    return os.fdopen(os.open(path, flags, 0o644), "wb")


def _fill_link_targets(git: list[str], links: list[Entry], files: dict[str, Entry], wanted: dict[str, int],
                       folder: Path, shown_as: str, total: int) -> None:
    """A file the loader reads through a link (`roles/a.yaml -> shared/a.txt`) gets its content,
    within the limit of the link's kind, as the loader would read it. Where the link leads is
    settled by the folder itself (realpath), as the loader settles it: links out stay unfilled,
    and the loader refuses them."""
    real_folder = Path(os.path.realpath(folder))
    fills: dict[str, tuple[Entry, int, Path]] = {}
    for link in links:
        limit = content_limit(link.path)
        if limit is None:
            continue
        real = Path(os.path.realpath(folder / link.path))
        if not real.is_relative_to(real_folder) or real == real_folder:
            continue
        entry = files.get(real.relative_to(real_folder).as_posix())
        if entry is None or entry.path in wanted or entry.path in fills:
            continue
        if entry.size > limit:
            raise _refuse_size(f"{shown_as}/{link.path}", entry.size, limit)
        total += entry.size
        if total > MAX_CONTENT_BYTES:
            raise UserError.at(shown_as, 1, 1, "organisation-too-large",
                               f"the revision's organisation files together exceed {MAX_CONTENT_BYTES / MB:g} MB")
        fills[entry.path] = (entry, limit, real)
    if not fills:
        return
    blobs = Blobs(git, [entry for entry, _, _ in fills.values()])
    try:
        for entry, limit, real in fills.values():
            flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            with os.fdopen(os.open(real, flags), "wb") as handle:
                blobs.copy(entry, handle, limit)
    finally:
        blobs.close()
