"""Stage 5: turn drafts into the organisation directory's content, resolving names to ids.

A superior named by a label (直接上级, 本职位汇报人) resolves to an imported position with
that title — in the same article first, then the same document, then anywhere if unique —
or else to an `external` entry (a real, named position outside the handbook, e.g. 运营长).
A superior only mentioned in running text (对营销主管负责) is used only when it names a
position of the same article; otherwise it is left as a TODO comment, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .draft import DocumentDraft, Draft, Node
from .recognising import (
    Kpi, OwedReport, classify_requirements, extends_in, kpis_in, report_in, split_superior, superiors_mentioned,
)
from .slugs import SlugRegistry
from .titles import read_headcount
from .text import is_traditional, recognition_view
from .typist import tidy_item, unwrap

DEFAULT_DEPARTMENT = "待定部门"
MAX_TEXT = 2000
MAX_DEPTH = 4


@dataclass
class Item:
    text: str
    items: list["Item"] = field(default_factory=list)


@dataclass
class Role:
    id: str
    title: str
    department: str
    source: str
    duties: list[Item]
    reports_to: Optional[str] = None
    dotted_to: list[str] = field(default_factory=list)
    extends: Optional[str] = None
    headcount: Optional[int] = None  # the budget (编制), only when the source states it
    filled: Optional[int] = None  # 在岗, only when stated
    incumbents: list[str] = field(default_factory=list)
    summary: Optional[str] = None
    external_title: Optional[str] = None
    grade: Optional[str] = None
    kpis: list[Kpi] = field(default_factory=list)
    qualifications: dict[str, list[str]] = field(default_factory=dict)
    authority: list[str] = field(default_factory=list)
    relations: dict[str, list[str]] = field(default_factory=dict)
    reports: list[tuple[str, str, Optional[str]]] = field(default_factory=list)  # (name, to id, due)
    workflow: list[Item] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)  # comments for the person reviewing the draft
    unmapped: list[str] = field(default_factory=list)
    leftovers: list[tuple[str, str]] = field(default_factory=list)  # ("file:line", text) not understood
    draft: Optional[Draft] = None


@dataclass
class Department:
    id: str
    name: str
    duties: list[Item] = field(default_factory=list)


@dataclass
class Organisation:
    name: str
    language: str
    departments: list[Department]
    roles: list[Role]
    external: list[tuple[str, str]]  # (id, title)
    skipped: list[tuple[str, str]]  # (title, why)
    leftovers: list[tuple[str, str]] = field(default_factory=list)  # ("file:line", text) outside positions


def build(documents: list[DocumentDraft]) -> Organisation:
    return _Builder(documents).run()


class _Builder:
    def __init__(self, documents: list[DocumentDraft]):
        self.documents = documents
        self.role_ids = SlugRegistry()
        self.department_ids = SlugRegistry()
        self.departments: dict[str, Department] = {}  # by recognition view of the name
        self.external: dict[str, tuple[str, str]] = {}  # by view of the title
        self.skipped: list[tuple[str, str]] = []

    def run(self) -> Organisation:
        drafts = [d for doc in self.documents for d in doc.positions]
        kept = []
        leftovers = [(f"{doc.path.name}:{line}", text) for doc in self.documents for line, text in doc.leftovers]
        for draft in drafts:
            if not _items(draft.duties):
                self.skipped.append((draft.title or "(无标题)", f"{draft.source.name}:{draft.line}: 未找到岗位职责"))
            elif not draft.title.strip():
                self.skipped.append(("(无标题)", f"{draft.source.name}:{draft.line}: 未找到岗位名称"))
            else:
                kept.append(draft)
                continue
            leftovers.append((f"{draft.source.name}:{draft.line}", f"{draft.title}（未导入：{self.skipped[-1][1]}）"))
            leftovers += [(f"{draft.source.name}:{line}", text) for line, text in draft.leftovers]
        roles = [self._role(draft) for draft in kept]
        self.by_title = _index(roles)
        for role in roles:
            self._resolve(role)
        _break_cycles(roles)
        for doc in self.documents:
            for name, department in doc.departments.items():
                if department.duties:  # a heading that named a department but held no duties adds none
                    self._department(name).duties.extend(_items(department.duties))
        first = self.documents[0]
        title = first.title or first.path.stem
        sample = " ".join(d.title for d in kept[:20])
        language = "zh-TW" if is_traditional(title + sample) else "zh-CN"
        if not self.departments:
            self._department(DEFAULT_DEPARTMENT)
        return Organisation(_clip(title), language, list(self.departments.values()), roles,
                            sorted(self.external.values()), self.skipped, leftovers)

    # ------------------------------------------------------------------ roles

    def _role(self, draft: Draft) -> Role:
        role_id = self.role_ids.claim(draft.title)
        department = self._department(draft.department or DEFAULT_DEPARTMENT)
        role = Role(role_id, _clip(draft.title), department.id, f"{draft.source.name}:{draft.line}",
                    _items(draft.duties), headcount=draft.headcount, draft=draft)
        role.leftovers = [(f"{draft.source.name}:{line}", text) for line, text in draft.leftovers]
        if draft.department is None:
            role.todos.append("原文未写明所属部门，已放入“%s”" % department.name)
        if draft.summary:
            role.summary = _clip("".join(draft.summary))
        role.external_title = _clip(draft.scalars.get("external_title", "")) or None
        role.grade = _clip(draft.scalars.get("grade", "")) or None
        role.kpis = kpis_in(draft.duties)
        requirements = classify_requirements(draft.fields.get("qualifications", []))
        for key in ("education", "experience"):
            requirements[key] = _texts(draft.fields.get(key, [])) + requirements[key]
            if key in draft.scalars:
                requirements[key].insert(0, draft.scalars[key])
        role.qualifications = {k: [_clip(t) for t in v] for k, v in requirements.items() if v}
        role.authority = [_clip(t) for t in _texts(draft.fields.get("authority", []))]
        role.workflow = _items(draft.fields.get("workflow", []))
        role.relations = {
            "internal": _texts(draft.fields.get("relations_internal", [])),
            "external": _texts(draft.fields.get("relations_external", [])),
        }
        if draft.fields.get("relations"):
            role.unmapped.append("工作关系（未区分内部/外部）: " + "；".join(_texts(draft.fields["relations"])))
        if draft.fields.get("kpis"):
            role.unmapped.append("考核指标: " + "；".join(_texts(draft.fields["kpis"])))
        for name in draft.unmapped:  # a label with no place in the format, and what it held
            texts = _texts(draft.fields.get(f"unmapped:{name}", []))
            role.unmapped.append(f"{name}: {'；'.join(texts)}" if texts else name)
        if "headcount" in draft.scalars:
            budget, filled = read_headcount(draft.scalar_views["headcount"])
            role.headcount = role.headcount if budget is None else budget
            role.filled = filled
            if budget is None:
                role.unmapped.append(f"编制: {draft.scalars['headcount']}")
        for alias in draft.aliases:
            role.todos.append(f"原文岗位名称为“{draft.title}={alias}”：一人兼任两岗，请核对是否另建岗位“{alias}”")
        return role

    def _department(self, name: str) -> Department:
        key = recognition_view(name)
        if key not in self.departments:
            fallback = "unassigned" if name == DEFAULT_DEPARTMENT else "department"
            dept_id = self.department_ids.claim(name if name != DEFAULT_DEPARTMENT else "unassigned", fallback)
            self.departments[key] = Department(dept_id, _clip(name))
        return self.departments[key]

    # ------------------------------------------------------------------ names → ids

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
            if len(view) >= 3 and not self._find(role, view, same_group_only=False):
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
            role.reports.append((_clip(report.name), target, report.due))
        else:
            # Not a report we can read ("主持每周周例会…"): it is still work the position does.
            role.duties.extend(_items([node]))

    def _target(self, role: Role, text: str, view: str) -> Optional[str]:
        """A role id for a title, or an external id for a named position not imported."""
        view = view.strip()
        if not view:
            return None
        match = self._find(role, view, same_group_only=False)
        if match:
            return match.id
        if view not in self.external:
            self.external[view] = (self.role_ids.claim(text.strip(), "external"), _clip(text.strip()))
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


def _index(roles: list[Role]) -> dict[str, list[Role]]:
    """Title views → roles; "置业主任(销售主管)" answers to both names, "业务员、业务主管" to each."""
    index: dict[str, list[Role]] = {}
    for role in roles:
        view = role.draft.title_view
        names = {view, re.sub(r"\([^)]*\)", "", view)}
        names.update(re.findall(r"\(([^)]*)\)", view))
        names.update(view.split("、"))
        names.update(recognition_view(alias) for alias in role.draft.aliases)
        for name in names:
            if name.strip():
                index.setdefault(name.strip(), []).append(role)
    return index


def _break_cycles(roles: list[Role]) -> None:
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


def _items(nodes: list[Node], depth: int = 1) -> list[Item]:
    """Nodes as output items: text tidied, nesting capped at the format's four levels."""
    out: list[Item] = []
    for node in nodes:
        for text in _split_long(_tidy(node.text)):
            if depth >= MAX_DEPTH:
                out.append(Item(text))
                out.extend(Item(t) for t in _flatten(node.items))
            else:
                out.append(Item(text, _items(node.items, depth + 1)))
    return out


def _flatten(nodes: list[Node]) -> list[str]:
    out = []
    for node in nodes:
        out.extend(_split_long(_tidy(node.text)))
        out.extend(_flatten(node.items))
    return out


def _texts(nodes: list[Node]) -> list[str]:
    return [t for t in _flatten(nodes) if t]


def _tidy(text: str) -> str:
    text = re.sub(r"(?<=[。；;])\s*\d{1,2}$", "", text.strip())  # a page number glued to the line's end
    return tidy_item(text.lstrip("、,，;；:：.。 "))


def _split_long(text: str) -> list[str]:
    """The format caps a text at 2000 characters; split longer ones at sentence ends."""
    if not text:
        return []
    if len(text) <= MAX_TEXT:
        return [text]
    pieces, current = [], ""
    for sentence in re.findall(r"[^。；;]+[。；;]?", text):
        while len(sentence) > MAX_TEXT:
            pieces.append(sentence[:MAX_TEXT])
            sentence = sentence[MAX_TEXT:]
        if len(current) + len(sentence) > MAX_TEXT:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def _clip(text: str) -> str:
    return unwrap(text.strip())[:MAX_TEXT]
