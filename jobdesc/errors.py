"""One error type for user mistakes, and the diagnostics it carries.

Every mistake a user can make in their YAML or templates becomes a `Diagnostic`
that points at file:line:col. Code raises `UserError` with one or more of them;
the CLI catches it once, prints the diagnostics and exits 1. Anything else that
escapes is a bug in jobdesc (exit 2).
"""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]

# Characters that would break a message over lines or hide in it: controls (\n, \x07), invisible
# format characters (\u200b, a right-to-left override), line/paragraph separators, surrogates,
# private-use and unassigned code points. Shown escaped, Python-style, wherever a message quotes them.
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with every hidden or line-breaking character escaped (\\n, \\x07, \\u200b, \\U000f0000)."""
    if text.isprintable():  # the common case, in C; it is False for all of _HIDDEN (and for non-ASCII spaces)
        return text
    return "".join(_escape(c) if unicodedata.category(c) in _HIDDEN else c for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located message, always on one line. Ordered by file, then line, then column."""

    file: str
    line: int
    column: int
    severity: Severity = field(compare=False)
    code: str = field(compare=False)
    message: str = field(compare=False)

    def __post_init__(self) -> None:
        # Messages quote what users typed, and users type newlines, \x07 and zero-width spaces:
        # escaped here, once, so no code path can split a message or hide a character in it.
        object.__setattr__(self, "message", printable(self.message))

    def display_path(self) -> str:
        """The path relative to the current directory where possible (what users typed)."""
        try:
            rel = os.path.relpath(self.file)
        except ValueError:  # another drive on Windows
            return printable(self.file)
        return printable(self.file if rel.startswith("..") and os.path.isabs(self.file) else rel)

    def format(self) -> str:
        return f"{self.display_path()}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "file": self.display_path(),
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def error(file: str | Path, line: int, column: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(file), line, column, "error", code, message)


def warning(file: str | Path, line: int, column: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(file), line, column, "warning", code, message)


class UserError(Exception):
    """A mistake in the user's input. Carries every diagnostic found, not just the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: list[Diagnostic] = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    @classmethod
    def at(cls, file: str | Path, line: int, column: int, code: str, message: str) -> "UserError":
        """Shorthand for a single located error."""
        return cls(error(file, line, column, code, message))
