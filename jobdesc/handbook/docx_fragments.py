"""Fragments of handbook.docx kept in the build cache, so a rebuild writes only what changed.

The body is put together from fragments (each department's page, each job description,
the staffing table, the RACI matrices, the index, the contents), each kept in the build
cache as the bytes it has inside document.xml, under the hash of everything it is made
from (its data, the template, the language's labels and this code). A fragment taken
from the cache has its bookmark numbers renumbered in the bytes to follow on from the
blocks before it.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from lxml import etree

from .. import cache as build_cache
from .docx_xml import el

FRAGMENTS = "handbook-docx"  # build-cache kind of the body's fragments
FRAGMENT_FORMAT = "1"  # bump when the stored layout of a fragment changes
# The modules whose code decides a fragment's bytes (besides the data in its key).
FRAGMENT_CODE = ("handbook/docx_*.py", "handbook/labels.py", "handbook/frontmatter.py", "jd/docx_*.py",
                 "jd/context.py", "jd/labels.py", "tables/raci_matrix.py", "tables/text.py",
                 "tables/column_fit.py", "tables/title_words.py", "orgchart/text.py", "i18n.py", "format/approval_tiers.py",
                 "editions/convert.py", "editions/strokes.py", "editions/strokes.txt")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code that writes the fragments and of the libraries that serialize and
    sort them: a changed jobdesc module never reuses a fragment an older one cached."""
    import importlib.metadata

    import docx

    try:  # the index's order; importing pypinyin just for its version would cost 0.2 s
        pinyin = importlib.metadata.version("pypinyin")
    except importlib.metadata.PackageNotFoundError:
        pinyin = "?"
    package = Path(__file__).resolve().parent.parent
    files = sorted({path for pattern in FRAGMENT_CODE for path in package.glob(pattern)})
    return build_cache.digest(*(p.read_bytes() for p in files), docx.__version__, etree.__version__, pinyin)



def _read_fragment(stored: bytes) -> tuple[dict, bytes]:
    """A stored fragment's header (its bookmarks and headings) and its bytes; ValueError when
    the header is of another shape."""
    header, _, data = stored.partition(b"\n")
    meta = build_cache.read_json(header, {"first": int, "count": int, "headings": [(int, str, str)]})
    if not all(bookmark[-1:].isdigit() for _level, _text, bookmark in meta["headings"]):
        raise ValueError("a heading's bookmark without its number")
    return meta, data


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _shift_name(bookmark: str, delta: int) -> str:
    """"_Hb12" moved by 3 → "_Hb15"."""
    stem = bookmark.rstrip("0123456789")
    return f"{stem}{int(bookmark[len(stem):]) + delta}" if delta else bookmark


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    bookmark: str


class Fragments:
    """The fragment methods of HandbookDocument (which holds the state they use: `codec`,
    `fragments`, `sink`, `headings`, `_next_bookmark`, `context`, `add`)."""

    def fragment(self, kind: str, material: Sequence[str | bytes], build: Callable[[], Optional[bytes]],
                 after=None) -> list[Heading]:
        """Add the blocks and headings `build()` adds, as one serialized fragment (after the
        element `after`, or at the end of the body); returns its headings. `build` may
        instead return its blocks already serialized (as FragmentCodec.serialize would).

        `material` is everything `build` reads besides this document's template, language
        and code: with a build cache, a fragment made of the same material is taken from it
        instead of built, its bookmarks renumbered to follow on from the blocks before."""
        assert self.sink is None, "fragments do not nest"
        active = build_cache.current()
        first = self._next_bookmark
        numbering = () if self.codec.can_renumber else (str(first),)
        key = build_cache.digest(FRAGMENTS, kind, self.context, *material, *numbering)
        found = self._cached_fragment(active, key, first) if active is not None else None
        if found is None:
            headings_before = len(self.headings)
            self.sink = self.codec.container()
            try:
                data = build()
                if data is None:
                    data = self.codec.serialize(self.sink)
                else:
                    assert not len(self.sink), "a fragment is either serialized or added, not both"
            finally:
                self.sink = None
            headings = self.headings[headings_before:]
            del self.headings[headings_before:]
            count = self._next_bookmark - first
            if active is not None:
                header = _json({"first": first, "count": count,
                                "headings": [[h.level, h.text, h.bookmark] for h in headings]})
                active.put(FRAGMENTS, key, header.encode() + b"\n" + data)
        else:
            data, headings, count = found
        self._next_bookmark = first + count
        self.headings.extend(headings)
        placeholder = el("w:jobdescFragment")
        self.fragments[placeholder] = data
        if after is None:
            self.add(placeholder)
        else:
            after.addnext(placeholder)
        return headings

    def _cached_fragment(self, active, key: str, first: int) -> Optional[tuple[bytes, list[Heading], int]]:
        stored = active.get(FRAGMENTS, key, _read_fragment)
        if stored is None:
            return None
        meta, data = stored
        delta = first - meta["first"]
        shifted = self.codec.shift_bookmarks(data, meta["first"], meta["count"], delta)
        if shifted is None:  # not the bookmarks it should hold: build it again
            return None
        headings = [Heading(level, text, _shift_name(bookmark, delta)) for level, text, bookmark in meta["headings"]]
        if delta:  # store it as numbered now: the next build most likely numbers it the same
            meta.update(first=first, headings=[[h.level, h.text, h.bookmark] for h in headings])
            active.put(FRAGMENTS, key, _json(meta).encode() + b"\n" + shifted)
        return shifted, headings, meta["count"]
