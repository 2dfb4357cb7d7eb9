"""Whole-build benchmark (issue #6) on generated organisations.

    python bench/bench_build.py [SIZES...]        (default: 100 300 500)

For each size it prints, measured in the same run:
  * naive loop: rendering each job description PDF one by one with WeasyPrint (one process),
  * clean full build (all outputs) — time and peak memory of the whole process tree,
  * rebuild after one role changed — time and peak memory.
Targets on a 2-core machine: clean build of 300 ≤ 0.8 × naive loop; one-role rebuild < 5 s;
peak memory < 700 MB at 500 positions.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.generate import generate_organisation  # noqa: E402


def _tree_rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants (workers included), in KB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid, ppid = int(entry), int(fields.get("PPid", "0").strip())
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_measured(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak tree memory (MB) of a command."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{err[-2000:]}")
    return elapsed, peak / 1024


NAIVE = """
import sys, time
from pathlib import Path
from jobdesc.loader import load_organisation
from jobdesc.templating import TemplateSet
from jobdesc.jd.html import JobDescriptionPrinter
org, _ = load_organisation(Path(sys.argv[1]))
printer = JobDescriptionPrinter(org, TemplateSet.for_organisation(org.root))
out = Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
for role_id in org.roles:
    (out / f"{role_id}.pdf").write_bytes(printer.pdf_bytes(role_id))
"""


def touch_one_role(root: Path) -> None:
    """Change one duty of one role, as an HR person editing a file would."""
    path = sorted(root.rglob("p*.yaml"))[len(sorted(root.rglob("p*.yaml"))) // 2]
    text = path.read_text("utf-8")
    path.write_text(text.replace("duties:\n- ", "duties:\n- 修订：", 1), "utf-8")


def bench(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = generate_organisation(n, Path(tmp) / "org")
        out = Path(tmp) / "out"
        jobdesc = [sys.executable, "-m", "jobdesc", "build", str(root), "-o", str(out)]
        naive, naive_mem = run_measured([sys.executable, "-c", NAIVE, str(root), str(Path(tmp) / "naive")])
        clean, clean_mem = run_measured(jobdesc)
        files = sum(1 for p in out.rglob("*") if p.is_file() and ".jobdesc-cache" not in p.parts)
        touch_one_role(root)
        rebuild, rebuild_mem = run_measured(jobdesc)
        handbook_mb = (out / "handbook.pdf").stat().st_size / 1e6
    print(f"{n} positions ({files} output files, handbook.pdf {handbook_mb:.1f} MB)")
    print(f"  naive loop, JD PDFs one by one:   {naive:7.1f} s   peak {naive_mem:5.0f} MB")
    print(f"  clean full build, all outputs:    {clean:7.1f} s   peak {clean_mem:5.0f} MB"
          f"   = {clean / naive:.2f} x naive (target <= 0.8 at 300)")
    print(f"  rebuild after one role changed:   {rebuild:7.1f} s   peak {rebuild_mem:5.0f} MB   (target < 5 s)")
    sys.stdout.flush()


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 300, 500]
    print(f"jobdesc build benchmark on {os.cpu_count()} cores")
    for n in sizes:
        bench(n)


if __name__ == "__main__":
    main()
