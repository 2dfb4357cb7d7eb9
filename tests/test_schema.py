"""The JSON Schemas editors use: printed by `jobdesc schema`, committed copies kept fresh."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from jobdesc.format.json_schema import json_schema

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


@pytest.mark.parametrize("kind", ["role", "org", "process", "meeting"])
def test_committed_schema_is_fresh(kind, run_cli):
    printed = run_cli("schema", kind).stdout
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8")
    assert json.loads(printed) == json.loads(committed), (
        f"schema/{kind}.schema.json is stale: run `jobdesc schema {kind} > schema/{kind}.schema.json`")


def test_every_field_has_title_and_description():
    def walk(node, path=""):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert "title" in prop and "description" in prop, f"{path}.{name}: {sorted(prop)}"
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, path)

    for kind in ("role", "org", "process"):
        walk(json_schema(kind))


def _editor_view(path: Path):
    # An editor's YAML server resolves types the YAML 1.1 way: numbers are numbers.
    return yaml.safe_load(path.read_text("utf-8"))


def test_example_files_validate_against_their_schema(example_dir):
    validators = {k: jsonschema.Draft202012Validator(json_schema(k)) for k in ("role", "org", "process", "meeting")}
    folders = {"processes": "process", "meetings": "meeting"}
    for path in sorted(example_dir.rglob("*.yaml")):
        kind = "org" if path.name == "org.yaml" else folders.get(path.parent.name, "role")
        errors = [e.message for e in validators[kind].iter_errors(_editor_view(path))]
        assert not errors, f"{path}: {errors[:3]}"


def test_schema_rejects_a_typo_like_check_does():
    validator = jsonschema.Draft202012Validator(json_schema("role"))
    assert list(validator.iter_errors({"titel": "x", "department": "a", "duties": ["d"]}))
