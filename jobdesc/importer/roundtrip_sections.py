"""Carry the edited sections of a Word job description into a role's YAML (see roundtrip.py).

Section by section, what the job description showed is compared with what the edited file
shows; the field functions (roundtrip_fields.py) make the change in the YAML. Sections drawn
from other files (RACI, approval limits), sections jobdesc does not write and free text where
a list stood are reported, never guessed.
"""
from __future__ import annotations

from . import roundtrip_cells as cells
from . import roundtrip_fields as fields
from .word_jd import DERIVED, WordJobDescription


def carry(before: WordJobDescription, after: WordJobDescription, role, org, language: str,
           changes: fields.Changes) -> None:
    from ..jd.labels import jd_labels

    labels = jd_labels(language)
    for key, name in (("title", "title"), ("external_title", "external_title"), ("grade", "grade")):
        fields.sync_scalar(role, name, before.header.get(key, ""), after.header.get(key, ""), labels[key], changes)
    for key in sorted(set(before.header) | set(after.header)):
        if key not in ("title", "external_title", "grade") and before.header.get(key) != after.header.get(key):
            if key == "headcount":
                _carry_headcount(role, before.header.get(key, ""), after.header.get(key, ""), labels, changes)
                continue
            changes.refuse(f"header:{key}", f"{labels[key]}: “{before.header.get(key, '')}” → "
                           f"“{after.header.get(key, '')}” not carried over: {_DRAWN.get(key, 'drawn from other files')}")
    if before.title != after.title and before.header.get("title") == after.header.get("title"):
        changes.refuse("header:title", f"{labels['title']}: the title line “{after.title}” is printed from the "
                                       f"{labels['title']} cell of the table below it: edit that cell")
    empty = _Empty()
    old, new = before.sections, dict(after.sections)
    if after.unknown:  # a section heading retyped: its section is not carried over (nor deleted)
        for key in [k for k in old if k not in new and not k.startswith("unknown:")]:
            new[key] = old[key]
            changes.refuse(key, f"{labels.get(key, key)}: its heading was retyped or removed in Word, so its "
                                "section is not carried over: put the heading back")
    fields.sync_scalar(role, "summary", "\n".join(old.get("summary", empty).paragraphs),
                       "\n".join(new.get("summary", empty).paragraphs), labels["summary"], changes)
    for key in ("duties", "workflow"):
        _refuse_inherited(key, old.get(key, empty), new.get(key, empty), labels, changes)
        old_tree, new_tree = old.get(key, empty).tree(), new.get(key, empty).tree()
        if _texts(old_tree) != _texts(new_tree):
            seq = role.get(key)
            if seq is None:
                from ruamel.yaml.comments import CommentedSeq

                seq = CommentedSeq()
                fields.set_key(role, key, seq)
            fields.sync_tree(seq, old_tree, new_tree, labels[key], changes)
            if not seq:
                del role[key]
    for key in ("kpis", "reports", "meetings", "raci", "approvals"):
        headings = [table[0] for table in old.get(key, empty).tables], [table[0] for table in new.get(key, empty).tables]
        if headings[0] != headings[1]:
            changes.refuse(f"{key}:columns", f"{labels.get(key, key)}: the column headings are jobdesc's labels "
                                             "(templates/labels), not the role's: not carried over")
    periods = cells.period_labels(language)
    old_kpis, new_kpis = _kpi_grid(old.get("kpis", empty), labels), _kpi_grid(new.get("kpis", empty), labels)
    if old_kpis != new_kpis:
        if "kpis" not in role:
            from ruamel.yaml.comments import CommentedSeq

            fields.set_key(role, "kpis", CommentedSeq())
        fields.sync_kpis(role["kpis"], old_kpis, new_kpis, periods, changes)
    _carry_pairs(role, old.get("qualifications", empty), new.get("qualifications", empty), labels, changes)
    fields.sync_list_field(role, "authority", [t for _, t in old.get("authority", empty).items],
                           [t for _, t in new.get("authority", empty).items], labels["authority"], changes)
    _carry_relations(role, old.get("relations", empty), new.get("relations", empty), labels, changes)
    _carry_reports(role, old.get("reports", empty), new.get("reports", empty), org, labels, periods, changes)
    for key in sorted(set(old) | set(new)):
        if key in ("meetings", "raci", "approvals") and _shown(old.get(key, empty)) != _shown(new.get(key, empty)):
            cells.refuse_drawn_rows(key, _grid(old.get(key, empty)), _grid(new.get(key, empty)), org, labels, changes)
        elif key in DERIVED and _shown(old.get(key, empty)) != _shown(new.get(key, empty)):
            changes.refuse(key, f"{labels[key]}: edited in Word, but jobdesc draws it "
                                + ("from the roles' reports_to and titles: edit those" if key == "diagram" else
                                   "for every job description alike: it is no field of the role"))
        elif key.startswith("unknown:") or key == "":
            if _shown(old.get(key, empty)) != _shown(new.get(key, empty)):
                changes.refuse(key, f"“{key.removeprefix('unknown:') or '(before the first section)'}”: "
                                    "a section jobdesc does not write; its text was not carried over")
        elif key not in ("summary",) and old.get(key, empty).paragraphs != new.get(key, empty).paragraphs:
            added = [p for p in new.get(key, empty).paragraphs if p not in old.get(key, empty).paragraphs]
            changes.refuse(key, f"{labels.get(key, key)}: text in free form, not carried over: "
                           + "；".join(added)[:200])
        elif key in ("duties", "workflow", "authority") and len(old.get(key, empty).tables) != len(
                new.get(key, empty).tables):
            changes.refuse(key, f"{labels[key]}: a table added in Word, not carried over")


