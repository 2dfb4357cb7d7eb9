"""OUT/site/ (FORMAT.md section 9) read as files: every page, what the pages say, the search
index, escaping, determinism and the cache. The browser tests are in test_site_browser.py;
`jobdesc serve` is tested in test_site_serve.py."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, copy_example, small_org_data, write_org
from jobdesc.format.loader import load_organisation
from test_build import cache_of


def build_site(run_cli, directory: Path, out: Path) -> Path:
    result = run_cli("build", directory, "-o", out, "--only", "site")
    assert result.exit_code == 0, result.output
    return out / "site"


def search_rows(site: Path) -> list[list]:
    script = (site / "assets" / "search-index.js").read_text("utf-8")
    assert script.startswith("window.JOBDESC_SEARCH=") and script.endswith(";\n")
    return json.loads(script[len("window.JOBDESC_SEARCH="):-2])


def text_of(html: str) -> str:
    """The page's text, roughly as a reader sees it (tags dropped, entities of < > & undone)."""
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from jobdesc.cli import main

    out = tmp_path_factory.mktemp("site") / "out"
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "-o", str(out), "--only", "site"])
    assert result.exit_code == 0, result.output
    return out / "site"


def test_every_position_department_and_process_has_a_page(example_site):
    org, _ = load_organisation(EXAMPLE)
    for role in org.roles.values():
        page = (example_site / "jd" / f"{role.id}.html").read_text("utf-8")
        assert f"<h1 id=\"jd-title\">{role.title}" in page
    for dept in org.org.departments:
        assert dept.name in (example_site / "dept" / f"{dept.id}.html").read_text("utf-8")
    for process_id, process in org.processes.items():
        assert process.name in (example_site / "process" / f"{process_id}.html").read_text("utf-8")
    index = (example_site / "index.html").read_text("utf-8")
    for role in org.roles.values():
        assert f'href="jd/{role.id}.html"' in index
    for name in ("staffing.html", "authority.html", "chart.html", "assets/site.js", "assets/site.css"):
        assert (example_site / name).is_file()
    # --only site publishes the site alone
    assert not (example_site.parent / "jd").exists() and not (example_site.parent / "handbook.pdf").exists()


def test_links_between_pages_all_resolve(example_site):
    """Every relative href/src of every page names a file of the site (so file:// works), and
    nothing a page loads (scripts, styles, pictures) comes from elsewhere; only a chapter's own
    links may point to a web address (followed when clicked, never fetched)."""
    broken = []
    for page in example_site.rglob("*.html"):
        html = page.read_text("utf-8")
        for target in re.findall(r'(?:src|<link [^>]*href)="([^"]+)', html):
            assert not target.startswith(("http:", "https:", "//", "/")), f"{page}: {target}"
        for target in re.findall(r'(?:href|src)="([^"#]+)', html):
            if target.startswith(("https://", "http://", "mailto:", "data:image/")):
                assert page.parent.name == "chapter" or target.startswith("data:"), f"{page}: {target}"
                continue
            if not (page.parent / target).resolve().is_file():
                broken.append(f"{page.relative_to(example_site)} -> {target}")
    assert broken == []


def test_position_page_is_the_whole_job_description(example_site):
    page = (example_site / "jd" / "marketing-director.html").read_text("utf-8")
    text = text_of(page)
    for expected in ("岗位职责", "考核指标", "任职资格", "流程职责（RACI）", "审批权限", "王曦虹",
                     "300–1,000 万元", "≤ 5,000 元"):
        assert expected in text, expected
    page = (example_site / "jd" / "sales-supervisor-1.html").read_text("utf-8")
    # its place in the chart: the path to the top, and a link that traces it on the chart
    trail = re.search(r'<nav class="trail"[^>]*>(.*?)</nav>', page, re.S).group(1)
    assert text_of(trail).split() == ["运营长", "营销总监", "销售经理", "销售组长", "销售主管"]
    assert 'href="../chart.html#sales-supervisor-1"' in page


def test_chart_has_a_box_link_and_a_parent_for_every_position(example_site):
    org, _ = load_organisation(EXAMPLE)
    chart = (example_site / "chart.html").read_text("utf-8")
    for role in org.roles.values():
        assert f'data-id="{role.id}"' in chart
        assert f'href="jd/{role.id}.html"' in chart
        if role.reports_to:
            assert re.search(rf'data-id="{role.id}" data-title="[^"]*" data-parent="{role.reports_to}"', chart)
    assert '<title id="chart-title">' in chart and '<desc id="chart-desc">' in chart
    assert chart.count('class="toggle"') == len({r.reports_to for r in org.roles.values() if r.reports_to})


def test_staffing_page_totals_match_the_organisation(example_site):
    org, _ = load_organisation(EXAMPLE)
    total = org.grand_total()
    page = (example_site / "staffing.html").read_text("utf-8")
    foot = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S).group(1)
    assert re.findall(r'num-col">(\d+)<', foot) == [str(total.budget), str(total.filled), str(total.vacant)]


def test_search_index_has_titles_people_duties_and_pinyin(example_site):
    rows = search_rows(example_site)
    by_title = {row[2]: row for row in rows if row[1] == "岗位"}
    manager = by_title["销售经理"]
    assert manager[0] == "jd/sales-manager.html"
    assert "陈立明" in manager[4]
    assert "制定阶段性销售方案" in manager[5]
    assert "xsjl:xiaoshoujingli" in manager[6].split()
    assert "clm:chenliming" in manager[6].split()  # the incumbent's initials
    assert any(row[1] == "部门" for row in rows) and any(row[1] == "流程" for row in rows)


