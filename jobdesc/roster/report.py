"""How `roster` prints its report: the drifts as `check` prints diagnostics (text, json, github),
the vacancies, and the one-line summary ("86 people, 79 matched, 5 drifts")."""
from __future__ import annotations

import json

from ..report import as_github, as_text
from . import RosterCheck


def render(result: RosterCheck, fmt: str) -> list[str]:
    """The lines for stdout; the summary goes to stderr for text and github, as `check`'s does."""
    drift = result.drift
    diagnostics = result.notes + drift.drifts
    if fmt == "json":
        return [json.dumps({
            "summary": {"people": drift.people, "matched": drift.matched, "drifts": len(drift.drifts),
                        "left_skipped": drift.left, "text": drift.summary()},
            "drifts": [d.as_dict() for d in drift.drifts],
            "warnings": [d.as_dict() for d in result.notes],
            "vacancies": [{"role": v.role, "title": v.title, "budget": v.budget, "people": v.people}
                          for v in drift.vacancies],
        }, ensure_ascii=False, indent=2)]
    if fmt == "github":
        return as_github(diagnostics)
    lines = as_text(diagnostics)
    lines += [f"vacant: {v.title} ({v.role}): {v.people} of {v.budget} in post" for v in drift.vacancies]
    return lines
