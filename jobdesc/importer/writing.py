"""Stage 6: write the organisation directory as YAML text, atomically.

The YAML is written by hand rather than dumped, so it can carry comments for the person
reviewing the draft (where each position came from, what could not be resolved). Every
string is written as a JSON string, which is a valid YAML double-quoted scalar: no value
the user typed can be misread as a number, a date, a boolean or YAML syntax.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Optional

from .. import userfiles
from ..errors import UserError
from .drafted import Item, Organisation, Role
from .typist import join_items

HEADER = "# 由 jobdesc import 从现有岗位说明书生成的草稿：请核对后删去 TODO 注释。\n"


# Written beside the drafts: what this import wrote, by name and hash. `--force` replaces only
# those files, unchanged; anything else in the folder (.git, the input, an edited draft)
# makes it refuse. (`jobdesc import jd.txt -o . --force` used to delete the whole folder.)
MANIFEST = ".jobdesc-import.json"


def q(text: str) -> str:
    # JSON leaves U+2028/U+2029/U+0085 raw, and YAML reads them as line breaks.
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace(
        "\u2029", "\\u2029").replace("\x85", "\\u0085")


def comment(text: str) -> str:
    """Text for a `# ...` comment, on one line whatever it holds: a line break in a file
    name (`jd\\n# injected`) would otherwise start a line of YAML in the draft."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def org_yaml(org: Organisation) -> str:
    lines = [HEADER.rstrip("\n"), f"organization: {q(org.name)}", "departments:"]
    for dept in org.departments:
        lines += [f"  # 来源（{comment(where)}）：{_one_line(text)}" for where, text in dept.sources]
        parent = q(dept.parent) if dept.parent else "null"
        lines += [f"  - id: {q(dept.id)}", f"    name: {q(dept.name)}", f"    parent: {parent}"]
        if dept.duties:
            lines.append("    duties:")
            lines += _items(dept.duties, 6)
    lines += ["handbook:", f"  title: {q(org.name)}", f"  language: {q(org.language)}"]
    if org.external:
        lines.append("# 原文点名、但不在导入文档中的岗位（如上级）：")
        lines.append("external:")
        for ext_id, title in org.external:
            lines += [f"  - id: {q(ext_id)}", f"    title: {q(title)}"]
    if org.leftovers:
        lines.append("# 原文中不属于任何岗位、未能导入的文字（请核对，需要的移入相应文件）：")
        lines += _leftovers(org.leftovers)
    lines += [f"# TODO（{comment(where)}）：{_one_line(text)}" for where, text in org.review_notes]
    return "\n".join(lines) + "\n"


def role_yaml(role: Role) -> str:
    lines = [HEADER.rstrip("\n"), f"# 来源：{comment(role.source)}", f"title: {q(role.title)}"]
    if role.external_title:
        lines.append(f"external_title: {q(role.external_title)}")
    lines.append(f"department: {q(role.department)}")
    if role.reports_to:
        lines.append(f"reports_to: {q(role.reports_to)}")
    if role.dotted_to:
        lines.append("dotted_to: [" + ", ".join(q(d) for d in role.dotted_to) + "]")
    for todo in role.todos:
        lines.append(f"# TODO: {comment(todo)}")
    if role.grade:
        lines.append(f"grade: {q(role.grade)}")
    if role.headcount is not None:  # only figures the source states: no default is ever written
        lines += ["headcount:", f"  budget: {role.headcount}"]
        if role.filled is not None:
            lines.append(f"  filled: {role.filled}")
        else:
            lines.append("  # TODO: 原文只写了编制人数，未写在岗人数（filled）")
        if role.incumbents and role.filled == len(role.incumbents):
            lines.append("incumbents: [" + ", ".join(q(n) for n in role.incumbents) + "]")
    if role.summary:
        lines.append(f"summary: {q(role.summary)}")
    if role.extends:
        lines.append(f"extends: {q(role.extends)}")
    lines.append("duties:")
    lines += _items(role.duties, 2)
    if role.kpis:
        lines.append("# 从职责原文识别的考核指标（未设权重）：")
        lines.append("kpis:")
        for kpi in role.kpis:
            lines += [f"  - name: {q(kpi.name)}", f"    target: {kpi.target}", f"    unit: {q(kpi.unit)}",
                      f"    period: {kpi.period}"]
    lines += _qualifications(role.qualifications)
    if role.authority:
        lines.append("authority:")
        lines += [f"  - {q(t)}" for t in role.authority]
    relations = {k: v for k, v in role.relations.items() if v}
    if relations:
        lines.append("relations:")
        for key, values in relations.items():
            lines.append(f"  {key}: [" + ", ".join(q(v) for v in values) + "]")
    if role.reports:
        lines.append("reports:")
        for name, to, due, period, where, text in role.reports:
            lines += [f"  # 原文（{comment(where)}）：{_one_line(text)}", f"  - name: {q(name)}",
                      f"    to: {q(to)}" if isinstance(to, str) else "    to: [" + ", ".join(map(q, to)) + "]"]
            if period:
                lines.append(f"    period: {q(period)}")
            if due:
                lines.append(f"    due: {q(due)}")
    if role.workflow:
        lines.append("workflow:")
        lines += _items(role.workflow, 2)
    for text in role.unmapped:
        lines.append(f"# 未能映射到字段：{_one_line(text)}")
    lines += _leftovers(role.leftovers)
    return "\n".join(lines) + "\n"


