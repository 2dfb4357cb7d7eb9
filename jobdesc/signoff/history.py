"""Which earlier version of the organisation a signed version was: read from git.

A ledger entry names a version (a fingerprint) that is no longer the role's. To say what
changed since (in the words of `jobdesc diff`), and to tell an old version from one that never
existed, the directory's git history is walked from the newest commit back: each commit's
organisation is loaded (read with `git ls-tree`/`cat-file`, as `diff REV:PATH` reads it, the
work tree untouched) and its roles fingerprinted, until every version asked for is found or
MAX_COMMITS commits were read. A directory outside git has no history: its old versions are
known to be old, not what they were.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..diff.gittree import TreeProblem, write_tree
from ..errors import UserError
from ..format.loader import load_organisation
from ..format.organisation import Organisation
from .version import role_version

MAX_COMMITS = 200  # commits touching DIR read at most (each is a whole organisation to load)


@dataclass
class History:
    searched: bool = False  # DIR is in git and its history could be read
    complete: bool = False  # every commit touching DIR was read
    # (role id, version) → (the newest commit that had it, its organisation)
    found: dict[tuple[str, str], tuple[str, Organisation]] = field(default_factory=dict)


def _git(root: Path, *args: str) -> Optional[str]:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def find_versions(root: Path, wanted: set[tuple[str, str]]) -> History:
    """Each (role id, version) of `wanted` with the newest commit whose organisation had it."""
    history = History()
    if not wanted:
        return history
    prefix = _git(root, "rev-parse", "--show-prefix")
    top = _git(root, "rev-parse", "--show-toplevel")
    log = _git(root, "log", "--format=%H", f"-n{MAX_COMMITS + 1}", "--", ".")
    if prefix is None or top is None or log is None:
        return history
    commits = log.split()
    history.searched, history.complete = True, len(commits) <= MAX_COMMITS
    missing = set(wanted)
    for commit in commits[:MAX_COMMITS]:
        org = _organisation_at(top.strip(), commit, prefix.strip())
        if org is None:
            continue
        for role_id, version in sorted(missing):
            if role_id in org.roles and role_version(org, role_id) == version:
                history.found[(role_id, version)] = (commit, org)
        missing -= set(history.found)
        if not missing:
            break
    return history


def _organisation_at(top: str, commit: str, prefix: str) -> Optional[Organisation]:
    tree = _git(Path(top), "rev-parse", "--verify", "--quiet", f"{commit}:{prefix}")
    if tree is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="jobdesc-signoff-"))
    try:
        write_tree(["git", "-C", top], tree.strip(), folder, f"{commit[:12]}:{prefix}")
        org, _warnings = load_organisation(folder)
        return org
    except (UserError, TreeProblem, OSError):
        return None  # a commit whose organisation was invalid had no versions anyone signed
    finally:
        shutil.rmtree(folder, ignore_errors=True)
