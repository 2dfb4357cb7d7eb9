"""The build's vocabulary: products, the steps that make them, and what a step is given.

The build is a graph of products. A `Product[T]` is a typed handle ("the job
descriptions", "the org chart") whose value is a dataclass T. A `Step` makes one product
from the products it `needs`; an `Output` is one or more steps that write files under a
name the user knows (`--only handbook`, the progress line, the manifest). The outputs
are listed once, in jobdesc/outputs/__init__.py; jobdesc/build/scheduler.py alone
decides when each step runs, what overlaps in the worker pool and what is finished
early because a later step needs it. See docs/architecture.md.

This module sits below every output and every engine (jd/, orgchart/, tables/,
handbook/): they import it, it imports none of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Generic, Mapping, Optional, Protocol, TypeVar, Union

from .format.organisation import Organisation
from .pool import WorkerPool
from .progress import QUIET, Progress
from .templating import TemplateSet

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class Product(Generic[T]):
    """A handle on something the build makes; `ctx.get(handle)` gives its value, typed T.

    Compared by identity: two handles with the same name are different products."""

    name: str
    doc: str = ""

    def __repr__(self) -> str:
        return f"Product({self.name!r})"


class Made(Protocol):
    """An output's final product: a dataclass with the files it wrote (in the staging folder)."""

    files: list[Path]


@dataclass
class Started(Generic[T]):
    """A step whose work is in the worker pool: `finish()` waits for it and gives the
    product. `early` gives some products before that (e.g. the Word job descriptions,
    ready long before their PDFs), each through a function that waits for just them."""

    finish: Callable[[], T]
    early: Mapping[Product, Callable[[], Any]] = field(default_factory=dict)
    # Ends work the step started outside the worker pool (e.g. a LibreOffice process) when
    # the build fails before the step is finished.
    close: Callable[[], None] = lambda: None
    uses_pool: bool = True  # False: its work is elsewhere, the workers may end before it is finished


@dataclass(frozen=True)
class Step(Generic[T]):
    """Makes `gives` from `needs` with `run(ctx)`, which returns the value, or `Started` when
    it handed work to the worker pool (the scheduler finishes it when something needs it).

    `heavy`: the step works hard in this process (e.g. writing the Word handbook), so the
    scheduler lets only one worker lay out pages meanwhile (two processes on two cores,
    and a second layout's memory is not added to this one's)."""

    gives: Product[T]
    run: Callable[["BuildContext"], Union[T, Started[T]]]
    needs: tuple[Product, ...] = ()
    heavy: bool = False
    gives_early: tuple[Product, ...] = ()  # products `Started.early` hands out


@dataclass(frozen=True)
class Output:
    """A named output: its steps, in the order they run; the last one's product is a `Made`
    (the files to publish). `--only NAME` builds it and whatever it needs."""

    name: str
    steps: tuple[Step, ...]
    summary: str = ""  # the files it writes, for docs/architecture.md
    # False: when it writes nothing, OUT's manifest does not name it (an output added later, for
    # an optional feature, leaves the manifest of an organisation without it byte-identical).
    manifest_when_empty: bool = True

    @property
    def gives(self) -> Product:
        return self.steps[-1].gives


@dataclass(frozen=True)
class BuildOptions:
    parts: Optional[tuple[str, ...]] = None  # output names to publish; None: all of them
    templates: Optional[Path] = None
    paper: str = "A3"
    jobs: Optional[int] = None
    cache: Optional[Path] = None  # a build cache shared by several OUTs (editions); None: see cache_folder.py
    # LibreOffice (when installed) lays out handbook.docx for the page numbers of its contents
    # and index; False leaves the fields for Word or WPS to fill in on opening.
    # Opt-in until it fits issue 27's budget (+5% wall on a clean 300 build): LibreOffice's layout
    # still costs ~15 s of CPU there (bench_build.py --page-numbers).
    word_page_numbers: bool = False
    # Sign-off status as `build` checked it (jobdesc/signoff/status.py: SignoffStatus), of the
    # organisation as written; None: the `signoff` output reads the ledger itself.
    signoff: Optional[Any] = None
    confidential: bool = False  # also write OUT/confidential/ (the pay bands); never by default


@dataclass
class BuildContext:
    """What every step gets: the organisation, where to write, the build's settings, and the
    products it declared it needs (`get`)."""

    org: Organisation
    out: Path  # the staging folder; steps write below it
    options: BuildOptions
    templates: TemplateSet
    final_out: Path  # where the files will end up (for caches kept between builds)
    reporter: Progress = QUIET
    pool: Optional[WorkerPool] = None  # where pages are laid out (see jobdesc/pool.py)
    products: Mapping[Product, Any] = field(default_factory=dict)  # the needs of the step being run
    # Called by a step once it has laid out its last page, so the scheduler can end the
    # workers before a big merge if no other step still needs them.
    layouts_done: Callable[[], None] = lambda: None

    def get(self, product: Product[T]) -> T:
        """The value of a product this step declared in its `needs`."""
        try:
            return self.products[product]
        except KeyError:
            raise LookupError(f"{product.name} is not among this step's needs") from None

    def progress(self, part: str):
        """A `(done, total)` callback for long-running parts."""
        return self.reporter.part(part)
