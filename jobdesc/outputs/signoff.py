"""Sign-off (FORMAT.md section 12): OUT/signoff/ROLE_ID/PERSON.pdf and .docx for every named
incumbent, and OUT/signoff.xlsx with who has signed which version.

A personal copy is the role's job description as the `jd` step made it, with the person's
name, the version and the effective date added (pdf/personal.py, jd/docx_personal.py):
nothing is laid out again, so 1,000 incumbents cost 1,000 small edits, not 1,000 layouts.
It depends only on the role's own files, the name and the footer line, so it is
byte-identical from build to build while they stay the same. An organisation without
sign-off (no incumbent named, no signoffs.yaml) gets no files from this output.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Optional

from ..build_graph import BuildContext, Output, Product, Step
from ..editions import conversion_for
from ..editions.convert import Converter
from ..handbook.docx_signoff import SignoffSource
from ..handbook.labels import handbook_labels
from ..i18n import labels_for
from ..jd.docx_personal import personal_docx
from ..jd.labels import jd_labels
from ..pdf import LaidOut, write_bytes
from ..pdf.personal import personal_copy
from ..signoff.filenames import file_stems
from ..tables.document import lay_out_table
from ..tables.labels import COMMON_EN, COMMON_ZH, title_block
from ..signoff.status import SignoffStatus, signoff_status
from ..format.signoff_ledger import load_ledger
from ..format.signoff_models import has_ledger, signoff_in_use
from .jd import JD

FOLDER = "signoff"

LABELS_ZH = {
    "sheet_people": "签收状态", "sheet_departments": "部门统计", "department": "部门", "title": "岗位",
    "role": "岗位编号", "person": "姓名", "state": "状态", "signed_version": "已签版本", "signed": "签收日期",
    "version": "当前版本", "changes": "此后变更", "total": "合计",
    "current": "已签当前版本", "stale": "已签旧版本", "never": "未签收",
    "pending": "尚未签收当前版本的人员",
}
LABELS_EN = {
    "sheet_people": "Sign-off", "sheet_departments": "By department", "department": "Department",
    "title": "Position", "role": "Role id", "person": "Name", "state": "Status", "signed_version": "Signed version",
    "signed": "Signed on", "version": "Current version", "changes": "Changed since", "total": "Total",
    "current": "Signed the current version", "stale": "Signed an older version", "never": "Never signed",
    "pending": "Not signed the current version",
}


@dataclass(frozen=True)
class Signoffs:
    files: list[Path]
    status: SignoffStatus
    labels: dict[str, str]


SIGNOFF: Product[Signoffs] = Product("signoff", "personal copies and who has signed which version")
APPENDIX: Product[Callable[[], Optional[LaidOut]]] = Product("signoff_appendix", "the handbook's 签收情况 page")


def signoff_labels(language: str) -> dict[str, str]:
    return labels_for(language, LABELS_ZH, LABELS_EN)


def footer_line(labels: dict[str, str], version: str, effective: str, name: str) -> str:
    """签收版本 3f9a2c1e · 生效日期 2026-01-01 · 签收人：王曦虹 (no date where none is stated)."""
    parts = [f"{labels['signoff_version']} {version}"]
    if effective:
        parts.append(f"{labels['effective']} {effective}")
    parts.append(f"{labels['signoff_holder']}{labels['colon']}{name}")
    return " · ".join(parts)


def department_rows(status: SignoffStatus) -> list[list]:
    """(department, signed the current version, an older one, never) per department."""
    return [[d.name, d.counts["current"], d.counts["stale"], d.counts["never"]] for d in status.by_department()]


def person_rows(status: SignoffStatus, labels: dict[str, str]) -> list[list[str]]:
    return [[p.department, p.title, p.role_id, p.person + (f" ({p.person_id})" if p.person_id else ""),
             labels[p.state], p.signed_version or "", p.signed or "", p.version, "\n".join(p.changes)]
            for p in status.people]


def _status(ctx: BuildContext) -> SignoffStatus:
    """The status as `build` checked it (of the organisation as written, not of an edition; a
    build run without it, serve or tests, reads the ledger here), printed as the edition prints:
    titles, departments and names from the edition, what changed in its script."""
    org = ctx.org
    status = ctx.options.signoff or signoff_status(org, load_ledger(Path(org.root)), has_ledger(Path(org.root)))
    config = None if org.language == "en" else conversion_for(status.script, org.language)
    convert = Converter(config, org.org.keep) if config else (lambda text: text)
    seen: dict[str, int] = {}
    people = []
    for p in status.people:
        role = org.roles[p.role_id]
        index = seen[p.role_id] = seen.get(p.role_id, -1) + 1
        people.append(replace(p, title=role.title, department=org.departments[role.department].name,
                              person=role.incumbents[index].name, changes=tuple(convert(c) for c in p.changes)))
    return replace(status, people=people)


def start_appendix(ctx: BuildContext) -> Callable[[], Optional[LaidOut]]:
    """The handbook's appendix page (签收情况), laid out in the pool; None without sign-off."""
    org = ctx.org
    if not signoff_in_use(org):
        return lambda: None
    labels = signoff_labels(org.language)
    status = _status(ctx)
    departments = department_rows(status)
    pending = [p for p in status.people if p.state != "current"]
    # The page's heading is the handbook's entry for it (附录：签收情况): the contents name what the page shows.
    page_labels = {**labels, "title": handbook_labels(org.language)["signoff"], "post": labels["title"]}
    meta = title_block(org.org.handbook, labels_for(org.language, COMMON_ZH, COMMON_EN))
    return lay_out_table(ctx.templates, "signoff.html", org.language, ctx.pool, organisation=org.org.organization,
                         labels=page_labels, meta=meta, departments=departments, totals=status.totals(),
                         pending=pending)


