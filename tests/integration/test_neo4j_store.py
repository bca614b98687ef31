"""Neo4j-store specifics, on the ArcadeDB Bolt server (and a real Neo4j when configured)."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from core.errors import QueryTimeout, StoreError
from graph.stores.base import GraphStore
from graph.stores.neo4j_store import Neo4jStore
from queries.catalog import public_queries, run_query
from tests.helpers.graph_samples import sample_graph, snapshot, store_snapshot
from tests.helpers.stores import bolt_settings, falkordb_settings, same_rows


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_server_is_one_clear_error(bolt_server: Any) -> None:
    settings = bolt_settings(bolt_server, neo4j_uri=f"bolt://127.0.0.1:{_closed_port()}")
    with pytest.raises(StoreError, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1"):
        Neo4jStore(settings)


def test_a_wrong_password_is_refused(bolt_server: Any) -> None:
    with pytest.raises(StoreError, match="cannot reach Neo4j"):
        Neo4jStore(bolt_settings(bolt_server, neo4j_password="wrong-password"))


def test_neo4j_scheme_routes_reads_and_writes(bolt_server: Any, bolt_store: GraphStore) -> None:
    uri = bolt_server.uri.replace("bolt://", "neo4j://")
    with Neo4jStore(bolt_settings(bolt_server, neo4j_uri=uri)) as routed:
        g = sample_graph("v1")
        routed.write_graph(g)
        assert store_snapshot(routed) == snapshot(g)


def test_constraints_exist_for_every_label(bolt_store: Neo4jStore) -> None:
    bolt_store.write_graph(sample_graph("v1"))
    rows = bolt_store.driver.execute_query("SHOW CONSTRAINTS",
                                           database_=bolt_store.database).records
    labels = {r["labelsOrTypes"][0] for r in rows if r["properties"] == ["id"]}
    assert labels >= {"Document", "Section", "Task", "Agency", "Infrastructure"}


def test_a_server_side_failure_rolls_the_whole_load_back(bolt_store: Neo4jStore) -> None:
    # a map-valued property is refused by the server (CypherTypeError) when the agencies
    # are written, after the removals and the document's nodes already ran
    g = sample_graph("v1")
    bolt_store.write_graph(g)
    before = store_snapshot(bolt_store)
    bad = sample_graph("v2")
    bad.nodes["agency/省工信厅"]["meta"] = {"not": "a property value"}
    with pytest.raises(StoreError, match="unchanged"):
        bolt_store.write_graph(bad)
    assert store_snapshot(bolt_store) == before


def test_an_abandoned_slow_read_does_not_block_the_next(bolt_store: Neo4jStore) -> None:
    slow = "UNWIND range(1, 5000) AS x UNWIND range(1, 1000) AS y RETURN count(*) AS c"
    with pytest.raises(QueryTimeout):
        bolt_store.read(slow, timeout_ms=100)
    started = time.monotonic()
    assert bolt_store.read("RETURN 1 AS one").rows == [{"one": 1}]
    assert time.monotonic() - started < 2.0


def test_nodes_and_relationships_come_back_as_plain_values(bolt_store: Neo4jStore) -> None:
    bolt_store.write_graph(sample_graph("v1"))
    row = bolt_store.read(
        "MATCH p = (a:Agency {name: '省发改委'})-[r:LEADS]->(t:Task {number: 1}) "
        "WHERE t.document_id = 'doc-a' RETURN a, r, p").rows[0]
    assert row["a"]["labels"] == ["Agency"] and row["a"]["properties"]["name"] == "省发改委"
    assert row["r"] == {"type": "LEADS", "properties": {
        "verb": "负责", "occurrences": 1, "evidence": ["100-108"], "quotes": ["（负责）"]}}
    assert [n["properties"]["id"] for n in row["p"]["nodes"]] == ["agency/省发改委",
                                                                  "doc-a/task/1"]


def test_real_neo4j_gives_the_same_rows_as_falkordb(
    neo4j_store: Neo4jStore, falkordb_home: Path, bundled_graph: nx.MultiDiGraph
) -> None:
    """Only with KG_TEST_NEO4J_URI (the neo4j_store fixture skips otherwise)."""
    from graph.stores.falkordb_store import FalkorDBStore

    neo4j_store.write_graph(bundled_graph)
    assert store_snapshot(neo4j_store) == snapshot(bundled_graph)
    with FalkorDBStore(falkordb_settings(falkordb_home)) as falkor:
        falkor.write_graph(bundled_graph)
        try:
            for name, query in public_queries().items():
                for example in query.examples:
                    a = run_query(falkor, name, example, row_limit=5000).rows
                    b = run_query(neo4j_store, name, example, row_limit=5000).rows
                    assert same_rows(a, b), (name, example)
        finally:
            falkor.drop()
