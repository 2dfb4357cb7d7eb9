"""Progress while building: a live bar on a terminal, a few quiet lines in CI logs."""
from __future__ import annotations

import sys
import time
from typing import Callable, TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool = True):
        self.stream = stream if stream is not None else sys.stderr  # looked up now: tests swap it
        self.enabled = enabled
        self.live = enabled and self.stream.isatty()
        self._last_draw = 0.0

    def part(self, name: str) -> Callable[[int, int], None]:
        """A callback `(done, total)` for one part of the build."""
        def report(done: int, total: int) -> None:
            if not self.enabled or total == 0:
                return
            if self.live:  # CI logs get only the per-part lines of `finished`
                now = time.monotonic()
                if done not in (0, total) and now - self._last_draw < 0.1:
                    return
                self._last_draw = now
                width = 30
                filled = width * done // total
                bar = "█" * filled + "·" * (width - filled)
                end = "\n" if done == total else ""
                self.stream.write(f"\r{name:<9} {bar} {done}/{total}{end}")
                self.stream.flush()

        return report

    def finished(self, name: str, files: int, seconds: float) -> None:
        """One line per part, on a terminal and in CI logs alike."""
        if self.enabled:
            self.stream.write(f"{name:<9} {files:>4} files  {seconds:6.1f} s\n")
            self.stream.flush()

    def note(self, text: str) -> None:
        """Something the user should know about an output that was still written (e.g.
        handbook.docx without page numbers when LibreOffice is missing)."""
        if self.enabled:
            self.stream.write(f"note: {text}\n")
            self.stream.flush()


QUIET = Progress(enabled=False)
