"""The build graph and the package's layering, as docs/architecture.md describes them."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from jobdesc.build import diagram
from jobdesc.build.scheduler import Scheduler, check_graph, needed_outputs
from jobdesc.build_graph import BuildContext, BuildOptions, Output, Product, Started, Step
from jobdesc.outputs import OUTPUTS
from jobdesc.progress import Progress

PACKAGE = Path(__file__).resolve().parent.parent / "jobdesc"
ENGINES = {"jd", "orgchart", "tables", "pdf", "handbook", "site"}


def test_committed_picture_of_the_graph_is_fresh():
    assert diagram.committed() == diagram.block(), (
        "docs/architecture.md's build graph is stale: run `python -m jobdesc.build.diagram --write`")


def test_picture_shows_every_product_and_need():
    text = diagram.mermaid()
    assert "jd_word --> handbook_docx" in text and "jd --> handbook" in text
    assert "jd --> handbook_docx" not in text, "the Word handbook needs only the Word job descriptions"
    for output in OUTPUTS:
        assert f"subgraph {output.name}_output" in text


def test_declared_outputs_form_a_valid_graph():
    check_graph(OUTPUTS)
    names = [o.name for o in needed_outputs(OUTPUTS, ["handbook"])]
    assert names == ["jd", "orgchart", "raci", "staffing", "authority", "levels", "handbook"]
    assert [o.name for o in needed_outputs(OUTPUTS, ["site"])] == ["site"], "the site needs no other output"
    assert [o.name for o in needed_outputs(OUTPUTS, ["raci"])] == ["raci"]


def _imports() -> dict[str, set[str]]:
    """Module → the jobdesc modules it imports (at the top or inside a function)."""
    def name(path: Path) -> str:
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    modules = {name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                found |= {f"{target}.{a.name}" if f"{target}.{a.name}" in modules else target for a in node.names}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        edges[module] = {m for m in found if m in modules and m != module}
    return edges


def _stage(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    if top in ("cli", "__main__"):
        return 5
    if top == "serve":  # `jobdesc serve` runs builds: the build's stage
        return 4
    # preflight (what `check` runs of the build before layout) and diff (the `diff` command's
    # reports) drive the engines, as outputs do; so does the importer, which renders a job
    # description again to carry Word edits back (importer/roundtrip.py)
    # the roster (`jobdesc roster`) writes role files with the importer's round trip (importer/yamlrt.py)
    # sign-off (`jobdesc signoff`) fingerprints job descriptions and reads diff's change model
    return {"build": 4, "outputs": 3, "preflight": 3, "diff": 3, "importer": 3, "roster": 3, "signoff": 3, "build_graph": 1}.get(top, 2 if top in ENGINES else 0)


def test_the_format_package_stands_on_its_own():
    """Stage 0 lives in jobdesc/format/: it uses only itself, the error type and the file gate
    every stage shares, and the `keep:` rule, which reads every text through editions/texts.py."""
    allowed = {"jobdesc.errors", "jobdesc.userfiles", "jobdesc.editions.keep"}
    outside = [f"{m} -> {t}" for m, targets in _imports().items() if m.startswith("jobdesc.format")
               for t in targets if not t.startswith("jobdesc.format") and t not in allowed]
    assert outside == []
    stray = sorted(p.name for p in PACKAGE.glob("*.py") if any(
        word in p.stem for word in ("model", "rule", "loader", "loaded", "yaml", "chapter", "graphs")))
    assert stray == [], f"stage-0 modules belong in jobdesc/format/: {stray}"


def test_no_module_imports_a_higher_stage():
    """load/validate (0) < graph vocabulary (1) < engines (2) < outputs (3) < build (4) < cli (5):
    e.g. the handbook engine never reaches into outputs/ or build/."""
    upward = [f"{m} -> {t}" for m, targets in _imports().items() for t in targets if _stage(t) > _stage(m)]
    assert upward == []


def test_no_import_circles():
    edges = _imports()

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            for nxt in edges[todo.pop()] - seen:
                if nxt == goal:
                    return True
                seen.add(nxt)
                todo.append(nxt)
        return False

    circles = sorted(f"{m} <-> {t}" for m, targets in edges.items() for t in targets if reaches(t, m))
    assert circles == []


# -- the scheduler, on a small graph of its own (no pool, nothing written)

A: Product[str] = Product("a")
A_EARLY: Product[str] = Product("a_early")
B: Product[str] = Product("b")
C: Product[str] = Product("c")


class Made:
    def __init__(self, value: str):
        self.value, self.files = value, []


def _graph(log: list[str]):
    def start_a(ctx):
        log.append("start a")
        return Started(lambda: log.append("finish a") or Made("a"), early={A_EARLY: lambda: log.append("early a") or "e"})

    def make_b(ctx):
        log.append(f"b got {ctx.get(A_EARLY)}")
        with pytest.raises(LookupError):
            ctx.get(A)  # not declared: not given
        return Made("b")

    def make_c(ctx):
        log.append(f"c got {ctx.get(A).value}+{ctx.get(B).value}")
        return Made("c")

    return [Output("a", (Step(A, start_a, gives_early=(A_EARLY,)),)),
            Output("b", (Step(B, make_b, needs=(A_EARLY,)),)),
            Output("c", (Step(C, make_c, needs=(A, B)),))]


def test_scheduler_overlaps_and_finishes_a_product_only_when_needed(tmp_path):
    log: list[str] = []

    class Lines(Progress):
        def finished(self, name, files, seconds):
            log.append(f"done {name}")

    ctx = BuildContext(org=None, out=tmp_path, options=BuildOptions(), templates=None, final_out=tmp_path,
                       reporter=Lines(enabled=False))
    written = Scheduler(ctx, _graph(log), tmp_path).run()
    assert log == ["start a", "early a", "b got e", "done b", "finish a", "done a", "c got a+b", "done c"]
    assert set(written) == {"a", "b", "c"}


def test_a_step_may_need_only_what_is_listed_before_it():
    a, b, c = _graph([])
    with pytest.raises(ValueError, match="c needs a, b"):
        check_graph([c, a, b])
