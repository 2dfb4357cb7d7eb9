"""Score the importer against tests/import_corpus: documents written in real-world styles,
each beside the YAML a careful person would write from it (NAME.expected.yaml).

Four figures per document, each a fraction (1.0 is perfect):
  found      expected positions found with their exact title, less any extra position
             the importer invented (matched / (expected + invented))
  titles     of the positions found, the share whose title is exactly as expected
             (always 1.0 when matching is by title; kept separate for the report)
  duties     duty texts at their place in the tree (top level and items) exactly as expected
  reporting  found positions whose superior (a role's or external title) is as expected
Run as a script for the table: `python tests/corpus_score.py`.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

CORPUS = Path(__file__).parent / "import_corpus"
sys.path.insert(0, str(CORPUS))  # table_form.py, which writes the corpus's Word document
FIGURES = ("found", "titles", "duties", "reporting", "headcount")


def documents() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md")) + [CORPUS / "table-form.docx"]


def _source(path: Path, work: Path) -> Path:
    if path.suffix == ".docx":
        import table_form

        return table_form.build(work / path.name)
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
    """The imported roles as {title, reports_to (a title), headcount, duties, group}."""
    org = _load(out / "org.yaml")
    titles = {e["id"]: e["title"] for e in org.get("external") or []}
    departments = [d["id"] for d in org["departments"]]
    roles = {}
    for path in sorted(out.rglob("*.yaml")):
        if path.name == "org.yaml":
            continue
        data = _load(path)
        roles[path.stem] = data
        titles[path.stem] = data["title"]
    order = []
    for path in sorted(out.rglob("*.yaml")):
        if path.name != "org.yaml":
            first = path.read_text(encoding="utf-8")
            line = next((l for l in first.splitlines() if l.startswith("# 来源：")), "")
            order.append((_source_line(line), path.stem))
    positions = []
    for _, role_id in sorted(order):
        data = roles[role_id]
        headcount = (data.get("headcount") or {}).get("budget")
        positions.append({"title": data["title"], "reports_to": titles.get(data.get("reports_to")),
                          "headcount": headcount, "duties": data.get("duties"),
                          "group": departments.index(data["department"])})
    return positions


def _source_line(comment: str) -> int:
    tail = comment.rsplit(":", 1)[-1].strip()
    return int(tail) if tail.isdigit() else 0


def score(expected: list[dict], got: list[dict]) -> dict[str, float]:
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
    return {
        "found": round(found, 3),
        "titles": round(len(pairs) / len(expected), 3) if expected else 1.0,
        "duties": round(duty_right / duty_total, 3) if duty_total else 1.0,
        "reporting": round(sum(1 for w, g in pairs if w.get("reports_to") == g["reports_to"]) / len(expected), 3),
        "headcount": round(sum(1 for w, g in counted if w.get("headcount") == g["headcount"]) / len(counted), 3)
        if counted else 1.0,
    }


def score_document(path: Path, work: Path) -> dict[str, float]:
    from jobdesc.errors import UserError
    from jobdesc.importer import import_documents

    expected = _load(CORPUS / f"{path.stem}.expected.yaml")["positions"]
    out = work / f"{path.stem}-out"
    try:
        import_documents([_source(path, work)], out)
    except (UserError, RuntimeError):
        return {figure: 0.0 for figure in FIGURES}
    return score(expected, imported_positions(out))


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
