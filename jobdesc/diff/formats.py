"""The change model as text for a terminal, Markdown, a GitHub job summary, or JSON.

Text marks deletions `[-like this-]` and insertions `{+like this+}` (git's word-diff
notation) unless it goes to a terminal, where they are red struck-through and green instead.
Markdown uses <del> and <ins>, which GitHub renders struck through and underlined. The
`github` format is the job summary of a pull request: a headline of counts, the headcount
table, then one folded <details> per position so the first screen is the overview.
"""
from __future__ import annotations

import html
import json
import re
from typing import Callable, Iterable

import click

from .items import FieldChange, ItemChange
from .labels import diff_labels, field_label
from .model import Changes, HeadcountRow, PositionChange
from .raci import ProcessChange
from .text import Segment

MARK = {"added": "+", "removed": "-", "changed": "~"}
# GitHub refuses a job summary over 1 MiB; the position details stop short of it (the headline,
# the table, departments and processes always fit) and say how many were left out.
SUMMARY_BUDGET = 800_000


def render(changes: Changes, fmt: str, *, color: bool = False) -> str:
    if fmt == "json":
        return json.dumps(changes.as_dict(), ensure_ascii=False, indent=2)
    if fmt == "text":
        return "\n".join(TextReport(changes, color).lines())
    return "\n".join(MarkdownReport(changes, folded=fmt == "github").lines())


def signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def _figure(old: int, new: int) -> str:
    return str(new) if old == new else f"{old} → {new} ({signed(new - old)})"


def headline(changes: Changes) -> str:
    labels = diff_labels(changes.language)
    counts = changes.counts()
    parts = [labels[key].format(n=n) for key, n in counts.items() if n]
    total = changes.headcount[-1]
    if total.old != total.new:
        parts.append(labels["headline_headcount"].format(
            budget=_figure(total.old.budget, total.new.budget), filled=_figure(total.old.filled, total.new.filled),
            vacant=_figure(total.old.vacant, total.new.vacant)))
    return ("；" if changes.language != "en" else "; ").join(parts)


class Report:
    """What the text and Markdown reports share: the order of sections and the words."""

    def __init__(self, changes: Changes):
        self.changes = changes
        self.labels = diff_labels(changes.language)

    def inline(self, segments: Iterable[Segment]) -> str:
        raise NotImplementedError

    def item_text(self, item: ItemChange) -> str:
        return self.inline(item.segments)

    def field_lines(self, change: FieldChange) -> tuple[str, list[tuple[str, int, str]]]:
        """The field's label and its lines as (mark, depth, marked-up text)."""
        rows = [(MARK[i.op], i.depth, self.item_text(i) if i.under is None else
                 f"{self.escape(i.under)} › {self.item_text(i)}") for i in change.items]
        return field_label(self.labels, change.field), rows

    def position_title(self, p: PositionChange) -> str:
        return f"{p.title} ({p.id}) · {p.department}"

    def position_facts(self, p: PositionChange) -> list[tuple[str, str]]:
        """(label, marked-up value) for renames and moves, before the field changes."""
        facts = []
        if p.old_id is not None:
            facts.append((self.labels["renamed_file"], self.inline((Segment("delete", p.old_id), Segment("insert", p.id)))))
        if p.renamed is not None:
            facts.append((self.labels["renamed_title"], self.item_text(p.renamed)))
        if p.moved is not None:
            m = p.moved
            for label, old, new in ((self.labels["department"], m.old_department, m.new_department),
                                    (self.labels["manager"], m.old_manager, m.new_manager)):
                if old != new:
                    segments = [Segment("delete", old or self.labels["none"]), Segment("insert", new or self.labels["none"])]
                    facts.append((f"{self.labels['moved_label']}: {label}", self.inline(segments)))
        return facts

    def letter_lines(self, process: ProcessChange) -> list[str]:
        lines = []
        for activity in process.activities:
            kind = {"added": f" ({self.labels['activity_added']})", "removed": f" ({self.labels['activity_removed']})"}
            parts = [f"{self.escape(x.title)} {self.inline(_letter_segments(x.old, x.new))}" for x in activity.letters]
            for change in activity.fields:
                label, rows = self.field_lines(change)
                parts += [f"{label}: {text}" for _mark, _depth, text in rows]
            lines.append(f"{self.escape(activity.name)}{kind.get(activity.kind, '')}: " + "; ".join(parts))
        return lines

    def escape(self, text: str) -> str:
        return text

    def documents(self) -> list[tuple[str, list]]:
        """(folder, its changed documents) for meetings, then chapters, when any changed."""
        grouped = [(folder, [d for d in self.changes.documents if d.folder == folder]) for folder in ("meetings", "chapters")]
        return [(folder, documents) for folder, documents in grouped if documents]