def _leftovers(leftovers: list[tuple[str, str]]) -> list[str]:
    """Text the importer did not understand, kept where it stood, for a person to place."""
    return [f"# TODO 未导入（{comment(where)}）：{_one_line(text)}" for where, text in leftovers]


def _qualifications(groups: dict[str, list[str]]) -> list[str]:
    if not groups:
        return []
    lines = ["qualifications:"]
    for key in ("education", "experience"):
        if groups.get(key):
            lines.append(f"  {key}: {q(join_items(groups[key]))}")
    for key in ("skills", "other"):
        if groups.get(key):
            lines.append(f"  {key}:")
            lines += [f"    - {q(t)}" for t in groups[key]]
    return lines


def _items(items: list[Item], indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for item in items:
        if item.items:
            lines.append(f"{pad}- text: {q(item.text)}")
            lines.append(f"{pad}  items:")
            lines += _items(item.items, indent + 4)
        else:
            lines.append(f"{pad}- {q(item.text)}")
    return lines


def _one_line(text: str) -> str:
    return comment(" ".join(text.split()))


def check_target(out_dir: Path, force: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError.at(out_dir, 1, 1, "import-output", f"{out_dir} exists and is not a folder")
    if not out_dir.is_dir() or not any(out_dir.iterdir()):
        return
    if not force:
        raise UserError.at(out_dir, 1, 1, "import-output",
                           f"{out_dir} is not empty: choose a new folder, or pass --force to replace "
                           "what an earlier `jobdesc import` wrote there")
    foreign = _not_ours(out_dir)
    if foreign:
        shown = ", ".join(foreign[:8]) + (f" and {len(foreign) - 8} more" if len(foreign) > 8 else "")
        raise UserError.at(out_dir, 1, 1, "import-output",
                           f"--force replaces only the drafts an earlier `jobdesc import` wrote, unchanged; "
                           f"{out_dir} also holds what jobdesc did not write (or what was edited since): "
                           f"{shown}. Choose a new folder, or move those away")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads(userfiles.read_bytes(out_dir / MANIFEST, userfiles.MAX_YAML_BYTES, root=out_dir))
        written = data["written"]
        return {str(k): str(v) for k, v in written.items()} if isinstance(written, dict) else {}
    except (UserError, ValueError, KeyError, TypeError, AttributeError):
        return {}


# Folders the importer writes besides the role files (chapters/NN-slug.md).
OWN_FOLDERS = ("chapters", "meetings", "processes")
_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def _own_name(name: str) -> bool:
    """A name the importer may have written: a plain *.yaml, or chapters/NN-slug.md (the
    manifest is a file in a folder anybody may edit: it must not name ../anything)."""
    if "\\" in name or name.startswith("."):
        return False
    parts = name.split("/")
    if len(parts) == 1:
        return name.endswith(".yaml")
    if len(parts) != 2 or parts[0] not in OWN_FOLDERS:
        return False
    stem, dot, suffix = parts[1].rpartition(".")
    return bool(dot) and suffix in ("md", "yaml") and stem[:1].isalnum() and set(stem) <= _SLUG_CHARS


def _still_ours(out_dir: Path, name: str, expected: str) -> bool:
    """A draft the earlier import wrote, unchanged."""
    path = out_dir / name
    if not _own_name(name):
        return False
    if path.is_symlink() or path.parent.is_symlink() or not path.is_file():
        return False
    try:
        return _digest(userfiles.read_bytes(path, userfiles.MAX_YAML_BYTES, root=out_dir)) == expected
    except UserError:
        return False


def _not_ours(out_dir: Path) -> list[str]:
    """Entries of `out_dir` that the last import did not write exactly as they are now."""
    written = _manifest(out_dir)
    foreign = []
    for entry in sorted(out_dir.iterdir(), key=lambda p: p.name):
        if entry.name == MANIFEST:
            continue
        if entry.name in OWN_FOLDERS and entry.is_dir() and not entry.is_symlink():
            for inner in sorted(entry.iterdir(), key=lambda p: p.name):
                name = f"{entry.name}/{inner.name}"
                if name not in written or not _still_ours(out_dir, name, written[name]):
                    foreign.append(name)
            continue
        expected = written.get(entry.name)
        if expected is None or not _still_ours(out_dir, entry.name, expected):
            foreign.append(entry.name)
    return foreign


def _drafts(org: Organisation, out_dir: Path) -> dict[str, bytes]:
    files = {"org.yaml": org_yaml(org).encode("utf-8")}
    for role in org.roles:
        data = role_yaml(role).encode("utf-8")
        if len(data) > userfiles.MAX_YAML_BYTES:
            raise UserError.at(out_dir / f"{role.id}.yaml", 1, 1, "import-too-large",
                               f"the draft of position '{role.title}' ({role.source}) would be "
                               f"{len(data) / userfiles.MB:.1f} MB, over the {userfiles.MAX_YAML_BYTES // userfiles.MB} MB "
                               "a role file may have: is the document one position? Split it and import again")
        files[f"{role.id}.yaml"] = data
    for name, text in org.chapters:
        files[f"chapters/{name}"] = text.encode("utf-8")
    for name, text in org.meetings:
        files[f"meetings/{name}"] = text.encode("utf-8")
    for name, text in org.processes:
        files[f"processes/{name}"] = text.encode("utf-8")
    return files


def write_directory(org: Organisation, out_dir: Path, force: bool,
                    validate: Optional[callable] = None) -> list[Path]:
    """Write the drafts into a staging folder, check them, then move them into place.

    A new folder is created whole (the staging folder beside it is renamed). Into an existing
    folder (empty, or holding only an earlier import's unchanged drafts, see check_target) the
    drafts are moved one by one from a staging folder inside it, then the earlier import's
    drafts that this one did not write again are removed: nothing else is ever touched."""
    check_target(out_dir, force)
    out_dir = out_dir.absolute()
    files = _drafts(org, out_dir)
    existing = out_dir.is_dir()
    if not existing:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".jobdesc-import-", dir=out_dir if existing else out_dir.parent))
    try:
        for name, data in files.items():
            (staging / name).parent.mkdir(exist_ok=True)
            (staging / name).write_bytes(data)
        if validate is not None:
            validate(staging)
        manifest = json.dumps({"written": {n: _digest(d) for n, d in files.items()}}, indent=1, sort_keys=True)
        if existing:
            _move_into(staging, out_dir, files, manifest)
        else:
            (staging / MANIFEST).write_text(manifest + "\n", encoding="utf-8")
            os.replace(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / name for name in files]


def _move_into(staging: Path, out_dir: Path, files: dict[str, bytes], manifest: str) -> None:
    earlier = _manifest(out_dir)
    for name in files:
        (out_dir / name).parent.mkdir(exist_ok=True)
        os.replace(staging / name, out_dir / name)
    for name in sorted(set(earlier) - set(files)):
        if _still_ours(out_dir, name, earlier[name]):
            (out_dir / name).unlink()
    for folder in OWN_FOLDERS:
        if (staging / folder).is_dir():
            (staging / folder).rmdir()
        if (out_dir / folder).is_dir() and not (out_dir / folder).is_symlink() and not any((out_dir / folder).iterdir()):
            (out_dir / folder).rmdir()
    (staging / MANIFEST).write_text(manifest + "\n", encoding="utf-8")
    os.replace(staging / MANIFEST, out_dir / MANIFEST)
    staging.rmdir()
