"""Issue 35 point 1 and issue 28: the build cache deletes only what it wrote itself, refuses
folders that are not its own, and lives outside OUT by default."""
from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from conftest import small_org_data, write_org

KEY = "ab" * 32  # a name the cache could have made


def tree(folder: Path) -> dict[str, str]:
    """Every file and link below `folder` (.git included) → its hash, or where the link points."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def org_in(folder: Path) -> Path:
    org, roles, processes = small_org_data()
    return write_org(folder, org, roles, processes)


def git_repo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


def test_cache_dot_in_a_repository_changes_nothing(tmp_path, run_cli, monkeypatch):
    """The reported case: `build --cache .` deleted the role files, README.md and .git."""
    repo = git_repo(tmp_path / "repo")
    org_in(repo / "roles")
    (repo / "README.md").write_text("# Our roles\n", "utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    before = tree(repo)
    monkeypatch.chdir(repo)
    result = run_cli("build", "roles", "--cache", ".", "-j", "1")
    assert result.exit_code == 1, result.output
    assert "refusing . as the build cache" in result.output
    assert tree(repo) == before  # no build/ either: refused before anything was written


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """ws/src/org (DIR), ws/build/site/out (OUT, built once), ws/home ($HOME), a git repository
    ws/other, a folder of someone's notes, and a link to DIR."""
    ws = tmp_path / "ws"
    org_in(ws / "src" / "org")
    (ws / "build" / "site" / "out").mkdir(parents=True)
    (ws / "build" / "site" / "out" / "keep.pdf").write_bytes(b"%PDF-1.7 someone's file")
    (ws / "build" / "notes.txt").write_text("notes", "utf-8")
    (ws / "home").mkdir()
    (ws / "home" / "letter.txt").write_text("dear", "utf-8")
    monkeypatch.setenv("HOME", str(ws / "home"))
    (git_repo(ws / "other") / "a.txt").write_text("a", "utf-8")
    (ws / "notes").mkdir()
    (ws / "notes" / f"{KEY}.txt").write_text("mine", "utf-8")
    (ws / "link").symlink_to(ws / "src" / "org")
    return ws