def _letter_segments(old: str, new: str) -> list[Segment]:
    return [s for s in (Segment("delete", old), Segment("insert", new)) if s.text]


class TextReport(Report):
    def __init__(self, changes: Changes, color: bool):
        super().__init__(changes)
        self.color = color

    def inline(self, segments: Iterable[Segment]) -> str:
        out = []
        for s in segments:
            if s.op == "equal":
                out.append(s.text)
            elif self.color:
                style = {"fg": "red", "strikethrough": True} if s.op == "delete" else {"fg": "green", "underline": True}
                out.append(click.style(s.text, **style))
            else:
                out.append(f"[-{s.text}-]" if s.op == "delete" else f"{{+{s.text}+}}")
        return "".join(out)

    def heading(self, text: str) -> str:
        return click.style(text, bold=True) if self.color else text

    def lines(self) -> list[str]:
        c, labels = self.changes, self.labels
        out = [self.heading(f"jobdesc diff {c.old_label} → {c.new_label} · {c.organisation}")]
        if c.empty:
            return out + [labels["no_changes"]]
        out.append(headline(c))
        for change in c.organisation_fields:
            out += self._field(change, "  ")
        if len(c.headcount) > 1 or c.headcount[-1].old != c.headcount[-1].new:
            out += ["", self.heading(labels["headcount_heading"] + f" ({labels['budget']} / {labels['filled']} / {labels['vacant']})")]
            out += [" · ".join(filter(None, [f"  {row.name or labels['total']}: {row_text(row)}",
                                             not_stated_note(row, labels)])) for row in c.headcount]
        if c.positions:
            out += ["", self.heading(labels["positions"])]
            for p in c.positions:
                out.append(f"{MARK[p.kind]} {self.position_title(p)}")
                out += [f"    {label}: {value}" for label, value in self.position_facts(p)]
                for change in p.fields:
                    out += self._field(change, "    ")
        if c.departments:
            out += ["", self.heading(labels["departments_heading"])]
            for d in c.departments:
                out.append(f"{MARK[d.kind]} {d.name} ({d.id})")
                for change in d.fields:
                    out += self._field(change, "    ")
        if c.processes:
            out += ["", self.heading(labels["processes"])]
            for p in c.processes:
                renamed = f" ({self.item_text(p.renamed)})" if p.renamed else ""
                out.append(f"{MARK[p.kind]} {p.name} ({p.id}){renamed}")
                out += [f"    {line}" for line in self.letter_lines(p)]
        for folder, documents in self.documents():
            out += ["", self.heading(labels[folder])]
            for d in documents:
                out.append(f"{MARK[d.kind]} {d.title} ({d.id})")
                for change in d.fields:
                    out += self._field(change, "    ")
        return out

    def _field(self, change: FieldChange, indent: str) -> list[str]:
        label, rows = self.field_lines(change)
        if len(rows) == 1 and rows[0][1] == 0:
            return [f"{indent}{label}: {rows[0][2]}"]
        return [f"{indent}{label}:"] + [f"{indent}  {mark} {text}" for mark, _depth, text in rows]


def row_text(row: HeadcountRow) -> str:
    return " / ".join(_figure(getattr(row.old, k), getattr(row.new, k)) for k in ("budget", "filled", "vacant"))


def not_stated_note(row: HeadcountRow, labels: dict[str, str]) -> str:
    """How many posts of the row have no figure (in no sum), when any had or has: "编制未列明岗位 0 → 1"."""
    if not row.old.not_stated and not row.new.not_stated:
        return ""
    return labels["not_stated_posts"].format(n=_figure(row.old.not_stated, row.new.not_stated))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~!])")


