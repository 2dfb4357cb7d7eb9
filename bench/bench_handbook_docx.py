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
from jobdesc.handbook.sources import ChartSheets, RaciSource, StaffingSource, WordSources  # noqa: E402
from jobdesc.i18n import labels_for  # noqa: E402
from jobdesc.outputs import raci, staffing  # noqa: E402
from jobdesc.tables.raci_matrix import analyse, build_matrix  # noqa: E402
from jobdesc.tables.staffing_rows import staffing_rows  # noqa: E402
from jobdesc.format.loader import load_organisation  # noqa: E402
from jobdesc.templating import TemplateSet  # noqa: E402

try:
    from jobdesc import cache
except ImportError:  # a tree without the build cache: only the cold figure
    cache = None


def timed(ctx: BuildContext, sources: WordSources) -> float:
    start = time.perf_counter()
    render_handbook_docx(ctx, sources)
    return time.perf_counter() - start


def sources_in(out: Path, org, paper: str) -> WordSources:
    """What the build would hand the Word handbook, from the files of an earlier build
    (the chart's sheets drawn again: the build hands them over, it does not write them)."""
    from jobdesc.orgchart import build_chart

    raci_labels = labels_for(org.language, raci.LABELS_ZH, raci.LABELS_EN)
    matrix = build_matrix(org, raci_labels["external"])
    return WordSources(
        jd_docx={role_id: out / "jd" / f"{role_id}.docx" for role_id in org.roles},
        chart=ChartSheets(paper, [page.print_svg for page in build_chart(org, paper).pages]),
        staffing=StaffingSource(staffing_rows(org), org.grand_total(),
                                labels_for(org.language, staffing.LABELS_ZH, staffing.LABELS_EN)),
        raci=RaciSource(matrix, analyse(org, matrix), raci_labels) if org.processes else None)


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
        sources = sources_in(out, org, ctx.options.paper)
        render_handbook_docx(ctx, sources)  # imports and font tables are one-off costs
        cold = timed(ctx, sources)
        size = (out / "handbook.docx").stat().st_size
        print(f"{len(org.roles)} positions, {len(org.departments)} departments, {len(org.processes)} processes")
        print(f"handbook.docx cold (every chart sheet rasterised): {cold:.2f} s, {size / 1e6:.1f} MB")
        if cache is not None:
            cache.activate(cache.BuildCache(Path(tmp) / "cache"))
            try:
                render_handbook_docx(ctx, sources)
                print(f"handbook.docx with a warm build cache: {timed(ctx, sources):.2f} s")
            finally:
                cache.activate(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