def test_hostile_text_is_escaped_everywhere(tmp_path, run_cli):
    org, roles, processes = small_org_data()
    org["departments"][0]["name"] = '"><svg onload=alert(2)>'
    roles["manager"]["title"] = "<script>alert(1)</script>"
    roles["seller"]["incumbents"] = ["<img src=x onerror=alert(3)>", "李四"]
    roles["seller"]["duties"] = ["</script><script>alert(4)</script>"]
    site = build_site(run_cli, write_org(tmp_path / "org", org, roles, processes), tmp_path / "out")
    for path in site.rglob("*"):
        if path.suffix in (".html", ".js"):
            data = path.read_text("utf-8")
            for raw in ("<script>alert", "<img src=x", "<svg onload", "</script><script>"):
                assert raw not in data, f"{path.name} holds {raw!r}"
    page = (site / "jd" / "manager.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    rows = search_rows(site)
    assert "<script>alert(1)</script>" in [row[2] for row in rows]  # the data says what was typed


def test_build_is_deterministic_and_a_rebuild_comes_from_the_cache(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    one = build_site(run_cli, EXAMPLE, tmp_path / "one")
    two = build_site(run_cli, EXAMPLE, tmp_path / "two")
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    cached = list(cache_of(tmp_path / "one").rglob("*"))
    assert any("site-page" in str(p) for p in cached) and any("site-chart" in str(p) for p in cached)
    again = build_site(run_cli, EXAMPLE, tmp_path / "one")
    assert all((one / f).read_bytes() == (again / f).read_bytes() for f in files)


def test_an_edit_shows_on_the_rebuilt_pages(tmp_path, run_cli):
    roles = copy_example(tmp_path)
    site = build_site(run_cli, roles, tmp_path / "out")
    path = roles / "sales" / "sales-manager.yaml"
    path.write_text(path.read_text("utf-8").replace("title: 销售经理", "title: 销售总经理"), "utf-8")
    site = build_site(run_cli, roles, tmp_path / "out")
    assert "销售总经理" in (site / "jd" / "sales-manager.html").read_text("utf-8")
    assert "销售总经理" in (site / "jd" / "sales-supervisor-1.html").read_text("utf-8")  # its path to the top
    assert 'data-title="销售总经理"' in (site / "chart.html").read_text("utf-8")
    assert "xszjl:xiaoshouzongjingli" in (site / "assets" / "search-index.js").read_text("utf-8")


def test_english_edition_labels(tmp_path, run_cli):
    org, roles, processes = small_org_data("en")
    site = build_site(run_cli, write_org(tmp_path / "org", org, roles, processes), tmp_path / "out")
    page = (site / "jd" / "manager.html").read_text("utf-8")
    assert '<html lang="en">' in page and "Duties" in page and "Show in the chart" in page


def test_a_broken_site_template_is_a_located_error(tmp_path, run_cli):
    roles = copy_example(tmp_path)
    templates = tmp_path / "templates" / "site"
    templates.mkdir(parents=True)
    (templates / "position.html").write_text('{% extends "site/base.html" %}{% block main %}{{ jd.nope }}'
                                             "{% endblock %}", "utf-8")
    result = run_cli("build", roles, "-o", tmp_path / "out", "--only", "site")
    assert result.exit_code == 1
    assert re.search(r"templates/site/position\.html:1:1: error: template error", result.output)
    assert not (tmp_path / "out" / "site").exists()
    shutil.rmtree(templates)


def test_a_deleted_position_loses_its_page(tmp_path, run_cli):
    """Published like every output (staging, then all or nothing): a removed role's page goes."""
    roles = copy_example(tmp_path)
    site = build_site(run_cli, roles, tmp_path / "out")
    assert (site / "jd" / "market-specialist.html").is_file()
    (roles / "planning" / "market-specialist.yaml").unlink()
    site = build_site(run_cli, roles, tmp_path / "out")
    assert not (site / "jd" / "market-specialist.html").exists()
    assert "market-specialist" not in (site / "chart.html").read_text("utf-8")
    assert not list((tmp_path / "out").glob(".jobdesc-publish/*/site"))  # no staging left behind


def test_meeting_and_chapter_pages(example_site):
    org, _ = load_organisation(EXAMPLE)
    assert org.meetings and org.chapters
    index = (example_site / "index.html").read_text("utf-8")
    assert '<h2 id="h-meetings">' in index and '<h2 id="h-chapters">' in index
    assert "meeting/" not in index.split("</title>")[0]
    for meeting_id, meeting in org.meetings.items():
        page = text_of((example_site / "meeting" / f"{meeting_id}.html").read_text("utf-8"))
        assert meeting.name in page and org.title_of(meeting.chair) in page
        assert all(item in page for item in meeting.agenda)
        assert f'href="meeting/{meeting_id}.html"' in index
    for chapter in org.chapters:
        page = (example_site / "chapter" / f"{chapter.anchor}.html").read_text("utf-8")
        assert f'<h1 id="chapter-title">{chapter.title}</h1>' in page
        assert f'href="chapter/{chapter.anchor}.html"' in index
    chair = next(iter(org.meetings.values())).chair
    assert 'href="../meeting/' in (example_site / "jd" / f"{chair}.html").read_text("utf-8")
    kinds = {row[1] for row in search_rows(example_site)}
    assert {"会议", "制度"} <= kinds
