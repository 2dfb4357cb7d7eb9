"""Hostile templates (issue 35, points 3, 7 and 10): they read no hidden file, cannot take
the machine down, and cannot change what they are given; each ends in exit 1 with the
template's file and line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from conftest import small_org_data, write_org
from jobdesc.errors import UserError

SECRET = "ghp_SECRET_TOKEN_0123456789"
REPO = Path(__file__).resolve().parent.parent


def _org(root: Path) -> Path:
    org, roles, processes = small_org_data()
    return write_org(root / "roles", org, roles, processes)


def _repository(tmp_path: Path) -> Path:
    """A repository as actions/checkout leaves it: the CI token in .git/config."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "config").write_text(f'[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n', "utf-8")
    _org(repo)
    return repo


# ---------------------------------------------------------------- point 3: hidden files


def test_a_template_folder_linked_to_the_repository_root_is_refused(tmp_path, run_cli, monkeypatch):
    repo = _repository(tmp_path)
    (repo / "templates").symlink_to(".")  # the attack: templates -> . makes the repository the template folder
    (repo / "jd.html").write_text("<p>\n{% include '.git/config' %}\n</p>\n", "utf-8")
    monkeypatch.chdir(repo)
    for command in (("check", "roles"), ("build", "roles", "-o", tmp_path / "out", "--only", "jd")):
        result = run_cli(*command)
        assert result.exit_code == 1, result.output
        assert "templates:1:1: error: the template folder" in result.output
        assert "it contains the organisation folder" in result.output
        assert SECRET not in result.output
    assert not (tmp_path / "out" / "jd").exists()


@pytest.mark.parametrize("kind, reason", [("holds .git", "root of a git repository"), ("is home", "home folder"),
                                          ("is .git", "inside the hidden folder '.git'")])
def test_a_template_folder_that_is_a_repository_or_the_home_folder_is_refused(tmp_path, run_cli, monkeypatch,
                                                                                kind, reason):
    roles = _org(tmp_path / "org")
    folder = tmp_path / "elsewhere"
    (folder / ".git").mkdir(parents=True)
    if kind == "is home":
        (folder / ".git").rmdir()
        monkeypatch.setenv("HOME", str(folder))
    if kind == "is .git":  # `--templates .git`, then {% include 'config' %}
        folder = folder / ".git"
        (folder / "config").write_text(SECRET, "utf-8")
        (folder / "jd.html").write_text("{% include 'config' %}", "utf-8")
    result = run_cli("check", roles, "--templates", folder)
    assert result.exit_code == 1, result.output
    assert "the template folder" in result.output and "is refused" in result.output
    assert reason in result.output and SECRET not in result.output


@pytest.mark.parametrize("include", [".env", ".ssh/id_rsa", "notes.txt", "sub/.env"])
def test_templates_never_read_hidden_files(tmp_path, run_cli, include):
    roles = _org(tmp_path)
    templates = tmp_path / "templates"
    (templates / ".ssh").mkdir(parents=True)
    (templates / ".ssh" / "id_rsa").write_text(SECRET, "utf-8")
    (templates / ".env").write_text(SECRET, "utf-8")
    (templates / "sub").mkdir()
    (templates / "sub" / ".env").write_text(SECRET, "utf-8")
    if include == "notes.txt":
        (templates / "notes.txt").symlink_to(".env")  # a visible name leading to a hidden file
    (templates / "jd.html").write_text(f"<p>\n\n{{% include '{include}' %}}\n</p>\n", "utf-8")
    result = run_cli("check", roles)
    assert result.exit_code == 1, result.output
    assert SECRET not in result.output
    assert "hidden" in result.output
    # notes.txt is refused as a file of the template folder; the others where they are included
    assert ("notes.txt:1:1: error:" if include == "notes.txt" else "jd.html:3:1: error:") in result.output


