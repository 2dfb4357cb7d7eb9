"""`jobdesc serve`'s HTTP side (serve_http.py): which requests it answers, time limits, how many
connections, clients that go away; and a port that is taken. On 127.0.0.1 only."""
from __future__ import annotations

import http.client
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import copy_example
from jobdesc.serve import BuildState, site_answer
from jobdesc.serve_http import PreviewServer, host_allowed, listening_socket


KILL_LIMIT = 60  # seconds: only so that a broken server fails the test instead of hanging it


class InProcess:
    """serve_http's server on 127.0.0.1 in a thread, serving a one-page site."""

    def __init__(self, site: Path, **options):
        self.sock = listening_socket("127.0.0.1", 0)
        self.port = self.sock.getsockname()[1]
        self.state = BuildState()
        self.state.finished([])
        self.server = PreviewServer(self.sock, site_answer(site, self.state, poll_seconds=KILL_LIMIT), **options)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        assert self.server.ready.wait(KILL_LIMIT)

    def get(self, path: str = "/", host: str | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=KILL_LIMIT)
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host if host is not None else f"127.0.0.1:{self.port}")
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    def raw(self) -> socket.socket:
        client = socket.create_connection(("127.0.0.1", self.port), timeout=KILL_LIMIT)
        return client

    def close(self) -> None:
        self.server.stop()
        self.thread.join(KILL_LIMIT)
        self.sock.close()


@pytest.fixture
def site(tmp_path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body>handbook secret</body></html>", "utf-8")
    return site


@pytest.fixture
def preview(site):
    running = InProcess(site)
    yield running
    running.close()


def test_only_a_host_naming_this_server_is_answered(preview):
    """A DNS-rebinding page sends its own name as Host: it gets nothing."""
    port = preview.port
    for good in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"app.localhost:{port}"):
        status, body = preview.get("/", good)
        assert status == 200 and b"handbook secret" in body, good
    for bad in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1:{port + 1}", f"10.0.0.1:{port}",
                f"127.0.0.1.attacker.example:{port}", f"[::1]:{port}", "127.0.0.1", ""):
        status, body = preview.get("/", bad)
        assert status in (400, 421) and body == b"", bad


def test_a_request_without_host_or_with_a_body_or_a_long_line_is_refused(preview):
    for request in (b"GET / HTTP/1.1\r\n\r\n",
                    f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\nContent-Length: 3\r\n\r\nabc".encode(),
                    b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n\r\n",
                    f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\nX: {'b' * 20000}\r\n\r\n".encode(),
                    b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(200)) + b"\r\n"):
        with preview.raw() as client:
            client.sendall(request)
            answer = _read_all(client)
        assert answer.split(b" ")[1] in (b"400", b"405", b"431"), answer[:80]
        assert b"handbook secret" not in answer


def _read_all(client: socket.socket) -> bytes:
    """Everything until the server closes the connection (the kill limit is the socket's timeout)."""
    chunks = []
    while chunk := client.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_idle_connections_do_not_stop_others_and_are_closed_after_the_timeout(site):
    running = InProcess(site, request_timeout=1.0)
    try:
        idle = [running.raw() for _ in range(100)]
        for n, client in enumerate(idle[:50]):
            client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1")  # half-sent, never finished
        status, body = running.get("/")
        assert status == 200 and b"handbook secret" in body
        for client in idle:  # each is closed by the server: recv sees the end (or a reset)
            try:
                assert client.recv(1024) == b""
            except ConnectionResetError:
                pass
            client.close()
        assert running.get("/")[0] == 200
    finally:
        running.close()


def test_at_the_connection_limit_the_longest_waiting_is_closed_for_a_new_one(site):
    running = InProcess(site, max_connections=10)
    try:
        idle = [running.raw() for _ in range(30)]
        assert running.get("/")[0] == 200  # served although 30 idle connections came first
        assert idle[0].recv(1024) == b""  # the oldest were closed to make room
        for client in idle:
            client.close()
    finally:
        running.close()


def test_200_concurrent_requests_are_all_answered(preview):
    from concurrent.futures import ThreadPoolExecutor

    start = threading.Barrier(200, timeout=KILL_LIMIT)

    def one(_n):
        start.wait()  # all 200 connect at once
        return preview.get("/")[0]

    with ThreadPoolExecutor(200) as pool:
        statuses = list(pool.map(one, range(200)))
    assert statuses == [200] * 200


def test_a_client_that_resets_prints_no_traceback(preview, capfd):
    for _ in range(20):
        client = preview.raw()
        client.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\n\r\n".encode())
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = RST
        client.close()
        half = preview.raw()
        half.sendall(b"GET / HT")
        half.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        half.close()
    assert preview.get("/")[0] == 200
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "Error" not in out + err


def test_a_taken_port_is_one_line_and_exit_1(tmp_path):
    taken = listening_socket("127.0.0.1", 0)
    port = taken.getsockname()[1]
    try:
        roles = copy_example(tmp_path)
        result = subprocess.run([sys.executable, "-m", "jobdesc", "serve", str(roles), "-o", str(tmp_path / "build"),
                                 "--port", str(port)], capture_output=True, text=True, timeout=KILL_LIMIT)
    finally:
        taken.close()
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"port {port}" in lines[0] and "--port" in lines[0], result.stderr
    assert "internal error" not in result.stderr and not (tmp_path / "build").exists()


def test_host_rules():
    assert host_allowed("localhost:8000", "127.0.0.1", 8000)
    assert host_allowed("[::1]:8000", "::1", 8000)
    assert host_allowed("localhost", "127.0.0.1", 80)  # a browser leaves out :80
    assert host_allowed("192.168.1.5:8000", "0.0.0.0", 8000)  # bound to every interface: any address literal
    assert host_allowed("intranet-box:8000", "0.0.0.0", 8000, names=("intranet-box",))  # --host intranet-box
    assert not host_allowed("intranet-box:8000", "0.0.0.0", 8000)
    assert not host_allowed("localhost:8000:1", "127.0.0.1", 8000)
    assert not host_allowed("localhost:99999999", "127.0.0.1", 8000)
    assert not host_allowed(None, "127.0.0.1", 8000)


def test_waiting_pages_hold_no_thread_and_all_wake_when_a_build_ends(preview):
    """50 long polls wait on the build state; a page is still served, and one build wakes them all."""
    threads_before = threading.active_count()
    waiting = []
    for _ in range(50):
        client = preview.raw()
        client.sendall(f"GET /__jobdesc/state?since=1 HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\n"
                       "Connection: close\r\n\r\n".encode())
        waiting.append(client)
    assert threading.active_count() - threads_before < 10  # not one per waiting page
    assert preview.get("/")[0] == 200
    for _ in range(KILL_LIMIT * 20):  # until every poll is parked
        if len(preview.state.listeners) == 50:
            break
        threading.Event().wait(0.05)
    assert len(preview.state.listeners) == 50
    preview.state.finished(["roles/x.yaml:1:1: error: bad"])
    for client in waiting:
        answer = _read_all(client)
        client.close()
        assert answer.startswith(b"HTTP/1.1 200") and b'"version": 2' in answer
