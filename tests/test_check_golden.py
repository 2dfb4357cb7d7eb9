"""Every broken organisation in tests/bad/ gives exactly the located messages in its golden file.

Each case directory is a valid organisation with one mistake (see its name). To accept a
deliberate change of wording, run with JOBDESC_UPDATE_GOLDEN=1 and review the diff.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

BAD = Path(__file__).parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())
GOLDEN = "expected.out"


def _run(run_cli, case_dir: Path, monkeypatch, *args: str) -> str:
    monkeypatch.chdir(case_dir)  # paths in messages are relative to where the user runs it
    result = run_cli("check", ".", *args)
    return f"{result.stdout}exit: {result.exit_code}\n"


@pytest.mark.parametrize("case", CASES)
def test_case_matches_golden(case, run_cli, monkeypatch):
    case_dir = BAD / case
    got = _run(run_cli, case_dir, monkeypatch)
    golden = case_dir / GOLDEN
    if os.environ.get("JOBDESC_UPDATE_GOLDEN"):
        golden.write_text(got, "utf-8")
    assert got == golden.read_text("utf-8")


@pytest.mark.parametrize("case", [c for c in CASES if not c.startswith("warn-")])
def test_error_cases_exit_1_with_located_errors(case, run_cli, monkeypatch):
    got = _run(run_cli, BAD / case, monkeypatch)
    assert got.endswith("exit: 1\n")
    error_lines = [line for line in got.splitlines() if ": error: " in line]
    assert error_lines, got
    for line in error_lines:
        path, line_no, col, *_ = line.split(":", 3)
        assert (BAD / case / path).exists() or path.endswith("org.yaml"), line
        assert int(line_no) >= 1 and int(col) >= 1


@pytest.mark.parametrize("case", [c for c in CASES if c.startswith("warn-")])
def test_warnings_pass_unless_strict(case, run_cli, monkeypatch):
    assert _run(run_cli, BAD / case, monkeypatch).endswith("exit: 0\n")
    strict = _run(run_cli, BAD / case, monkeypatch, "--strict")
    assert strict.endswith("exit: 1\n") and ": warning: " in strict


def test_every_rule_of_format_md_has_a_case():
    # FORMAT.md section 5, one case at least each; a missing directory fails here.
    required = {
        "yaml-syntax", "duplicate-key", "yaml-alias", "unknown-key", "missing-title", "wrong-type-budget",
        "bad-slug-department", "duplicate-role-id", "unknown-reports-to", "unknown-dotted-to", "unknown-extends",
        "extends-external", "unknown-department", "unknown-parent", "unknown-report-recipient",
        "unknown-raci-role", "reporting-cycle", "department-cycle", "extends-cycle", "filled-over-budget",
        "incumbents-count", "kpi-weights-sum", "raci-no-r", "raci-no-a", "raci-two-a", "four-eyes",
        "warn-empty-department", "warn-span-of-control",
        # approval tiers (审批权限): order, unit, reporting line, four eyes, a tier naming nothing, amounts
        "tiers-out-of-order", "tiers-missing-unit", "tiers-empty-unit", "tiers-down-reporting-line",
        "tiers-four-eyes", "tiers-unknown-role", "warn-tiers-self-approval", "tiers-amount-not-number",
        "tiers-amount-negative", "tiers-amount-nan", "tiers-amount-huge", "tiers-too-many",
        # concurrent posts, serves, report recipients, figures not stated (issue 16)
        "concurrent-not-marked", "concurrent-everywhere", "serves-own-department", "serves-unknown",
        "unknown-report-recipient-list", "warn-headcount-not-stated",
        # reports without a named recipient, department reports, meetings as written, KPI ranges (issue 30)
        "report-at-unknown-meeting", "report-to-empty-list", "department-report-unknown-from",
        "department-report-from-external", "department-report-unknown-recipient", "meeting-empty-attendees",
        "meeting-unknown-minutes", "meeting-wrong-period", "kpi-range-min-over-max", "kpi-range-not-number",
        "kpi-range-no-bound",
        # sign-off (issue 33): the ledger names what does not exist, a day to come, an entry twice
        "signoff-unknown-role", "signoff-unknown-person", "signoff-unknown-version", "signoff-future-date",
        "signoff-duplicate", "signoff-bad-date", "signoff-not-a-list", "warn-signoff-missing",
        # job architecture (issue 34): levels, families, paths, pay bands (never quoted)
        "level-unknown", "family-unknown", "level-range-two-ladders", "level-range-upside-down",
        "path-unknown-level", "level-duplicate", "pay-band-not-number", "warn-level-above-manager",
        "warn-pay-band-down", "warn-pay-band-overlap", "warn-level-missing",
    }
    assert required <= set(CASES)
