"""`roster --apply`: write the roster's `incumbents` and `filled` into the role files.

Only those two keys change, through ruamel.yaml's round trip (importer/yamlrt.py: comments, key
order, quoting and line ends kept); `budget` is never touched (the establishment is a decision,
not a fact from the roster), so a post the roster has over budget is left as it is. A person of
a post whose roster title matched nothing stays where the file has them (the drift report names
them). The directory must pass `check` with the new texts before any file is written, every
file is replaced atomically, and the directory is read back and compared with what was meant:
on any doubt the former bytes are put back.

DIR must have no uncommitted changes (`git status`), so the edit can be reviewed and undone as
one commit, unless --force.
"""
from __future__ import annotations

import difflib
import os
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import UserError
from ..format.position_models import Role
from . import RosterCheck
from .drift import Holders
from .people import Post

_AFTER = ("headcount", "grade", "assistant", "dotted_to", "reports_to", "department", "title")


@dataclass(frozen=True)
class Person:
    name: str
    concurrent: bool
    id: Optional[str]
    index: Optional[int]  # where the file lists them now, None for someone new


@dataclass
class Target:
    role: Role
    people: list[Person]
    filled: Optional[int]  # None: not written (no headcount, or over budget)


def require_clean(directory: Path, roster: Path) -> None:
    """UserError unless git says DIR has no uncommitted changes (the roster file itself aside)."""
    spec = ["--", "."]
    if os.path.commonpath([os.path.realpath(roster), os.path.realpath(directory)]) == os.path.realpath(directory):
        spec.append(f":(exclude){os.path.relpath(os.path.realpath(roster), os.path.realpath(directory))}")
    try:
        done = subprocess.run(["git", "-C", str(directory), "status", "--porcelain", *spec],
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is None or done.returncode != 0:
        said = (done.stderr.strip().splitlines() or [""])[0] if done is not None else "git is not installed"
        raise UserError.at(directory, 1, 1, "roster-apply",
                           f"git status failed in {directory} ({said}): --apply cannot tell whether it would "
                           "overwrite uncommitted edits; put the directory under git and commit it, or use --force")
    changed = [line[3:] for line in done.stdout.splitlines() if line.strip()]
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        raise UserError.at(directory, 1, 1, "roster-apply",
                           f"{directory} has uncommitted changes ({shown}): commit or stash them first, so the "
                           "roster's edits can be reviewed and undone on their own; or use --force")


def targets(result: RosterCheck, over_budget: list[str] | None = None) -> list[Target]:
    """What --apply writes, per role; the roles left alone for being over budget go into `over_budget`."""
    out: list[Target] = []
    for role in result.org.roles.values():
        posts = result.drift.held.get(role.id, [])
        people = _people(role, posts, result.drift.unmatched_names)
        if role.headcount is not None and len(people) > role.headcount.budget:
            if over_budget is not None:  # more people than the budget: a decision for whoever owns it
                over_budget.append(f"{role.title} ({role.id}): {len(people)} people, budget {role.headcount.budget}")
            continue
        filled = len(people) if role.headcount is not None else None
        current = [Person(i.name, i.concurrent, i.id, n) for n, i in enumerate(role.incumbents or ())]
        if people != current or (filled is not None and filled != role.headcount.filled):
            out.append(Target(role, people, filled))
    return out


def _people(role: Role, posts: list[Post], unmatched_names: set[str]) -> list[Person]:
    holders = Holders(posts)
    kept: list[Person] = []
    for index, incumbent in enumerate(role.incumbents or ()):
        held = holders.of(incumbent)
        if held:
            kept.append(Person(incumbent.name, held[0].concurrent, incumbent.id, index))
        elif incumbent.name in unmatched_names:  # their roster title matched nothing: left as they are
            kept.append(Person(incumbent.name, incumbent.concurrent, incumbent.id, index))
    new = holders.new(role.incumbents or ())
    names = Counter([p.name for p in kept] + [p.name for p in new])
    return kept + [Person(p.name, p.concurrent, p.number if names[p.name] > 1 else None, None) for p in new]


@dataclass
class Applied:
    diff: list[str]  # the unified diff of every file written
    over_budget: list[str]  # posts left as they are: more people than their budget


def apply(result: RosterCheck, directory: Path) -> Applied:
    """Writes the targets; returns the diff and the posts left alone."""
    from ..importer.yamlrt import dump, load, read_lf, restore, write_all_checked

    files: dict[Path, tuple[str, str]] = {}
    paths = _role_paths(result)
    over_budget: list[str] = []
    wanted = targets(result, over_budget)
    for target in wanted:
        path = paths[target.role.id]
        old = read_lf(path)
        yaml, document = load(old)
        _edit(document, target)
        new = dump(yaml, document)
        if new != old:
            files[path] = (old, new)
    if not files:
        return Applied([], over_budget)
    written = write_all_checked(files, directory)
    try:
        verify_written(directory, result.org, wanted)
    except BaseException:
        restore(written)
        raise
    lines: list[str] = []
    for path, (old, new) in files.items():
        name = os.path.relpath(path)
        lines += difflib.unified_diff(old.splitlines(), new.splitlines(), f"a/{name}", f"b/{name}", lineterm="")
    return Applied(lines, over_budget)


def verify_written(directory: Path, before, wanted: list[Target]) -> None:
    """Read DIR back: every role as before but for the incumbents and filled meant, budget untouched."""
    from ..format.loader import load_organisation

    after, _warnings = load_organisation(directory)
    meant = {t.role.id: t for t in wanted}
    for role_id, old in before.roles.items():
        new = after.roles.get(role_id)
        problem = None
        if new is None:
            problem = "the role is gone"
        elif new.model_dump(exclude={"incumbents", "headcount"}) != old.model_dump(exclude={"incumbents", "headcount"}):
            problem = "a field other than incumbents and filled changed"
        elif new.budget != old.budget:
            problem = "the budget changed"
        elif role_id not in meant:
            if (new.incumbents, new.filled) != (old.incumbents, old.filled):
                problem = "a role the roster does not change changed"
        else:
            target = meant[role_id]
            got = [(i.name, i.concurrent, i.id) for i in new.incumbents or ()]
            if got != [(p.name, p.concurrent, p.id) for p in target.people]:
                problem = "its incumbents are not the roster's"
            elif target.filled is not None and new.filled != target.filled:
                problem = "its filled is not the roster's"
        if problem:
            raise RuntimeError(f"role '{role_id}' did not read back as written ({problem}); every file was restored")


def _role_paths(result: RosterCheck) -> dict[str, Path]:
    from .drift import role_sources

    return {role_id: source.path for role_id, source in role_sources(result.org).items()}


def _edit(document, target: Target) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def item(person: Person):
        if not person.concurrent and not person.id:
            return person.name
        entry = CommentedMap(name=person.name)
        if person.concurrent:
            entry["concurrent"] = True
        if person.id:
            entry["id"] = person.id
        entry.fa.set_flow_style()
        return entry

    existing = document.get("incumbents")
    if not target.people:
        document.pop("incumbents", None)
    elif isinstance(existing, CommentedSeq):
        keep = {p.index for p in target.people if p.index is not None}
        for index in sorted(set(range(len(existing))) - keep, reverse=True):
            del existing[index]
        position = 0
        for person in target.people:
            if person.index is None:
                existing.append(item(person))
                continue
            current = existing[position]
            if isinstance(current, CommentedMap):
                if person.concurrent:
                    current["concurrent"] = True
                else:
                    current.pop("concurrent", None)
            elif person.concurrent:
                existing[position] = item(person)
            position += 1
    else:
        listed = CommentedSeq(item(p) for p in target.people)
        listed.fa.set_flow_style()
        if "incumbents" in document:
            document["incumbents"] = listed
        else:
            after = next((key for key in _AFTER if key in document), None)
            at = list(document).index(after) + 1 if after else len(document)
            document.insert(at, "incumbents", listed)
    if target.filled is not None:
        headcount = document["headcount"]
        if "filled" in headcount:
            headcount["filled"] = target.filled
        else:
            headcount.insert(list(headcount).index("budget") + 1, "filled", target.filled)
