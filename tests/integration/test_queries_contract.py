"""The read contract, on every store: read-only, time limit, row limit, parameters."""

from __future__ import annotations

import time

import pytest

from core.errors import QueryError, QueryTimeout, ReadOnlyViolation
from graph.stores.base import GraphStore
from tests.helpers.graph_samples import TRICKY, sample_graph, snapshot, store_snapshot

# ~1 s on FalkorDB, ~3 s on ArcadeDB: far beyond the limits used below.
SLOW = "UNWIND range(1, 5000) AS x UNWIND range(1, 1000) AS y RETURN count(*) AS c"

WRITES = [
    "CREATE (n:Agency {id: 'agency/x', name: 'x'}) RETURN n.id AS id",
    "MATCH (n:Agency) SET n.name = 'changed' RETURN count(n) AS c",
    "MATCH (n) DETACH DELETE n",
    "MERGE (n:Task {id: 'doc-a/task/99'}) RETURN n.id AS id",
    "MATCH (t:Task) REMOVE t.title RETURN count(t) AS c",
    "MATCH (a:Agency), (t:Task) CREATE (a)-[:LEADS]->(t) RETURN count(*) AS c",
]


@pytest.mark.parametrize("write", WRITES)
def test_a_write_through_read_is_refused_and_changes_nothing(store: GraphStore, write: str) -> None:
    g = sample_graph("v1")
    store.write_graph(g)
    with pytest.raises(ReadOnlyViolation):
        store.read(write)
    assert store_snapshot(store) == snapshot(g)


def test_timeout_is_honoured(store: GraphStore) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        store.read(SLOW, timeout_ms=150)
    assert time.monotonic() - started < 2.0


def test_a_fast_query_within_the_timeout_runs(store: GraphStore) -> None:
    assert store.read("UNWIND range(1, 1000) AS x RETURN count(*) AS c",
                      timeout_ms=5000).rows == [{"c": 1000}]


@pytest.mark.parametrize(("limit", "rows", "truncated"), [(10, 10, True), (50, 50, False),
                                                            (49, 49, True), (1000, 50, False)])
def test_row_limit_is_honoured(store: GraphStore, limit: int, rows: int, truncated: bool) -> None:
    result = store.read("UNWIND range(1, 50) AS x RETURN x ORDER BY x", row_limit=limit)
    assert len(result.rows) == rows
    assert result.truncated is truncated
    assert result.rows[0] == {"x": 1}
    assert result.columns == ["x"]


def test_default_row_limit_comes_from_settings(store: GraphStore) -> None:
    settings = store.settings  # type: ignore[attr-defined]
    store.settings = settings.model_copy(update={"query_row_limit": 7})  # type: ignore[attr-defined]
    try:
        result = store.read("UNWIND range(1, 20) AS x RETURN x")
    finally:
        store.settings = settings  # type: ignore[attr-defined]
    assert (len(result.rows), result.truncated) == (7, True)


@pytest.mark.parametrize("value", TRICKY)
def test_string_parameters_round_trip(store: GraphStore, value: str) -> None:
    # (size($v) would differ on 🏛: FalkorDB counts code points, Java UTF-16 units)
    result = store.read("RETURN $v AS v", {"v": value})
    assert result.rows == [{"v": value}]


def test_parameter_values_are_never_code(store: GraphStore) -> None:
    g = sample_graph("v1")
    store.write_graph(g)
    for value in TRICKY:
        rows = store.read("MATCH (a:Agency) WHERE a.name = $name RETURN a.name AS name",
                          {"name": value}).rows
        assert rows == ([{"name": value}] if value == "省发改委" else [])
    assert store_snapshot(store) == snapshot(g)


def test_typed_parameters(store: GraphStore) -> None:
    params = {"i": 2**40, "f": 0.125, "b": True, "n": None, "l": ["a", "乙"], "e": []}
    row = store.read("RETURN $i AS i, $f AS f, $b AS b, $n AS n, $l AS l, $e AS e",
                     params).rows[0]
    assert row == params


def test_bad_cypher_is_a_query_error(store: GraphStore) -> None:
    with pytest.raises(QueryError):
        store.read("MATCH (n RETURN n")


def test_status_counts(store: GraphStore) -> None:
    g = sample_graph("v1")
    store.write_graph(g)
    status = store.status()
    assert status["nodes"] == g.number_of_nodes()
    assert status["relationships"] == g.number_of_edges()
    assert status["store"] == store.name
