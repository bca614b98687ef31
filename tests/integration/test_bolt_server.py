"""The ArcadeDB Bolt test server speaks enough Neo4j Cypher for the Neo4j store.

Runs the official ``neo4j`` driver against the session fixture ``bolt_server``
(tests/helpers/bolt.py). Skipped when arcadedb-embedded is not installed.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.helpers.bolt import BoltServer

neo4j = pytest.importorskip("neo4j")

pytestmark = pytest.mark.bolt

TRICKY = [
    "国家发展和改革委员会",
    "“双碳”目标：2030年前碳达峰",
    "quote \" and ' single",
    "back\\slash \\n not a newline",
    "line1\nline2\r\nline3\ttab",
    "emoji 🚄 and NUL-free unicode ①②③",
    "",
]


@pytest.fixture
def driver(bolt_server: BoltServer):
    drv = neo4j.GraphDatabase.driver(bolt_server.uri, auth=bolt_server.auth)
    try:
        yield drv
    finally:
        drv.close()


@pytest.fixture
def tag() -> str:
    """A per-test label suffix so tests sharing the session server do not collide."""
    return uuid.uuid4().hex[:8]


def test_fixture_api(bolt_server: BoltServer) -> None:
    assert bolt_server.uri == f"bolt://127.0.0.1:{bolt_server.port}"
    assert bolt_server.user == "root"
    assert len(bolt_server.password) >= 8
    assert bolt_server.database == "kg"
    with bolt_server.driver() as drv:
        drv.verify_connectivity()
        recs, _, _ = drv.execute_query("RETURN 1 AS one", database_=bolt_server.database)
        assert recs[0]["one"] == 1


def test_cypher_round_trip(bolt_server: BoltServer, driver, tag: str) -> None:
    db = bolt_server.database
    agency, task = f"Agency_{tag}", f"Task_{tag}"

    # Constraint DDL, idempotent.
    for _ in range(2):
        driver.execute_query(
            f"CREATE CONSTRAINT {agency.lower()}_id IF NOT EXISTS "
            f"FOR (n:{agency}) REQUIRE n.id IS UNIQUE",
            database_=db,
        )
    driver.execute_query(
        f"CREATE CONSTRAINT IF NOT EXISTS FOR (n:{task}) REQUIRE n.id IS UNIQUE", database_=db
    )

    rows: list[dict[str, Any]] = [
        {"id": f"a{i}", "props": {"name": s, "aliases": [s, "别名"], "codes": [i, i * 10, -1]}}
        for i, s in enumerate(TRICKY)
    ]

    def load(tx, rows):
        return tx.run(
            f"UNWIND $rows AS row MERGE (n:{agency} {{id: row.id}}) SET n += row.props "
            "RETURN count(n) AS c",
            rows=rows,
        ).single()["c"]

    with driver.session(database=db) as ses:
        assert ses.execute_write(load, rows) == len(rows)
        assert ses.execute_write(load, rows) == len(rows)  # MERGE again: no duplicates

        def link(tx):
            rec = tx.run(
                f"MERGE (t:{task} {{id: $tid}}) MERGE (a:{agency} {{id: $aid}}) "
                "MERGE (t)-[r:LED_BY]->(a) SET r.role = $role "
                "RETURN type(r) AS t, labels(t) AS lt, labels(a) AS la",
                tid="t1",
                aid="a0",
                role="牵头",
            ).single()
            return rec["t"], rec["lt"], rec["la"]

        for _ in range(2):
            assert ses.execute_write(link) == ("LED_BY", [task], [agency])
        ses.execute_write(
            lambda tx: tx.run(
                f"MERGE (t:{task} {{id: 't2'}}) MERGE (a:{agency} {{id: 'a1'}}) "
                "MERGE (t)-[:SUPPORTED_BY]->(a)"
            ).consume()
        )

        def read_all(tx):
            return [
                r.data()
                for r in tx.run(
                    f"MATCH (n:{agency}) RETURN n.id AS id, n.name AS name, "
                    "n.aliases AS aliases, n.codes AS codes ORDER BY id"
                )
            ]

        got = ses.execute_read(read_all)
    assert [g["id"] for g in got] == sorted(r["id"] for r in rows)
    by_id = {g["id"]: g for g in got}
    for r in rows:
        g = by_id[r["id"]]
        assert g["name"] == r["props"]["name"]  # exact round trip
        assert g["aliases"] == r["props"]["aliases"]
        assert g["codes"] == r["props"]["codes"]
        assert all(type(c) is int for c in g["codes"])

    # Parameters compared on the server side too (not only stored and read back).
    recs, _, _ = driver.execute_query(
        f"UNWIND $names AS s MATCH (n:{agency}) WHERE n.name = s RETURN count(n) AS c",
        names=TRICKY,
        database_=db,
        routing_=neo4j.RoutingControl.READ,
    )
    assert recs[0]["c"] == len(TRICKY)

    # Relationship count after two identical MERGEs.
    recs, _, _ = driver.execute_query(
        f"MATCH (:{task})-[r:LED_BY]->(:{agency}) RETURN count(r) AS c, type(r) AS t",
        database_=db,
    )
    assert (recs[0]["c"], recs[0]["t"]) == (1, "LED_BY")

    # OPTIONAL MATCH, collect(DISTINCT), size(), ORDER BY, coalesce.
    recs, _, _ = driver.execute_query(
        f"MATCH (a:{agency}) OPTIONAL MATCH (t:{task})-[r]->(a) "
        "WITH a, collect(DISTINCT t.id) AS tasks, collect(DISTINCT type(r)) AS rels "
        "RETURN a.id AS id, tasks, size(tasks) AS n, rels, coalesce(a.missing, 'none') AS dflt "
        "ORDER BY n DESC, id ASC",
        database_=db,
    )
    top = [r.data() for r in recs]
    assert top[0] == {"id": "a0", "tasks": ["t1"], "n": 1, "rels": ["LED_BY"], "dflt": "none"}
    assert top[1] == {"id": "a1", "tasks": ["t2"], "n": 1, "rels": ["SUPPORTED_BY"], "dflt": "none"}
    assert all(r["n"] == 0 and r["tasks"] == [] for r in top[2:])
    assert len(top) == len(rows)

    # toLower / CONTAINS, on Latin and Chinese text.
    recs, _, _ = driver.execute_query(
        f"MATCH (n:{agency}) WHERE toLower(n.name) CONTAINS toLower($q) "
        "RETURN n.id AS id ORDER BY id",
        q="QUOTE",
        database_=db,
    )
    assert [r["id"] for r in recs] == ["a2"]
    recs, _, _ = driver.execute_query(
        f"MATCH (n:{agency}) WHERE n.name CONTAINS $q RETURN collect(n.id) AS ids",
        q="发展",
        database_=db,
    )
    assert recs[0]["ids"] == ["a0"]

    # count() with grouping.
    recs, _, _ = driver.execute_query(
        f"MATCH (t:{task})-[r]->(a:{agency}) RETURN type(r) AS t, count(*) AS c ORDER BY t",
        database_=db,
    )
    assert [(r["t"], r["c"]) for r in recs] == [("LED_BY", 1), ("SUPPORTED_BY", 1)]

    # Parameters as maps with nested lists / maps.
    recs, _, _ = driver.execute_query(
        "RETURN $m.a AS a, $m.b.c AS c, size($m.b.c) AS n",
        m={"a": 1, "b": {"c": [1, "二"]}},
        database_=db,
    )
    assert recs[0].data() == {"a": 1, "c": [1, "二"], "n": 2}

    # The uniqueness constraint is enforced.
    with pytest.raises(neo4j.exceptions.ConstraintError):
        driver.execute_query(f"CREATE (:{agency} {{id: 'a0'}})", database_=db)

    # DETACH DELETE removes nodes and their relationships.
    driver.execute_query(f"MATCH (n:{agency} {{id: 'a0'}}) DETACH DELETE n", database_=db)
    recs, _, _ = driver.execute_query(
        f"MATCH (n:{agency}) WITH count(n) AS nodes "
        f"OPTIONAL MATCH (:{task})-[r:LED_BY]->() RETURN nodes, count(r) AS rels",
        database_=db,
    )
    assert (recs[0]["nodes"], recs[0]["rels"]) == (len(rows) - 1, 0)
    driver.execute_query(f"MATCH (n) WHERE n:{agency} OR n:{task} DETACH DELETE n", database_=db)
    recs, _, _ = driver.execute_query(
        f"MATCH (n) WHERE n:{agency} OR n:{task} RETURN count(n) AS c", database_=db
    )
    assert recs[0]["c"] == 0


def test_failed_write_transaction_rolls_back(bolt_server: BoltServer, driver, tag) -> None:
    label = f"Tmp_{tag}"

    def bad(tx):
        tx.run(f"CREATE (:{label} {{id: 1}})").consume()
        tx.run("RETURN 1/0 AS boom").consume()

    with (
        driver.session(database=bolt_server.database) as ses,
        pytest.raises(neo4j.exceptions.ClientError),
    ):
        ses.execute_write(bad)
    recs, _, _ = driver.execute_query(
        f"MATCH (n:{label}) RETURN count(n) AS c", database_=bolt_server.database
    )
    assert recs[0]["c"] == 0


def test_routing_scheme_read(bolt_server: BoltServer) -> None:
    uri = bolt_server.uri.replace("bolt://", "neo4j://")
    with (
        neo4j.GraphDatabase.driver(uri, auth=bolt_server.auth) as drv,
        drv.session(database=bolt_server.database, default_access_mode=neo4j.READ_ACCESS) as ses,
    ):
        assert ses.execute_read(lambda tx: tx.run("RETURN 7 AS x").single()["x"]) == 7
