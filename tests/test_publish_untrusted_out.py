"""Issue 35 items 2 and 10: OUT is not trusted. Paths read back from its manifest and its
publish journal never lead a build outside OUT, a symbolic link in OUT is never written
through, and a publish that fails leaves OUT exactly as it was, with nothing left behind."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jobdesc.build.publish import JOURNAL, LOCK, MANIFEST, PUBLISH_DIR, in_new_tree

from test_build import snapshot
from test_build_publish import two_builds  # noqa: F401  (the fixture: an old build and a new one)


def tree(folder: Path) -> dict[str, str]:
    """Every entry below `folder`, symbolic links as links (never followed): path -> what it is."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            rel = str(path.relative_to(folder))
            found[rel] = ("link " + os.readlink(path) if path.is_symlink() else "folder" if path.is_dir()
                          else path.read_bytes().hex()[:64] + str(path.stat().st_size))
    return found


def old_out_copy(two_builds, tmp_path: Path) -> Path:
    _org_dir, old_out, _old, _new = two_builds
    out = tmp_path / "case" / "out"
    shutil.copytree(old_out, out)
    return out


def test_a_journal_moving_outside_out_is_never_replayed(two_builds, tmp_path, run_cli):
    """A committed build/ whose journal installs a git hook (code run at the next commit)."""
    org_dir, _old_out, _old, new = two_builds
    out = old_out_copy(two_builds, tmp_path)
    hooks = tmp_path / "case" / ".git" / "hooks"
    hooks.mkdir(parents=True)
    (out / "readme-payload").write_text("#!/bin/sh\necho owned\n", "utf-8")
    (out / PUBLISH_DIR / JOURNAL).write_text(json.dumps(
        {"moves": [["readme-payload", "../.git/hooks/post-commit"]], "stale": ["../victim.txt"],
         "manifest": {}}), "utf-8")
    (tmp_path / "case" / "victim.txt").write_text("keep me", "utf-8")
    result = run_cli("build", org_dir, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert list(hooks.iterdir()) == []
    assert (tmp_path / "case" / "victim.txt").read_text("utf-8") == "keep me"
    assert [line for line in result.output.splitlines() if "warning: ignored" in line] == [
        f"jobdesc: warning: ignored {out / PUBLISH_DIR / JOURNAL}: the move ['readme-payload', "
        "'../.git/hooks/post-commit'] does not stay inside the output folder; building as into a clean folder"]
    assert snapshot(out) == {**new, "readme-payload": snapshot(out)["readme-payload"]}
    assert os.listdir(out / PUBLISH_DIR) == [LOCK]


@pytest.mark.parametrize("entry", ["../victim.txt", "{victim}", "jd/../../victim.txt", "./jd/x.pdf", "jd//x.pdf",
                                   "", "jd/x\u0000.pdf", ".jobdesc-publish/lock", "outside/victim.txt"])
def test_a_manifest_entry_outside_out_deletes_nothing(two_builds, tmp_path, run_cli, entry):
    org_dir, old_out, _old, new = two_builds
    out = tmp_path / "case" / "out"
    shutil.copytree(old_out.parent / "new", out)  # nothing stale: the outputs must be exactly the new build
    victim = tmp_path / "case" / "victim.txt"
    victim.write_text("keep me", "utf-8")
    (out / "outside").symlink_to(victim.parent)  # a path that leaves OUT only once symlinks are resolved
    entry = entry.format(victim=victim)
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    manifest["jd"].append(entry)
    (out / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    result = run_cli("build", org_dir, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert victim.read_text("utf-8") == "keep me"
    assert (out / PUBLISH_DIR / LOCK).is_file()
    warnings = [line for line in result.output.splitlines() if "warning: ignored" in line]
    assert len(warnings) == 1 and str(out / MANIFEST) in warnings[0], result.output
    assert snapshot(out) == new
    assert entry not in json.loads((out / MANIFEST).read_text("utf-8"))["jd"]  # the build wrote its own


@pytest.mark.parametrize("state", [MANIFEST, f"{PUBLISH_DIR}/{JOURNAL}"])
def test_a_state_file_that_is_a_symlink_is_not_followed(two_builds, tmp_path, run_cli, state):
    org_dir, _old_out, _old, new = two_builds
    out = old_out_copy(two_builds, tmp_path)
    target = tmp_path / "case" / "elsewhere.json"
    target.write_text(json.dumps({"jd": ["../victim.txt"]}), "utf-8")
    (out / state).unlink(missing_ok=True)
    (out / state).symlink_to(target)
    result = run_cli("build", org_dir, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert "it is a symbolic link" in result.output
    assert target.read_text("utf-8") == json.dumps({"jd": ["../victim.txt"]})
    assert not (out / state).is_symlink()  # the link itself was replaced or removed
    assert set(new) <= set(snapshot(out))


@pytest.mark.parametrize("link, target", [("jd", "../elsewhere"), ("site", "{tmp}/elsewhere"),
                                          ("site/jd", "../../elsewhere")])
def test_a_symlinked_folder_in_out_is_refused(two_builds, tmp_path, run_cli, link, target):
    org_dir, _old_out, _old, _new = two_builds
    out = old_out_copy(two_builds, tmp_path)
    elsewhere = tmp_path / "case" / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep me", "utf-8")
    shutil.rmtree(out / link)
    (out / link).symlink_to(target.format(tmp=tmp_path / "case"))
    before, outside = tree(out), tree(elsewhere)
    result = run_cli("build", org_dir, "-o", out, "-j", "1")
    assert result.exit_code == 1, result.output
    assert f"{out / link}:1:1: error: is a symbolic link" in result.output
    assert "never through a link" in result.output
    assert tree(elsewhere) == outside and tree(out) == before
    assert sorted(os.listdir(out.parent)) == ["elsewhere", "out"]


def test_a_symlinked_file_in_out_is_replaced_not_followed(two_builds, tmp_path, run_cli):
    org_dir, _old_out, _old, new = two_builds
    out = old_out_copy(two_builds, tmp_path)
    outside = tmp_path / "case" / "outside.pdf"
    outside.write_bytes(b"not the org chart")
    (out / "orgchart.pdf").unlink()
    (out / "orgchart.pdf").symlink_to(outside)
    result = run_cli("build", org_dir, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert outside.read_bytes() == b"not the org chart"
    assert not (out / "orgchart.pdf").is_symlink() and snapshot(out) == new


def test_a_symlinked_publish_folder_is_replaced_not_followed(two_builds, tmp_path, run_cli):
    org_dir, _old_out, _old, new = two_builds
    out = old_out_copy(two_builds, tmp_path)
    elsewhere = tmp_path / "case" / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(out / PUBLISH_DIR)
    (out / PUBLISH_DIR).symlink_to("../elsewhere")
    result = run_cli("build", org_dir, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert "it is not jobdesc's folder" in result.output
    assert list(elsewhere.iterdir()) == []
    assert os.listdir(out / PUBLISH_DIR) == [LOCK] and snapshot(out) == new


def test_a_file_where_a_folder_belongs_fails_leaving_out_as_it_was(two_builds, tmp_path, run_cli):
    org_dir, _old_out, _old, _new = two_builds
    out = old_out_copy(two_builds, tmp_path)
    shutil.rmtree(out / "jd")
    (out / "jd").write_text("a file named jd", "utf-8")
    before = tree(out)
    result = run_cli("build", org_dir, "-o", out, "-j", "1")
    assert result.exit_code == 1, result.output
    assert f"{out / 'jd'}:1:1: error: is a file where the build needs the folder 'jd/'" in result.output
    assert tree(out) == before
    assert os.listdir(out / PUBLISH_DIR) == [LOCK]  # no journal, no staging
    assert os.listdir(out.parent) == ["out"]  # nothing beside OUT


def _without_root_powers(*command: str) -> list[str]:
    """The command without the capabilities that let root ignore file permissions (tests run as root)."""
    if os.geteuid() != 0:
        return list(command)
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner", *command]


@pytest.mark.parametrize("case", ["unreadable folder in OUT", "journal into a read-only folder"])
def test_a_permission_error_fails_leaving_out_as_it_was(two_builds, tmp_path, case):
    org_dir, _old_out, _old, _new = two_builds
    out = old_out_copy(two_builds, tmp_path)
    if case == "unreadable folder in OUT":  # its files cannot be carried into the new build
        blocked = out / "private"
        blocked.mkdir()
        (blocked / "salary.txt").write_text("secret", "utf-8")
    else:  # OUT's parent read-only: no tree beside OUT, so the journal; and jd/ cannot be written
        blocked = out / "jd"
    before = tree(out)
    blocked.chmod(0o555 if blocked.name == "jd" else 0)
    out.parent.chmod(0o555 if blocked.name == "jd" else 0o755)
    try:
        done = subprocess.run(_without_root_powers(sys.executable, "-m", "jobdesc", "build", str(org_dir), "-o",
                                                   str(out), "-j", "1"), capture_output=True, text=True, timeout=300)
    finally:
        blocked.chmod(0o755)
        out.parent.chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert f"{blocked}:1:1: error: cannot publish into {out}: Permission denied; it is left as it was" in done.stdout
    assert tree(out) == before
    assert os.listdir(out / PUBLISH_DIR) == [LOCK]  # no journal, no staging
    assert os.listdir(out.parent) == ["out"]


def test_serve_ignores_saves_in_the_tree_beside_out(tmp_path):
    out = tmp_path / "build"
    assert in_new_tree(out, tmp_path / ".build.jobdesc-new-ab12_x9z" / "site" / "index.html")
    assert not in_new_tree(out, tmp_path / "build" / "site" / "index.html")
    assert not in_new_tree(out, tmp_path / ".other.jobdesc-new-ab12_x9z" / "x.yaml")
