"""Issue 29 on the real seeds: the imported organisation, not only its duty lists — every
stated reporting line and headcount of seed 001, one tree per article, every line of the seeds
somewhere in the draft, and a draft that checks and builds."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import corpus_score
from line_accounting import noise_and_todo_overlap, noise_of, unaccounted
from test_import import EXPECTATIONS, SEED_FILES, needs_seeds
from jobdesc.cli import main
from jobdesc.importer import import_documents
from jobdesc.importer.reading import read_lines

# Lines whose words are not yet anywhere in the draft (can only fall). Seed 000 line 13: a
# heading glued to the duty before it (the check cannot split "…对接处理工作客服专员"; the words
# are there). Seed 002: its staffing table's rows (lines 14, 16: point 5 of the issue, not done)
# (a mojibake fragment before a 职位名称: label is a flagged TODO now). 001 and 003: none.
UNACCOUNTED_AT_MOST = {"000": 1, "001": 0, "002": 2, "003": 0}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    results = {}
    for seed, path in SEED_FILES.items():
        out = tmp_path_factory.mktemp(f"org{seed}") / "roles"
        results[seed] = (path, import_documents([path], out), out)
    return results


def _roles(out: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in out.glob("*.yaml") if p.name != "org.yaml"}


def _source_line(out: Path, role_id: str) -> int:
    first = next(l for l in (out / f"{role_id}.yaml").read_text(encoding="utf-8").splitlines() if l.startswith("# 来源："))
    return int(first.rsplit(":", 1)[1])


def _tsv(name: str) -> list[list[str]]:
    return [line.split("\t") for line in (EXPECTATIONS / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@needs_seeds
@pytest.mark.parametrize("seed", ["000", "001", "002", "003"])
def test_every_line_of_the_seed_is_somewhere(seeds, seed):
    path, report, out = seeds[seed]
    missing = unaccounted(read_lines(path), out, noise_of(report, path.name))
    assert len(missing) <= UNACCOUNTED_AT_MOST[seed], missing
    assert noise_and_todo_overlap(report) == []


@pytest.mark.parametrize("document", [p.stem for p in corpus_score.documents()])
def test_every_line_of_a_corpus_document_is_somewhere(document, tmp_path):
    path = next(p for p in corpus_score.documents() if p.stem == document)
    source = corpus_score._source(path, tmp_path)
    report = import_documents([source], tmp_path / "out")
    assert unaccounted(read_lines(source), tmp_path / "out", noise_of(report, source.name)) == []
    assert noise_and_todo_overlap(report) == []


def test_the_line_check_can_fail(tmp_path):
    source = tmp_path / "jd.txt"
    source.write_text("前台岗位职责\n1、接待来访客人\n2、收发信件\n", encoding="utf-8")
    import_documents([source], tmp_path / "out")
    role = tmp_path / "out" / "qian-tai.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("收发信件", "收发"), encoding="utf-8")
    assert unaccounted(read_lines(source), tmp_path / "out", set()) == [(3, "2、收发信件")]


def _titles(out: Path) -> dict[str, str]:
    org = yaml.safe_load((out / "org.yaml").read_text(encoding="utf-8"))
    titles = {e["id"]: e["title"] for e in org.get("external") or []}
    titles.update({rid: r["title"] for rid, r in _roles(out).items()})
    return titles


@needs_seeds
def test_seed_001_every_stated_reporting_line(seeds):
    _, report, out = seeds["001"]
    titles = _titles(out)
    by_line = {_source_line(out, rid): (rid, role) for rid, role in _roles(out).items()}
    wrong = []
    for line, title, superior in _tsv("001-superiors.tsv"):
        rid, role = by_line[int(line)]
        text = (out / f"{rid}.yaml").read_text(encoding="utf-8")
        if role["title"] != title or titles.get(role.get("reports_to")) != superior or "按职级推定" in text:
            wrong.append((line, title, superior, titles.get(role.get("reports_to"))))
    assert wrong == []
    assert report.stated_superiors >= len(_tsv("001-superiors.tsv"))


@needs_seeds
def test_seed_001_headcounts_are_the_stated_ones_and_no_other(seeds):
    _, _, out = seeds["001"]
    got = {(_source_line(out, rid), role["title"], role["headcount"]["budget"])
           for rid, role in _roles(out).items() if "headcount" in role}
    assert got == {(int(line), title, int(budget)) for line, title, budget in _tsv("001-headcounts.tsv")}


@needs_seeds
def test_seed_001_one_department_per_article_and_no_invented_superior(seeds):
    """Each article is one department under one top; a position whose text states no superior
    keeps reports_to empty (the chart and its JD print none) and its TODO suggests one."""
    _, report, out = seeds["001"]
    org = yaml.safe_load((out / "org.yaml").read_text(encoding="utf-8"))
    roles = _roles(out)
    article = corpus_score._articles(org)
    top = [d for d in org["departments"] if not d.get("parent")]
    assert len(top) == 1 and len({article[d] for d in article} - {top[0]["id"]}) == 18  # articles 1-14, 17-20
    assert all(article[r["department"]] != top[0]["id"] for r in roles.values())
    stated = {int(line) for line, _, _ in _tsv("001-superiors.tsv")}
    suggested = []
    for rid, role in roles.items():
        text = (out / f"{rid}.yaml").read_text(encoding="utf-8")
        if "按职级推定" in text:
            suggested.append(rid)
            assert "reports_to" not in role, f"{rid}: a superior the seed does not state was written"
            assert _source_line(out, rid) not in stated
    assert len(suggested) == report.suggested_superiors > 0


@needs_seeds
def test_seed_001_department_duties_stay_in_their_article(seeds):
    _, _, out = seeds["001"]
    text = (out / "org.yaml").read_text(encoding="utf-8")
    org = yaml.safe_load(text)
    assert all(len(d.get("duties") or []) < 25 for d in org["departments"])  # was one 销售部 with 55
    names = [d["name"] for d in org["departments"]]
    assert "市场部（第12篇）" in names and len(names) == len(set(names))


@needs_seeds
def test_seed_001_reports_owed(seeds):
    _, _, out = seeds["001"]
    roles = _roles(out)
    titles = _titles(out)
    owed = [(rid, r["to"], r["name"]) for rid, role in roles.items() for r in role.get("reports") or []]
    assert ("zhi-ye-gu-wen-2", "xiao-shou-zhu-guan-2", "个人工作总结") in owed
    assert [titles[to] for rid, to, name in owed if (rid, name) == ("xiao-shou-jing-li", "前一日工作和当日工作安排")] \
        == ["总经理"]
    # each organisation of the collection has its own 总经理 (one box per company on the chart)
    assert sorted(titles[r["reports_to"]] for r in roles.values() if r.get("reports_to", "").startswith("zong-jing-li")) \
        == ["总经理"] * 7  # articles 3 (公司总经理), 5, 6, 10, 14, 17, 18
    assert len(owed) >= 2
    # 向部门经理提交 in an article without a 部门经理: a TODO naming the words, no guess
    assert "写了汇报对象“部门经理”" in (out / "xiao-shou-zhu-guan.yaml").read_text(encoding="utf-8")


@needs_seeds
@pytest.mark.parametrize("seed", ["001", "002"])
def test_seed_draft_checks_and_builds_its_chart(seeds, seed, tmp_path):
    _, _, out = seeds[seed]
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(out)]).exit_code == 0
    result = runner.invoke(main, ["build", str(out), "-o", str(tmp_path / "b"), "--only", "orgchart,staffing"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "orgchart.svg").stat().st_size > 0


@needs_seeds
def test_seed_001_rules_are_chapters_and_its_meetings_files(seeds):
    _, report, out = seeds["001"]
    titles = [next(l for l in p.read_text(encoding="utf-8").splitlines() if l.startswith("# "))[2:]
              for p in sorted((out / "chapters").glob("*.md"))]
    assert titles == ["客户档案管理制度", "销售工作例会制度", "销售合同管理制度", "销售人员工作规范", "销售部礼仪规范",
                      "销售部人员职业道德", "销售部人员劳动合同"]
    meetings = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (out / "meetings").glob("*.yaml")}
    from_rules = {m["name"]: (m["period"], m["chair"]) for p, m in meetings.items()
                  if "（销售工作例会制度）" in (out / "meetings" / f"{p}.yaml").read_text(encoding="utf-8")}
    assert from_rules == {"每日例会": ("daily", "bu-men-jing-li"), "每周例会": ("ten-day", "bu-men-jing-li")}
    assert "xiao-shou-bu-di-14-pian" in meetings["mei-ri-li-hui"]["attendees"]  # 销售部全体人员: its article's
    assert "按此填写" in (out / "meetings" / "mei-ri-li-hui.yaml").read_text(encoding="utf-8")  # 销售部经理 → 部门经理, said


def _meeting_from_line(out: Path, line: int, name: str) -> dict:
    for path in (out / "meetings").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        if f".txt:{line}（" in text.splitlines()[1] and data["name"] == name:
            return data
    raise AssertionError(f"no meeting {name} from line {line}")


@needs_seeds
def test_seed_001_meetings_named_in_duties_state_only_what_the_duty_says(seeds):
    """Issue 29 (1): 主持周会和每日例会, 参加例会, 组织召开日会、周会、月底总结会 are meetings; the
    position chairs or attends as its duty says, and nothing else is written (no invented chair,
    attendee or time); a meeting whose cadence is not stated is a TODO, not a file."""
    _, _, out = seeds["001"]
    assert len(list((out / "meetings").glob("*.yaml"))) >= 10
    assert _meeting_from_line(out, 2481, "周会") == {"name": "周会", "period": "weekly", "chair": "xiang-mu-zhu-guan"}
    assert _meeting_from_line(out, 2481, "每日例会")["chair"] == "xiang-mu-zhu-guan"
    assert _meeting_from_line(out, 37, "例会") == {"name": "例会", "period": "regular", "attendees": ["fu-bu-zhang"]}
    assert [_meeting_from_line(out, 341, n)["period"] for n in ("日会", "周会", "月底总结会")] == ["daily", "weekly", "monthly"]
    assert _meeting_from_line(out, 1539, "月初销售会议") == {"name": "月初销售会议", "period": "monthly",
                                                            "attendees": ["ye-wu-yuan-ye-wu-zhu-guan"]}
    assert "chair" not in _meeting_from_line(out, 1357, "小组例会")  # 负责检查小组例会: checks it, does not chair it
    assert "chair" not in _meeting_from_line(out, 495, "业务会议")  # 协助经理召开: no one 经理 in the article
    org = (out / "org.yaml").read_text(encoding="utf-8")
    assert "会议“区域经销商会议”未生成 meetings 文件：原文未写明周期" in org


@needs_seeds
def test_seed_001_reports_from_the_phrase_table(seeds):
    """Issue 29 (1): …并上报主管, 以书面形式报公司销售部长, 随时向上级反馈 are reports of the position;
    a duty that says more stays a duty; a recipient that names no post is a TODO naming the words."""
    _, _, out = seeds["001"]
    roles = _roles(out)
    entries = [(rid, r["name"], r["to"] if isinstance(r["to"], str) else tuple(r["to"]))
               for rid, role in roles.items() for r in role.get("reports") or []]
    # 2 before issue 29's phrase table; of 28 report phrases in positions, 12 name no post (公司, 领导,
    # 公司领导, or 上级 of a position whose superior is not stated): TODOs naming the words
    assert len(entries) >= 14  # (递交所属项目经理审核, 上交售楼经理审核: approval steps, in processes/)
    owed = {(rid, name): to for rid, name, to in entries}
    assert ("客户的缴款情况进行统计", "xiao-shou-bu-zhu-guan") in {(name, to) for (_, name), to in owed.items()}
    assert ("个人工作总结", "xiao-shou-zhu-guan-2") in {(name, to) for (_, name), to in owed.items()}
    by_line = {}
    for rid in roles:
        for line in (out / f"{rid}.yaml").read_text(encoding="utf-8").splitlines():
            if line.startswith("  # 原文（001_9ffd7aa868e10963.txt:"):
                by_line[int(line.split(":")[1].split("）")[0])] = rid
    assert {125, 153, 549, 833, 2479} <= set(by_line)
    text = (out / f"{by_line[153]}.yaml").read_text(encoding="utf-8")
    assert "负责对客户的缴款情况进行统计并上报主管" in text.split("reports:")[0]  # still a duty: it says the work too
    todos = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.yaml"))
    assert "写了汇报对象“公司领导”，未能对应到岗位" in todos


@needs_seeds
def test_seed_002_mojibake_before_a_label_is_a_flagged_todo(seeds):
    _, _, out = seeds["002"]
    text = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.yaml"))
    assert "头浝韻徫徽f明（疑为乱码或残缺的标题，请核对）" in text


@needs_seeds
def test_seed_001_approval_steps_are_draft_processes(seeds, tmp_path):
    """Issue 29 (2): 上交售楼经理审核, 递交所属项目经理审核, 报总经理审批 are draft processes with the
    position as R and the approver as A; an approver that names no post (提交公司审核) is a TODO."""
    _, _, out = seeds["001"]
    processes = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (out / "processes").glob("*.yaml")}
    steps = {(a["name"], tuple(a["R"]), a["A"]) for p in processes.values() for a in p["activities"]}
    assert ("合同", ("zhi-ye-gu-wen-2",), "shou-lou-jing-li") in steps
    assert ("提出销售计划调整方案", ("bu-men-jing-li",), "zong-jing-li-5") in steps
    assert ("每月做好销售人员工作表现评核表及业绩排行榜", ("xiao-shou-jing-li-4",), "xiang-mu-jing-li-2") in steps
    assert all(set(a) == {"name", "R", "A"} for p in processes.values() for a in p["activities"])  # nothing more is said
    assert "写了审批人“公司”，未能对应到岗位" in (out / "xiao-shou-bu-jing-li-5.yaml").read_text(encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(out), "-o", str(tmp_path / "b"), "--only", "raci"])
    assert result.exit_code == 0, result.output
    assert "合同" in (tmp_path / "b" / "raci.csv").read_text(encoding="utf-8")
