"""Org chart geometry, without rendering: overlaps, ordering, assistants, connectors, paging."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from jobdesc.format.loader import load_organisation
from jobdesc.orgchart import build_chart
from jobdesc.orgchart.boxes import INNER_W, widest_line
from jobdesc.orgchart.chart import ChartStyle, lay_out_page
from jobdesc.orgchart.layout import Layout
from jobdesc.orgchart.style import MIN_SCALE
from jobdesc.orgchart.text import text_width, wrap
from jobdesc.orgchart.tree import chart_forest

from conftest import REPO, write_org

sys.path.insert(0, str(REPO))
from bench.generate import build_data  # noqa: E402


def _overlap(a, b, gap: float = 0.0) -> bool:
    return a.x < b.right + gap and b.x < a.right + gap and a.y < b.bottom + gap and b.y < a.bottom + gap


def assert_no_overlaps(lay: Layout) -> None:
    boxes = sorted(lay.boxes.values(), key=lambda b: b.x)
    for i, a in enumerate(boxes):  # sweep by x: only boxes starting before a ends can overlap it
        for b in boxes[i + 1:]:
            if b.x >= a.right:
                break
            assert not _overlap(a, b), f"{a.node.id} overlaps {b.node.id}"


def _on_edge(point, box) -> bool:
    x, y = point
    on_x = box.x - 0.01 <= x <= box.right + 0.01
    on_y = box.y - 0.01 <= y <= box.bottom + 0.01
    return (on_x and (abs(y - box.y) < 0.01 or abs(y - box.bottom) < 0.01)) or \
           (on_y and (abs(x - box.x) < 0.01 or abs(x - box.right) < 0.01))


def _segment_crosses(a, b, box) -> bool:
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    return x0 < box.right and x1 > box.x and y0 < box.bottom and y1 > box.y


def assert_connectors_sound(lay: Layout) -> None:
    for c in lay.connectors:
        src, dst = lay.boxes[c.source], lay.boxes[c.target]
        assert _on_edge(c.points[0], src), (c, "does not start on its source's edge")
        assert _on_edge(c.points[-1], dst), (c, "does not end on its target's edge")
        for a, b in zip(c.points, c.points[1:]):
            assert a[0] == b[0] or a[1] == b[1], f"{c} is not orthogonal"
        if c.kind == "dotted":
            for i, (a, b) in enumerate(zip(c.points, c.points[1:])):
                for box in lay.boxes.values():
                    if (box is src and i == 0) or (box is dst and i == len(c.points) - 2):
                        continue
                    assert not _segment_crosses(a, b, box), f"dotted {c.source}->{c.target} crosses {box.node.id}"


@pytest.fixture(scope="module")
def example_layout(example_org) -> Layout:
    return lay_out_page(chart_forest(example_org), ChartStyle.of(example_org))


def test_example_every_position_once_with_external_on_top(example_org, example_layout):
    assert set(example_layout.boxes) == set(example_org.roles) | {"coo"}
    coo, director = example_layout.boxes["coo"], example_layout.boxes["marketing-director"]
    assert coo.node.external and coo.content.state == "external"
    assert coo.bottom < director.y


def test_example_no_overlaps_and_children_below_parents(example_org, example_layout):
    assert_no_overlaps(example_layout)
    for role in example_org.roles.values():
        if role.reports_to in example_layout.boxes and not role.assistant:
            assert example_layout.boxes[role.id].y > example_layout.boxes[role.reports_to].bottom


def test_example_assistant_on_side_branch(example_layout):
    director = example_layout.boxes["marketing-director"]
    assistant = example_layout.boxes["director-assistant"]
    row = [b for b in example_layout.boxes.values() if b.node.id in
           {"sales-manager", "planning-manager", "customer-service-manager", "admin-supervisor"}]
    assert assistant.place == "assistant"
    assert director.bottom < assistant.y and assistant.bottom < min(b.y for b in row)  # between, not in the row
    assert assistant.x > director.cx  # beside the trunk
    line = next(c for c in example_layout.connectors if c.target == "director-assistant")
    assert line.points[-1][0] == assistant.x  # enters from the side


def test_example_connectors_end_on_edges_and_dotted_avoid_boxes(example_org, example_layout):
    assert_connectors_sound(example_layout)
    dotted = {(c.source, c.target) for c in example_layout.connectors if c.kind == "dotted"}
    assert dotted == {("sales-clerk", "sales-manager"), ("customer-service-supervisor", "sales-manager")}
    solid = {(c.source, c.target) for c in example_layout.connectors if c.kind == "solid"}
    for role in example_org.roles.values():
        assert (role.reports_to, role.id) in solid


def test_dotted_line_to_position_not_drawn_is_noted_in_box(example_layout):
    # mortgage-specialist has a dotted line to finance-manager, an external not on the chart
    texts = [line.text for line in example_layout.boxes["mortgage-specialist"].content.lines]
    assert any("财务部经理" in t for t in texts)


def test_text_fits_boxes(example_layout):
    for box in example_layout.boxes.values():
        assert widest_line(box.content) <= INNER_W + 0.01, box.node.id


def test_layout_is_deterministic(example_org, example_layout):
    again = lay_out_page(chart_forest(example_org), ChartStyle.of(example_org))
    assert again.boxes == example_layout.boxes and again.connectors == example_layout.connectors


def test_wrap_keeps_every_character_and_fits():
    text = "Senior Customer Relationship Manager（华东大区，含按揭及合同管理）Supercalifragilisticexpialidocious"
    lines = wrap(text, 10, 100, bold=True)
    assert len(lines) > 2
    assert all(text_width(line, 10, bold=True) <= 100 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.startswith(("，", "）")) for line in lines)


def _big_org(tmp_path: Path, n: int, language: str = "zh-CN") -> Path:
    """The shared synthetic organisation, plus assistants and dotted lines (which it lacks)."""
    org, roles, _processes = build_data(n, seed=3, language=language)
    ids = list(roles)
    for k, rid in enumerate(ids[60::37]):  # some dotted lines between positions in different branches
        roles[rid]["dotted_to"] = [ids[(k * 53 + 5) % len(ids)]] if ids[(k * 53 + 5) % len(ids)] != rid else []
    managers = {r["reports_to"] for r in roles.values()}
    for rid in ids[40::50]:  # childless positions become assistants of their manager
        if rid not in managers:
            roles[rid]["assistant"] = True
    return write_org(tmp_path / "big", org, roles)


@pytest.fixture(scope="module")
def big_org(tmp_path_factory):
    organisation, _ = load_organisation(_big_org(tmp_path_factory.mktemp("big"), 500))
    return organisation


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_big_org_splits_into_readable_pages_with_continuations(big_org, paper):
    chart = build_chart(big_org, paper)
    pages = {p.number: p for p in chart.pages}
    assert len(pages) > 2
    complete: set[str] = set()
    for page in chart.pages:
        assert page.scale >= MIN_SCALE, f"page {page.number} prints text below 7 pt"
        assert_no_overlaps(page.layout)
        assert_connectors_sound(page.layout)
        for box_id, target in page.plan.continues.items():
            box = page.layout.boxes[box_id]
            assert any(f"第 {target} 页" in mark.text for mark in box.content.marks)
            assert pages[target].plan.continued_from[box_id] == page.number
            back = pages[target].layout.boxes[box_id]
            assert any(f"第 {page.number} 页" in mark.text for mark in back.content.marks)
        complete |= {b for b in page.layout.boxes if b not in page.plan.continues}
    # every position is drawn, with its reports, somewhere
    assert set(big_org.roles) <= complete
    assert any(c.kind == "dotted" for p in chart.pages for c in p.layout.connectors)
    assert any(b.place == "assistant" for p in chart.pages for b in p.layout.boxes.values())


def test_wide_levels_fold_into_stacks(tmp_path):
    org = {"organization": "测试", "departments": [{"id": "d", "name": "部"}]}
    roles = {"boss": {"title": "总经理", "department": "d", "duties": ["管理"]}}
    roles.update({f"s{i}": {"title": f"专员{i}", "department": "d", "reports_to": "boss", "duties": ["执行"]}
                  for i in range(10)})
    organisation, _ = load_organisation(write_org(tmp_path / "o", org, roles))
    lay = lay_out_page(chart_forest(organisation), ChartStyle.of(organisation))
    stacked = [lay.boxes[f"s{i}"] for i in range(10)]
    assert all(b.place == "stack" for b in stacked)
    assert len({b.x for b in stacked}) == 2  # a two-sided spine: a left and a right column
    assert lay.width < 3 * 130  # instead of ten boxes in a row
    assert_no_overlaps(lay)
    assert_connectors_sound(lay)
