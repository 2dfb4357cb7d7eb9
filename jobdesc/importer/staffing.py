"""Staffing tables (定岗定编表, .xlsx): headcounts and incumbents per position.

The table is found by its header row (within the first rows of any sheet): a column for the
position (岗位, 职位, 岗位名称; or jobdesc's own 部门 / 岗位), one for the budget (编制), and
optionally the department (部门), people in post (在岗, 实有) and their names (任职人, 在岗人员,
姓名). Names in one cell are split at 、，,；; and spaces. A row is matched to a position by
title, and by department name where a title is used in several departments; rows matching
nothing, or more than one, are reported and change nothing.

Into an existing directory (`--into DIR`) the figures go into the role files with ruamel.yaml's
round trip (comments and order kept); into a new one (`-o NEW`) they fill the positions drafted
from the job descriptions imported with the table.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .. import userfiles
from ..errors import UserError

_POSITION = re.compile(r"^(部门\s*/\s*)?(岗位|职位)(名称)?$|^部门\s*/\s*岗位$")
_DEPARTMENT = re.compile(r"^(所属)?部门(名称)?$")
_BUDGET = re.compile(r"^(定编|编制)(人数)?$")
_FILLED = re.compile(r"^(在岗|实有|现有)(人数)?$")
_NAMES = re.compile(r"^(任职人|任职人员|在岗人员|姓名|人员姓名)$")
_SPLIT = re.compile(r"[、，,；;\s]+")
HEADER_ROWS = 12
MAX_FIGURE = 100_000  # the format's largest budget or filled count (models.Headcount)


@dataclass
class StaffingRow:
    line: int  # the spreadsheet row number
    sheet: str
    department: Optional[str]
    title: str
    budget: Optional[int]
    filled: Optional[int]
    names: list[str] = field(default_factory=list)


def read_staffing(path: Path) -> list[StaffingRow]:
    """The rows of every sheet with a staffing header; UserError for an unreadable file."""
    from .package import check_package

    data = userfiles.read_bytes(path, userfiles.MAX_IMPORT_DOCX_BYTES)
    data = check_package(path, data, what="Excel workbook (.xlsx)")
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        rows: list[StaffingRow] = []
        for sheet in workbook.worksheets:
            rows += _sheet_rows(sheet)
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged workbook fails in openpyxl in many ways
        raise UserError.at(path, 1, 1, "import-binary",
                           f"{path.name} is not a readable Excel workbook (.xlsx): {type(exc).__name__}") from None
    if not rows:
        raise UserError.at(path, 1, 1, "import-nothing",
                           f"{path.name} has no staffing table: no sheet has a header row with 岗位 and 编制 "
                           "(optionally 部门, 在岗, 任职人)")
    return rows


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _figure(value) -> Optional[int]:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)) and float(value).is_integer() and 0 <= value <= MAX_FIGURE:
        return int(value)
    m = re.fullmatch(r"\s*(\d{1,6})\s*(人|名)?\s*", str(value))
    return int(m.group(1)) if m and int(m.group(1)) <= MAX_FIGURE else None


def _sheet_rows(sheet) -> list[StaffingRow]:
    columns: dict[str, int] = {}
    out: list[StaffingRow] = []
    department = None
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_text(v) for v in values]
        if not columns:
            if number > HEADER_ROWS:
                return []
            found = {}
            for index, cell in enumerate(cells):
                key = cell.replace(" ", "")
                for name, pattern in (("title", _POSITION), ("department", _DEPARTMENT), ("budget", _BUDGET),
                                      ("filled", _FILLED), ("names", _NAMES)):
                    if name not in found and pattern.match(key):
                        found[name] = index
            if "title" in found and "budget" in found:
                columns = found
            continue
        title = cells[columns["title"]] if columns["title"] < len(cells) else ""
        if not title:
            continue
        raw_budget = values[columns["budget"]] if columns["budget"] < len(values) else None
        budget = _figure(raw_budget)
        if "department" not in columns and budget is None:
            department = title  # jobdesc's own table: a department's row carries a formula, not a figure
            continue
        filled = _figure(values[columns["filled"]]) if "filled" in columns and columns["filled"] < len(values) else None
        names = _SPLIT.split(cells[columns["names"]]) if "names" in columns and columns["names"] < len(cells) else []
        row_department = cells[columns["department"]] if "department" in columns else department
        out.append(StaffingRow(number, sheet.title, row_department or None, title, budget, filled,
                               [n for n in names if n]))
    return out


@dataclass
class StaffingReport:
    path: Path
    changed: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    diff: str = ""
    unchanged: int = 0  # rows whose position already held the table's figures and names

    def format(self) -> str:
        lines = [f"{self.path.name}: {len(self.changed)} position(s) updated"
                 + (f", {self.unchanged} already up to date" if self.unchanged else "")]
        lines += [f"  {c}" for c in self.changed]
        if self.unmatched:
            lines.append("rows not imported (fix the table or the titles, then import again):")
            lines += [f"  {u}" for u in self.unmatched]
        if self.diff:
            lines.append(self.diff.rstrip("\n"))
        return "\n".join(lines)


def match(rows: list[StaffingRow], positions: list[tuple[object, str, str]], report: StaffingReport):
    """(row, key) pairs for rows naming exactly one position; positions are (key, title, department name)."""
    from .text import recognition_view

    pairs = []
    for row in rows:
        title = recognition_view(row.title)
        candidates = [p for p in positions if recognition_view(p[1]) == title]
        if len(candidates) > 1 and row.department:
            wanted = recognition_view(row.department)
            candidates = [p for p in candidates if recognition_view(p[2]).endswith(wanted)]
        where = f"{row.sheet}!{row.line}: {row.title}"
        if not candidates:
            report.unmatched.append(f"{where}: no position with this title")
        elif len(candidates) > 1:
            report.unmatched.append(f"{where}: {len(candidates)} positions have this title; add the 部门 column")
        elif row.budget is None:
            report.unmatched.append(f"{where}: 编制 is not a number")
        elif row.filled is not None and row.filled > row.budget:
            report.unmatched.append(f"{where}: 在岗 {row.filled} is more than 编制 {row.budget}")
        elif row.names and row.filled is not None and len(row.names) != row.filled:
            report.unmatched.append(f"{where}: {len(row.names)} names for 在岗 {row.filled}")
        else:
            pairs.append((row, candidates[0][0]))
    return pairs


def apply_staffing(organisation, rows: list[StaffingRow], report: StaffingReport) -> None:
    """Figures for the positions drafted from the documents imported with the table (-o NEW)."""
    names = {d.id: d.name for d in organisation.departments}
    positions = [(role, role.title, names.get(role.department, "")) for role in organisation.roles]
    holders: dict[str, str] = {}  # incumbent name → the position that has it (a person holds one post)
    for row, role in match(rows, positions, report):
        shared = [name for name in row.names if holders.get(name, role.id) != role.id]
        if shared:
            report.unmatched.append(f"{row.sheet}!{row.line}: {row.title}: {'、'.join(shared)} also in post "
                                    f"{holders[shared[0]]}: names not taken (mark the 兼任 post by hand)")
            row.names = []
        holders.update((name, role.id) for name in row.names)
        role.headcount = row.budget
        role.filled = row.filled if row.filled is not None else (len(row.names) if row.names else None)
        if role.filled is not None and (role.headcount is None or role.filled > role.headcount):
            report.unmatched.append(f"{row.sheet}!{row.line}: {row.title}: 在岗 {role.filled} but 编制 "
                                    f"{row.budget if row.budget is not None else '—'}: 在岗 and names not taken")
            role.filled, row.names = None, []
        role.incumbents = list(row.names)
        report.changed.append(f"{role.id}: 编制 {row.budget}" + (f" / 在岗 {role.filled}" if role.filled is not None
                                                                 else ""))


def import_staffing(path: Path, into: Path) -> StaffingReport:
    """Carry a staffing table's figures into the role files of an existing directory."""
    import difflib

    from ruamel.yaml.comments import CommentedMap

    from ..format.loader import load_organisation
    from .yamlrt import dump, load, write_all_checked
    from .roundtrip_fields import set_key

    rows = read_staffing(path)
    org, _ = load_organisation(into)
    report = StaffingReport(path)
    paths = {role_id: Path(source.path) for role_id, source in zip(org.roles, org.sources[1:])}
    positions = [(role_id, role.title, " ".join(d.name for d in org.department_path(role.department)))
                 for role_id, role in org.roles.items()]
    edits: dict[Path, tuple[str, str]] = {}
    for row, role_id in match(rows, positions, report):
        file = paths[role_id]
        old = edits[file][0] if file in edits else file.read_text(encoding="utf-8")
        before = edits[file][1] if file in edits else old
        yaml, document = load(before)
        filled = row.filled if row.filled is not None else (len(row.names) if row.names else None)
        if not row.names and filled is not None and len(document.get("incumbents") or [filled] * filled) != filled:
            report.unmatched.append(f"{row.sheet}!{row.line}: {row.title}: 在岗 {filled} but {file.name} names "
                                    f"{len(document['incumbents'])} incumbents and the table no names: not changed")
            continue
        headcount = document.get("headcount")
        if not isinstance(headcount, CommentedMap):
            headcount = CommentedMap()
            set_key(document, "headcount", headcount)
        set_key(headcount, "budget", row.budget, ("budget", "filled"))
        if filled is not None:
            set_key(headcount, "filled", filled, ("budget", "filled"))
        if row.names:
            _set_incumbents(document, row.names)
        edits[file] = (old, dump(yaml, document))
        if edits[file][1] == before:  # the file already said so: nothing updated
            report.unchanged += 1
            continue
        report.changed.append(f"{role_id}: 编制 {row.budget}" + (f" / 在岗 {filled}" if filled is not None else "")
                              + (f" ({'、'.join(row.names)})" if row.names else ""))
    changed = {file: texts for file, texts in edits.items() if texts[0] != texts[1]}
    report.diff = "".join("".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), str(f), str(f)))
                          for f, (old, new) in changed.items())
    write_all_checked(changed, into)
    return report


_CONCURRENT = re.compile(r"[（(]兼[）)]$")  # 曹一鸣（兼）: jobdesc's staffing.xlsx marks 兼任 so


def _set_incumbents(document, names: list[str]) -> None:
    """The incumbents a table names; an entry already there for a name is kept as it is
    ({name: 李强, concurrent: true} with its comment), and the list is not touched at all when
    it names the same people."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from .roundtrip_fields import set_key

    existing = list(document.get("incumbents") or [])
    by_name = {(e.get("name") if isinstance(e, dict) else e): e for e in existing}
    wanted = []
    for raw in names:
        m = _CONCURRENT.search(raw)  # not ^(.*?)\s*…$, which was quadratic on a run of spaces
        name = raw[:m.start()].rstrip() if m else raw
        if name in by_name:
            wanted.append(by_name[name])
        elif m:
            entry = CommentedMap()
            entry["name"], entry["concurrent"] = name, True
            entry.fa.set_flow_style()
            wanted.append(entry)
        else:
            wanted.append(name)
    if [id(e) for e in wanted] == [id(e) for e in existing]:
        return
    seq = CommentedSeq(wanted)
    seq.fa.set_flow_style()
    set_key(document, "incumbents", seq)
