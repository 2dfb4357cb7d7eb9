"""Sign-off (岗位说明书签收, FORMAT.md section 12): the model of a ledger entry of DIR/signoffs.yaml
and the acknowledgement text of org.yaml's `handbook.acknowledgement` (signoff_ledger.py reads
the ledger).

    - {role: sales-manager, person: 陈立明, version: 3f9a2c1e, signed: "2026-03-01"}

Its own module, apart from the position models, so that the job architecture's additions to
org.yaml and these meet only in one line of `Handbook`.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Annotated, Any, Optional

from pydantic import Field, field_validator

from .model_base import Slug, Strict, Text

SIGNOFF_FILE = "signoffs.yaml"
VERSION_RE = re.compile(r"[0-9a-f]{8}")

# What the employee confirms above the signature (org.yaml `handbook.acknowledgement` replaces it).
DEFAULT_ACKNOWLEDGEMENT = {
    "zh-CN": "员工确认：本人已阅读并理解本岗位说明书的内容，知悉本岗位的职责、考核标准与任职要求，并同意遵照执行。",
    "zh-TW": "員工確認：本人已閱讀並理解本職務說明書的內容，知悉本職務的職責、考核標準與任職要求，並同意遵照執行。",
    "zh-HK": "員工確認：本人已閱讀並理解本職位說明書的內容，知悉本職位的職責、考核標準與任職要求，並同意遵照執行。",
    "en": "Employee acknowledgement: I have read and understood this job description, including the duties, "
          "the performance measures and the requirements of the position, and agree to carry them out.",
}

ACKNOWLEDGEMENT_HELP = ("What an incumbent confirms by signing the job description (员工确认); default: "
                        "a sentence in the handbook's language. Printed when the organisation uses sign-off "
                        "(it names incumbents or keeps signoffs.yaml).")

Version = Annotated[str, Field(min_length=1, max_length=80, title="Version",
                               description="The 8-character fingerprint `jobdesc signoff status` shows.")]


class SignoffEntry(Strict):
    role: Slug = Field(title="Role", description="The role id whose job description was signed.")
    person: Text = Field(title="Person (姓名)", description="The incumbent as the role file names them.")
    id: Optional[Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        None, title="Person id (工号)", description="For two incumbents with the same name, as in the role file.")
    version: Version
    signed: Text = Field(title="Signed on (签收日期)", description='The date signed, "YYYY-MM-DD".')

    @field_validator("signed")
    @classmethod
    def _a_date(cls, value: str) -> str:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a date written YYYY-MM-DD") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"'{value}' is not a date written YYYY-MM-DD")
        return value

    @field_validator("version")
    @classmethod
    def _a_version(cls, value: str) -> str:
        if not VERSION_RE.fullmatch(value):
            raise ValueError(f"'{value}' is not a version: 8 characters 0-9 and a-f, as "
                             "`jobdesc signoff status` shows them")
        return value

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def ledger_path(root: Path) -> Path:
    return root / SIGNOFF_FILE


def has_ledger(root: Path) -> bool:
    path = ledger_path(root)
    return path.exists() or path.is_symlink()


def person_key(name: str, person_id: Optional[str]) -> tuple[str, str]:
    """Who a ledger entry or an incumbent is: by id when one is given, else by name."""
    return ("id", person_id) if person_id else ("name", name)


def acknowledgement_text(org) -> str:
    """The acknowledgement printed above an incumbent's signature."""
    return org.org.handbook.acknowledgement or DEFAULT_ACKNOWLEDGEMENT[org.language]


def signoff_in_use(org) -> bool:
    """An organisation uses sign-off when it names incumbents or keeps a ledger; one that does
    neither builds exactly what it built before sign-off existed."""
    return any(role.incumbents for role in org.roles.values()) or has_ledger(Path(org.root))


def today() -> datetime.date:
    """Today, for "signed in the future" (SOURCE_DATE_EPOCH fixes the output's dates, not this:
    a ledger is checked against the day it is checked)."""
    return datetime.date.today()
