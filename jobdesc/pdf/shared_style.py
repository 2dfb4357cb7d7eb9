"""A document's one `<style>`, parsed once per process instead of once per document.

Why: every job description carries the same stylesheet (base.css, jd.css and the page
footer in the handbook's language); WeasyPrint parses it and builds its selector matcher
again for each document, ~10% of a job description's CPU. WeasyPrint's supported way to
take a stylesheet parsed beforehand is `render(stylesheets=[CSS(...)])`: the `<style>` is
lifted out of the HTML and handed over parsed, the same sheet object for every document
with the same text (WeasyPrint reuses its own user-agent sheet the same way).

What may change: a sheet handed over this way is a *user* sheet, ranked below the
document's own (author) CSS. The only author CSS left in a lifted document is its style
attributes, and they outrank the sheet either way (by specificity before, by origin now),
so the cascade is the same, except for `!important`, whose ranking between user and
author is reversed: a sheet with `!important` is not lifted. Nor is a sheet whose parse
reaches beyond itself (@font-face registers fonts in the font configuration, @counter-style
the document's counters, @import and url() fetch files, @layer and @color-profile go to the
document's own lists), nor a document with any other stylesheet. Those take WeasyPrint's
own path, as does every document laid out without `shared_style`. The PDFs are the same
bytes either way (tests/test_jd_shared_style.py).
"""
from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any, Iterable, Optional

_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_OTHER_SHEET = re.compile(r"<style|<link", re.IGNORECASE)
# At-rules whose parse reaches beyond the sheet (names as CSS reads them, escapes decoded).
_REACHING_RULES = frozenset({"font-face", "counter-style", "color-profile", "import", "layer"})
SHEETS_KEPT = 8  # distinct stylesheet texts a process keeps (a build has one per language and template set)
_sheets: OrderedDict[tuple[str, str], Any] = OrderedDict()  # None: a text that is not lifted


def lifted(html: str) -> tuple[str, Optional[str]]:
    """(the HTML without its `<style>`, the style's text), or (html, None) when the document
    has other stylesheets than one plain `<style>`."""
    found = list(_STYLE.finditer(html))
    if len(found) != 1:
        return html, None
    match = found[0]
    rest = html[:match.start()] + html[match.end():]
    return (html, None) if _OTHER_SHEET.search(rest) else (rest, match.group(1))


def parsed(text: str, base_url: str, font_config, url_fetcher):
    """The stylesheet for `text`, parsed on first use in this process; None when the text
    must stay in its document (see the module's docstring)."""
    from weasyprint import CSS

    key = (text, base_url)
    if key not in _sheets:
        _sheets[key] = CSS(string=text, base_url=base_url, font_config=font_config,
                           url_fetcher=url_fetcher) if _self_contained(text) else None
        while len(_sheets) > SHEETS_KEPT:
            _sheets.popitem(last=False)
    return _sheets[key]


def _self_contained(text: str) -> bool:
    """No at-rule that reaches beyond the sheet, no url(), no !important: read from the
    sheet's tokens, so that no CSS escape (@\\69mport) hides one."""
    import tinycss2

    previous = None
    for token in _tokens(tinycss2.parse_component_value_list(text)):
        if token.type == "at-keyword" and token.lower_value in _REACHING_RULES:
            return False
        if token.type == "url" or (token.type == "function" and token.lower_name == "url"):
            return False
        if token.type == "ident" and token.lower_value == "important" and \
                previous is not None and previous.type == "literal" and previous.value == "!":
            return False
        if token.type not in ("whitespace", "comment"):
            previous = token
    return True


def _tokens(tokens: Iterable) -> Iterable:
    """Every token, those inside blocks and functions included."""
    for token in tokens:
        yield token
        if token.type in ("() block", "[] block", "{} block") or token.type == "function":
            yield from _tokens(token.arguments if token.type == "function" else token.content)
