"""The HTTP side of `jobdesc serve`: one asyncio event loop, no thread per connection.

The preview runs on a HR person's machine while a browser is open, so any web page that
browser visits can reach it. What that asks of the server, and what answers each:

* **DNS rebinding**: a page on attacker.example whose name is made to resolve to 127.0.0.1
  may read what it fetches from "its own" host. Such a request carries `Host:
  attacker.example`, so only a Host naming this server is answered (localhost names, an
  address literal that is the bound address, or any address literal when bound to all
  interfaces; with the bound port); any other gets 421 with no content, a missing one 400.
* **Idle and half-sent requests** (slowloris): every request head must arrive whole within
  `request_timeout` of the connection being ready for it, else the connection is closed. A
  waiting connection costs no thread, only a little memory, and at most `max_connections`
  are kept: at the limit, the connection that has waited longest for its request is closed
  to make room, so whoever holds many idle connections cannot shut others out.
* **Oversized heads**: the request line and each header line are limited in length, and the
  head in the number of headers; a request body is not read (none is needed): refused.
* **Many at once**: a listen backlog of 128 (Python's default of 5 dropped 40 of 200
  concurrent requests).
* **A client that goes away** (reset, broken pipe) is not an error: nothing is printed.

The answers themselves (which file, the long poll) come from `answer`, given by serve.py.
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Awaitable, Callable, Optional

REQUEST_TIMEOUT = 10.0  # seconds for a request head to arrive whole (also how long an idle connection stays)
WRITE_TIMEOUT = 60.0  # seconds for a client to take an answer
MAX_CONNECTIONS = 256  # well above a browser's 6 per host; a tab's long poll holds one
MAX_LINE_BYTES = 8192  # the request line, and each header line
MAX_HEADERS = 64
BACKLOG = 128

LOCALHOST_NAMES = ("localhost", "localhost.")


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # as sent: path and query
    headers: dict[str, str]  # lower-case names


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    content_type: Optional[str] = None
    close: bool = False  # close the connection after it


Answer = Callable[[Request], Awaitable[Response]]


def listening_socket(host: str, port: int) -> socket.socket:
    """The bound, listening socket (OSError, e.g. EADDRINUSE, for the caller to explain)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=BACKLOG)


def host_allowed(host_header: Optional[str], bound_address: str, bound_port: int, names: tuple[str, ...] = ()) -> bool:
    """Does a Host header name this server? (see the module's DNS rebinding point)"""
    if not host_header:
        return False
    host, port = _split_host(host_header.strip().lower())
    if port != bound_port:
        return False
    if host in LOCALHOST_NAMES or host.endswith(".localhost") or host in names:
        return True
    try:
        address = ipaddress.ip_address(host)
        bound = ipaddress.ip_address(bound_address)
    except ValueError:
        return False  # a name that is not ours: what rebinding sends
    return address == bound or bound.is_unspecified


def _split_host(value: str) -> tuple[str, Optional[int]]:
    """'[::1]:8000' -> ('::1', 8000); 'localhost' -> ('localhost', 80), as a browser omits :80."""
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ("" if not rest else None)
    else:
        host, colon, port_text = value.partition(":")
        if not colon:
            port_text = ""
    if port_text is None:
        return host, None
    if port_text == "":
        return host, 80
    return host, int(port_text) if port_text.isdigit() and len(port_text) <= 5 else None


class _HeadProblem(Exception):
    def __init__(self, status: int):
        self.status = status


@dataclass
class _Connection:
    writer: asyncio.StreamWriter
    waiting: bool = True  # for a request head (may be closed to make room), not answering


