"""Sign-off (issue 33, FORMAT.md section 12): versions, the ledger, status, personal copies."""
from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from jobdesc.format.loader import load_organisation
from jobdesc.signoff import check_signoffs
from jobdesc.signoff.filenames import file_stems
from jobdesc.signoff.version import role_versions

from conftest import pdf_text, small_org_data, write_org

GIT = ["git", "-c", "user.email=hr@example.com", "-c", "user.name=HR", "-c", "commit.gpgsign=false"]


def _org(tmp_path: Path) -> Path:
    org, roles, processes = small_org_data()
    return write_org(tmp_path / "repo" / "roles", org, roles, processes)


def _commit(repo: Path, message: str) -> None:
    subprocess.run([*GIT, "-C", str(repo), "add", "-A"], check=True, capture_output=True)
    subprocess.run([*GIT, "-C", str(repo), "commit", "-qm", message], check=True, capture_output=True)


def _git_org(tmp_path: Path) -> Path:
    roles = _org(tmp_path)
    subprocess.run(["git", "init", "-q", str(roles.parent)], check=True)
    _commit(roles.parent, "first")
    return roles


def _status(roles: Path):
    org, _ = load_organisation(roles)
    return {(p.role_id, p.person): p for p in check_signoffs(roles, org).people}


def _version(roles: Path, role_id: str) -> str:
    return role_versions(load_organisation(roles)[0])[role_id]


def test_a_changed_duty_makes_a_signed_role_stale_and_names_the_duty(tmp_path, run_cli):
    roles = _git_org(tmp_path)
    assert run_cli("signoff", "record", "seller", "张三", str(roles), "--date", "2026-02-01").exit_code == 0
    _commit(roles.parent, "signed")
    seller = roles / "seller.yaml"
    seller.write_text(seller.read_text("utf-8").replace("接待来访客户", "接待来访客户并登记"), "utf-8")
    _commit(roles.parent, "duty changed")
    status = _status(roles)
    stale = status[("seller", "张三")]
    assert stale.state == "stale" and stale.signed == "2026-02-01"
    assert any("接待来访客户" in line and "{+并登记+}" in line for line in stale.changes), stale.changes
    assert status[("seller", "李四")].state == "never"
    checked = run_cli("check", str(roles))
    assert checked.exit_code == 0 and "signoff-stale" not in checked.output  # the message, not the code
    assert "张三 signed version" in checked.output and "并登记" in checked.output
    assert run_cli("check", str(roles), "--strict").exit_code == 1


def test_comments_and_key_order_make_no_new_version(tmp_path, run_cli):
    roles = _org(tmp_path)
    before = _version(roles, "seller")
    assert run_cli("signoff", "record", "seller", "张三", str(roles), "--date", "2026-02-01").exit_code == 0
    seller = roles / "seller.yaml"
    lines = seller.read_text("utf-8").splitlines()
    seller.write_text("# 置业顾问岗位\n" + "\n".join(reversed(_top_level_blocks(lines))) + "\n", "utf-8")
    assert _version(roles, "seller") == before
    assert _status(roles)[("seller", "张三")].state == "current"


def _top_level_blocks(lines: list[str]) -> list[str]:
    blocks: list[str] = []
    for line in lines:
        if line.startswith((" ", "-")) and blocks:
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    return blocks


def test_a_new_incumbent_appears_as_never_signed(tmp_path, run_cli):
    roles = _org(tmp_path)
    for person in ("张三", "李四"):
        assert run_cli("signoff", "record", "seller", person, str(roles)).exit_code == 0
    seller = roles / "seller.yaml"
    text = seller.read_text("utf-8").replace("- 李四", "- 李四\n- 王五").replace("filled: 2", "filled: 3")
    seller.write_text(text, "utf-8")
    status = _status(roles)
    assert status[("seller", "王五")].state == "never"
    assert status[("seller", "张三")].state == "current", "a new colleague is not a new version"
    result = run_cli("signoff", "status", str(roles), "--format", "json")
    data = json.loads(result.output)
    assert {d["department"]: (d["current"], d["never"]) for d in data["departments"]} == {"sales": (2, 1)}


