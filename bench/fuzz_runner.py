"""How bench/fuzz_import.py runs one `jobdesc` command: forked from a warm fork server, or as a
fresh `python -m jobdesc` (--subprocess, the reference: what a user or CI runs).

Either way the command runs in its own process, killed after `kill` wall-clock seconds (a hang),
its CPU time is its own (wait4's rusage) and its peak memory is the VmHWM it reads from its own
/proc/self/status as it ends (wait4's ru_maxrss would count what the parent held: a process
started by vfork+exec keeps its parent's high-water mark; a killed one is read by the parent just
before the kill). A forked child's VmHWM includes the fork server's pages it maps (~200 MB), so
the fork mode's peaks are upper bounds of the fresh process's.

Forking from a server that has imported everything a command loads (jobdesc, python-docx,
openpyxl, pypinyin's dictionaries, Jinja for `check`, the CJK codecs, the fonts' coverage) is
what makes the fork mode fast: a child then only does the command's work (~0.05 s for an
ordinary input) instead of loading pypinyin (0.45 s) and Jinja (0.08 s) again per input."""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

HANG = -9
ROOT = Path(__file__).resolve().parent.parent


def own_peak_mb() -> float:
    """This process's peak resident memory in MB (VmHWM), 0 when /proc does not say."""
    return _status_peak_mb("self")


def _status_peak_mb(pid: str | int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def warm_up() -> None:
    """Load in the fork server what any command a child runs loads, so no child loads it again."""
    import codecs
    import ssl  # noqa: F401 - python-docx's opc pulls http/ssl in on a Word file

    import docx  # noqa: F401
    import openpyxl  # noqa: F401

    import jobdesc.cli  # noqa: F401
    import jobdesc.format.loader  # noqa: F401
    import jobdesc.importer  # noqa: F401
    import jobdesc.importer.building  # noqa: F401 - pypinyin: 0.45 s of dictionaries
    import jobdesc.importer.resolving  # noqa: F401
    import jobdesc.importer.wordml  # noqa: F401
    import jobdesc.importer.wordml_parts  # noqa: F401
    import jobdesc.jd.docx_properties  # noqa: F401
    import jobdesc.preflight  # noqa: F401 - `check`: Jinja and the template sandbox
    from jobdesc.importer.text import _converter
    from jobdesc.textcheck import printable_characters

    for encoding in ("gb18030", "big5", "big5hkscs", "gbk"):
        codecs.lookup(encoding)
    _converter()
    for language in ("zh-CN", "zh-TW"):
        printable_characters(language)


def run_command(argv: list[str], log: Path, kill: float, subprocess_mode: bool = False,
                wall_kill: float = 600.0) -> tuple[int, float, float, float]:
    """(exit code or HANG, wall seconds, CPU seconds, peak MB) of `jobdesc ARGV`, output to `log`.

    A hang is a command that burns more than `kill` seconds of CPU, or is still running
    after `wall_kill` seconds (one that waits forever): on a machine shared by many
    processes, a command can wait longer than `kill` for its share of a core, so the wall
    clock alone would call an ordinary input a hang."""
    peak_file = log.with_suffix(".peak")
    started = time.monotonic()
    pid = _spawn(argv, log, peak_file) if subprocess_mode else _fork(argv, log, peak_file)
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if _cpu_seconds(pid) > kill or time.monotonic() - started > wall_kill:
            peak = _status_peak_mb(pid)
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            return HANG, time.monotonic() - started, usage.ru_utime + usage.ru_stime, peak
        time.sleep(0.005)
    code = os.waitstatus_to_exitcode(status)
    try:
        peak = float(peak_file.read_text())
    except (OSError, ValueError):  # killed by a signal before it could say: the kernel's figure
        peak = usage.ru_maxrss / 1024
    return code, time.monotonic() - started, usage.ru_utime + usage.ru_stime, peak


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """A running process's CPU time so far (user + system), 0 when /proc does not say."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime: fields 14 and 15
    except (OSError, ValueError, IndexError):
        return 0.0


def _spawn(argv: list[str], log: Path, peak_file: Path) -> int:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
               (os.POSIX_SPAWN_DUP2, 1, 2)]
    return os.posix_spawn(sys.executable, [sys.executable, "-m", "bench.fuzz_child", str(peak_file), *argv], env,
                          file_actions=actions)


def _fork(argv: list[str], log: Path, peak_file: Path) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 3  # the harness's own failure
    try:
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        code = run_cli(argv)
    except BaseException:  # noqa: BLE001 - reported as the harness's own failure (3)
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        write_peak(peak_file)
        os._exit(code)


def run_cli(argv: list[str]) -> int:
    """The exit code `python -m jobdesc ARGV` would give, run in this process."""
    from jobdesc.cli import main

    try:
        main.main(args=argv, prog_name="jobdesc")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def write_peak(peak_file: Path) -> None:
    try:
        peak_file.write_text(f"{own_peak_mb():.1f}")
    except OSError:
        pass
