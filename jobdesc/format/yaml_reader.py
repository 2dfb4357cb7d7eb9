"""Load YAML as plain text data, with the line and column of every key and value.

We do not use `yaml.safe_load`: its resolver turns `NO` into False, `010` into 8,
`9:30` into 570 and `2026-01-01` into a date, and it silently keeps the last of two
duplicate keys. HR text must reach the models as typed, and every mistake must point
at a place in the file. So we read the parser's event stream (libyaml's C parser where
present, for speed) and build the tree ourselves:

* mappings become `YMap` (a dict that also remembers where each key and value stand),
* sequences become `YSeq` (a list that remembers where each item stands),
* scalars become `str`, except a plain `null`/`~`/empty value, which becomes None.

Aliases, anchors and tags are refused outright: they are never needed in this format,
and refusing aliases makes "billion laughs" documents harmless. Nesting is built with
an explicit stack, so thousands of brackets cannot exhaust Python's recursion.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, NamedTuple, Union

import yaml

from .. import userfiles
from ..errors import UserError, printable

# libyaml's C parser is an order of magnitude faster; PyYAML built without it still works.
# Only the parser part of the loader is used (we build the tree from events ourselves).
_EVENT_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_DEPTH = 64  # the format nests at most ~8 levels; this leaves ample room

_NULLS = {"", "~", "null", "Null", "NULL"}


class Mark(NamedTuple):
    """A 1-based position in a file, as editors show it. (A tuple: the loader makes one per
    key and value, and tuples are several times cheaper to create than dataclasses.)"""

    line: int
    column: int


class YMap(dict):
    """A mapping that remembers where it, each key and each value stand in the file."""

    __slots__ = ("mark", "key_marks", "value_marks")

    def __init__(self, mark: Mark):
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}


class YSeq(list):
    """A sequence that remembers where it and each item stand in the file."""

    __slots__ = ("mark", "item_marks")

    def __init__(self, mark: Mark):
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []


YValue = Union[YMap, YSeq, str, None]


@dataclass
class SourceFile:
    """One loaded YAML file: its path, its data and where everything in it stands."""

    path: Path
    data: YValue

    def mark_of(self, loc: tuple[Any, ...], *, key: bool = False) -> Mark:
        """The position of the value at `loc` (a path of keys and indexes).

        With `key=True` the last step points at the key instead of its value (for
        "unknown key" errors). Where the path runs out (a missing key), the deepest
        existing container is the best place to point at.
        """
        node: Any = self.data
        mark = getattr(node, "mark", Mark(1, 1))
        for i, step in enumerate(loc):
            last = i == len(loc) - 1
            if isinstance(node, YMap) and isinstance(step, str) and step in node:
                mark = (node.key_marks if (last and key) else node.value_marks)[step]
                node = node[step]
            elif isinstance(node, YSeq) and isinstance(step, int) and 0 <= step < len(node):
                mark = node.item_marks[step]
                node = node[step]
            else:
                break
        return mark


def _mark(m: yaml.Mark) -> Mark:
    return Mark(m.line + 1, m.column + 1)


def _marker(text: str) -> Callable[[yaml.Mark], Mark]:
    """How to turn the parser's marks into the lines and columns editors and GitHub show.

    YAML also breaks lines at a lone \\r, \\x85 (NEL), \\u2028 and \\u2029; editors and GitHub
    count \\n only. Where a file has any of those, positions are recounted from the mark's
    character index; otherwise the parser's own line and column are right (the fast path).
    """
    if not any(c in text for c in "\x85\u2028\u2029") and text.count("\r") == text.count("\r\n"):
        return _mark
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def recount(m: yaml.Mark) -> Mark:
        line = bisect_right(line_starts, m.index)
        return Mark(line, m.index - line_starts[line - 1] + 1)
    return recount


def _position(text: str, index: int) -> Mark:
    return Mark(text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1)


_SCALAR, _ALIAS, _STREAM_END = yaml.ScalarEvent, yaml.AliasEvent, yaml.StreamEndEvent
_OPENERS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSERS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _fail(path: Path, mark: Mark, code: str, message: str) -> UserError:
    return UserError.at(path, mark.line, mark.column, code, message)


def read_text(path: Path, root: Path | None = None) -> str:
    """Read a file as UTF-8, refusing oversized, special and non-UTF-8 files with a helpful
    message (and, given `root`, a symlink leading outside it: see userfiles.py)."""
    return decode_text(path, userfiles.read_bytes(path, userfiles.MAX_YAML_BYTES, root=root))


def decode_text(path: Path, raw: bytes) -> str:
    """A YAML file's bytes as text: UTF-8 (a BOM tolerated), no NUL bytes."""
    try:
        text = raw.decode("utf-8-sig")  # tolerate the BOM Windows editors add
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        # Columns count characters, as editors do; everything before the first bad byte is valid UTF-8.
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8")) + 1
        raise _fail(path, Mark(line, column), "not-utf8",
                    "file is not UTF-8 (perhaps GBK/Big5 from an older editor); "
                    "re-save it as UTF-8") from None
    if "\x00" in text:
        raise _fail(path, Mark(1, 1), "binary", "file contains NUL bytes; it is not a text file")
    return text


