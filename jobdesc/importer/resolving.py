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

from typing import Optional

from .draft import Draft, Node
from .drafted import Role, all_nodes, clip, items_of
from .owed_reports import SUPERIOR_WORDS, ReportSentence, read_report, recipients, reports_in
from .recognising import extends_in, split_superior
from .titles import is_position_title
from .superiors import head_word, mentions, post_key, rank
from .text import bracketed, recognition_view, without_brackets


class Resolving:
    """The name-resolving half of the builder (building._Builder holds the registries)."""

    def _resolve(self, role: Role) -> None:
        draft = role.draft
        superior = draft.scalars.get("superior")
        mentioned_extends = None
        if superior:
            names, mentioned_extends = split_superior(superior, draft.scalar_views["superior"])
            targets = [(self._in_article(role, view.strip(), loose=False)[0] or role).id if view.strip() else None
                       for text, view in names]
            targets = [t if t and t != role.id else self._outside(role, text, view.strip()) or self._target(role, text, view)
                       for t, (text, view) in zip(targets, names)]
            targets = [t for t in targets if t and t != role.id]
            if targets:
                role.reports_to = targets[0]
                role.stated_superior = True
                role.dotted_to = list(dict.fromkeys(t for t in targets[1:] if t != targets[0]))  # each once
        else:
            self._superior_from_text(role, draft)
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
        """服从销售经理的管理, 在销售主管的带领下, 向总经理汇报 (superiors.PHRASES): the strongest
        title named so that names a position of the same article (销售主管 ≈ 销售部主管, 主管 →
        the article's one 销售主管). Failing that, the first title named: a post of another
        article is a TODO; a title of three characters or more, stated outright, that names no
        imported position becomes an external position (总经理); anything vaguer, a TODO."""
        summary = [(s, recognition_view(s)) for s in draft.summary]
        if draft.title_view.endswith("助理"):  # 营销总监助理 assists, and answers to, 营销总监
            match = self._find(role, draft.title_view[:-2], same_group_only=True)
            if match:
                role.reports_to = match.id
                return
        found = mentions(summary + _all_texts(draft.duties))
        for text, view, strength in found:
            match, note = self._in_article(role, view)
            note = note and note.replace(f"“{view}”", f"“{text}”", 1)
            if match and strength < 3 and rank(match.draft.title_view) >= rank(draft.title_view):
                continue  # 协助置业顾问处理…: helping a peer is no reporting line
            if match:
                role.reports_to = match.id
                role.stated_superior = True
                if note:
                    role.todos.append(note)
                return
        if not found:
            return
        text, view, strength = found[0]
        outside = self._outside(role, text, view) if strength >= 3 else None
        if outside and view in self.by_title:
            role.reports_to = outside
            role.stated_superior = True
            role.todos.append(f"原文的直接上级“{text}”不在本篇中；其他篇的同名岗位属另一组织：已列为外部岗位，请核对")
        elif view in self.by_title:  # a post of another article of a file with one organisation
            role.todos.append(f"原文提到上级“{text}”，本篇中没有该岗位（其他篇有同名岗位）：请填写 reports_to")
        elif len(view) >= 3 and strength >= 3:
            role.reports_to = self._outside(role, text, view) or self._target(role, text, view)
            role.stated_superior = True
            role.todos.append(f"直接上级“{text}”取自原文的描述，不在导入的岗位中：已列为外部岗位，请核对")
        else:
            role.todos.append(f"原文提到上级“{text}”，但本篇中没有唯一对应的岗位：请填写 reports_to")

    def _in_article(self, role: Role, view: str, loose: bool = True) -> tuple[Optional[Role], Optional[str]]:
        """The position of the role's article a title names: exactly, as the same post
        (销售部主管 ≈ 销售主管), as the one title ending with it (主管 → 销售主管), or as the one
        post of its kind (现场销售主管 → 案场主管, with a note for the reviewer)."""
        match = self._find(role, view, same_group_only=True)
        if match:
            return match, None
        article = [r for r in self.articles.get(role.draft.group, []) if r is not role]
        key = post_key(view)
        same = [r for r in article if key in role_keys(r)]
        if len(same) == 1:
            return same[0], None
        ending = [r for r in article if any(k.endswith(key) for k in role_keys(r))]
        if len(ending) == 1:
            return ending[0], None
        head = head_word(view)
        if loose and head and head != view:  # not for a label (直接上级：銷售總監 names that post)
            deputy = "副" in view
            kind = [r for r in article if head_word(r.draft.title_view) == head and ("副" in r.draft.title_view) == deputy]
            if len(kind) == 1:
                return kind[0], (f"原文写的上级是“{view}”，本篇只有“{kind[0].title}”一个{head}岗位，"
                                 "已按此填写：请核对 reports_to")
        return None, None

    def _suggest_by_rank(self) -> None:
        """A position whose text states no superior keeps `reports_to` empty: not stated stays not
        stated, or its job description and the chart would print a line the document never drew.
        Its TODO suggests the nearest post above it by title in its article (经理 above 主管 above
        顾问), or the article's top, so the reviewer can fill in one line."""
        for group in self.articles.values():
            inside = {r.id for r in group}
            stated_top = [r for r in group if r.reports_to and r.reports_to not in inside]
            top = stated_top[0] if stated_top else min(group, key=lambda r: rank(r.draft.title_view))
            if top.reports_to is None and not any("reports_to" in t for t in top.todos):
                top.todos.append("未找到直接上级：若非最高岗位，请填写 reports_to")
            for role in group:
                if role is top or role.reports_to is not None:
                    continue
                own = rank(role.draft.title_view)
                above = [r for r in group if r is not role and rank(r.draft.title_view) < own]
                nearest = top
                if above:  # of the nearest rank, the one just before it in the article (else the first)
                    level = max(rank(r.draft.title_view) for r in above)
                    peers = [r for r in above if rank(r.draft.title_view) == level]
                    before = [r for r in peers if r.draft.line < role.draft.line]
                    nearest = before[-1] if before else peers[0]
                role.todos.append(f"原文未写明直接上级（按职级推定可能是“{nearest.title}”，id: {nearest.id}）："
                                  "请核对后填写 reports_to")

    def _report(self, role: Role, node: Node) -> None:
        """A line under 每日汇报工作:. Not a report we can read ("主持每周周例会…"): it is
        still work the position does."""
        if not self._owe(role, node):
            role.duties.extend(items_of([node]))

    def _owed_reports(self, role: Role) -> None:
        """Reports a duty states (每日上午10:00前向X提交工作日报, …并上报主管) become `reports:`
        entries when X names a position; otherwise the duty keeps them, with a TODO naming X.
        A duty that is wholly one report leaves the duties (when others stay: a role file
        without duties is not valid); one that says more stays a duty too."""
        for node in all_nodes(role.draft.duties):
            found = reports_in(node.text, node.view)
            for report in found:
                if self._owe(role, node, report):
                    item = items_of([node])
                    if report.whole and len(found) == 1 and not node.items and item and item[0] in role.duties \
                            and len(role.duties) > 1:
                        role.duties.remove(item[0])
                else:
                    role.todos.append(f"原文“{clip(node.text)}”写了汇报对象“{report.to}”，未能对应到岗位："
                                      "请核对后写入 reports")

    def _owe(self, role: Role, node: Node, found: Optional[ReportSentence] = None) -> bool:
        found = found or read_report(node.text, node.view)
        if found is None:
            return False
        targets = []
        for text, view in recipients(found.to, found.to_view):
            target = None
            if view in SUPERIOR_WORDS:  # the position's own superior, when the text states it
                target = role.reports_to if role.stated_superior else None
            elif is_position_title(view):
                match = self._in_article(role, view, loose=False)[0]
                # a named post outside the document (运营长), or outside this article's organisation
                target = match.id if match else self._outside(role, text, view)
            if not target or target == role.id:
                return False
            targets.append(target)
        targets = list(dict.fromkeys(targets))
        if not targets:
            return False
        where = f"{role.draft.source.name}:{node.line}"
        entry = (clip(found.name), targets[0] if len(targets) == 1 else targets, found.due, found.period, where,
                 clip(node.text))
        if not any(r[:2] == entry[:2] for r in role.reports):
            role.reports.append(entry)
        return True

    def _outside(self, role: Role, text: str, view: str) -> Optional[str]:
        """An external id for a specific title (three characters or more) that no position of
        the role's organisation has. In a collection of several organisations each article has
        its own (their 总经理 or 营销总监 is not this one's: one box per company on the chart)."""
        if len(view) < 3 or view.startswith("部门"):  # 部门经理: whoever heads the department, no one post
            return None
        text, view = _without_company(text, view)
        source = str(role.draft.source)
        collection = sum(1 for group in self.articles if group.rsplit("#", 1)[0] == source) >= 2
        if view in self.by_title and any(str(r.draft.source) != source for r in self.by_title[view]):
            return None
        if not collection:
            return None if view in self.by_title else self._target(role, text, view)
        key = f"{role.draft.group}\n{view}"  # one external per organisation and title
        if key not in self.external:
            self.external[key] = (self.role_ids.claim(text.strip(), "external"), clip(text.strip()))
        return self.external[key][0]

    def _target(self, role: Role, text: str, view: str) -> Optional[str]:
        """A role id for a title, or an external id for a named position not imported."""
        text, view = _without_company(text.strip(), view.strip())
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

def _without_company(text: str, view: str) -> tuple[str, str]:
    """公司总经理 → 总经理: the company's post, one external box with the 总经理 said elsewhere."""
    if view.startswith("公司") and len(view) > 4:
        return text[2:], view[2:]
    return text, view


def _all_texts(nodes: list[Node]) -> list[tuple[str, str]]:
    out = []
    for node in nodes:
        out.append((node.text, node.view))
        out.extend(_all_texts(node.items))
    return out


def role_keys(role: Role) -> set[str]:
    """The names a role answers to, as posts (销售主管（销售部）→ 销售主管)."""
    view = role.draft.title_view
    names = {view, without_brackets(view), *bracketed(view), *view.split("、")}
    names.update(recognition_view(alias) for alias in role.draft.aliases)
    return {post_key(n) for n in names if n.strip()}


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


