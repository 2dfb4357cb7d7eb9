"""Inputs the 10,000-input fuzz run (bench/fuzz_import.py, seed 35) found after issue 29's importer
landed: each made `import` write a role file without duties, which its own check refused (exit 2)."""
from __future__ import annotations

import random

import pytest
import yaml

from jobdesc.cli import main
from click.testing import CliRunner


def _import(tmp_path, text: str):
    source = tmp_path / "jd.txt"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(tmp_path / "draft")])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["check", str(tmp_path / "draft")]).exit_code == 0
    return {yaml.safe_load(p.read_text("utf-8"))["title"]: yaml.safe_load(p.read_text("utf-8"))
            for p in (tmp_path / "draft").rglob("*.yaml") if p.name != "org.yaml" and "title" in p.read_text("utf-8")}


def test_a_position_whose_only_duty_is_a_report_keeps_it_as_a_duty(tmp_path):
    roles = _import(tmp_path, "一、华美置业有限公司\n（一）营销总监岗位职责\n1、在总经理的领导下，全面负责营销中心的经营管理；\n"
                              "（二）置业顾问岗位职责\n1、每日上午10:00前向营销总监提交工作日报。\n")
    assert roles["置业顾问"]["duties"], roles["置业顾问"]


@pytest.mark.parametrize("index, kind", [(199, "regex-hostile"), (592, "glyphs"), (2062, "glyphs")])
def test_the_fuzz_runs_failing_inputs_now_import(index, kind, tmp_path):
    """The very inputs, made again from the run's seed: 199 held a line of 1,600 chapter marks,
    read as 1,600 dotted lines to one "superior", which filled the size limit and left the
    position no duty; 592 and 2062 a position whose only readable duty was a report."""
    from bench.fuzz_import_cases import Sources, case

    files = case(kind, random.Random(f"35:{index}"), Sources())
    paths = []
    for name, data in files:
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    result = CliRunner().invoke(main, ["import", *paths, "-o", str(tmp_path / "draft")])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["check", str(tmp_path / "draft")]).exit_code == 0
    for path in (tmp_path / "draft").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        dotted = data.get("dotted_to", []) if isinstance(data, dict) else []
        assert len(dotted) == len(set(dotted)), path
