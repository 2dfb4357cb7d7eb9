"""Score the importer against tests/import_corpus: documents written in real-world styles,
each beside the YAML a careful person would write from it (NAME.expected.yaml).

Figures per document, each a fraction (1.0 is perfect):
  found      expected positions found with their exact title, less any extra position
             the importer invented (matched / (expected + invented))
  titles     of the positions found, the share whose title is exactly as expected
             (always 1.0 when matching is by title; kept separate for the report)
  duties     duty texts at their place in the tree (top level and items) exactly as expected
  reporting  found positions whose superior (a role's or external title) is as expected
  headcount  positions with a budget expected or written whose budget is as expected
Issue 29 adds what makes an organisation (each 1.0 when the document states none and none is
written; something written that is not expected counts against it):
  reports    reports owed (from title, to title, name) as expected
  meetings   meetings (name, chair title, attendee titles) as expected
  chapters   handbook chapters (chapters/*.md) by their title, as expected
  tops       the share of the document's articles (its expected groups) whose imported
             positions form one tree: exactly one position without a superior in the article
Run as a script for the table: `python tests/corpus_score.py`.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

CORPUS = Path(__file__).parent / "import_corpus"
sys.path.insert(0, str(CORPUS))  # table_form.py, which writes the corpus's Word document
FIGURES = ("found", "titles", "duties", "reporting", "headcount", "reports", "meetings", "chapters", "tops")


def documents() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md")) + [CORPUS / name for name in WORD]


# The corpus's Word documents, each written by its module when the scorer runs (no binary file kept).
WORD = {"table-form.docx": "table_form", "staffing-word.docx": "staffing_word"}


def _source(path: Path, work: Path) -> Path:
    if path.suffix == ".docx":
        import importlib

        return importlib.import_module(WORD[path.name]).build(work / path.name)
    return path


def _tree(duties) -> list[tuple[tuple[int, ...], str]]:
    out = []

    def walk(items, prefix):
        for i, item in enumerate(items or []):
            text = item if isinstance(item, str) else item.get("text", "")
            out.append((prefix + (i,), text))
            if isinstance(item, dict):
                walk(item.get("items"), prefix + (i,))
    walk(duties, ())
    return out


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def imported_positions(out: Path) -> list[dict]:
    """The imported roles as {title, reports_to (a title), headcount, duties, group, reports,
    superior_in_article}; group is the article's department (the one below the top, if any)."""
    org = _load(out / "org.yaml")
    titles = {e["id"]: e["title"] for e in org.get("external") or []}
    departments = [d["id"] for d in org["departments"]]
    article = _articles(org)
    roles = {}
    for path in sorted(out.rglob("*.yaml")):
        if path.name == "org.yaml" or path.parent.name in ("meetings", "processes"):
            continue
        data = _load(path)
        roles[path.stem] = data
        titles[path.stem] = data["title"]
    order = []
    for path in sorted(out.rglob("*.yaml")):
        if path.name != "org.yaml" and path.stem in roles:
            first = path.read_text(encoding="utf-8")
            line = next((l for l in first.splitlines() if l.startswith("# 来源：")), "")
            order.append((_source_line(line), path.stem))
    positions = []
    for _, role_id in sorted(order):
        data = roles[role_id]
        headcount = (data.get("headcount") or {}).get("budget")
        superior = roles.get(data.get("reports_to"))
        positions.append({"title": data["title"], "reports_to": titles.get(data.get("reports_to")),
                          "headcount": headcount, "duties": data.get("duties"),
                          "group": departments.index(data["department"]),
                          "article": article[data["department"]],
                          "superior_in_article": superior is not None
                          and article[superior["department"]] == article[data["department"]],
                          "reports": [(data["title"], titles.get(r["to"]), r["name"]) for r in data.get("reports") or []]})
    return positions


def _articles(org: dict) -> dict[str, str]:
    """department id → its article's department: the one just below the top department."""
    parents = {d["id"]: d.get("parent") for d in org["departments"]}
    found = {}
    for dept in parents:
        current = dept
        while parents.get(current) and parents.get(parents[current]):
            current = parents[current]
        found[dept] = current
    return found


