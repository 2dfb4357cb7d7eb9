"""HTML → PDF with WeasyPrint, locked down and reproducible.

* Only `data:` URLs and files inside the allowed folders (the template folders) may be
  loaded: a template or a YAML value asking for http://… or file:///etc/passwd gets nothing.
* The PDF's dates come from `determinism.build_datetime()`, so rebuilding gives the same bytes.
* Fonts are embedded and subset (WeasyPrint does both); CJK faces come from fontconfig
  (Debian's fonts-noto-cjk).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlparse

from .determinism import build_datetime
from .errors import UserError


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
                path = Path(unquote(parsed.path)).resolve()  # resolve() defeats ../ and symlinks
                if path.is_file() and any(path.is_relative_to(root) for root in roots):
                    return super().fetch(path.as_uri(), headers)
            raise FetchRefused(f"jobdesc does not load {url!r}: only data: URLs and files in the template folders")

    return ConfinedFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


def _quiet_weasyprint() -> None:
    # WeasyPrint logs refused fetches and unsupported CSS as warnings; they are not the
    # user's business in normal output.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def render_document(html: str, base_folder: Path, allowed_folders: Iterable[Path]):
    """Lay out HTML into a WeasyPrint Document (pages can then be reused or written)."""
    import weasyprint

    _quiet_weasyprint()
    document = weasyprint.HTML(
        string=html,
        base_url=base_folder.resolve().as_uri() + "/",
        url_fetcher=make_url_fetcher(allowed_folders),
    ).render()
    stamp = build_datetime().strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.created = stamp
    document.metadata.modified = stamp
    return document


def write_pdf(document, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        document.write_pdf(path, uncompressed_pdf=False)
    except OSError as exc:
        raise UserError.at(path, 1, 1, "write-failed", f"cannot write PDF: {exc}") from None
    return path


def html_to_pdf(html: str, path: Path, base_folder: Path, allowed_folders: Iterable[Path]) -> Path:
    return write_pdf(render_document(html, base_folder, allowed_folders), path)
