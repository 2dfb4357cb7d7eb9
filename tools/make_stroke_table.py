"""Make jobdesc/editions/strokes.txt, the stroke counts a Traditional edition's index sorts by.

    python tools/make_stroke_table.py [UNIHAN_IRG_SOURCES]

The source is Unihan's kTotalStrokes field, in Unihan_IRGSources.txt (plain or .bz2, or
inside Unihan.zip). Default: /usr/share/unicode/Unihan_IRGSources.txt.bz2, shipped by
Debian's `unicode-data` package (bookworm: 15.0.0-1, Unihan of Unicode 15.0.0). The table
is committed, so building needs neither the package nor the network.

kTotalStrokes gives one count, or two when the Simplified (G source) and Traditional
(T/H source) forms are counted differently: "the first value is preferred for zh-Hans,
the second for zh-Hant" (UAX #38). A Traditional index uses the zh-Hant value.

The table is one line per stroke count, `COUNT<TAB>every character with that count`,
after comment lines naming the source; about 350 KB for 98,000 characters.
"""
from __future__ import annotations

import bz2
import io
import re
import sys
import zipfile
from pathlib import Path

DEFAULT_SOURCE = Path("/usr/share/unicode/Unihan_IRGSources.txt.bz2")
TABLE = Path(__file__).resolve().parent.parent / "jobdesc" / "editions" / "strokes.txt"


def _read(source: Path) -> str:
    if source.suffix == ".zip":
        with zipfile.ZipFile(source) as archive:
            return archive.read("Unihan_IRGSources.txt").decode("utf-8")
    if source.suffix == ".bz2":
        return bz2.decompress(source.read_bytes()).decode("utf-8")
    return source.read_text("utf-8")


def traditional_strokes(text: str) -> tuple[dict[str, int], str]:
    """Character → its zh-Hant total stroke count, and the Unicode version the file names."""
    strokes: dict[str, int] = {}
    version = "?"
    for line in io.StringIO(text):
        found = re.match(r"# Unicode version: (\S+)", line)
        if found:
            version = found.group(1)
        fields = line.rstrip("\n").split("\t")
        if len(fields) == 3 and fields[1] == "kTotalStrokes":
            counts = fields[2].split()
            strokes[chr(int(fields[0][2:], 16))] = int(counts[1] if len(counts) > 1 else counts[0])
    return strokes, version


def table_text(strokes: dict[str, int], version: str, source: str) -> str:
    by_count: dict[int, list[str]] = {}
    for char in sorted(strokes):
        by_count.setdefault(strokes[char], []).append(char)
    lines = [f"# Total strokes (zh-Hant) from Unihan kTotalStrokes, Unicode {version}",
             f"# made by tools/make_stroke_table.py from {source}; do not edit"]
    lines += [f"{count}\t{''.join(chars)}" for count, chars in sorted(by_count.items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    strokes, version = traditional_strokes(_read(source))
    TABLE.write_text(table_text(strokes, version, source.name), "utf-8")
    print(f"{len(strokes)} characters, Unicode {version} -> {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
