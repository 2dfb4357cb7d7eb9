"""The meetings a document states, resolved to ids and written as meetings/ID.yaml: those of its
rule sections (meetings.py) whose cadence, chair and attendees are all stated and name posts, and
those its positions' duties name (duty_meetings.py: 主持周会, 参加例会), with only what the duties
state. Each other one is a TODO comment in org.yaml that says what is missing."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Optional

from .drafted import all_nodes
from .duty_meetings import meetings_in_duty
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
    for text in _duty_meetings(builder, todos):
        files.append((f"{ids.claim(text[1], 'meeting')}.yaml", text[0]))
    return files, todos


def _duty_meetings(builder, todos: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(YAML, name) of each meeting the duties of an article name, one per article and name: the
    positions that chair it (主持, 召开, 组织) or attend it (参加), as the duties say."""
    from .writing import HEADER, comment, q

    merged: dict[tuple[str, str], dict] = {}
    for group, roles in builder.articles.items():
        for role in roles:
            for node in all_nodes(role.draft.duties):
                for found in meetings_in_duty(node.text, node.view):
                    where = f"{role.draft.source.name}:{node.line}"
                    entry = merged.setdefault((group, found.view), {
                        "name": found.name, "period": found.period, "where": where, "text": node.text,
                        "chair": None, "attendees": [], "notes": []})
                    entry["period"] = entry["period"] or found.period
                    if found.role == "chair" and entry["chair"] is None:
                        entry["chair"] = role.id
                    elif found.role == "attends" and role.id not in entry["attendees"]:
                        entry["attendees"].append(role.id)
                    elif found.chair_words and entry["chair"] is None:
                        entry["chair"] = _post(builder, role, found.chair_words, entry["notes"])
                        if entry["chair"] is None:
                            entry["notes"].append(f"原文写的主持人“{found.chair_words}”未能对应到岗位：未写入 chair")
    written = []
    for entry in merged.values():
        if entry["period"] is None:
            todos.append((entry["where"], f"会议“{entry['name']}”未生成 meetings 文件：原文未写明周期（每日/每周/定期…）"))
            continue
        lines = [HEADER.rstrip("\n"), f"# 来源：{comment(entry['where'])}（岗位职责：{comment(clip_line(entry['text']))}）",
                 f"name: {q(entry['name'])}", f"period: {q(entry['period'])}"]
        lines += [f"# TODO: {comment(note)}" for note in entry["notes"]]
        if entry["chair"]:
            lines.append(f"chair: {q(entry['chair'])}")
        attendees = [a for a in entry["attendees"] if a != entry["chair"]]
        if attendees:
            lines.append("attendees: [" + ", ".join(q(a) for a in attendees) + "]")
        written.append(("\n".join(lines) + "\n", entry["name"]))
    return written


def clip_line(text: str) -> str:
    return " ".join(text.split())[:80]


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
