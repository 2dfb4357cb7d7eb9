"""Publishing a build into OUT: all of it or none of it, one build at a time.

Everything jobdesc needs to publish lives in OUT/.jobdesc-publish, so it is on OUT's file
system (a mounted OUT, such as a Docker volume or a CI cache, works: every move is a
rename within one file system):

* `lock`: a build holds an exclusive `flock` on it from start to end, so a second build
  into the same OUT waits for the first (it says so) instead of pruning cache entries
  the first one needs, or mixing their files.
* `staging-*`: the folder a build writes its files into. Nothing in OUT changes while
  the outputs are made.
* `journal.json`: written (atomically) once every file is staged. It lists the moves
  (staging → OUT), the stale files to delete and the new manifest. Every step is
  idempotent, so the journal can be replayed from the start at any time.

A build killed before the journal is written leaves OUT as it was; one killed after it
is finished by the next build, which replays the journal before anything else. Either
way OUT then holds the whole old build or the whole new one, and since every file
arrives by `os.replace` no file in OUT is ever partly written. Staging folders of killed
builds are removed by the next build.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterator

PUBLISH_DIR = ".jobdesc-publish"
MANIFEST = ".jobdesc-manifest.json"
JOURNAL = "journal.json"
LOCK = "lock"
WAITING = "waiting for another build into {out} to finish"


@contextlib.contextmanager
def publishing(out: Path) -> Iterator[Path]:
    """Hold OUT's lock, finish what a killed build left, and give a fresh staging folder
    inside OUT (removed on the way out)."""
    folder = out / PUBLISH_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(WAITING.format(out=out), file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        recover(out)
        staging = Path(tempfile.mkdtemp(prefix="staging-", dir=folder))
        try:
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            # the lock is released when the file is closed


def recover(out: Path) -> None:
    """Finish the publication a killed build had committed to, and remove staging folders
    left by killed builds. Call only while holding OUT's lock."""
    folder = out / PUBLISH_DIR
    journal_path = folder / JOURNAL
    try:
        journal = json.loads(journal_path.read_text("utf-8"))
    except FileNotFoundError:
        journal = None
    except ValueError:  # a journal is written to a temporary name first: this cannot be ours
        journal = None
        journal_path.unlink(missing_ok=True)
    if journal is not None:
        _apply(out, journal)
    for left in folder.glob("staging-*"):
        shutil.rmtree(left, ignore_errors=True)
    for left in folder.glob(".tmp-*"):
        left.unlink(missing_ok=True)


def publish(staging: Path, out: Path, written: dict[str, list[Path]]) -> list[Path]:
    """Move staged files into OUT and remove files an earlier build of the same parts left
    behind (listed in OUT's manifest); returns the final paths."""
    try:
        manifest: dict[str, list[str]] = json.loads((out / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        manifest = {}
    moves: list[tuple[str, str]] = []
    stale: list[str] = []
    for part, paths in written.items():
        still = {str(p) for p in paths}
        moves += [(str(staging.relative_to(out) / p), str(p)) for p in paths]
        stale += [old for old in manifest.get(part, []) if old not in still]
        manifest[part] = sorted(still)
    journal = {"moves": moves, "stale": sorted(set(stale) - {dst for _src, dst in moves}),
               "manifest": manifest}
    _write_atomic(out / PUBLISH_DIR / JOURNAL, json.dumps(journal, ensure_ascii=False).encode("utf-8"),
                  durable=True)
    _apply(out, journal)
    return [out / dst for _src, dst in moves]


def _apply(out: Path, journal: dict) -> None:
    """Carry out a journal: each step may already have been done by a killed run."""
    for src, dst in journal["moves"]:
        target = out / dst
        if (out / src).exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(out / src, target)
    for stale in journal["stale"]:
        (out / stale).unlink(missing_ok=True)
    manifest = json.dumps(journal["manifest"], ensure_ascii=False, indent=1, sort_keys=True)
    _write_atomic(out / MANIFEST, manifest.encode("utf-8"))
    (out / PUBLISH_DIR / JOURNAL).unlink(missing_ok=True)


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
