"""Approval steps of the positions' duties (approvals.py), resolved to ids and written as draft
RACI processes, processes/ID.yaml: one per position that states any, an activity per step with
the position as R and the approver it names as A. A step whose approver names no post of the
article (公司, 领导) is a TODO on the position naming the words; no process says more than the
duty does (no C, no I, no amounts)."""
from __future__ import annotations

from .approvals import approvals_in
from .drafted import all_nodes, clip
from .slugs import SlugRegistry
from .titles import is_position_title


_NO_POST = ("公司", "领导", "公司领导", "上级", "上级领导", "有关领导", "负责人")  # named, but no one post


def draft_processes(builder, roles) -> list[tuple[str, str]]:
    """(processes/ file name, YAML) for each position whose duties state a resolvable approval."""
    from .writing import HEADER, comment, q

    ids = SlugRegistry()
    files = []
    for role in roles:
        steps = []
        for node in all_nodes(role.draft.duties):
            for step in approvals_in(node.text, node.view):
                text, view = step.approver, step.approver_view
                if view.startswith("所属"):  # 所属项目经理: the one of its own project
                    text, view = text[2:], view[2:]
                target = None
                if is_position_title(view):
                    match = builder._in_article(role, view, loose=False)[0]
                    target = match.id if match else builder._outside(role, text, view)
                if target and target != role.id:
                    steps.append((step.activity, target, f"{role.draft.source.name}:{node.line}", node.text))
                elif target is None and (is_position_title(view) or view in _NO_POST):
                    role.todos.append(f"原文“{clip(node.text)}”写了审批人“{step.approver}”，未能对应到岗位："
                                      "未生成审批流程，请核对")
        if not steps:
            continue
        name = f"{role.title}报批事项"
        lines = [HEADER.rstrip("\n"), f"# 由岗位职责中的审批语句生成的流程草稿（{comment(role.id)}）：请核对",
                 f"name: {q(name)}", "activities:"]
        for activity, approver, where, text in steps:
            lines += [f"  # 原文（{comment(where)}）：{comment(' '.join(text.split())[:120])}",
                      f"  - name: {q(clip(activity))}", f"    R: [{q(role.id)}]", f"    A: {q(approver)}"]
        files.append((f"{ids.claim(name, 'process')}.yaml", "\n".join(lines) + "\n"))
    return files
