"""What loading gives the cross-file rules: every model with the file it came from.

Its own module so that loader.py (which runs the rules) and rules.py (which read these)
both import it and not each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel

from ..errors import Diagnostic
from .chapter_models import Chapter
from .meeting_models import Meeting
from .position_models import OrgFile, Role
from .process_models import Process
from .yaml_reader import SourceFile

M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded(Generic[M]):
    """A model together with the file it came from, so rules can point at lines."""

    model: M
    source: SourceFile


@dataclass
class LoadResult:
    """Everything that loaded; files that failed are only named (their ids still count as existing)."""

    org: Loaded[OrgFile] | None = None
    roles: list[Loaded[Role]] = field(default_factory=list)
    processes: dict[str, Loaded[Process]] = field(default_factory=dict)
    meetings: dict[str, Loaded[Meeting]] = field(default_factory=dict)
    chapters: list[Chapter] = field(default_factory=list)
    broken_role_ids: set[str] = field(default_factory=set)
    meeting_ids: set[str] = field(default_factory=set)  # every meeting file's id, valid or not
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stopped: bool = False  # the across-files limit was reached: later files were not read
