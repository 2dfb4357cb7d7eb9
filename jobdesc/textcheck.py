"""Before anything is printed: can every character of the input be printed and stored?

Two kinds of character would spoil the output silently, so the build stops on them with
one error per character, naming file:line:col, the field and U+XXXX:

* a character none of the fonts we print with has a glyph for (a private-use code point,
  an unassigned one, a rare CJK Extension G ideograph): WeasyPrint would draw an empty box
  (豆腐块) in a document HR signs;
* a control character (pasted \\x0b, \\x07 …; tab and newline are fine): Word cannot
  store it in document.xml, so the .docx would not open. We report these as errors rather
  than dropping them, because silently changing what HR typed is worse than a clear message.

The fonts are the Noto faces the templates name (the handbook language's Noto Sans CJK face
and Noto Sans), found through fontconfig. Their character coverage (fontTools cmap) is cached
per font file on disk, so a build pays for reading a 20 MB font collection only once.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from .environment import EnvironmentProblem
from .errors import Diagnostic, UserError, error
from .i18n import CJK_FONT
from .format.yaml_reader import Mark, SourceFile, YMap, YSeq

LATIN_FONTS = ("Noto Sans", "Noto Sans:bold")
ALLOWED_CONTROLS = {"\t", "\n"}
CACHE_VERSION = 1


class FontsMissing(EnvironmentProblem):
    """The fonts jobdesc prints with are not installed (an environment problem, not the user's)."""


@dataclass(frozen=True)
class FontFace:
    family: str
    file: Path
    index: int


def fonts_for(language: str) -> tuple[str, ...]:
    """fontconfig patterns of the faces the job description and other outputs print with."""
    cjk = CJK_FONT[language]
    return (cjk, f"{cjk}:bold", *LATIN_FONTS)


def find_face(pattern: str) -> Optional[FontFace]:
    """The font file fontconfig picks for `pattern`, or None when it only offers a substitute."""
    return find_faces((pattern,))[0]


def find_faces(patterns: tuple[str, ...]) -> list[Optional[FontFace]]:
    """`find_face` of each pattern, the fc-match processes running side by side (each waits
    ~15 ms for fontconfig's caches; `check` asks for four)."""
    started: list[Optional[subprocess.Popen]] = []
    for pattern in patterns:
        try:
            started.append(subprocess.Popen(["fc-match", "-f", "%{family}\t%{file}\t%{index}", pattern],
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True))
        except OSError:
            started.append(None)
    found = []
    for pattern, process in zip(patterns, started):
        answer = process.communicate()[0] if process is not None else ""
        found.append(_face(pattern, answer) if process is not None and process.returncode == 0 else None)
    return found


def _face(pattern: str, found: str) -> Optional[FontFace]:
    family, file, index = (found.split("\t") + ["", "", "0"])[:3]
    wanted = pattern.split(":")[0]
    if wanted not in family.split(","):
        return None  # fontconfig always answers; a different family means ours is missing
    return FontFace(wanted, Path(file), int(index or 0))


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jobdesc"


def _read_cmap(face: FontFace) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(face.file), fontNumber=face.index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def _cache_key(face: FontFace) -> str:
    stat = face.file.stat()
    return f"{face.file}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}|{CACHE_VERSION}"


@lru_cache(maxsize=None)
def coverage(face: FontFace) -> frozenset[int]:
    """The code points `face` has glyphs for, from the disk cache when the font is unchanged."""
    key = _cache_key(face)
    cache_file = _cache_dir() / f"cmap-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.json"
    try:
        cached = json.loads(cache_file.read_text("utf-8"))
        if cached.get("key") == key:
            return frozenset(_expand(cached["ranges"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    points = _read_cmap(face)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache_file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"key": key, "ranges": _ranges(points)}), "utf-8")
        os.replace(temporary, cache_file)
    except OSError:
        pass  # a read-only home only costs speed
    return points


def _ranges(points: frozenset[int]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for point in sorted(points):
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return ranges


def _expand(ranges: list[list[int]]) -> Iterator[int]:
    for start, end in ranges:
        yield from range(start, end + 1)


@lru_cache(maxsize=None)
def printable_characters(language: str) -> frozenset[int]:
    """Code points every face we print `language` with can show (union over the fallback stack)."""
    faces = [face for face in find_faces(fonts_for(language)) if face is not None]
    if not any(face.family == CJK_FONT[language] for face in faces):
        raise FontsMissing(f"the font '{CJK_FONT[language]}' is not installed; install it "
                           "(Debian/Ubuntu: apt install fonts-noto-cjk fonts-noto-core) and run again")
    points: set[int] = set()
    for face in faces:
        points |= coverage(face)
    return frozenset(points)


def walk_strings(node, path: str = "") -> Iterator[tuple[str, str, Optional[Mark]]]:
    """Every string value in a loaded YAML tree: (field path, text, where it stands)."""
    stack: list[tuple[object, str, Optional[Mark]]] = [(node, path, getattr(node, "mark", None))]
    while stack:
        value, where, mark = stack.pop()
        if isinstance(value, YMap):
            for key in reversed(list(value)):
                stack.append((value[key], f"{where}.{key}" if where else key, value.value_marks.get(key)))
        elif isinstance(value, YSeq):
            for i in reversed(range(len(value))):
                stack.append((value[i], f"{where}[{i}]", value.item_marks[i] if i < len(value.item_marks) else mark))
        elif isinstance(value, str):
            yield where, value, mark


def _problem(char: str, printable: frozenset[int]) -> Optional[str]:
    if char in ALLOWED_CONTROLS:
        return None
    category = unicodedata.category(char)
    if category == "Cc":
        return "is a control character Word cannot store; delete it (it often comes with pasted text)"
    if category == "Cf":
        return None  # format characters (zero-width joiner, soft hyphen) are drawn as nothing
    if ord(char) in printable:
        return None
    name = unicodedata.name(char, "")
    kind = {"Co": "a private-use character", "Cn": "an unassigned code point", "Cs": "a lone surrogate"}.get(category)
    described = f"({kind})" if kind else (f"'{char}' ({name})" if name else f"'{char}'")
    return f"{described} has no glyph in the fonts jobdesc prints with; it would print as an empty box"


def check_source(source: SourceFile, printable: frozenset[int]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for field_path, text, mark in walk_strings(source.data):
        seen: set[str] = set()
        for char in text:
            if char in seen or (ord(char) < 0x7F and char.isprintable()):
                continue  # ASCII is always printable; each bad character reported once per field
            seen.add(char)
            problem = _problem(char, printable)
            if problem is not None:
                line, column = (mark.line, mark.column) if mark else (1, 1)
                found.append(error(source.path, line, column, "unprintable-character",
                                   f"{field_path or 'value'}: U+{ord(char):04X} {problem}"))
    return found


def check_text(path: Path, text: str, printable: frozenset[int]) -> list[Diagnostic]:
    """The same check on a text file (a handbook chapter), each bad character at its line and column."""
    found: list[Diagnostic] = []
    for number, line in enumerate(text.split("\n"), 1):
        if line.isascii() and line.rstrip("\r").isprintable():
            continue  # most lines of Markdown markup: nothing to look at
        for column, char in enumerate(line, 1):
            if ord(char) < 0x7F and char.isprintable() or char == "\r" and column == len(line):
                continue
            problem = _problem(char, printable)
            if problem is not None:
                found.append(error(path, number, column, "unprintable-character", f"U+{ord(char):04X} {problem}"))
    return found


def distinct_characters(node) -> set[str]:
    """Every character of the string values in a loaded YAML tree that needs a look: all but
    printable ASCII, which every font draws. (No field paths: this is the fast first pass.)"""
    found: set[str] = set()
    stack = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if not (value.isascii() and value.isprintable()):
                found.update(value)
        elif isinstance(value, YMap):
            stack.extend(value.values())
        elif isinstance(value, YSeq):
            stack.extend(value)
    return found


def check_printable(sources: tuple[SourceFile, ...] | list[SourceFile], language: str,
                    texts: tuple[tuple[Path, str], ...] = ()) -> None:
    """Raise one UserError listing every character in the input (YAML files, and `texts`:
    (path, text) of other files such as chapters) that cannot be printed or stored."""
    printable = printable_characters(language)
    # An organisation of 2,000 positions holds a few thousand distinct characters in ~90,000
    # strings: each is judged once, and only a file holding a refused one is walked again
    # field by field for its messages.
    characters = [distinct_characters(source.data) for source in sources]
    every = set().union(*characters)
    refused = {char for char in every if _problem(char, printable) is not None}
    found = [d for source, chars in zip(sources, characters) if not refused.isdisjoint(chars)
             for d in check_source(source, printable)]
    found += [d for path, text in texts for d in check_text(path, text, printable)]
    if found:
        raise UserError(found)


def cannot_print(char: str, printable: frozenset[int]) -> bool:
    """Whether `check` would refuse this character (the importer keeps such characters out of drafts)."""
    return not (ord(char) < 0x7F and char.isprintable()) and _problem(char, printable) is not None
