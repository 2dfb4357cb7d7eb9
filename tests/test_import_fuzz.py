"""Issue 35, point 5: a fixed-seed sample of bench/fuzz_import.py's hostile import inputs (zip
tricks, XML bombs, deep nesting, encodings, long lines, regex-hostile text, undrawable characters,
flipped and truncated bytes, staffing tables). Every import exits 0 or 1, none is killed at the
(generous) limit or burns over 10 s of CPU, and every draft written passes `check`.

The jobdesc-written Word kind uses python-docx documents here (building the roles to Word takes
a minute); bench/fuzz_import.py builds them and runs 10,000 inputs."""
from __future__ import annotations

from bench.fuzz_import import HANG, run, table

INPUTS = 150
KILL_SECONDS = 60  # wall clock, only to stop a hang on a loaded machine; CPU time is what is asserted


def test_hostile_imports_end_in_exit_0_or_1_and_drafts_pass_check():
    results = run(INPUTS, seed=35, jobs=1, kill=KILL_SECONDS)
    summary = table(results, KILL_SECONDS)
    assert len(results) == INPUTS, summary
    assert [r for r in results if r["code"] not in (0, 1)] == [], summary
    assert [r for r in results if r["code"] == HANG or r["cpu"] > 10] == [], summary
    assert [r for r in results if r["check"] not in (None, 0)] == [], summary
    assert {r["kind"] for r in results} >= {"zip-trick", "xml-bomb", "deep-nesting", "glyphs", "regex-hostile"}
