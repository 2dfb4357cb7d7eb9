"""Fuzz `jobdesc import FILE... -o DIR` with hostile documents (issue 35). Not part of the suite.

    PYTHONPATH=. .venv/bin/python -m bench.fuzz_import -n 10000 --seed 35 -j 2

Each input (bench/fuzz_import_cases.py: zip tricks, XML bombs and deep nesting, encodings,
long lines, regex-hostile text, characters no font draws, truncated and flipped bytes, staffing
tables), made from real documents, is imported in its own process, killed after --kill seconds
of CPU or --wall-kill seconds (a hang), with its own CPU time and peak memory
(bench/fuzz_runner.py); a draft it writes is then checked with `jobdesc check`, in its own
process too. An input passes when the import exits 0 or
1 within the limit, burns at most 10 s of CPU, peaks under 500 MB and its draft passes `check`.
The table counts, per kind: inputs, exit 0/1/2, hangs, largest peak memory, longest run and
drafts failing check; failures are kept under --keep to reproduce.

Each command is forked from a fork server (this process, one per -j worker) that has loaded
everything a command loads, so a child only does the command's work; a child's peak memory then
includes the server's pages (~200 MB), an upper bound. `--subprocess` runs each command as a
fresh `python -m jobdesc` instead (about ten times slower): the same inputs give the same exit
codes, hangs and check results either way (compare the tables on a few hundred inputs).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.fuzz_import_cases import KINDS, ROOT, Sources, case
from bench.fuzz_runner import HANG, run_command, warm_up

def run_one(index: int, kind: str, seed: int, sources: Sources, work: Path, kill: float,
            subprocess_mode: bool = False, wall_kill: float = 600.0) -> dict:
    rng = random.Random(f"{seed}:{index}")
    folder = work / f"case-{index}"
    folder.mkdir()
    files = case(kind, rng, sources)
    paths = []
    for name, data in files:
        (folder / name).write_bytes(data)
        paths.append(str(folder / name))
    out = folder / "out"
    code, seconds, cpu, peak = run_command(["import", *paths, "-o", str(out)], folder / "import.log", kill,
                                           subprocess_mode, wall_kill)
    result = {"index": index, "kind": kind, "code": code, "seconds": seconds, "cpu": cpu, "peak": peak, "check": None,
              "message": (folder / "import.log").read_text(encoding="utf-8", errors="replace")[-600:]}
    if code == 0:
        check, _, _, _ = run_command(["check", str(out)], folder / "check.log", max(kill, 60), subprocess_mode,
                                     wall_kill)
        result["check"] = check
        if check != 0:
            result["message"] = (folder / "check.log").read_text(encoding="utf-8", errors="replace")[-1500:]
    return result


def failed(result: dict, kill: float) -> bool:
    return result["code"] not in (0, 1) or result["check"] not in (None, 0) or result["cpu"] > 10 \
        or result["peak"] > 500  # over the memory target: kept to reproduce too


def run(n: int, seed: int, jobs: int = 1, kill: float = 10.0, role_docx: list[Path] | None = None,
        keep: Path | None = None, kinds: tuple[str, ...] = KINDS, minutes: float | None = None,
        subprocess_mode: bool = False, wall_kill: float = 600.0) -> list[dict]:
    """The results of n inputs (kinds in turn), `jobs` at a time, each command forked from this warm
    process (or, with `subprocess_mode`, a fresh `python -m jobdesc`); with `minutes`, those
    finished by then."""
    stop = time.monotonic() + minutes * 60 if minutes else float("inf")
    warm_up()
    sources = Sources(role_docx)
    work = Path(tempfile.mkdtemp(prefix="fuzz-import-"))
    results_file = work / "results.jsonl"
    workers = []
    for worker in range(jobs):
        pid = os.fork()
        if pid == 0:
            try:
                with open(results_file.with_suffix(f".{worker}"), "w", encoding="utf-8") as out:
                    for index in range(worker, n, jobs):
                        if time.monotonic() > stop:
                            break
                        try:
                            result = run_one(index, kinds[index % len(kinds)], seed, sources, work, kill,
                                                  subprocess_mode, wall_kill)
                        except Exception as exc:  # noqa: BLE001 - the generator's bug: counted, not fatal
                            result = {"index": index, "kind": kinds[index % len(kinds)], "code": 3, "seconds": 0,
                                      "cpu": 0, "peak": 0, "check": None, "message": f"harness: {type(exc).__name__}: {exc}"}
                        out.write(json.dumps(result, ensure_ascii=False) + "\n")
                        out.flush()
                        folder = work / f"case-{index}"
                        if keep is not None and failed(result, kill) and len(list(keep.glob("*"))) < 50:
                            shutil.copytree(folder, keep / f"{result['kind']}-{index}", ignore=shutil.ignore_patterns("out"))
                        shutil.rmtree(folder, ignore_errors=True)
            finally:
                os._exit(0)
        workers.append(pid)
    for pid in workers:
        os.waitpid(pid, 0)
    results = []
    for worker in range(jobs):
        path = results_file.with_suffix(f".{worker}")
        if path.exists():
            results += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    shutil.rmtree(work, ignore_errors=True)
    return sorted(results, key=lambda r: r["index"])


def table(results: list[dict], kill: float) -> str:
    rows = defaultdict(list)
    for result in results:
        rows[result["kind"]].append(result)
    header = f"{'kind':<14}{'count':>7}{'exit 0':>8}{'exit 1':>8}{'exit 2':>8}{'other':>7}{'hangs':>7}" \
             f"{'cpu>10s':>8}{'max MB':>8}{'max s':>7}{'max cpu':>8}{'check fails':>13}"
    lines = [header, "-" * len(header)]
    for kind in [*sorted(rows), "TOTAL"]:
        group = results if kind == "TOTAL" else rows[kind]
        if kind == "TOTAL":
            lines.append("-" * len(header))
        codes = [r["code"] for r in group]
        lines.append(f"{kind:<14}{len(group):>7}{codes.count(0):>8}{codes.count(1):>8}{codes.count(2):>8}"
                     f"{sum(c not in (0, 1, 2, HANG) for c in codes):>7}"
                     f"{codes.count(HANG):>7}{sum(r['cpu'] > 10 for r in group):>8}"
                     f"{max((r['peak'] for r in group), default=0):>8.0f}{max((r['seconds'] for r in group), default=0):>7.1f}"
                     f"{max((r['cpu'] for r in group), default=0):>8.1f}"
                     f"{sum(r['check'] not in (None, 0) for r in group):>13}")
    return "\n".join(lines)


def built_role_docx(cache: Path) -> list[Path]:
    """This repository's roles as jobdesc writes them to Word (built once into `cache`)."""
    if not list(cache.glob("jd/*.docx")):
        subprocess.run([sys.executable, "-m", "jobdesc", "build", str(ROOT / "roles"), "--only", "jd", "-j", "1",
                        "-o", str(cache)], check=True, capture_output=True)
    return sorted(cache.glob("jd/*.docx"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=10_000, help="inputs to try (default 10,000)")
    parser.add_argument("--seed", type=int, default=35)
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--kill", type=float, default=10.0,
                        help="CPU seconds after which an import is killed as a hang")
    parser.add_argument("--wall-kill", type=float, default=600.0,
                        help="wall-clock seconds after which a command is killed as a hang (one that waits)")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--roles-build", type=Path, default=Path(tempfile.gettempdir()) / "jobdesc-fuzz-roles",
                        help="where this repository's roles are built to .docx once")
    parser.add_argument("--subprocess", action="store_true",
                        help="run each command as a fresh `python -m jobdesc` (the slow reference mode)")
    parser.add_argument("--results", type=Path, default=None,
                        help="write each input's outcome here (JSON lines) to compare two runs")
    parser.add_argument("--minutes", type=float, default=None, help="stop starting inputs after this long")
    parser.add_argument("--keep", type=Path, default=Path("fuzz-import-failures"),
                        help="failing inputs are copied here (the first 50)")
    options = parser.parse_args(argv)
    options.keep.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results = run(options.n, options.seed, options.jobs, options.kill, built_role_docx(options.roles_build),
                  options.keep, tuple(options.kinds.split(",")), options.minutes, options.subprocess,
                  options.wall_kill)
    if options.results:
        options.results.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results), encoding="utf-8")
    print(table(results, options.kill))
    print(f"\n{len(results)} inputs in {time.monotonic() - started:.0f} s (seed {options.seed}, -j {options.jobs}, "
          f"kill at {options.kill:g} s of CPU or {options.wall_kill:g} s, "
          f"{'subprocess' if options.subprocess else 'fork server'})")
    print("\nslowest inputs:")
    for result in sorted(results, key=lambda r: -r["seconds"])[:8]:
        first = (result["message"].strip().splitlines() or [""])[0][-160:]
        print(f"  #{result['index']} {result['kind']}: exit {result['code']}, {result['seconds']:.1f} s "
              f"({result['cpu']:.1f} s CPU), "
              f"{result['peak']:.0f} MB: {first}")
    bad = [r for r in results if failed(r, options.kill)]
    for result in bad[:30]:
        print(f"\n#{result['index']} {result['kind']}: exit {result['code']}, check {result['check']}, "
              f"{result['seconds']:.1f} s\n  " + result["message"].strip().replace("\n", "\n  ")[:800])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
