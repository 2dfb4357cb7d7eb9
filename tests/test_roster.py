"""`jobdesc roster` and `check --roster` (issue 32, FORMAT.md section 11) on the example organisation.

Rosters are written here in each vendor's export shape (headers, sheet names, merged title rows,
encodings) with planted drifts: every drift is found and nothing else; `--apply` then `roster`
reports no drift; `check --roster --strict` fails before and passes after.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from roster_people import PEOPLE, table, write_csv, write_xlsx
from conftest import EXAMPLE

# What each planted change does to the example (roles/):
#   赵新 joins 置业顾问 in 销售一部; 谢婷 (销售内勤) has left; 胡静怡's title is now 高级置业顾问 and
#   孙悦 joins as 业务员 (no position has either title); two 市场专员 where the budget is 1;
#   李欣然's manager is 陈立明 (置业顾问 reports to 销售主管); 曹一鸣's main post is now
#   营销总监助理 and 策划经理 the concurrent one.
EXPECTED = {
    ("roster-incumbents", "wealth-specialist-1"), ("roster-filled", "wealth-specialist-1"),
    ("roster-incumbents", "sales-clerk"), ("roster-filled", "sales-clerk"),
    ("roster-unmatched", "胡静怡"), ("roster-unmatched", "孙悦"),
    ("roster-incumbents", "market-specialist"), ("roster-filled", "market-specialist"),
    ("roster-over-budget", "market-specialist"),
    ("roster-manager", "李欣然"),
    ("roster-concurrent", "planning-manager"), ("roster-concurrent", "director-assistant"),
}


def planted(*, over_budget: bool = True, wrong_manager: bool = True) -> tuple[list, set[str]]:
    """The example's people with the planted changes; and the names of those who have left."""
    people = []
    for number, name, department, title, manager, concurrent in PEOPLE:
        if name == "曹一鸣":
            continue
        if name == "胡静怡":
            title = "高级置业顾问"
        if name == "李欣然" and wrong_manager:
            manager = "陈立明"
        people.append((number, name, department, title, manager, concurrent))
    people[1:1] = [("E002", "曹一鸣", "营销中心", "营销总监助理", "王曦虹", False),
                   ("E002", "曹一鸣", "策划部", "策划经理", "王曦虹", True)]
    people.append(("E030", "赵新", "销售一部", "置业顾问", "刘蒂芳", False))
    people.append(("E031", "孙悦", "销售二部", "业务员", "郑凯", False))
    people.append(("E032", "钱一", "策划部", "市场专员", "曹一鸣", False))
    if over_budget:
        people.append(("E033", "钱二", "策划部", "市场专员", "曹一鸣", False))
    return people, {"谢婷"}


def write_roster(path_stem: Path, vendor: str, people, left: set[str]) -> Path:
    """The roster as `vendor` exports it: a status column where the vendor has one, else no row."""
    shape = "bamboohr" if vendor.startswith("bamboohr") else vendor
    has_status = shape in ("feishu", "wecom", "bamboohr")
    left_word = {"feishu": "已离职", "wecom": "退出企业", "bamboohr": "Terminated"}.get(shape)
    shown = [p for p in people if has_status or p[1] not in left]
    header, rows = table(shown, vendor=shape, status={name: left_word for name in left} if has_status else None)
    if vendor == "feishu":  # xlsx, a merged title row above the header, the sheet named as Feishu names it
        return write_xlsx(path_stem.with_suffix(".xlsx"), header, rows, sheet="成员信息", title="锦华置业 通讯录成员")
    if vendor == "dingtalk":  # csv as Excel saves it on Chinese Windows
        return write_csv(path_stem.with_suffix(".csv"), header, rows, encoding="gb18030")
    if vendor == "wecom":  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
        return write_csv(path_stem.with_suffix(".txt"), header, rows, encoding="utf-16", delimiter="\t")
    if vendor == "bamboohr":
        return write_csv(path_stem.with_suffix(".csv"), header, rows, encoding="utf-8")
    if vendor == "bamboohr-first-last":  # a custom report without the Name column: First Name + Last Name
        keep = [i for i, h in enumerate(header) if h != "Name"]
        return write_csv(path_stem.with_suffix(".csv"), [header[i] for i in keep],
                         [[row[i] for i in keep] for row in rows], encoding="utf-8")
    if vendor == "excel-bom":
        return write_csv(path_stem.with_suffix(".csv"), *table(shown, vendor="excel"), encoding="utf-8-sig")
    return write_xlsx(path_stem.with_suffix(".xlsx"), header, rows, sheet="花名册", title="营销中心员工花名册",
                      shared_strings=True)  # as Excel saves it


