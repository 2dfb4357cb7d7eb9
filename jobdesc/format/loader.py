"""Stage 1 and 2: find the files of an organisation directory, load and validate them.

`load_organisation(DIR)` returns a validated `Organisation` and the warnings, or raises
`UserError` carrying every error found in every file (never only the first).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, TypeVar

from pydantic import BaseModel, ValidationError

from .. import userfiles
from ..errors import Diagnostic, UserError, error
from .loaded import Loaded, LoadResult
from .chapter_reader import load_chapters
from .collector import collector_paused
from .meeting_models import Meeting
from .periods import MEETING_PERIODS
from .position_models import OrgFile, Role, is_slug
from .process_models import Process
from .signoff_models import SIGNOFF_FILE
from .organisation import Organisation
from .pydantic_errors import validation_diagnostics
from .rules import cross_file_diagnostics
from .yaml_reader import SourceFile, decode_text, load_yaml

ORG_FILE = "org.yaml"
ROSTER_MAP_FILE = "roster-map.yaml"  # read by `jobdesc roster` (format/roster_map.py), not a position
PROCESS_DIR = "processes"
MEETING_DIR = "meetings"
YAML_SUFFIXES = (".yaml", ".yml")

M = TypeVar("M", bound=BaseModel)


def find_files(root: Path) -> tuple[Path, list[Path], list[Path], list[Path]]:
    """org.yaml, the role files, the process files and the meeting files below `root`, in a stable order."""
    org_path = root / ORG_FILE
    roster_map = root / ROSTER_MAP_FILE
    ledger = root / SIGNOFF_FILE  # the sign-off ledger (signoff_models.py), not a position
    folders = {root / PROCESS_DIR: [], root / MEETING_DIR: []}
    roles: list[Path] = []
    for path in sorted(userfiles.walk_files(root)):  # skips .git, editor swap folders
        if path.suffix not in YAML_SUFFIXES or path in (org_path, roster_map, ledger):
            continue  # not is_file(): a FIFO or a dangling link named *.yaml is refused when read
        folders.get(path.parent, roles).append(path)
    return org_path, roles, folders[root / PROCESS_DIR], folders[root / MEETING_DIR]


def _validate(model: type[M], source: SourceFile, result: LoadResult, **extra) -> M | None:
    data = source.data
    if extra and isinstance(data, dict):
        data = {**data, **extra}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        result.diagnostics.extend(validation_diagnostics(exc, source, model))
        return None


# Parses one file's text (`diff` passes one that parses a content seen in the other version once).
Parse = Callable[[Path, str], SourceFile]


class _Reader:
    """Loads the files of one organisation: each inside `root`, all within the across-files budget."""

    def __init__(self, root: Path, parse: Parse = load_yaml):
        self.root = root
        self.parse = parse
        self.budget = userfiles.Budget()
        self.folders = userfiles.RealFolders()
        self.exhausted = False

    def __call__(self, path: Path, result: LoadResult) -> SourceFile | None:
        if self.exhausted:
            return None
        try:
            raw = userfiles.read_bytes(path, userfiles.MAX_YAML_BYTES, root=self.root, folders=self.folders)
            self.budget.spend(path, len(raw))
            return self.parse(path, decode_text(path, raw))
        except UserError as exc:
            result.diagnostics.extend(exc.diagnostics)
            if any(d.code in userfiles.BUDGET_CODES for d in exc.diagnostics):
                self.exhausted = result.stopped = True  # the files after this one are not read
            return None


def load_files(root: Path, parse: Parse = load_yaml) -> LoadResult:
    """Load and validate each file on its own. Cross-file rules come after (rules.py)."""
    result = LoadResult()
    org_path, role_paths, process_paths, meeting_paths = find_files(root)
    _load = _Reader(root, parse)
    if not os.path.lexists(org_path):
        result.diagnostics.append(
            error(org_path, 1, 1, "missing-org", f"{ORG_FILE} not found: every organisation directory needs one")
        )
    elif (source := _load(org_path, result)) is not None:
        if (org := _validate(OrgFile, source, result)) is not None:
            result.org = Loaded(org, source)

    for path in role_paths:
        source = _load(path, result)
        typed_id = source.data.get("id") if source is not None and isinstance(source.data, dict) else None
        role_id = typed_id if isinstance(typed_id, str) else path.stem
        if source is None:
            result.broken_role_ids.add(role_id)
            continue
        if typed_id is None and not is_slug(path.stem):
            result.diagnostics.append(error(
                path, 1, 1, "bad-id",
                f"file name '{path.stem}' is not a valid role id (lowercase letters, digits and '-'); "
                "rename the file or give an `id:`",
            ))
            continue
        role = _validate(Role, source, result)
        if role is None:
            result.broken_role_ids.add(role_id)
            continue
        result.roles.append(Loaded(role.model_copy(update={"id": role_id}), source))

    _load_named(process_paths, "process", Process, result.processes, _load, result)
    _load_named(meeting_paths, "meeting", Meeting, result.meetings, _load, result)
    # A report `at` a meeting whose file is broken still names an existing meeting.
    result.meeting_ids = {path.stem for path in meeting_paths if is_slug(path.stem)}
    result.chapters, problems = load_chapters(root)
    result.diagnostics.extend(problems)
    return result


def _load_named(paths: list[Path], kind: str, model: type[M], into: dict, load: "_Reader", result: LoadResult) -> None:
    """Files whose name is their id (processes/, meetings/): each validated into `into`."""
    for path in paths:
        if (source := load(path, result)) is None:
            continue
        if not is_slug(path.stem):
            result.diagnostics.append(error(
                path, 1, 1, "bad-id",
                f"file name '{path.stem}' is not a valid {kind} id (lowercase letters, digits and '-'); rename the file",
            ))
            continue
        if path.stem in into:
            first = into[path.stem].source.path.name
            result.diagnostics.append(error(path, 1, 1, "duplicate-id", f"{kind} id '{path.stem}' is also used by {first}"))
            continue
        if (validated := _validate(model, source, result)) is not None:
            into[path.stem] = Loaded(validated, source)


def load_organisation(root: Path, parse: Parse = load_yaml) -> tuple[Organisation, list[Diagnostic]]:
    """Load, validate and cross-check a directory. Returns the organisation and its warnings.

    `parse` parses one file's text (see `Parse`).

    Raises UserError with every error (and warning) when anything is wrong.
    """
    if not root.is_dir():
        raise UserError.at(root, 1, 1, "no-directory", f"organisation directory '{root}' does not exist")
    with collector_paused(keep=True):
        result = load_files(root, parse)
        if result.stopped:  # cross-file rules on a part of the files would only add noise
            raise UserError(result.diagnostics)
        diagnostics = result.diagnostics + cross_file_diagnostics(result)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors or result.org is None:
        raise UserError(diagnostics)
    organisation = Organisation(
        root=root,
        org=result.org.model,
        roles={loaded.model.id: loaded.model for loaded in result.roles},
        processes={pid: result.processes[pid].model for pid in sorted(result.processes)},
        meetings={mid: result.meetings[mid].model for mid in sorted(
            result.meetings, key=lambda mid: (MEETING_PERIODS.index(result.meetings[mid].model.period), mid))},
        chapters=tuple(result.chapters),
        sources=(result.org.source, *(r.source for r in result.roles),
                 *(result.processes[pid].source for pid in sorted(result.processes)),
                 *(result.meetings[mid].source for mid in sorted(result.meetings))),
    )
    return organisation, sorted(diagnostics)
