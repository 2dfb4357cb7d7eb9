"""`jobdesc check` as a CI gate: output formats, exit codes, and the example organisation."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BAD = Path(__file__).parent / "bad"


def test_example_organisation_passes_strict(run_cli, example_dir):
    result = run_cli("check", example_dir, "--strict")
    assert result.exit_code == 0, result.output


def test_example_organisation_is_rich(example_org):
    # The issue asks for a real, representative example, not a toy.
    roles = list(example_org.roles.values())
    assert len(roles) >= 15
    assert len(example_org.departments) >= 3
    assert any(r.assistant for r in roles)
    assert any(r.dotted_to for r in roles)
    assert any(r.extends for r in roles)
    assert any(r.headcount.budget > r.headcount.filled for r in roles)
    assert any(r.incumbents for r in roles)
    assert any(any(d.items for d in r.duties) for r in roles)
    assert any(r.workflow for r in roles)
    assert any(k.weight for r in roles for k in r.kpis)
    assert any(report.due for r in roles for report in r.reports)
    assert len(example_org.processes) >= 2


def test_example_files_point_editors_at_the_schema(example_dir):
    for path in sorted(example_dir.rglob("*.yaml")):
        first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
        assert schema.is_file(), f"{path}: {schema} does not exist"


def test_json_format(run_cli, monkeypatch):
    monkeypatch.chdir(BAD / "many-errors")
    result = run_cli("check", ".", "--format", "json")
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert [i["file"] for i in items] == ["manager.yaml", "processes/contract.yaml", "seller.yaml"]
    assert set(items[0]) == {"file", "line", "column", "severity", "code", "message"}
    assert items[2]["code"] == "unknown-reference" and items[2]["line"] == 3


def test_github_format(run_cli, monkeypatch):
    monkeypatch.chdir(BAD / "unknown-reports-to")
    result = run_cli("check", ".", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=seller.yaml,line=3,col=13,title=jobdesc unknown-reference::")


def test_paths_are_relative_to_where_the_user_runs_it(run_cli, monkeypatch):
    monkeypatch.chdir(BAD)
    result = run_cli("check", "kpi-weights-sum")
    assert result.stdout.startswith("kpi-weights-sum/manager.yaml:7:3: error: KPI weights sum to 90, not 100")


def test_summary_line(run_cli, monkeypatch):
    monkeypatch.chdir(BAD / "many-errors")
    result = run_cli("check", ".")
    assert "3 errors, 0 warnings" in result.stderr


def test_missing_directory_is_exit_1(run_cli, tmp_path):
    result = run_cli("check", tmp_path / "nope")
    assert result.exit_code == 1 and "does not exist" in result.stdout


def test_usage_error_is_exit_2(run_cli):
    assert run_cli("check", "--format", "xml").exit_code == 2


def test_default_directory_is_roles(run_cli, monkeypatch, example_dir):
    monkeypatch.chdir(example_dir.parent)
    assert run_cli("check").exit_code == 0


def test_console_script_runs_without_traceback(tmp_path):
    # The real entry point, in a subprocess, as CI and pre-commit run it.
    (tmp_path / "org.yaml").write_text("organization: [\n", "utf-8")
    proc = subprocess.run([sys.executable, "-m", "jobdesc", "check", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "org.yaml:2:1: error: YAML syntax error" in proc.stdout


def test_the_process_leaves_at_once_with_all_its_output_and_exit_code(tmp_path, example_dir):
    """`check` as a process ends with os._exit once its output is flushed (cli.run): every line
    still arrives through a pipe, and the exit code is the command's."""
    import shutil

    root = tmp_path / "roles"
    shutil.copytree(example_dir, root)
    ok = subprocess.run([sys.executable, "-m", "jobdesc", "check", str(root), "--format", "json"],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == []
    role = next(p for p in sorted(root.rglob("*.yaml")) if "\ntitle:" in p.read_text("utf-8"))
    role.write_text(role.read_text("utf-8").replace("\ntitle:", "\ntitle: [", 1), "utf-8")
    bad = subprocess.run([sys.executable, "-m", "jobdesc", "check", str(root), "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert [d["code"] for d in json.loads(bad.stdout)] == ["yaml-syntax"]
    usage = subprocess.run([sys.executable, "-m", "jobdesc", "check", "--format", "xml"],
                           capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2 and "xml" in usage.stderr
