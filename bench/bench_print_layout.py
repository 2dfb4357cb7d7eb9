"""Every printed page of a large generated organisation keeps its text inside its text block
(glyph boxes read with pypdfium2, bench/pdf_glyphs.py): the handbook, raci.pdf,
authority.pdf, staffing.pdf, orgchart.pdf and every job description.

    python bench/bench_print_layout.py [N_POSITIONS]     (default 300)

Kept out of the test suite: a 300-position build takes minutes (about 2-3 on 2 free cores);
tests/test_print_layout.py checks the example and tests/orgs/seed002 the same way.
Exit status 1 when some page's text leaves its text block.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.generate import generate_organisation  # noqa: E402
from bench.pdf_glyphs import overflowing_pages  # noqa: E402

PRINTED = ("handbook.pdf", "raci.pdf", "authority.pdf", "staffing.pdf", "orgchart.pdf")


def main(positions: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        org, out = Path(folder) / "org", Path(folder) / "out"
        generate_organisation(positions, org, approvals=4)
        started = time.perf_counter()
        env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", PYTHONPATH=str(REPO))
        subprocess.run([sys.executable, "-m", "jobdesc", "build", str(org), "-o", str(out)], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        print(f"built {positions} positions in {time.perf_counter() - started:.1f} s")
        files = [out / name for name in PRINTED if (out / name).exists()] + sorted((out / "jd").glob("*.pdf"))
        problems = [f"{pdf.name} {why}" for pdf in files
                    for why in overflowing_pages(pdf, skip_first=pdf.name == "handbook.pdf")]
        pages = sum(len(pypdfium2.PdfDocument(str(pdf))) for pdf in files)
        print(f"{len(files)} PDFs, {pages} pages read; text outside its text block: {len(problems)}")
        for problem in problems:
            print("  " + problem)
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
