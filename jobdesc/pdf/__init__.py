"""HTML → PDF with WeasyPrint, locked down and reproducible.

* Only `data:` URLs and files inside the allowed folders (the template folders) may be
  loaded: a template or a YAML value asking for http://… or file:///etc/passwd gets nothing.
* The PDF's dates come from `determinism.build_datetime()`, so rebuilding gives the same bytes.
* Fonts are embedded and subset (WeasyPrint does both); CJK faces come from fontconfig
  (Debian's fonts-noto-cjk).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional
from urllib.parse import unquote, urlparse

from .. import cache, userfiles
from ..determinism import build_datetime
from ..environment import write_failed
from .layout_limits import layout_watched, refuse, shape_problem


class FetchRefused(ValueError):
    """Raised inside WeasyPrint's fetcher; WeasyPrint logs it and skips the resource."""


def make_url_fetcher(allowed_folders: Iterable[Path]):
    """A WeasyPrint fetcher that serves data: URLs and files inside `allowed_folders` only."""
    from weasyprint.urls import URLFetcher

    roots = [Path(f).resolve() for f in allowed_folders]

    class ConfinedFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file":
                path = _in_template_chain(Path(unquote(parsed.path)), roots)
                if path is not None:
                    return super().fetch(path.as_uri(), headers)
            raise FetchRefused(f"jobdesc does not load {url!r}: only data: URLs and files in the template folders")

    return ConfinedFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


def _hidden(*relatives: Path) -> bool:
    """A hidden part (.git, .env) in the name as asked or where its symlinks lead: refused, as
    the template loader refuses it (an `<a rel=attachment>` would embed the file in the PDF)."""
    return any(userfiles.hidden_part(relative) is not None for relative in relatives)


def _in_template_chain(requested: Path, roots: list[Path]) -> Path | None:
    """The file a relative URL in a template means, looked up like Jinja looks up templates.

    Relative URLs resolve against the first template folder (the user's); a stylesheet the
    user did not override (base.css, handbook.css) lives in a later folder, so the same
    relative name is tried in each folder in order. Anything outside the folders (after
    resolving ../ and symlinks) is refused.
    """
    requested = requested.resolve()
    for root in roots:
        if requested.is_relative_to(root):
            relative = requested.relative_to(root)
            for folder in roots:
                candidate = (folder / relative).resolve()
                if candidate.is_file() and candidate.is_relative_to(folder) and \
                        candidate.stat().st_size <= userfiles.MAX_TEMPLATE_BYTES and \
                        not _hidden(relative, candidate.relative_to(folder)):
                    return candidate
            return None
    return None


def _quiet_weasyprint() -> None:
    # WeasyPrint logs refused fetches and unsupported CSS as warnings; they are not the
    # user's business in normal output.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


_font_config = None


def _shared_font_config():
    """One fontconfig/Pango font map per process, kept across documents.

    Why: WeasyPrint otherwise builds a new one for every document, which loads the fonts
    again and starts Pango's font and shaping caches cold; with hundreds of job
    descriptions per worker that was a fifth of their layout time. Fonts are found the
    same way either way, so the pages come out the same."""
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
    return _font_config


def render_document(html: str, base_folder: Path, allowed_folders: Iterable[Path], template: str = "document"):
    """Lay out HTML into a WeasyPrint Document (pages can then be reused or written), within
    the bounds of layout_limits.py; a breach is a UserError naming `template`'s file."""
    import weasyprint

    folders = list(allowed_folders)
    _quiet_weasyprint()
    with layout_watched(len(html), template, folders):
        parsed = weasyprint.HTML(
            string=html,
            base_url=base_folder.resolve().as_uri() + "/",
            url_fetcher=make_url_fetcher(folders),
        )
        problem = shape_problem(parsed.etree_element)
        if problem:
            raise refuse(template, folders, problem)
        document = parsed.render(font_config=_shared_font_config())
    stamp = build_datetime().strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.created = stamp
    document.metadata.modified = stamp
    return document


