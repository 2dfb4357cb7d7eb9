"""Publishing a build into OUT: all of it or none of it, in one step, one build at a time.

The switch. A build writes into a new tree beside OUT, on OUT's file system
(`OUT's parent/.NAME.jobdesc-new-XXXXXXXX`; its files are made in a staging folder in it).
Once every file is made, the files of OUT this build does not replace are hard-linked into
the new tree (other parts' outputs after `--only`, a build cache kept in OUT, and files that
others put in OUT: jobdesc keeps them), and the new tree and OUT are exchanged with one
`renameat2(RENAME_EXCHANGE)`. At every instant the path OUT names either the whole old tree
or the whole new one, for any reader (a web server, an upload step, `jobdesc serve`) and
whenever the build is killed; the old tree, now under the temporary name, is then removed.
A build killed before the exchange leaves OUT as it was, one killed after leaves it new;
the tree left beside OUT is removed by the next build. A failure before the exchange (a
file where a folder belongs, a file that cannot be read) leaves OUT exactly as it was.

The fallback: a journal. Where OUT cannot be exchanged (not Linux, no renameat2, a file
system that refuses it, OUT or a folder in it is a mount point such as a Docker volume,
OUT's parent is not writable, OUT holds the current folder), the files are staged in
`OUT/.jobdesc-publish/staging-*`, then `journal.json` (written atomically) lists the moves
into OUT, the stale files to delete and the new manifest. Every step is idempotent: a build
killed after the journal is finished by the next one, which replays it before anything
else. There a reader may meanwhile see a mix of the two builds, never a partly written file.

The lock. `OUT/.jobdesc-publish/lock` is `flock`ed from start to end, so a second build into
the same OUT waits (and says so). The new tree carries a hard link to the same lock file, so
the lock outlives the exchange; a build that waited checks that the path still names the
file it locked.

OUT is not trusted: what is read back from it is checked first (outstate.py).
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterator, Optional

from ..errors import UserError
from .exchange import copy_folder_stat, exchange, mirror, why_not_exchangeable
from .outstate import (JOURNAL, LOCK, MANIFEST, PUBLISH_DIR, STAGING, check_targets, read_journal, read_manifest,
                       warn_ignored)

__all__ = ["JOURNAL", "LOCK", "MANIFEST", "PUBLISH_DIR", "WAITING", "publish", "publishing", "recover"]

NEW_TREE = ".jobdesc-new-"  # OUT's parent/.NAME.jobdesc-new-XXXXXXXX: a build's new tree, or an old one
WAITING = "waiting for another build into {out} to finish"


def new_tree_pattern(out: Path) -> re.Pattern:
    """The names, in OUT's parent, of the trees builds of OUT make beside it (tempfile's 8 characters)."""
    return re.compile(rf"\.{re.escape(out.name)}{re.escape(NEW_TREE)}[a-z0-9_]{{8}}")


def in_new_tree(out: Path, path: Path | str) -> bool:
    """Whether `path` lies in a tree a build of OUT makes beside it (`serve` ignores saves there)."""
    pattern = new_tree_pattern(Path(os.path.realpath(out)))
    return any(pattern.fullmatch(part) for part in Path(path).parts)


@contextlib.contextmanager
def publishing(out: Path) -> Iterator[Path]:
    """Hold OUT's lock, finish or clear what a killed build left, and give a fresh staging
    folder: in a new tree beside OUT, or inside OUT where it cannot be exchanged."""
    real = Path(os.path.realpath(out))
    folder = _publish_folder(real)
    with _locked(folder / LOCK, out):
        recover(out)
        new_tree = _new_tree_beside(real)
        if new_tree is not None:
            (new_tree / PUBLISH_DIR).mkdir()
        staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=(new_tree or real) / PUBLISH_DIR))
        try:
            yield staging
        finally:  # after the exchange, the new tree's name holds the old tree
            shutil.rmtree(new_tree or staging, ignore_errors=True)


def _publish_folder(real: Path) -> Path:
    """OUT/.jobdesc-publish, made a real folder with a regular lock file (a symbolic link or
    anything else there is not jobdesc's: it is removed itself, never followed)."""
    folder = real / PUBLISH_DIR
    for path, wanted in ((folder, os.path.isdir), (folder / LOCK, os.path.isfile)):
        if os.path.lexists(path) and (os.path.islink(path) or not wanted(path)):
            warn_ignored(path, "it is not jobdesc's folder or lock file (it is removed, not followed)")
            _remove(path)
        folder.mkdir(exist_ok=True)
    return folder


@contextlib.contextmanager
def _locked(path: Path, out: Path) -> Iterator[None]:
    said = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not said:
                print(WAITING.format(out=out), file=sys.stderr, flush=True)
                said = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False)):
                break
        except FileNotFoundError:
            pass
        os.close(fd)  # the file locked is no longer OUT's lock: lock the one that is
    try:
        yield
    finally:
        os.close(fd)  # releases the lock


def recover(out: Path) -> None:
    """Finish the journal a killed build had committed to (if every path in it is OUT's
    own), and remove staging folders and trees beside OUT left by killed builds. Call only
    while holding OUT's lock."""
    real = Path(os.path.realpath(out))
    folder = real / PUBLISH_DIR
    journal = read_journal(real)
    if journal is not None:
        _apply(real, journal)
    elif os.path.lexists(folder / JOURNAL):
        with contextlib.suppress(OSError):  # not ours, or half-written: never acted on
            os.unlink(folder / JOURNAL)
    for left in (*folder.glob(STAGING + "*"), *folder.glob(".tmp-*")):
        _remove(left)
    pattern = new_tree_pattern(real)
    with os.scandir(real.parent) as siblings:
        for left in [e for e in siblings if pattern.fullmatch(e.name) and e.is_dir(follow_symlinks=False)]:
            shutil.rmtree(left.path, ignore_errors=True)


