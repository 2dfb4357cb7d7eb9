"""What a one-role rebuild runs and what each part costs (issue 31, target 2).

    python bench/bench_rebuild.py [SIZE] [--rounds=N]      (default: 300 positions, 2 rounds)

Builds a generated organisation once, then, each round, changes one duty of one role (the
edit bench_build.py makes, on another role each round) and rebuilds with the first build's
cache, printing for the rebuild: each build step's wall and CPU time in this process (as
the scheduler runs them; a step that waits for another's work is charged for that work),
the whole process tree's CPU (workers and LibreOffice included) and wall time. CPU is the
figure to compare on a shared machine. Target: one-role rebuild at most 2.0 s wall.
"""
from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.generate import generate_organisation  # noqa: E402

# Runs `jobdesc build` in a child with the scheduler's steps timed (the `if` keeps the
# pool's spawned workers, which import the main module again, from building too).
TIMED = """
import sys, time
if __name__ == "__main__":
    import jobdesc.build.scheduler as scheduler
    from jobdesc.cli import main

    depth = [0]  # a step finished because a running step needs it is inside that step's time

    def timed(method, label):
        def run(self, first, *rest):
            wall, cpu = time.perf_counter(), time.process_time()
            depth[0] += 1
            try:
                return method(self, first, *rest)
            finally:
                depth[0] -= 1
                name = getattr(first, "gives", first).name
                print(f"STEP {label} {name} {time.perf_counter() - wall:.3f} {time.process_time() - cpu:.3f} "
                      f"{depth[0]}", file=sys.stderr)
        return run

    scheduler.Scheduler._run_step = timed(scheduler.Scheduler._run_step, "run")
    scheduler.Scheduler._finish = timed(scheduler.Scheduler._finish, "finish")
    sys.argv = ["jobdesc", *sys.argv[1:]]
    main()
"""


def edit_one_duty(root: Path, round_number: int) -> Path:
    """Prefix the first plain-text duty of one role (another role each round)."""
    files = sorted(root.rglob("p*.yaml"))
    for path in files[len(files) // 2 + round_number:] + files:
        text = path.read_text("utf-8")
        if re.search(r"duties:\n- (?!text:)", text):
            path.write_text(text.replace("duties:\n- ", "duties:\n- 修订：", 1), "utf-8")
            return path
    raise SystemExit("no role with a plain duty to edit")


def run(args: list[str]) -> tuple[float, float, list[tuple[str, float, float, bool]]]:
    """(wall, CPU of the process tree, [(step, wall, CPU in the main process, whether it ran
    inside another step)])."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-2000:]}")
    steps = []
    for line in done.stderr.splitlines():
        if line.startswith("STEP "):
            _, how, name, step_wall, step_cpu, depth = line.split()
            steps.append((f"{name}{' (finished)' if how == 'finish' else ''}", float(step_wall), float(step_cpu),
                          depth != "0"))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, steps


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:] if a.isdigit()] or [300]
    rounds = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--rounds=")), 2)
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = generate_organisation(n, Path(tmp) / "org")
            build = [sys.executable, "-c", TIMED, "build", str(root), "-o", str(Path(tmp) / "out"),
                     "--cache", str(Path(tmp) / "cache")]
            wall, cpu, _ = run(build)
            print(f"{n} positions: clean build {wall:.1f} s wall, {cpu:.1f} s CPU (machine may be busy)")
            for number in range(rounds):
                edited = edit_one_duty(root, number)
                wall, cpu, steps = run(build)
                print(f"  one-role rebuild ({edited.name}): {wall:.2f} s wall, {cpu:.2f} s CPU "
                      "(target: 2.0 s wall)")
                for name, step_wall, step_cpu, nested in sorted(steps, key=lambda s: -s[2]):
                    if step_cpu >= 0.01:
                        print(f"    {name + (' (within a step)' if nested else ''):<50} {step_wall:6.2f} s wall "
                              f"{step_cpu:6.2f} s CPU")
                accounted = sum(s[2] for s in steps if not s[3])
                print(f"    {'rest of the tree (start, load, publish, workers)':<50} {'':6}        "
                      f"{cpu - accounted:6.2f} s CPU")
                sys.stdout.flush()


if __name__ == "__main__":
    main()
