"""Issue 13, item 7: depths and sizes the YAML controls end in a located message (exit 1),
never in RecursionError; at the limits everything still builds."""
from __future__ import annotations

from pathlib import Path

import pytest

from jobdesc.graphs import chain_depths, cycles, with_ancestors
from jobdesc.rules import MAX_DEPARTMENT_DEPTH, MAX_REPORTING_DEPTH

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
