"""Issue 13, item 7: depths and sizes the YAML controls end in a located message (exit 1),
never in RecursionError; at the limits everything still builds."""
from __future__ import annotations

from pathlib import Path

import pytest

from jobdesc.format.chains import chain_depths, cycles, with_ancestors
from jobdesc.format.rules import MAX_DEPARTMENT_DEPTH, MAX_REPORTING_DEPTH

from conftest import write_org


def chain_org(root: Path, departments: int, reporting: int) -> Path:
    """`departments` nested one in another, the one position (or `reporting` positions, each
    reporting to the one before) in the deepest."""
    depts = [{"id": f"d{i}", "name": f"部门{i}", "parent": f"d{i - 1}" if i else None} for i in range(departments)]
    roles = {}
    for i in range(reporting):
        role = {"title": f"岗位{i}", "department": f"d{departments - 1}", "duties": [f"职责{i}"],
                "headcount": {"budget": 1, "filled": 1}}
        if i:
            role["reports_to"] = f"r{i - 1}"
        roles[f"r{i}"] = role
    return write_org(root, {"organization": "深层公司", "departments": depts}, roles)


@pytest.mark.parametrize("departments, reporting, message", [
    (1200, 1, "departments nest at most"),
    (1, 1200, "reporting lines are at most"),
])
def test_a_chain_far_deeper_than_python_recursion_is_a_located_error(tmp_path, run_cli, departments, reporting,
                                                                     message):
    root = chain_org(tmp_path / "roles", departments, reporting)
    result = run_cli("check", root)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert result.output.count(message) == 1  # once, where the chain crosses the limit
    assert "org.yaml:" in result.output or "r40.yaml:" in result.output


def test_the_walks_are_iterative():
    n = 100_000
    parents = {f"n{i}": f"n{i - 1}" for i in range(1, n)}
    assert chain_depths(parents)[f"n{n - 1}"] == n
    assert len(with_ancestors([f"n{n - 1}"], parents)) == n
    ring = cycles({**parents, "n0": f"n{n - 1}"})
    assert len(ring) == 1 and len(ring[0]) == n and ring[0][0] == "n0"


def test_at_the_department_limit_everything_builds(tmp_path, run_cli):
    root = chain_org(tmp_path / "roles", MAX_DEPARTMENT_DEPTH, 1)
    result = run_cli("build", root, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "handbook.pdf").stat().st_size > 0
    assert (tmp_path / "out" / "jd" / "r0.docx").exists()


def test_at_the_reporting_limit_the_chart_and_tables_build(tmp_path, run_cli):
    root = chain_org(tmp_path / "roles", 1, MAX_REPORTING_DEPTH)
    result = run_cli("build", root, "-o", tmp_path / "out", "--only", "orgchart,staffing")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "orgchart.pdf").stat().st_size > 0


# ---------------------------------------------------------------- templates


def _render(tmp_path: Path, source: str):
    from jobdesc.templating import TemplateSet, render_template

    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "t.html").write_text(source, encoding="utf-8")
    templates = TemplateSet((folder.resolve(), TemplateSet.for_organisation(tmp_path).folders[-1]))
    return render_template(templates.environment(), "t.html")


@pytest.mark.parametrize("source", [
    "{{ 'a' * 300000000 }}",
    "{{ ['a'] * 300000000 }}",
    "{{ 'a'|center(300000000) }}",
    "{{ 'a'.rjust(300000000) }}",
    "{{ '%300000000d'|format(1) }}",
    "{{ '%300000000d' % 1 }}",
    "{{ 'x' ~ ('a' * 100000).replace('a', 'a' * 100000) }}",
    "{{ 'a\\n'|indent(300000000) }}",
    "{{ 10 ** 100000000 }}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
])
def test_a_runaway_template_is_stopped_with_a_message(tmp_path, source):
    from jobdesc.errors import UserError

    with pytest.raises(UserError) as caught:
        _render(tmp_path, source)
    assert caught.value.diagnostics[0].code == "template-limit"
    assert "t.html" in caught.value.diagnostics[0].file


def test_a_loop_that_never_ends_is_stopped_in_time(tmp_path, monkeypatch):
    from jobdesc import template_watch
    from jobdesc.errors import UserError
    from time_limits import cpu_limit

    monkeypatch.setattr(template_watch, "MAX_SECONDS", 1.0)
    with pytest.raises(UserError) as caught, cpu_limit(20):  # the kill limit, in CPU time (SIGPROF)
        _render(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    assert "ran for more than 1 seconds" in str(caught.value)
    assert "t.html:1" in str(caught.value)


def test_output_over_the_limit_is_stopped(tmp_path, monkeypatch):
    from jobdesc import template_watch
    from jobdesc.errors import UserError

    monkeypatch.setattr(template_watch, "MAX_OUTPUT_CHARS", 50_000)
    with pytest.raises(UserError) as caught:
        _render(tmp_path, "{% for i in range(100000) %}word {% endfor %}")
    assert "output is over 50,000 characters" in str(caught.value)


def test_ordinary_templates_are_unaffected(tmp_path):
    assert _render(tmp_path, "{{ '-' * 3 }}{{ '%05d'|format(42) }}{{ 'ab'|center(6) }}{{ 2 ** 10 }}") == "---00042  ab  1024"
