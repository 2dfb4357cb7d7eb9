"""Characters that cannot be printed (no glyph) or stored in Word (control characters) stop the build."""
from __future__ import annotations

import json
from pathlib import Path

from jobdesc.textcheck import FontFace, coverage, find_face, walk_strings
from jobdesc.format.yaml_reader import load_yaml
from test_jd_support import small_org


def _build_fails(run_cli, org_dir: Path, out: Path):
    out.mkdir(parents=True, exist_ok=True)
    (out / "previous.txt").write_text("an earlier build", "utf-8")
    result = run_cli("build", org_dir, "-o", out)
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == ["previous.txt"]  # OUT untouched
    assert not list(out.parent.glob(".jobdesc-staging-*"))
    return result.output


def test_private_use_and_ext_g_characters_stop_the_build(tmp_path, run_cli):
    org_dir = small_org(tmp_path, manager={"duties": ["制定销售计划", "核对\ue000台账"],
                                           "summary": "负责\U00030000面馆的销售"})
    output = _build_fails(run_cli, org_dir, tmp_path / "out")
    lines = [line for line in output.splitlines() if "error:" in line]
    manager = [line for line in lines if "manager.yaml" in line]
    assert any("U+E000" in line and "duties[1]" in line and "private-use" in line for line in manager), output
    assert any("U+30000" in line and "summary" in line for line in manager), output
    duty_line = next(line for line in manager if "U+E000" in line)
    text = (org_dir / "manager.yaml").read_text("utf-8").splitlines()
    line_number = int(duty_line.split(":")[1])
    assert "\ue000" in text[line_number - 1]  # file:line points at the value


def test_control_characters_are_errors_with_their_field(tmp_path, run_cli):
    org_dir = small_org(tmp_path)
    (org_dir / "seller.yaml").write_text(
        'title: 置业顾问\ndepartment: sales\nreports_to: manager\n'
        'summary: "接待\\v来访客户\\a"\nduties:\n  - "带看\\t样板房"\n', "utf-8")
    output = _build_fails(run_cli, org_dir, tmp_path / "out")
    assert "seller.yaml:4:10: error: summary: U+000B is a control character" in output
    assert "U+0007" in output
    assert "U+0009" not in output  # a tab is fine


def test_walk_strings_gives_field_paths_and_positions(tmp_path):
    path = tmp_path / "role.yaml"
    path.write_text("title: 经理\nduties:\n  - 一\n  - text: 二\n    items: [三]\nkpis:\n  - name: 指标\n", "utf-8")
    found = [(field, text, (mark.line, mark.column)) for field, text, mark in walk_strings(load_yaml(path).data)]
    assert found == [("title", "经理", (1, 8)), ("duties[0]", "一", (3, 5)), ("duties[1].text", "二", (4, 11)),
                     ("duties[1].items[0]", "三", (5, 13)), ("kpis[0].name", "指标", (7, 11))]


def test_font_coverage_is_cached_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    face = find_face("Noto Sans")
    assert face is not None and face.family == "Noto Sans"
    points = coverage.__wrapped__(face)
    cached = list((tmp_path / "jobdesc").glob("cmap-*.json"))
    assert len(cached) == 1 and ord("A") in points and 0xE000 not in points
    # The cache is what a second build reads: a tampered entry with the right key is believed…
    data = json.loads(cached[0].read_text("utf-8"))
    data["ranges"] = [[65, 65]]
    cached[0].write_text(json.dumps(data), "utf-8")
    assert coverage.__wrapped__(face) == frozenset({65})
    # …and an entry for another font version is not.
    data["key"] = "stale"
    cached[0].write_text(json.dumps(data), "utf-8")
    assert coverage.__wrapped__(face) == points


def test_missing_font_family_is_not_mistaken_for_a_substitute():
    assert find_face("No Such Font Family 12345") is None
    assert isinstance(find_face("Noto Sans CJK TC"), FontFace)
