"""Issue 13, items 6, 7 and 8 for `jobdesc import`: --force never deletes what jobdesc did not
write; special, oversized, bomb and corrupt inputs are refused quickly with exit 1; a file
name cannot inject a line into the draft."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobdesc.cli import main
from jobdesc import userfiles
from time_limits import child_cpu_seconds

JD = "前台岗位职责\n1、接待来访客人\n2、收发快递\n"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def run_process(*args, cwd=None, timeout=60):
    """In a child process, so a read that blocks or runs away fails the test instead of hanging it."""
    return subprocess.run([sys.executable, "-m", "jobdesc", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)


# ---------------------------------------------------------------- --force (item 6)


def imported_once(tmp_path: Path) -> tuple[Path, Path]:
    """jd.txt imported into roles/: the source and the folder."""
    source = tmp_path / "jd.txt"
    source.write_text(JD, encoding="utf-8")
    out = tmp_path / "roles"
    assert run("import", source, "-o", out).exit_code == 0
    return source, out


def test_force_into_the_current_directory_deletes_nothing(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (tmp_path / "jd.txt").write_text(JD, encoding="utf-8")
    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "jd.txt", "-o", ".", "--force")
    assert result.exit_code == 1, result.output
    assert "did not write" in result.output
    assert (tmp_path / ".git" / "HEAD").exists() and (tmp_path / "jd.txt").exists()
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "jd.txt", "notes.md"]


def test_force_replaces_an_earlier_import(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("会计岗位职责\n1、记账\n" + JD, encoding="utf-8")
    second.write_text(JD, encoding="utf-8")
    out = tmp_path / "roles"
    assert run("import", first, "-o", out).exit_code == 0
    assert (out / "kuai-ji.yaml").exists()
    result = run("import", second, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["org.yaml", "qian-tai.yaml"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_force_keeps_a_draft_the_user_edited_or_added(tmp_path):
    source, out = imported_once(tmp_path)
    edited = out / "qian-tai.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "grade: P3\n", encoding="utf-8")
    (out / "extra.yaml").write_text("title: 新增\n", encoding="utf-8")
    result = run("import", source, "-o", out, "--force")
    assert result.exit_code == 1
    assert "qian-tai.yaml" in result.output and "extra.yaml" in result.output
    assert edited.read_text(encoding="utf-8").endswith("grade: P3\n")
    assert (out / "extra.yaml").exists()


# ---------------------------------------------------------------- inputs (item 7)


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "jd.txt"
    os.mkfifo(fifo)
    result = run_process("import", fifo, "-o", tmp_path / "out", timeout=30)
    assert result.returncode == 1, result.stderr
    assert "not a file" in result.stdout


def test_a_symlink_to_dev_zero_is_refused_without_reading(tmp_path):
    link = tmp_path / "jd.txt"
    link.symlink_to("/dev/zero")
    result = run_process("import", link, "-o", tmp_path / "out", timeout=30)
    assert result.returncode == 1, result.stderr
    assert "not a file" in result.stdout


def test_an_oversized_text_is_refused_before_reading(tmp_path):
    path = tmp_path / "jd.txt"
    with path.open("wb") as handle:
        handle.truncate(userfiles.MAX_IMPORT_TEXT_BYTES + 1)  # sparse: reading it would be slow
    result = run("import", path, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "refused" in result.output


def test_a_20_mb_single_line_does_not_take_minutes(tmp_path):
    path = tmp_path / "jd.txt"
    path.write_text("销售经理岗位职责：" + "负责销售工作，" * 1_000_000 + "\n", encoding="utf-8")
    result, cpu_seconds = child_cpu_seconds(lambda: run_process("import", path, "-o", tmp_path / "out", timeout=120))
    assert result.returncode == 1, result.stderr
    assert cpu_seconds < 20
    assert not (tmp_path / "out").exists()


def test_the_longest_text_allowed_imports_in_seconds(tmp_path):
    path = tmp_path / "jd.txt"
    path.write_text("销售经理岗位职责：\n" + "1、负责销售工作\n" * (userfiles.MAX_IMPORT_CHARS // 9), encoding="utf-8")
    result, cpu_seconds = child_cpu_seconds(lambda: run_process("import", path, "-o", tmp_path / "out", timeout=240))
    assert result.returncode in (0, 1), result.stderr
    assert "internal error" not in result.stderr
    assert cpu_seconds < 60


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("前台岗位职责")
    document.add_paragraph("1、接待来访客人")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_zip_bomb_is_refused_before_inflating(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info.filename))
        with target.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>')
            chunk = b" " * (1 << 20)
            for _ in range(100):  # 100 MB of XML in ~100 KB
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    assert bomb.stat().st_size < 1_000_000
    result = run_process("import", bomb, "-o", tmp_path / "out", timeout=60)
    assert result.returncode == 1, result.stderr
    assert "inflate" in result.stdout or "holds more than" in result.stdout


@pytest.mark.parametrize("damage", ["truncated", "garbage-xml", "pk-noise"])
def test_a_corrupt_docx_is_not_a_readable_word_file(tmp_path, damage):
    good = _docx_bytes()
    path = tmp_path / "jd.docx"
    if damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "pk-noise":
        path.write_bytes(b"PK\x03\x04" + os.urandom(3000))
    else:
        with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(path, "w") as target:
            for info in source.infolist():
                data = source.read(info.filename)
                target.writestr(info, b"<w:document><unclosed" if info.filename == "word/document.xml" else data)
    result = run("import", path, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "not a readable Word file" in result.output


# ---------------------------------------------------------------- names (item 8)


def test_a_file_name_with_a_newline_does_not_inject_a_line(tmp_path):
    source = tmp_path / "jd\n# injected: yes\nevil: 1.txt"
    source.write_text(JD, encoding="utf-8")
    out = tmp_path / "roles"
    result = run("import", source, "-o", out)
    assert result.exit_code == 0, result.output
    for draft in out.glob("*.yaml"):
        lines = draft.read_text(encoding="utf-8").splitlines()
        assert not [line for line in lines if line.startswith(("# injected", "evil"))], draft
    assert run("check", out).exit_code == 0


def test_a_forged_manifest_cannot_make_force_delete_outside(tmp_path):
    import hashlib
    import json

    source, out = imported_once(tmp_path)
    victim = tmp_path / "victim.yaml"
    victim.write_text("precious: true\n", encoding="utf-8")
    manifest = out / ".jobdesc-import.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["written"]["../victim.yaml"] = hashlib.sha256(victim.read_bytes()).hexdigest()
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert run("import", source, "-o", out, "--force").exit_code == 0
    assert victim.exists()


def test_a_form_heading_as_the_first_text_is_not_an_internal_error(tmp_path):
    """Found by bench/fuzz_hostile.py: text, then a form label line, as the document's start."""
    source = tmp_path / "岗位\u2028说明.txt"
    source.write_text("\t=1\n岗位名称：置业顾问\n{{ 7*7 }}", encoding="utf-8")
    result = run("import", source, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    drafts = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.yaml"))
    assert "\u2028" not in drafts and "岗位\\u2028说明.txt" in drafts  # the name's separator written escaped
    assert run("check", tmp_path / "out").exit_code == 0
