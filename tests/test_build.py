"""`jobdesc build` as a whole: incremental = clean, only what changed is redone, stale files
go, `--only`, and a failed build leaves OUT as it was."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

import jobdesc.jd.html
import jobdesc.pdf
from jobdesc.build import MANIFEST, BuildOptions, run_build
from jobdesc.build.publish import PUBLISH_DIR
from jobdesc.cache import CACHE_DIR
from jobdesc.cache_folder import default_folders
from jobdesc.format.loader import load_organisation

from conftest import small_org_data, write_org


def snapshot(out: Path) -> dict[str, str]:
    """Every published file (not the cache, the publishing folder or the manifest) → its hash."""
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*"))
            if p.is_file() and not {CACHE_DIR, PUBLISH_DIR} & set(p.parts) and p.name != MANIFEST}


def cache_of(out: Path) -> Path:
    """Where a build into OUT keeps its cache by default (outside OUT; conftest points
    XDG_CACHE_HOME at a folder of the test session)."""
    return default_folders(out)[0]


def copy_build(out: Path, to: Path) -> None:
    """Copy a built OUT and its cache, so a build into the copy is a rebuild."""
    shutil.copytree(out, to)
    shutil.copytree(cache_of(out), cache_of(to))


def build(root: Path, out: Path, **options) -> None:
    org, _ = load_organisation(root)
    run_build(org, out, BuildOptions(jobs=1, **options))


@pytest.fixture
def org_dir(tmp_path) -> Path:
    org, roles, processes = small_org_data()
    return write_org(tmp_path / "org", org, roles, processes)


def edit_seller(root: Path) -> None:
    path = root / "seller.yaml"
    path.write_text(path.read_text("utf-8").replace("接待来访客户", "接待来访客户并登记来电"), "utf-8")


@pytest.fixture
def count_layouts(monkeypatch):
    """Counts WeasyPrint layouts (the expensive step) made during a build."""
    calls: list[str] = []
    real = jobdesc.pdf.render_document

    def counting(html, *args, **kwargs):
        calls.append(html[:200])
        return real(html, *args, **kwargs)

    monkeypatch.setattr(jobdesc.pdf, "render_document", counting)
    monkeypatch.setattr(jobdesc.jd.html, "render_document", counting)
    return calls


def test_incremental_build_is_byte_identical_to_a_clean_one(org_dir, tmp_path, count_layouts):
    incremental = tmp_path / "incremental"
    build(org_dir, incremental)
    first = snapshot(incremental)
    edit_seller(org_dir)
    count_layouts.clear()
    build(org_dir, incremental)
    relaid = len(count_layouts)

    clean = tmp_path / "clean"
    build(org_dir, clean)
    assert snapshot(incremental) == snapshot(clean)
    assert snapshot(clean) != first  # the edit did change something
    # Only the edited role's chunk and what shows its text (handbook front matter unchanged
    # in length, so: the job-description chunk alone) were laid out again — far fewer than
    # a clean build's layouts.
    assert 0 < relaid < len(count_layouts) - relaid


def test_unchanged_rebuild_lays_out_nothing(org_dir, tmp_path, count_layouts):
    out = tmp_path / "out"
    build(org_dir, out)
    before = snapshot(out)
    count_layouts.clear()
    build(org_dir, out)
    assert count_layouts == []
    assert snapshot(out) == before


def test_deleted_role_loses_its_files_and_cache_is_pruned(org_dir, tmp_path):
    out = tmp_path / "out"
    build(org_dir, out)
    assert (out / "jd" / "assistant.pdf").exists()
    cache_files = {p for p in cache_of(out).rglob("*") if p.is_file()}
    (org_dir / "assistant.yaml").unlink()
    build(org_dir, out)
    assert not (out / "jd" / "assistant.pdf").exists()
    assert not (out / "jd" / "assistant.docx").exists()
    after = {p for p in cache_of(out).rglob("*") if p.is_file()}
    assert after and after != cache_files
    assert len(after) <= len(cache_files)


def test_only_builds_the_parts_asked_for(org_dir, tmp_path, run_cli):
    out = tmp_path / "out"
    result = run_cli("build", org_dir, "-o", out, "--only", "staffing,raci")
    assert result.exit_code == 0, result.output
    assert sorted(snapshot(out)) == ["raci.csv", "raci.pdf", "raci.xlsx", "staffing.pdf", "staffing.xlsx"]
    assert run_cli("build", org_dir, "-o", out, "--only", "nonsense").exit_code == 2


def test_only_handbook_publishes_only_the_handbook(org_dir, tmp_path):
    out = tmp_path / "out"
    build(org_dir, out, parts=("handbook",))
    assert [name for name in snapshot(out) if not name.startswith("handbook.")] == []
    assert (out / "handbook.pdf").exists()


def test_failed_build_leaves_previous_output_untouched(org_dir, tmp_path, run_cli):
    out = tmp_path / "out"
    assert run_cli("build", org_dir, "-o", out, "--only", "jd,staffing").exit_code == 0
    before = snapshot(out)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "jd.html").write_text("{% extends 'builtin/jd.html' %}\n"
                                       "{% block signatures %}{{ no_such_variable }}{% endblock %}\n", "utf-8")
    result = run_cli("build", org_dir, "-o", out, "--templates", templates)
    assert result.exit_code == 1, result.output
    assert "jd.html:2:1: error" in result.output and "no_such_variable" in result.output
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".jobdesc-staging-*"))
    assert not list((out / PUBLISH_DIR).glob("staging-*"))


def test_invalid_organisation_builds_nothing(org_dir, tmp_path, run_cli):
    (org_dir / "seller.yaml").write_text("title: 置业顾问\ndepartment: nowhere\nduties: [x]\n", "utf-8")
    out = tmp_path / "out"
    result = run_cli("build", org_dir, "-o", out)
    assert result.exit_code == 1
    assert "seller.yaml:2:13: error" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_build_prints_one_line_per_part(org_dir, tmp_path, run_cli):
    result = run_cli("build", org_dir, "-o", tmp_path / "out")
    assert result.exit_code == 0
    for part in ("jd", "orgchart", "raci", "staffing", "handbook"):
        assert any(line.startswith(part) for line in result.stderr.splitlines()), result.stderr
