"""Whole-build benchmark (issue #6) on generated organisations.

    python bench/bench_build.py [SIZES...]        (default: 100 300 500)

For each size it prints, measured in the same run:
  * naive loop: rendering each job description PDF one by one with WeasyPrint (one process),
  * plain loop: one simple page per role (title, summary, duties) with one shared
    FontConfiguration: the least a job-description printer could do (issue 31's baseline),
  * clean full build (all outputs) — time and peak memory of the whole process tree,
  * rebuild after one role changed — time and peak memory.
Each also gives the CPU time of its whole process tree (user + system): on a shared
machine whose speed drifts from run to run, it is the steadier figure to compare.
Memory is sampled every 50 ms over the build process and its workers, as the sum of
PSS (shared pages counted once: what the build occupies) and, for comparison, the sum of
RSS (shared library and font pages counted once per process).
Targets on a 2-core machine: clean build of 300 ≤ 0.8 × naive loop; one-role rebuild < 5 s;
peak memory < 700 MB at 500 positions.

    python bench/bench_build.py --page-numbers [--rounds=N] [--variants=with,without] [SIZES...]

measures what handbook.docx's page numbers cost (LibreOffice laying the file out, issue 27):
clean builds and one-role rebuilds with them (the default) and without (--no-word-page-numbers),
interleaved (the shared machine's load drifts), each with a cache of its own. Targets at 300:
clean build at most +5 % wall time, one-role rebuild at most +1 s.
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.generate import generate_organisation  # noqa: E402


def _proc_kb(pid: int, file: str, field: str) -> int:
    """A "Field:   123 kB" line of a /proc/PID file (0 once the process has gone).

    `smaps_rollup`'s Pss is the proportional set size: the process's private memory plus
    its share of pages it shares with others (libraries, the mmapped CJK fonts), so summing
    it over processes counts every page once; `status`'s VmRSS counts them in full."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    """Direct children of a process, from the kernel's per-thread lists: reading these for
    the build's few processes costs far less than scanning all of /proc, and the sampler
    runs on the same two cores as the build it measures."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    except OSError:
        pass
    return found