def test_record_keeps_the_ledgers_comments(tmp_path, run_cli):
    roles = _org(tmp_path)
    ledger = roles / "signoffs.yaml"
    ledger.write_text("# 岗位说明书签收台账（人力资源部）\n- {role: seller, person: 张三, version: \"%s\", "
                      "signed: \"2026-01-05\"}  # 纸质件已归档\n" % _version(roles, "seller"), "utf-8")
    assert run_cli("signoff", "record", "seller", "李四", str(roles), "--date", "2026-01-06").exit_code == 0
    text = ledger.read_text("utf-8")
    assert text.startswith("# 岗位说明书签收台账（人力资源部）\n") and "# 纸质件已归档" in text
    assert text.count("\n- ") == 2 and '"李四"' in text and '"2026-01-06"' in text
    again = run_cli("signoff", "record", "seller", "李四", str(roles), "--date", "2026-01-06")
    assert again.exit_code == 1 and "already recorded" in again.output and ledger.read_text("utf-8") == text


@pytest.mark.parametrize("args, message", [
    (("nobody", "张三"), "does not exist"),
    (("seller", "王五"), "not an incumbent"),
    (("seller", "张三", "--date", "2999-01-01"), "after today"),
    (("seller", "张三", "--date", "01/02/2026"), "YYYY-MM-DD"),
    (("seller", "张三", "--version", "abcdef12"), "never a version"),
])
def test_record_refuses_what_the_ledger_would_refuse(tmp_path, run_cli, args, message):
    roles = _org(tmp_path)
    result = run_cli("signoff", "record", args[0], args[1], str(roles), *args[2:])
    assert result.exit_code == 1 and message in result.output, result.output
    assert not (roles / "signoffs.yaml").exists()