def load_yaml(path: Path, text: str | None = None, root: Path | None = None) -> SourceFile:
    """Parse one YAML file into a `SourceFile`. Raises UserError with the place of any problem."""
    if text is None:
        text = read_text(path, root)
    to_mark = _marker(text)
    loader = None
    try:
        loader = _EVENT_LOADER(text)  # the Python reader refuses a bad character already here
        # The parser's events, pulled straight from the loader: iter(get_event, None) calls it from
        # C, where a generator would resume a Python frame per event (250,000 at 2,000 positions).
        # Both parsers give None once the stream has ended.
        data = _build(path, iter(loader.get_event, None), to_mark)
    except yaml.reader.ReaderError as exc:
        raise _refused_character(path, text, exc) from None
    except UnicodeEncodeError as exc:  # libyaml's reader: a lone surrogate (only in text given to us)
        raise _refused_character(path, text, exc) from None
    except yaml.MarkedYAMLError as exc:
        # From the character index: at the end of a file without a final newline libyaml puts
        # the mark on a line after the last one, which no editor shows.
        mark = _position(text, min(exc.problem_mark.index, len(text))) if exc.problem_mark else Mark(1, 1)
        problem = exc.problem or str(exc).splitlines()[0]
        if "maximum nesting depth" in problem:
            # PyYAML >= 6.0.3 has a depth limit of its own, whose scanner can reach it before
            # our event loop sees MAX_DEPTH: the same mistake, so the same message.
            raise _fail(path, mark, "too-deep", f"nesting deeper than {MAX_DEPTH} levels") from None
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise _fail(path, mark, "yaml-syntax", f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:  # none other is known; the first line is the problem, the rest PyYAML's context
        raise _fail(path, Mark(1, 1), "yaml-syntax", f"YAML syntax error: {str(exc).splitlines()[0]}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return SourceFile(path, data)


def _refused_character(path: Path, text: str, exc: Exception) -> UserError:
    """A character YAML does not allow anywhere in a file (a control character pasted in, a
    surrogate): point at the first one. Both readers refuse the first they meet, and report its
    offset differently (libyaml in UTF-8 bytes), so the character is looked up in the text."""
    code = getattr(exc, "character", None)
    if not isinstance(code, int):  # UnicodeEncodeError: the surrogate is at exc.start
        code = ord(text[exc.start]) if isinstance(exc, UnicodeEncodeError) else 0
    index = text.find(chr(code)) if code else -1
    mark = _position(text, index) if index >= 0 else Mark(1, 1)
    return _fail(path, mark, "yaml-character",
                 f"character U+{code:04X} ('{printable(chr(code))}') is not allowed in a YAML file; "
                 "delete it (most editors do not show it)")


def _build(path: Path, events, to_mark: Callable[[yaml.Mark], Mark] = _mark) -> YValue:
    """Turn the event stream of one document into YMap/YSeq/str/None.

    This loop runs once per key, value and item of every file `check` reads (250,000 events
    at 2,000 positions), so it keeps the open container, whether it is a mapping and the key
    waiting for its value in local variables, and makes each mark straight from a tuple."""
    ancestors: list[YMap | YSeq | None] = []  # the containers enclosing `parent`, outermost first
    parent: YMap | YSeq | None = None  # the innermost open container (None: at the document's top)
    in_map = False  # parent is a YMap
    key: str | None = None  # in a mapping, the key waiting for its value (None: a key comes next)
    root: YValue = None
    documents = 0
    fast_marks = to_mark is _mark

    for event in events:
        kind = type(event)
        if kind is _SCALAR:
            if event.anchor is not None or (event.tag is not None and event.tag != "!" and not any(event.implicit)):
                _refuse_anchor_and_tag(path, event, to_mark)
            start = event.start_mark
            mark = _new_mark(Mark, (start.line + 1, start.column + 1)) if fast_marks else to_mark(start)
            value = event.value
            if not event.style and value in _NULLS:  # style: None or "" for a plain scalar
                value = None
            if in_map:
                if key is not None:  # a value (most scalars)
                    parent[key] = value
                    parent.value_marks[key] = mark
                    key = None
                else:
                    key = _new_key(path, parent, value, mark)
            elif parent is not None:
                parent.append(value)
                parent.item_marks.append(mark)
            else:
                root = value
        elif kind in _OPENERS:
            _refuse_anchor_and_tag(path, event, to_mark)
            if len(ancestors) >= MAX_DEPTH:
                raise _fail(path, to_mark(event.start_mark), "too-deep",
                            f"nesting deeper than {MAX_DEPTH} levels")
            mark = to_mark(event.start_mark)
            node: YMap | YSeq = YMap(mark) if kind is yaml.MappingStartEvent else YSeq(mark)
            if in_map:
                if key is None:  # a mapping or list as a key: refused
                    _new_key(path, parent, node, mark)
                parent[key] = node
                parent.value_marks[key] = mark
            elif parent is not None:
                parent.append(node)
                parent.item_marks.append(mark)
            else:
                root = node
            ancestors.append(parent)
            parent, in_map, key = node, kind is yaml.MappingStartEvent, None
        elif kind in _CLOSERS:
            # A container is always a value or an item, so its parent waits for a key again.
            parent = ancestors.pop()
            in_map, key = type(parent) is YMap, None
        elif kind is _ALIAS:
            raise _fail(path, to_mark(event.start_mark), "yaml-alias",
                        f"YAML aliases (*{event.anchor}) are not allowed; write the value out in full")
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _fail(path, to_mark(event.start_mark), "multiple-documents",
                            "a file holds one YAML document; remove the second '---'")
    return root


_new_mark = tuple.__new__  # Mark(line, column) without the Python-level __new__ of a NamedTuple


def _new_key(path: Path, mapping: YMap, key: YValue, mark: Mark) -> str:
    """`key` as the next key of `mapping`: plain text, not given before."""
    if not isinstance(key, str):
        raise _fail(path, mark, "complex-key", "mapping keys must be plain text")
    if key in mapping:
        first = mapping.key_marks[key]
        raise _fail(path, mark, "duplicate-key", f"duplicate key '{key}' (first given at line {first.line})")
    mapping.key_marks[key] = mark
    return key


def _refuse_anchor_and_tag(path: Path, event, to_mark: Callable[[yaml.Mark], Mark]) -> None:
    if event.anchor is not None:
        raise _fail(path, to_mark(event.start_mark), "yaml-anchor",
                    f"YAML anchors (&{event.anchor}) are not allowed; write each value out in full")
    tag = event.tag
    if tag is not None and tag != "!" and not _is_implicit(event):
        raise _fail(path, to_mark(event.start_mark), "yaml-tag",
                    f"YAML tags ({tag.replace('tag:yaml.org,2002:', '!!')}) are not allowed; remove the tag")


def _is_implicit(event) -> bool:
    # A ScalarEvent carries `implicit=(plain, quoted)`; collections carry a bool.
    implicit = getattr(event, "implicit", True)
    return any(implicit) if isinstance(implicit, tuple) else bool(implicit)
