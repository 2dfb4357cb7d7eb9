"""JSON Schemas of the YAML file kinds, for editors (yaml-language-server) and `jobdesc schema`."""
from __future__ import annotations

from .meeting_models import Meeting
from .position_models import OrgFile, Role
from .process_models import Process

SCHEMA_MODELS = {"role": Role, "org": OrgFile, "process": Process, "meeting": Meeting}
SCHEMA_BASE_URL = "https://jobdesc.invalid/schema/"  # ids only; nothing is fetched


def json_schema(kind: str) -> dict:
    schema = SCHEMA_MODELS[kind].model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URL}{kind}.schema.json",
        **schema,
    }
