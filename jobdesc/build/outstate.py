"""What a build reads back from OUT, and what it checks in OUT before publishing there.

OUT is not trusted: a committed build/ folder, a CI cache or a shared volume arrives with
whatever someone put in it. So

* every path read from OUT's state files (the manifest, the publish journal) must be a
  plain relative path inside OUT: no absolute path, no `..`, no empty or `.` segment, no
  NUL or backslash, nothing in jobdesc's own state, and its folder, once symlinks are
  resolved, still inside OUT. A state file with one path that is not, or that is not a
  regular file of valid JSON, is ignored with a one-line warning and the build proceeds
  as into a clean folder: a `["payload", "../.git/hooks/post-commit"]` move or a
  `../roles/org.yaml` stale file is never acted on;
* every folder on the way to a file the build publishes must be a real folder of OUT: a
  symbolic link there (`OUT/jd -> ../elsewhere`) or a file where a folder belongs stops
  the build with a `UserError` naming it, before OUT changes. A symbolic link where a
  published file goes is replaced itself, never followed.
"""
from __future__ import annotations

import errno
import json
import os
import stat
import sys
from pathlib import Path
from typing import Iterable, Optional

from ..errors import UserError, error

PUBLISH_DIR = ".jobdesc-publish"
MANIFEST = ".jobdesc-manifest.json"
JOURNAL = "journal.json"
LOCK = "lock"
STAGING = "staging-"
MAX_STATE_BYTES = 64 * 1024 * 1024  # a manifest of 500 positions is ~100 KB


def warn_ignored(path: Path, why: str) -> None:
    """One line on stderr: a state file of OUT that the build does not trust."""
    print(f"jobdesc: warning: ignored {path}: {why}; building as into a clean folder", file=sys.stderr, flush=True)


def plain_path(out: Path, rel: object, staged: bool = False, folders: Optional[dict[str, bool]] = None) -> bool:
    """Whether `rel` names a file inside OUT (a real, absolute path) that a build may publish
    or remove; `staged`: a file in a staging folder of OUT's publish folder instead.
    `folders` remembers, within one check of one file, which folders were found inside OUT."""
    if not isinstance(rel, str) or not rel or "\x00" in rel or "\\" in rel or rel.startswith("/"):
        return False
    parts = rel.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return False
    if staged:
        if len(parts) < 3 or parts[0] != PUBLISH_DIR or not parts[1].startswith(STAGING):
            return False
    elif parts[0] in (PUBLISH_DIR, MANIFEST):
        return False
    folder = rel.rpartition("/")[0]
    folders = {} if folders is None else folders
    if folder not in folders:  # a few dozen folders for thousands of files
        real = os.path.realpath(os.path.join(out, folder))
        folders[folder] = real == str(out) or real.startswith(os.path.join(out, ""))
    return folders[folder]


def read_state(path: Path) -> tuple[bool, object]:
    """(found, the parsed JSON or None when it cannot be trusted, with a warning said). A
    symbolic link, a FIFO, a folder or an oversized file is never read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return False, None
    except OSError as exc:
        warn_ignored(path, "it is a symbolic link" if exc.errno == errno.ELOOP else f"cannot read it ({exc.strerror})")
        return True, None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_STATE_BYTES:
            warn_ignored(path, "not a regular file of a sensible size")
            return True, None
        raw = handle.read(MAX_STATE_BYTES + 1)
    try:
        return True, json.loads(raw.decode("utf-8"))
    except ValueError:
        warn_ignored(path, "not valid JSON")
        return True, None


def _bad_manifest_entry(out: Path, manifest: object) -> Optional[str]:
    if not isinstance(manifest, dict):
        return "not a mapping of parts to files"
    folders: dict[str, bool] = {}
    for part, paths in manifest.items():
        if not isinstance(part, str) or not isinstance(paths, list):
            return f"part {part!r} is not a list of files"
        for rel in paths:
            if not plain_path(out, rel, folders=folders):
                return f"{rel!r} is not a plain path inside the output folder"
    return None


def read_manifest(out: Path) -> dict[str, list[str]]:
    """The files each part's last build published into OUT (real path), or {} when unknown."""
    found, manifest = read_state(out / MANIFEST)
    if manifest is None:
        return {}
    bad = _bad_manifest_entry(out, manifest)
    if bad is not None:
        warn_ignored(out / MANIFEST, bad)
        return {}
    return manifest


def read_journal(out: Path) -> Optional[dict]:
    """The publication a killed build committed to, when every path in it is OUT's own."""
    path = out / PUBLISH_DIR / JOURNAL
    found, journal = read_state(path)
    if journal is None:
        return None
    bad = None
    if not isinstance(journal, dict) or not {"moves", "stale", "manifest"} <= set(journal):
        bad = "not a publish journal"
    elif not isinstance(journal["moves"], list) or not isinstance(journal["stale"], list):
        bad = "not a publish journal"
    else:
        folders: dict[str, bool] = {}
        for move in journal["moves"]:
            if not (isinstance(move, list) and len(move) == 2 and plain_path(out, move[0], True, folders)
                    and plain_path(out, move[1], folders=folders)):
                bad = f"the move {move!r} does not stay inside the output folder"
                break
        bad = bad or next((f"{rel!r} is not a plain path inside the output folder"
                           for rel in journal["stale"] if not plain_path(out, rel, folders=folders)), None)
        bad = bad or _bad_manifest_entry(out, journal["manifest"])
    if bad is not None:
        warn_ignored(path, bad)
        return None
    return journal


def check_targets(out: Path, paths: Iterable[str]) -> None:
    """Refuse (exit 1, naming the path) a symbolic link or a file where the build needs a
    folder of OUT, and a folder where it writes a file. Nothing is changed."""
    checked: dict[str, Optional[bool]] = {}  # a prefix of a published path → fine (None: not in OUT)
    problems = []
    for rel in paths:
        parts = rel.split("/")
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if sub not in checked:
                problem, exists = _target_problem(os.path.join(out, sub), sub, depth == len(parts))
                checked[sub] = None if not exists else problem is None
                if problem is not None:
                    problems.append(error(out / sub, 1, 1, "output-folder", problem))
            if not checked[sub]:
                break  # a problem, already told; or not in OUT, so nothing below it is either
    if problems:
        raise UserError(problems)


def _target_problem(path: str, sub: str, last: bool) -> tuple[Optional[str], bool]:
    """(what is wrong with what stands at `path`, whether anything does)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None, False
    if stat.S_ISLNK(mode):
        if last:
            return None, True  # the link itself is replaced; what it points to is never written
        return (f"is a symbolic link (to '{os.readlink(path)}') where the build writes into the folder "
                f"'{sub}/': jobdesc writes only inside the output folder, never through a link; "
                "remove the link or choose another output folder (-o)"), True
    if not last and not stat.S_ISDIR(mode):
        return (f"is a file where the build needs the folder '{sub}/'; move it away or choose "
                "another output folder (-o)"), True
    if last and stat.S_ISDIR(mode):
        return (f"is a folder where the build writes the file '{sub}'; move it away or choose "
                "another output folder (-o)"), True
    return None, True