# Why a header cell other than title, external title, grade and headcount is not carried over.
_DRAWN = {
    "department": "the role's `department:` is an id; the path printed comes from org.yaml's departments",
    "reports_to": "the superior is the role's `reports_to:` id, printed as that position's title: edit the id",
    "direct_reports": "drawn from the `reports_to:` of the other roles",
    "dotted_to": "the role's `dotted_to:` ids, printed as titles: edit the ids",
    "dotted_from": "drawn from the `dotted_to:` of the other roles",
    "incumbents": "edit the role's `incumbents:` (or import the staffing table)",
}


def _carry_headcount(role, old: str, new: str, labels, changes) -> None:
    """The headcount cell → the role's own `headcount:` (budget, filled); vacant is budget − filled."""
    from ruamel.yaml.comments import CommentedMap

    figures = cells.headcount(new, labels)
    where = labels["headcount"]
    if figures is None:
        changes.refuse("header:headcount", f"{where}: “{new}” reads as none of the forms jobdesc prints "
                                           f"(“{labels['headcount_value']}”): not carried over")
        return
    budget, filled, vacant = figures
    if budget is not None and filled is not None and vacant != max(budget - filled, 0):
        changes.refuse("header:headcount", f"{where}: “{new}”: the vacancies are budget − filled "
                                           f"({max(budget - filled, 0)}); edit the budget or the filled posts")
        return
    if budget is None:
        if "headcount" in role:
            del role["headcount"]
    else:
        headcount = role.get("headcount")
        if not isinstance(headcount, CommentedMap):
            headcount = CommentedMap()
            fields.set_key(role, "headcount", headcount)
        fields.set_key(headcount, "budget", budget, ("budget", "filled"))
        if filled is None:
            headcount.pop("filled", None)
        else:
            fields.set_key(headcount, "filled", filled, ("budget", "filled"))
    changes.done.append(f"{where}: “{old}” → “{new}”")


def _refuse_inherited(key: str, old, new, labels, changes) -> None:
    """Items after the first note (“以下职责承接自…”) come from the role this one extends."""
    def inherited(section) -> list:
        return section.items[section.notes[0][0]:] if section.notes else []

    if inherited(old) != inherited(new):
        note = (old.notes or new.notes)[0][1]
        changes.refuse(f"{key}:inherited", f"{labels[key]}: the items after “{note}” are inherited (extends): "
                                           "edit them in the role they come from")


class _Empty:
    paragraphs: list = []
    items: list = []
    tables: list = []
    notes: list = []

    def tree(self):
        return []


def _texts(tree) -> list:
    return [(n.text, _texts(n.items)) for n in tree]


def _shown(section) -> tuple:
    return (tuple(section.paragraphs), tuple(section.items), repr(section.tables))


def _grid(section) -> list[list[str]]:
    """A grid's rows without its header row."""
    return [row for row in section.tables[0][1:]] if section.tables else []


def _kpi_grid(section, labels) -> list[list[str]]:
    """KPI rows as (name, target, period, weight): a column nobody typed a value in is left out of
    the job description (jd/report_rows.py), so the cells are placed by their headings."""
    if not section.tables:
        return []
    header, *rows = section.tables[0]
    place = {labels[key]: n for n, key in enumerate(("kpi_name", "kpi_target", "kpi_period", "kpi_weight"))}
    columns = [place.get(text.strip()) for text in header]
    if None in columns:  # headings not jobdesc's: refused above ("kpis:columns"); keep the cells as they are
        return [list(row) for row in rows]
    placed = []
    for row in rows:
        cells = [""] * 4
        for column, text in zip(columns, row):
            cells[column] = text
        placed.append(cells)
    return placed


def _pairs(section) -> dict[str, str]:
    return {row[0]: row[1] if len(row) > 1 else "" for row in (section.tables[0] if section.tables else [])}


