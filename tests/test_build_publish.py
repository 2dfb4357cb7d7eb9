"""Issue 13 items 4 and 5: a build killed at any move leaves no partial file in OUT, and once
the next build has started OUT holds the whole old build or the whole new one; a second
build into one OUT waits for the first."""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jobdesc.build.publish import LOCK, PUBLISH_DIR, WAITING, recover
from jobdesc.cache import CACHE_DIR

from conftest import small_org_data, write_org
from test_build import build, cache_of, copy_build, edit_seller, snapshot

# Runs a build in a child that dies (os._exit, like kill -9: no cleanup) at its Nth rename
# or delete of a file in OUT outside the cache.
KILLER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    out, limit = sys.argv[2], int(sys.argv[3])
    count = [0]
    def counted(real):
        def wrapper(*args, **kwargs):
            target = str(args[-1] if real is os.replace else args[0])
            if target.startswith(out) and "%s" not in target:
                count[0] += 1
                if count[0] == limit:
                    os._exit(9)
            return real(*args, **kwargs)
        return wrapper
    os.replace, os.unlink = counted(os.replace), counted(os.unlink)
    from jobdesc.build import BuildOptions, run_build
    from jobdesc.loader import load_organisation
    run_build(load_organisation(Path(sys.argv[1]))[0], Path(out), BuildOptions(jobs=1))
    print("moves", count[0])
""" % CACHE_DIR)


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


def run_killed(org_dir: Path, out: Path, limit: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILLER, str(org_dir), str(out), str(limit)],
                          capture_output=True, text=True, timeout=300)


def test_killed_at_every_move_old_or_new_whole(two_builds, tmp_path):
    org_dir, old_out, old, new = two_builds
    assert old != new and set(old) != set(new)
    out = tmp_path / "probe"
    copy_build(old_out, out)
    done = run_killed(org_dir, out, 10**6)
    assert done.returncode == 0, done.stderr
    total = int(done.stdout.split()[-1])
    assert total > len(new)  # every file's move, the stale deletions, the manifest
    outcomes = set()
    for limit in range(1, total + 1):
        out = tmp_path / f"kill-{limit}"
        copy_build(old_out, out)
        assert run_killed(org_dir, out, limit).returncode == 9
        for name, digest in snapshot(out).items():  # no partial file, whatever the moment
            assert digest in (old.get(name), new.get(name)), (limit, name)
        recover(out)  # what the next build does first
        after = snapshot(out)
        assert after in (old, new), limit
        outcomes.add("new" if after == new else "old")
        assert not list((out / PUBLISH_DIR).glob("staging-*"))
    assert outcomes == {"old", "new"}


def test_next_build_after_a_kill_publishes_the_whole_new_build(two_builds, tmp_path, run_cli):
    org_dir, old_out, _old, new = two_builds
    out = tmp_path / "out"
    copy_build(old_out, out)
    assert run_killed(org_dir, out, 3).returncode == 9
    result = run_cli("build", org_dir, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert snapshot(out) == new
    assert not list((out / PUBLISH_DIR).glob("staging-*"))
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
