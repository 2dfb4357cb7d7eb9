"""`jobdesc serve`: a local preview of the website for HR editing the YAML.

It builds the site (`--only site`, with the build cache, so a rebuild redoes little) into
OUT/site and serves that folder on 127.0.0.1. When a YAML or Markdown file below DIR (or a
template) is saved, watchfiles wakes a rebuild; every served page carries a small script
that waits on `/__jobdesc/state` (a long poll: one request held open until the next build
ends) and reloads the page when the build succeeded. A save with errors keeps the last good
site being served, and the page shows the errors (file:line:col) above it until they are
fixed. The server refuses any path outside the site folder (`..`, its %-encoded forms,
symlinks that lead out) and sends no directory listings. The HTTP side (which requests are
answered at all: Host, sizes, time limits, how many connections) is serve_http.py.

Why watchfiles: it uses the operating system's file events (inotify, FSEvents, …) through a
small, well-kept Rust extension, batching the several events an editor's save makes into one,
where polling 10,000 role files for their times would cost a build's worth of stat calls.
"""
from __future__ import annotations

import asyncio
import errno
import json
import mimetypes
import socket
import threading
import urllib.parse
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Callable, Optional

import click

from .build.publish import in_new_tree
from .errors import UserError
from .report import as_text
from .serve_http import Answer, PreviewServer, Request, Response, listening_socket

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
    listeners: list[Callable[[], None]] = field(default_factory=list)

    def finished(self, errors: list[str]) -> None:
        with self.changed:
            self.version += 1
            self.errors = errors
            self.changed.notify_all()
            for wake in self.listeners:
                wake()

    def wait(self, since: int, timeout: float) -> tuple[int, list[str]]:
        """The state once its version differs from `since`, or after `timeout` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != since, timeout)
            return self.version, list(self.errors)

    async def wait_async(self, since: int, timeout: float) -> tuple[int, list[str]]:
        """`wait` for the server's event loop: a waiting page holds no thread. The build thread's
        `finished` wakes the loop through `call_soon_threadsafe`."""
        loop = asyncio.get_running_loop()
        woken = asyncio.Event()

        def wake() -> None:
            loop.call_soon_threadsafe(woken.set)

        with self.changed:
            if self.version != since:
                return self.version, list(self.errors)
            self.listeners.append(wake)
        try:
            await asyncio.wait_for(woken.wait(), timeout)
        except asyncio.TimeoutError:
            pass
        finally:
            with self.changed:
                self.listeners.remove(wake)
        with self.changed:
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


def site_answer(site: Path, state: BuildState, poll_seconds: float = POLL_SECONDS) -> Answer:
    """What the preview answers to a GET or HEAD (serve_http.py checked the request first)."""

    def page(status: int, body: bytes, content_type: str) -> Response:
        return Response(status, body, content_type)

    def file_answer(url_path: str) -> Response:
        real_root = site.resolve()
        path = inside(real_root, url_path)
        if path is None:
            return page(HTTPStatus.FORBIDDEN, b"403: outside the site folder\n", "text/plain; charset=utf-8")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            if url_path in ("/", "/index.html") and state.errors:
                return page(HTTPStatus.OK, NO_SITE_PAGE.encode(), "text/html; charset=utf-8")
            return page(HTTPStatus.NOT_FOUND, b"404: not found\n", "text/plain; charset=utf-8")
        body = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type == "text/html":
            body = body.replace(b"</body>", b'<script src="/__jobdesc/live.js"></script></body>', 1)
        if content_type.startswith("text/") or content_type.endswith("javascript"):
            content_type += "; charset=utf-8"
        return page(HTTPStatus.OK, body, content_type)

    async def answer(request: Request) -> Response:
        url = urllib.parse.urlsplit(request.target)
        if not url.path.startswith(LIVE_PREFIX):
            return await asyncio.to_thread(file_answer, url.path)  # a disk read does not stall the others
        name = url.path[len(LIVE_PREFIX):]
        if name == "live.js":
            return page(HTTPStatus.OK, LIVE_SCRIPT.encode(), "text/javascript; charset=utf-8")
        if name != "state":
            return page(HTTPStatus.NOT_FOUND, b"404: not found\n", "text/plain; charset=utf-8")
        try:
            since = int(urllib.parse.parse_qs(url.query).get("since", ["-1"])[0])
        except ValueError:
            since = -1
        version, errors = await state.wait_async(since, poll_seconds if since >= 0 else 0)
        body = json.dumps({"version": version, "errors": errors}, ensure_ascii=False).encode()
        return page(HTTPStatus.OK, body, "application/json; charset=utf-8")

    return answer


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


class PortInUse(click.ClickException):
    """The port is taken: the user's situation, not a bug. One line, exit 1."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"jobdesc serve: error: {self.format_message()}", err=True)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, before the first build (a taken port is said at once)."""
    try:
        return listening_socket(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} on {host} is already in use (another `jobdesc serve`?); "
                            f"choose another with --port, e.g. --port {port + 1 if port < 65535 else 8001}, "
                            "or --port 0 for any free port") from None
        if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
            raise PortInUse(f"cannot listen on {host}: {exc.strerror or exc}; check --host") from None
        raise


def serve(site: Path, watched: list[Path], build: Callable[[], object], host: str, port: int,
          announce: Callable[[str], None]) -> None:
    """Build, then serve `site` and rebuild on every save until interrupted (Ctrl+C)."""
    sock = bind(host, port)
    state = BuildState()
    state.finished(build_once(build))
    for line in state.errors:
        announce(line)
    names = () if host in ("127.0.0.1", "::1", "0.0.0.0", "::") else (host.lower(),)
    server = PreviewServer(sock, site_answer(site, state), names=names)
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
    bound_host, bound_port = sock.getsockname()[:2]
    announce(f"serving http://{bound_host}:{bound_port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        sock.close()
