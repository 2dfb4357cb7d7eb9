"""What every diagnostic must be, as users see it: shared by the fuzz tests.

One line in each output format, at a line and column that exist in a file of the
organisation, in the user's words (no library's type names), hidden characters escaped.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from jobdesc.errors import Diagnostic
from jobdesc.report import as_github, as_json, as_text

LIBRARY_WORDS = ("constrained-str", "list[", "dict[", "function-", "nullable[", "<unicode string>",
                 "ValidationError", "pydantic", "input should be", "union[", "literal[", "model_type",
                 "errors.pydantic.dev", "#x0", "in \"<")
INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # what must appear escaped, never raw


def _has_raw_invisible(text: str) -> bool:
    return not text.isprintable() and any(unicodedata.category(c) in INVISIBLE for c in text)


def problems_with(diagnostics: list[Diagnostic], root: Path) -> list[str]:
    """Everything wrong with these diagnostics as the user would see them (empty when fine)."""
    found, file_lines = [], {}
    github = as_github(diagnostics)
    for d, text_line, github_line in zip(diagnostics, as_text(diagnostics), github):
        shown = f"{d.file}:{d.line}:{d.column}: {d.message!r}"
        path = Path(d.file)
        if not (path.is_file() and root.resolve() in path.resolve().parents):
            found.append(f"not a file of the organisation: {shown}")
            continue
        if path not in file_lines:  # lines as editors and GitHub count them: split at \n only
            file_lines[path] = path.read_bytes().decode("utf-8", "replace").split("\n")
        lines = file_lines[path]
        if not (1 <= d.line <= len(lines) and 1 <= d.column <= len(lines[d.line - 1]) + 1):
            found.append(f"unlocated: {shown}")
        for output in (text_line, github_line, d.message):
            if len(output.splitlines()) != 1 or _has_raw_invisible(output):
                found.append(f"split or raw control character: {shown}")
                break
        if any(word in d.message.lower() for word in LIBRARY_WORDS):
            found.append(f"library words: {shown}")
    as_json_text = as_json(diagnostics)
    if json.loads(as_json_text) != [d.as_dict() for d in diagnostics] or \
            "\n".join(as_json_text.splitlines()) != as_json_text:
        found.append("JSON output with a line break inside a value")
    return found
