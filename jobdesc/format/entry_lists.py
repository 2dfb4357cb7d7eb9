"""A small YAML file that is a list of flat entries (signoffs.yaml, roster-map.yaml): each entry
validated by its model, every mistake located at its line and column."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic, UserError, error
from .pydantic_errors import validation_diagnostics
from .yaml_reader import Mark, SourceFile, YMap, YSeq


def validated_entries(source: SourceFile, path: Path, code: str, model: type[BaseModel], not_a_list: str,
                      not_an_entry: str, problems: list[Diagnostic]) -> Iterator[tuple[BaseModel, Mark, SourceFile]]:
    """(entry, its mark, its source) for each entry `model` accepts; the others' diagnostics go to
    `problems`. A file that is not a list is refused at once; an empty file has no entries."""
    if source.data is None:
        return
    if not isinstance(source.data, YSeq):
        raise UserError.at(path, 1, 1, code, not_a_list)
    for item, mark in zip(source.data, source.data.item_marks):
        if not isinstance(item, YMap):
            problems.append(error(path, mark.line, mark.column, code, not_an_entry))
            continue
        entry_source = SourceFile(path, item)
        try:
            entry = model.model_validate(item)
        except ValidationError as exc:
            problems += validation_diagnostics(exc, entry_source, model)
            continue
        yield entry, mark, entry_source