def subjects(report: dict) -> set[tuple[str, str]]:
    found = set()
    for drift in report["drifts"]:
        if drift["file"].endswith(".yaml"):
            found.add((drift["code"], Path(drift["file"]).stem))
        else:
            found.add((drift["code"], re.search(r": (\S+?)(?:'s | \()", drift["message"]).group(1)))
    return found


def roster_json(run_cli, roster: Path, directory: Path) -> dict:
    result = run_cli("roster", roster, directory, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("vendor", ["feishu", "dingtalk", "wecom", "bamboohr", "bamboohr-first-last", "excel",
                                    "excel-bom"])
def test_every_planted_drift_is_found_and_nothing_else(vendor, tmp_path, run_cli):
    people, left = planted()
    roster = write_roster(tmp_path / "roster", vendor, people, left)
    report = roster_json(run_cli, roster, EXAMPLE)
    assert subjects(report) == EXPECTED
    assert len(report["drifts"]) == len(EXPECTED)
    assert report["summary"]["people"] == 32 and report["summary"]["matched"] == 30
    unmatched = next(d for d in report["drifts"] if "胡静怡" in d["message"])
    assert "closest: 置业顾问 (wealth-specialist-2)" in unmatched["message"]


def test_the_example_roster_has_no_drift_and_lists_vacancies(tmp_path, run_cli):
    roster = write_xlsx(tmp_path / "r.xlsx", *table(), title="花名册")
    result = run_cli("roster", roster, EXAMPLE)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "vacant: 客服专员 (customer-service-specialist): 3 of 4 in post"
    assert "29 people, 29 matched, 0 drifts; 6 vacancies" in result.stderr


def test_text_and_github_formats_say_what_json_says(tmp_path, run_cli):
    people, left = planted()
    roster = write_roster(tmp_path / "roster", "feishu", people, left)
    text = run_cli("roster", roster, EXAMPLE)
    github = run_cli("roster", roster, EXAMPLE, "--format", "github")
    warnings = [line for line in text.stdout.splitlines() if ": warning: " in line]
    annotations = [line for line in github.stdout.splitlines() if line.startswith("::warning ")]
    assert len(warnings) == len(annotations) == len(EXPECTED)
    assert "32 people, 30 matched, 12 drifts (1 who have left skipped); 5 vacancies" in text.stderr
    assert any("roster.xlsx:" in line and "成员信息!" in line and "李欣然" in line for line in warnings)
    assert any("title=jobdesc roster-manager" in line for line in annotations)


def _git(directory: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(directory), *args], check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@example.com", "PATH": "/usr/bin:/bin",
                               "HOME": str(directory)}).stdout


def _repository(tmp_path: Path) -> Path:
    directory = tmp_path / "roles"
    shutil.copytree(EXAMPLE, directory)
    _git(directory, "init", "-q")
    _git(directory, "add", "-A")
    _git(directory, "commit", "-qm", "example")
    return directory


def test_apply_then_no_drift_and_check_strict_fails_before_passes_after(tmp_path, run_cli):
    directory = _repository(tmp_path)
    people, left = planted(over_budget=False, wrong_manager=False)
    roster = write_roster(tmp_path / "roster", "feishu", people, left)
    # What cannot be matched by title is told once: a mapping and an alias.
    (directory / "roster-map.yaml").write_text(
        "# titles the HR system uses that no role has\n"
        "- {title: 高级置业顾问, department: 销售二部, role: wealth-specialist-2}\n", "utf-8")
    role = directory / "sales-2" / "wealth-specialist-2.yaml"
    role.write_text(role.read_text("utf-8").replace("external_title: 财富专员\n",
                                                    "external_title: 财富专员\naliases: [业务员]\n"), "utf-8")
    _git(directory, "add", "-A")
    _git(directory, "commit", "-qm", "map")

    before = run_cli("check", directory, "--roster", roster, "--strict")
    assert before.exit_code == 1 and "roster-filled" not in before.stdout  # text shows messages, not codes
    assert "sales-clerk.yaml" in before.stdout
    assert run_cli("check", directory, "--roster", roster).exit_code == 0  # drift is a warning without --strict

    originals = {p: p.read_bytes() for p in directory.rglob("*.yaml")}
    applied = run_cli("roster", roster, directory, "--apply")
    assert applied.exit_code == 0, applied.output
    diff = applied.stdout
    assert "+incumbents: [王梓璇]" not in diff
    assert "-incumbents: [谢婷, 冯佳]" in diff and "+incumbents: [冯佳]" in diff
    assert "+incumbents: [李欣然, 张浩宇, 黄思琪, 杨帆, 赵新]" in diff
    assert not any(line.startswith(("+", "-")) and "budget" in line for line in diff.splitlines())
    after = roster_json(run_cli, roster, directory)
    assert after["drifts"] == [] and after["summary"]["matched"] == after["summary"]["people"] == 31
    assert run_cli("check", directory, "--roster", roster, "--strict").exit_code == 0

    changed = {p.relative_to(directory).as_posix() for p, raw in originals.items() if p.read_bytes() != raw}
    assert changed == {"admin/sales-clerk.yaml", "sales-1/wealth-specialist-1.yaml", "planning/market-specialist.yaml",
                       "planning/planning-manager.yaml", "marketing/director-assistant.yaml",
                       "sales-2/wealth-specialist-2.yaml"}
    assistant = (directory / "marketing" / "director-assistant.yaml").read_text("utf-8")
    assert re.search(r"\n  - \{name: 曹一鸣\} +# 兼任: his main post is 策划经理", assistant)  # its comment kept
    planning = (directory / "planning" / "planning-manager.yaml").read_text("utf-8")
    assert "incumbents: [{name: 曹一鸣, concurrent: true}]" in planning
    market = (directory / "planning" / "market-specialist.yaml").read_text("utf-8")
    assert "  budget: 1\n  filled: 1\nincumbents: [钱一]\n" in market
    assert market.startswith("# yaml-language-server: $schema=../../schema/role.schema.json\n")
    # Only incumbents and filled lines changed, in every file.
    for path, raw in originals.items():
        old, new = raw.decode("utf-8").splitlines(), path.read_text("utf-8").splitlines()
        for line in set(old) ^ set(new):
            assert re.match(r"\s*(filled:|incumbents:|- \{name:|- \S+$)", line), (path, line)


