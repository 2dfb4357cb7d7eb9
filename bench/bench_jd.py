"""Benchmark: job descriptions (PDF + DOCX) for a generated organisation.

    python bench/bench_jd.py [N_POSITIONS] [--roles K]

Prints per-job-description PDF and DOCX times in one process (warm: fonts and templates
already loaded), then the wall time of the whole `jd` part with one worker and with one
worker per core (what `jobdesc build` does). --roles limits the single-process
measurement to the first K roles, to keep a quick run quick.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate_organisation  # noqa: E402
from jobdesc.jd.workers import JobDescriptionMaker, render_all  # noqa: E402
from jobdesc.format.loader import load_organisation  # noqa: E402
from jobdesc.templating import TemplateSet  # noqa: E402
from jobdesc.textcheck import check_printable  # noqa: E402


def per_document(org, templates: TemplateSet, out: Path, role_ids: list[str]) -> tuple[float, float]:
    """One PDF (laid out and written on its own, as a naive renderer would) and one Word file."""
    maker = JobDescriptionMaker(org, templates.folders)
    out.mkdir(parents=True, exist_ok=True)
    maker.printer.write_pdf(role_ids[0], out / "warm.pdf")  # font loading is a one-off cost
    pdf = docx = 0.0
    for role_id in role_ids:
        start = time.perf_counter()
        maker.printer.write_pdf(role_id, out / f"{role_id}.pdf")
        middle = time.perf_counter()
        (out / f"{role_id}.docx").write_bytes(maker.docx(role_id))
        pdf += middle - start
        docx += time.perf_counter() - middle
    return pdf / len(role_ids), docx / len(role_ids)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("positions", type=int, nargs="?", default=300)
    parser.add_argument("--roles", type=int, default=60, help="roles timed one by one (default 60)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate_organisation(args.positions, Path(tmp) / "org")
        start = time.perf_counter()
        org, _warnings = load_organisation(root)
        check_printable(org.sources, org.language)
        print(f"{len(org.roles)} positions; load + validate + glyph check {time.perf_counter() - start:.2f} s")
        templates = TemplateSet.for_organisation(root)
        role_ids = [r.id for r in org.iter_roles()]

        pdf, docx = per_document(org, templates, Path(tmp) / "single", role_ids[:args.roles])
        print(f"per job description, one process ({min(args.roles, len(role_ids))} roles): "
              f"PDF {pdf * 1000:.0f} ms, DOCX {docx * 1000:.0f} ms")

        cores = os.cpu_count() or 1
        for jobs in sorted({1, cores}):
            start = time.perf_counter()
            render_all(org, templates, Path(tmp) / f"jobs{jobs}", jobs)  # chunked, as `build` does
            wall = time.perf_counter() - start
            print(f"all {len(role_ids)} job descriptions (PDF + DOCX), {jobs} worker(s): {wall:.1f} s "
                  f"= {wall / len(role_ids) * 1000:.0f} ms per position")
    return 0


if __name__ == "__main__":
    sys.exit(main())
