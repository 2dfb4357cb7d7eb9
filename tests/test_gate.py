"""The CI gate tells the truth: `check` fails whenever `build` would, the machine's problems
are plain one-line messages (exit 2, never "internal error"), and --debug works everywhere."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import small_org_data, write_org
from jobdesc.cli import main


def _org(tmp_path: Path, **role_changes) -> Path:
    org, roles, processes = small_org_data()
    for role_id, changes in role_changes.items():
        roles[role_id].update(changes)
    return write_org(tmp_path / "org", org, roles, processes)


def _templates(org_dir: Path, files: dict[str, str | bytes]) -> Path:
    folder = org_dir.parent / "templates"  # the folder both commands pick up beside the organisation
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        target = folder / name
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def _broken_docx(tmp_path: Path) -> bytes:
    bad = tmp_path / "not-word.docx"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("hello.txt", "this zip is no Word document")
    return bad.read_bytes()


# Each kind of input `build` refuses before layout, and where its message must point.
REFUSED = {
    "private-use character": (lambda tmp: _org(tmp, manager={"title": "销售\ue000经理"}), "manager.yaml:"),
    "control character": (lambda tmp: _org(tmp, seller={"duties": ["接待\x07来访客户"]}), "seller.yaml:"),
    "template syntax error": (lambda tmp: _templates(_org(tmp), {"jd.html": "{% if %}\n"}).parent / "org",
                              "jd.html:1:"),
    "template naming nothing": (lambda tmp: _templates(_org(tmp), {"jd.html": "{{ jd.no_such_field }}\n"}).parent / "org",
                                "jd.html:1:"),
    "Word template not a .docx": (lambda tmp: _templates(_org(tmp), {"jd.docx": _broken_docx(tmp)}).parent / "org",
                                  "jd.docx:1:1"),
}


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_check_fails_whenever_build_would(tmp_path, run_cli, kind):
    make, where = REFUSED[kind]
    org_dir = make(tmp_path)
    checked = run_cli("check", org_dir)
    assert checked.exit_code == 1, checked.output
    assert where in checked.output and ": error: " in checked.output
    built = run_cli("build", org_dir, "-o", tmp_path / "out", "--only", "staffing")
    assert built.exit_code == 1, built.output
    assert where in built.output
    assert not (tmp_path / "out" / "staffing.pdf").exists()


def test_check_passes_a_directory_build_accepts(tmp_path, run_cli):
    org_dir = _templates(_org(tmp_path), {"jd.css": "h1 { color: #123456; }\n"}).parent / "org"
    assert run_cli("check", org_dir).exit_code == 0
    assert run_cli("build", org_dir, "-o", tmp_path / "out", "--only", "staffing").exit_code == 0


def _jobdesc(*args: str, env: dict | None = None, wrap: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*wrap, sys.executable, "-m", "jobdesc", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def _plain_environment_message(proc: subprocess.CompletedProcess, *expected: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("jobdesc:")]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("jobdesc: error: ")
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    for text in expected:
        assert text in lines[0], lines[0]


def test_missing_fonts_say_what_to_install(tmp_path):
    conf = tmp_path / "fonts.conf"  # a fontconfig that knows no fonts at all
    conf.write_text('<?xml version="1.0"?>\n<fontconfig><cachedir>%s</cachedir></fontconfig>\n' % (tmp_path / "fc"))
    env = {"FONTCONFIG_FILE": str(conf), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    org_dir = _org(tmp_path)
    _plain_environment_message(_jobdesc("check", str(org_dir), env=env), "fonts-noto-cjk")
    _plain_environment_message(_jobdesc("build", str(org_dir), "-o", str(tmp_path / "out"), env=env),
                               "fonts-noto-cjk")
    assert not (tmp_path / "out" / "jd").exists()


@pytest.mark.parametrize("value", ["1e99", "-5", "99999999999999999999", "yesterday", "２０２６"])
def test_source_date_epoch_out_of_range(tmp_path, value):
    proc = _jobdesc("build", str(_org(tmp_path)), "-o", str(tmp_path / "out"), "--only", "staffing",
                    env={"SOURCE_DATE_EPOCH": value})
    _plain_environment_message(proc, "SOURCE_DATE_EPOCH")
    assert not (tmp_path / "out").exists()


def test_output_folder_inside_a_file(tmp_path):
    (tmp_path / "a-file").write_text("x")
    proc = _jobdesc("build", str(_org(tmp_path)), "-o", str(tmp_path / "a-file" / "out"), "--only", "staffing")
    _plain_environment_message(proc, "is not a folder")


# Ways to get a mount namespace, tried in order: as root; as root in a chroot (where the root's
# propagation cannot be changed); through a user namespace, without root.
_UNSHARE_VARIANTS = (("unshare", "--mount"), ("unshare", "--mount", "--propagation", "unchanged"),
                     ("unshare", "--user", "--map-root-user", "--mount"))


def _in_own_mount(folder: Path, options: str) -> tuple[str, ...]:
    """Run the command in a mount namespace where `folder` is a small tmpfs: a read-only or
    full disk, for real, seen only by that command."""
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is needed for the read-only and full-disk tests")
    for variant in _UNSHARE_VARIANTS:
        if subprocess.run([*variant, "true"], capture_output=True).returncode == 0:
            script = f'mount -t tmpfs -o {options} tmpfs "$0" && exec "$@"'
            return (*variant, "sh", "-c", script, str(folder))
    pytest.fail("this machine allows no mount namespace (unshare), needed for the read-only and full-disk tests")


@pytest.mark.parametrize("mount_options, parts, expected", [
    ("ro,size=1m", "staffing", "read-only"),
    ("size=40k", "jd", "disk is full"),  # room for the folders, not for the build's files
])
def test_read_only_or_full_output_folder(tmp_path, mount_options, parts, expected):
    out = tmp_path / "mnt"
    out.mkdir()
    proc = _jobdesc("build", str(_org(tmp_path)), "-o", str(out / "build"), "--only", parts,
                    wrap=_in_own_mount(out, mount_options))
    _plain_environment_message(proc, expected)


@pytest.mark.parametrize("args", [
    ("--debug", "check"), ("check", "--debug"), ("schema", "--debug"), ("build", "--debug", "--only", "staffing"),
    ("import", "--debug"),
])
def test_debug_is_accepted_after_every_command(tmp_path, run_cli, args):
    if args[0] == "import":
        source = tmp_path / "jd.txt"
        source.write_text("岗位名称：销售经理\n岗位职责：\n1、制定销售计划\n", "utf-8")
        args = (*args, str(source), "-o", str(tmp_path / "drafted"))
    elif "schema" not in args:
        args = (*args, str(_org(tmp_path)))
        if "build" in args:
            args = (*args, "-o", str(tmp_path / "out"))
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    assert "no such option" not in result.output.lower()


def test_debug_shows_the_traceback_of_an_internal_error(tmp_path, monkeypatch):
    import jobdesc.preflight

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(jobdesc.preflight, "check_printable", broken)
    org_dir = _org(tmp_path)
    result = CliRunner().invoke(main, ["check", str(org_dir)])
    assert result.exit_code == 2 and "internal error: ZeroDivisionError: a bug" in result.output
    assert "--debug" in result.output
    with pytest.raises(ZeroDivisionError):
        CliRunner().invoke(main, ["check", str(org_dir), "--debug"], catch_exceptions=False)


def test_import_takes_out_characters_check_would_refuse_and_says_where(tmp_path, run_cli):
    source = tmp_path / "jd.txt"
    # A broken converter's private-use leftovers on line 3; a Wingdings bullet (U+F0D8) on line 4.
    source.write_text("岗位名称：客服专员\n岗位职责：\n1、建立客户个人档案\ue47b\ue300并及时更新\n\uf0d8 接听客户电话\n",
                      "utf-8")
    result = run_cli("import", source, "-o", tmp_path / "drafted")
    assert result.exit_code == 0, result.output
    assert f"{source}:3: U+E47B U+E300" in result.output
    assert ":4:" not in result.output  # the bullet is a bullet, not a broken character
    drafted = (tmp_path / "drafted").rglob("*.yaml")
    text = "".join(p.read_text("utf-8") for p in drafted)
    assert "建立客户个人档案并及时更新" in text and "接听客户电话" in text
    assert run_cli("check", tmp_path / "drafted").exit_code == 0