def word_appendix(ctx: BuildContext) -> Optional[SignoffSource]:
    """The rows of handbook.docx's appendix (None without sign-off)."""
    org = ctx.org
    if not signoff_in_use(org):
        return None
    labels = {**signoff_labels(org.language)}
    labels["post"] = labels["title"]
    status = _status(ctx)
    pending = [[p.person, p.title, labels[p.state] + (f" {p.signed_version} · {p.signed}" if p.signed else ""),
                "\n".join(p.changes)] for p in status.people if p.state != "current"]
    totals = status.totals()
    return SignoffSource(labels, department_rows(status), [totals["current"], totals["stale"], totals["never"]],
                         pending)


def make(ctx: BuildContext) -> Signoffs:
    """Runs last, once the job descriptions are written (the handbook has waited for them too):
    the copies are made in this process, from the files of the `jd` step."""
    org = ctx.org
    labels = signoff_labels(org.language)
    if not signoff_in_use(org):
        return Signoffs([], SignoffStatus([], {}), labels)
    status = _status(ctx)
    jd = ctx.get(JD)
    jd_text = jd_labels(org.language)
    effective = org.org.handbook.effective or ""
    files: list[Path] = []
    for role_id, version in status.versions.items():
        role = org.roles[role_id]
        people = [(p.name, p.id) for p in role.incumbents or ()]
        pdf, docx = jd.pdf[role_id].read_bytes(), jd.docx[role_id].read_bytes()
        title = f"{role.title} · {jd_text['document']}"
        for (name, _id), stem in zip(people, file_stems(people)):
            footer = footer_line(jd_text, version, effective, name)
            folder = ctx.out / FOLDER / role_id
            files.append(write_bytes(personal_copy(pdf, f"signoff-name-{role_id}", footer, name, org.language, title),
                                     folder / f"{stem}.pdf"))
            files.append(write_bytes(personal_docx(docx, footer, name, jd_text), folder / f"{stem}.docx"))
    from ..tables.signoff_xlsx import write_signoff_workbook  # openpyxl: 0.2 s to import

    files.append(write_signoff_workbook(person_rows(status, labels), department_rows(status), labels, org.language,
                                        ctx.out / "signoff.xlsx"))
    return Signoffs(files, status, labels)


OUTPUT = Output("signoff", (Step(SIGNOFF, make, needs=(JD,)),),
                "signoff/ROLE/PERSON.pdf, .docx, signoff.xlsx (with incumbents named)", manifest_when_empty=False)
