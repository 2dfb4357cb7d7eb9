"""How `check` prints diagnostics: plain text, JSON, or GitHub workflow annotations."""
from __future__ import annotations

import json
from typing import Iterable

from .errors import Diagnostic


def _escape_github(value: str, *, property_value: bool = False) -> str:
    # GitHub's workflow-command encoding; properties also escape ':' and ','.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_text(diagnostics: Iterable[Diagnostic]) -> list[str]:
    return [d.format() for d in diagnostics]


def as_github(diagnostics: Iterable[Diagnostic]) -> list[str]:
    lines = []
    for d in diagnostics:
        props = ",".join([
            f"file={_escape_github(d.display_path(), property_value=True)}",
            f"line={d.line}",
            f"col={d.column}",
            f"title={_escape_github('jobdesc ' + d.code, property_value=True)}",
        ])
        lines.append(f"::{d.severity} {props}::{_escape_github(d.message)}")
    return lines


def as_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in diagnostics], ensure_ascii=False, indent=2)


def summary(diagnostics: list[Diagnostic], files: int | None = None) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return "ok: no problems found" if files is None else f"ok: {files} files, no problems found"
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
