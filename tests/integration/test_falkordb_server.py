"""The embedded FalkorDB server: start, reuse, stop, stale files, and no orphans."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.stores.falkordb_server import MAX_SOCKET_PATH, FalkorDBServer, pid_alive
from tests.helpers.paths import ROOT

pytestmark = pytest.mark.falkordb


def _wait(predicate: object, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FalkorDBServer]:
    srv = FalkorDBServer(tmp_path / "falkordb")
    yield srv
    srv.stop()


def _child(code: str, home: Path) -> subprocess.Popen[str]:
    """A Python child in this project that prints READY <redis pid> when its server is up."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), str(home)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _ready_pid(proc: subprocess.Popen[str]) -> int:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("READY "), (line, proc.stderr.read() if proc.stderr else "")
    return int(line.split()[1])


class TestLifecycle:
    def test_start_reuse_stop(self, server: FalkorDBServer) -> None:
        assert server.ensure_running() is True
        pid = server.running_pid()
        assert pid is not None and pid_alive(pid)
        assert server.socket_path.parent == server.data_dir
        assert oct(server.socket_path.stat().st_mode & 0o777) == "0o700"
        again = FalkorDBServer(server.data_dir)
        assert again.ensure_running() is False  # reused, not started twice
        assert again.owned is False and server.owned is True
        again.release()  # not the owner: leaves it running
        assert server.running_pid() == pid
        assert server.stop() is True
        assert _wait(lambda: not pid_alive(pid))
        assert not server.socket_path.exists() and not server.state_path.exists()
        assert server.rdb_path.exists()  # SHUTDOWN SAVE
        assert server.stop() is False

    def test_no_tcp_port(self, server: FalkorDBServer) -> None:
        server.ensure_running()
        with server.client() as conn:
            assert conn.config_get("port") == {"port": "0"}
            assert conn.config_get("save") == {"save": ""}

    def test_status(self, server: FalkorDBServer) -> None:
        assert server.status()["running"] is False
        server.ensure_running()
        status = server.status()
        assert status["running"] and status["mode"] == "attached"
        assert status["owner_pid"] == os.getpid() and status["used_memory"] > 0

    def test_stale_files_of_a_killed_server_are_cleared(self, server: FalkorDBServer) -> None:
        server.ensure_running()
        pid = server.running_pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)  # a crash: pid file and socket stay behind
        assert _wait(lambda: not pid_alive(pid))
        assert server.pid_path.exists()
        fresh = FalkorDBServer(server.data_dir)
        assert fresh.ensure_running() is True
        assert fresh.running_pid() not in (None, pid)
        fresh.stop()

    def test_long_data_dir_puts_the_socket_in_the_temp_dir(self, tmp_path: Path) -> None:
        deep = tmp_path / ("d" * 60) / ("e" * 60)
        srv = FalkorDBServer(deep)
        assert len(os.fsencode(deep / "falkordb.sock")) > MAX_SOCKET_PATH
        assert srv.socket_path.parent != deep
        assert len(os.fsencode(srv.socket_path)) <= MAX_SOCKET_PATH
        try:
            assert srv.ensure_running() is True
            assert FalkorDBServer(deep).running_pid() == srv.running_pid()
        finally:
            srv.stop()


class TestNoOrphans:
    def test_a_killed_owner_takes_its_server_along(self, tmp_path: Path) -> None:
        proc = _child("""
            import sys, time
            from pathlib import Path
            from core.config import Settings
            from graph.stores.falkordb_store import FalkorDBStore
            store = FalkorDBStore(Settings(home=Path(sys.argv[1])))
            print("READY", store.server.read_pid(), flush=True)
            time.sleep(600)
        """, tmp_path)
        redis_pid = _ready_pid(proc)
        assert pid_alive(redis_pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert _wait(lambda: not pid_alive(redis_pid), timeout=10), "redis outlived its owner"
        # and the next user starts a fresh one in the same directory
        srv = FalkorDBServer(tmp_path / "falkordb")
        try:
            assert srv.ensure_running() is True
        finally:
            srv.stop()

    def test_a_clean_exit_stops_the_server_it_started(self, tmp_path: Path) -> None:
        proc = _child("""
            import sys
            from pathlib import Path
            from graph.stores.falkordb_server import FalkorDBServer
            srv = FalkorDBServer(Path(sys.argv[1]) / "falkordb")
            srv.ensure_running()
            print("READY", srv.read_pid(), flush=True)
            # no stop(): the atexit hook must do it
        """, tmp_path)
        redis_pid = _ready_pid(proc)
        assert proc.wait(20) == 0
        assert _wait(lambda: not pid_alive(redis_pid), timeout=10)

    def test_a_detached_server_outlives_its_starter_and_is_reused(self, tmp_path: Path) -> None:
        proc = _child("""
            import sys
            from pathlib import Path
            from graph.stores.falkordb_server import FalkorDBServer
            srv = FalkorDBServer(Path(sys.argv[1]) / "falkordb")
            srv.ensure_running("detached")
            print("READY", srv.read_pid(), flush=True)
        """, tmp_path)
        redis_pid = _ready_pid(proc)
        assert proc.wait(20) == 0
        srv = FalkorDBServer(tmp_path / "falkordb")
        try:
            assert srv.running_pid() == redis_pid  # still there after its starter left
            assert srv.read_state() is not None and srv.read_state().mode == "detached"  # type: ignore[union-attr]
            assert srv.ensure_running() is False
            srv.release()
            assert pid_alive(redis_pid)
        finally:
            assert srv.stop() is True
        assert _wait(lambda: not pid_alive(redis_pid))