def _tree_memory_kb(root_pid: int) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) of a process and all its descendants (workers included), in KB.

    The RSS sum counts each shared page once per process that maps it (an overestimate:
    three processes mapping the same 20 MB font count 60 MB); the PSS sum is the memory
    the build really occupies."""
    total_rss, total_pss, stack = 0, 0, [root_pid]
    while stack:
        pid = stack.pop()
        total_rss += _proc_kb(pid, "status", "VmRSS")
        total_pss += _proc_kb(pid, "smaps_rollup", "Pss")
        stack.extend(_children(pid))
    return total_rss, total_pss


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float  # peak of the summed RSS of the process tree
    peak_pss_mb: float  # peak of the summed PSS of the process tree
    cpu_seconds: float  # user + system time of the process tree (LibreOffice included)


def run_measured(args: list[str]) -> Run:
    """Wall seconds and peak tree memory of a command, sampled every 50 ms."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_rss, peak_pss
        while not done.is_set():
            rss, pss = _tree_memory_kb(proc.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # every descendant waited for, workers included
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{err[-2000:]}")
    return Run(elapsed, peak_rss / 1024, peak_pss / 1024, cpu)


NAIVE = """
import sys
from pathlib import Path
import weasyprint
from jobdesc.format.loader import load_organisation
from jobdesc.templating import TemplateSet
from jobdesc.jd.html import JobDescriptionPrinter
from jobdesc.pdf import make_url_fetcher
org, _ = load_organisation(Path(sys.argv[1]))
templates = TemplateSet.for_organisation(org.root)
printer = JobDescriptionPrinter(org, templates)
base_url = templates.folders[0].resolve().as_uri() + "/"
out = Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
for role_id in org.roles:  # WeasyPrint as its documentation shows it: one HTML, one PDF
    html = weasyprint.HTML(string=printer.html(role_id), base_url=base_url,
                           url_fetcher=make_url_fetcher(templates.folders))
    html.write_pdf(out / f"{role_id}.pdf")
"""

# The second baseline (issue 31, target 4): the least a tool that prints one job description
# per role could do. One simple page per role (title, department, summary, duties, in the
# CJK face the build uses), one shared FontConfiguration, no tables, no diagram, no Word
# file, nothing else. The build does far more; the ratio says what that costs.
PLAIN = """
import sys
from html import escape
from pathlib import Path
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from jobdesc.format.loader import load_organisation
org, _ = load_organisation(Path(sys.argv[1]))
fonts = FontConfiguration()
out = Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
for role in org.roles.values():
    duties = "".join(f"<li>{escape(d if isinstance(d, str) else getattr(d, 'text', str(d)))}</li>"
                     for d in (role.duties or ()))
    html = (f"<html lang='zh-CN'><style>body {{ font-family: 'Noto Sans CJK SC'; }}</style>"
            f"<h1>{escape(role.title)}</h1><p>{escape(role.department)}</p>"
            f"<p>{escape(role.summary or '')}</p><ol>{duties}</ol></html>")
    weasyprint.HTML(string=html).write_pdf(out / f"{role.id}.pdf", font_config=fonts)
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
        naive = run_measured([sys.executable, "-c", NAIVE, str(root), str(Path(tmp) / "naive")])
        plain = run_measured([sys.executable, "-c", PLAIN, str(root), str(Path(tmp) / "plain")])
        clean = run_measured(jobdesc)
        files = sum(1 for p in out.rglob("*") if p.is_file() and ".jobdesc-cache" not in p.parts)
        touch_one_role(root)
        rebuild = run_measured(jobdesc)
        handbook_mb = (out / "handbook.pdf").stat().st_size / 1e6
    print(f"{n} positions ({files} output files, handbook.pdf {handbook_mb:.1f} MB)")
    print("                                     time      CPU     peak PSS   peak RSS sum")
    for label, run in (("naive loop, JD PDFs one by one", naive), ("plain loop, one simple JD per role", plain),
                       ("clean full build, all outputs", clean),
                       ("rebuild after one role changed", rebuild)):
        print(f"  {label:<32} {run.seconds:7.1f} s {run.cpu_seconds:6.1f} s   {run.peak_pss_mb:5.0f} MB   "
              f"{run.peak_rss_mb:5.0f} MB")
    print(f"  clean / naive = {clean.seconds / naive.seconds:.2f} wall, {clean.cpu_seconds / naive.cpu_seconds:.2f} CPU"
          f"   (target: <= 0.8 at 300 positions)")
    print(f"  clean / plain = {clean.seconds / plain.seconds:.2f} wall, {clean.cpu_seconds / plain.cpu_seconds:.2f} CPU"
          f"   (issue 31: <= 1.2; rebuild <= 2 s; peak PSS <= 450 MB at 500)")
    sys.stdout.flush()


def bench_tiers(n: int, approvals: int) -> None:
    """Clean builds of the same organisation with `approvals` approval activities given as
    tiers and as single approvers: what approval limits (authority.*, 审批权限) cost."""
    print(f"{n} positions, {approvals} approval activities: clean full build")
    with tempfile.TemporaryDirectory() as tmp:
        for tiered in (False, True, False, True):  # interleaved: the shared machine's load drifts
            root = generate_organisation(n, Path(tmp) / f"org-{tiered}", approvals=approvals, tiered=tiered)
            out = Path(tmp) / f"out-{tiered}"
            shutil.rmtree(out, ignore_errors=True)
            run = run_measured([sys.executable, "-m", "jobdesc", "build", str(root), "-o", str(out)])
            label = "tiered (authority.* built)" if tiered else "single approver"
            print(f"  {label:<28} {run.seconds:7.1f} s   {run.peak_pss_mb:5.0f} MB")
            sys.stdout.flush()


def bench_page_numbers(n: int, rounds: int, variants: tuple[str, ...] = ("without", "with")) -> None:
    """Clean build and one-role rebuild, with handbook.docx's page numbers and without."""
    print(f"{n} positions: handbook.docx page numbers (LibreOffice: {shutil.which('soffice') or 'not found'})")
    print("                                     time      CPU     peak PSS")
    runs: dict[tuple[str, str], list[Run]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for number in range(rounds):
            for label, flags in (("without", ["--no-word-page-numbers"]), ("with", [])):
                if label not in variants:
                    continue
                folder = Path(tmp) / f"{label}-{number}"
                root = generate_organisation(n, folder / "org")
                jobdesc = [sys.executable, "-m", "jobdesc", "build", str(root), "-o", str(folder / "out"),
                           "--cache", str(folder / "cache"), *flags]
                clean = run_measured(jobdesc)
                touch_one_role(root)
                rebuild = run_measured(jobdesc)
                for kind, run in (("clean build", clean), ("one-role rebuild", rebuild)):
                    runs.setdefault((kind, label), []).append(run)
                    print(f"  {kind + ', ' + label + ' numbers':<34} {run.seconds:7.1f} s {run.cpu_seconds:6.1f} s"
                          f"   {run.peak_pss_mb:5.0f} MB")
                    sys.stdout.flush()
                shutil.rmtree(folder)

    if len(variants) < 2:
        return

    def mean(kind: str, label: str, field: str) -> float:
        values = [getattr(run, field) for run in runs[(kind, label)]]
        return sum(values) / len(values)

    clean_ratio = mean("clean build", "with", "seconds") / mean("clean build", "without", "seconds")
    rebuild_extra = mean("one-role rebuild", "with", "seconds") - mean("one-role rebuild", "without", "seconds")
    cpu_extra = mean("clean build", "with", "cpu_seconds") - mean("clean build", "without", "cpu_seconds")
    print(f"  clean with / without = {clean_ratio:.3f} (target <= 1.05; CPU {cpu_extra:+.1f} s); "
          f"one-role rebuild {rebuild_extra:+.1f} s (target <= +1 s)")
    sys.stdout.flush()


def main() -> None:
    if "--page-numbers" in sys.argv[1:]:
        rounds = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--rounds=")), 2)
        variants = next((tuple(a.split("=", 1)[1].split(",")) for a in sys.argv[1:] if a.startswith("--variants=")),
                        ("without", "with"))
        for n in [int(a) for a in sys.argv[1:] if not a.startswith("--")] or [300]:
            bench_page_numbers(n, rounds, variants)
        return
    args = [a for a in sys.argv[1:] if not a.startswith("--tiers")]
    tiers = [int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--tiers=")]
    sizes = [int(a) for a in args] or [100, 300, 500]
    print(f"jobdesc build benchmark on {os.cpu_count()} cores")
    for n in sizes:
        if tiers:
            bench_tiers(n, tiers[0])
        else:
            bench(n)


if __name__ == "__main__":
    main()
