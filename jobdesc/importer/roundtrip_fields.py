"""Carry one section's Word edits into a role's YAML, changing only what was edited.

Each function compares what the job description showed (`old`, read from a fresh rendering of
the directory) with what the edited Word file shows (`new`) and changes the round-trip YAML
(ruamel.yaml's CommentedMap/CommentedSeq) in place: a reworded item is assigned, an added one
inserted, a removed one deleted; everything else keeps its text, quotes and comments. What
cannot be mapped is said in `Changes.unmapped`, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .word_jd import WordItem

# The order of a role file's keys (FORMAT.md section 3): a key the edits add goes in its place.
KEY_ORDER = ("title", "external_title", "department", "reports_to", "dotted_to", "assistant", "grade",
             "headcount", "incumbents", "serves", "summary", "extends", "duties", "kpis", "qualifications",
             "authority", "relations", "reports", "workflow")


@dataclass
class Changes:
    done: list[str] = field(default_factory=list)  # "duties: added 新职责"
    unmapped: list[str] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # the fields (section keys, header:KEY) not carried

    def refuse(self, key: str, why: str) -> None:
        """An edit to `key` that is not carried over, and why (reported; left out of the check)."""
        self.refused.add(key)
        self.unmapped.append(why)


def set_key(mapping: CommentedMap, key: str, value, order: tuple[str, ...] = KEY_ORDER) -> None:
    """mapping[key] = value; a new key goes after the keys that come before it in `order`."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = 0
    for index, existing in enumerate(mapping):
        if existing in order and order.index(existing) < rank:
            position = index + 1
    mapping.insert(position, key, value)


def _opcodes(old: list, new: list):
    return reversed(SequenceMatcher(None, old, new, autojunk=False).get_opcodes())


def sync_texts(seq: CommentedSeq, old: list[str], new: list[str], where: str, changes: Changes) -> None:
    """A list of strings (authority, skills, relations …) made to read `new`."""
    _sync_list(seq, old, new, where, changes, lambda index, before, after: _assign(seq, index, before, after, where,
                                                                                  changes), lambda text: text)


def _assign(seq: CommentedSeq, index: int, before: str, after: str, where: str, changes: Changes) -> None:
    if before != after:
        seq[index] = after
        changes.done.append(f"{where}: “{before}” → “{after}”")


def _sync_list(seq: CommentedSeq, old: list, new: list, where: str, changes: Changes, edit, make,
               text=lambda item: item) -> None:
    """Make `seq` (whose items show as `old`) show as `new`: removed items are taken out with
    their comments, items that moved are put back with theirs (yamlcomments.py), kept and
    reworded items are edited in place by `edit(index, old, new)`, new ones made by `make`."""
    from .yamlcomments import Taken, put, take

    opcodes = list(SequenceMatcher(None, [text(o) for o in old], [text(n) for n in new],
                                   autojunk=False).get_opcodes())
    paired = lambda tag, i1, i2, j1, j2: tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1)  # noqa: E731
    removed: dict[str, list] = {}
    for tag, i1, i2, j1, j2 in reversed(opcodes):
        if not paired(tag, i1, i2, j1, j2):
            for k in reversed(range(i1, i2)):
                removed.setdefault(text(old[k]), []).append((old[k], take(seq, k)))
    for tag, i1, i2, j1, j2 in opcodes:
        if paired(tag, i1, i2, j1, j2):
            for k in range(i2 - i1):
                edit(j1 + k, old[i1 + k], new[j1 + k])
            continue
        for k in range(j1, j2):
            moved = removed.get(text(new[k]))
            if moved:
                before, taken = moved.pop()
                put(seq, k, taken)
                edit(k, before, new[k])
                changes.done.append(f"{where}: moved “{text(new[k])}”")
            else:
                put(seq, k, Taken(make(new[k]), "", ""))
                changes.done.append(f"{where}: added “{text(new[k])}”")
    for items in removed.values():  # what no new item took
        for before, _ in reversed(items):
            changes.done.append(f"{where}: removed “{text(before)}”")


def _item_text(item) -> str:
    return item if isinstance(item, str) else str(item.get("text", ""))


def _new_item(node: WordItem):
    if not node.items:
        return node.text
    item = CommentedMap()
    item["text"] = node.text
    item["items"] = CommentedSeq(_new_item(child) for child in node.items)
    return item


def sync_tree(seq: CommentedSeq, old: list[WordItem], new: list[WordItem], where: str, changes: Changes) -> None:
    """Duties or workflow: items reworded, added, removed or moved at any depth."""
    _sync_list(seq, old, new, where, changes, lambda index, before, after: _sync_item(seq, index, before, after,
                                                                                      where, changes),
               _new_item, text=lambda node: node.text)


def _sync_item(seq: CommentedSeq, index: int, old: WordItem, new: WordItem, where: str, changes: Changes) -> None:
    item = seq[index]
    if old.text != new.text:
        if isinstance(item, str):
            seq[index] = item = new.text
        else:
            item["text"] = new.text
        changes.done.append(f"{where}: “{old.text}” → “{new.text}”")
    if [n.text for n in old.items] == [n.text for n in new.items] and all(
            _same(a, b) for a, b in zip(old.items, new.items)):
        return
    if isinstance(item, str):
        mapping = CommentedMap()
        mapping["text"] = item
        mapping["items"] = CommentedSeq()
        seq[index] = item = mapping
    children = item.get("items")
    if children is None:
        children = item["items"] = CommentedSeq()
    sync_tree(children, old.items, new.items, f"{where} › {new.text}", changes)
    if not children:
        del item["items"]


