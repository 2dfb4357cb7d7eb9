"""CPU of the Word side of a build, per stage (issue 31): the Word job descriptions and the
org chart's PNG fallbacks in handbook.docx, on a generated organisation.

    python bench/bench_word_speed.py [--org FOLDER | --positions N]

Prints the process CPU time (not wall time: a figure measured on a busy machine can still
be compared) of writing every role's Word JD (the template and fonts warmed on a first one
that is not counted) and of drawing the chart sheets' 200 dpi fallbacks as the build does
(SHEETS_PER_TASK sheets to a WeasyPrint document). Run it from this checkout against
another with PYTHONPATH to compare two versions.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: the checkout measured comes first

from bench.generate import generate_organisation  # noqa: E402
from jobdesc.format.loader import load_organisation  # noqa: E402
from jobdesc.handbook import docx_chart  # noqa: E402
from jobdesc.jd.workers import JobDescriptionMaker  # noqa: E402
from jobdesc.orgchart import build_chart  # noqa: E402
from jobdesc.orgchart.style import chart_labels  # noqa: E402
from jobdesc.orgchart.svg import without_chart_title  # noqa: E402
from jobdesc.templating import TemplateSet  # noqa: E402


def word_jds(org) -> tuple[float, int]:
    maker = JobDescriptionMaker(org, TemplateSet.for_organisation(org.root).folders)
    role_ids = list(org.roles)
    maker.docx(role_ids[0])
    start = time.process_time()
    for role_id in role_ids:
        maker.docx(role_id)
    return time.process_time() - start, len(role_ids)


def fallbacks(org) -> tuple[float, int]:
    word = chart_labels(org.language)["chart"]
    sheets = [without_chart_title(page.print_svg, word) for page in build_chart(org, "A3").pages]
    per_task = getattr(docx_chart, "SHEETS_PER_TASK", 1)
    start = time.process_time()
    for first in range(0, len(sheets), per_task):
        group = sheets[first:first + per_task]
        docx_chart._rasterise(group if per_task > 1 else group[0], docx_chart.FALLBACK_DPI)
    return time.process_time() - start, len(sheets)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--org", type=Path, help="an organisation folder (default: one generated)")
    parser.add_argument("--positions", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        org, _ = load_organisation(args.org or generate_organisation(args.positions, Path(tmp) / "org"))
        cpu, count = word_jds(org)
        print(f"Word JDs: {count} files, CPU {cpu:.2f} s = {cpu / count * 1000:.1f} ms per file")
        cpu, count = fallbacks(org)
        print(f"chart fallbacks: {count} sheets at {docx_chart.FALLBACK_DPI} dpi, CPU {cpu:.2f} s = "
              f"{cpu / max(count, 1):.2f} s per sheet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
