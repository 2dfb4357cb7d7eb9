"""Benchmark: handbook.docx for a generated organisation.

    python bench/bench_handbook_docx.py [N_POSITIONS] [--out DIR]

Builds what the handbook reuses (job descriptions, org chart, RACI, staffing) into DIR
once (kept between runs when --out is given), then times `render_handbook_docx` alone:
cold (every org chart sheet rasterised) and with a warm build cache (what an incremental
rebuild sees when the chart did not change).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate_organisation  # noqa: E402
from jobdesc.build import BuildContext, BuildOptions, run_build  # noqa: E402
from jobdesc.handbook.docx_handbook import render_handbook_docx  # noqa: E402
from jobdesc.loader import load_organisation  # noqa: E402
from jobdesc.templating import TemplateSet  # noqa: E402

try:
    from jobdesc import cache
except ImportError:  # a tree without the build cache: only the cold figure
    cache = None


def timed(ctx: BuildContext) -> float:
    start = time.perf_counter()
    render_handbook_docx(ctx)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("positions", type=int, nargs="?", default=300)
    parser.add_argument("--out", type=Path, help="keep the prerequisite build here between runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "out"
        root = generate_organisation(args.positions, Path(tmp) / "org")
        org, _warnings = load_organisation(root)
        if not (out / "jd").is_dir():
            start = time.perf_counter()
            run_build(org, out, BuildOptions(parts=("jd", "orgchart", "raci", "staffing")))
            print(f"prerequisites (jd, orgchart, raci, staffing) built in {time.perf_counter() - start:.1f} s")
        ctx = BuildContext(org=org, out=out, options=BuildOptions(), final_out=out,
                           templates=TemplateSet.for_organisation(org.root))
        render_handbook_docx(ctx)  # imports and font tables are one-off costs
        cold = timed(ctx)
        size = (out / "handbook.docx").stat().st_size
        print(f"{len(org.roles)} positions, {len(org.departments)} departments, {len(org.processes)} processes")
        print(f"handbook.docx cold (every chart sheet rasterised): {cold:.2f} s, {size / 1e6:.1f} MB")
        if cache is not None:
            cache.activate(cache.BuildCache(Path(tmp) / "cache"))
            try:
                render_handbook_docx(ctx)
                print(f"handbook.docx with a warm build cache: {timed(ctx):.2f} s")
            finally:
                cache.activate(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
