"""`kg serve`: starts the embedded FalkorDB when needed, loads the bundled document into an
empty store, serves, and on exit stops only a server it started itself."""

from __future__ import annotations

import os
import signal
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
from tests.helpers.serve import free_port, http_get
from tests.helpers.serve import serving as serve_process

pytestmark = pytest.mark.falkordb


@contextmanager
def serving(home: Path, *options: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    env = {**os.environ, "KG_HOME": str(home), "PYTHONPATH": str(ROOT)}
    with serve_process([sys.executable, "-m", "cli", "serve", "--port", str(port), *options],
                       cwd=home.parent, env=env, port=port) as served:
        yield served


def test_serve_starts_loads_and_stops(tmp_path: Path) -> None:
    home = tmp_path / "home"
    server = FalkorDBServer(Settings(home=home).falkordb_dir)
    with serving(home) as (proc, url):
        tasks = http_get(url + "/tasks", params={"agency": "发改委"}).json()
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


def test_workers_serve_on_the_bound_socket_and_stop(tmp_path: Path) -> None:
    """--workers 2: two processes answer on the port kg serve bound, and Ctrl-C stops them
    all (no worker is left serving)."""
    home = tmp_path / "home"
    with serving(home, "--workers", "2") as (proc, url):
        assert http_get(url + "/tasks", params={"agency": "发改委"}).json()["count"] == 14
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        output = proc.stdout.read().decode() if proc.stdout else ""
    assert output.count("Started server process") == 2, output
    with pytest.raises(httpx.ConnectError):
        http_get(url + "/health/live", timeout=2)
