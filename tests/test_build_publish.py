"""Issue 13 items 4 and 5, issue 35 items 2, 8 and 10: publishing into OUT is one step (the
path OUT is the whole old build or the whole new one at every moment, whenever the build is
killed), or, where that step cannot be made, a journal that the next build finishes; a
second build into one OUT waits for the first; nothing read back from OUT, and no symbolic
link in it, makes a build write or delete outside OUT; a failed publish leaves OUT as it was."""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import traceback
from pathlib import Path

import pytest

import jobdesc.build.exchange
from jobdesc.build.publish import LOCK, MANIFEST, PUBLISH_DIR, WAITING, in_new_tree, publish, publishing, recover
from jobdesc.cache import CACHE_DIR

from conftest import small_org_data, write_org
from test_build import build, cache_of, copy_build, edit_seller, snapshot

publish_module = sys.modules["jobdesc.build.publish"]  # `jobdesc.build.publish` is also the function's name

# Runs a real build in a child that dies (os._exit, like kill -9: no cleanup) just before or
# just after the step of its publish that switches OUT to the new build.
KILLER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    import jobdesc.build
    publish_module = sys.modules["jobdesc.build.publish"]
    real_exchange, real_publish, when = publish_module.exchange, jobdesc.build.publish, sys.argv[3]
    def exchange(*args):
        if publishing:
            if when == "before":
                os._exit(9)
            real_exchange(*args)
            os._exit(9)
        real_exchange(*args)  # the probe, before the build
    def publish(*args):
        publishing.append(True)
        return real_publish(*args)
    publishing = []
    publish_module.exchange, jobdesc.build.publish = exchange, publish
    from jobdesc.build import BuildOptions, run_build
    from jobdesc.format.loader import load_organisation
    run_build(load_organisation(Path(sys.argv[1]))[0], Path(sys.argv[2]), BuildOptions(jobs=1))
