"""OLD and NEW as directories: a folder as it is, or `REV:PATH` read from git.

`REV:PATH` follows git's own meaning (`git show main:roles`): PATH is relative to the top of
the repository, and `REV:./PATH` to the current directory. The tree is read with
`git archive` into a temporary folder, so the work tree, the index and HEAD are never
touched and uncommitted changes stay where they are. Git is only run for `REV:PATH`: two
plain folders need no git at all.

An argument that names an existing folder is a folder, even with a colon in its name; a
revision that git does not know, or a path that does not exist in it, ends the command with
exit 2 and one line saying which (`RevisionProblem`).
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import click

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

    def display(self, file: str) -> str:
        """A file of this version as the user knows it (main:roles/sales/x.yaml, not /tmp/...)."""
        if self.shown_as is None:
            return file
        try:
            relative = Path(file).resolve().relative_to(self.root.resolve())
        except ValueError:
            return file
        return f"{self.shown_as}/{relative.as_posix()}" if relative.parts else self.shown_as


def _git(*args: str, binary: bool = False) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=not binary, check=False)
    except FileNotFoundError:
        raise RevisionProblem("git is not installed, and is needed to read a revision (REV:PATH)") from None


def _split(spec: str) -> tuple[str, str]:
    revision, _, path = spec.partition(":")
    return revision, path


def _extract(tar: tarfile.TarFile, folder: Path) -> None:
    """Only regular files and folders: a link in the tree could lead out of the folder, and an
    organisation is made of YAML files (tarfile's own 'data' filter is missing before 3.11.4)."""
    members = [m for m in tar.getmembers()
               if (m.isfile() or m.isdir()) and not Path(m.name).is_absolute() and ".." not in Path(m.name).parts]
    if hasattr(tarfile, "data_filter"):
        tar.extractall(folder, members=members, filter="data")
    else:  # pragma: no cover - Python 3.11.0-3.11.3
        tar.extractall(folder, members=members)


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
    # The tree's object id, archived from the top of the repository: run in a sub-folder,
    # git archive would keep only that sub-folder's part of the tree.
    object_id = _git("rev-parse", "--verify", tree).stdout.strip()
    top = _git("rev-parse", "--show-toplevel").stdout.strip()
    archive = _git("-C", top, "archive", "--format=tar", object_id, binary=True)
    if archive.returncode != 0:
        message = archive.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionProblem(f"git could not read '{spec}': {message[-1] if message else 'git archive failed'}")
    folder = Path(tempfile.mkdtemp(prefix="jobdesc-diff-"))
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            _extract(tar, folder)
        yield Version(spec, folder, spec.rstrip("/"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
