"""Cells of a job description that are more than one field: read back through what prints them.

The JD writer prints a report's period and due time in one cell ("每旬 · 每旬末次日上午10:00前"),
the headcount from a label ("编制 3 人 / 在岗 2 人 / 空缺 1 人"), periods from the edition's label
table (每旬, 每旬 in Traditional, Every ten days). Each is read back here with the same labels,
so an edited cell changes the field it came from. Meetings, RACI rows and approval tiers are
printed from other files: an edit there is refused, naming the file that holds it.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional


def period_labels(language: str) -> dict[str, str]:
    """Printed label → period, in the edition's own labels (每旬 → ten-day, 每旬 → ten-day …)."""
    from ..i18n import PERIODS_EN, PERIODS_ZH, labels_for

    return {label: period for period, label in labels_for(language, PERIODS_ZH, PERIODS_EN).items()}


def split_due(cell: str, periods: dict[str, str]) -> tuple[Optional[str], str]:
    """A report's due cell → (period or None, due text): "每旬 · 每旬末次日…" → ("ten-day", "每旬末次日…")."""
    first, _, rest = cell.partition("·")
    if first.strip() in periods:
        return periods[first.strip()], rest.strip()
    return None, cell.strip()


def headcount(cell: str, labels: dict[str, str]) -> Optional[tuple[Optional[int], Optional[int], Optional[int]]]:
    """The header's headcount cell → (budget, filled, vacant) as printed; (None, None, None) for
    "not stated"; None when it reads as none of the printed forms."""
    text = " ".join(cell.split())
    if text == labels["headcount_not_stated"]:
        return None, None, None
    for form, names in ((labels["headcount_value"], ("budget", "filled", "vacant")),
                        (labels["headcount_budget_only"], ("budget",))):
        pattern = re.escape(" ".join(form.split()))
        for name in names:
            pattern = pattern.replace(re.escape("{" + name + "}"), rf"\s*(?P<{name}>\d{{1,6}})\s*")
        match = re.fullmatch(pattern.replace(r"\ ", r"\s*"), text)
        if match:
            found = {name: int(match.group(name)) for name in names}
            return found["budget"], found.get("filled"), found.get("vacant")
    return None


def source_path(org, kind: str, wanted_name: str) -> Optional[Path]:
    """The file of the meeting or process (`kind`) printed as `wanted_name`."""
    roles, processes = len(org.roles), sorted(org.processes)
    if kind == "meeting":
        for index, mid in enumerate(sorted(org.meetings)):
            if org.meetings[mid].name == wanted_name:
                return Path(org.sources[1 + roles + len(processes) + index].path)
    else:
        for index, pid in enumerate(processes):
            if org.processes[pid].name == wanted_name:
                return Path(org.sources[1 + roles + index].path)
    return None


def _relative(org, path: Optional[Path]) -> str:
    if path is None:
        return ""
    try:
        return str(path.relative_to(org.root))
    except ValueError:
        return str(path)


def refuse_drawn_rows(key: str, old: list[list[str]], new: list[list[str]], org, labels, changes) -> None:
    """Meetings, RACI rows, approval tiers: each changed row refused with the file that holds it."""
    kind = "meeting" if key == "meetings" else "process"
    old_rows = {tuple(row) for row in old}
    for row in new:
        if tuple(row) in old_rows or not row:
            continue
        name = row[0].split(" · ")[0].strip()
        path = source_path(org, kind, name)
        if path is None and kind == "meeting":
            shown = next((r[0] for r in old if r and r[0] not in {n[0] for n in new if n}), name)
            path, name = source_path(org, kind, shown), shown
        if path is not None:
            what = "the meeting" if kind == "meeting" else "the process"
            changes.refuse(key, f"{labels[key]}: {what} {name} is kept in {_relative(org, path)}: edit it there")
        else:
            changes.refuse(key, f"{labels[key]}: the row “{' | '.join(row)}” is drawn from "
                                f"{'meetings/' if kind == 'meeting' else 'processes/'}, not from the role's file: "
                                "edit it there")
    if len(new) < len(old):
        changes.refuse(key, f"{labels[key]}: rows removed in Word; they are drawn from "
                            f"{'meetings/' if kind == 'meeting' else 'processes/'}: edit those files")
