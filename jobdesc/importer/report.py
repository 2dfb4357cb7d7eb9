"""What an import found, for the summary printed at the end and for tests."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .drafted import Item, Organisation


@dataclass(frozen=True)
class PositionReport:
    id: str
    title: str
    duties: int  # top-level duties, as a reader counts them
    source: str
    reports_to: str | None
    kpis: int
    todos: tuple[str, ...]
    unmapped: tuple[str, ...]


@dataclass
class ImportReport:
    out_dir: Path
    organization: str
    positions: list[PositionReport] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    noise_lines: int = 0
    ignored_lines: int = 0
    removed_characters: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, codes)
    line_lists: list[tuple[str, list[int], list[int]]] = field(default_factory=list)  # (file, noise, ignored)
    blank: set[tuple[str, int]] = field(default_factory=set)  # (file, line) of empty lines
    headcount_lines: list[tuple[str, list[int]]] = field(default_factory=list)  # (file, 人员架构 lines read as budgets)
    chapter_lines: list[tuple[str, list[int]]] = field(default_factory=list)  # (file, lines written as chapters)
    chapters: list[str] = field(default_factory=list)  # chapters/ file names
    stated_superiors: int = 0  # reports_to read from the text
    suggested_superiors: int = 0  # superiors not stated, suggested from the titles' ranks in a TODO (not written)
    headcounts: int = 0
    staffing: object = None  # a StaffingReport when a staffing table was imported with the documents

    @classmethod
    def of(cls, org: Organisation, out_dir: Path, noise_lines: int, ignored_lines: int) -> "ImportReport":
        report = cls(out_dir, org.name, noise_lines=noise_lines, ignored_lines=ignored_lines)
        for role in org.roles:
            report.positions.append(PositionReport(
                role.id, role.title, len(role.duties), role.source, role.reports_to, len(role.kpis),
                tuple(role.todos), tuple(role.unmapped)))
        report.departments = [f"{d.id} ({d.name})" for d in org.departments]
        report.external = [f"{i} ({t})" for i, t in org.external]
        report.skipped = list(org.skipped)
        report.stated_superiors = sum(1 for r in org.roles if r.stated_superior)
        report.suggested_superiors = sum(1 for r in org.roles if any(INFERRED in t for t in r.todos))
        report.headcounts = sum(1 for r in org.roles if r.headcount is not None)
        return report

    def _blank(self, name: str) -> set[int]:
        return {line for file, line in self.blank if file == name}

    def titles(self) -> list[str]:
        return [p.title for p in self.positions]

    def format(self) -> str:
        lines = [f"imported {len(self.positions)} positions into {self.out_dir} ({self.organization})"]
        for p in self.positions:
            superior = f" → {p.reports_to}" if p.reports_to else ""
            kpis = f", {p.kpis} KPI" if p.kpis else ""
            lines.append(f"  {p.id}: {p.title}{superior} — {p.duties} duties{kpis}  [{p.source}]")
        lines.append(f"departments: {', '.join(self.departments)}")
        if self.external:
            lines.append(f"external positions (named, not imported): {', '.join(self.external)}")
        unmapped = [(p.id, u) for p in self.positions for u in p.unmapped]
        if unmapped:
            lines.append("fields it could not map (kept as comments):")
            lines += [f"  {pid}: {text[:80]}" for pid, text in unmapped]
        unresolved = [(p.id, t) for p in self.positions for t in p.todos
                      if ("原文" in t and "所属部门" not in t or "成环" in t or "多个同名" in t) and INFERRED not in t]
        no_department = [p.id for p in self.positions if any("所属部门" in t for t in p.todos)]
        if no_department:
            lines.append(f"no department stated for {len(no_department)} positions: put in the default department")
        if unresolved:
            lines.append("to check (TODO comments in the files):")
            lines += [f"  {pid}: {text}" for pid, text in unresolved]
        if self.skipped:
            lines.append("skipped (nothing to import):")
            lines += [f"  {title}: {why}" for title, why in self.skipped]
        if self.removed_characters:
            lines.append("took out characters no font can draw (left by a broken converter); "
                         "check what stood there:")
            lines += [f"  {file}:{line}: {codes}" for file, line, codes in self.removed_characters]
        if self.staffing is not None:
            lines.append(self.staffing.format())
        lines.append(f"reporting lines: {self.stated_superiors} read from the text, {self.suggested_superiors} not stated "
                     f"(a TODO each suggests one from the titles; none written); headcounts: {self.headcounts} stated")
        lines.append(f"dropped {self.noise_lines} lines of page noise; "
                     f"{self.ignored_lines} lines outside any position were not imported")
        for name, noise, ignored in self.line_lists:
            if noise:
                lines.append(f"  {name}: page noise dropped: lines {line_ranges(noise, self._blank(name))}")
            if ignored:
                lines.append(f"  {name}: not imported, kept as '# TODO 未导入' comments: lines {line_ranges(ignored, self._blank(name))}")
        if self.chapters:
            lines.append(f"rule sections written as handbook chapters: {', '.join('chapters/' + c for c in self.chapters)}")
        for name, read in self.chapter_lines:
            lines.append(f"  {name}: written into chapters/: lines {line_ranges(read, self._blank(name))}")
        for name, read in self.headcount_lines:
            lines.append(f"  {name}: read as headcounts (人员架构): lines {line_ranges(read, self._blank(name))}")
        return "\n".join(lines)


INFERRED = "按职级推定"  # the words of resolving._suggest_by_rank's TODO comment


def count_items(items: list[Item]) -> int:
    return sum(1 + count_items(i.items) for i in items)


def line_ranges(numbers: list[int], blank: set[int] = frozenset()) -> str:
    """[3, 4, 5, 9] → "3-5, 9"; a range goes on over empty lines (3, 5 with 4 empty: "3-5")."""
    ranges: list[list[int]] = []
    for n in sorted(set(numbers)):
        if ranges and all(k in blank for k in range(ranges[-1][1] + 1, n)):
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in ranges)