def _same(a: WordItem, b: WordItem) -> bool:
    return a.text == b.text and len(a.items) == len(b.items) and all(_same(x, y) for x, y in zip(a.items, b.items))


_AMOUNT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(.*?)\s*$")


def kpi_target(cell: str, unit: str):
    """A KPI's target cell → (target, unit) that print back as exactly that cell (jd/context.py):
    a number and its unit (95% → 95, %); text that still ends with the unit keeps it
    (不低于8000万元 → 不低于8000, 万元); any other text is the target alone (九成以上, 1,000万元)."""
    from ..jd.context import _amount as printed

    candidates = []
    match = _AMOUNT.match(cell)
    if match:
        candidates.append((number(match.group(1)), match.group(2) or None))
    if unit and cell.endswith(unit) and cell != unit:
        candidates.append((cell[:-len(unit)].strip(), unit))
    if cell:
        candidates.append((cell, None))
    for target, with_unit in candidates:
        if printed(str(target), with_unit) == cell:
            return target, with_unit
    return (None, None) if not cell else (cell, None)


def number(text: str):
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def sync_kpis(seq: CommentedSeq, old: list[list[str]], new: list[list[str]], periods: dict[str, str],
              changes: Changes) -> None:
    """KPI rows (name, target with its unit, period, weight) edited, added or removed."""
    old_rows, new_rows = [tuple(r) for r in old], [tuple(r) for r in new]
    # Matched by name: a KPI whose target, period or weight changed is that KPI edited, not
    # one removed and another added.
    for tag, i1, i2, j1, j2 in _opcodes([r[0] for r in old_rows], [r[0] for r in new_rows]):
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                if old_rows[i1 + k] != new_rows[j1 + k]:
                    _sync_kpi(seq[i1 + k], old_rows[i1 + k], new_rows[j1 + k], periods, changes)
            continue
        for k in reversed(range(i1, i2)):
            del seq[k]
            changes.done.append(f"kpis: removed “{old_rows[k][0]}”")
        for k in reversed(range(j1, j2)):
            kpi = CommentedMap()
            kpi["name"] = new_rows[k][0]
            _sync_kpi(kpi, ("",) * 4, new_rows[k], periods, changes, announce=False)
            seq.insert(i1, kpi)
            changes.done.append(f"kpis: added “{new_rows[k][0]}”")


_KPI_ORDER = ("name", "target", "unit", "period", "weight")


def _sync_kpi(kpi: CommentedMap, old: tuple, new: tuple, periods: dict[str, str], changes: Changes,
              announce: bool = True) -> None:
    name = new[0]
    cells = list(new) + [""] * (4 - len(new))
    old = tuple(old) + ("",) * (4 - len(old))
    if announce and old[0] != cells[0]:
        kpi["name"] = cells[0]
        changes.done.append(f"kpis: “{old[0]}” → “{cells[0]}”")
    if old[1] != cells[1] and isinstance(kpi.get("target"), dict):
        changes.refuse("kpis", f"kpis › {name}: the target is a range ({{min, max}}): edit it in the role file")
    elif old[1] != cells[1]:
        target, unit = kpi_target(cells[1], str(kpi.get("unit") or ""))
        if target is None:
            kpi.pop("target", None)
        else:
            set_key(kpi, "target", target, _KPI_ORDER)
        if unit:
            set_key(kpi, "unit", unit, _KPI_ORDER)
        elif "unit" in kpi:
            del kpi["unit"]
        if announce:
            changes.done.append(f"kpis › {name}: target “{old[1]}” → “{cells[1]}”")
    if old[2] != cells[2]:
        period = periods.get(cells[2].strip())
        if period:
            set_key(kpi, "period", period, _KPI_ORDER)
            if announce:
                changes.done.append(f"kpis › {name}: period “{old[2]}” → “{cells[2]}”")
        elif cells[2].strip():
            changes.refuse("kpis", f"kpis › {name}: period “{cells[2]}” is none of {', '.join(periods)}")
    if old[3] != cells[3]:
        m = _AMOUNT.match(cells[3].rstrip("%％ "))
        if m and not m.group(2) and kpi.get("weight") == number(m.group(1)):
            pass  # the same weight written another way (40.0%, 40 %)
        elif m and not m.group(2):
            set_key(kpi, "weight", number(m.group(1)), _KPI_ORDER)
            if announce:
                changes.done.append(f"kpis › {name}: weight “{old[3]}” → “{cells[3]}”")
        elif cells[3].strip():
            changes.refuse("kpis", f"kpis › {name}: weight “{cells[3]}” is not a number")
        elif "weight" in kpi:
            del kpi["weight"]


def sync_scalar(mapping: CommentedMap, key: str, old: str, new: str, where: str, changes: Changes,
                order: tuple[str, ...] = KEY_ORDER) -> None:
    if old == new:
        return
    if new:
        set_key(mapping, key, new, order)
    elif key in mapping:
        del mapping[key]
    changes.done.append(f"{where}: “{old}” → “{new}”")


def sync_list_field(mapping: CommentedMap, key: str, old: list[str], new: list[str], where: str,
                    changes: Changes, order: tuple[str, ...] = KEY_ORDER) -> None:
    if old == new:
        return
    seq = mapping.get(key)
    if seq is None:
        seq = CommentedSeq()
        seq.fa.set_flow_style()  # a new short list, written as the example writes them: [a, b]
        set_key(mapping, key, seq, order)
    sync_texts(seq, old, new, where, changes)
    if not seq:
        del mapping[key]
