"""`jobdesc signoff status`: the sign-off status as text, JSON or GitHub Markdown."""
from __future__ import annotations

import json

from .status import STATES, SignoffStatus

WORDS = {"current": "signed the current version", "stale": "signed an older version", "never": "never signed"}
MARKS = {"current": "✓", "stale": "~", "never": "✗"}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[s]} {WORDS[s]}" for s in STATES)


def _person(p) -> str:
    who = p.person + (f" ({p.person_id})" if p.person_id else "")
    signed = f" {p.signed_version} on {p.signed}" if p.signed_version else ""
    return f"{who} · {p.title} ({p.role_id}) · {WORDS[p.state]}{signed}; current {p.version}"


def as_text(status: SignoffStatus) -> list[str]:
    if not status.people:
        return ["no incumbents named: nothing to sign"]
    lines = []
    for p in status.people:
        lines.append(f"{MARKS[p.state]} {_person(p)}")
        lines += [f"    {change}" for change in p.changes]
    lines += ["", "by department:"]
    lines += [f"  {d.name} ({d.department_id}): {_counts(d.counts)}" for d in status.by_department()]
    lines.append(f"total: {_counts(status.totals())}")
    return lines


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_github(status: SignoffStatus) -> list[str]:
    lines = ["## Sign-off (签收)", "", f"**{_counts(status.totals())}**", "",
             "| Department | Current | Older | Never |", "|---|---:|---:|---:|"]
    lines += [f"| {_md(d.name)} | {d.counts['current']} | {d.counts['stale']} | {d.counts['never']} |"
              for d in status.by_department()]
    pending = [p for p in status.people if p.state != "current"]
    if pending:
        lines += ["", "| Person | Position | Status | What changed since |", "|---|---|---|---|"]
        lines += [f"| {_md(p.person)} | {_md(p.title)} (`{p.role_id}`) | {WORDS[p.state]} | "
                  f"{_md('; '.join(p.changes))} |" for p in pending]
    return lines


def render(status: SignoffStatus, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"people": [p.as_dict() for p in status.people],
                           "departments": [{"department": d.department_id, "name": d.name, **d.counts}
                                           for d in status.by_department()],
                           "totals": status.totals(), "versions": status.versions},
                          ensure_ascii=False, indent=2)
    return "\n".join(as_github(status) if fmt == "github" else as_text(status))
