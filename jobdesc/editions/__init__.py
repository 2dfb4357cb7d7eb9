"""Editions: the validated organisation in the script and phrasing of the language built.

A stage of its own between validation and the renderers: `edition_of` takes the
`Organisation` and gives another `Organisation` (model → model), with `handbook.language`
set to the edition's language and every text the user typed converted between
Simplified and Traditional Chinese when the source is in the other script. The renderers
only ever see an organisation already in the right script; they choose labels and faces
from its language as before.

* zh-TW, zh-HK from a Simplified source: s2twp / s2hk (see convert.py);
* zh-CN from a Traditional source: t2s;
* a source already in the edition's script, and English (labels only), are not touched;
* person names (`incumbents`), `keep:` terms and file names and addresses stay as typed.

When nothing is to be converted the same `Organisation` comes back (or a copy differing
in the language alone), so the default build pays only for finding the source's script.
"""
from __future__ import annotations

import dataclasses
from typing import Optional

from ..format.organisation import Organisation
from .convert import TO_SIMPLIFIED, TO_TRADITIONAL, Converter
from .script import SIMPLIFIED, TRADITIONAL, source_script
from .texts import iter_strings, map_strings

__all__ = ["AS_TYPED", "conversion_for", "edition_of"]

# Printed as typed in every edition: people's names (incumbents), and what names a file, an
# address or an anchor rather than saying something (ids, such as a chapter's file name
# 01-例会制度; a chapter's links and pictures: path, url, mime, digest; anchors); and code in a
# chapter (the types Code and CodeBlock: what is to be typed exactly).
AS_TYPED = frozenset({"incumbents", "id", "path", "url", "mime", "digest", "anchor", "Code", "CodeBlock"})


def conversion_for(source: str, language: str) -> Optional[str]:
    """The OpenCC configuration that writes `language` from a `source` script (None: as typed)."""
    if language in TO_TRADITIONAL and source == SIMPLIFIED:
        return TO_TRADITIONAL[language]
    if language == "zh-CN" and source == TRADITIONAL:
        return TO_SIMPLIFIED
    return None


def edition_of(org: Organisation, language: str) -> Organisation:
    """The organisation as the `language` edition prints it."""
    config = None if language == "en" else conversion_for(source_script(iter_strings(org)), language)
    if config is not None:
        converter = Converter(config, org.org.keep)
        changes = {field.name: map_strings(getattr(org, field.name), converter, AS_TYPED)
                   for field in dataclasses.fields(org) if field.name not in ("root", "sources")}
        org = dataclasses.replace(org, **changes)
    if org.language == language:
        return org
    handbook = org.org.handbook.model_copy(update={"language": language})
    return dataclasses.replace(org, org=org.org.model_copy(update={"handbook": handbook}))
