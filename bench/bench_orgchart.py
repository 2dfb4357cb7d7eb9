"""Org chart speed: layout plus SVG for a generated organisation.

    python bench/bench_orgchart.py [N_POSITIONS] [RUNS]     (default 2000 positions, 5 runs)

Target (issue #4): layout + SVG of the whole chart for 2,000 positions under 0.5 s.
Also printed: the full print plan (page splitting, every page laid out and drawn), which
lays out pages repeatedly while deciding where to split.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.generate import generate_organisation  # noqa: E402
from jobdesc.format.loader import load_organisation  # noqa: E402
from jobdesc.orgchart import build_chart  # noqa: E402
from jobdesc.orgchart.chart import ChartStyle, lay_out_page  # noqa: E402
from jobdesc.orgchart.style import compact_fold  # noqa: E402
from jobdesc.orgchart.svg import chart_svg  # noqa: E402
from jobdesc.orgchart.tree import chart_forest  # noqa: E402


def whole_chart(org) -> tuple[int, int]:
    """Trees, box contents, layout, dotted routing and the SVG text of the whole chart."""
    style = ChartStyle.of(org)
    lay = lay_out_page(chart_forest(org), style, fold=compact_fold("A3"))
    svg = chart_svg(lay, style, organisation=org.org.organization, subtitle="bench", meta=[])
    return len(lay.boxes), len(svg)


def timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        org, _ = load_organisation(generate_organisation(n, Path(tmp) / "org"))
    times, (boxes, size) = timed(lambda: whole_chart(org), runs)
    print(f"layout + SVG, whole chart: {n} positions, {boxes} boxes, {size / 1e6:.1f} MB SVG")
    print(f"  median {statistics.median(times):.3f} s, best {min(times):.3f} s over {runs} runs (target < 0.5 s)")
    for paper in ("A3", "A4"):
        times, chart = timed(lambda: build_chart(org, paper), max(1, runs // 2))
        print(f"print plan on {paper}: {len(chart.pages)} pages, min scale {min(p.scale for p in chart.pages):.3f}; "
              f"median {statistics.median(times):.3f} s (whole chart + split + every page's SVG)")


if __name__ == "__main__":
    main()
