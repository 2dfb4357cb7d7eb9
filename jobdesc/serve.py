"""`jobdesc serve`: a local preview of the website for HR editing the YAML.

It builds the site (`--only site`, with the build cache, so a rebuild redoes little) into
OUT/site and serves that folder on 127.0.0.1. When a YAML or Markdown file below DIR (or a
template) is saved, watchfiles wakes a rebuild; every served page carries a small script
that waits on `/__jobdesc/state` (a long poll: one request held open until the next build
ends) and reloads the page when the build succeeded. A save with errors keeps the last good
site being served, and the page shows the errors (file:line:col) above it until they are
fixed. The server refuses any path outside the site folder (`..`, its %-encoded forms,
symlinks that lead out) and sends no directory listings.

Why watchfiles: it uses the operating system's file events (inotify, FSEvents, …) through a
small, well-kept Rust extension, batching the several events an editor's save makes into one,
where polling 10,000 role files for their times would cost a build's worth of stat calls.
"""
from __future__ import annotations

import json
import mimetypes
import threading
import urllib.parse
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Optional

from .build.publish import in_new_tree
from .errors import UserError
from .report import as_text

LIVE_PREFIX = "/__jobdesc/"
POLL_SECONDS = 25.0  # a waiting page asks again after this long (well below proxies' idle limits)
WATCHED_SUFFIXES = (".yaml", ".yml", ".md", ".html", ".css", ".js", ".docx")

LIVE_SCRIPT = """(function () {
  "use strict";
  var version = -1, banner = null;
  function show(errors) {
    if (banner) { banner.remove(); banner = null; }
    if (!errors.length) return;
    banner = document.createElement("section");
    banner.id = "jobdesc-errors";
    banner.setAttribute("role", "alert");
    banner.style.cssText = "position:sticky;top:0;z-index:100;background:#fdf1ef;color:#7a1a10;" +
      "border-bottom:3px solid #c0392b;padding:0.6em 1em;font:14px/1.5 monospace;white-space:pre-wrap;";
    var head = document.createElement("strong");
    head.textContent = "jobdesc: the last save has errors; showing the last good build.";
    banner.appendChild(head);
    errors.forEach(function (line) {
      var p = document.createElement("div");
      p.textContent = line;
      banner.appendChild(p);
    });
    document.body.insertBefore(banner, document.body.firstChild);
  }
  function poll() {
    var request = new XMLHttpRequest();
    request.open("GET", "/__jobdesc/state?since=" + version);
    request.onload = function () {
      var state = JSON.parse(request.responseText);
      if (version >= 0 && state.version !== version && !state.errors.length) { location.reload(); return; }
      version = state.version;
      show(state.errors);
      poll();
    };
    request.onerror = function () { setTimeout(poll, 2000); };
    request.send();
  }
  poll();
})();
"""

NO_SITE_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>jobdesc serve</title></head>
<body><h1>jobdesc serve</h1><p>No site has been built yet; fix the errors below and save.</p>
<script src="/__jobdesc/live.js"></script></body></html>
"""


@dataclass
class BuildState:
    """The latest build attempt: a version that grows by one per attempt, and its errors
    (empty: it succeeded and its site is being served)."""

    version: int = 0
    errors: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def finished(self, errors: list[str]) -> None:
        with self.changed:
            self.version += 1
            self.errors = errors
            self.changed.notify_all()

    def wait(self, since: int, timeout: float) -> tuple[int, list[str]]:
        """The state once its version differs from `since`, or after `timeout` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != since, timeout)
            return self.version, list(self.errors)


def build_once(build: Callable[[], object]) -> list[str]:
    """Run one build; its errors as lines to show ([] when it succeeded)."""
    try:
        build()
    except UserError as exc:
        return as_text(exc.diagnostics)
    except Exception as exc:  # a machine problem or a bug: shown too, and the server keeps going
        return [f"jobdesc: error: {type(exc).__name__}: {exc}"]
    return []


