"""OLD and NEW as directories: a folder as it is, or `REV:PATH` read from git.

`REV:PATH` follows git's own meaning (`git show main:roles`): PATH is relative to the top of
the repository, and `REV:./PATH` to the current directory. The tree is written into a
temporary folder with `git ls-tree` and `git cat-file` (gittree.py: never `git archive`, which
obeys the tree's own .gitattributes), so the work tree, the index and HEAD are never touched
and uncommitted changes stay where they are. Git is only run for `REV:PATH`: two
plain folders need no git at all.

An argument that names an existing folder is a folder, even with a colon in its name; a
revision that git does not know, or a path that does not exist in it, ends the command with
exit 2 and one line saying which (`RevisionProblem`).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import click

from .gittree import TreeProblem, write_tree

EXIT_USAGE = 2


class RevisionProblem(click.ClickException):
    """OLD or NEW names nothing: one line, exit 2 (wrong usage, not an invalid organisation)."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(f"jobdesc diff: error: {self.format_message()}", err=True)


@dataclass(frozen=True)
class Version:
    """One side of the comparison: where its files are now, and how the user named it."""

    label: str  # as typed: 'roles' or 'main:roles'
    root: Path  # the folder to load
    shown_as: Optional[str] = None  # for REV:PATH, what replaces `root` in messages
    committed: Optional[int] = None  # for REV:PATH, the commit's time (seconds since 1970): it dates the changes

    def display(self, file: str) -> str:
        """A file of this version as the user knows it (main:roles/sales/x.yaml, not /tmp/...)."""
        if self.shown_as is None:
            return file
        # Not resolved: a file that is a link out of the folder is still named where it is.
        try:
            relative = Path(os.path.abspath(file)).relative_to(os.path.abspath(self.root))
        except ValueError:
            return file
        return f"{self.shown_as}/{relative.as_posix()}" if relative.parts else self.shown_as

    def display_message(self, message: str) -> str:
        """A message that names the temporary folder names the revision instead."""
        if self.shown_as is None:
            return message
        return message.replace(os.path.abspath(self.root), self.shown_as)


def _git(*args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise RevisionProblem("git is not installed, and is needed to read a revision (REV:PATH)") from None


def _split(spec: str) -> tuple[str, str]:
    revision, _, path = spec.partition(":")
    return revision, path


@contextmanager
def opened(spec: str) -> Iterator[Version]:
    """The organisation folder `spec` names, for the time of the `with` block."""
    if Path(spec).is_dir():
        yield Version(spec, Path(spec))
        return
    if ":" not in spec or Path(spec).exists():
        what = "is not a folder" if Path(spec).exists() else "does not exist"
        raise RevisionProblem(f"'{spec}' {what} (give an organisation folder, or REV:PATH for a git revision)")
    revision, path = _split(spec)
    if not revision:
        raise RevisionProblem(f"'{spec}' names no revision before ':' (e.g. main:roles)")
    if _git("rev-parse", "--is-inside-work-tree").returncode != 0:
        raise RevisionProblem(f"'{spec}' reads a git revision, but the current directory is not in a git repository")
    if _git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise RevisionProblem(f"unknown revision '{revision}' (in '{spec}')")
    tree = f"{revision}:{path}"
    kind = _git("cat-file", "-t", tree)
    if kind.returncode != 0:
        raise RevisionProblem(f"path '{path or '.'}' does not exist in revision '{revision}'")
    if kind.stdout.strip() != "tree":
        raise RevisionProblem(f"path '{path}' in revision '{revision}' is a file, not an organisation folder")
    # The tree's object id, read from the top of the repository: the path is already in it.
    object_id = _git("rev-parse", "--verify", tree).stdout.strip()
    top = _git("rev-parse", "--show-toplevel").stdout.strip()
    folder = Path(tempfile.mkdtemp(prefix="jobdesc-diff-"))
    try:
        try:
            write_tree(["git", "-C", top], object_id, folder, spec.rstrip("/"))
        except (TreeProblem, OSError) as exc:
            raise RevisionProblem(f"git could not read '{spec}': {exc}") from None
        committed = _git("show", "-s", "--format=%ct", f"{revision}^{{commit}}").stdout.strip()
        yield Version(spec, folder, spec.rstrip("/"), int(committed) if committed.isdigit() else None)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