def _carry_pairs(role, old_section, new_section, labels, changes) -> None:
    from ruamel.yaml.comments import CommentedMap

    old, new = _pairs(old_section), _pairs(new_section)
    if old == new:
        return
    keys = {labels[k]: k for k in ("education", "experience", "skills", "other")}
    quals = role.get("qualifications")
    if quals is None:
        quals = CommentedMap()
        fields.set_key(role, "qualifications", quals)
    order = ("education", "experience", "skills", "other")
    for label in [*old, *[label for label in new if label not in old]]:
        key = keys.get(label)
        if key is None:  # e.g. the level's 职级能力要求 (section 13): only an edit of it is refused
            if old.get(label) != new.get(label):
                changes.refuse("qualifications", f"{labels['qualifications']}: row “{label}” is none of {', '.join(keys)}")
            continue
        where = f"{labels['qualifications']} › {label}"
        if key in ("education", "experience") and role.get("level") and old.get(label) and not new.get(label):
            # Without the role's own value its level's would print (section 13): not what Word shows.
            changes.refuse("qualifications", f"{where}: emptied, but the role has a level whose requirement would "
                                             "print in its place; edit the YAML (or the level in org.yaml)")
            continue
        if key in ("education", "experience"):
            fields.sync_scalar(quals, key, old.get(label, ""), new.get(label, ""), where, changes, order)
        else:
            fields.sync_list_field(quals, key, _lines(old.get(label, "")), _lines(new.get(label, "")), where,
                                   changes, order)
    if not quals:
        del role["qualifications"]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _carry_relations(role, old_section, new_section, labels, changes) -> None:
    from ruamel.yaml.comments import CommentedMap

    old, new = _pairs(old_section), _pairs(new_section)
    if old == new:
        return
    relations = role.get("relations")
    if relations is None:
        relations = CommentedMap()
        fields.set_key(role, "relations", relations)
    separator = labels["list_separator"].strip()
    for key in ("internal", "external"):
        label = labels[key]

        def split(text: str) -> list[str]:
            return [p.strip() for p in text.replace("\n", separator).split(separator) if p.strip()]

        fields.sync_list_field(relations, key, split(old.get(label, "")), split(new.get(label, "")),
                               f"{labels['relations']} › {label}", changes, ("internal", "external"))
    for label in set(new) - {labels["internal"], labels["external"]}:
        changes.refuse("relations", f"{labels['relations']}: row “{label}” is neither {labels['internal']} "
                       f"nor {labels['external']}")
    if not relations:
        del role["relations"]


def _without(cell: str, at: str) -> str:
    """A due cell without the meeting it is delivered at: "每周 · 于例会汇报" → "每周"."""
    return cell.removesuffix(" · " + at) if cell.endswith(" · " + at) else cell.removesuffix(at)


def _carry_reports(role, old_section, new_section, org, labels, periods, changes) -> None:
    old, new = _grid(old_section), _grid(new_section)
    if old == new:
        return
    seq = role.get("reports")
    own = len(seq) if seq is not None else 0  # the rows after them: the department reports it prepares
    if seq is None or len(old) != len(new):
        changes.refuse("reports", f"{labels['reports']}: rows added or removed in Word; edit `reports` by hand")
        return
    if old[own:] != new[own:]:
        changes.refuse("reports", f"{labels['reports']}: a department's report (from: this role) is kept in "
                                  "org.yaml: edit it there")
    order = ("name", "to", "period", "due", "at")
    by_title = {org.title_of(pid): pid for pid in [*org.roles, *(e.id for e in org.org.external)]}
    for index, (before, after) in enumerate(zip(old[:own], new[:own])):
        report = seq[index]
        if report.get("at") in org.meetings:  # the due cell ends with 于MEETING汇报 (jd/report_rows.py)
            at = labels["report_at"].format(meeting=org.meetings[report["at"]].name)
            before, after = [[_without(c, at) if n == 2 else c for n, c in enumerate(row)] for row in (before, after)]
        name = after[0]
        if before[0] != after[0]:
            fields.sync_scalar(report, "name", before[0], after[0], f"{labels['reports']}", changes, order)
        if len(after) > 2 and before[2] != after[2]:
            # "每旬 · 每旬末次日上午10:00前": the period's label, then the due text (context.py)
            (old_period, old_due), (new_period, new_due) = (cells.split_due(before[2], periods),
                                                            cells.split_due(after[2], periods))
            where = f"{labels['reports']} › {name}"
            if new_period != old_period:
                if new_period is None:
                    report.pop("period", None)
                else:
                    fields.set_key(report, "period", new_period, order)
                changes.done.append(f"{where}: period “{old_period or ''}” → “{new_period or ''}”")
            fields.sync_scalar(report, "due", old_due, new_due, where, changes, order)
        if len(after) > 1 and before[1] != after[1]:
            target = by_title.get(after[1].strip())
            if target and (report.get("to") is None or isinstance(report.get("to"), str)):  # 未列明 → named
                fields.set_key(report, "to", target, order)
                changes.done.append(f"{labels['reports']} › {name}: to “{before[1]}” → “{after[1]}” ({target})")
            else:
                changes.refuse("reports", f"{labels['reports']} › {name}: “{after[1]}” names no single position")
