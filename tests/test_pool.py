"""The build's worker pool (jobdesc/pool.py): where tasks run, in what order, how many at once."""
from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest

from jobdesc.errors import UserError
from jobdesc.loader import load_organisation
from jobdesc.pool import WorkerJob, WorkerPool

EXAMPLE = Path(__file__).resolve().parent.parent / "roles"


def _where(_state, label: str, seconds: float) -> tuple[str, int, float, float]:
    """Module level, so spawned workers can import it: which process ran it, and when."""
    start = time.time()
    time.sleep(seconds)
    return label, os.getpid(), start, time.time()


def _fails(_state, message: str) -> None:
    raise UserError.at("org.yaml", 3, 5, "bad-thing", message)


@pytest.fixture()
def job(tmp_path) -> WorkerJob:
    org, _ = load_organisation(EXAMPLE)
    return WorkerJob(dataclasses.replace(org, sources=()), (), tmp_path)


def test_too_little_work_runs_inline(job):
    pool = WorkerPool(job, 2)
    try:
        assert pool.plan(3) == 1  # below MIN_TASKS_PER_WORKER per worker: no processes started
        _, pid, _, _ = pool.submit(_where, "a", 0).result()
        assert pid == os.getpid()
    finally:
        pool.close()


def test_tasks_run_in_two_workers_side_by_side(job):
    pool = WorkerPool(job, 2)
    try:
        assert pool.plan(8) == 2
        results = [task.result() for task in [pool.submit(_where, str(n), 0.6) for n in range(4)]]
    finally:
        pool.close()
    pids = {pid for _, pid, _, _ in results}
    assert len(pids) == 2 and os.getpid() not in pids
    # two of the four ran at the same time
    spans = sorted((start, end) for _, _, start, end in results)
    assert any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:]))


def test_one_worker_runs_tasks_one_after_another_and_first_jumps_the_queue(job):
    pool = WorkerPool(job, 2)
    try:
        pool.plan(8)
        pool.submit(_where, "warm", 0).result()  # both workers started before timing
        with pool.one_worker():
            tasks = [pool.submit(_where, label, 0.3) for label in ("a", "b", "c")]
            urgent = pool.submit(_where, "urgent", 0.3, first=True)
            results = [task.result() for task in [*tasks, urgent]]
        # afterwards both workers take tasks again
        after = [task.result() for task in [pool.submit(_where, label, 0.6) for label in ("x", "y")]]
    finally:
        pool.close()
    spans = sorted((start, end, label) for label, _, start, end in results)
    for earlier, later in zip(spans, spans[1:]):
        assert later[0] >= earlier[1] - 0.01, f"{later[2]} started while {earlier[2]} ran"
    # "a" was handed to the worker at once; "urgent" went ahead of "b" and "c", queued before it
    assert [label for _, _, label in spans] == ["a", "urgent", "b", "c"]
    (_, _, x_start, x_end), (_, _, y_start, y_end) = after
    assert x_start < y_end and y_start < x_end, "after one_worker() the two tasks should run side by side"


def test_a_workers_user_error_is_raised_here_with_its_location(job):
    pool = WorkerPool(job, 2)
    try:
        pool.plan(8)
        with pytest.raises(UserError) as raised:
            pool.submit(_fails, "no such grade").result()
    finally:
        pool.close()
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.line, diagnostic.column, diagnostic.message) == (3, 5, "no such grade")


def test_after_close_tasks_run_inline(job):
    pool = WorkerPool(job, 2)
    pool.plan(8)
    pool.close()
    _, pid, _, _ = pool.submit(_where, "late", 0).result()
    assert pid == os.getpid()