def inside(root: Path, url_path: str) -> Optional[Path]:
    """The file a URL path names inside `root`, or None when it would leave `root`: a `..`
    segment (also %2e%2e, %2F-encoded slashes and backslashes), a NUL, or a symlink out."""
    decoded = urllib.parse.unquote(url_path)
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    candidate = root.joinpath(*parts)
    try:
        real = candidate.resolve()
    except (OSError, RuntimeError):
        return None
    if real != root and root not in real.parents:
        return None
    return candidate


def make_handler(site: Path, state: BuildState, poll_seconds: float = POLL_SECONDS):
    class Handler(BaseHTTPRequestHandler):
        server_version = "jobdesc"
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass  # a preview on one's own machine: no access log on the terminal

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            if url.path.startswith(LIVE_PREFIX):
                self._live(url.path[len(LIVE_PREFIX):], urllib.parse.parse_qs(url.query))
                return
            real_root = site.resolve()
            path = inside(real_root, url.path)
            if path is None:
                self._send(HTTPStatus.FORBIDDEN, b"403: outside the site folder\n", "text/plain; charset=utf-8")
                return
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                if url.path in ("/", "/index.html") and state.errors:
                    self._send(HTTPStatus.OK, NO_SITE_PAGE.encode(), "text/html; charset=utf-8")
                else:
                    self._send(HTTPStatus.NOT_FOUND, b"404: not found\n", "text/plain; charset=utf-8")
                return
            body = path.read_bytes()
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if content_type == "text/html":
                body = body.replace(b"</body>", b'<script src="/__jobdesc/live.js"></script></body>', 1)
            if content_type.startswith("text/") or content_type.endswith("javascript"):
                content_type += "; charset=utf-8"
            self._send(HTTPStatus.OK, body, content_type)

        def _live(self, name: str, query: dict) -> None:
            if name == "live.js":
                self._send(HTTPStatus.OK, LIVE_SCRIPT.encode(), "text/javascript; charset=utf-8")
            elif name == "state":
                try:
                    since = int(query.get("since", ["-1"])[0])
                except ValueError:
                    since = -1
                version, errors = state.wait(since, poll_seconds if since >= 0 else 0)
                body = json.dumps({"version": version, "errors": errors}, ensure_ascii=False).encode()
                self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")
            else:
                self._send(HTTPStatus.NOT_FOUND, b"404: not found\n", "text/plain; charset=utf-8")

    return Handler


def watch(folders: list[Path], rebuild: Callable[[], None], stop: threading.Event, ignored: Path) -> None:
    """Call `rebuild` after each batch of saves of the organisation's files (until `stop`);
    files below `ignored` (the build folder, should it lie inside DIR) or in the new tree a
    build makes beside it (build/publish.py) never wake it."""
    from watchfiles import watch as file_events

    ignored = ignored.resolve()

    def wanted(_change, path: str) -> bool:
        name = Path(path).name
        return (name.endswith(WATCHED_SUFFIXES) and not name.startswith(".")
                and ignored not in Path(path).resolve().parents and not in_new_tree(ignored, path))

    for _changes in file_events(*folders, watch_filter=wanted, stop_event=stop, debounce=300, step=50,
                                rust_timeout=500):
        rebuild()


def serve(site: Path, watched: list[Path], build: Callable[[], object], host: str, port: int,
          announce: Callable[[str], None]) -> None:
    """Build, then serve `site` and rebuild on every save until interrupted (Ctrl+C)."""
    state = BuildState()
    state.finished(build_once(build))
    for line in state.errors:
        announce(line)
    server = ThreadingHTTPServer((host, port), make_handler(site, state))
    server.daemon_threads = True
    stop = threading.Event()

    def rebuild() -> None:
        errors = build_once(build)
        state.finished(errors)
        announce("rebuilt the site" if not errors
                 else f"the save has {len(errors)} problem(s); serving the last good build")
        for line in errors:
            announce(line)

    watcher = threading.Thread(target=watch, args=([f for f in watched if f.is_dir()], rebuild, stop, site.parent),
                               daemon=True)
    watcher.start()
    bound_host, bound_port = server.server_address[:2]
    announce(f"serving http://{bound_host}:{bound_port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
