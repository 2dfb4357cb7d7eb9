"""CPU time of `jobdesc stats` on a generated organisation with levels (issue 34: under 1 s for
2,000 positions).

    python bench/bench_stats.py [N_POSITIONS] [RUNS]     (default 2000 positions, 3 runs)

Prints CPU time (user + system), not wall time: the figures stay meaningful on a shared,
busy machine. Two figures: the analysis alone (structure_stats on the loaded organisation,
in this process) and the whole `jobdesc stats` process (reading and validating the files too).
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

LADDERS = """
ladders:
  - id: P
    name: 专业序列
    levels: [{id: P1, name: 专员}, {id: P2, name: 高级专员}, {id: P3, name: 资深专员}]
  - id: M
    name: 管理序列
    levels: [{id: M1, name: 主管}, {id: M2, name: 经理}, {id: M3, name: 总监}]
families:
  - {id: general, name: 综合族}
"""


def add_levels(root: Path) -> None:
    """Ladders in org.yaml; every role a family and a level (managers on M, others on P)."""
    with open(root / "org.yaml", "a", encoding="utf-8") as org:
        org.write(LADDERS)
    roles = sorted(p for p in root.rglob("*.yaml") if p.name != "org.yaml" and p.parent.name != "processes")
    for n, path in enumerate(roles):
        text = path.read_text("utf-8")
        # Every report's range starts at P1, so no post ranks above its manager (no warnings).
        level = "M1" if "reports_to" not in text else ("P1", "P1-P2", "P1-P3")[n % 3]
        path.write_text(text.rstrip("\n") + f"\nfamily: general\nlevel: {level}\n", "utf-8")


def process_cpu(root: Path) -> float:
    proc = subprocess.Popen([sys.executable, "-m", "jobdesc", "stats", str(root), "--format", "json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("jobdesc stats failed")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    from jobdesc.format.loader import load_organisation
    from jobdesc.tables.structure_stats import structure_stats

    with tempfile.TemporaryDirectory() as tmp:
        root = generate_organisation(n, Path(tmp) / "org")
        add_levels(root)
        org, _ = load_organisation(root)
        analysis = []
        for _ in range(runs):
            fresh = type(org)(**{f: getattr(org, f) for f in ("root", "org", "roles", "processes", "meetings",
                                                              "chapters")})  # no cached lookups
            start = time.process_time()
            figures = structure_stats(fresh)
            analysis.append(time.process_time() - start)
        whole = [process_cpu(root) for _ in range(runs)]
    print(f"jobdesc stats, {len(org.roles)} positions ({figures.managers} managers, {len(figures.layers)} layers), "
          f"{runs} runs, CPU time (busy machine)")
    print(f"  analysis alone: median {statistics.median(analysis):.3f} s, max {max(analysis):.3f} s")
    print(f"  whole process:  median {statistics.median(whole):.2f} s, max {max(whole):.2f} s   (target < 1 s)")


if __name__ == "__main__":
    main()