""")

@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """An old build (three roles) and the new one (an edited role, a deleted one): the
    old OUT with both builds' cache entries, and each build's file hashes."""
    root = tmp_path_factory.mktemp("publish")
    org, roles, processes = small_org_data()
    org_dir = write_org(root / "org", org, roles, processes)
    old_out, new_out = root / "old", root / "new"
    build(org_dir, old_out)
    edit_seller(org_dir)
    (org_dir / "assistant.yaml").unlink()
    build(org_dir, new_out)
    shutil.copytree(cache_of(new_out), cache_of(old_out), dirs_exist_ok=True)  # the killed build is quick
    return org_dir, old_out, snapshot(old_out), snapshot(new_out)


def run_killed(org_dir: Path, out: Path, when: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILLER, str(org_dir), str(out), when],
                          capture_output=True, text=True, timeout=300)


OURS = "a file that jobdesc does not own, in OUT: it is kept"


def staged_publish(old_out: Path, out: Path, limit: int, journal: bool) -> tuple[int, int]:
    """Publish the new build over a copy of the old OUT in a forked child that dies (os._exit,
    like kill -9: no cleanup, no finally) at its `limit`-th file step of the publish: every
    rename, exchange, link, unlink, mkdir and rmdir. Returns (its exit code, the steps it took)."""
    new_out = old_out.parent / "new"
    written = {part: [Path(p) for p in paths] for part, paths in
               json.loads((new_out / MANIFEST).read_text("utf-8")).items()}
    shutil.copytree(old_out, out, symlinks=True, ignore=shutil.ignore_patterns(CACHE_DIR))  # not needed here
    (out / "notes").mkdir()
    (out / "notes" / "ours.txt").write_text(OURS, "utf-8")  # a file jobdesc does not own: kept
    steps_file = out.parent.parent / f"steps-{out.parent.name}"
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 3
        try:
            if journal:
                jobdesc.build.exchange._RENAMEAT2 = None
            steps = [0]

            def counted(real):
                def step(*args, **kwargs):
                    steps[0] += 1
                    steps_file.write_text(str(steps[0]))
                    if steps[0] == limit:
                        os._exit(9)
                    return real(*args, **kwargs)
                return step

            with publishing(out) as staging:
                for paths in written.values():
                    for rel in paths:
                        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(new_out / rel, staging / rel)
                for name in ("replace", "rename", "link", "unlink", "rmdir", "mkdir", "symlink"):
                    setattr(os, name, counted(getattr(os, name)))
                publish_module.exchange = counted(publish_module.exchange)
                publish(staging, out, written)
            code = 0
        except BaseException:
            traceback.print_exc()  # shown with the test's failure
        finally:
            os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), int(steps_file.read_text())


def manifest_of(out: Path) -> dict:
    return json.loads((out / MANIFEST).read_text("utf-8"))


@pytest.mark.parametrize("journal", [False, True], ids=["exchange", "journal"])
def test_killed_at_every_step_of_the_publish(two_builds, tmp_path, journal):
    """One step (exchange): at every kill OUT is the whole old build or the whole new one,
    its manifest with it, and no staging is inside OUT. The journal (where OUT cannot be
    exchanged): no partial file at any kill, and the whole of one build once recovered."""
    _org_dir, old_out, old, new = two_builds
    assert old != new and set(old) != set(new)
    manifests = {"old": manifest_of(old_out), "new": manifest_of(old_out.parent / "new")}
    ours = {"notes/ours.txt": hashlib.sha256(OURS.encode("utf-8")).hexdigest()}
    old, new = {**old, **ours}, {**new, **ours}
    code, total = staged_publish(old_out, tmp_path / "probe" / "out", 10**6, journal)
    assert code == 0 and snapshot(tmp_path / "probe" / "out") == new
    assert total > len(new)  # every file's move, the links, the switch, the removals
    outcomes = set()
    for limit in range(1, total + 1):
        out = tmp_path / f"kill-{limit}" / "out"
        assert staged_publish(old_out, out, limit, journal)[0] == 9
        seen = snapshot(out)
        if journal:
            for name, digest in seen.items():  # no partial file, whatever the moment
                assert digest in (old.get(name), new.get(name)), (limit, name)
            recover(out)  # what the next build does first
            seen = snapshot(out)
        else:
            assert os.listdir(out / PUBLISH_DIR) == [LOCK], limit  # no staging inside OUT
        assert seen in (old, new), limit
        outcome = "new" if seen == new else "old"
        assert manifest_of(out) == manifests[outcome], limit
        outcomes.add(outcome)
        recover(out)
        assert os.listdir(out.parent) == ["out"], limit  # nothing left beside OUT
        assert snapshot(out) == seen
    assert outcomes == {"old", "new"}


@pytest.mark.parametrize("when", ["before", "after"])
def test_next_build_after_a_kill_publishes_the_whole_new_build(two_builds, tmp_path, run_cli, when):
    org_dir, old_out, old, new = two_builds
    out = tmp_path / "out"
    copy_build(old_out, out)
    assert run_killed(org_dir, out, when).returncode == 9
    assert snapshot(out) == (old if when == "before" else new)
    assert len(list(tmp_path.iterdir())) == 2  # the new tree, or the old one, beside OUT
    result = run_cli("build", org_dir, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert snapshot(out) == new
    assert os.listdir(out / PUBLISH_DIR) == [LOCK]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # nothing staged beside OUT


def test_second_build_waits_for_the_first(two_builds, tmp_path):
    org_dir, old_out, _old, new = two_builds
    out = tmp_path / "out"
    copy_build(old_out, out)
    with open(out / PUBLISH_DIR / LOCK, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # "the first build"
        second = subprocess.Popen([sys.executable, "-m", "jobdesc", "build", str(org_dir), "-o", str(out), "-j", "1"],
                                  stderr=subprocess.PIPE, text=True)
        with pytest.raises(subprocess.TimeoutExpired):
            second.wait(timeout=8)
        assert snapshot(out) != new  # it published nothing while waiting
    _out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert WAITING.format(out=out) in err
    assert snapshot(out) == new


def test_two_concurrent_builds_both_succeed(two_builds, tmp_path):
    org_dir, old_out, _old, new = two_builds
    out = tmp_path / "out"
    shutil.copytree(old_out, out)  # without its cache: both have work to do, and the first's prune must not hurt the second
    builds = [subprocess.Popen([sys.executable, "-m", "jobdesc", "build", str(org_dir), "-o", str(out), "-j", "1"],
                               stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(b.communicate(timeout=600)[1], b.returncode) for b in builds]
    assert [code for _err, code in results] == [0, 0], results
    assert sum(WAITING.format(out=out) in err for err, _code in results) == 1
    assert snapshot(out) == new


# Where OUT cannot be exchanged, the build publishes through the journal, and still succeeds.
LISTING = textwrap.dedent("""
    import json, os, subprocess, sys
    org_dir, out = sys.argv[1:3]
    done = subprocess.run([sys.executable, "-m", "jobdesc", "build", org_dir, "-o", out, "-j", "1"])
    print(json.dumps([done.returncode, sorted(os.listdir(out)), sorted(os.listdir(os.path.join(out, ".jobdesc-publish"))),
                      sorted(os.listdir(os.path.dirname(out)))]))
""")


def test_a_mounted_out_is_published_through_the_journal(two_builds, tmp_path):
    """A Docker volume or CI cache mounted as OUT cannot be renamed: the journal does it."""
    from test_gate import _in_own_mount

    org_dir, _old_out, _old, new = two_builds
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run([*_in_own_mount(out, "size=64m"), sys.executable, "-c", LISTING, str(org_dir), str(out)],
                          capture_output=True, text=True, timeout=300)
    code, names, publish_folder, beside = json.loads(done.stdout.splitlines()[-1])  # the mount is gone now
    assert code == 0, done.stderr  # an exchange of the mount point would have failed (EBUSY)
    assert {name.split("/")[0] for name in new} <= set(names)
    assert publish_folder == [LOCK] and beside == ["out"]


def test_a_build_run_from_inside_out_uses_the_journal(two_builds, tmp_path, run_cli, monkeypatch):
    """Exchanging OUT would leave the shell that started the build in the removed old tree."""
    org_dir, old_out, _old, new = two_builds
    out = tmp_path / "out"
    copy_build(old_out, out)
    assert jobdesc.build.exchange.why_not_exchangeable(out) is None
    monkeypatch.chdir(out / "jd")
    assert jobdesc.build.exchange.why_not_exchangeable(out) == "it holds the current folder"
    inode = os.stat(out).st_ino
    result = run_cli("build", org_dir, "-o", "..", "-j", "1")
    assert result.exit_code == 0, result.output
    assert os.stat(out).st_ino == inode and os.path.samefile(os.getcwd(), out / "jd")
    assert snapshot(out) == new and os.listdir(tmp_path) == ["out"]
