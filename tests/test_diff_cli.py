"""`jobdesc diff OLD NEW`: the formats, bad input and REV:PATH (in a git repository made here)."""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import small_org_data, write_org


def changed_pair(tmp_path: Path) -> tuple[Path, Path]:
    org, roles, processes = small_org_data()
    old = write_org(tmp_path / "old", org, roles, processes)
    org, roles, processes = copy.deepcopy((org, roles, processes))
    roles["seller"]["title"] = "高级置业顾问"
    roles["seller"]["headcount"] = {"budget": 5, "filled": 2}
    roles["seller"]["duties"] = ["接待来访客户并做好登记"]
    roles["trainee"] = {"title": "见习顾问", "department": "sales", "reports_to": "seller", "duties": ["学习销讲"],
                        "headcount": {"budget": 1, "filled": 1}}
    processes["contract"]["activities"][0]["I"] = []
    return old, write_org(tmp_path / "new", org, roles, processes)


def test_text_without_a_terminal_marks_words(tmp_path, run_cli):
    old, new = changed_pair(tmp_path)
    result = run_cli("diff", old, new)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "\x1b[" not in out  # not a terminal: no colour codes
    assert "新增岗位 1 个；更名 1 个；内容变更 1 个；流程活动变更 1 项；编制 5 → 8 (+3)，在岗 4 → 5 (+1)，空缺 1 → 3 (+2)" in out
    assert "岗位名称: {+高级+}置业顾问" in out
    assert "岗位职责: 接待来访客户{+并做好登记+}" in out
    assert "+ 见习顾问 (trainee) · 销售部" in out
    assert "合同订立: 运营长 (coo) [-I-]" in out
    assert "销售部: 5 → 8 (+3) / 4 → 5 (+1) / 1 → 3 (+2)" in out


def test_text_in_colour(tmp_path):
    from jobdesc.diff import diff_versions
    from jobdesc.diff.formats import render

    old, new = changed_pair(tmp_path)
    out = render(diff_versions(str(old), str(new)), "text", color=True)
    assert "\x1b[32m\x1b[4m高级\x1b[0m置业顾问" in out  # green, underlined insertion
    assert "[-" not in out and "{+" not in out


def test_markdown_and_github(tmp_path, run_cli):
    old, new = changed_pair(tmp_path)
    markdown = run_cli("diff", old, new, "--format", "markdown").output
    assert "#### \\~ 高级置业顾问 (seller) · 销售部" in markdown
    assert "- **岗位职责**: 接待来访客户<ins>并做好登记</ins>" in markdown
    assert "<details>" not in markdown
    github = run_cli("diff", old, new, "--format", "github").output
    lines = github.splitlines()
    assert lines[0].startswith("## jobdesc diff `") and "**新增岗位 1 个" in lines[2]
    table = lines.index("| 部门 | 编制 | 在岗 | 空缺 |")
    assert lines[table + 2] == "| 销售部 | 5 → 8 (+3) | 4 → 5 (+1) | 1 → 3 (+2) |"
    assert lines[table + 3] == "| **合计** | 5 → 8 (+3) | 4 → 5 (+1) | 1 → 3 (+2) |"
    assert "<details><summary>~ 高级置业顾问 (seller) · 销售部</summary>" in lines
    assert github.count("<details>") == github.count("</details>") == 3  # two positions, one process
    assert "- **岗位名称**: <ins>高级</ins>置业顾问" in lines


def test_json(tmp_path, run_cli):
    old, new = changed_pair(tmp_path)
    data = json.loads(run_cli("diff", old, new, "--format", "json").output)
    assert data["changed"] is True
    assert data["counts"]["added"] == 1 and data["counts"]["renamed"] == 1
    seller = next(p for p in data["positions"] if p["id"] == "seller")
    assert seller["renamed"]["segments"] == [{"op": "insert", "text": "高级"}, {"op": "equal", "text": "置业顾问"}]
    assert data["headcount"][-1]["delta"] == {"budget": 3, "filled": 1, "vacant": 2}