def test_file_names_from_untrusted_names_are_safe_unique_and_stable():
    people = [("../../etc/passwd", None), ("王伟", "E1"), ("王伟", "E2"), ("Anna", None), ("anna", None),
              ("CON", None), ("", None), ("a\x00b/c", None), (".hidden", None), ("名" * 200, None)]
    stems = file_stems(people)
    assert stems == file_stems(people)
    assert len({s.casefold() for s in stems}) == len(stems)
    for stem in stems:
        assert stem and "/" not in stem and "\\" not in stem and "\x00" not in stem and not stem.startswith(".")
        assert stem.casefold() not in ("con", "nul") and len(stem) <= 64
    assert stems[:3] == ["etc-passwd", "王伟-E1", "王伟-E2"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The small organisation with an English-named incumbent, built twice (--only signoff)."""
    from click.testing import CliRunner

    from jobdesc.cli import main

    tmp = tmp_path_factory.mktemp("signoff")
    org, roles, processes = small_org_data()
    roles["seller"]["incumbents"] = ["张三", "Anna Schmidt/../x"]
    roles["manager"]["incumbents"] = ["王曦虹"]
    root = write_org(tmp / "roles", org, roles, processes)
    outs = []
    for name in ("a", "b"):
        result = CliRunner().invoke(main, ["build", str(root), "-o", str(tmp / name), "--only", "signoff"],
                                    catch_exceptions=False, env={"SOURCE_DATE_EPOCH": "1700000000"})
        assert result.exit_code == 0, result.output
        outs.append(tmp / name)
    return root, outs


def test_every_page_of_a_personal_copy_carries_name_version_and_date(built):
    root, (out, _) = built
    version = _version(root, "seller")
    copies = sorted((out / "signoff" / "seller").glob("*.pdf"))
    assert [p.name for p in copies] == ["Anna-Schmidt-x.pdf", "张三.pdf"]
    for copy, name in zip(copies, ("Anna Schmidt/../x", "张三")):
        pages = pdf_text(copy).split("\f")[:-1]
        assert pages
        for page in pages:
            assert f"签收版本 {version}" in page and "生效日期 2026-01-01" in page and f"签收人：{name}" in page
        assert f"姓名：{name}" in " ".join(pages[-1].split()) or f"姓名： {name}" in pages[-1]
        assert "员工确认：本人已阅读并理解本岗位说明书的内容" in pdf_text(copy).replace("\n", "")


def test_the_word_copy_has_the_name_and_the_footer(built):
    root, (out, _) = built
    with zipfile.ZipFile(out / "signoff" / "seller" / "张三.docx") as docx:
        document = docx.read("word/document.xml").decode()
        footers = [docx.read(n).decode() for n in docx.namelist() if n.startswith("word/footer")]
    assert "姓名：</w:t></w:r><w:r><w:rPr>" in document and ">张三</w:t>" in document
    assert footers and all(f"签收版本 {_version(root, 'seller')} · 生效日期 2026-01-01 · 签收人：张三" in f
                           for f in footers)


def test_personal_copies_and_the_status_workbook_are_byte_identical_across_builds(built):
    _root, (first, second) = built
    files = sorted(p.relative_to(first) for p in (first / "signoff").rglob("*") if p.is_file())
    assert len(files) == 6  # 3 people, a PDF and a Word file each
    for relative in [*files, Path("signoff.xlsx")]:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_the_status_workbook_counts_per_department(built):
    _root, (out, _) = built
    from openpyxl import load_workbook

    workbook = load_workbook(out / "signoff.xlsx")
    people, departments = workbook.worksheets
    assert departments.title == "部门统计"
    rows = [[c.value for c in row] for row in people.iter_rows(min_row=2)]
    assert {(r[3], r[4]) for r in rows} == {("张三", "未签收"), ("Anna Schmidt/../x", "未签收"), ("王曦虹", "未签收")}
    assert [[c.value for c in row] for row in departments.iter_rows(min_row=2)] == [
        ["销售部", 0, 0, 3], ["合计", 0, 0, 3]]


def test_an_organisation_without_signoff_gets_no_signoff_files(tmp_path, run_cli):
    org, roles, processes = small_org_data()
    del roles["seller"]["incumbents"]
    root = write_org(tmp_path / "roles", org, roles, processes)
    result = run_cli("build", str(root), "-o", str(tmp_path / "out"), "--only", "signoff")
    assert result.exit_code == 0
    assert not (tmp_path / "out" / "signoff").exists() and not (tmp_path / "out" / "signoff.xlsx").exists()
    manifest = json.loads((tmp_path / "out" / ".jobdesc-manifest.json").read_text("utf-8"))
    assert "signoff" not in manifest
    from jobdesc.jd.context import build_job_description

    jd = build_job_description(load_organisation(root)[0], "seller")
    assert jd.acknowledgement == "" and "acknowledgement" not in repr(jd)


@pytest.mark.parametrize("language, expected, holder", [
    ("zh-CN", "员工确认：本人已阅读并理解本岗位说明书的内容", "签收人"),
    ("zh-TW", "員工確認：本人已閱讀並理解本職務說明書的內容", "簽收人"),
    ("zh-HK", "員工確認：本人已閱讀並理解本職位說明書的內容", "簽收人"),
    ("en", "Employee acknowledgement: I have read and understood this job description", "Signed by"),
])
def test_the_acknowledgement_has_a_default_per_language(tmp_path, language, expected, holder):
    from jobdesc.jd.context import build_job_description
    from jobdesc.jd.labels import jd_labels

    org, roles, processes = small_org_data(language)
    root = write_org(tmp_path / "roles", org, roles, processes)
    assert build_job_description(load_organisation(root)[0], "manager").acknowledgement.startswith(expected)
    assert jd_labels(language)["signoff_holder"] == holder


def test_the_acknowledgement_from_org_yaml_replaces_the_default(tmp_path):
    from jobdesc.jd.context import build_job_description

    org, roles, processes = small_org_data()
    org["handbook"]["acknowledgement"] = "本人已收到并知悉本岗位说明书。"
    root = write_org(tmp_path / "roles", org, roles, processes)
    before = _version(root, "seller")
    assert build_job_description(load_organisation(root)[0], "seller").acknowledgement == "本人已收到并知悉本岗位说明书。"
    org["handbook"]["acknowledgement"] = "另一种说法。"
    write_org(root, org, roles, processes)
    assert _version(root, "seller") == before, "the wording is not the job"


def test_status_in_github_markdown_lists_who_is_missing(tmp_path, run_cli):
    roles = _org(tmp_path)
    assert run_cli("signoff", "record", "seller", "张三", str(roles)).exit_code == 0
    out = run_cli("signoff", "status", str(roles), "--format", "github").output
    assert "| 销售部 | 1 | 0 | 1 |" in out and "| 李四 | 置业顾问 (`seller`) | never signed |" in out
    assert "张三 |" not in out


def test_a_person_holding_another_role_only_is_a_warning_not_an_error(tmp_path, run_cli):
    roles = _org(tmp_path)
    (roles / "signoffs.yaml").write_text(
        '- {role: manager, person: 张三, version: "%s", signed: "2026-01-05"}\n' % _version(roles, "manager"), "utf-8")
    result = run_cli("check", str(roles))
    assert result.exit_code == 0 and "'张三' no longer holds 'manager'" in result.output


def test_outside_git_an_older_version_is_stale_without_what_changed(tmp_path, run_cli):
    roles = _org(tmp_path)  # tmp_path is in no git repository
    (roles / "signoffs.yaml").write_text('- {role: seller, person: 张三, version: "abcdef12", signed: "2026-01-05"}\n',
                                         "utf-8")
    status = _status(roles)[("seller", "张三")]
    assert status.state == "stale" and status.changes == ("what changed is not known: the directory is not in git",)
    assert run_cli("check", str(roles)).exit_code == 0
