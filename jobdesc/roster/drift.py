"""Where the YAML has drifted from the roster: one warning per drift, located.

A drift is: a person whose title matches no position (with the closest titles); a position
whose `incumbents` or `filled` differ from the roster; a position with more people than its
budget; a person whose manager in the roster does not hold the post the role `reports_to`; a
post held concurrently (兼任) in the roster that the role file does not mark `concurrent: true`
(or the other way round). Drifts of a position point at its role file; drifts of a person at
the roster's row. Vacancies (budget above the people in post) are listed, not counted as drifts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from ..errors import Diagnostic, warning
from ..format.organisation import Organisation
from ..format.position_models import Incumbent, Role
from ..format.yaml_reader import SourceFile
from .matching import Matcher, Unmatched
from .people import People, Post

_WITH_NUMBER = re.compile(r"^(.*?)\s*[(（]\s*([^()（）]+?)\s*[)）]$")


@dataclass(frozen=True)
class Vacancy:
    role: str
    title: str
    budget: int
    people: int


@dataclass
class Drift:
    """What the roster says about the organisation, and what `--apply` would write."""

    people: int
    matched: int
    left: int
    drifts: list[Diagnostic]
    vacancies: list[Vacancy]
    held: dict[str, list[Post]]  # role id → the roster's posts of it, in roster order
    unmatched_names: set[str] = field(default_factory=set)

    def summary(self) -> str:
        plural = "drift" if len(self.drifts) == 1 else "drifts"
        line = f"{self.people} people, {self.matched} matched, {len(self.drifts)} {plural}"
        if self.left:
            line += f" ({self.left} who have left skipped)"
        if self.vacancies:
            line += f"; {sum(v.budget - v.people for v in self.vacancies)} vacancies"
        return line


def role_sources(org: Organisation) -> dict[str, SourceFile]:
    # load_organisation keeps the sources in the order it loaded them: org.yaml, then the role
    # files in the order of org.roles.
    return dict(zip(org.roles, org.sources[1:1 + len(org.roles)]))


def find_drift(org: Organisation, people: People, matcher: Matcher, roster: Path) -> Drift:
    drifts: list[Diagnostic] = []
    unmatched: list[Unmatched] = []
    for post in people.posts:
        if (missing := matcher.match(post)) is not None:
            unmatched.append(missing)
    for miss in unmatched:
        row = miss.post.row
        closest = f"; closest: {', '.join(miss.closest)}" if miss.closest else ""
        drifts.append(warning(roster, row.line, row.columns.get("title", 1), "roster-unmatched",
                              f"{row.cell('title')}: {miss.post.name} ({miss.post.title}) {miss.why}{closest}"))
    held: dict[str, list[Post]] = {}
    for post in people.posts:
        if post.role:
            held.setdefault(post.role, []).append(post)
    unmatched_names = {m.post.name for m in unmatched}
    sources = role_sources(org)
    vacancies: list[Vacancy] = []
    for role in org.roles.values():
        holders = Holders(held.get(role.id, []))
        drifts += _role_drifts(role, holders, sources[role.id], people, unmatched_names)
        count = in_post(role, holders, unmatched_names)
        if role.headcount is not None and count < role.headcount.budget:
            vacancies.append(Vacancy(role.id, role.title, role.headcount.budget, count))
    drifts += _manager_drifts(org, people, roster)
    matched = sum(all(p.role for p in posts) for posts in people.persons.values())
    return Drift(len(people.persons), matched, people.left, sorted(drifts), vacancies, held, unmatched_names)


class Holders:
    """The roster's posts of one role, looked up by the file's incumbents: by employee number
    where both give one, else by name (a post of 5,000 people is not compared pair by pair)."""

    def __init__(self, posts: list[Post]):
        self.posts = posts
        self.by_number: dict[str, list[Post]] = {}
        self.by_name: dict[str, list[Post]] = {}
        for post in posts:
            if post.number:
                self.by_number.setdefault(post.number, []).append(post)
            self.by_name.setdefault(post.name, []).append(post)

    def of(self, incumbent: Incumbent) -> list[Post]:
        if incumbent.id:
            return self.by_number.get(incumbent.id, []) + [p for p in self.by_name.get(incumbent.name, ())
                                                            if not p.number]
        return self.by_name.get(incumbent.name, [])

    def new(self, listed) -> list[Post]:
        """The posts no incumbent of the file is."""
        known = {id(post) for incumbent in listed for post in self.of(incumbent)}
        return [p for p in self.posts if id(p) not in known]


def in_post(role: Role, holders: Holders, unmatched_names: set[str]) -> int:
    """The people in a post by the roster; someone the file lists whose roster title matched
    nothing still counts (the drift report names them; --apply leaves them where they are)."""
    return len(holders.posts) + sum(1 for i in role.incumbents or () if i.name in unmatched_names and
                                    not holders.of(i))


def _at(source: SourceFile, loc: tuple, code: str, message: str) -> Diagnostic:
    mark = source.mark_of(loc)
    return warning(source.path, mark.line, mark.column, code, message)


def _role_drifts(role: Role, holders: Holders, source: SourceFile, people: People,
                 unmatched_names: set[str]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    label = f"{role.title} ({role.id})"
    listed = list(role.incumbents or ())
    posts = holders.posts
    new = holders.new(listed)
    gone = [i for i in listed if not holders.of(i) and i.name not in unmatched_names]
    if role.incumbents is None and posts:
        found.append(_at(source, ("title",), "roster-incumbents",
                         f"{label}: incumbents are not listed; the roster has {_names(posts)}"))
    elif new or gone:
        parts = ([f"in the roster, not in the file: {_names(new)}"] if new else []) + \
                ([f"in the file, not in the roster: {_listed([i.name for i in gone])}"] if gone else [])
        found.append(_at(source, ("incumbents",), "roster-incumbents",
                         f"{label}: incumbents differ from the roster ({'; '.join(parts)})"))
    for index, incumbent in enumerate(listed):
        post = next(iter(holders.of(incumbent)), None)
        if post is None or post.concurrent == incumbent.concurrent:
            continue
        if post.concurrent:
            main = people.persons[post.person][0]
            where = f"{main.title} ({main.role})" if main.role else main.title
            message = (f"{label}: {post.name} holds this post concurrently (兼任) in the roster, whose main post "
                       f"is {where}: mark it {{name: {post.name}, concurrent: true}}")
        else:
            message = f"{label}: {post.name} is marked concurrent, but this is their main post in the roster"
        found.append(_at(source, ("incumbents", index), "roster-concurrent", message))
    if role.headcount is not None:
        count = in_post(role, holders, unmatched_names)
        budget, filled = role.headcount.budget, role.headcount.filled
        if filled is None and count:
            found.append(_at(source, ("headcount",), "roster-filled",
                             f"{label}: headcount.filled is not stated; the roster has {count} in post"))
        elif filled is not None and filled != count:
            found.append(_at(source, ("headcount", "filled"), "roster-filled",
                             f"{label}: headcount.filled is {filled}; the roster has {count} in post"))
        if count > budget:
            found.append(_at(source, ("headcount", "budget"), "roster-over-budget",
                             f"{label}: {count} people in post in the roster, over the budget of {budget} "
                             "(the budget is a decision: jobdesc never changes it)"))
    return found


SHOWN_NAMES = 20  # a message names at most this many people, then says how many more


def _names(posts: list[Post]) -> str:
    return _listed([f"{p.name}（兼）" if p.concurrent else p.name for p in posts])


def _listed(names: list[str]) -> str:
    more = len(names) - SHOWN_NAMES
    return ", ".join(names[:SHOWN_NAMES]) + (f" and {more} more" if more > 0 else "")


def _manager_drifts(org: Organisation, people: People, roster: Path) -> list[Diagnostic]:
    by_name: dict[str, list[str]] = {}
    for key, posts in people.persons.items():
        by_name.setdefault(posts[0].name, []).append(key)
    found: list[Diagnostic] = []
    for post in people.posts:
        role = org.roles.get(post.role) if post.role else None
        if role is None or not post.manager or role.reports_to not in org.roles:
            continue
        managers = _managers(post.manager, people, by_name)
        holds = {p.role for key in managers for p in people.persons[key] if p.role}
        if not holds or role.reports_to in holds:
            continue  # a manager outside the roster, or matching no post: nothing to compare
        boss = org.roles[role.reports_to]
        theirs = ", ".join(f"{org.roles[r].title} ({r})" for r in sorted(holds))
        found.append(warning(roster, post.row.line, post.row.columns.get("manager", 1), "roster-manager",
                             f"{post.row.cell('manager')}: {post.name}'s manager in the roster is {post.manager}, "
                             f"who holds {theirs}; {role.title} ({role.id}) reports to {boss.title} ({boss.id})"))
    return found


def _managers(text: str, people: People, by_name: dict[str, list[str]]) -> list[str]:
    """The people a manager cell names: by employee number, by name, or 「张三(E001)」."""
    if text in people.persons:
        return [text]
    m = _WITH_NUMBER.match(text)
    if m and m.group(2) in people.persons:
        return [m.group(2)]
    return by_name.get(m.group(1) if m else text, [])
