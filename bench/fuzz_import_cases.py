"""Hostile import inputs for bench/fuzz_import.py, each made from a real document.

A case is a list of (file name, bytes) to give `jobdesc import` together. The real documents are
the texts of tests/import_corpus and /work/shared/seeds (when present), Word files python-docx
writes from them (numbered lists, tables), the table-form corpus document, and job descriptions
jobdesc itself wrote to Word (this repository's roles, built with `build --only jd`).
"""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
KINDS = ("text", "encoding", "long-line", "regex-hostile", "glyphs", "markdown", "docx", "jobdesc-docx",
         "flipped", "truncated", "zip-trick", "xml-bomb", "deep-nesting", "xlsx")

# Runs that made a regular expression backtrack, and separators a segmenter splits on.
HOSTILE_RUNS = [" ", "\t", "(", "（", "1.", "1", "、", "**", "__", "|", "#", "-", "=", "兼", "编制 ", "至少 ",
                "1 ", "( ", "·", "：", ":", "；", "，", "\u3000", "。", "•", "\uf0d8", "第一章 ", "一、"]
TROUBLE = ["\U00020000", "\U0002A6D6", "😀", "👩‍💼", "\uf0d8", "\uf0b7", "\uf06c", "\ue000", "\x01", "\x07", "\x1b",
           "\x7f", "\x85", "\u2028", "\u2029", "\u200b", "\ufeff", "\u0301", "\u202e", "\ufffd", "\ufffe", "\U0010ffff",
           "\U0001d400", "\ufe0f", "\U000e0001", "ｱ", "한", "ب", "\u00ad", "\x0c", "\x0b", "\r", "\u3000", "\U0001F1E8"]


class Sources:
    """The real documents cases are made from."""

    def __init__(self, role_docx: list[Path] | None = None):
        files = sorted((ROOT / "tests" / "import_corpus").glob("*.txt")) + \
            sorted((ROOT / "tests" / "import_corpus").glob("*.md")) + sorted(Path("/work/shared/seeds").glob("*.txt"))
        self.texts = [p.read_text(encoding="utf-8") for p in files]
        self.role_docx = [p.read_bytes() for p in (role_docx or [])]
        self._docx: dict[int, bytes] = {}

    def text(self, rng: random.Random) -> str:
        text = rng.choice(self.texts)
        lines = text.splitlines()
        if len(lines) > 60 and rng.random() < 0.7:  # an excerpt keeps most cases small and fast
            start = rng.randrange(len(lines) - 40)
            lines = lines[start:start + rng.randint(20, 200)]
        return "\n".join(lines) + "\n"

    def docx(self, rng: random.Random) -> bytes:
        if self.role_docx and rng.random() < 0.3:
            return rng.choice(self.role_docx)
        if rng.random() < 0.15:
            if -1 not in self._docx:
                import importlib.util
                import tempfile

                spec = importlib.util.spec_from_file_location("table_form", ROOT / "tests" / "import_corpus" / "table_form.py")
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                with tempfile.TemporaryDirectory() as tmp:
                    self._docx[-1] = module.build(Path(tmp) / "form.docx").read_bytes()
            return self._docx[-1]
        return word_file(self.text(rng).splitlines(), rng)


def word_file(lines: list[str], rng: random.Random) -> bytes:
    import docx

    document = docx.Document()
    for line in lines[:400]:
        line = "".join(c for c in line if (c >= " " or c == "\t") and c not in "\ufffe\uffff")  # XML's characters
        roll = rng.random()
        if roll < 0.15:
            document.add_paragraph(line, style="List Number")
        elif roll < 0.2:
            document.add_heading(line[:60], level=1)
        elif roll < 0.25 and "：" in line:
            label, _, value = line.partition("：")
            row = document.add_table(rows=1, cols=2).rows[0]
            row.cells[0].text, row.cells[1].text = label, value
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def replace_parts(data: bytes, replacements: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The package with parts replaced (bytes, or a callable writing to the member stream); new names added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", compression) as target:
        names = [i.filename for i in source.infolist()]
        for name in names + [n for n in replacements if n not in names]:
            content = replacements.get(name)
            if content is None:
                target.writestr(name, source.read(name))
                continue
            with target.open(name, "w", force_zip64=True) as member:
                content(member) if callable(content) else member.write(content)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def hostile_line(rng: random.Random) -> str:
    run = rng.choice(HOSTILE_RUNS)
    n = rng.choice([100, 1000, 6400, 20000, 60000]) // max(1, len(run))
    tail = rng.choice(["-x", "x", "人", ")", "", "\x00", "岗位职责", "：负责"])
    return rng.choice(["", "1、", "# ", "| ", "**"]) + run * n + tail


def sprinkle(text: str, rng: random.Random, count: int) -> str:
    chars = list(text)
    for _ in range(count):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(TROUBLE))
    return "".join(chars)


def case(kind: str, rng: random.Random, sources: Sources) -> list[tuple[str, bytes]]:
    return _MAKERS[kind](rng, sources)


def _text(rng, s):
    return [("jd.txt", s.text(rng).encode("utf-8"))]


