"""Stage 3 wiring: run the renderers into a staging folder, then move the results into OUT.

Each renderer is a module in `jobdesc.render` with `render(ctx) -> list[Path]`: it takes
the validated organisation and writes its files under `ctx.out`. Writing into a staging
folder first means a failure (a missing glyph, a template typo, a full disk) leaves the
previous build untouched and nothing half-written in OUT.
"""
from __future__ import annotations

import dataclasses
import importlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from . import cache
from .organisation import Organisation
from .pool import WorkerJob, WorkerPool, release_memory
from .progress import QUIET, Progress
from .templating import TemplateSet
from .preflight import check_buildable

# Build order matters: the handbook reuses what the others produced.
PARTS = ("jd", "orgchart", "raci", "authority", "staffing", "handbook")
# Parts whose output another part reuses. `--only handbook` still builds these (into the
# staging folder) but publishes only the handbook.
NEEDS = {"handbook": ("jd", "orgchart", "raci", "staffing")}
MANIFEST = ".jobdesc-manifest.json"


@dataclass(frozen=True)
class BuildOptions:
    parts: tuple[str, ...] = PARTS
    templates: Optional[Path] = None
    paper: str = "A3"
    jobs: Optional[int] = None


@dataclass
class BuildContext:
    """What every renderer gets: the organisation, where to write, and the build's settings."""

    org: Organisation
    out: Path  # the staging folder; renderers write below it
    options: BuildOptions
    templates: TemplateSet
    final_out: Path  # where the files will end up (for caches kept between builds)
    shared: dict = field(default_factory=dict)  # results one renderer hands to a later one
    reporter: Progress = QUIET
    pool: Optional[WorkerPool] = None  # where pages are laid out (see jobdesc/pool.py)
    # Finish a part started earlier now (its output is needed sooner); nothing if it is not pending.
    finish_part: Callable[[str], None] = lambda part: None

    def progress(self, part: str):
        """A `(done, total)` callback for long-running parts."""
        return self.reporter.part(part)


def parse_parts(only: str) -> tuple[str, ...]:
    if not only.strip():
        return PARTS
    wanted = [p.strip() for p in only.split(",") if p.strip()]
    unknown = [p for p in wanted if p not in PARTS]
    if unknown:
        import click

        raise click.BadParameter(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}",
                                 param_hint="--only")
    return tuple(p for p in PARTS if p in wanted)


def run_build(org: Organisation, out: Path, options: BuildOptions, reporter: Progress = QUIET) -> list[Path]:
    """Build the requested parts into OUT; returns the final paths written.

    Expensive products are cached in OUT/.jobdesc-cache by the hash of their inputs, so a
    rebuild redoes only what an edit touched and gives the same bytes as a clean build.
    """
    # What check also checks (a character that would print as a box, a broken template) stops the build here
    templates = check_buildable(org, options.templates)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".jobdesc-staging-", dir=out.parent))
    build_cache = cache.BuildCache(out / cache.CACHE_DIR)
    cache.activate(build_cache)
    pool = WorkerPool(WorkerJob(dataclasses.replace(org, sources=()), templates.folders, build_cache.root),
                      options.jobs or os.cpu_count() or 1)
    try:
        ctx = BuildContext(org=org, out=staging, options=options, templates=templates, final_out=out,
                           reporter=reporter, pool=pool)
        needed = set(options.parts).union(*(NEEDS.get(p, ()) for p in options.parts))
        written = _run_parts(ctx, [p for p in PARTS if p in needed], staging, reporter)
        written = {part: paths for part, paths in written.items() if part in options.parts}
        published = _publish(staging, out, written)
        if set(options.parts) == set(PARTS):
            build_cache.prune()  # only a full build knows everything still needed
        return published
    finally:
        pool.close()
        cache.activate(None)
        shutil.rmtree(staging, ignore_errors=True)


def _run_parts(ctx: BuildContext, parts: list[str], staging: Path, reporter: Progress) -> dict[str, list[Path]]:
    """Run the renderers in order. A renderer module with `start(ctx)` (the job
    descriptions) works in other processes: it is started first and finished only when a
    later part needs it, so the other outputs are made meanwhile on the idle core. A
    module's `prepare(ctx)` does work while the workers are still busy (e.g. the
    handbook's department pages, and its Word version once the Word job descriptions are
    in); it may finish a pending part it needs early with `ctx.finish_part(part)`."""
    written: dict[str, list[Path]] = {}
    pending: dict[str, tuple[object, float]] = {}

    def finish(part: str) -> None:
        if part not in pending:  # not started, or finished already
            return
        finisher, started = pending.pop(part)
        written[part] = [p.relative_to(staging) for p in finisher()]
        release_memory(collect=False)  # merging and rasterising leave freed memory this process would keep
        reporter.finished(part, len(written[part]), time.monotonic() - started)

    ctx.finish_part = finish
    try:
        for part in parts:
            module = importlib.import_module(f"jobdesc.render.{part}")
            if pending and hasattr(module, "prepare"):
                module.prepare(ctx)
            for dependency in NEEDS.get(part, ()):
                finish(dependency)
            started = time.monotonic()
            if hasattr(module, "start"):
                pending[part] = (module.start(ctx), started)
                continue
            written[part] = [p.relative_to(staging) for p in module.render(ctx)]
            reporter.finished(part, len(written[part]), time.monotonic() - started)
        for part in list(pending):
            finish(part)
    finally:
        if pending and ctx.pool is not None:  # a part failed: stop the workers now
            ctx.pool.close()
    return written


def _publish(staging: Path, out: Path, written: dict[str, list[Path]]) -> list[Path]:
    """Move staged files into OUT and remove files an earlier build of the same parts left behind."""
    manifest_path = out / MANIFEST
    try:
        previous: dict[str, list[str]] = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError):
        previous = {}
    final: list[Path] = []
    for part, paths in written.items():
        for relative in paths:
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, target)
            final.append(target)
        still = {str(p) for p in paths}
        for stale in previous.get(part, []):
            if stale not in still:
                (out / stale).unlink(missing_ok=True)
        previous[part] = sorted(str(p) for p in paths)
    manifest_path.write_text(json.dumps(previous, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    return final
