"""FalkorDB-only behaviour: staging + RENAME, the load lock, persistence, reconnection."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import redis

from core.config import Settings
from core.errors import QueryError, StoreError
from graph.stores.falkordb_store import LOCK_SUFFIX, STAGING_SUFFIX, FalkorDBStore
from tests.helpers.graph_samples import counts, sample_graph, snapshot, store_snapshot
from tests.helpers.stores import fail_midway

pytestmark = pytest.mark.falkordb


def test_reading_a_store_never_loaded_gives_no_rows(falkordb_store: FalkorDBStore) -> None:
    assert falkordb_store.read("MATCH (n) RETURN n.id AS id").rows == []
    assert falkordb_store.read("RETURN 1 AS one").rows == [{"one": 1}]


def test_ids_are_indexed(falkordb_store: FalkorDBStore) -> None:
    falkordb_store.write_graph(sample_graph("v1"))
    graph = falkordb_store._graph()
    plan = str(graph.explain("MATCH (t:Task {id: 'doc-a/task/1'}) RETURN t"))
    assert "Index" in plan
    indexed = {(r[0], tuple(r[1])) for r in graph.query("CALL db.indexes()").result_set}
    assert {("Agency", ("id",)), ("Task", ("id", "document_id"))} <= indexed


def test_a_failed_load_leaves_no_staging_graph(
    falkordb_store: FalkorDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    falkordb_store.write_graph(sample_graph("v1"))
    fail_midway(monkeypatch)
    with pytest.raises(StoreError):
        falkordb_store.write_graph(sample_graph("v2"))
    conn = falkordb_store.redis
    assert not conn.exists(falkordb_store.graph_name + STAGING_SUFFIX)
    assert not conn.exists(falkordb_store.graph_name + LOCK_SUFFIX)


def test_leftovers_of_a_crashed_load_are_replaced(falkordb_store: FalkorDBStore) -> None:
    conn = falkordb_store.redis
    staging = falkordb_store.graph_name + STAGING_SUFFIX
    conn.execute_command("GRAPH.QUERY", staging, "CREATE (:Agency {id: 'agency/stale'})")
    g = sample_graph("v1")
    falkordb_store.write_graph(g)
    assert store_snapshot(falkordb_store) == snapshot(g)
    assert not conn.exists(staging)


def test_a_running_load_blocks_another(falkordb_store: FalkorDBStore) -> None:
    lock = falkordb_store.graph_name + LOCK_SUFFIX
    falkordb_store.redis.set(lock, f"{os.getpid()}:someone-else")  # a live loader
    try:
        with pytest.raises(StoreError, match="another load"):
            falkordb_store.write_graph(sample_graph("v1"))
        assert counts(falkordb_store) == (0, 0)
    finally:
        falkordb_store.redis.delete(lock)


def test_the_lock_of_a_dead_loader_is_taken_over(falkordb_store: FalkorDBStore) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    falkordb_store.redis.set(falkordb_store.graph_name + LOCK_SUFFIX, f"{dead.stdout.strip()}:x")
    g = sample_graph("v1")
    falkordb_store.write_graph(g)
    assert store_snapshot(falkordb_store) == snapshot(g)


def test_data_survives_a_restart(tmp_path: Path) -> None:
    g = sample_graph("v1")
    with FalkorDBStore(Settings(home=tmp_path)) as store:
        assert store.server.owned
        store.write_graph(g)
    assert not store.server.status()["running"]
    with FalkorDBStore(Settings(home=tmp_path)) as store:
        assert store_snapshot(store) == snapshot(g)


def test_a_reader_survives_the_owner_stopping_the_server(tmp_path: Path) -> None:
    g = sample_graph("v1")
    owner = FalkorDBStore(Settings(home=tmp_path))
    owner.write_graph(g)
    guest = FalkorDBStore(Settings(home=tmp_path))  # reuses the owner's server
    assert not guest.server.owned
    owner.close()  # stops the server (SHUTDOWN SAVE)
    try:
        assert store_snapshot(guest) == snapshot(g)  # restarted it, data from the RDB
        assert guest.server.owned
    finally:
        guest.close()


def test_a_lock_left_by_this_store_s_cut_off_attempt_is_taken_over(
    falkordb_store: FalkorDBStore,
) -> None:
    # the server went away mid-load and came back from an RDB that still holds our lock
    lock = falkordb_store.graph_name + LOCK_SUFFIX
    falkordb_store.redis.set(lock, f"{falkordb_store._lock_owner}:earlier-attempt")
    g = sample_graph("v1")
    falkordb_store.write_graph(g)
    assert store_snapshot(falkordb_store) == snapshot(g)
    assert not falkordb_store.redis.exists(lock)


@pytest.mark.parametrize(("query", "params"), [
    ("RETURN $v AS v\x00MATCH (n) RETURN n", {}),
    ("RETURN $v AS v", {"v": "省发改委\x00；DELETE"}),
    ("RETURN $v AS v", {"v": ["a", {"k": "b\x00"}]}),
])
def test_nul_characters_are_refused(falkordb_store: FalkorDBStore, query: str,
                                    params: dict[str, object]) -> None:
    # FalkorDB would cut the text at NUL and run the rest: refuse instead.
    with pytest.raises(QueryError, match="NUL"):
        falkordb_store.read(query, params)


def test_a_query_over_the_memory_cap_is_refused(tmp_path: Path) -> None:
    # The time limit is checked between steps; the memory cap stops a big UNWIND early
    # (80 MB here: a range builds its whole list before the cap is checked).
    with FalkorDBStore(Settings(home=tmp_path, query_memory_mb=16)) as store:
        with pytest.raises(QueryError, match="memory"):
            store.read("UNWIND range(1, 5000000) AS x RETURN count(x) AS n")
        assert store.read("UNWIND range(1, 1000) AS x RETURN count(x) AS n").rows == [{"n": 1000}]


def test_a_graph_longer_than_the_row_limit_loads_whole(
        tmp_path: Path, bundled_graph: nx.MultiDiGraph) -> None:
    """The server cuts user reads at the row limit (5 here); a load's own reads (the
    documents held, every node and edge for the measures) are as long as the graph."""
    with FalkorDBStore(Settings(home=tmp_path, query_row_limit=5)) as store:
        store.write_graph(bundled_graph)
        store.write_graph(bundled_graph)  # replaces the document: it must read it back whole
        count = "MATCH (n) RETURN count(n) AS n"
        assert store.read(count).rows == [{"n": bundled_graph.number_of_nodes()}]
        held = store.read("MATCH (a:Agency) RETURN a.id AS id, a.betweenness AS b",
                          row_limit=1000).rows
        assert {r["id"]: r["b"] for r in held} == {
            n: a["betweenness"] for n, a in bundled_graph.nodes(data=True)
            if "Agency" in a["labels"]}
        # and user reads are cut again after the load
        assert store.read("MATCH (n) RETURN n.id AS id").truncated


def test_statements_started_aside_run_report_their_first_error_and_free_the_connection(
        falkordb_store: FalkorDBStore) -> None:
    """The measures' counts run aside (sent, then waited for) while the betweenness is
    computed: every reply is read, the first error raised, and the pool stays usable."""
    start = falkordb_store._starter(falkordb_store.graph_name)
    start(["CREATE (:Aside {n: 1})", "CREATE (:Aside {n: 2})"])()
    wait = start(["RETURN 1 +", "CREATE (:Aside {n: 3})"])  # a syntax error, then a write
    with pytest.raises(redis.exceptions.ResponseError):
        wait()
    rows = falkordb_store.read("MATCH (a:Aside) RETURN a.n AS n ORDER BY n").rows
    assert [r["n"] for r in rows] == [1, 2, 3]
