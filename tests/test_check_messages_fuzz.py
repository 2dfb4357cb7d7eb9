"""Property: every message `check` gives for hostile but plausible YAML is one located line.

The organisations generated here look like what HR commits (org.yaml, role files, a RACI
process) with mistakes put in: wrong types, mappings where lists belong, control characters
and newlines in values (quoted, and raw in the file), invisible Unicode, huge numbers, unknown
keys. For each one, in-process through the loader (thousands of cases in seconds):

* `check` never raises anything but UserError;
* every diagnostic is one line in all three formats (text, JSON, GitHub annotations);
* it points at a line and column that exist in a file of the organisation;
* it speaks the user's words, never a library's (`list[constrained-str]`, `Input should be`).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobdesc.errors import UserError
from jobdesc.format.loader import load_organisation
from message_checks import problems_with

HOSTILE_TEXT = ["", " ", "null", "~", "yes", "NO", "0", "-1", "1e999", "nan", ".inf", "-.inf",
                "99999999999999999999999999", "9:30", "2026-01-01", "a\nb", "第一行\n第二行", "x\ry",
                "x\x07y", "\x1b[31mred", "\t", "\u200b", "\u202eevil", "a\u2028b", "a\u2029b", "a\x85b",
                "\ufeff", "\ue000", "𠀀", "%0A", "100%", "::error::x", "a,b:c", "Bad Id", "manager",
                "seller", "sales", "coo", "销售经理", "长" * 3000, "daily", "true"]
RAW_INSERTS = ["\x07", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\r", "\n", "\t", "\ud800",
               "\ufffe", "\x9f"]

# A valid organisation using every field, so that a mistake can be put at any place in it.
BASE: dict[str, object] = {
    "org.yaml": {"organization": "测试营销中心",
                 "departments": [{"id": "marketing", "name": "营销中心", "parent": None,
                                  "duties": ["统筹营销"]},
                                 {"id": "sales", "name": "销售部", "parent": "marketing"}],
                 "handbook": {"title": "岗位说明书", "version": "1.0", "language": "zh-CN"},
                 "raci": {"labels": {"R": "负责", "A": "审批"}},
                 "external": [{"id": "coo", "title": "运营长"}]},
    "director.yaml": {"title": "营销总监", "department": "marketing", "reports_to": "coo",
                      "headcount": {"budget": 1, "filled": 1}, "duties": ["统筹营销中心全局工作"]},
    "manager.yaml": {"title": "销售经理", "external_title": "客户经理", "department": "sales",
                     "reports_to": "director", "dotted_to": ["coo"], "grade": "经理",
                     "headcount": {"budget": 2, "filled": 1}, "incumbents": ["张三"], "summary": "负责销售",
                     "duties": ["制定方案", {"text": "带领团队", "items": ["培训", {"text": "考核", "items": ["月度"]}]}],
                     "kpis": [{"name": "月度回款", "target": 300, "unit": "万元", "period": "monthly", "weight": 60},
                              {"name": "每日有效电话", "target": 20, "unit": "个", "period": "daily", "weight": 40}],
                     "qualifications": {"education": "大专", "skills": ["沟通"], "other": ["形象佳"]},
                     "authority": ["审批折扣"], "relations": {"internal": ["财务部"], "external": ["银行"]},
                     "reports": [{"name": "日报", "to": "director", "due": "每日"}],
                     "workflow": ["接待", {"text": "签约", "items": ["复核"]}]},
    "seller.yaml": {"title": "置业顾问", "department": "sales", "reports_to": "manager", "assistant": False,
                    "headcount": {"budget": 3, "filled": 2}, "incumbents": ["李四", "王五"],
                    "extends": "manager", "duties": ["接待来访客户"]},
    "processes/contract.yaml": {"name": "销售合同审批",
                                "activities": [{"name": "订立", "R": "seller", "A": "manager", "C": ["coo"],
                                                "I": "director", "four_eyes": True},
                                               {"name": "归档", "R": ["seller", "manager"], "A": ["director"]}]},
}

# What a value can wrongly be: drawn from fixed lists plus a little free text (cheap to generate,
# so thousands of cases stay fast); the variety comes from where in BASE they land.
HOSTILE_SHAPES = [None, True, 0, -1, 10**30, -10**30, 1.5, float("nan"), float("inf"), [], {}, [None],
                  ["a\nb"], [[["deep"]]], [{"text": "a\x07"}], {"a": 1}, {"text": {"items": 5}},
                  {"items": ["x"]}, [{"x\ny": "\u200b"}], {"R": ["seller", {"A": "manager"}]},
                  ["seller", {"a": [1]}], {"up_to": 5, "role": "manager"}, [{"role": "coo"}, {"up_to": "x"}],
                  ["manager", "manager"], [["seller"]], {"text": "", "items": []}, [""], ["Bad Id"]]
hostile = st.sampled_from(HOSTILE_TEXT) | st.sampled_from(HOSTILE_SHAPES) | st.text(max_size=6)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: a third of the time otherwise


def places(data: object, at: tuple = ()) -> list[tuple]:
    """Every path to a value inside `data`, the root included."""
    found = [at]
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for step, child in children:
        found += places(child, at + (step,))
    return found


def put(data: object, at: tuple, change: str, value: object, key: object) -> object:
    """A copy of `data` with the value at `at` replaced, given an extra key, wrapped or removed."""
    if at:
        copy = dict(data) if isinstance(data, dict) else list(data)
        inner = put(copy[at[0]], at[1:], change, value, key)
        if inner is _REMOVED:
            del copy[at[0]]
        else:
            copy[at[0]] = inner
        return copy
    if change == "replace":
        return value
    if change == "extra key":
        return {**data, key: value} if isinstance(data, dict) else {key: data}
    if change == "wrap":
        return [data] if isinstance(value, list) else {key: data}
    return _REMOVED


_REMOVED = object()
BASE_TEXT = {name: yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False) for name, data in BASE.items()}
CHANGES = ["replace", "replace", "extra key", "wrap", "remove"]


@st.composite
def organisation(draw) -> dict[str, str]:
    """BASE with one to three mistakes in one file, and sometimes a raw character put in its text."""
    name = draw(st.sampled_from(sorted(BASE)))
    data = BASE[name]
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.sampled_from(places(data)))
        key = draw(st.sampled_from(["note", "x\ny", "titel", "A", "\u200b", "销售"]))
        changed = put(data, at, draw(st.sampled_from(CHANGES)), draw(hostile), key)
        data = changed if changed is not _REMOVED else data
    source = yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False,
                       default_flow_style=draw(st.booleans()), width=60)
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(source)))
        source = source[:at] + draw(st.sampled_from(RAW_INSERTS)) + source[at:]
    return {name: source}


_ON_DISK: dict[Path, str] = {}


def write(root: Path, files: dict[str, str]) -> None:
    """Write the files that differ from what is there (rewriting a file costs ~1 ms here)."""
    for name, source in files.items():
        path = root / name
        if _ON_DISK.get(path) != source or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source, "utf-8", errors="surrogatepass")
            _ON_DISK[path] = source


def check_in_process(changed: dict[str, str], root: Path) -> list[str]:
    """Check BASE with the files in `changed` replaced (the others are the valid ones)."""
    write(root, {**BASE_TEXT, **changed})
    try:
        load_organisation(root)
    except UserError as exc:
        assert exc.diagnostics
        return problems_with(exc.diagnostics, root)
    return []


EXAMPLES = 2500


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory) -> Iterator[Path]:
    # Memory-backed where there is one: rewriting a file on this machine's disk takes ~3 ms
    # (ext4 flushes a truncated file), which alone would double the test's time.
    if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK):
        with tempfile.TemporaryDirectory(dir="/dev/shm") as directory:
            yield Path(directory)
    else:
        yield tmp_path_factory.mktemp("fuzz-org")


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(files=organisation())
def test_every_message_is_one_located_line_in_the_users_words(fuzz_root, files):
    assert check_in_process(files, fuzz_root) == []


def test_the_base_organisation_is_valid(tmp_path):
    # Otherwise every case would carry the same unrelated errors and test less than it seems.
    write(tmp_path, BASE_TEXT)
    organisation, warnings = load_organisation(tmp_path)
    assert len(organisation.roles) == 3 and not warnings
