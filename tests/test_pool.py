"""The build's worker pool (jobdesc/pool.py): where tasks run, in what order, how many at once."""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from jobdesc.errors import UserError
from jobdesc.format.loader import load_organisation
from jobdesc.pool import WorkerJob, WorkerPool

EXAMPLE = Path(__file__).resolve().parent.parent / "roles"
KILL_LIMIT = 120  # seconds a barrier waits before it breaks: only so that a failure cannot hang


def _where(_state, label: str) -> tuple[str, int]:
    """Module level, so spawned workers can import it: which process ran it."""
    return label, os.getpid()


def _meet(_state, label: str, barrier) -> tuple[str, int]:
    """Waits at a barrier of two: it is passed only when two tasks run at the same time. A
    broken or timed-out barrier raises, so a pool that runs tasks one by one fails the test
    (after the barrier's generous timeout) instead of hanging it."""
    barrier.wait()
    return label, os.getpid()


def _logged(_state, label: str, log, lock) -> str:
    """Notes its start and end in the shared log, 0.3 s apart: a task running alongside would put
    its start in between. (A busy machine can hide an overlap this way, never invent one.)"""
    with lock:
        log.append(("start", label))
    time.sleep(0.3)
    with lock:
        log.append(("end", label))
    return label


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
        _, pid = pool.submit(_where, "a").result()
        assert pid == os.getpid()
    finally:
        pool.close()


@pytest.fixture()
def shared():
    with multiprocessing.get_context("spawn").Manager() as manager:
        yield manager


def test_tasks_run_in_two_workers_side_by_side(job, shared):
    pool = WorkerPool(job, 2)
    try:
        assert pool.plan(8) == 2
        barrier = shared.Barrier(2, timeout=KILL_LIMIT)
        results = [task.result() for task in [pool.submit(_meet, str(n), barrier) for n in range(4)]]
    finally:
        pool.close()
    pids = {pid for _, pid in results}
    assert len(pids) == 2 and os.getpid() not in pids


def test_one_worker_runs_tasks_one_after_another_and_first_jumps_the_queue(job, shared):
    pool = WorkerPool(job, 2)
    log, lock = shared.list(), shared.Lock()
    try:
        pool.plan(8)
        pool.submit(_where, "warm").result()
        with pool.one_worker():
            tasks = [pool.submit(_logged, label, log, lock) for label in ("a", "b", "c")]
            urgent = pool.submit(_logged, "urgent", log, lock, first=True)
            for task in [*tasks, urgent]:
                task.result()
        # afterwards both workers take tasks again: two meet at a barrier
        barrier = shared.Barrier(2, timeout=KILL_LIMIT)
        after = [task.result() for task in [pool.submit(_meet, label, barrier) for label in ("x", "y")]]
    finally:
        pool.close()
    # one at a time: every start is followed by its own end
    # ("a" was handed to the worker at once; "urgent" went ahead of "b" and "c", queued before it)
    assert list(log) == [(event, label) for label in ("a", "urgent", "b", "c") for event in ("start", "end")]
    assert {label for label, _ in after} == {"x", "y"}


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
    _, pid = pool.submit(_where, "late").result()
    assert pid == os.getpid()