def test_apply_refuses_uncommitted_changes_unless_forced(tmp_path, run_cli):
    directory = _repository(tmp_path)
    people, left = planted(over_budget=False, wrong_manager=False)
    roster = write_roster(tmp_path / "roster", "dingtalk", people, left)
    edited = directory / "admin" / "sales-clerk.yaml"
    edited.write_text(edited.read_text("utf-8") + "# a note not yet committed\n", "utf-8")
    snapshot = {p: p.read_bytes() for p in directory.rglob("*.yaml")}
    refused = run_cli("roster", roster, directory, "--apply")
    assert refused.exit_code == 1 and "uncommitted changes (admin/sales-clerk.yaml)" in refused.output
    assert {p: p.read_bytes() for p in directory.rglob("*.yaml")} == snapshot
    forced = run_cli("roster", roster, directory, "--apply", "--force")
    assert forced.exit_code == 0, forced.output
    assert "# a note not yet committed" in edited.read_text("utf-8") and "incumbents: [冯佳]" in edited.read_text("utf-8")


def test_apply_leaves_an_over_budget_post_and_its_budget_alone(tmp_path, run_cli):
    directory = _repository(tmp_path)
    people, left = planted(wrong_manager=False)
    roster = write_roster(tmp_path / "roster", "bamboohr", people, left)
    market = directory / "planning" / "market-specialist.yaml"
    before = market.read_bytes()
    applied = run_cli("roster", roster, directory, "--apply")
    assert applied.exit_code == 0, applied.output
    assert market.read_bytes() == before
    assert "not applied (over budget; the budget is not the roster's to change): 市场专员 (market-specialist): " \
           "2 people, budget 1" in applied.stderr
    codes = {d["code"] for d in roster_json(run_cli, roster, directory)["drifts"]}
    assert "roster-over-budget" in codes


def test_a_roster_inside_the_directory_is_a_warning(tmp_path, run_cli):
    directory = tmp_path / "roles"
    shutil.copytree(EXAMPLE, directory)
    roster = write_xlsx(directory / "people.xlsx", *table())
    result = run_cli("roster", roster, directory)
    assert result.exit_code == 0
    assert "warning: the roster is inside" in result.stdout


def test_external_titles_department_paths_and_several_posts_in_one_row(tmp_path, run_cli):
    """财富专员 is wealth-specialist-1's external title; Feishu writes department paths; one row may
    name two departments and two titles (the first is the main post)."""
    people = [p for p in PEOPLE if p[1] not in ("曹一鸣", "李欣然")]
    people = [(n, name, f"营销中心/销售部/{d}" if d.startswith("销售") and d != "销售部" else d, t, m, c)
              for n, name, d, t, m, c in people]
    people.append(("E009", "李欣然", "营销中心/销售部/销售一部", "财富专员", "刘蒂芳", False))
    people.append(("E002", "曹一鸣", "策划部；营销中心", "策划经理；营销总监助理", "王曦虹", False))
    header, rows = table(people, vendor="dingtalk")
    report = roster_json(run_cli, write_csv(tmp_path / "r.csv", header, rows), EXAMPLE)
    assert report["drifts"] == []
    assert report["summary"]["matched"] == report["summary"]["people"] == 29


