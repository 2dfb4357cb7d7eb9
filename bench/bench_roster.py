"""`jobdesc roster` on a 20,000-person roster against a 2,000-position organisation.

    python bench/bench_roster.py [N_PEOPLE] [N_POSITIONS] [RUNS]   (default 20000 2000 3)

Target (issue 32): under 3 s. The roster is made from the generated organisation (bench/
generate.py): each person in a department and a title of a position, with their manager, a
phone and an ID number (read by no one), a few leavers and a few titles no position has. Both
shapes are timed: a UTF-8 csv and an xlsx with a merged title row. Prints the whole process's
wall time, CPU time (user + system: what a busy machine inflates least) and peak memory, the
CPU time of each stage in this process, and the drift summary.
"""
from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from bench.generate import generate_organisation  # noqa: E402
from jobdesc.format.loader import load_organisation  # noqa: E402
from roster_people import write_csv, write_xlsx  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国红梅晓东"


def roster_rows(org_dir: Path, n_people: int, seed: int = 0) -> tuple[list[str], list[list]]:
    org, _ = load_organisation(org_dir)
    rng = random.Random(seed)
    roles = list(org.roles.values())
    names = {d.id: d.name for d in org.org.departments}
    header = ["姓名", "工号", "手机号", "身份证号", "部门", "职务", "直属上级", "人员状态"]
    holder: dict[str, str] = {}
    rows = []
    for index in range(n_people):
        role = roles[index % len(roles)]
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2)) + str(index)
        holder.setdefault(role.id, name)
        title = role.title if rng.random() > 0.01 else role.title + "（高级）"  # 1%: a title no position has
        status = "已离职" if rng.random() < 0.02 else "在职"
        manager = holder.get(role.reports_to or "", "")
        rows.append([name, f"E{index:06d}", "139" + f"{index:08d}", f"1101011990{index:08d}",
                     names[role.department], title, manager, status])
    return header, rows


def measure(args: list[str]) -> tuple[float, float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "jobdesc", "roster", *args, "--format", "json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"jobdesc roster failed: {stderr}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def stages(roster: Path, org_dir: Path) -> None:
    """CPU seconds of each stage of one run, in this process."""
    from jobdesc.format.roster_map import load_roster_map
    from jobdesc.roster.drift import find_drift
    from jobdesc.roster.matching import Matcher
    from jobdesc.roster.people import people_of
    from jobdesc.roster.reading import read_roster

    clock = time.process_time
    start = clock()
    org, _ = load_organisation(org_dir)
    loaded = clock()
    read = read_roster(roster, {})
    was_read = clock()
    people = people_of(read)
    find_drift(org, people, Matcher(org, load_roster_map(org_dir, set(org.roles))), roster)
    done = clock()
    print(f"  stages (CPU): load the organisation {loaded - start:.2f} s, read the roster {was_read - loaded:.2f} s, "
          f"people, matching and drift {done - was_read:.2f} s")


def main() -> None:
    n_people = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    n_positions = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    with tempfile.TemporaryDirectory() as tmp:
        org_dir = generate_organisation(n_positions, Path(tmp) / "org")
        header, rows = roster_rows(org_dir, n_people)
        csv_file = write_csv(Path(tmp) / "roster.csv", header, rows)
        xlsx_file = write_xlsx(Path(tmp) / "roster.xlsx", header, rows, title="员工花名册", shared_strings=True)
        for label, roster in (("csv", csv_file), ("xlsx", xlsx_file)):
            results = [measure([str(roster), str(org_dir)]) for _ in range(runs)]
            times = [t for t, _, _ in results]
            cpu = [c for _, _, c in results]
            print(f"{label}: {n_people:,} people ({roster.stat().st_size / 1e6:.1f} MB) against {n_positions:,} positions: "
                  f"wall median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}), "
                  f"CPU median {statistics.median(cpu):.2f} s, peak {max(m for _, m, _ in results):.0f} MB over {runs} runs")
            stages(roster, org_dir)
        summary = subprocess.run([sys.executable, "-m", "jobdesc", "roster", str(csv_file), str(org_dir)],
                                 capture_output=True, text=True).stderr.strip().splitlines()[-1]
        print(f"summary: {summary}")


if __name__ == "__main__":
    main()
