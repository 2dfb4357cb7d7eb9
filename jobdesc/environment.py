"""Problems with the machine jobdesc runs on, not with the user's input nor with jobdesc.

A missing font, a read-only or full output folder, an output folder that is a file, a
`SOURCE_DATE_EPOCH` that is not a date: none of these is a mistake in the YAML (exit 1)
nor a bug to report (the "internal error" of exit 2). They end the command with exit 2
and one line that says what to do. The CLI catches `EnvironmentProblem` once, and turns
the `OSError`s that mean "this folder cannot be written" into one through `from_os_error`.
"""
from __future__ import annotations

import errno
from pathlib import Path
from typing import Optional


class EnvironmentProblem(Exception):
    """Something to fix on the machine; its message is one line saying what and how."""


# errno -> what the user should do about it. Only errors that a user's machine causes; any
# other OSError stays an internal error, since it more likely means a bug in jobdesc.
_ADVICE = {
    errno.EROFS: "the folder is on a read-only file system; choose another output folder with -o",
    errno.EACCES: "permission denied; choose a folder you may write to (-o) or fix its permissions",
    errno.EPERM: "operation not permitted; choose a folder you may write to (-o) or fix its permissions",
    errno.ENOSPC: "the disk is full; free some space or choose an output folder on another disk (-o)",
    errno.EDQUOT: "the disk quota is exceeded; free some space or choose another output folder (-o)",
    errno.ENOTDIR: "a part of the path is a file, not a folder; choose another output folder (-o)",
    errno.EEXIST: "a file stands where a folder must be; move it away or choose another output folder (-o)",
    errno.EISDIR: "a folder stands where a file must be written; move it away or choose another output folder (-o)",
    errno.ENAMETOOLONG: "the path is too long; choose a shorter output folder (-o)",
    errno.EMFILE: "too many open files; raise the limit (ulimit -n) and run again",
    errno.EIO: "the disk reported an input/output error; check the disk and run again",
}


def from_os_error(exc: OSError) -> Optional[EnvironmentProblem]:
    """The plain message for an OSError a user's machine causes, or None for anything else."""
    advice = _ADVICE.get(exc.errno or 0)
    if advice is None:
        return None
    where = exc.filename if exc.filename is not None else ""
    return EnvironmentProblem(f"cannot write {where}: {advice}" if where else f"cannot write: {advice}")


def write_failed(path: Path | str, exc: OSError) -> Exception:
    """What a renderer raises when writing `path` failed: the plain environment message when
    the machine is at fault, else the OSError itself (a bug, reported as internal)."""
    if exc.filename is None:
        exc.filename = str(path)
    return from_os_error(exc) or exc


def output_folder_problem(out: Path) -> Optional[EnvironmentProblem]:
    """Why `out` cannot be the output folder, found before any work is done (or None)."""
    for folder in (out, *out.parents):
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                kind = "the output folder" if folder == out else f"{folder}, a part of the output folder,"
                return EnvironmentProblem(f"cannot write {out}: {kind} is not a folder; "
                                          "move it away or choose another output folder (-o)")
            return None
    return None
