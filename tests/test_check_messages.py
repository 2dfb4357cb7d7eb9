"""Messages name the place in the user's words, on one line, with hidden characters escaped,
in each of check's three formats."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import small_org_data, write_org
from jobdesc.errors import UserError, error, printable
from jobdesc.format.loader import load_organisation
from jobdesc.report import as_github

BAD = Path(__file__).parent / "bad"


@pytest.mark.parametrize("typed, shown", [
    ("a\nb", "a\\nb"), ("a\r\nb", "a\\r\\nb"), ("tab\there", "tab\\there"), ("bell\x07", "bell\\x07"),
    ("nel\x85", "nel\\x85"), ("zero\u200bwidth", "zero\\u200bwidth"), ("rtl\u202e", "rtl\\u202e"),
    ("ls\u2028", "ls\\u2028"), ("pua\U000f0000", "pua\\U000f0000"), ("\ue000", "\\ue000"),
    ("销售部　一组 ok", "销售部　一组 ok"),  # text HR types, ideographic space included, stays as typed
])
def test_printable_escapes_what_would_split_or_hide(typed, shown):
    assert printable(typed) == shown
    assert error("f.yaml", 1, 1, "x", f"got '{typed}'").message == f"got '{shown}'"


def _messages(tmp_path: Path, change) -> list[str]:
    org, roles, processes = small_org_data()
    change(org, roles, processes)
    write_org(tmp_path, org, roles, processes)
    with pytest.raises(UserError) as info:
        load_organisation(tmp_path)
    return [f"{Path(d.file).name}:{d.line}:{d.column}: {d.message}" for d in info.value.diagnostics]


def _first_activity(processes: dict) -> dict:
    return next(iter(processes.values()))["activities"][0]


@pytest.mark.parametrize("change, expected", [
    (lambda o, r, p: _first_activity(p).update(A={"role": "manager"}),
     ": activities[1].A: expected a role id, or approval tiers as a list"),
    # A is one id or a list of tiers ({up_to, role}): a tier's role is an id like any other.
    (lambda o, r, p: _first_activity(p).update(A=[{"up_to": 5, "role": "manager"}, {"role": ["coo"]}]),
     ": activities[1].A[2].role: expected a role id, got a list"),
    (lambda o, r, p: _first_activity(p).update(A="Sales Manager"),
     ": activities[1].A: 'Sales Manager' is not a valid id"),
    (lambda o, r, p: _first_activity(p).update(R={"x": 1}),
     ": activities[1].R: expected a role id or a list of role ids, got a mapping"),
    (lambda o, r, p: _first_activity(p).update(C=["manager", ["seller"]]),
     ": activities[1].C[2]: expected a role id, got a list"),
    (lambda o, r, p: r["seller"].update(department={"id": "sales"}),
     "seller.yaml:3:3: department: expected a department id, got a mapping"),
    (lambda o, r, p: r["seller"].update(headcount={"budget": 10**25}),
     "headcount.budget: must be at most 100000, got '10000000000000000000000000'"),
    (lambda o, r, p: r["seller"].update(kpis=[{"name": "k", "weight": ".nan"}]),
     "kpis[1].weight: expected a number, got '.nan'"),
    (lambda o, r, p: r["seller"].update(kpis=[{"name": "k", "weight": 0}]),
     "kpis[1].weight: must be more than 0, got '0'"),
    (lambda o, r, p: r["seller"].update(duties=["  "]),
     "duties[1]: must not be empty"),
])
def test_wrong_types_in_the_users_words(tmp_path, change, expected):
    messages = _messages(tmp_path, change)
    assert len(messages) == 1, messages  # one message per problem, whatever Pydantic's union reports
    assert expected in messages[0], messages[0]
    for leak in ("constrained-str", "list[", "Input should", "function-"):
        assert leak not in messages[0]


def _run(run_cli, monkeypatch, case: str, fmt: str) -> str:
    monkeypatch.chdir(BAD / case)
    result = run_cli("check", ".", "--format", fmt)
    assert result.exit_code == 1
    return result.stdout


def test_json_shows_newlines_and_control_characters_escaped(run_cli, monkeypatch):
    items = json.loads(_run(run_cli, monkeypatch, "newline-in-value", "json"))
    assert [(i["file"], i["line"], i["column"]) for i in items] == [("processes/contract.yaml", 3, 5),
                                                                     ("seller.yaml", 3, 13)]
    assert items[0]["message"].startswith("activity '权限内\\n合同订立' has no A")
    assert items[1]["message"].startswith("reports_to: 'manager\\nsales' is not a valid id")
    (item,) = json.loads(_run(run_cli, monkeypatch, "control-character", "json"))
    assert (item["line"], item["column"], item["code"]) == (9, 9, "yaml-character")
    assert item["message"].startswith("character U+0007 ('\\x07') is not allowed") and "\n" not in item["message"]


def test_github_annotations_one_line_each(run_cli, monkeypatch):
    lines = _run(run_cli, monkeypatch, "newline-in-value", "github").splitlines()
    assert lines == [
        "::error file=processes/contract.yaml,line=3,col=5,title=jobdesc raci-a-count::"
        "activity '权限内\\n合同订立' has no A (exactly one position must be accountable)",
        "::error file=seller.yaml,line=3,col=13,title=jobdesc invalid-value::reports_to: 'manager\\nsales' "
        "is not a valid id: use lowercase letters, digits and '-', starting with a letter or digit",
    ]
    (line,) = _run(run_cli, monkeypatch, "control-character", "github").splitlines()
    assert line.startswith("::error file=seller.yaml,line=9,col=9,title=jobdesc yaml-character::character U+0007")


def test_github_escapes_its_own_characters():
    # Workflow commands read %, \r and \n in a message, and also : and , in a property.
    (line,) = as_github([error("a:b,c.yaml", 2, 3, "invalid-value", "reports_to: '100%' is not\nvalid")])
    assert line == "::error file=a%3Ab%2Cc.yaml,line=2,col=3,title=jobdesc invalid-value::" \
                   "reports_to: '100%25' is not\\nvalid"
