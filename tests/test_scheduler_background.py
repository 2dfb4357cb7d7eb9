"""A step whose work runs outside the worker pool (handbook.docx's page numbers: a LibreOffice
process): the workers may end before it is finished, and a failed build ends it."""
from __future__ import annotations

import pytest

from jobdesc.build.scheduler import Scheduler
from jobdesc.build_graph import BuildContext, BuildOptions, Output, Product, Started, Step
from jobdesc.progress import Progress

BACKGROUND: Product[str] = Product("background")
LAYOUT: Product[str] = Product("layout")
BOTH: Product[str] = Product("both")


class Made:
    def __init__(self, value: str):
        self.value, self.files = value, []


class Pool:
    def __init__(self, log: list[str]):
        self.log = log

    def close(self) -> None:
        self.log.append("workers ended")


def _context(tmp_path, log):
    return BuildContext(org=None, out=tmp_path, options=BuildOptions(), templates=None, final_out=tmp_path,
                        reporter=Progress(enabled=False), pool=Pool(log))


def _outputs(log: list[str], fail: bool):
    def background(ctx):
        log.append("background started")
        return Started(lambda: log.append("background finished") or "numbers",
                       close=lambda: log.append("background ended"), uses_pool=False)

    def layout(ctx):
        ctx.layouts_done()  # the last layout is done: the workers may end now
        if fail:
            raise RuntimeError("layout failed")
        return "pdf"

    def both(ctx):
        return Made(ctx.get(LAYOUT) + "+" + ctx.get(BACKGROUND))

    return [Output("x", (Step(BACKGROUND, background), Step(LAYOUT, layout),
                         Step(BOTH, both, needs=(LAYOUT, BACKGROUND))))]


def test_workers_end_while_the_background_step_still_runs(tmp_path):
    log: list[str] = []
    Scheduler(_context(tmp_path, log), _outputs(log, fail=False), tmp_path).run()
    assert log == ["background started", "workers ended", "background finished"]


def test_a_failed_build_ends_the_background_work(tmp_path):
    log: list[str] = []
    with pytest.raises(RuntimeError):
        Scheduler(_context(tmp_path, log), _outputs(log, fail=True), tmp_path).run()
    assert "background ended" in log and "background finished" not in log
