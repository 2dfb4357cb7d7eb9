"""One pool of worker processes per build, for every page WeasyPrint lays out.

Why one pool for the whole build: laying out pages is nearly all of a build's time and
most of its memory. If each renderer laid out its own pages in the main process while
the job descriptions ran in workers, three WeasyPrint processes would compete for two
cores and the main process would grow to the size of the biggest document it ever laid
out (Python rarely gives memory back). With one pool, at most one process per core (or
`-j N`) lays out pages at any moment, and the main process stays small: it renders HTML,
writes the spreadsheets and merges finished PDFs.

Workers are started clean (spawn: no inherited GLib/Pango state), hand memory back to
the system after every task, and write big results (PDF bytes) straight into the build
cache, so only small answers travel back through the pipe. A pool that would have only
one worker runs every task inline, in this process, through the same code path.
"""
from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from .determinism import use_dates_of
from .errors import UserError
from .format.organisation import Organisation

MIN_TASKS_PER_WORKER = 4  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class WorkerJob:
    """What every worker needs, picklable: the organisation (without its YAML trees), the
    template folders and the build cache's folder."""

    org: Organisation
    template_folders: tuple[Path, ...]
    cache_root: Path


class WorkerState:
    """Per-process state a task may use (the job, and tools made once per process)."""

    def __init__(self, job: WorkerJob):
        self.job = job
        self._tools: dict[str, Any] = {}

    def tool(self, name: str, make: Callable[[], Any]) -> Any:
        """`make()` once per process (e.g. the job-description printer), then reuse it."""
        if name not in self._tools:
            self._tools[name] = make()
        return self._tools[name]

    def cache(self):
        from .cache import BuildCache  # here: workers write results into the parent's cache

        return self.tool("cache", lambda: BuildCache(self.job.cache_root))


_state: Optional[WorkerState] = None


def _start_worker(job: WorkerJob) -> None:
    global _state
    _state = WorkerState(job)
    use_dates_of(job.org)  # the same document dates as the parent's build


def release_memory(collect: bool = True) -> None:
    """Give freed memory back to the system between tasks: a worker that laid out a big
    document (or the main process after merging one) would otherwise keep its peak size
    for the rest of the build. `collect=False` skips the garbage collection, which frees
    WeasyPrint's layouts (full of reference cycles) but costs ~0.1 s in the main process,
    whose big buffers (pikepdf, pdfium, lxml) are freed without it."""
    if collect:
        gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def _call(task: Callable[..., Any], args: tuple) -> tuple[Any, list]:
    """Run one task in a worker. UserError does not survive pickling, so its diagnostics
    travel instead and the parent raises it again."""
    assert _state is not None, "worker not initialised"
    try:
        return task(_state, *args), []
    except UserError as exc:
        return None, exc.diagnostics
    finally:
        release_memory()


class Task:
    """A submitted task; `result()` waits for it and raises a worker's UserError here."""

    def __init__(self, future: Future):
        self._future = future

    def result(self) -> Any:
        value, diagnostics = self._future.result()
        if diagnostics:
            raise UserError(diagnostics)
        return value


class WorkerPool:
    """Lays out pages in `processes` workers, or inline when that is 1.

    The number of processes is settled by `plan(task_count)`, called by the first stage
    that knows how much work the build holds (the job descriptions); until then, and in
    builds without that stage, tasks run inline.

    Tasks wait in a queue of our own and go to the workers one at a time as workers come
    free, so a task submitted with `first=True` (one big document, e.g. the RACI matrix)
    overtakes the many small job-description chunks queued before it: long tasks first
    keeps both cores busy until the end of the build.
    """

    def __init__(self, job: WorkerJob, max_processes: int):
        self.job = job
        self.max_processes = max(1, max_processes)
        self.processes = 1
        self._executor: Optional[ProcessPoolExecutor] = None
        self._inline = WorkerState(job)
        self._queue: deque[tuple[Future, Callable[..., Any], tuple]] = deque()
        self._running = 0
        self._lock = threading.Lock()

    def plan(self, task_count: int) -> int:
        """Start workers if `task_count` tasks are worth them; returns the process count."""
        if self._executor is None:
            wanted = min(self.max_processes, task_count // MIN_TASKS_PER_WORKER)
            if wanted > 1:
                self.processes = wanted
                self._executor = ProcessPoolExecutor(
                    max_workers=wanted, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker, initargs=(self.job,))
        return self.processes

    @contextlib.contextmanager
    def one_worker(self):
        """While this process does heavy work of its own (e.g. the Word handbook): start
        queued tasks in one worker at a time, so the work of two processes, not three,
        shares the two cores, and a second layout's memory is not added to this process's.
        Tasks already running finish as they are."""
        with self._lock:
            before, self.processes = self.processes, 1
        try:
            yield
        finally:
            with self._lock:
                self.processes = before
            self._feed()

    def submit(self, task: Callable[..., Any], *args: Any, first: bool = False) -> Task:
        """Run `task(state, *args)` (a module-level function) in a worker, or here."""
        future: Future = Future()
        if self._executor is None:
            try:
                future.set_result((task(self._inline, *args), []))
            except UserError as exc:
                future.set_result((None, exc.diagnostics))
            return Task(future)
        with self._lock:
            (self._queue.appendleft if first else self._queue.append)((future, task, args))
        self._feed()
        return Task(future)

    def _feed(self) -> None:
        """Hand queued tasks to the executor while a worker is free."""
        while True:
            with self._lock:
                if self._executor is None or not self._queue or self._running >= self.processes:
                    return
                future, task, args = self._queue.popleft()
                self._running += 1
                executor = self._executor
            if not future.set_running_or_notify_cancel():
                with self._lock:
                    self._running -= 1
                continue
            inner = executor.submit(_call, task, args)
            inner.add_done_callback(lambda done, outer=future: self._finished(done, outer))

    def _finished(self, inner: Future, outer: Future) -> None:
        with self._lock:
            self._running -= 1
        if inner.cancelled():
            outer.set_exception(RuntimeError("the build stopped its workers"))
        elif inner.exception() is not None:
            outer.set_exception(inner.exception())
        else:
            outer.set_result(inner.result())
        self._feed()

    def close(self) -> None:
        """Stop the workers (also when the build failed before collecting every result)."""
        with self._lock:
            executor, self._executor = self._executor, None
            queued, self._queue = list(self._queue), deque()
        for future, _task, _args in queued:
            future.cancel()
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