def imported_extras(out: Path) -> dict[str, list]:
    """The meetings (name, chair title, attendee titles) and chapter titles written."""
    titles = {e["id"]: e["title"] for e in (_load(out / "org.yaml").get("external") or [])}
    titles.update({d["id"]: d["name"] for d in _load(out / "org.yaml")["departments"]})
    for path in out.rglob("*.yaml"):
        if path.name != "org.yaml" and path.parent.name not in ("meetings", "processes"):
            titles[path.stem] = _load(path)["title"]
    meetings = []
    for path in sorted((out / "meetings").glob("*.yaml")):
        data = _load(path)
        meetings.append((data["name"], titles.get(data.get("chair")),
                         tuple(sorted(titles.get(a, a) for a in data.get("attendees") or []))))
    chapters = []
    for path in sorted((out / "chapters").glob("*.md")):
        heading = next((l for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("# ")), "# ")
        chapters.append(heading[2:].strip())
    return {"meetings": meetings, "chapters": chapters}


def _share(expected: list, got: list) -> float:
    """Matched / (expected + written but not expected); 1.0 when both are empty."""
    remaining = list(got)
    matched = 0
    for want in expected:
        if want in remaining:
            remaining.remove(want)
            matched += 1
    total = len(expected) + len(remaining)
    return round(matched / total, 3) if total else 1.0


def _source_line(comment: str) -> int:
    tail = comment.rsplit(":", 1)[-1].strip()
    return int(tail) if tail.isdigit() else 0


def score(expected: list[dict], got: list[dict], extras: dict | None = None,
          got_extras: dict | None = None) -> dict[str, float]:
    remaining = list(got)
    pairs = []
    for want in expected:
        match = next((g for g in remaining if g["title"] == want["title"]), None)
        if match is not None:
            remaining.remove(match)
            pairs.append((want, match))
    invented = len(remaining)
    found = len(pairs) / (len(expected) + invented) if expected else 1.0
    duty_total = sum(len(_tree(w["duties"])) for w in expected)
    duty_right = sum(len(set(_tree(w["duties"])) & set(_tree(g["duties"]))) for w, g in pairs)
    counted = [(w, g) for w, g in pairs if "headcount" in w or g["headcount"] is not None]
    extras = extras or {}
    got_extras = got_extras or {"meetings": [], "chapters": []}
    want_reports = [(w["title"], r["to"], r["name"]) for w in expected for r in w.get("reports") or []]
    got_reports = [r for g in got for r in g.get("reports") or []]
    want_meetings = [(m["name"], m.get("chair"), tuple(sorted(m.get("attendees") or []))) for m in extras.get("meetings") or []]
    articles = {w.get("group", 0) for w in expected}
    one_tree = 0
    for group in articles:
        titles = [w["title"] for w in expected if w.get("group", 0) == group]
        members = [g for w, g in pairs if w["title"] in titles and w.get("group", 0) == group]
        if members and sum(1 for g in members if not g.get("superior_in_article")) == 1:
            one_tree += 1
    return {
        "found": round(found, 3),
        "titles": round(len(pairs) / len(expected), 3) if expected else 1.0,
        "duties": round(duty_right / duty_total, 3) if duty_total else 1.0,
        "reporting": round(sum(1 for w, g in pairs if w.get("reports_to") == g["reports_to"]) / len(expected), 3),
        "headcount": round(sum(1 for w, g in counted if w.get("headcount") == g["headcount"]) / len(counted), 3)
        if counted else 1.0,
        "reports": _share(want_reports, got_reports),
        "meetings": _share(want_meetings, got_extras["meetings"]),
        "chapters": _share(list(extras.get("chapters") or []), got_extras["chapters"]),
        "tops": round(one_tree / len(articles), 3) if articles else 1.0,
    }


def score_document(path: Path, work: Path) -> dict[str, float]:
    from jobdesc.errors import UserError
    from jobdesc.importer import import_documents

    document = _load(CORPUS / f"{path.stem}.expected.yaml")
    expected = document["positions"]
    out = work / f"{path.stem}-out"
    try:
        import_documents([_source(path, work)], out)
    except (UserError, RuntimeError):
        return {figure: 0.0 for figure in FIGURES}
    return score(expected, imported_positions(out), document, imported_extras(out))


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        totals = dict.fromkeys(FIGURES, 0.0)
        print("document".ljust(24) + "".join(f.rjust(11) for f in FIGURES))
        docs = documents()
        for path in docs:
            figures = score_document(path, Path(work))
            for f in FIGURES:
                totals[f] += figures[f]
            print(path.stem.ljust(24) + "".join(f"{figures[f]:11.3f}" for f in FIGURES))
        print("mean".ljust(24) + "".join(f"{totals[f] / len(docs):11.3f}" for f in FIGURES))


if __name__ == "__main__":
    main()
