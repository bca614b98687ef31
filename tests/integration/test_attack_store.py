"""The embedded FalkorDB under attack: bounded process, bounded replies, a deadline on every
read, never a query sent twice, private files, a change counter.

Tests that stop, freeze or starve a server start their own (in ``tmp_path``) so the
session's server stays untouched. Every memory figure here is small: a test that makes
the database allocate does it under a cap it set first.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.config import Settings
from core.errors import QueryError, QueryTimeout, ResultTooLarge, StoreError
from graph.stores.falkordb_server import FalkorDBServer, pid_alive
from graph.stores.falkordb_store import FalkorDBStore
from tests.helpers.graph_samples import one_agency

pytestmark = [pytest.mark.falkordb, pytest.mark.slow]

SLOW = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n"


@pytest.fixture
def own_store(tmp_path: Path) -> Iterator[FalkorDBStore]:
    store = FalkorDBStore(Settings(home=tmp_path / "home", query_timeout_ms=3000))
    try:
        yield store
    finally:
        pid = store.server.read_pid()
        if pid is not None and pid_alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        store.close()


def _call(fn: Any, limit: float = 60.0) -> Any:
    """Run ``fn`` in a thread; what it returned or raised, or "hung" after ``limit`` s."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["value"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    return box.get("value", "hung")


# --- item 2: the process is bounded --------------------------------------------------------


def test_the_server_is_started_with_its_bounds(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, server_memory_mb=512, result_max_mb=8, query_row_limit=50)
    server = FalkorDBServer.from_settings(settings)
    server.ensure_running()
    try:
        pid = server.read_pid()
        limits = Path(f"/proc/{pid}/limits").read_text()
        data = next(line for line in limits.splitlines() if line.startswith("Max data size"))
        assert data.split()[3:5] == [str(512 * 2**20)] * 2
        with contextlib.closing(server.client(timeout=5)) as conn:
            assert conn.config_get("maxmemory")["maxmemory"] == str(256 * 2**20)
            assert conn.config_get("maxmemory-policy")["maxmemory-policy"] == "noeviction"
            assert conn.config_get("client-output-buffer-limit")["client-output-buffer-limit"] \
                .startswith(f"normal {8 * 2**20} 0 0")
            config = dict(conn.execute_command("GRAPH.CONFIG", "GET", "*"))
            assert int(config[b"RESULTSET_SIZE"]) == 51
            folder = Path(os.fsdecode(config[b"IMPORT_FOLDER"]))
            assert folder.is_relative_to(server.data_dir) and not folder.exists()
    finally:
        server.stop()


def test_a_query_past_the_process_limit_stops_the_server_not_the_machine(tmp_path: Path) -> None:
    # 256 MiB for the process, 2 GiB for one query: range(1, 3e7) needs 480 MB at once. The
    # guard of ad-hoc Cypher would refuse it; the store's read() is called directly here.
    settings = Settings(home=tmp_path, server_memory_mb=256, query_memory_mb=2048)
    with FalkorDBStore(settings) as store:
        store.write_graph(one_agency())
        with pytest.raises(StoreError, match="not sent again") as info:
            store.read("UNWIND range(1, 30000000) AS x RETURN count(x) AS n")
        assert not isinstance(info.value, QueryError)
        assert store.server.running_pid() is None  # stopped, and nobody started another
        # The next request starts a server: the data is there.
        assert store.read("MATCH (a:Agency) RETURN a.name AS name").rows == [{"name": "省发改委"}]


def test_a_load_past_maxmemory_is_refused_and_the_graph_kept(own_store: FalkorDBStore) -> None:
    own_store.write_graph(one_agency())
    with contextlib.closing(own_store.server.client(timeout=5)) as conn:
        conn.config_set("maxmemory", 1)  # as if the data had reached it
        try:
            with pytest.raises(StoreError, match="the store is full"):
                own_store.write_graph(one_agency("省数字办"))
            # Reads still run; nothing was evicted.
            assert own_store.read("MATCH (a:Agency) RETURN a.name AS name").rows == [{"name": "省发改委"}]
        finally:
            conn.config_set("maxmemory", 256 * 2**20)


# --- item 3: a query is never sent twice ---------------------------------------------------


def test_a_query_the_server_died_under_is_not_sent_again(own_store: FalkorDBStore) -> None:
    own_store.write_graph(one_agency())
    first = own_store.server.read_pid()
    assert first is not None
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(_call(lambda: own_store.read(SLOW))))
    thread.start()
    time.sleep(0.5)  # the query is running (it would run until its 3 s time limit)
    os.kill(first, signal.SIGKILL)
    thread.join(60)
    assert isinstance(result[0], StoreError) and "not sent again" in str(result[0]), result
    assert own_store.server.running_pid() is None  # no server was started to run it again
    # A connection that cannot be made is retried: the next read starts a server.
    assert own_store.read("MATCH (a:Agency) RETURN count(a) AS n").rows == [{"n": 1}]
    assert own_store.server.read_pid() not in (None, first)


# --- item 1/4: every read answers within its limit or is cut -------------------------------


