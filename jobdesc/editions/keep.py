"""`keep:` in org.yaml: a term every edition prints as typed. One that appears in no text of
the organisation is most likely misspelt, so `check` and `build` warn about it."""
from __future__ import annotations

from ..errors import Diagnostic, warning
from ..format.loaded import LoadResult
from .texts import iter_strings


def unused_keep_terms(result: LoadResult) -> list[Diagnostic]:
    org = result.org
    if org is None or not org.model.keep:
        return []
    # Every loaded file's model (Loaded.source is skipped by the walk), whatever kinds of file
    # loading adds later (meetings, chapters); the keep list itself does not count.
    texts = list(iter_strings(org.model.model_copy(update={"keep": []})))
    texts += iter_strings([value for name, value in vars(result).items() if name not in ("org", "diagnostics")])
    found = []
    for index, term in enumerate(org.model.keep):
        if not any(term in text for text in texts):
            mark = org.source.mark_of(("keep", index))
            found.append(warning(org.source.path, mark.line, mark.column, "unused-keep",
                                 f"keep term '{term}' appears in no text of the organisation"))
    return found