REFUSED = {
    "the organisation folder": ("src/org", "it is the organisation folder"),
    "a link to the organisation folder": ("link", "it is the organisation folder"),
    "a folder holding DIR": ("src", "it holds the organisation folder"),
    "OUT": ("build/site/out", "it is the output folder"),
    "OUT's parent": ("build/site", "it holds the output folder"),
    "a folder holding OUT": ("build", "it holds the output folder"),
    "a repository's root": ("other", "it is the root of a git repository"),
    "the home folder": ("home", "it is the home folder"),
    "a folder of other files": ("notes", "it is not empty and is not a jobdesc build cache"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_folder_that_is_not_a_cache_is_refused_untouched(case, workspace, run_cli):
    folder, why = REFUSED[case]
    before = tree(workspace)
    result = run_cli("build", workspace / "src" / "org", "-o", workspace / "build" / "site" / "out",
                     "--cache", workspace / folder, "-j", "1")
    assert result.exit_code == 1, result.output
    assert why in result.output and "--cache" in result.output
    assert len([line for line in result.output.splitlines() if "error:" in line]) == 1
    assert tree(workspace) == before


def test_a_cache_prunes_its_stale_entries_and_nothing_else(tmp_path, run_cli):
    from jobdesc.cache import BuildCache
    from jobdesc.cache_folder import MARKER

    org_dir, out, root = org_in(tmp_path / "org"), tmp_path / "out", tmp_path / "cache"
    assert run_cli("build", org_dir, "-o", out, "--cache", root, "-j", "1").exit_code == 0
    assert (root / MARKER).is_file() and (root / "entries").is_dir()
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / KEY).write_text("not the cache's", "utf-8")
    BuildCache(root).put("pdf", KEY, b"%PDF-1.7 stale\n%%EOF\n")  # an entry no build uses any more
    foreign = {root / "notes.txt": "n", root / "entries" / "notes.txt": "n", root / "entries" / "pdf" / "README": "r",
               root / "entries" / "Upper" / KEY: "u"}
    for path, text in foreign.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (root / "entries" / "linked").symlink_to(victim)  # a kind folder that is a link: never followed
    (root / "entries" / "pdf" / ("cd" * 32)).symlink_to(victim / KEY)  # an entry name that is a link
    before = tree(victim)
    assert run_cli("build", org_dir, "-o", out, "--cache", root, "-j", "1").exit_code == 0
    assert not (root / "entries" / "pdf" / KEY).exists()
    assert not (root / "entries" / "pdf" / f"{KEY}.sha256").exists()
    assert all(path.read_text("utf-8") == text for path, text in foreign.items())
    assert (root / "entries" / "linked").is_symlink() and (root / "entries" / "pdf" / ("cd" * 32)).is_symlink()
    assert tree(victim) == before
    assert any((root / "entries" / "jd-pdf").iterdir())  # what the build uses stays


def test_the_default_cache_is_outside_out(tmp_path, run_cli):
    from jobdesc.cache import CACHE_DIR
    from jobdesc.cache_folder import MARKER, default_folders

    out = tmp_path / "out"
    assert run_cli("build", org_in(tmp_path / "org"), "-o", out, "-j", "1").exit_code == 0
    assert not (out / CACHE_DIR).exists()
    assert not [p for p in out.rglob("*") if p.name in (MARKER, "entries") or p.name.endswith(".sha256")]
    root = default_folders(out)[0]
    assert root.parent.parent == Path(os.environ["XDG_CACHE_HOME"]).resolve() / "jobdesc"
    assert (root / MARKER).is_file() and any((root / "entries").iterdir())


def test_without_a_writable_cache_home_the_cache_is_beside_out(tmp_path, run_cli, monkeypatch):
    (tmp_path / "a-file").write_text("", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file" / "cache"))  # cannot be created
    out, org_dir = tmp_path / "out", org_in(tmp_path / "org")
    assert run_cli("build", org_dir, "-o", out, "-j", "1").exit_code == 0
    beside = tmp_path / ".out.jobdesc-cache"
    assert (beside / "CACHEDIR.TAG").is_file() and any((beside / "entries").iterdir())
    before = tree(beside / "entries")
    assert run_cli("build", org_dir, "-o", out, "-j", "1").exit_code == 0
    assert tree(beside / "entries") == before  # the rebuild found it


def legacy_cache(out: Path) -> Path:
    """OUT/.jobdesc-cache as earlier versions left it."""
    old = out / ".jobdesc-cache"
    for path in (old / "pdf" / KEY, old / "pdf" / f"{KEY}.sha256", old / ".editions" / "zh-CN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("old", "utf-8")
    return old


def test_an_old_cache_in_out_is_removed_only_if_it_is_nothing_else(tmp_path, run_cli):
    org_dir = org_in(tmp_path / "org")
    plain, mixed = tmp_path / "plain", tmp_path / "mixed"
    legacy_cache(plain)
    (legacy_cache(mixed) / "pdf" / "mine.txt").write_text("keep me", "utf-8")
    before = tree(mixed / ".jobdesc-cache")
    for out in (plain, mixed):
        assert run_cli("build", org_dir, "-o", out, "-j", "1").exit_code == 0
    assert not (plain / ".jobdesc-cache").exists()
    assert tree(mixed / ".jobdesc-cache") == before


def test_an_old_cache_given_as_cache_is_taken_over(tmp_path, run_cli):
    from jobdesc.cache_folder import MARKER

    old = legacy_cache(tmp_path / "shared")
    result = run_cli("build", org_in(tmp_path / "org"), "-o", tmp_path / "out", "--cache", old, "-j", "1")
    assert result.exit_code == 0, result.output
    assert (old / MARKER).is_file() and not (old / "pdf").exists() and not (old / ".editions").exists()


def test_no_prune_while_another_build_uses_the_cache(tmp_path):
    from jobdesc.cache import BuildCache
    from jobdesc.cache_folder import choose

    org_dir, root = org_in(tmp_path / "org"), tmp_path / "cache"
    with choose(org_dir, tmp_path / "one", root) as first:
        BuildCache(first.root).put("pdf", KEY, b"%PDF-1.7 the first build's\n%%EOF\n")
        with choose(org_dir, tmp_path / "two", root) as second:
            assert second.prune(BuildCache(second.root), None) is False  # the first still uses it
        assert (root / "entries" / "pdf" / KEY).is_file()
    with choose(org_dir, tmp_path / "two", root) as alone:
        assert alone.prune(BuildCache(alone.root), None) is True
    assert not (root / "entries" / "pdf" / KEY).exists()


def test_the_default_caches_of_outs_that_are_gone_are_removed(tmp_path, run_cli):
    """Builds into temporary folders (benchmarks, scripts) must not fill ~/.cache."""
    import shutil

    from jobdesc.cache_folder import default_folders

    org_dir = org_in(tmp_path / "org")
    gone, kept, foreign = tmp_path / "gone", tmp_path / "kept", default_folders(tmp_path / "other")[0]
    for out in (gone, kept):
        assert run_cli("build", org_dir, "-o", out, "--only", "staffing").exit_code == 0
    foreign.mkdir(parents=True)
    (foreign / "out").write_text(str(tmp_path / "nowhere"), "utf-8")  # no marker: not a cache
    shutil.rmtree(gone)
    assert run_cli("build", org_dir, "-o", tmp_path / "new", "-j", "1").exit_code == 0  # a full build prunes
    assert not default_folders(gone)[0].exists()
    assert (default_folders(kept)[0] / "CACHEDIR.TAG").is_file()
    assert (foreign / "out").is_file()
