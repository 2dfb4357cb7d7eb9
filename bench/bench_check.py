"""Whole-process time and peak memory of `jobdesc check` on a generated organisation.

    python bench/bench_check.py [N_POSITIONS] [RUNS]     (default 2000 positions, 5 runs)

Target (issue #2): under 2 s and under 300 MB for 2,000 positions on a 2-core machine; issue 31:
at most 1.0 s wall on a quiet machine. Also prints the process's CPU time (user + system, its
children included), which a busy machine inflates least.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.generate import generate_organisation  # noqa: E402


def measure(root: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of one `jobdesc check` process, measured by
    GNU time's equivalent: wait4's rusage of that child (and the font lookups it waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "jobdesc", "check", str(root)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit("jobdesc check failed")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        root = generate_organisation(n, Path(tmp) / "org")
        files = sum(1 for _ in root.rglob("*.yaml"))
        results = [measure(root) for _ in range(runs)]
    times = [t for t, _, _ in results]
    cpu = [c for _, _, c in results]
    peak = max(m for _, m, _ in results)
    print(f"jobdesc check, {n} positions ({files} YAML files), {runs} runs")
    print(f"  wall time: median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s"
          f"   (target <= 1.0 s on a quiet machine)")
    print(f"  CPU time: median {statistics.median(cpu):.2f} s, min {min(cpu):.2f} s")
    print(f"  peak memory: {peak:.0f} MB   (target < 300 MB)")


if __name__ == "__main__":
    main()