@pytest.mark.parametrize("fmt", ["text", "markdown", "github"])
def test_identical_versions_print_no_changes(tmp_path, run_cli, fmt):
    old, _new = changed_pair(tmp_path)
    result = run_cli("diff", old, old, "--format", fmt)
    assert result.exit_code == 0 and "no changes" in result.output
    assert len(result.output.strip().splitlines()) <= 3


def test_output_is_deterministic(tmp_path, run_cli):
    old, new = changed_pair(tmp_path)
    assert run_cli("diff", old, new, "--format", "json").output == run_cli("diff", old, new, "--format", "json").output


def test_invalid_version_says_which_and_where(tmp_path, run_cli):
    old, new = changed_pair(tmp_path)
    (new / "seller.yaml").write_text("title: 置业顾问\ndepartment: nowhere\nduties: [x]\n", "utf-8")
    result = run_cli("diff", old, new)
    assert result.exit_code == 1
    assert "NEW (" in result.output and "is not a valid organisation" in result.output
    assert "seller.yaml:2:13: error:" in result.output and "nowhere" in result.output
    assert "OLD (" not in result.output


@pytest.mark.parametrize("args, message", [
    (["{tmp}/missing", "{tmp}/old"], "'{tmp}/missing' does not exist (give an organisation folder, or REV:PATH for a git revision)"),
    (["{tmp}/old", "{tmp}/old/seller.yaml"], "'{tmp}/old/seller.yaml' is not a folder (give an organisation folder, or REV:PATH for a git revision)"),
    (["{tmp}/old", "main:roles"], "'main:roles' reads a git revision, but the current directory is not in a git repository"),
])
def test_missing_path_exits_2_on_one_line(tmp_path, run_cli, args, message, monkeypatch):
    changed_pair(tmp_path)
    monkeypatch.chdir(tmp_path)  # not a git repository
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run_cli("diff", *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2
    assert result.output == f"jobdesc diff: error: {message.format(tmp=tmp_path)}\n"


# ---------------------------------------------------------------- REV:PATH


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout



def _require_git() -> None:
    """scripts/install.sh "[test]" installs git, so in CI a missing git fails the test."""
    if shutil.which("git") is None:
        if os.environ.get("CI"):
            pytest.fail("git is not installed (scripts/install.sh \"[test]\" installs it)")
        pytest.skip("git is not installed")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit has the small organisation in roles/; the work tree then
    carries uncommitted edits."""
    _require_git()
    repo = tmp_path / "repo"
    org, roles, processes = small_org_data()
    write_org(repo / "roles", org, roles, processes)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    seller = yaml.safe_load((repo / "roles" / "seller.yaml").read_text("utf-8"))
    seller["title"] = "高级置业顾问"
    (repo / "roles" / "seller.yaml").write_text(yaml.safe_dump(seller, allow_unicode=True), "utf-8")
    return repo


def jobdesc(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jobdesc", *args], cwd=cwd, capture_output=True, text=True)


def test_revision_against_the_work_tree(repo):
    status_before = git(repo, "status", "--porcelain")
    result = jobdesc(repo, "diff", "main:roles", "roles")
    assert result.returncode == 0, result.stderr
    assert "岗位名称: {+高级+}置业顾问" in result.stdout
    assert result.stdout.splitlines()[0].startswith("jobdesc diff main:roles → roles")
    assert git(repo, "status", "--porcelain") == status_before == " M roles/seller.yaml\n"
    assert "{+高级+}" not in jobdesc(repo, "diff", "main:roles", "HEAD:roles").stdout  # both committed
    # From a sub-folder, git's REV:./PATH is relative to it.
    assert "{+高级+}" in jobdesc(repo / "roles", "diff", "main:./", ".").stdout


def test_revision_that_is_invalid_is_located_in_that_revision(repo):
    (repo / "roles" / "manager.yaml").write_text("title: [\n", "utf-8")
    git(repo, "commit", "-q", "-am", "broken")
    result = jobdesc(repo, "diff", "HEAD:roles", "HEAD~1:roles")
    assert result.returncode == 1
    assert "OLD (HEAD:roles) is not a valid organisation" in result.stderr
    assert "HEAD:roles/manager.yaml:2:1: error:" in result.stdout
    assert "NEW" not in result.stderr


@pytest.mark.parametrize("spec, message", [
    ("nosuch:roles", "unknown revision 'nosuch' (in 'nosuch:roles')"),
    ("main:nowhere", "path 'nowhere' does not exist in revision 'main'"),
    ("main:roles/seller.yaml", "path 'roles/seller.yaml' in revision 'main' is a file, not an organisation folder"),
])
def test_unknown_revision_or_path_exits_2(repo, spec, message):
    result = jobdesc(repo, "diff", spec, "roles")
    assert result.returncode == 2
    assert result.stderr.strip() == f"jobdesc diff: error: {message}"
    assert result.stdout == ""


def test_plain_folders_need_no_git(tmp_path, monkeypatch):
    old, new = changed_pair(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # git cannot be found
    result = subprocess.run([sys.executable, "-m", "jobdesc", "diff", str(old), str(new)],
                            capture_output=True, text=True, env={**os.environ})
    assert result.returncode == 0, result.stderr
    assert "{+高级+}" in result.stdout


def test_readme_shows_real_output(tmp_path):
    """The README's diff section is this command's output on the reorganised example."""
    from tests.diff_example import EXAMPLE, reorganised_example

    _require_git()
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo / "roles")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "example")
    shutil.rmtree(repo / "roles")
    reorganised_example(repo / "roles")
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    for command, keep in (("jobdesc diff main:roles roles", None), ("jobdesc diff main:roles roles --format github", 10)):
        shown = readme.split(f"$ {command}\n", 1)[1].split("```", 1)[0]
        output = jobdesc(repo, *command.split()[1:]).stdout
        if keep is not None:
            output = "\n".join(output.splitlines()[:keep]) + "\n...\n"
        assert shown == output


def test_github_summary_stays_under_its_size_limit(tmp_path, monkeypatch):
    """GitHub refuses a job summary over 1 MiB: details stop short and say how many are left out."""
    from jobdesc.diff import diff_versions
    from jobdesc.diff import formats

    old, new = changed_pair(tmp_path)
    changes = diff_versions(str(old), str(new))
    full = formats.render(changes, "github")
    first_block_end = full.index("</details>") + len("</details>\n")
    monkeypatch.setattr(formats, "SUMMARY_BUDGET", len(full[:first_block_end].encode()) + 10)
    cut = formats.render(changes, "github")
    assert cut.count("<details>") == full.count("<details>") - 1
    assert "另有 1 个岗位的变更未列出" in cut
    assert "| **合计** |" in cut and "合同审批" in cut  # the table and the processes are kept


# ---------------------------------------------------------------- REV:PATH read as git stores it


def test_a_trees_gitattributes_cannot_hide_a_role(repo):
    """`export-ignore` in the revision's own .gitattributes hid an added role from `git archive`."""
    git(repo, "checkout", "-q", "--", ".")
    trainee = {"title": "见习顾问", "department": "sales", "reports_to": "seller", "duties": ["学习销讲"]}
    (repo / "roles" / "hidden.yaml").write_text(yaml.safe_dump(trainee, allow_unicode=True), "utf-8")
    (repo / "roles" / ".gitattributes").write_text("hidden.yaml export-ignore\n", "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "adds a role and hides it")
    result = jobdesc(repo, "diff", "HEAD~1:roles", "HEAD:roles")
    assert result.returncode == 0, result.stderr
    assert "+ 见习顾问 (hidden)" in result.stdout


def test_links_in_a_tree_are_treated_as_the_loader_treats_them(repo):
    git(repo, "checkout", "-q", "--", ".")
    seller = yaml.safe_load((repo / "roles" / "seller.yaml").read_text("utf-8"))
    seller["title"] = "链接顾问"
    shared = repo / "shared"
    shared.mkdir()
    (shared / "seller.txt").write_text(yaml.safe_dump(seller, allow_unicode=True), "utf-8")
    (repo / "roles" / "seller.yaml").unlink()
    (repo / "roles" / "seller.yaml").symlink_to("../shared/seller.txt")  # leads out of roles/: refused
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "link out")
    result = jobdesc(repo, "diff", "HEAD~1:roles", "HEAD:roles")
    assert result.returncode == 1, result.stderr
    assert "HEAD:roles/seller.yaml:1:1: error:" in result.stdout and "outside the folder" in result.stdout
    assert "链接顾问" not in result.stdout + result.stderr

    (repo / "roles" / "seller.yaml").unlink()
    (repo / "roles" / "seller.yaml.txt").write_text(yaml.safe_dump(seller, allow_unicode=True), "utf-8")
    (repo / "roles" / "seller.yaml").symlink_to("seller.yaml.txt")  # inside roles/: followed
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "link inside")
    result = jobdesc(repo, "diff", "HEAD~2:roles", "HEAD:roles")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "岗位名称: [-置业-]{+链接+}顾问" in result.stdout  # read through the link


