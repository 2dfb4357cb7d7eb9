"""Runs the graph of outputs: the one place that decides the order of work.

The policy, which the outputs do not know about:
* Steps run in the order the outputs are listed (jobdesc/outputs/__init__.py), each
  output's steps in its own order; a step that hands work to the worker pool returns
  `Started` and stays pending, so the next steps run in this process while the workers
  lay out pages (the job descriptions are listed first: they are most of the work).
* Before a step runs, each product it needs is made ready: taken from a finished step,
  asked early from a pending one that gives it early, or else its pending step is
  finished now ("finished early because something needs it").
* A `heavy` step runs while only one worker lays out pages (`WorkerPool.one_worker`).
* An output is reported (progress line: files, and the seconds its last step took once
  its needs were ready) when its last step is finished; pending steps are finished, in
  order, at the end.
* `ctx.layouts_done()` from a step ends the workers if no pending step still needs them.
"""
from __future__ import annotations

import contextlib
import dataclasses
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ..build_graph import BuildContext, Output, Product, Started, Step
from ..pool import release_memory


def check_graph(outputs: Sequence[Output]) -> None:
    """Every product is given once, and by a step listed before any step that needs it."""
    given: set[Product] = set()
    names: set[str] = set()
    for output in outputs:
        if output.name in names:
            raise ValueError(f"two outputs are named {output.name!r}")
        names.add(output.name)
        for step in output.steps:
            missing = [p.name for p in step.needs if p not in given]
            if missing:
                raise ValueError(f"{output.name}: {step.gives.name} needs {', '.join(missing)}, "
                                 "which no step listed before it gives")
            for product in (step.gives, *step.gives_early):
                if product in given:
                    raise ValueError(f"{product.name} is given twice")
                given.add(product)


def needed_outputs(outputs: Sequence[Output], wanted: Iterable[str]) -> list[Output]:
    """The outputs asked for and every output whose products they need, in listed order."""
    owner = {p: o for o in outputs for s in o.steps for p in (s.gives, *s.gives_early)}
    keep = {o.name for o in outputs if o.name in set(wanted)}
    for output in reversed(outputs):  # needs point backwards: one pass from the end suffices
        if output.name in keep:
            keep.update(owner[p].name for s in output.steps for p in s.needs)
    return [o for o in outputs if o.name in keep]


class Scheduler:
    def __init__(self, ctx: BuildContext, outputs: Sequence[Output], staging: Path):
        check_graph(outputs)
        self.ctx, self.outputs, self.staging = ctx, list(outputs), staging
        self.values: dict[Product, Any] = {}
        self.pending: dict[Product, tuple[Started, Output, float]] = {}
        self.early: dict[Product, Callable[[], Any]] = {}
        self.last_step = {o.steps[-1].gives: o for o in self.outputs}
        self.written: dict[str, list[Path]] = {}

    def run(self) -> dict[str, list[Path]]:
        """Run every step; returns each output's files, relative to the staging folder."""
        self.ctx.layouts_done = self._layouts_done
        try:
            for output in self.outputs:
                for step in output.steps:
                    self._run_step(step, output)
            for product in list(self.pending):
                self._finish(product)
        finally:
            for started, _output, _began in self.pending.values():  # a step failed: end what is still running
                started.close()
            if self.pending and self.ctx.pool is not None:  # and stop the workers now
                self.ctx.pool.close()
        return self.written

    def _run_step(self, step: Step, output: Output) -> None:
        ctx = dataclasses.replace(self.ctx, products={p: self._ready(p) for p in step.needs})
        started = time.monotonic()  # an output's time on its progress line: its last step's own work
        with self._one_worker() if step.heavy else contextlib.nullcontext():
            value = step.run(ctx)
        if isinstance(value, Started):
            self.pending[step.gives] = (value, output, started)
            self.early.update({p: value.early[p] for p in step.gives_early})
        else:
            self._done(step.gives, value, output, started)

    def _ready(self, product: Product) -> Any:
        if product not in self.values:
            if product in self.early:
                self.values[product] = self.early.pop(product)()
            else:
                self._finish(product)
        return self.values[product]

    def _finish(self, product: Product) -> None:
        started, output, began = self.pending.pop(product)
        self._done(product, started.finish(), output, began)
        release_memory(collect=False)  # merging and rasterising leave freed memory this process would keep

    def _done(self, product: Product, value: Any, output: Output, began: float) -> None:
        self.values[product] = value
        if self.last_step.get(product) is output:
            self.written[output.name] = [p.relative_to(self.staging) for p in value.files]
            self.ctx.reporter.finished(output.name, len(value.files), time.monotonic() - began)

    def _one_worker(self):
        """The pool's `one_worker()` (nothing to limit in a build without a pool)."""
        return self.ctx.pool.one_worker() if self.ctx.pool is not None else contextlib.nullcontext()

    def _layouts_done(self) -> None:
        if self.ctx.pool is not None and not any(started.uses_pool for started, _o, _b in self.pending.values()):
            # The build's last layout is done: end the workers before the merge, the
            # biggest step in this process, so their memory is not held alongside it.
            self.ctx.pool.close()
