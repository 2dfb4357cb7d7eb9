"""CPU time of `jobdesc import SEED -o NEW` for seed 001 (2,686 lines, 20 articles, 77 positions).

    python bench/bench_import_seed.py [SEED.txt] [RUNS]     (default: ../shared/seeds/001_*.txt, 3 runs)

Printed: the CPU seconds of the import in this process (the importer's modules loaded once,
before the first run, as `jobdesc import` loads them at start), the median of the runs, and the
whole command in a new process (Python's start and imports included), with what it found
(reporting lines read and inferred, headcounts, reports owed). Target (issue 29): under 3 s.
"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _seed() -> Path:
    for base in (REPO.parent / "shared" / "seeds", REPO.parent.parent / "shared" / "seeds"):
        found = sorted(base.glob("001_*.txt")) if base.is_dir() else []
        if found:
            return found[0]
    raise SystemExit("seed 001 not found: name it, e.g. python bench/bench_import_seed.py ../shared/seeds/001_….txt")


def main() -> None:
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else _seed()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    from jobdesc.importer import building, import_documents  # noqa: F401 - loaded once, as the command does

    times = []
    with tempfile.TemporaryDirectory() as work:
        for run in range(runs):
            start = time.process_time()
            report = import_documents([seed], Path(work) / f"out{run}")
            times.append(time.process_time() - start)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-m", "jobdesc", "import", str(seed), "-o", str(Path(work) / "cli")],
                       check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(REPO)})
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(f"seed: {seed.name}, {len(report.positions)} positions")
    print(f"reporting lines: {report.stated_superiors} read from the text, {report.suggested_superiors} suggested in TODOs (not written); "
          f"headcounts: {report.headcounts}")
    print(f"import CPU, in process: median {statistics.median(times):.2f} s of {runs} runs "
          f"(min {min(times):.2f}, max {max(times):.2f})")
    print(f"whole command in a new process (start and imports included): {child:.2f} s CPU")


if __name__ == "__main__":
    main()