def test_the_pdf_fetcher_refuses_hidden_files(tmp_path):
    """WeasyPrint embeds what `<a rel=attachment href=…>` or a stylesheet names: the fetcher
    that serves template folders refuses hidden files, as named and after symlinks."""
    from jobdesc.pdf import FetchRefused, make_url_fetcher

    folder = tmp_path / "templates"
    (folder / ".ssh").mkdir(parents=True)
    for name in (".env", ".ssh/id_rsa"):
        (folder / name).write_text(SECRET, "utf-8")
    (folder / "visible.txt").write_text("plain", "utf-8")
    (folder / "notes.txt").symlink_to(".env")
    fetch = make_url_fetcher([folder])
    response = fetch.fetch((folder / "visible.txt").as_uri())  # files in the folder are served
    assert response.read() == b"plain"
    response.close()
    for name in (".env", ".ssh/id_rsa", "notes.txt"):
        with pytest.raises(FetchRefused):
            fetch.fetch((folder / name).as_uri())


# ---------------------------------------------------------------- point 7: exhausting the machine


def _render(tmp_path: Path, source: str):
    from jobdesc.templating import TemplateSet, render_template

    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "t.html").write_text(source, encoding="utf-8")
    templates = TemplateSet((folder.resolve(), TemplateSet.for_organisation(tmp_path).folders[-1]))
    return render_template(templates.environment(), "t.html", labels={"a": "b"}, items=["x", "y"])


HOSTILE = {  # each on line 3, after two harmless lines
    "a list sum (5.9 GB)": "{% set a = ['x'] * 1000000 %}{{ [a, a, a, a, a, a, a, a]|sum(start=[])|length }}",
    "a quadratic list sum": "{{ ([[1]] * 100000)|sum(start=[])|length }}",
    "a sum of attributes": "{{ ([{'l': ['x'] * 1000000}] * 10)|sum(attribute='l', start=[])|length }}",
    "a join (2.5 GB)": "{% set s = 'a' * 1000000 %}{{ ([s] * 2000)|join|length }}",
    "a str.join": "{% set s = 'a' * 1000000 %}{{ ''.join([s] * 2000)|length }}",
    "integer squaring (61 s)": "{% set ns = namespace(n=7 ** 30000) %}{% for i in range(20) %}"
                               "{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n > 1 }}",
    "a large number divided": "{% set n = 7 ** 35000 %}{{ (n * n % 12345678901234567) > 0 }}",
    "a power": "{{ 10 ** 100000000 }}",
    "concatenation": "{% set s = 'a' * 1000000 %}{{ (s ~ s ~ s ~ s ~ s ~ s ~ s ~ s)|length }}",
    "printing a shared list": "{% set s = 'a' * 1000000 %}{{ [s] * 2000 }}",
    "string of a shared list": "{% set s = 'a' * 1000000 %}{{ ([s] * 2000)|string|length }}",
    "a value grown in a loop": "{% set ns = namespace(l=[]) %}{% for i in range(100000) %}"
                               "{% set ns.l = ns.l + ['a' * 1000] %}{% endfor %}{{ ns.l|length }}",
    "text grown in a loop": "{% set ns = namespace(s='') %}{% for i in range(100000) %}"
                            "{% set ns.s = ns.s ~ ('a' * 1000) %}{% endfor %}{{ ns.s|length }}",
    "batch padding": "{{ items|batch(100000000, 'x')|list|length }}",
    "slice padding": "{{ items|slice(100000000, 'x')|list|length }}",
    "wordwrap": "{{ ('a ' * 1000000)|wordwrap(1, wrapstring='x' * 100)|length }}",
    "replace": "{{ ('a' * 100000)|replace('a', 'b' * 1000)|length }}",
    "format": "{% set s = 'a' * 1000000 %}{{ '%s%s%s%s'|format(s, s, s, s)|length }}",
    "a percent operator": "{% set s = 'a' * 1000000 %}{{ ('%s%s%s' % (s, s, s))|length }}",
    "lipsum": "{{ lipsum(1000000)|length }}",
    "tojson": "{% set s = 'a' * 1000000 %}{{ ([s] * 2000)|tojson|length }}",
}


