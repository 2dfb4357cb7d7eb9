"""`jobdesc roster` reads the roster in a forked child while the organisation loads (roster/aside.py):
the caller gets what reading in its own process gives (the rows, the same errors, the same
exception), the organisation's errors win over the roster's, and no child is left behind."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from jobdesc.errors import UserError
from jobdesc.roster import aside, compare_roster
from jobdesc.roster.reading import read_roster

from conftest import EXAMPLE
from roster_people import table, write_csv, write_xlsx


@pytest.fixture
def children(monkeypatch) -> list[int]:
    """The pids of the children forked here."""
    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(aside.os, "fork", fork)
    return forked


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped already: not our child any more
    return False


@pytest.mark.parametrize("shape", ["csv", "xlsx"])
def test_the_roster_read_aside_is_the_roster_read_here(shape, tmp_path, children):
    header, rows = table()
    write = write_csv if shape == "csv" else write_xlsx
    path = write(tmp_path / f"roster.{shape}", header, rows)
    with aside.roster_read_aside(path, {}) as roster:
        assert roster() == read_roster(path, {})
    assert len(children) == 1 and _gone(children[0])


def test_the_roster_errors_come_back_located(tmp_path, children):
    path = write_csv(tmp_path / "roster.csv", ["电话", "备注"], [["13900000000", "无"]])
    with pytest.raises(UserError) as here:
        read_roster(path, {})
    with pytest.raises(UserError) as caught, aside.roster_read_aside(path, {}) as roster:
        roster()
    assert [d.format() for d in caught.value.diagnostics] == [d.format() for d in here.value.diagnostics]
    assert _gone(children[0])


def test_a_broken_organisation_wins_and_the_reader_is_stopped(tmp_path, children):
    directory = tmp_path / "roles"
    shutil.copytree(EXAMPLE, directory)
    (directory / "org.yaml").write_text("name: [\n", encoding="utf-8")
    path = write_csv(tmp_path / "roster.csv", ["电话", "备注"], [["13900000000", "无"]])  # broken too
    with pytest.raises(UserError) as caught:
        compare_roster(path, directory, {})
    assert {Path(d.file).name for d in caught.value.diagnostics} == {"org.yaml"}
    assert len(children) == 1 and _gone(children[0])


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("not picklable")


@pytest.mark.parametrize("raised, expected", [
    (ValueError("a bug in the reader"), (ValueError, "a bug in the reader")),
    (_Unpicklable("a bug that cannot travel"), (RuntimeError, "_Unpicklable: a bug that cannot travel")),
])
def test_a_bug_in_the_reader_reaches_the_caller(raised, expected, tmp_path, monkeypatch, children):
    def read(_file, _columns):
        raise raised

    monkeypatch.setattr(aside, "read_roster", read)  # the child is a fork: it reads with this too
    with pytest.raises(expected[0]) as caught, aside.roster_read_aside(tmp_path / "x.csv", {}) as roster:
        roster()
    assert str(caught.value) == expected[1]
    assert _gone(children[0])
