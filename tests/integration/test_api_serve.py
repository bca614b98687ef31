"""`kg serve`: starts the embedded FalkorDB when needed, loads the bundled document into an
empty store, serves, and on exit stops only a server it started itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from core.config import Settings
from graph.stores.falkordb_server import FalkorDBServer, pid_alive
from tests.helpers.paths import ROOT

pytestmark = pytest.mark.falkordb


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(home: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    env = {**os.environ, "KG_HOME": str(home), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port)],
                            cwd=home.parent, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "kg serve did not answer in 60 s"
            time.sleep(0.1)
        yield proc, url
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_serve_starts_loads_and_stops(tmp_path: Path) -> None:
    home = tmp_path / "home"
    server = FalkorDBServer(Settings(home=home).falkordb_dir)
    with serving(home) as (proc, url):
        tasks = httpx.get(url + "/tasks", params={"agency": "发改委"}).json()
        assert tasks["count"] == 14
        pid = server.read_pid()
        assert pid is not None and pid_alive(pid)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        output = proc.stdout.read().decode() if proc.stdout else ""
    assert f"{url}/docs" in output and "loading the bundled document" in output
    deadline = time.monotonic() + 10
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not pid_alive(pid), "the embedded server kg serve started is still running"


def test_serve_leaves_a_running_server_running(tmp_path: Path) -> None:
    home = tmp_path / "home"
    server = FalkorDBServer(Settings(home=home).falkordb_dir)
    assert server.ensure_running("detached")
    try:
        pid = server.read_pid()
        with serving(home) as (proc, _):
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=30) == 0
        assert pid is not None and pid_alive(pid) and server.running_pid() == pid
    finally:
        server.stop()