MEASURE_CHILD = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(done.returncode, peak_kb)
sys.stderr.write(done.stdout + done.stderr)
"""


def test_a_1_gb_blob_is_refused_without_reading_it(repo):
    """git archive put the whole revision in memory (1 GB of zeros: 2 GB)."""
    git(repo, "checkout", "-q", "--", ".")
    with open(repo / "roles" / "huge.yaml", "wb") as handle:
        handle.truncate(1 << 30)  # sparse: git streams it into a pack of about a megabyte
    git(repo, "-c", "core.bigFileThreshold=1m", "add", "roles/huge.yaml")
    git(repo, "commit", "-q", "-m", "huge")
    measured = subprocess.run([sys.executable, "-c", MEASURE_CHILD, sys.executable, "-m", "jobdesc", "diff",
                               "HEAD~1:roles", "HEAD:roles"], cwd=repo, capture_output=True, text=True, timeout=600)
    code, peak_kb = map(int, measured.stdout.split())
    assert peak_kb < 400 * 1024, f"peak {peak_kb // 1024} MB"  # generous: jobdesc alone takes ~100 MB; measured 36 MB
    assert code == 1, measured.stderr
    assert "HEAD:roles/huge.yaml:1:1: error: file is 1024.0 MB in this revision; files over 1 MB are refused" \
        in measured.stderr
    assert "Traceback" not in measured.stderr


def test_a_crafted_tree_with_a_dot_dot_entry_is_refused(repo):
    """`git mktree` accepts an entry named '..': written as is, it would land outside the folder."""
    blob = git(repo, "hash-object", "-w", "roles/org.yaml").strip()
    inner = subprocess.run(["git", "mktree"], cwd=repo, input=f"100644 blob {blob}\t..\n", capture_output=True,
                           text=True, check=True).stdout.strip()
    top = subprocess.run(["git", "mktree"], cwd=repo, input=f"040000 tree {inner}\troles\n", capture_output=True,
                         text=True, check=True).stdout.strip()
    commit = git(repo, "commit-tree", top, "-m", "crafted").strip()
    result = jobdesc(repo, "diff", f"{commit}:roles", "roles")
    assert result.returncode == 1, result.stderr
    assert f"{commit}:roles:1:1: error: the revision holds a file named '..'" in result.stdout


def test_a_revisions_chapter_finds_its_picture_and_the_file_it_links_to(repo):
    """Pictures get their content; other files are there (empty) for a chapter's link to find."""
    from PIL import Image

    git(repo, "checkout", "-q", "--", ".")
    (repo / "roles" / "chapters").mkdir()
    (repo / "roles" / "pictures").mkdir()
    (repo / "roles" / "docs").mkdir()
    Image.new("RGB", (4, 3), "white").save(repo / "roles" / "pictures" / "chart.png")
    (repo / "roles" / "docs" / "policy.pdf").write_bytes(b"%PDF-1.4 not read")
    (repo / "roles" / "chapters" / "intro.md").write_text(
        "# 总则\n\n见[制度](../docs/policy.pdf)。\n\n![组织图](../pictures/chart.png)\n", "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a chapter")
    result = jobdesc(repo, "diff", "HEAD~1:roles", "HEAD:roles")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "总则" in result.stdout