_RENDER_ONE = """
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, resource.RLIM_INFINITY))  # a kill limit for the machine's sake
from jobdesc.errors import UserError
from jobdesc.templating import BUILTIN_TEMPLATES, TemplateSet, render_template
folder = Path(sys.argv[1])
env = TemplateSet((folder.resolve(), BUILTIN_TEMPLATES.resolve())).environment()
try:
    render_template(env, "t.html", labels={"a": "b"}, items=["x", "y"])
    found = None
except UserError as exc:
    found = [exc.diagnostics[0].code, Path(exc.diagnostics[0].file).name, exc.diagnostics[0].line]
    message = exc.diagnostics[0].message
# VmHWM, this process's own high-water mark: getrusage's ru_maxrss also counts the image of the
# parent it was forked from (Linux keeps it across exec), a pytest worker of several hundred MB.
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"found": found, "message": message if found else "", "peak_mb": peak_kb // 1024}))
"""


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_template_is_stopped_at_its_line_in_little_memory(tmp_path, kind):
    """Each in a process of its own, so its peak memory is its own (main stopped some of
    these too, but only after they had taken GBs, or ran them for minutes)."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.html").write_text("<p>\n</p>\n" + HOSTILE[kind] + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _RENDER_ONE, str(folder)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})  # a generous kill limit
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["found"] == ["template-limit", "t.html", 3], report
    assert report["peak_mb"] < 400, report
    # stopped by a size worked out before the value was made, not by the timer or the memory
    # watchdog after the machine had paid for it (main stopped the loops and lipsum only so)
    assert "ran for more than" not in report["message"] and "MB of memory" not in report["message"], report


def test_an_unforeseen_trick_meets_the_memory_cap(tmp_path, monkeypatch):
    """With every size check switched off, the render's address-space cap still turns a
    3 GB allocation inside one C call (no timer can interrupt it) into a located error."""
    from jobdesc import template_limits, template_watch

    monkeypatch.setattr(template_limits, "MAX_VALUE", 10 ** 15)
    monkeypatch.setattr(template_limits, "MAX_BUILT", 10 ** 15)
    monkeypatch.setattr(template_watch, "MAX_MEMORY_GROWTH", 256 * 1024 * 1024)
    before = template_watch.resource.getrlimit(template_watch.resource.RLIMIT_AS)
    with pytest.raises(UserError) as caught:
        _render(tmp_path, "<p>\n\n{% set s = 'a' * 1000000 %}{{ ([s] * 3000)|join|length }}\n")
    assert caught.value.diagnostics[0].line == 3
    assert "more memory" in caught.value.diagnostics[0].message
    assert template_watch.resource.getrlimit(template_watch.resource.RLIMIT_AS) == before  # restored


def test_ordinary_templates_still_render(tmp_path):
    source = ("{{ '-' * 3 }}{{ '%05d'|format(42) }}{{ 'ab'|center(6) }}{{ 2 ** 10 }}{{ items|join('、') }}"
              "{{ [[1], [2]]|sum(start=[]) }}{{ 'x' ~ 1 ~ 'y' }}{{ labels.a }}{{ items|batch(1)|list|length }}")
    assert _render(tmp_path, source) == "---00042  ab  1024x、y[1, 2]x1yb2"


def test_a_huge_output_stops_at_check_not_in_the_layout(tmp_path, run_cli):
    """Just under the old 64 M limit, WeasyPrint took GBs and the build died of a GLib error (exit 133)."""
    roles = _org(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "jd.html").write_text(
        "<p>\n{% set s = 'a' * 999 ~ ' ' %}{% for i in range(60000) %}{{ s }}{% endfor %}\n</p>\n", "utf-8")
    for command in (("check", roles), ("build", roles, "-o", tmp_path / "out", "--only", "jd")):
        result = run_cli(*command)
        assert result.exit_code == 1, result.output
        assert "jd.html:2:1: error: template stopped: the template's output is over" in result.output


# ---------------------------------------------------------------- point 10: mutating what is given


@pytest.mark.parametrize("mutation", ["{{ labels.clear() }}", "{{ jd.duties.append('x') }}",
                                      "{% set _ = labels.update({'document': 'x'}) %}", "{{ jd.kpis.pop() }}",
                                      "{{ labels.setdefault('x', 1) }}"])
def test_a_template_cannot_change_what_it_is_given(tmp_path, run_cli, mutation):
    roles = _org(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "jd.html").write_text(
        '{% extends "builtin/jd.html" %}\n{% block title %}\n' + mutation + '\n{{ super() }}{% endblock %}\n', "utf-8")
    checked = run_cli("check", roles)
    assert checked.exit_code == 1, checked.output
    assert "jd.html:3:1: error: template" in checked.output  # a list is a tuple (no append), a dict refused
    assert "unsafe" in checked.output or "has no attribute" in checked.output
    built = run_cli("build", roles, "-o", tmp_path / "out", "--only", "jd")
    assert built.exit_code == 1, built.output
    assert "jd.html:3:1: error:" in built.output


def test_check_renders_every_role_with_the_users_template(tmp_path, run_cli):
    """A template that fails on one role's data only: check finds it, as build would."""
    roles = _org(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "jd.html").write_text(  # fails on the last role only
        "<p>\n{{ jd.kpis[0].name if jd.title == '置业顾问' else '' }}{{ jd.no_such_field if jd.title == '置业顾问' }}\n</p>\n",
        "utf-8")
    checked = run_cli("check", roles)
    assert checked.exit_code == 1, checked.output
    assert "jd.html:2:1: error: template error" in checked.output
    assert os.path.exists(roles)


