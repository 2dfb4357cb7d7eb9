"""Issue 35, point 7's last gap: laying out a hostile template's output is bounded.

A document template may print in proportion to what it is given (template_output.py); the
document it makes may nest elements at most 48 deep and hold at most 250,000 of them; and the
layout runs under a CPU and memory budget (pdf/layout_limits.py). Each breach is exit 1 naming
the template, never an internal error or a crash, and nothing is published. The real limits'
cost on hostile shapes is measured by bench/bench_layout_limits.py (not here: no wall clock)."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from markupsafe import Markup

from conftest import small_org_data, write_org
from jobdesc.errors import UserError
from jobdesc.pdf import layout_limits
from jobdesc.template_output import OUTPUT_ALLOWANCE, OUTPUT_PER_SHOWN_CHAR, output_limit, shown_chars

REPO = Path(__file__).resolve().parent.parent


def _org(root: Path) -> Path:
    org, roles, processes = small_org_data()
    return write_org(root / "roles", org, roles, processes)


def _templates(root: Path, jd_html: str) -> Path:
    folder = root / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "jd.html").write_text(jd_html, "utf-8")
    return folder


@dataclasses.dataclass(frozen=True)
class _Row:
    name: str
    count: int


def test_the_output_limit_follows_what_the_template_is_given():
    text = "岗位职责" * 250  # 1,000 characters, shown twice: counted twice
    row = _Row("a", 1)  # one object reached twice (and a cycle below): walked once
    context = {"jd": _Row(text, 3), "rows": [row, row, text], "svg": Markup("<svg/>")}
    context["self"] = context
    shown = shown_chars(context, 10 ** 9)
    assert shown == len("jd" "rows" "svg" "self") + 1000 + 4 + (1 + 4) + 1000 + len("<svg/>")
    assert output_limit(context, 4_000_000) == OUTPUT_ALLOWANCE + OUTPUT_PER_SHOWN_CHAR * shown
    assert output_limit({"text": "x" * 10_000_000}, 4_000_000) == 4_000_000  # never over the ceiling
    assert output_limit({}, 4_000_000) == OUTPUT_ALLOWANCE


def test_a_document_may_print_only_in_proportion_to_its_data(tmp_path, run_cli):
    """40,000 paragraphs of 'x' for a role of a few hundred characters: 960 pages and 25 s of
    layout per role on main (and well under its fixed 4 M limit); now stopped at the render."""
    roles = _org(tmp_path)
    _templates(tmp_path, "<p>\n{% for i in range(40000) %}<p>x</p>{% endfor %}\n</p>\n")
    for command in (("check", roles), ("build", roles, "-o", tmp_path / "out", "--only", "jd")):
        result = run_cli(*command)
        assert result.exit_code == 1, result.output
        assert "jd.html:2:1: error: template stopped: the template's output is over" in result.output
        assert f"{OUTPUT_ALLOWANCE:,} characters plus {OUTPUT_PER_SHOWN_CHAR} per character" in result.output
    assert not (tmp_path / "out").exists()


NESTED = {  # each made WeasyPrint recurse too deep on main: an internal error (exit 2) in the build
    "tables": "{% for i in range(60) %}<table><tr><td>{% endfor %}{{ jd.title }}"
              "{% for i in range(60) %}</td></tr></table>{% endfor %}",
    "inline blocks": "{% for i in range(120) %}<span style='display:inline-block'>{% endfor %}{{ jd.title }}"
                     "{% for i in range(120) %}</span>{% endfor %}",
    "blocks": "{% for i in range(250) %}<div>{% endfor %}{{ jd.title }}{% for i in range(250) %}</div>{% endfor %}",
}


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_elements_nested_too_deep_are_refused_by_check_and_build(tmp_path, run_cli, kind):
    roles = _org(tmp_path)
    folder = _templates(tmp_path, "<!doctype html>\n<body>" + NESTED[kind] + "</body>\n")
    expected = f"{folder / 'jd.html'}:1:1: error: the document this template made cannot be laid out: " \
               f"its elements are nested more than {layout_limits.MAX_DEPTH} deep"
    for command in (("check", roles), ("build", roles, "-o", tmp_path / "out", "--only", "jd")):
        result = run_cli(*command)
        assert result.exit_code == 1, result.output
        assert expected in result.output, result.output
    assert not (tmp_path / "out").exists()


def test_too_many_elements_are_refused(monkeypatch, tmp_path):
    from jobdesc.pdf import render_document

    monkeypatch.setattr(layout_limits, "MAX_ELEMENTS", 500)
    folder = _templates(tmp_path, "")
    with pytest.raises(UserError) as caught:
        render_document("<p>x</p>" * 600, folder, [folder], "jd.html")
    assert caught.value.diagnostics[0].code == "layout-limit"
    assert "it holds more than 500 elements" in caught.value.diagnostics[0].message
    assert Path(caught.value.diagnostics[0].file) == folder / "jd.html"


@pytest.mark.parametrize("budget, message", [("cpu", "its layout took more than 0.2 s of CPU time: stopped"),
                                             ("memory", "its layout used more than 8 MB of memory: stopped")])
def test_a_layout_over_its_budget_is_stopped_and_names_the_template(monkeypatch, tmp_path, budget, message):
    """The budget is small here so that a few thousand paragraphs go over it; the real one is
    30 s of CPU and 512 MB plus 50 µs and 1 KB a character."""
    from jobdesc.pdf import render_document

    monkeypatch.setattr(layout_limits, "CPU_PER_CHAR", 0)
    monkeypatch.setattr(layout_limits, "MEMORY_PER_CHAR", 0)
    if budget == "cpu":
        monkeypatch.setattr(layout_limits, "CPU_SECONDS", 0.2)
    else:
        monkeypatch.setattr(layout_limits, "MEMORY_BYTES", 8 * 1024 * 1024)
    folder = _templates(tmp_path, "")
    if budget == "memory":  # in a fresh process: a test worker's freed memory would hide the growth
        found = subprocess.run([sys.executable, "-c", _LAYOUT_IN_A_FRESH_PROCESS, str(folder)], capture_output=True,
                               text=True, timeout=300, env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent)))
        assert found.returncode == 0, found.stderr
        file, line, code, said = json.loads(found.stdout)
        assert (Path(file), line, code) == (folder / "jd.html", 1, "layout-limit") and message in said
        return
    with pytest.raises(UserError) as caught:
        render_document("<p>岗位职责</p>" * 6000, folder, [folder], "jd.html")
    diagnostic = caught.value.diagnostics[0]
    assert (Path(diagnostic.file), diagnostic.line, diagnostic.code) == (folder / "jd.html", 1, "layout-limit")
    assert message in diagnostic.message


_LAYOUT_IN_A_FRESH_PROCESS = """
import json, sys
from pathlib import Path
from jobdesc.errors import UserError
from jobdesc.pdf import layout_limits, render_document
layout_limits.CPU_PER_CHAR, layout_limits.MEMORY_PER_CHAR, layout_limits.MEMORY_BYTES = 0, 0, 8 * 1024 * 1024
folder = Path(sys.argv[1])
try:
    render_document("<p>岗位职责</p>" * 6000, folder, [folder], "jd.html")
    print(json.dumps(["", 0, "no error", ""]))