def _encoding(rng, s):
    text = s.text(rng)
    how = rng.choice(["utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be", "mojibake", "mixed",
                      "utf-32", "latin-1"])
    if how == "mojibake":
        data = text.encode("utf-8").decode("latin-1").encode("utf-8")
    elif how == "mixed":
        half = len(text) // 2
        data = text[:half].encode("utf-8") + text[half:].encode("gb18030")
    else:
        data = text.encode(how, errors="ignore")
    return [(rng.choice(["jd.txt", "jd.md"]), data)]


def _long_line(rng, s):
    text = s.text(rng)
    roll = rng.random()
    if roll < 0.4:
        text = text.replace("\n", rng.choice(["", " ", "\t", "；"]))
    elif roll < 0.7:
        line = rng.choice([l for l in text.splitlines() if l.strip()] or ["岗位职责"])
        text = (line + rng.choice(["", " "])) * (250_000 // max(1, len(line)))
    else:
        text = rng.choice(HOSTILE_RUNS + ["中", "a"]) * rng.choice([50_000, 250_000, 1_000_000])
    return [(rng.choice(["jd.txt", "jd.md"]), text.encode("utf-8"))]


def _regex_hostile(rng, s):
    lines = s.text(rng).splitlines()
    for _ in range(rng.randint(1, 4)):
        lines.insert(rng.randrange(len(lines) + 1), hostile_line(rng))
    return [(rng.choice(["jd.txt", "jd.md"]), "\n".join(lines).encode("utf-8"))]


def _glyphs(rng, s):
    text = sprinkle(s.text(rng), rng, rng.randint(1, 40))
    if rng.random() < 0.3:
        return [("jd.docx", word_file(text.splitlines(), rng))]
    return [(rng.choice(["jd.txt", "jd.md"]), text.encode("utf-8", errors="surrogatepass"))]


def _markdown(rng, s):
    out = []
    for line in s.text(rng).splitlines():
        roll = rng.random()
        if roll < 0.1:
            out.append("#" * rng.randint(1, 7) + " " + line)
        elif roll < 0.2 and "：" in line:
            label, _, value = line.partition("：")
            out += [f"| {label} | {value} |", "|" + rng.choice(["---", ":--", " - ", "-|-"]) * rng.randint(1, 3) + "|"]
        elif roll < 0.3:
            out.append(f"**{line}**" if rng.random() < 0.5 else f"__{line}")
        elif roll < 0.35:
            out.append(" " * rng.randint(0, 12) + rng.choice(["- ", "* ", "1. ", "> "]) + line)
        else:
            out.append(line)
    return [("jd.md", "\n".join(out).encode("utf-8"))]


def _docx(rng, s):
    return [("jd.docx", s.docx(rng))]


def _jobdesc_docx(rng, s):
    if not s.role_docx:
        return _docx(rng, s)
    data = rng.choice(s.role_docx)
    if rng.random() < 0.6:
        xml = part(data, "word/document.xml").decode("utf-8")
        pieces = xml.split("</w:t>")
        for _ in range(rng.randint(1, 6)):
            i = rng.randrange(len(pieces))
            pieces[i] += rng.choice(TROUBLE[:12] + ["&lt;!DOCTYPE&gt;", "1.2\t", "（兼）", "  ", "岗位职责"])
        data = replace_parts(data, {"word/document.xml": "</w:t>".join(pieces).encode("utf-8")})
    return [("jd.docx", data)]


def _flipped(rng, s):
    name, data = rng.choice([("jd.docx", s.docx(rng)), ("jd.txt", s.text(rng).encode("utf-8"))])
    data = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return [(name, bytes(data))]


def _truncated(rng, s):
    name, data = rng.choice([("jd.docx", s.docx(rng)), ("jd.txt", s.text(rng).encode("utf-8")),
                             ("table.xlsx", staffing_table(rng, 20))])
    cut = rng.randrange(len(data))
    files = [(name, data[:cut])]
    return files + ([("jd.txt", s.text(rng).encode("utf-8"))] if name.endswith(".xlsx") else [])


from bench.fuzz_import_zip import deep_nesting, xml_bomb, zip_trick, staffing_table  # noqa: E402

_MAKERS = {"text": _text, "encoding": _encoding, "long-line": _long_line, "regex-hostile": _regex_hostile,
           "glyphs": _glyphs, "markdown": _markdown, "docx": _docx, "jobdesc-docx": _jobdesc_docx,
           "flipped": _flipped, "truncated": _truncated, "zip-trick": lambda r, s: zip_trick(r, s.docx(r)),
           "xml-bomb": lambda r, s: xml_bomb(r, s.docx(r)), "deep-nesting": lambda r, s: deep_nesting(r, s.docx(r)),
           "xlsx": lambda r, s: [("table.xlsx", staffing_table(r, r.choice([5, 50, 300, 2000, 60_000]) if r.random() > 0.05 else 200_000)),
                                 ("jd.txt", s.text(r).encode("utf-8"))]}
__all__ = ["KINDS", "Sources", "case"]