@dataclass(frozen=True)
class LaidOut:
    """A finished PDF and what callers need to know about its pages."""

    pdf: bytes
    page_count: int
    anchors: dict[str, int]  # element id → 0-based page


def _make(html: str, base_folder: Path, folders: list[Path], template: str) -> LaidOut:
    document = render_document(html, base_folder, folders, template)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
    return LaidOut(document.write_pdf(), len(document.pages), anchors)


def lay_out_uncached(html: str, base_folder: Path, allowed_folders: Iterable[Path],
                     template: str = "document") -> LaidOut:
    """Lay out here and now, keeping nothing in the build cache: for a confidential document
    (the pay bands), which must exist only where the user asked for it."""
    return _make(html, base_folder, list(allowed_folders), template)


def _store(build_cache, key: str, laid_out: LaidOut) -> None:
    build_cache.put("pdf", key, laid_out.pdf)
    build_cache.put("pdf-meta", key, json.dumps({"pages": laid_out.page_count, "anchors": laid_out.anchors},
                                                sort_keys=True).encode())


def _read_meta(data: bytes) -> dict:
    """A stored layout's page count and anchors (ValueError when they do not fit together)."""
    meta = cache.read_json(data, {"pages": int, "anchors": {str: int}})
    if not all(0 <= page < meta["pages"] for page in meta["anchors"].values()):
        raise ValueError("an anchor on no page")
    return meta


def _lay_out_task(state, html: str, base_folder: Path, folders: list[Path], key: str, template: str) -> None:
    """In a worker: lay out and put the PDF into the build cache (only the key travels back)."""
    _store(state.cache(), key, _make(html, base_folder, folders, template))


def lay_out_later(html: str, base_folder: Path, allowed_folders: Iterable[Path], pool=None,
                  template: str = "document") -> Callable[[], LaidOut]:
    """Start laying out HTML (made by `template`) in the build's worker pool (if there is
    one); the returned function waits for the result. From the build cache when the same
    HTML and templates were laid out before, so a rebuild lays out only what changed."""
    folders = list(allowed_folders)
    build_cache = cache.current()
    if build_cache is None:  # outside a build: nothing to cache or share
        laid_out = _make(html, base_folder, folders, template)
        return lambda: laid_out
    key = cache.digest(html, build_cache.fingerprint(folders), str(base_folder))

    def cached() -> Optional[LaidOut]:
        meta = build_cache.get("pdf-meta", key, _read_meta)
        pdf = build_cache.get("pdf", key) if meta is not None else None
        if meta is None or pdf is None:
            return None
        return LaidOut(pdf, meta["pages"], meta["anchors"])

    if build_cache.get("pdf-meta", key, _read_meta) is not None and build_cache.path("pdf", key):
        return cached  # type: ignore[return-value]
    if pool is None:
        laid_out = _make(html, base_folder, folders, template)
        _store(build_cache, key, laid_out)
        return lambda: laid_out
    # One whole document: ahead of the queued job-description chunks (long tasks first).
    task = pool.submit(_lay_out_task, html, base_folder, folders, key, template, first=True)

    def result() -> LaidOut:
        task.result()
        laid_out = cached()
        assert laid_out is not None, "the worker did not store its layout"
        return laid_out

    return result


def lay_out(html: str, base_folder: Path, allowed_folders: Iterable[Path], pool=None,
            template: str = "document") -> LaidOut:
    """HTML → PDF bytes (in the pool when one is given, waiting for it), from the build
    cache when the same HTML and templates were laid out before."""
    return lay_out_later(html, base_folder, allowed_folders, pool, template)()


def write_pdf(document, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        document.write_pdf(path, uncompressed_pdf=False)
    except OSError as exc:
        raise write_failed(path, exc) from None
    return path


def write_bytes(data: bytes, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise write_failed(path, exc) from None
    return path


def html_to_pdf(html: str, path: Path, base_folder: Path, allowed_folders: Iterable[Path], pool=None) -> Path:
    return write_bytes(lay_out(html, base_folder, allowed_folders, pool).pdf, path)
