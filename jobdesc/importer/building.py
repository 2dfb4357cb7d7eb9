"""Stage 5: turn drafts into the organisation directory's content: roles with their fields,
departments, ids; names are resolved to ids by resolving.py."""
from __future__ import annotations

from .draft import DocumentDraft, Draft
from .drafted import DEFAULT_DEPARTMENT, Department, Organisation, Role, clip, items_of, texts_of
from .recognising import classify_requirements, kpis_in
from .resolving import Resolving, break_cycles, index_titles
from .chapter_text import chapter_markdown
from .approval_files import draft_processes
from .meeting_files import draft_meetings
from .slugs import SlugRegistry
from .structure_counts import apply_structure_counts
from .titles import read_headcount
from .text import is_traditional, recognition_view


def build(documents: list[DocumentDraft]) -> Organisation:
    return _Builder(documents).run()


class _Builder(Resolving):
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
            if not items_of(draft.duties):
                self.skipped.append((draft.title or "(无标题)", f"{draft.source.name}:{draft.line}: 未找到岗位职责"))
            elif not draft.title.strip():
                self.skipped.append(("(无标题)", f"{draft.source.name}:{draft.line}: 未找到岗位名称"))
            else:
                kept.append(draft)
                continue
            leftovers.append((f"{draft.source.name}:{draft.line}", f"{draft.title}（未导入：{self.skipped[-1][1]}）"))
            leftovers += [(f"{draft.source.name}:{line}", text) for line, text in draft.leftovers]
        for doc in self.documents:
            self._article_tree(doc)
        roles = [self._role(draft) for draft in kept]
        self.by_title = index_titles(roles)
        self.articles = {}
        for role in roles:
            self.articles.setdefault(role.draft.group, []).append(role)
        for role in roles:
            self._resolve(role)
        self._suggest_by_rank()
        break_cycles(roles)
        for role in roles:
            self._owed_reports(role)
        self._structure_counts(roles, leftovers)
        for doc in self.documents:
            for name, department in doc.departments.items():
                # A heading that named a department but held no duties adds none (_in_use drops
                # it, and hands the heading's line to its parent's comments).
                target = self._department(name)
                target.duties.extend(items_of(department.duties))
                target.sources += [(f"{doc.path.name}:{line}", text) for line, text in department.sources]
                if department.parent and target.parent is None:
                    target.parent = self._department(department.parent).id
        first = self.documents[0]
        title = first.title or first.path.stem
        sample = " ".join(d.title for d in kept[:20])
        language = "zh-TW" if is_traditional(title + sample) else "zh-CN"
        if not self.departments:
            self._department(DEFAULT_DEPARTMENT)
        meetings, meeting_todos = draft_meetings(self, self.documents)  # may name external posts
        processes = draft_processes(self, roles)  # so may these
        organisation = Organisation(clip(title), language, _in_use(list(self.departments.values()), roles), roles,
                                    sorted(self.external.values()), self.skipped, leftovers)
        organisation.chapters = self._chapters(organisation.leftovers)
        organisation.meetings, organisation.review_notes = meetings, meeting_todos
        organisation.processes = processes
        return organisation

    def _chapters(self, leftovers: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Each rule section as chapters/NN-SLUG.md, in the documents' order. Past what the
        handbook takes (MAX_CHAPTERS, a chapter of MAX_CHAPTER_BYTES) a section's lines are
        TODO comments in org.yaml instead: kept, and the draft still passes `check`."""
        from .. import userfiles
        from ..format.chapter_reader import MAX_CHAPTERS

        names = SlugRegistry()
        chapters = []
        for doc in self.documents:
            for chapter in doc.chapters:
                text = chapter_markdown(chapter.title, chapter.lines)
                if len(chapters) >= MAX_CHAPTERS or len(text.encode("utf-8")) > userfiles.MAX_CHAPTER_BYTES // 2:
                    leftovers += [(f"{doc.path.name}:{n}", t) for n, t in [(chapter.line, chapter.title)] + chapter.lines]
                    continue
                slug = names.claim(chapter.title, "chapter")
                chapters.append((f"{len(chapters) + 1:03d}-{slug}.md", text))
        return chapters

    def _article_tree(self, doc: DocumentDraft) -> None:
        """A collection of organisations (第N篇): one department per article, all under one top
        department named by the document, so the chart is one tree and no duties are merged."""
        if len(doc.article_departments) < 2:
            return
        top = self._department(clip(doc.title or doc.path.stem))
        if doc.title_line:
            top.sources.append((f"{doc.path.name}:{doc.title_line}", doc.title_text))
        for name, line, heading in doc.article_departments:
            department = self._department(name)
            department.sources.append((f"{doc.path.name}:{line}", heading))
            if department is not top:
                department.parent = top.id

    def _structure_counts(self, roles: list[Role], leftovers: list[tuple[str, str]]) -> None:
        """Budgets stated in an article's 人员架构; a line read whole is no longer a TODO."""
        for doc in self.documents:
            consumed = apply_structure_counts(doc.structure_lines, self.articles)
            if not consumed:
                continue
            places = {f"{doc.path.name}:{n}" for n in consumed}
            doc.ignored_lines = [n for n in doc.ignored_lines if n not in consumed]
            doc.headcount_lines = sorted(consumed)
            for holder in roles:
                holder.leftovers = [item for item in holder.leftovers if item[0] not in places]
            leftovers[:] = [item for item in leftovers if item[0] not in places]

    # ------------------------------------------------------------------ roles

    def _role(self, draft: Draft) -> Role:
        role_id = self.role_ids.claim(draft.title)
        department = self._department(draft.department or DEFAULT_DEPARTMENT)
        role = Role(role_id, clip(draft.title), department.id, f"{draft.source.name}:{draft.line}",
                    items_of(draft.duties), headcount=draft.headcount, filled=draft.filled, draft=draft)
        role.leftovers = [(f"{draft.source.name}:{line}", text) for line, text in draft.leftovers]
        if draft.department is None:
            role.todos.append("原文未写明所属部门，已放入“%s”" % department.name)
        if draft.summary:
            role.summary = clip("".join(draft.summary))
        role.external_title = clip(draft.scalars.get("external_title", "")) or None
        role.grade = clip(draft.scalars.get("grade", "")) or None
        role.kpis = kpis_in(draft.duties)
        requirements = classify_requirements(draft.fields.get("qualifications", []))
        for key in ("education", "experience"):
            requirements[key] = texts_of(draft.fields.get(key, [])) + requirements[key]
            if key in draft.scalars:
                requirements[key].insert(0, draft.scalars[key])
        role.qualifications = {k: [clip(t) for t in v] for k, v in requirements.items() if v}
        role.authority = [clip(t) for t in texts_of(draft.fields.get("authority", []))]
        role.workflow = items_of(draft.fields.get("workflow", []))
        role.relations = {
            "internal": texts_of(draft.fields.get("relations_internal", [])),
            "external": texts_of(draft.fields.get("relations_external", [])),
        }
        if draft.fields.get("relations"):
            role.unmapped.append("工作关系（未区分内部/外部）: " + "；".join(texts_of(draft.fields["relations"])))
        if draft.fields.get("kpis"):
            role.unmapped.append("考核指标: " + "；".join(texts_of(draft.fields["kpis"])))
        for name in draft.unmapped:  # a label with no place in the format, and what it held
            texts = texts_of(draft.fields.get(f"unmapped:{name}", []))
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
            self.departments[key] = Department(dept_id, clip(name))
        return self.departments[key]


def _in_use(departments: list[Department], roles: list[Role]) -> list[Department]:
    """An article that holds no position and no department duties (第15篇:职业道德) adds no
    department: the chart would show an empty box."""
    used = {r.department for r in roles} | {d.id for d in departments if d.duties}
    parents = {d.id: d.parent for d in departments}
    for dept_id in list(used):
        while parents.get(dept_id):
            dept_id = parents[dept_id]
            used.add(dept_id)
    kept = [d for d in departments if d.id in used] or departments[:1]
    by_id = {d.id: d for d in kept}
    for department in departments:
        if department.id not in by_id:  # its heading's line is still told, beside the department above it
            holder = by_id.get(department.parent or "", kept[0])
            holder.sources += department.sources
    for department in kept:
        department.sources = sorted(set(department.sources), key=lambda s: int(s[0].rsplit(":", 1)[1]))
    return kept
