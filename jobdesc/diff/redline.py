"""OUT/changes.pdf: the change report as a printed redline, in the house style.

Deleted words are struck through in red, inserted ones underlined in blue, as a lawyer's
redline prints them; the page furniture (fonts, colours, footer) is that of the other tables
(templates/changes.html extends tables_base.html), so a user's template folder can restyle it.
The wording and order come from formats.Report, shared with the text and Markdown reports.
"""
from __future__ import annotations

from typing import Iterable

from markupsafe import Markup, escape

from ..i18n import HTML_LANG
from ..pdf import lay_out
from ..templating import TemplateSet, render_template
from .formats import MARK, Report, headline, not_stated_note, row_text
from .model import Changes
from .text import Segment


class HtmlReport(Report):
    def escape(self, text: str) -> str:
        return str(escape(text))

    def inline(self, segments: Iterable[Segment]) -> str:
        tags = {"equal": "{}", "delete": '<del>{}</del>', "insert": '<ins>{}</ins>'}
        return "".join(tags[s.op].format(escape(s.text)) for s in segments)

    def rows(self, facts: list[tuple[str, str]], fields) -> list[dict]:
        """One table row per fact or field: its label and its marked-up lines."""
        rows = [{"label": label, "lines": [{"mark": "~", "html": Markup(value)}]} for label, value in facts]
        for change in fields:
            label, lines = self.field_lines(change)
            rows.append({"label": label, "lines": [{"mark": mark, "html": Markup(text)} for mark, _d, text in lines]})
        return rows

    def context(self) -> dict:
        c, labels = self.changes, self.labels
        positions = [{"kind": p.kind, "mark": MARK[p.kind], "title": self.position_title(p),
                      "rows": self.rows(self.position_facts(p), p.fields)} for p in c.positions]
        departments = [{"kind": d.kind, "mark": MARK[d.kind], "title": f"{d.name} ({d.id})",
                        "rows": self.rows([], d.fields)} for d in c.departments]
        processes = [{"kind": p.kind, "mark": MARK[p.kind], "title": f"{p.name} ({p.id})",
                      "rows": ([{"label": labels["name"], "lines": [{"mark": "~", "html": Markup(self.item_text(p.renamed))}]}]
                               if p.renamed else [])
                      + [{"label": "", "lines": [{"mark": "", "html": Markup(line)}]} for line in self.letter_lines(p)]}
                     for p in c.processes]
        documents = [{"kind": d.kind, "mark": MARK[d.kind], "title": f"{labels[folder]} · {d.title} ({d.id})",
                      "rows": self.rows([], d.fields)} for folder, group in self.documents() for d in group]
        headcount = [{"name": " · ".join(filter(None, [row.name or labels["total"], not_stated_note(row, labels)])),
                      "total": row.id is None,
                      "figures": row_text(row).split(" / ")} for row in c.headcount]
        return {
            "lang": HTML_LANG.get(c.language, "zh-Hans"), "organisation": c.organisation, "labels": labels,
            "old": c.old_label, "new": c.new_label, "headline": headline(c) or labels["no_changes"],
            "organisation_rows": self.rows([], c.organisation_fields),
            "headcount": headcount if any(r.old != r.new for r in c.headcount) else [],
            "positions": positions, "departments": departments, "processes": processes, "documents": documents,
        }


def redline_pdf(changes: Changes, templates: TemplateSet) -> bytes:
    html = render_template(templates.environment(), "changes.html", **HtmlReport(changes).context())
    return lay_out(html, templates.folders[0], templates.folders, template="changes.html").pdf
