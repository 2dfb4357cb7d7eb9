"""Stage 5b: names to ids — superiors, extended roles and report recipients.

A superior named by a label (直接上级, 本职位汇报人) resolves to an imported position with
that title — in the same article first, then the same document, then anywhere if unique —
or else to an `external` entry (a real, named position outside the handbook, e.g. 运营长).
A superior stated in running text (服从销售经理的管理, 在销售主管的带领下, 向总经理汇报)
resolves within the article, or to the one position of the article whose title ends with
it; a specific title that names no imported position becomes an external one, a vaguer
one (经理) is left as a TODO comment, never guessed.
"""
from __future__ import annotations

import re
from typing import Optional

from .draft import Draft, Node
from .drafted import Role, clip, items_of
from .recognising import OwedReport, extends_in, report_in, split_superior, superiors_mentioned
from .text import bracketed, recognition_view, without_brackets


class Resolving:
    """The name-resolving half of the builder (building._Builder holds the registries)."""

    def _resolve(self, role: Role) -> None:
        draft = role.draft
        superior = draft.scalars.get("superior")
        mentioned_extends = None
        if superior:
            names, mentioned_extends = split_superior(superior, draft.scalar_views["superior"])
            targets = [self._target(role, text, view) for text, view in names]
            targets = [t for t in targets if t and t != role.id]
            if targets:
                role.reports_to = targets[0]
                role.dotted_to = [t for t in targets[1:] if t != targets[0]]
        else:
            self._superior_from_text(role, draft)
        if role.reports_to is None and not any("reports_to" in t for t in role.todos):
            role.todos.append("未找到直接上级：若非最高岗位，请填写 reports_to")
        base = mentioned_extends or _first_extends(draft)
        if base:
            match = self._find(role, base[1], same_group_only=False)
            if match:
                role.extends = match.id
            else:
                role.todos.append(f"原文说“在{base[0]}工作基础上”，但导入的岗位中没有{base[0]}：请核对 extends")
        for node in draft.fields.get("reports", []):
            self._report(role, node)

    def _superior_from_text(self, role: Role, draft: Draft) -> None:
        """服从销售经理的管理, 在销售主管的带领下, 向总经理汇报: the first title named so. It
        resolves to a position of the same article, or one whose title ends with it (经理 →
        销售部经理, if just one); a title of three characters or more that names no imported
        position becomes an external position (总经理); a vaguer one is left as a TODO."""
        summary = [(s, recognition_view(s)) for s in draft.summary]
        if draft.title_view.endswith("助理"):  # 营销总监助理 assists, and answers to, 营销总监
            match = self._find(role, draft.title_view[:-2], same_group_only=True)
            if match:
                role.reports_to = match.id
                return
        for text, view in superiors_mentioned(draft.duties, summary):
            match = self._find(role, view, same_group_only=True) or self._ends_with(role, view)
            if match:
                role.reports_to = match.id
                return
            if view in self.by_title:  # a post of another article (organisation) of this file
                role.todos.append(f"原文提到上级“{text}”，本篇中没有该岗位（其他篇有同名岗位）：请填写 reports_to")
                return
            if len(view) >= 3:
                role.reports_to = self._target(role, text, view)
                role.todos.append(f"直接上级“{text}”取自原文的描述，不在导入的岗位中：已列为外部岗位，请核对")
                return
            role.todos.append(f"原文提到上级“{text}”，但导入的岗位中没有：请填写 reports_to")
            return

    def _ends_with(self, role: Role, view: str) -> Optional[Role]:
        found = {id(r): r for title, roles in self.by_title.items() if title.endswith(view)
                 for r in roles if r is not role and r.draft.group == role.draft.group}
        return next(iter(found.values())) if len(found) == 1 else None

    def _report(self, role: Role, node: Node) -> None:
        report: Optional[OwedReport] = report_in(node.text, node.view)
        target = self._target(role, report.to, report.to_view) if report else None
        if report and target:
            role.reports.append((clip(report.name), target, report.due))
        else:
            # Not a report we can read ("主持每周周例会…"): it is still work the position does.
            role.duties.extend(items_of([node]))

    def _target(self, role: Role, text: str, view: str) -> Optional[str]:
        """A role id for a title, or an external id for a named position not imported."""
        view = view.strip()
        if not view:
            return None
        match = self._find(role, view, same_group_only=False)
        if match:
            return match.id
        if view not in self.external:
            self.external[view] = (self.role_ids.claim(text.strip(), "external"), clip(text.strip()))
        return self.external[view][0]

    def _find(self, role: Role, view: str, same_group_only: bool) -> Optional[Role]:
        candidates = [r for r in self.by_title.get(view, []) if r is not role]
        if not candidates:
            return None
        group = [r for r in candidates if r.draft.group == role.draft.group]
        if group:
            return group[0]
        if same_group_only:
            return None
        document = [r for r in candidates if r.draft.source == role.draft.source]
        if len(document) == 1:
            return document[0]
        if len(candidates) == 1:
            return candidates[0]
        role.todos.append(f"上级“{view}”在导入的文档中有多个同名岗位，请选定 reports_to")
        return None

def index_titles(roles: list[Role]) -> dict[str, list[Role]]:
    """Title views → roles; "置业主任(销售主管)" answers to both names, "业务员、业务主管" to each."""
    index: dict[str, list[Role]] = {}
    for role in roles:
        view = role.draft.title_view
        names = {view, without_brackets(view)}
        names.update(bracketed(view))
        names.update(view.split("、"))
        names.update(recognition_view(alias) for alias in role.draft.aliases)
        for name in names:
            if name.strip():
                index.setdefault(name.strip(), []).append(role)
    return index


def break_cycles(roles: list[Role]) -> None:
    by_id = {r.id: r for r in roles}
    for role in roles:
        seen, current = {role.id}, role
        while current.reports_to in by_id:
            current = by_id[current.reports_to]
            if current.id in seen:
                role.todos.append(f"汇报关系成环（{role.reports_to}），已移除：请核对 reports_to")
                role.reports_to = None
                break
            seen.add(current.id)


def _first_extends(draft: Draft) -> Optional[tuple[str, str]]:
    for text in draft.summary:
        found = extends_in(text, recognition_view(text))
        if found:
            return found
    return None