def md_escape(text: str) -> str:
    """User text inside Markdown: no accidental emphasis, links, tables or HTML."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


class MarkdownReport(Report):
    def __init__(self, changes: Changes, folded: bool):
        super().__init__(changes)
        self.folded = folded

    def escape(self, text: str) -> str:
        return md_escape(text)

    def inline(self, segments: Iterable[Segment]) -> str:
        tags: dict[str, Callable[[str], str]] = {"equal": lambda t: t, "delete": lambda t: f"<del>{t}</del>",
                                                 "insert": lambda t: f"<ins>{t}</ins>"}
        return "".join(tags[s.op](md_escape(s.text)) for s in segments)

    def lines(self) -> list[str]:
        c, labels = self.changes, self.labels
        out = [f"## jobdesc diff `{c.old_label}` → `{c.new_label}` · {md_escape(c.organisation)}", ""]
        if c.empty:
            return out + [f"**{labels['no_changes']}**"]
        out += [f"**{md_escape(headline(c))}**", ""]
        for change in c.organisation_fields:
            out += self._field(change) + [""]
        out += self._headcount_table()
        if c.positions:
            out += [f"### {labels['positions']}", ""]
            size = sum(len(line.encode()) + 1 for line in out)
            for index, p in enumerate(c.positions):
                block = self._block(f"{MARK[p.kind]} {self.position_title(p)}", self._position(p))
                size += sum(len(line.encode()) + 1 for line in block)
                if self.folded and size > SUMMARY_BUDGET:
                    out += [labels["more_positions"].format(n=len(c.positions) - index), ""]
                    break
                out += block
        if c.departments:
            out += [f"### {labels['departments_heading']}", ""]
            for d in c.departments:
                body = [line for change in d.fields for line in self._field(change)]
                out += self._block(f"{MARK[d.kind]} {d.name} ({d.id})", body)
        if c.processes:
            out += [f"### {labels['processes']}", ""]
            for p in c.processes:
                body = [f"- {self.labels['name']}: {self.item_text(p.renamed)}"] if p.renamed else []
                out += self._block(f"{MARK[p.kind]} {p.name} ({p.id})",
                                   body + [f"- {line}" for line in self.letter_lines(p)])
        for folder, documents in self.documents():
            out += [f"### {labels[folder]}", ""]
            for d in documents:
                out += self._block(f"{MARK[d.kind]} {d.title} ({d.id})",
                                   [line for change in d.fields for line in self._field(change)])
        return out

    def _headcount_table(self) -> list[str]:
        labels, rows = self.labels, self.changes.headcount
        if len(rows) == 1 and rows[0].old == rows[0].new:
            return []
        out = [f"| {labels['department_col']} | {labels['budget']} | {labels['filled']} | {labels['vacant']} |",
               "|---|---:|---:|---:|"]
        for row in rows:
            name = md_escape(row.name) if row.id else f"**{labels['total']}**"
            name = " · ".join(filter(None, [name, md_escape(not_stated_note(row, labels))]))
            figures = [_figure(getattr(row.old, k), getattr(row.new, k)) for k in ("budget", "filled", "vacant")]
            out.append(f"| {name} | " + " | ".join(figures) + " |")
        return out + [""]

    def _block(self, title: str, body: list[str]) -> list[str]:
        """A titled block: folded in <details> (plain text title, HTML-escaped: no Markdown is
        read inside <summary>), or under a heading (Markdown-escaped)."""
        if self.folded:  # a blank line after <summary> lets GitHub render the Markdown inside
            return [f"<details><summary>{html.escape(title, quote=False)}</summary>", "", *body, "", "</details>", ""]
        return [f"#### {md_escape(title)}", "", *body, ""]

    def _position(self, p: PositionChange) -> list[str]:
        lines = [f"- **{label}**: {value}" for label, value in self.position_facts(p)]
        for change in p.fields:
            lines += self._field(change)
        return lines

    def _field(self, change: FieldChange) -> list[str]:
        label, rows = self.field_lines(change)
        if len(rows) == 1 and rows[0][1] == 0:
            return [f"- **{label}**: {rows[0][2]}"]
        # The mark escaped: "- + text" would otherwise open a nested list.
        return [f"- **{label}**"] + [f"  - \\{mark} {text}" for mark, _depth, text in rows]