def test_check_roster_adds_the_drift_to_checks_report(tmp_path, run_cli):
    people, left = planted()
    roster = write_roster(tmp_path / "roster", "wecom", people, left)
    result = run_cli("check", EXAMPLE, "--roster", roster, "--format", "json")
    assert result.exit_code == 0
    codes = [d["code"] for d in json.loads(result.stdout) if d["code"].startswith("roster-")]
    assert len(codes) == len(EXPECTED)
    strict = run_cli("check", EXAMPLE, "--roster", roster, "--strict", "--format", "github")
    assert strict.exit_code == 1
    assert sum(line.startswith("::warning ") for line in strict.stdout.splitlines()) >= len(EXPECTED)


def test_the_readme_shows_what_roster_prints(tmp_path, run_cli, monkeypatch):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    shown = readme.split("$ jobdesc roster /tmp/hr/通讯录成员.xlsx roles\n", 1)[1].split("```", 1)[0]
    people = [(n, name, d, "高级置业顾问" if name == "胡静怡" else t, "陈立明" if name == "李欣然" else m, c)
              for n, name, d, t, m, c in PEOPLE]
    header, rows = table(people, vendor="feishu", status={"谢婷": "已离职"})
    roster = write_xlsx(tmp_path / "通讯录成员.xlsx", header, rows, sheet="成员信息", title="锦华置业 通讯录成员")
    monkeypatch.chdir(EXAMPLE.parent)
    result = run_cli("roster", roster, "roles")
    assert (result.stdout + result.stderr).replace(str(roster), "/tmp/hr/通讯录成员.xlsx") == shown


def test_apply_puts_every_file_back_when_what_it_reads_back_is_not_what_it_meant(tmp_path, run_cli, monkeypatch):
    import jobdesc.roster.writing as writing

    directory = _repository(tmp_path)
    people, left = planted(over_budget=False, wrong_manager=False)
    roster = write_roster(tmp_path / "roster", "excel", people, left)
    before = {p: p.read_bytes() for p in directory.rglob("*.yaml")}
    real = writing.verify_written

    def doubtful(directory, org, wanted):
        real(directory, org, wanted)  # what was written reads back as meant...
        raise RuntimeError("role 'sales-clerk' did not read back as written (test); every file was restored")

    monkeypatch.setattr(writing, "verify_written", doubtful)
    result = run_cli("roster", roster, directory, "--apply")
    assert result.exit_code == 2 and "every file was restored" in result.stderr
    assert {p: p.read_bytes() for p in directory.rglob("*.yaml")} == before
    monkeypatch.setattr(writing, "verify_written", real)
    assert run_cli("roster", roster, directory, "--apply").exit_code == 0
    assert {p for p in before if p.read_bytes() != before[p]}  # the same run without the doubt writes


def test_two_people_of_one_name_are_told_apart_by_their_numbers(tmp_path, run_cli):
    from conftest import small_org_data, write_org

    org, roles, processes = small_org_data()
    roles["seller"]["incumbents"] = [{"name": "张三", "id": "E1"}, "李四"]
    directory = write_org(tmp_path / "org", org, roles, processes)
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-qm", "org")):
        _git(directory, *args)
    roster = write_csv(tmp_path / "r.csv", ["姓名", "工号", "部门", "职务"],
                       [["张三", "E1", "销售部", "置业顾问"], ["李四", "E3", "销售部", "置业顾问"],
                        ["张三", "E2", "销售部", "置业顾问"], ["王五", "E4", "销售部", "销售经理"]])
    report = roster_json(run_cli, roster, directory)
    messages = [d["message"] for d in report["drifts"]]
    assert any("in the roster, not in the file: 张三" in m for m in messages), messages
    assert run_cli("roster", roster, directory, "--apply").exit_code == 0
    seller = (directory / "seller.yaml").read_text("utf-8")
    assert "- {name: 张三, id: E2}" in seller and "filled: 3" in seller
    assert roster_json(run_cli, roster, directory)["drifts"] == []


def test_the_ci_snippet_runs_as_a_process(tmp_path):
    """README's CI line, as a process: drift fails the job with annotations on the lines."""
    import os
    import sys

    people, left = planted()
    roster = write_roster(tmp_path / "roster", "dingtalk", people, left)
    env = {**os.environ, "PYTHONPATH": str(EXAMPLE.parent)}
    done = subprocess.run([sys.executable, "-m", "jobdesc", "check", str(EXAMPLE), "--roster", str(roster), "--strict",
                           "--format", "github"], capture_output=True, text=True, env=env)
    assert done.returncode == 1
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::warning ")]
    assert sum("title=jobdesc roster-" in line for line in annotations) == len(EXPECTED)
    assert "roster: 32 people, 30 matched, 12 drifts" in done.stderr
