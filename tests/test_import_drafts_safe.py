"""Issue 35, points 5 and 10: an import that runs away is stopped by its wall-clock budget with
a clear message (a safety net), and a draft never carries a character no output font draws
(U+20000, emoji, a Wingdings bullet inside a line), so it passes `check`."""
from __future__ import annotations

from click.testing import CliRunner

from jobdesc import userfiles
from jobdesc.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_a_runaway_import_is_stopped_by_its_budget(tmp_path, monkeypatch):
    import jobdesc.importer as importer

    def stuck(*_args):
        for _ in range(10 ** 9):  # stands for a stage that runs away; the budget must interrupt it
            pass
        raise AssertionError("the budget did not stop the import")

    monkeypatch.setattr(userfiles, "IMPORT_SECONDS_PER_FILE", 0.2)
    monkeypatch.setattr(importer, "segment", stuck)
    source = tmp_path / "jd.txt"
    source.write_text("前台岗位职责\n1、接待来访客人\n", encoding="utf-8")
    result = run("import", source, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "jd.txt" in result.output and "took more than" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_characters_no_font_draws_are_replaced_and_the_draft_passes_check(tmp_path):
    source = tmp_path / "jd.txt"
    source.write_text("销售经理岗位职责\n1、负责销售😀工作\uf0d8重点\n2、管理𠀀团队\n3、维护客户\u2028关系\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    result = run("import", source, "-o", out)
    assert result.exit_code == 0, result.output
    text = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.yaml"))
    for char in ("😀", "\uf0d8", "𠀀"):
        assert char not in text
    assert "负责销售□工作□重点" in text and "U+1F600" in text  # the TODO names what was replaced
    checked = run("check", out)
    assert checked.exit_code == 0, checked.output


def _size(value) -> tuple[int, int]:
    """(list items, characters of text) as format/size_rules.py counts a role for `check`."""
    if isinstance(value, str):
        return 0, len(value)
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    sizes = [_size(v) for v in children]
    return (len(value) if isinstance(value, list) else 0) + sum(i for i, _ in sizes), sum(c for _, c in sizes)


def test_a_position_longer_than_check_allows_is_cut_with_a_todo(tmp_path):
    """1,500 duties of 50 characters: more than a position may hold (1,000 items, 60,000 characters)."""
    import yaml

    duties = "".join(f"{n}、负责销售部门第{n}项日常工作的组织、协调与监督，确保各项任务按时保质完成并及时汇报\n"
                     for n in range(1, 1501))
    source = tmp_path / "jd.txt"
    source.write_text("销售经理岗位职责\n" + duties, encoding="utf-8")
    out = tmp_path / "out"
    result = run("import", source, "-o", out)
    assert result.exit_code == 0, result.output
    role_files = [p for p in out.glob("*.yaml") if p.name != "org.yaml"]
    assert role_files
    for path in role_files:
        items, chars = _size(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert items <= 1_000 and chars <= 60_000, (path.name, items, chars)
    assert "未导入" in "".join(p.read_text(encoding="utf-8") for p in role_files)


def test_a_name_in_two_rows_of_a_staffing_table_makes_a_draft_that_passes_check(tmp_path):
    """Two posts with one incumbent and neither marked 兼任 failed validation: exit 2."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["岗位", "编制", "在岗", "任职人"], ["销售经理", 1, 1, "张三"], ["前台文员", 1, 1, "张三"]):
        sheet.append(row)
    workbook.save(tmp_path / "table.xlsx")
    source = tmp_path / "jd.txt"
    source.write_text("销售经理岗位职责\n1、负责销售\n前台文员岗位职责\n1、接待来访客人\n", encoding="utf-8")
    result = run("import", source, tmp_path / "table.xlsx", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "张三 also in post" in result.output
    assert run("check", tmp_path / "out").exit_code == 0


_IMPORT_MEASURED = """
import sys
from jobdesc.cli import main
try:
    main.main(args=sys.argv[1:], prog_name="jobdesc")
except SystemExit as exc:
    code = exc.code
# VmHWM: this process's own peak (ru_maxrss would count the pytest worker it was forked from)
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(code, peak_kb // 1024)
"""


def test_a_line_of_many_chapter_marks_imports_in_little_memory(tmp_path):
    """Found by bench/fuzz_import.py: each chapter mark read off a line's end kept its own copy
    of the rest of the line (a 150 KB line of 第一章 marks took 1.8 GB)."""
    import subprocess
    import sys

    source = tmp_path / "jd.md"
    source.write_text("销售经理岗位职责\n1、负责销售工作\n# " + "第一章 " * 30000 + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _IMPORT_MEASURED, "import", str(source), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300)  # a kill limit only
    code, peak_mb = map(int, done.stdout.split()[-2:])
    assert code in (0, 1), done.stderr
    assert peak_mb < 400, f"peak {peak_mb} MB"
