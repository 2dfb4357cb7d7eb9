"""The meetings a document's rule sections state (meetings.py), resolved to ids and written as
meetings/ID.yaml — only those whose cadence, chair and attendees are all stated and name
posts; each other one is a TODO comment in org.yaml that says what is missing."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Optional

from .meetings import MeetingDraft, is_everyone, meetings_in, without_everyone
from .slugs import SlugRegistry
from .text import recognition_view


def draft_meetings(builder, documents) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(meetings/ file name, YAML) for each meeting written, and ("file:line", TODO) for the rest."""
    from .writing import HEADER, comment, q

    ids = SlugRegistry()
    files, todos = [], []
    for doc in documents:
        for chapter in doc.chapters:
            for meeting in meetings_in(chapter.lines):
                where = f"{doc.path.name}:{meeting.line}"
                place = SimpleNamespace(draft=SimpleNamespace(group=chapter.group, source=doc.path))
                notes: list[str] = []
                chair, attendees, missing = _resolve(builder, place, meeting, notes)
                if missing:
                    todos.append((where, f"会议“{meeting.name}”未生成 meetings 文件：{'；'.join(missing)}"))
                    continue
                lines = [HEADER.rstrip("\n"), f"# 来源：{comment(where)}（{comment(chapter.title)}）",
                         f"name: {q(meeting.name)}", f"period: {q(meeting.period)}"]
                if meeting.when:
                    lines.append(f"when: {q(meeting.when)}")
                lines += [f"# TODO: {comment(note)}" for note in notes]
                lines += [f"chair: {q(chair)}", "attendees: [" + ", ".join(q(a) for a in attendees) + "]"]
                files.append((f"{ids.claim(meeting.name, 'meeting')}.yaml", "\n".join(lines) + "\n"))
    return files, todos


def _resolve(builder, place, meeting: MeetingDraft, notes: list[str]) -> tuple[Optional[str], list[str], list[str]]:
    missing = []
    if meeting.period is None:
        missing.append("原文未写明周期（每日/每周…）")
    chair = _post(builder, place, meeting.chair, notes) if meeting.chair else None
    if meeting.chair is None:
        missing.append("原文未写明主持人")
    elif chair is None:
        missing.append(f"主持人“{meeting.chair}”未能对应到岗位")
    if not meeting.attendees:
        missing.append("原文未写明参会人员")
    attendees = []
    for words in meeting.attendees:
        found = _department(builder, place) if is_everyone(words) else _post(builder, place, without_everyone(words), notes)
        if found is None:
            missing.append(f"参会人员“{words}”未能对应到岗位或部门")
        elif found not in attendees:
            attendees.append(found)
    return chair, attendees, missing


def _post(builder, place, words: str, notes: list[str]) -> Optional[str]:
    view = recognition_view(words.strip())
    match, note = builder._in_article(place, view)
    if match:
        if note:  # 销售部经理 → the article's one 经理: said, for the reviewer
            notes.append(f"原文写的是“{words.strip()}”，本篇只有“{match.title}”一个这类岗位，已按此填写：请核对")
        return match.id
    found = builder._outside(place, words.strip(), view)
    if found:
        notes.append(f"“{words.strip()}”不在导入的岗位中：已列为外部岗位，请核对")
    return found


def _department(builder, place) -> Optional[str]:
    """全体人员 of the article the rules are in: its positions' department."""
    roles = builder.articles.get(place.draft.group, [])
    return roles[0].department if roles else None