@dataclass
class PreviewServer:
    """Serves `answer` on `sock` until `stop()` (from any thread) or Ctrl+C."""

    sock: socket.socket
    answer: Answer
    names: tuple[str, ...] = ()  # host names besides localhost that name this server (--host)
    request_timeout: float = REQUEST_TIMEOUT
    max_connections: int = MAX_CONNECTIONS
    _open: dict[int, _Connection] = field(default_factory=dict)
    _loop: Optional[asyncio.AbstractEventLoop] = None
    _stopped: Optional[asyncio.Event] = None
    ready: threading.Event = field(default_factory=threading.Event)

    def serve_forever(self) -> None:
        asyncio.run(self._run())

    def stop(self) -> None:
        if self._loop is not None and self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)

    def connections(self) -> int:
        return len(self._open)

    async def _run(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop.set_exception_handler(_quiet)
        self._stopped = asyncio.Event()
        self.bound_address, self.bound_port = self.sock.getsockname()[:2]
        server = await asyncio.start_server(self._connection, sock=self.sock, limit=MAX_LINE_BYTES, backlog=BACKLOG)
        self.ready.set()
        try:
            await self._stopped.wait()
        finally:
            server.close()
            for connection in list(self._open.values()):
                connection.writer.transport.abort()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        key = id(writer)
        self._make_room()
        self._open[key] = connection = _Connection(writer)
        try:
            while True:
                connection.waiting = True
                self._open[key] = self._open.pop(key)  # the most recent waiter goes last
                try:
                    request = await asyncio.wait_for(self._head(reader), self.request_timeout)
                except (asyncio.TimeoutError, asyncio.IncompleteReadError):
                    return  # idle, half-sent or gone: closed without a word
                except _HeadProblem as problem:
                    await self._send(writer, "GET", Response(problem.status, close=True))
                    return
                connection.waiting = False
                response = self._refusal(request) or await self._answer(request)
                keep = not response.close and request.headers.get("connection", "").lower() != "close"
                await self._send(writer, request.method, response, keep)
                if not keep:
                    return
        except (ConnectionError, asyncio.TimeoutError, OSError):
            return  # the client went away (reset, broken pipe) or does not read: nothing to tell
        finally:
            self._open.pop(key, None)
            writer.transport.abort()

    async def _answer(self, request: Request) -> Response:
        try:
            return await self.answer(request)
        except Exception as exc:  # a bug: this request fails, the server goes on
            print(f"jobdesc serve: error answering {request.method} {request.target[:200]!r}: "
                  f"{type(exc).__name__}: {exc}", file=sys.stderr)
            return Response(HTTPStatus.INTERNAL_SERVER_ERROR, close=True)

    def _make_room(self) -> None:
        """At the limit, close the connection that has waited longest for a request."""
        while len(self._open) >= self.max_connections:
            oldest = next((k for k, c in self._open.items() if c.waiting), None)
            if oldest is None:
                return  # all busy answering: the new one is served anyway, and the limit is exceeded briefly
            self._open.pop(oldest).writer.transport.abort()

    async def _head(self, reader: asyncio.StreamReader) -> Request:
        line = await _line(reader)
        while line in (b"\r\n", b"\n"):  # RFC 9112: blank lines before a request are ignored
            line = await _line(reader)
        parts = line.decode("latin-1").split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/1.") or not parts[1].startswith("/"):
            raise _HeadProblem(HTTPStatus.BAD_REQUEST)
        headers: dict[str, str] = {}
        while (line := await _line(reader)) not in (b"\r\n", b"\n"):
            name, colon, value = line.decode("latin-1").partition(":")
            if not colon or not name or name != name.strip() or len(headers) >= MAX_HEADERS:
                raise _HeadProblem(HTTPStatus.BAD_REQUEST if len(headers) < MAX_HEADERS
                                   else HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
            name = name.lower()
            if name == "host" and name in headers:
                raise _HeadProblem(HTTPStatus.BAD_REQUEST)
            headers[name] = value.strip()
        if parts[2] == "HTTP/1.0" and headers.get("connection", "").lower() != "keep-alive":
            headers["connection"] = "close"
        return Request(parts[0], parts[1], headers)

    def _refusal(self, request: Request) -> Optional[Response]:
        if request.method not in ("GET", "HEAD"):
            return Response(HTTPStatus.METHOD_NOT_ALLOWED, close=True)
        if "transfer-encoding" in request.headers or request.headers.get("content-length", "0") != "0":
            return Response(HTTPStatus.BAD_REQUEST, close=True)  # no request here has a body; it is not read
        if "host" not in request.headers:
            return Response(HTTPStatus.BAD_REQUEST, close=True)
        if not host_allowed(request.headers["host"], self.bound_address, self.bound_port, self.names):
            return Response(HTTPStatus.MISDIRECTED_REQUEST, close=True)
        return None

    async def _send(self, writer: asyncio.StreamWriter, method: str, response: Response, keep: bool = False) -> None:
        status = HTTPStatus(response.status)
        head = [f"HTTP/1.1 {status.value} {status.phrase}", f"Content-Length: {len(response.body)}",
                "Cache-Control: no-store", "X-Content-Type-Options: nosniff", "Server: jobdesc"]
        if response.content_type:
            head.append(f"Content-Type: {response.content_type}")
        head.append("Connection: keep-alive" if keep else "Connection: close")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        if method != "HEAD":
            writer.write(response.body)
        await asyncio.wait_for(writer.drain(), WRITE_TIMEOUT)


async def _line(reader: asyncio.StreamReader) -> bytes:
    try:
        return await reader.readuntil(b"\n")
    except asyncio.LimitOverrunError:
        raise _HeadProblem(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE) from None
    except ValueError:  # the limit reached while looking for the separator
        raise _HeadProblem(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE) from None


def _quiet(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    """asyncio's own reports: a client's reset is nothing to show; anything else, one line."""
    exc = context.get("exception")
    if isinstance(exc, (ConnectionError, asyncio.CancelledError)):
        return
    print(f"jobdesc serve: {context.get('message', 'error')}: {exc!r}" if exc else
          f"jobdesc serve: {context.get('message', 'error')}", file=sys.stderr)