except UserError as exc:
    d = exc.diagnostics[0]
    print(json.dumps([str(d.file), d.line, d.code, d.message]))
"""


_BUILD_MEASURED = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, resource.RLIM_INFINITY))  # a kill limit for the machine's sake
from jobdesc.pdf import layout_limits
layout_limits.CPU_SECONDS, layout_limits.CPU_PER_CHAR = 2.0, 0.0  # a small budget: the test stays short
from jobdesc.cli import main
try:
    main.main(args=sys.argv[1:], prog_name="jobdesc")
    code = 0
except SystemExit as exc:
    code = exc.code
usage = resource.getrusage(resource.RUSAGE_SELF)
# VmHWM, this process's own high-water mark (ru_maxrss also counts the forked pytest worker)
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"code": code, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": peak_kb // 1024}))
"""


def test_a_hostile_layout_ends_with_exit_1_in_bounded_cpu_and_memory(tmp_path):
    """60,000 lines of <pre> (180,000 characters, under the output limit; 70,000 lines took
    WeasyPrint 35 s and 480 MB), built in one process of its own (-j 1):
    the build stops at the budget's CPU time with exit 1, its own peak memory stays small
    and nothing is written. The CPU asserted is the code's own budget, not the wall clock."""
    roles = _org(tmp_path)
    _templates(tmp_path, "<pre>\n{% for i in range(60000) %}ab\n{% endfor %}</pre>\n")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-c", _BUILD_MEASURED, "build", str(roles), "-o", str(out), "--only", "jd",
                           "-j", "1"], capture_output=True, text=True, timeout=600,  # a generous kill limit
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 1, done.stdout[-2000:]
    assert "jd.html:1:1: error: the document this template made cannot be laid out: its layout took more than 2 s " \
           "of CPU time" in done.stdout
    assert report["peak_mb"] < 600, report
    assert report["cpu"] < 60, report  # the layout's 2 s, plus starting and rendering; unbounded it is ~35 s per role
    assert [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()] in ([], [".jobdesc-publish/lock"])
    print(report)


def _depth(element) -> int:
    return 1 + max((_depth(child) for child in element), default=0)


def test_the_built_in_job_descriptions_are_far_inside_the_limits(example_dir):
    """The example organisation's job descriptions: depth 9, ~400 elements and ~18,000
    characters at most (limits 48, 250,000 and 200,000 plus 16 a character shown)."""
    import tinyhtml5

    from jobdesc.format.loader import load_organisation
    from jobdesc.jd.html import JobDescriptionPrinter
    from jobdesc.templating import TemplateSet

    org, _ = load_organisation(example_dir)
    printer = JobDescriptionPrinter(org, TemplateSet.for_organisation(example_dir))
    for role_id in org.roles:
        html = printer.html(role_id)
        root = tinyhtml5.parse(html, namespace_html_elements=False)
        assert layout_limits.shape_problem(root) is None
        assert _depth(root) <= layout_limits.MAX_DEPTH // 4, role_id
        assert len(list(root.iter())) <= layout_limits.MAX_ELEMENTS // 100, role_id
        assert len(html) <= OUTPUT_ALLOWANCE // 4, role_id
