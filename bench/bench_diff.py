"""Whole-process time of `jobdesc diff` between two generated organisations.

    python bench/bench_diff.py [N_POSITIONS] [RUNS]     (default 2000 positions, 3 runs)

The NEW organisation is the OLD one with a realistic reorganisation applied: 2% of the
positions retitled, 2% moved to another manager, 1% removed, 1% added, duties and KPI targets
edited in 5%, budgets changed in 5%, and one letter changed in every process.
Target (issue #18): under 3 s for 2,000 positions on a 2-core machine.
"""
from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.generate import generate_organisation  # noqa: E402


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def reorganise(root: Path, seed: int = 1) -> dict[str, int]:
    """Apply the changes described above to the organisation in `root`; returns their counts."""
    rng = random.Random(seed)
    files = sorted(p for p in root.rglob("p*.yaml") if p.parent.name != "processes")
    managers = sorted(p.stem for p in root.rglob("head-*.yaml"))
    sample = lambda share: rng.sample(files, max(1, int(len(files) * share)))  # noqa: E731
    counts = {"retitled": 0, "moved": 0, "edited": 0, "budgets": 0, "removed": 0, "added": 0}
    for path in sample(0.02):
        _edit(path, lambda d: d.update(title="高级" + d["title"]))
        counts["retitled"] += 1
    for path in sample(0.02):
        _edit(path, lambda d: d.update(reports_to=managers[0]))
        counts["moved"] += 1
    for path in sample(0.05):
        def edit(d):
            d["duties"][0] = (d["duties"][0] if isinstance(d["duties"][0], str) else d["duties"][0]["text"]) + "，并按月汇总上报"
            d["kpis"][0]["target"] = d["kpis"][0]["target"] + 5
        _edit(path, edit)
        counts["edited"] += 1
    for path in sample(0.05):
        _edit(path, lambda d: d["headcount"].update(budget=d["headcount"]["budget"] + 1))
        counts["budgets"] += 1
    for i, path in enumerate(sample(0.01)):
        data = yaml.safe_load(path.read_text("utf-8"))
        data["title"] = "新设岗位"
        (path.parent / f"new-{i:04d}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        counts["added"] += 1
    # Only a position nobody names (no report, no process) can go without making NEW invalid.
    named = set()
    for path in root.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        named.add(data.get("reports_to"))
        for activity in data.get("activities", []):
            named.update([*activity["R"], activity["A"], *activity.get("C", []), *activity.get("I", [])])
    for path in rng.sample([p for p in files if p.stem not in named], max(1, len(files) // 100)):
        path.unlink()
        counts["removed"] += 1
    for process in sorted((root / "processes").glob("*.yaml")):
        _edit(process, lambda d: d["activities"][0].update(C=[]))
    return counts


def measure(old: Path, new: Path) -> tuple[float, float, float]:
    """Wall seconds, and CPU seconds (user + system) of the diff process and any it started:
    on a shared machine the CPU figure is the one that does not depend on other load."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "jobdesc", "diff", str(old), str(new), "--format", "json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("jobdesc diff failed")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as tmp:
        old = generate_organisation(n, Path(tmp) / "old")
        new = Path(tmp) / "new"
        shutil.copytree(old, new)
        counts = reorganise(new)
        results = [measure(old, new) for _ in range(runs)]
    times, cpu = [t for t, _, _ in results], [c for _, c, _ in results]
    print(f"jobdesc diff, two organisations of {n} positions ({', '.join(f'{v} {k}' for k, v in counts.items())}), "
          f"{runs} runs")
    print(f"  wall time: median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s"
          f"   (target < 3 s)")
    print(f"  CPU time: median {statistics.median(cpu):.2f} s (what the wall time is on an idle machine: one "
          f"process, one thread; load average now {os.getloadavg()[0]:.1f})")
    print(f"  peak memory: {max(m for _, _, m in results):.0f} MB")


if __name__ == "__main__":
    main()
