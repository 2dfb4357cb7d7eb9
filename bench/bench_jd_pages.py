"""CPU per printed page of the job description alone (issue 31, target 3).

    python bench/bench_jd_pages.py [--org FOLDER | --positions N] [--roles K] [--save DIR]

Lays out K roles' job descriptions the way a build's worker does (JobDescriptionMaker,
one process, fonts and templates warmed on a first role that is not counted) and prints
the process CPU time per page and per role: CPU, not wall time, so that a figure
measured on a busy machine can be compared. --save writes each role's PDF into DIR, so
two checkouts' pages can be compared (bytes, or pixels with pdftoppm):

    PYTHONPATH=OLD python bench/bench_jd_pages.py --save /tmp/old
    PYTHONPATH=NEW python bench/bench_jd_pages.py --save /tmp/new
    cmp each /tmp/old/ROLE.pdf /tmp/new/ROLE.pdf

It imports only what every version since the chunked job descriptions has (run it from
this checkout against another with PYTHONPATH).
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
from jobdesc.jd.workers import JobDescriptionMaker, plan_chunks  # noqa: E402
from jobdesc.templating import TemplateSet  # noqa: E402


def measure(root: Path, roles: int, save: Path | None) -> tuple[float, int, int]:
    """(CPU seconds, pages, roles) of laying out and writing `roles` job descriptions."""
    org, _ = load_organisation(root)
    maker = JobDescriptionMaker(org, TemplateSet.for_organisation(root).folders)
    ordered = [role_id for chunk in plan_chunks(org) for role_id in chunk]
    maker.chunk_pdf((ordered[0],))  # fonts, templates and Pango's caches: a one-off per worker
    chosen = ordered[1:1 + roles] if len(ordered) > 1 else ordered
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
    pages, start = 0, time.process_time()
    for role_id in chosen:
        _chunk, counts, standalone = maker.chunk_pdf((role_id,))
        pages += counts[0]
        if save is not None:
            (save / f"{role_id}.pdf").write_bytes(standalone[0])
    return time.process_time() - start, pages, len(chosen)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--org", type=Path, help="an organisation folder (default: one generated)")
    parser.add_argument("--positions", type=int, default=300)
    parser.add_argument("--roles", type=int, default=40, help="roles laid out (default 40)")
    parser.add_argument("--save", type=Path, help="write each role's PDF into this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.org or generate_organisation(args.positions, Path(tmp) / "org")
        cpu, pages, roles = measure(root, args.roles, args.save)
    print(f"{roles} job descriptions, {pages} pages: CPU {cpu:.2f} s = {cpu / pages * 1000:.0f} ms per page, "
          f"{cpu / roles * 1000:.0f} ms per role")
    return 0


if __name__ == "__main__":
    sys.exit(main())
