"""`jobdesc roster`: bad rosters and bad roster-map.yaml files (a clear message, exit 1, nothing
written), and the privacy promise: columns other than the seven read reach no file and no message."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLE
from roster_people import PEOPLE, SECRET_ID, SECRET_PHONE, SECRET_SALARY, table, write_csv, write_xlsx
from test_roster import _repository, planted, write_roster

SECRETS = (SECRET_ID, SECRET_PHONE, SECRET_SALARY)


def _status(directory: Path) -> str:
    return subprocess.run(["git", "-C", str(directory), "status", "--porcelain"], check=True,
                          capture_output=True, text=True).stdout


def _formula_roster(path: Path) -> Path:
    header, rows = table()
    write_xlsx(path, header, rows, sheet="花名册", title="员工花名册")
    workbook = openpyxl.load_workbook(path)
    workbook["花名册"]["E7"] = '=IF(TRUE,"置业顾问","")'  # 岗位 of the fourth person (row 3 is the header)
    workbook.save(path)
    return path


def _duplicate_roster(path: Path) -> Path:
    header, rows = table()
    return write_csv(path, header, rows + [rows[5]])


def _one_number_two_names(path: Path) -> Path:
    people = PEOPLE + [("E005", "刘蒂芬", "销售二部", "置业顾问", "郑凯", False)]
    return write_csv(path, *table(people))


def _no_columns(path: Path) -> Path:
    return write_csv(path, ["电话", "身份证号", "备注"], [[SECRET_PHONE, SECRET_ID, "无"]])


def _empty_sheet(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    workbook.save(path)
    return path


def _header_only(path: Path) -> Path:
    return write_csv(path, table()[0], [])


def _fifty_megabytes(path: Path) -> Path:
    with open(path, "wb") as handle:  # sparse: the size is what is refused, before any byte is parsed
        handle.truncate(50 * 1024 * 1024)
    return path


def _old_excel(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000))
    return path


def _not_text(path: Path) -> Path:
    path.write_bytes(b"\xff\xfe\x00\xd8" * 10 + b"\x81\x30\x00")  # UTF-16 with a lone surrogate
    return path


BAD = [
    ("formula.xlsx", _formula_roster, "花名册!E7 (title) holds a formula; jobdesc never evaluates formulas"),
    ("duplicate.csv", _duplicate_roster, "刘蒂芳 is listed twice in the same post (销售一部 / 销售主管; also line 7"),
    ("numbers.csv", _one_number_two_names, "employee number E005 is also given to 刘蒂芳"),
    ("columns.csv", _no_columns, "no recognisable header row: jobdesc needs at least a name column"),
    ("empty.xlsx", _empty_sheet, "has no rows: the sheet is empty"),
    ("nobody.csv", _header_only, "nobody.csv lists nobody under its header row"),
    ("huge.csv", _fifty_megabytes, "file is 50.0 MB; files over 16 MB are refused here"),
    ("old.xls", _old_excel, "old Excel 97-2003 workbook (.xls): save it as .xlsx or csv"),
    ("utf16.txt", _not_text, "neither a workbook nor text in UTF-8, GB18030 or UTF-16"),
]


@pytest.mark.parametrize("name, make, message", BAD, ids=[b[0] for b in BAD])
def test_a_bad_roster_is_refused_clearly_and_nothing_is_written(name, make, message, tmp_path, run_cli):
    directory = _repository(tmp_path)
    roster = make(tmp_path / name)
    for args in (("roster", roster, directory), ("roster", roster, directory, "--apply"),
                 ("check", directory, "--roster", roster)):
        result = run_cli(*args)
        assert result.exit_code == 1, result.output
        assert message in result.output
        assert f"{name}:" in result.output  # located: the file (and line) first
        assert "Traceback" not in result.output
        assert not any(secret in result.output for secret in SECRETS)
    assert _status(directory) == ""


def test_columns_names_what_the_vocabulary_does_not_know(tmp_path, run_cli):
    header, rows = table()
    header = ["人名" if h == "姓名" else "职衔" if h == "岗位" else h for h in header]
    roster = write_csv(tmp_path / "r.csv", header, rows)
    assert run_cli("roster", roster, EXAMPLE).exit_code == 1
    named = run_cli("roster", roster, EXAMPLE, "--columns", "人名=name,职衔=title")
    assert named.exit_code == 0, named.output
    assert "29 people, 29 matched, 0 drifts" in named.stderr
    wrong = run_cli("roster", roster, EXAMPLE, "--columns", "人名=salary")
    assert wrong.exit_code == 2 and "'salary' is not a field jobdesc reads" in wrong.output


@pytest.mark.parametrize("text, message", [
    ("- {title: 高级置业顾问, role: nobody}\n", "roster-map.yaml:1:25: error: role 'nobody' does not exist"),
    ("- {title: 高级置业顾问, rol: wealth-specialist-2}\n", "roster-map.yaml:1:"),
    ("title: 高级置业顾问\n", "roster-map.yaml:1:1: error: roster-map.yaml is a list"),
    ("- &a {title: x, role: sales-manager}\n", "roster-map.yaml:1:3: error: YAML anchors"),
])
def test_a_bad_roster_map_is_located(text, message, tmp_path, run_cli):
    directory = tmp_path / "roles"
    shutil.copytree(EXAMPLE, directory)
    (directory / "roster-map.yaml").write_text(text, "utf-8")
    roster = write_xlsx(tmp_path / "r.xlsx", *table())
    result = run_cli("roster", roster, directory)
    assert result.exit_code == 1
    assert message in result.output
    assert run_cli("check", directory).exit_code == 0  # not a position: check without --roster ignores it


def test_no_other_column_reaches_any_file_or_message(tmp_path, run_cli):
    """Phone, ID number and salary are in every row of every vendor's roster: they appear in
    nothing jobdesc prints or writes, whatever the command and format."""
    directory = _repository(tmp_path)
    (directory / "roster-map.yaml").write_text(
        "- {title: 高级置业顾问, department: 销售二部, role: wealth-specialist-2}\n", "utf-8")
    said: list[str] = []
    people, left = planted(over_budget=False)
    for vendor in ("feishu", "dingtalk", "wecom", "bamboohr", "excel"):
        roster = write_roster(tmp_path / f"roster-{vendor}", vendor, people, left)
        for fmt in ("text", "json", "github"):
            result = run_cli("roster", roster, directory, "--format", fmt)
            said += [result.stdout, result.stderr]
        said.append(run_cli("check", directory, "--roster", roster, "--format", "json").output)
    applied = run_cli("roster", roster, directory, "--apply", "--force")
    assert applied.exit_code == 0, applied.output
    said += [applied.stdout, applied.stderr]
    said.append(run_cli("roster", _duplicate_roster(tmp_path / "dup.csv"), directory).output)
    assert any("赵新" in text for text in said) and any("李欣然" in text for text in said)
    for secret in SECRETS:
        assert not any(secret in text for text in said), secret
        written = [p for p in directory.rglob("*") if p.is_file() and ".git" not in p.parts]
        assert not any(secret.encode() in p.read_bytes() for p in written), secret
    assert "incumbents: [李欣然, 张浩宇, 黄思琪, 杨帆, 赵新]" in (directory / "sales-1" / "wealth-specialist-1.yaml").read_text("utf-8")


def test_traditional_headers_and_a_map_entry_by_department_id(tmp_path, run_cli):
    directory = tmp_path / "roles"
    shutil.copytree(EXAMPLE, directory)
    (directory / "roster-map.yaml").write_text("- {title: 資深置業顧問, department: sales-2, role: wealth-specialist-2}\n",
                                               "utf-8")
    people = [(n, name, f"營銷中心/銷售部/{d}" if d == "销售二部" else d, "資深置業顧問" if name == "胡静怡" else t, m, c)
              for n, name, d, t, m, c in PEOPLE]
    rows = [[name, number, department, title, manager, "在職"] for number, name, department, title, manager, _c in people]
    roster = write_csv(tmp_path / "r.csv", ["姓名", "工號", "部門", "職務", "直屬主管", "狀態"], rows, encoding="utf-8-sig")
    result = run_cli("roster", roster, directory, "--format", "json")
    assert result.exit_code == 0, result.output
    import json
    report = json.loads(result.stdout)
    assert report["summary"]["people"] == report["summary"]["matched"] == 29
    assert report["drifts"] == []


def _hand_made_xlsx(path: Path, sheet_xml: str, shared: str) -> Path:
    """A workbook written by hand: shared strings with rich runs and phonetic runs, as Excel on
    Chinese or Japanese Windows writes them."""
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package_rel = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        package.writestr("_rels/.rels", f'<Relationships xmlns="{package_rel}"><Relationship Id="rId1" '
                         f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        package.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                         '<sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>')
        package.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{package_rel}">'
                         f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
                         f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        package.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main}">{shared}</sst>')
        package.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}"><sheetData>{sheet_xml}</sheetData></worksheet>')
    return path


def test_an_xlsx_is_read_as_stored_rich_text_numbers_and_phonetic_runs(tmp_path, run_cli):
    directory = tmp_path / "roles"
    shutil.copytree(EXAMPLE, directory)
    shared = ("<si><t>姓名</t></si><si><t>职务</t></si><si><t>部门</t></si>"
              "<si><r><t>王曦</t></r><r><rPr><b/></rPr><t>虹</t></r><rPh sb=\"0\" eb=\"1\"><t>オウ</t></rPh></si>"
              "<si><t>营销中心</t></si>")
    sheet = ('<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c>'
             '<c r="D2" t="inlineStr"><is><t>工号</t></is></c></row>'
             '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="inlineStr"><is><t>营销总监</t></is></c>'
             '<c r="C3" t="s"><v>4</v></c><c r="D3"><v>1024</v></c>'
             '<c r="E3"><f>SUM(1,2)</f><v>3</v></c></row>')  # a formula in a column jobdesc does not read
    roster = _hand_made_xlsx(tmp_path / "hand.xlsx", sheet, shared)
    result = run_cli("roster", roster, directory, "--format", "json")
    assert result.exit_code == 0, result.output
    import json
    report = json.loads(result.stdout)
    assert report["summary"]["matched"] == 1
    incumbents = [d["message"] for d in report["drifts"] if "marketing-director" in d["message"]]
    assert incumbents == []  # 王曦虹 (rich runs joined, the phonetic オウ left out) holds 营销总监


def _valid_xlsx_bytes(tmp_path: Path) -> bytes:
    return write_xlsx(tmp_path / "valid.xlsx", *table(), shared_strings=True).read_bytes()


@pytest.mark.parametrize("seed", range(4))
def test_damaged_and_random_rosters_are_user_errors_never_crashes(seed, tmp_path):
    """Random text, random bytes and workbooks with bytes flipped: read, or refused with a
    UserError; never another exception."""
    import random

    from jobdesc.errors import UserError
    from jobdesc.roster.people import people_of
    from jobdesc.roster.reading import read_roster

    rng = random.Random(seed)
    valid = _valid_xlsx_bytes(tmp_path)
    samples = []
    for _ in range(25):
        damaged = bytearray(valid)
        for _ in range(rng.randint(1, 40)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        samples.append(bytes(damaged))
        samples.append(bytes(rng.randrange(256) for _ in range(rng.randint(0, 400))))
        cells = ["姓名", "职务", "部门", "工号", "状态", "兼任", "=1+1", "\"", "\t", ";", "；", "离职", "是", "\x00", "\u2028"]
        samples.append("\n".join(",".join(rng.choice(cells) for _ in range(rng.randint(1, 6)))
                                 for _ in range(rng.randint(1, 12))).encode(rng.choice(["utf-8", "gb18030", "utf-16"])))
    for index, data in enumerate(samples):
        path = tmp_path / f"sample{index}.bin"
        path.write_bytes(data)
        try:
            people_of(read_roster(path, {}))
        except UserError as exc:
            assert all(d.file == str(path) for d in exc.diagnostics)


def test_apply_outside_git_is_refused_unless_forced(tmp_path, run_cli):
    directory = tmp_path / "roles"
    shutil.copytree(EXAMPLE, directory)
    people, left = planted(over_budget=False, wrong_manager=False)
    roster = write_roster(tmp_path / "roster", "excel", people, left)
    before = {p: p.read_bytes() for p in directory.rglob("*.yaml")}
    refused = run_cli("roster", roster, directory, "--apply")
    assert refused.exit_code == 1 and "git status failed in" in refused.output and "use --force" in refused.output
    assert {p: p.read_bytes() for p in directory.rglob("*.yaml")} == before
    assert run_cli("roster", roster, directory, "--apply", "--force").exit_code == 0
