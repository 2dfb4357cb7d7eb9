"""`jobdesc serve`: what it serves, what it refuses, and how it rebuilds on a save."""
from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_example
from jobdesc.serve import BuildState, inside


def test_inside_refuses_every_way_out(tmp_path):
    root = tmp_path / "site"
    (root / "jd").mkdir(parents=True)
    (root / "index.html").write_text("x")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "out").symlink_to(tmp_path)
    (root / "leak.txt").symlink_to(tmp_path / "secret.txt")
    assert inside(root, "/index.html") == root / "index.html"
    assert inside(root, "/jd/") == root / "jd"
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/jd/../../secret.txt",
                 "/jd/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/..%5csecret.txt", "/index.html%00",
                 "/out/secret.txt", "/leak.txt"):
        assert inside(root, path) is None, path


def test_waiting_for_a_build_returns_when_it_ends_or_times_out():
    import asyncio
    import threading

    state = BuildState()
    state.finished([])
    assert state.wait(-1, 0) == (1, [])
    assert state.wait(1, 0.2) == (1, [])  # nothing happened: the same version, after the timeout
    state.finished(["roles/x.yaml:1:1: error: bad"])
    assert state.wait(1, 5) == (2, ["roles/x.yaml:1:1: error: bad"])

    # The server's wait is woken by a build that ends in another thread (not by its timeout).
    async def wait_for_the_next_build():
        waiting = asyncio.create_task(state.wait_async(2, 60))
        while not state.listeners:
            await asyncio.sleep(0.01)
        threading.Thread(target=state.finished, args=([],)).start()
        return await waiting

    assert asyncio.run(asyncio.wait_for(wait_for_the_next_build(), 60)) == (3, [])
    assert state.listeners == []


class Server:
    """`jobdesc serve` in a child process, on a free port."""

    def __init__(self, directory: Path, out: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jobdesc", "serve", str(directory), "-o", str(out), "--port", "0"],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                break
            self.lines.append(line)
            found = re.search(r"serving http://127\.0\.0\.1:(\d+)/", line)
            if found:
                self.port = int(found.group(1))
                self.url = f"http://127.0.0.1:{self.port}/"
                return
        self.stop()
        raise AssertionError("serve did not start: " + "".join(self.lines))

    def get(self, raw_path: str, host: str | None = None) -> tuple[int, str]:
        """GET a path sent exactly as written (no client-side normalising of ../)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.putrequest("GET", raw_path, skip_host=host is not None, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, body

    def state(self, since: int = -1) -> dict:
        return json.loads(self.get(f"/__jobdesc/state?since={since}")[1])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def server(tmp_path):
    roles = copy_example(tmp_path)
    (tmp_path / "secret.txt").write_text("top secret", "utf-8")
    running = Server(roles, tmp_path / "build")
    running.roles = roles
    yield running
    running.stop()


def wait_for_version(server: Server, since: int) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = server.state(since)
        if state["version"] != since:
            return state
    raise AssertionError("no rebuild")


def test_serve_serves_the_site_refuses_paths_out_and_keeps_the_last_good_build(server, tmp_path):
    status, index = server.get("/")
    assert status == 200 and "营销中心岗位说明书" in index
    assert '<script src="/__jobdesc/live.js"></script></body>' in index
    assert server.get("/jd/sales-manager.html")[0] == 200
    assert server.get("/assets/site.js")[0] == 200
    for raw in ("/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e/%2e%2e/secret.txt",
                "/jd/%2e%2e/%2e%2e/%2e%2e/secret.txt", "/..%2f..%2fsecret.txt", "/../../../../../../etc/passwd"):
        status, body = server.get(raw)
        assert status == 403 and "top secret" not in body and "root:" not in body, raw
    assert server.get("/nothing.html")[0] == 404
    assert server.get("/", host=f"localhost:{server.port}")[0] == 200
    assert server.get("/", host=f"attacker.example:{server.port}") == (421, "")  # DNS rebinding: nothing
    first = server.state()
    assert first["errors"] == []

    # A save with an error: the errors are reported, and the last good site is still served.
    path = server.roles / "sales" / "sales-manager.yaml"
    good = path.read_text("utf-8")
    path.write_text(good.replace("department: sales", "department: nowhere"), "utf-8")
    broken = wait_for_version(server, first["version"])
    assert any(re.search(r"sales-manager\.yaml:\d+:\d+: error: .*nowhere", line) for line in broken["errors"])
    status, page = server.get("/jd/sales-manager.html")
    assert status == 200 and "销售经理" in page

    # Fixed: the site is rebuilt with the edit, and the errors are gone.
    path.write_text(good.replace("title: 销售经理", "title: 销售总经理"), "utf-8")
    fixed = wait_for_version(server, broken["version"])
    assert fixed["errors"] == []
    assert "销售总经理" in server.get("/jd/sales-manager.html")[1]


def test_serve_listens_on_127_0_0_1_by_default():
    from click.testing import CliRunner

    from jobdesc.cli import main

    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert re.search(r"--host TEXT .*\[default: 127\.0\.0\.1\]", " ".join(help_text.split()))