# ---------------------------------------------------------------- point 10: what check accepts, build can afford


def _line_of(result_output: str, file_name: str) -> int:
    located = next(line for line in result_output.splitlines() if f"{file_name}:" in line and ": error: " in line)
    return int(located.split(f"{file_name}:", 1)[1].split(":")[0])


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_role_with_too_many_duties_is_refused_where_it_goes_over(tmp_path, run_cli, command):
    from jobdesc.format.size_rules import MAX_ROLE_ITEMS

    org, roles, processes = small_org_data()
    roles["seller"]["duties"] = [f"接待来访客户第{i}批" for i in range(MAX_ROLE_ITEMS + 5)]
    root = write_org(tmp_path / "roles", org, roles, processes)
    result = run_cli(command, root, *(("-o", tmp_path / "out", "--only", "jd") if command == "build" else ()))
    assert result.exit_code == 1, result.output
    assert f"more than {MAX_ROLE_ITEMS:,} list items" in result.output and "error: duties[" in result.output
    index = int(result.output.split("error: duties[", 1)[1].split("]")[0])
    line = (root / "seller.yaml").read_text("utf-8").splitlines()[_line_of(result.output, "seller.yaml") - 1]
    assert f"接待来访客户第{index}批" in line  # the message points at the duty where the count goes over
    assert not (tmp_path / "out" / "jd").exists()


def test_a_role_with_too_much_text_or_inheriting_too_much_is_refused(tmp_path, run_cli):
    from jobdesc.format.size_rules import MAX_ROLE_CHARS, MAX_ROLE_ITEMS

    org, roles, processes = small_org_data()
    roles["seller"]["duties"] = ["接" * 2000] * (MAX_ROLE_CHARS // 2000 + 1)
    half = MAX_ROLE_ITEMS // 2 + 10
    roles["manager"]["duties"] = [f"制定销售计划{i}" for i in range(half)]
    roles["assistant"]["duties"] = [f"整理会议记录{i}" for i in range(half)]
    roles["assistant"]["extends"] = "manager"  # each is under the limit; with what it inherits it is over
    root = write_org(tmp_path / "roles", org, roles, processes)
    result = run_cli("check", root)
    assert result.exit_code == 1, result.output
    assert f"seller.yaml:" in result.output and f"more than {MAX_ROLE_CHARS:,} characters" in result.output
    assert "assistant.yaml:" in result.output and "error: extends: with the duties it carries" in result.output
    assert "manager.yaml" not in result.output


def test_the_real_organisations_are_far_below_the_role_limits(example_dir, run_cli):
    assert run_cli("check", example_dir).exit_code == 0
    assert run_cli("check", Path(__file__).parent / "orgs" / "seed002").exit_code == 0