def _new_tree_beside(real: Path) -> Optional[Path]:
    """An empty folder beside OUT that can be exchanged with it, or None: use the journal."""
    if why_not_exchangeable(real) is not None:
        return None
    try:
        new_tree = Path(tempfile.mkdtemp(prefix=f".{real.name}{NEW_TREE}", dir=real.parent))
    except OSError:  # OUT's parent is not ours to write
        return None
    try:
        probe = tempfile.mkdtemp(prefix=f".{real.name}{NEW_TREE}", dir=real.parent)
        try:
            exchange(new_tree, Path(probe))  # does this file system exchange at all? (EINVAL where not)
        finally:
            os.rmdir(probe)
    except OSError:
        os.rmdir(new_tree)
        return None
    return new_tree


def publish(staging: Path, out: Path, written: dict[str, list[Path]], optional: frozenset[str] = frozenset()) -> list[Path]:
    """Publish the staged files into OUT and drop files an earlier build of the same parts
    left behind (listed in OUT's manifest); returns the final paths. A part in `optional`
    that wrote nothing and is not in the manifest is left out of it (the manifest of an
    organisation that uses no optional feature stays as it was)."""
    real = Path(os.path.realpath(out))
    manifest = read_manifest(real)
    files = [str(p) for paths in written.values() for p in paths]
    stale: set[str] = set()
    for part, paths in written.items():
        if part in optional and not paths and part not in manifest:
            continue
        stale |= set(manifest.get(part, [])) - {str(p) for p in paths}
        manifest[part] = sorted({str(p) for p in paths})
    stale -= set(files)
    check_targets(real, files)
    journal = staging.parent.parent == real
    try:  # nothing in OUT has changed yet
        if journal:
            _check_writable(real, [*files, *stale, MANIFEST])
        else:
            _prepare(real, staging.parent.parent, staging, files, stale, manifest)
            exchange(staging.parent.parent, real)  # the one step: OUT is the new build from here
    except PermissionError as exc:
        raise UserError.at(exc.filename or real, 1, 1, "output-folder",
                           f"cannot publish into {out}: {exc.strerror}; it is left as it was") from None
    if journal:
        _publish_by_journal(real, staging, files, sorted(stale), manifest)
    else:
        _remove_old_tree(staging.parent.parent)
    return [out / rel for rel in files]


def _check_writable(real: Path, paths: list[str]) -> None:
    """Before a journal commits to them: may every folder a move or deletion changes be written?"""
    for folder in {(real / rel).parent for rel in paths}:
        while not folder.exists() and folder != real:
            folder = folder.parent
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))


def _prepare(real: Path, new_tree: Path, staging: Path, files: list[str], stale: set[str], manifest: dict) -> None:
    """Make the new tree OUT's next state: OUT's files it keeps, linked, and the staged ones."""
    mirror(real, new_tree, {*files, *stale, MANIFEST, PUBLISH_DIR})
    folders = {""}  # folders known to be in the new tree
    for rel in files:
        folder = rel.rpartition("/")[0]
        if folder not in folders:
            os.makedirs(os.path.join(new_tree, folder), exist_ok=True)
            folders.add(folder)
        os.rename(os.path.join(staging, rel), os.path.join(new_tree, rel))
    shutil.rmtree(staging)
    with contextlib.suppress(OSError):  # the same lock before and after (else the next build makes one)
        os.link(real / PUBLISH_DIR / LOCK, new_tree / PUBLISH_DIR / LOCK)
    (new_tree / MANIFEST).write_bytes(_manifest_bytes(manifest))
    copy_folder_stat(real / PUBLISH_DIR, new_tree / PUBLISH_DIR)
    copy_folder_stat(real, new_tree)


def _remove_old_tree(new_tree: Path) -> None:
    """After the exchange, the new tree's name holds the old build."""
    shutil.rmtree(new_tree, ignore_errors=True)  # the old tree
    if os.path.lexists(new_tree):
        print(f"jobdesc: warning: could not remove the previous build at {new_tree}", file=sys.stderr)


def _publish_by_journal(real: Path, staging: Path, files: list[str], stale: list[str], manifest: dict) -> None:
    moves = [(str(staging.relative_to(real) / rel), rel) for rel in files]
    journal = {"moves": moves, "stale": stale, "manifest": manifest}
    _write_atomic(real / PUBLISH_DIR / JOURNAL, json.dumps(journal, ensure_ascii=False).encode("utf-8"),
                  durable=True)
    _apply(real, journal)


def _apply(real: Path, journal: dict) -> None:
    """Carry out a checked journal: each step may already have been done by a killed run."""
    for src, dst in journal["moves"]:
        target = real / dst
        if (real / src).exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(real / src, target)
    for stale in journal["stale"]:
        (real / stale).unlink(missing_ok=True)
    _write_atomic(real / MANIFEST, _manifest_bytes(journal["manifest"]))
    (real / PUBLISH_DIR / JOURNAL).unlink(missing_ok=True)


def _remove(path: Path) -> None:
    """Remove a file, a link (itself) or a whole folder."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        os.unlink(path)


def _manifest_bytes(manifest: dict) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _write_atomic(path: Path, data: bytes, durable: bool = False) -> None:
    """Write a file under a temporary name in OUT's publish folder, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent if path.parent.name == PUBLISH_DIR else
                               path.parent / PUBLISH_DIR, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, path)
