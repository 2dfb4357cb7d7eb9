"""Stage 3: run the outputs' graph into a staging folder, then move the results into OUT.

The outputs and what each needs are declared in jobdesc/outputs/ (see jobdesc/build_graph.py
for the vocabulary); jobdesc/build/scheduler.py runs them. Writing into a staging
folder first means a failure (a missing glyph, a template typo, a full disk) leaves the
previous build untouched and nothing half-written in OUT; jobdesc/build/publish.py
moves the files in all or none (even when killed) and keeps a second build out.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from .. import cache, cache_folder
from ..determinism import dated_by
from ..build_graph import BuildContext, BuildOptions
from ..format.organisation import Organisation
from ..outputs import OUTPUTS
from ..pool import WorkerJob, WorkerPool
from ..preflight import check_buildable
from ..progress import QUIET, Progress
from .publish import MANIFEST, publish, publishing
from .scheduler import Scheduler, needed_outputs

__all__ = ["BuildContext", "BuildOptions", "MANIFEST", "PARTS", "parse_parts", "run_build"]

PARTS = tuple(output.name for output in OUTPUTS)  # what --only accepts, in build order


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

    Expensive products are cached outside OUT (see cache_folder.py; or in options.cache,
    which editions built into several OUTs may share) by the hash of their inputs, so a
    rebuild redoes only what an edit touched and gives the same bytes as a clean build.
    """
    # What check also checks (a character that would print as a box, a broken template) stops the build here
    templates = check_buildable(org, options.templates)
    cache_place = cache_folder.choose(org.root, out, options.cache)  # a folder that may not be one stops it here
    out.mkdir(parents=True, exist_ok=True)
    with dated_by(org), publishing(out) as staging, cache_place:
        build_cache = cache.BuildCache(cache_place.root)
        cache.activate(build_cache)
        pool = WorkerPool(WorkerJob(dataclasses.replace(org, sources=()), templates.folders, build_cache.root),
                          options.jobs or os.cpu_count() or 1)
        try:
            ctx = BuildContext(org=org, out=staging, options=options, templates=templates, final_out=out,
                               reporter=reporter, pool=pool)
            parts = PARTS if options.parts is None else options.parts
            written = Scheduler(ctx, needed_outputs(OUTPUTS, parts), staging).run()
            optional = frozenset(output.name for output in OUTPUTS if not output.manifest_when_empty)
            published = publish(staging, out, {part: paths for part, paths in written.items() if part in parts},
                                optional)
            if set(parts) == set(PARTS):
                # only a full build knows everything still needed (in a shared cache: by its edition)
                cache_place.prune(build_cache, org.language if options.cache else None)
            return published
        finally:
            pool.close()
            cache.activate(None)
