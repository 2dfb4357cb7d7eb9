"""A role's version: a short fingerprint of what its job description says about the job.

It is computed from the job description as printed (jd/context.py, the same view data the
PDF and the Word file print), never from the YAML text, so comments, key order, quoting
or a role moved to another file make no new version. Left out is what the employee does
not sign for: who holds the post and how many (incumbents, headcount figures) and the
handbook's own title, version and effective date. Anything else a reader sees in the job
description (a duty, a KPI, the manager's title, a meeting) is a new version when it
changes. The fingerprint is taken of the organisation as written (not of a --language
edition), so every edition's personal copies carry the same version.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json

from ..format.organisation import Organisation
from ..jd.context import JobDescription, build_job_description
from ..jd.labels import jd_labels

LENGTH = 8  # hex digits: 4 billion versions per role; typed by hand into signoffs.yaml
_NOT_THE_JOB = ("role_id", "organisation", "handbook_title", "version", "effective", "budget", "filled", "vacant",
                "incumbents", "acknowledgement")


def _printed(value):
    """`value` without its empty parts: a field a job description leaves empty prints nothing, so
    a jobdesc release that adds a section an organisation does not use makes no new version."""
    if isinstance(value, dict):
        kept = {k: _printed(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in ("", None, [], {}, ())}
    if isinstance(value, (list, tuple)):
        return [_printed(v) for v in value]
    return value


def _job_only(jd: JobDescription) -> dict:
    data = dataclasses.asdict(jd)
    for name in _NOT_THE_JOB:
        data.pop(name, None)
    labels = jd_labels(jd.language)
    people = {labels["headcount"], labels["incumbents"]}
    # A header row prints its label and value; its key and positions only say how it was made.
    data["header"] = [{"label": row["label"], "value": row["value"]} for row in data["header"]
                      if row["label"] not in people]
    return _printed(data)


def role_version(org: Organisation, role_id: str) -> str:
    """The fingerprint of what the job description of `role_id` prints about the job."""
    text = json.dumps(_job_only(build_job_description(org, role_id)), ensure_ascii=False, sort_keys=True,
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:LENGTH]


def role_versions(org: Organisation) -> dict[str, str]:
    return {role_id: role_version(org, role_id) for role_id in org.roles}
