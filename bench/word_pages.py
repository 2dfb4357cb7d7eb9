"""Word job descriptions against their PDFs, page by page, laid out by LibreOffice.

    python bench/word_pages.py BUILT_DIR            # a `jobdesc build` output (jd/*.docx, jd/*.pdf)
    python bench/word_pages.py --generate N         # builds a generated organisation of N positions first

LibreOffice (soffice --headless --convert-to pdf) stands in for Word. Prints, per job
description with more Word pages than PDF pages or a last page holding only the signature
block, its name and the figures; then the totals. Exit status 1 when any does. Used by
tests/test_word_jd_pages.py for the example organisation.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jobdesc.jd.labels import jd_labels  # noqa: E402


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:pages(pdf)]


def convert(docx_files: list[Path], out: Path, profile: Path) -> None:
    """Each .docx to out/NAME.pdf, by one LibreOffice process (in batches: its command line)."""
    for start in range(0, len(docx_files), 200):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), *map(str, docx_files[start:start + 200])],
                       capture_output=True, check=True, timeout=1800)


def signature_only(text: str, language: str) -> bool:
    """A page whose text is the signature block and the page furniture only (no heading or
    line of a section before it)."""
    labels = jd_labels(language)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    allowed = (labels["signatures"], labels["sign_incumbent"], labels["signature"], labels["date"])
    content = [line for line in lines if not line.startswith(labels["page_before"].strip() or "\0")
               and labels["document"] not in line]
    return bool(content) and content[0].startswith(labels["signatures"]) and all(
        any(word in line for word in allowed) for line in content)


def compare(built: Path, language: str = "zh-CN") -> list[tuple[str, int, int, bool]]:
    """(role id, Word pages, PDF pages, signature block alone on a page) per job description."""
    docx = sorted((built / "jd").glob("*.docx"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="jobdesc-word-pages-") as tmp:
        convert(docx, Path(tmp) / "out", Path(tmp) / "profile")
        for path in docx:
            word = Path(tmp) / "out" / f"{path.stem}.pdf"
            texts = page_texts(word)
            rows.append((path.stem, len(texts), pages(built / "jd" / f"{path.stem}.pdf"),
                         any(signature_only(text, language) for text in texts)))
    return rows


def main(argv: list[str]) -> int:
    if argv[:1] == ["--generate"]:
        from bench.generate import generate_organisation

        tmp = tempfile.mkdtemp(prefix="jobdesc-word-pages-org-")
        generate_organisation(int(argv[1]), Path(tmp) / "org")
        built = Path(tmp) / "out"
        subprocess.run([sys.executable, "-m", "jobdesc", "build", "-o", str(built), str(Path(tmp) / "org")],
                       check=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
                       stdout=subprocess.DEVNULL)
    else:
        built = Path(argv[0])
    rows = compare(built)
    bad = [row for row in rows if row[1] > row[2] or row[3]]
    for role, word, pdf, alone in bad:
        print(f"{role}: Word {word} pages, PDF {pdf}{', signature block alone on a page' if alone else ''}")
    print(f"{len(rows)} job descriptions: Word {sum(r[1] for r in rows)} pages, PDF {sum(r[2] for r in rows)}; "
          f"Word longer: {sum(r[1] > r[2] for r in rows)}, shorter: {sum(r[1] < r[2] for r in rows)}, "
          f"signature block alone: {sum(r[3] for r in rows)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
