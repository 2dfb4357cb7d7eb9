"""Issue 13, items 1, 7 and 8: files the user gave are read only inside their folder, only
when they are regular files, only up to a size; names are checked to their very end."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from jobdesc.errors import UserError
from jobdesc.format.loader import load_organisation
from jobdesc.templating import BUILTIN_TEMPLATES, TemplateSet, render_template
from jobdesc import userfiles

from conftest import small_org_data, write_org

SECRET = "TOP-SECRET-TOKEN-1234"


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


def _render(folder: Path, name: str) -> str:
    return render_template(TemplateSet((folder.resolve(), BUILTIN_TEMPLATES.resolve())).environment(), name)


def _refused(folder: Path, name: str) -> UserError:
    with pytest.raises(UserError) as caught:
        _render(folder, name)
    assert SECRET not in str(caught.value)
    return caught.value


# ---------------------------------------------------------------- templates (item 1)


def test_include_of_a_file_symlink_leaving_the_folder_is_refused(tmp_path, secret):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "notes.txt").symlink_to(secret)
    (folder / "page.html").write_text('<p>{% include "notes.txt" %}</p>', encoding="utf-8")
    error = _refused(folder, "page.html")
    assert error.diagnostics[0].code == "outside-folder"
    assert "notes.txt" in str(error)


def test_include_through_a_directory_symlink_to_root_is_refused(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "x").symlink_to("/")
    (folder / "page.html").write_text("{% include 'x/etc/passwd' %}", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        _render(folder, "page.html")
    assert caught.value.diagnostics[0].code == "outside-folder"
    assert "root:" not in str(caught.value)


def test_extends_of_a_symlink_leaving_the_folder_is_refused(tmp_path, secret):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "base.html").symlink_to(secret)
    (folder / "page.html").write_text('{% extends "base.html" %}', encoding="utf-8")
    assert _refused(folder, "page.html").diagnostics[0].code == "outside-folder"


def test_a_template_itself_symlinked_outside_is_refused(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "staffing.html").symlink_to("/etc/passwd")
    with pytest.raises(UserError) as caught:
        _render(folder, "staffing.html")
    assert caught.value.diagnostics[0].code == "outside-folder"


def test_a_symlink_staying_inside_the_folder_still_works(tmp_path):
    folder = tmp_path / "templates"
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "real.txt").write_text("inside", encoding="utf-8")
    (folder / "alias.txt").symlink_to(folder / "parts" / "real.txt")
    (folder / "shortcut").symlink_to(folder / "parts")
    (folder / "page.html").write_text('{% include "alias.txt" %}/{% include "shortcut/real.txt" %}', encoding="utf-8")
    assert _render(folder, "page.html") == "inside/inside"


def test_a_fifo_template_is_refused_without_blocking(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "page.html").write_text('{% include "pipe.txt" %}', encoding="utf-8")
    with pytest.raises(UserError) as caught:
        _render(folder, "page.html")
    assert caught.value.diagnostics[0].code == "not-a-file"


def test_the_word_template_is_confined_too(tmp_path, secret):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "jd.docx").symlink_to(secret)
    with pytest.raises(UserError) as caught:
        TemplateSet.for_organisation(tmp_path / "roles", folder).find("jd.docx")
    assert caught.value.diagnostics[0].code == "outside-folder"


def test_build_with_a_leaking_template_stops_with_exit_1(tmp_path, run_cli):
    org, roles, _ = small_org_data()
    root = write_org(tmp_path / "roles", org, roles)
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "staffing.html").symlink_to("/etc/passwd")
    result = run_cli("build", str(root), "-o", str(tmp_path / "out"), "--only", "staffing")
    assert result.exit_code == 1, result.output
    assert "outside the folder" in result.output
    assert not (tmp_path / "out" / "staffing.pdf").exists()


# ---------------------------------------------------------------- organisation files (items 7, 8)


def _org(tmp_path: Path) -> Path:
    org, roles, _ = small_org_data()
    return write_org(tmp_path / "roles", org, roles)


def _codes(root: Path) -> set[str]:
    with pytest.raises(UserError) as caught:
        load_organisation(root)
    return {d.code for d in caught.value.diagnostics}


def test_role_file_symlinked_outside_the_organisation_is_refused(tmp_path):
    root = _org(tmp_path)
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("title: 外部\ndepartment: sales\nduties: [x]\n", encoding="utf-8")
    (root / "leak.yaml").symlink_to(outside)
    assert "outside-folder" in _codes(root)


def test_real_paths_resolved_per_folder_are_those_resolved_per_file(tmp_path, monkeypatch, secret):
    """The loader resolves each folder's real path once (userfiles.RealFolders): whatever a
    file's name, symlink or folder, the outcome is that of resolving its whole path."""
    real = tmp_path / "real"
    (real / "sales").mkdir(parents=True)
    (real / "sales" / "a.yaml").write_text("x", encoding="utf-8")
    (real / "sales" / "inside.yaml").symlink_to(real / "sales" / "a.yaml")
    (real / "sales" / "relative.yaml").symlink_to("../sales/a.yaml")
    (real / "sales" / "leak.yaml").symlink_to(secret)
    (real / "sales" / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    monkeypatch.chdir(tmp_path)

    def outcome(path, root, folders):
        try:
            return str(userfiles.confined(path, root, folders=folders))
        except UserError as exc:
            return exc.diagnostics[0].code

    for root in (real, tmp_path / "linked", Path("linked"), Path("real")):
        folders = userfiles.RealFolders()
        names = ("a.yaml", "inside.yaml", "relative.yaml", "leak.yaml", "dangling.yaml", "missing.yaml")
        outcomes = [outcome(root / "sales" / name, root, folders) for name in names]
        assert outcomes == [outcome(root / "sales" / name, root, None) for name in names]
        assert outcomes[:3] == [str(real / "sales" / "a.yaml")] * 3
        assert outcomes[3:5] == ["outside-folder"] * 2


def test_role_file_that_is_a_fifo_or_a_device_is_refused(tmp_path):
    root = _org(tmp_path)
    os.mkfifo(root / "pipe.yaml")
    (root / "zero.yaml").symlink_to("/dev/zero")
    assert {"not-a-file", "outside-folder"} <= _codes(root)


def test_oversized_role_file_is_refused_before_reading(tmp_path):
    root = _org(tmp_path)
    with (root / "huge.yaml").open("wb") as handle:
        handle.truncate(userfiles.MAX_YAML_BYTES + 1)  # sparse: refused by size, never read
    assert "file-too-large" in _codes(root)


def test_all_files_together_are_bounded(tmp_path, monkeypatch, run_cli):
    root = _org(tmp_path)
    monkeypatch.setattr(userfiles, "MAX_ORG_BYTES", 600)
    result = run_cli("check", str(root))
    assert result.exit_code == 1
    assert "together exceed" in result.output


def test_a_directory_nested_deeper_than_the_recursion_limit_is_walked(tmp_path):
    root = _org(tmp_path)
    deep = root
    for _ in range(1100):  # os.makedirs itself recurses
        deep = deep / "d"
        deep.mkdir()
    try:
        load_organisation(root)
    finally:  # shutil.rmtree (pytest's clean-up) recurses too
        while deep != root:
            deep.rmdir()
            deep = deep.parent


def test_a_file_name_ending_in_a_newline_fails_the_slug_check(tmp_path):
    root = _org(tmp_path)
    (root / "sales-rep\n.yaml").write_text("title: 销售代表\ndepartment: sales\nduties: [x]\n", encoding="utf-8")
    assert "bad-id" in _codes(root)
    processes = root / "processes"
    processes.mkdir()
    (processes / "p\n.yaml").write_text("name: 流程\nactivities: [{name: a, R: [seller], A: manager}]\n",
                                         encoding="utf-8")
    assert "bad-id" in _codes(root)