@pytest.fixture
def quick_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stuck server is told within about a second (instead of 5 s, checked every 10 s)."""
    from graph.stores import falkordb_server, falkordb_store

    monkeypatch.setattr(falkordb_server, "STUCK_WAIT_S", 1.0)
    monkeypatch.setattr(falkordb_store, "WATCH_INTERVAL_S", 0.5)


_BUSY_2S: str = ("local t = redis.call('TIME') local t0 = t[1] + t[2] / 1e6 "
                 "repeat t = redis.call('TIME') until t[1] + t[2] / 1e6 - t0 > 2 return 1")


def test_a_read_is_cut_when_the_server_is_busy_and_does_not_answer(
        own_store: FalkorDBStore, quick_watch: None) -> None:
    own_store.write_graph(one_agency())
    pid = own_store.server.read_pid()
    busy = threading.Thread(target=lambda: own_store.server.client().eval(_BUSY_2S, 0))
    busy.start()  # the server's one command thread spins for 2 s: no reply, but working
    time.sleep(0.2)
    outcome = _call(lambda: own_store.read("RETURN 1 AS one", timeout_ms=200))
    busy.join()
    assert isinstance(outcome, QueryTimeout), outcome
    assert own_store.read("RETURN 1 AS one").rows == [{"one": 1}]
    assert own_store.server.read_pid() == pid  # a busy server is left alone


def test_a_read_on_a_stuck_server_ends_and_the_next_starts_a_new_one(
        own_store: FalkorDBStore, quick_watch: None) -> None:
    own_store.write_graph(one_agency())
    pid = own_store.server.read_pid()
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)  # no reply and no CPU time, as a deadlock inside FalkorDB
    try:
        outcome = _call(lambda: own_store.read("RETURN 1 AS one", timeout_ms=200))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)
    assert isinstance(outcome, StoreError) and "stopped answering" in str(outcome), outcome
    assert not pid_alive(pid)
    assert own_store.read("MATCH (a:Agency) RETURN a.name AS name").rows == [{"name": "省发改委"}]
    assert own_store.server.read_pid() not in (None, pid)


def test_a_load_on_a_stuck_server_runs_again_on_a_new_one(
        own_store: FalkorDBStore, quick_watch: None) -> None:
    own_store.write_graph(one_agency())
    pid = own_store.server.read_pid()
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    try:
        outcome = _call(lambda: own_store.write_graph(one_agency("省数字办")))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)
    assert not isinstance(outcome, BaseException) and outcome != "hung", outcome
    assert own_store.server.read_pid() not in (None, pid)
    # The load ran whole on the new server (a graph load replaces the graph).
    assert own_store.read("MATCH (a:Agency) RETURN a.name AS name").rows == [{"name": "省数字办"}]


# --- item 5: the row limit and the size limit bound what is sent ---------------------------


def _sent_bytes(store: FalkorDBStore) -> int:
    with contextlib.closing(store.server.client(timeout=5)) as conn:
        return int(conn.info("stats")["total_net_output_bytes"])


def test_the_row_limit_is_applied_inside_the_server(own_store: FalkorDBStore) -> None:
    # A server of its own: the cap only rises, and other tests may have raised the shared one.
    own_store.read("RETURN 1 AS warm", row_limit=10)
    before = _sent_bytes(own_store)
    result = own_store.read("UNWIND range(1, 200) AS a UNWIND range(1, 1000) AS b RETURN a, b",
                            row_limit=10)
    sent = _sent_bytes(own_store) - before
    assert result.truncated and len(result.rows) == 10
    # The server cuts at its cap (the largest row limit asked for, 1,001 rows by default),
    # not after 200,000 rows (some 6 MB).
    assert sent < 200_000, f"{sent} bytes sent for 10 rows"


def test_a_larger_row_limit_raises_the_server_cap(falkordb_store: Any) -> None:
    result = falkordb_store.read("UNWIND range(1, 5000) AS x RETURN x", row_limit=4000)
    assert len(result.rows) == 4000 and result.truncated
    assert len(falkordb_store.read("UNWIND range(1, 5000) AS x RETURN x", row_limit=5000).rows) == 5000


def test_a_reply_over_the_size_limit_is_dropped_by_the_server(falkordb_store: Any) -> None:
    # About 20 MB in one value; the session's server drops replies over 16 MB (the default).
    # (A list of strings: FalkorDB 4.16 crashed, now and then, joining one string that long.)
    with pytest.raises(ResultTooLarge, match="result_max_mb"):
        falkordb_store.read(HUGE_VALUE)
    assert falkordb_store.read("RETURN 1 AS one").rows == [{"one": 1}]


HUGE_VALUE: str = "RETURN [x IN range(1, 700) | [y IN range(1, 1000) | 'abcdefghijklmnopqrstuvwxyz']] AS s"


# --- item 9: private files -----------------------------------------------------------------


def test_files_are_private(own_store: FalkorDBStore) -> None:
    own_store.write_graph(one_agency())  # a load ends with SAVE: the RDB file exists
    data_dir = own_store.server.data_dir
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    files = [p for p in data_dir.iterdir() if not p.is_socket()]
    assert {p.name for p in files} >= {"falkordb.rdb", "falkordb.log", "falkordb.pid", "server.json"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_files_left_readable_by_an_earlier_version_are_made_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "falkordb"
    data_dir.mkdir(mode=0o755)
    (data_dir / "falkordb.log").write_text("old log\n")
    os.chmod(data_dir / "falkordb.log", 0o644)
    server = FalkorDBServer(data_dir)
    server.ensure_running()
    try:
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE((data_dir / "falkordb.log").stat().st_mode) == 0o600
    finally:
        server.stop()


# --- item 10: a change counter -------------------------------------------------------------


def test_the_version_changes_with_every_load_and_drop(falkordb_store: Any) -> None:
    first = falkordb_store.version()
    assert falkordb_store.version() == first
    falkordb_store.write_graph(one_agency())
    loaded = falkordb_store.version()
    assert loaded != first and falkordb_store.version() == loaded
    falkordb_store.read("MATCH (n) RETURN count(n) AS n")
    assert falkordb_store.version() == loaded  # reads change nothing
    falkordb_store.write_graph(one_agency())
    again = falkordb_store.version()
    assert again != loaded
    falkordb_store.drop()
    assert falkordb_store.version() not in (first, loaded, again)
