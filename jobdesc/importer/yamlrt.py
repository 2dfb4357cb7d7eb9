"""Round-trip YAML: edit a role file and keep everything else in it as the person wrote it.

ruamel.yaml's round trip keeps comments, key order, quoting and flow lists; the file's own
indentation is found first and used again, and long lines are never folded, so a file that
is loaded and dumped unchanged comes back byte for byte (tests/test_import_roundtrip.py).
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from ..errors import UserError


def round_trip_yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long duty onto a second line
    # `reports_to: null` stays null (ruamel's round trip would write an empty value).
    yaml.representer.add_representer(
        type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


def load(text: str):
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, block_indent = load_yaml_guess_indent(text)
    yaml = round_trip_yaml()
    # The file's own indentation ("duties:\n  - text:" is sequence 4, offset 2).
    yaml.indent(mapping=max(indent - (block_indent or 0), 2) if block_indent else indent,
                sequence=indent, offset=block_indent or 0)
    return yaml, yaml.load(text)


def dump(yaml, document) -> str:
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def write_checked(path: Path, old: str, new: str, into: Path) -> None:
    write_all_checked({path: (old, new)}, into)


def write_all_checked(files: dict[Path, tuple[str, str]], into: Path) -> None:
    """Write the new texts, and put the old ones back if the directory no longer passes check."""
    from ..loader import load_organisation

    def put(path: Path, text: str) -> None:
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)

    for path, (_, new) in files.items():
        put(path, new)
    try:
        load_organisation(into)
    except UserError as exc:
        for path, (old, _) in files.items():
            put(path, old)
        raise UserError(exc.diagnostics) from None
