"""Teams inside a department (小组, 专案组; FORMAT.md section 10) as a Pydantic model.

A department lists its teams (`teams: [{id, name}]`); a role names one of its own
department's teams (`team:`). The org chart frames a team's boxes and the staffing table
sub-totals them. Kept apart from position_models.py, which is long enough.
"""
from __future__ import annotations

from pydantic import Field

from .model_base import Slug, Strict, Text


class Team(Strict):
    id: Slug = Field(title="Team id", description="Unique slug across org.yaml, e.g. `key-accounts`.")
    name: Text = Field(title="Name (小组名称)", description="The team's name as printed, e.g. 大客户组.")
