"""Stage 6: write the organisation directory as YAML text, atomically.

The YAML is written by hand rather than dumped, so it can carry comments for the person
reviewing the draft (where each position came from, what could not be resolved). Every
string is written as a JSON string, which is a valid YAML double-quoted scalar: no value
the user typed can be misread as a number, a date, a boolean or YAML syntax.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Optional

from ..errors import UserError
from .building import Item, Organisation, Role

HEADER = "# 由 jobdesc import 从现有岗位说明书生成的草稿：请核对后删去 TODO 注释。\n"


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def org_yaml(org: Organisation) -> str:
    lines = [HEADER.rstrip("\n"), f"organization: {q(org.name)}", "departments:"]
    for dept in org.departments:
        lines += [f"  - id: {q(dept.id)}", f"    name: {q(dept.name)}", "    parent: null"]
        if dept.duties:
            lines.append("    duties:")
            lines += _items(dept.duties, 6)
    lines += ["handbook:", f"  title: {q(org.name)}", f"  language: {q(org.language)}"]
    if org.external:
        lines.append("# 原文点名、但不在导入文档中的岗位（如上级）：")
        lines.append("external:")
        for ext_id, title in org.external:
            lines += [f"  - id: {q(ext_id)}", f"    title: {q(title)}"]
    return "\n".join(lines) + "\n"


def role_yaml(role: Role) -> str:
    lines = [HEADER.rstrip("\n"), f"# 来源：{role.source}", f"title: {q(role.title)}"]
    if role.external_title:
        lines.append(f"external_title: {q(role.external_title)}")
    lines.append(f"department: {q(role.department)}")
    if role.reports_to:
        lines.append(f"reports_to: {q(role.reports_to)}")
    if role.dotted_to:
        lines.append("dotted_to: [" + ", ".join(q(d) for d in role.dotted_to) + "]")
    for todo in role.todos:
        lines.append(f"# TODO: {todo}")
    if role.grade:
        lines.append(f"grade: {q(role.grade)}")
    if role.headcount is not None:
        if role.headcount >= 1:
            lines += ["headcount:", f"  budget: {role.headcount}",
                      "  # TODO: 原文只写了编制人数；在岗人数 filled 未写明（默认 1），请填写"]
        else:
            lines.append(f"# TODO: 原文编制为 {role.headcount} 人，请填写 headcount")
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
        for name, to, due in role.reports:
            lines += [f"  - name: {q(name)}", f"    to: {q(to)}"]
            if due:
                lines.append(f"    due: {q(due)}")
    if role.workflow:
        lines.append("workflow:")
        lines += _items(role.workflow, 2)
    for text in role.unmapped:
        lines.append(f"# 未能映射到字段：{_one_line(text)}")
    return "\n".join(lines) + "\n"


def _qualifications(groups: dict[str, list[str]]) -> list[str]:
    if not groups:
        return []
    lines = ["qualifications:"]
    for key in ("education", "experience"):
        if groups.get(key):
            lines.append(f"  {key}: {q('；'.join(groups[key]))}")
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
    return " ".join(text.split())


def check_target(out_dir: Path, force: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError.at(out_dir, 1, 1, "import-output", f"{out_dir} exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise UserError.at(out_dir, 1, 1, "import-output",
                           f"{out_dir} is not empty: choose a new folder, or pass --force to replace it")


def write_directory(org: Organisation, out_dir: Path, force: bool,
                    validate: Optional[callable] = None) -> list[Path]:
    """Write everything into a temporary sibling folder, then move it into place."""
    check_target(out_dir, force)
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".jobdesc-import-", dir=out_dir.parent))
    try:
        written = [staging / "org.yaml"]
        written[0].write_text(org_yaml(org), encoding="utf-8")
        for role in org.roles:
            path = staging / f"{role.id}.yaml"
            path.write_text(role_yaml(role), encoding="utf-8")
            written.append(path)
        if validate is not None:
            validate(staging)
        _replace(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / p.name for p in written]


def _replace(staging: Path, out_dir: Path) -> None:
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        os.replace(out_dir, old)
    try:
        os.replace(staging, out_dir)
    except BaseException:
        if old is not None:
            os.replace(old, out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
