"""POST /cypher: read-only, bounded, parameters bound and never pasted into the text."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.config import Settings
from graph.stores.base import GraphStore
from tests.helpers.api import small_limits_client

pytestmark = pytest.mark.falkordb

TRICKY = [
    "国家发展和改革委员会",
    "“双碳”目标：2030年前碳达峰",
    "quote \" and ' single",
    "back\\slash \\n not a newline \\",
    "line1\nline2\r\nline3\ttab",
    "'}) MATCH (n) DETACH DELETE n //",
    '" RETURN 1 //',
    "$p",
    "",
]

WRITES = [
    "CREATE (n:Agency {id: 'agency/x', name: 'x'}) RETURN n",
    "MERGE (n:Agency {id: 'agency/省发改委'}) SET n.name = 'changed'",
    "MATCH (n:Agency) SET n.name = 'changed'",
    "MATCH (n:Task) DETACH DELETE n",
    "MATCH ()-[r:LEADS]->() DELETE r",
    "MATCH (n:Task) REMOVE n.title",
    "MATCH (n:Task {number: 11}) SET n:Changed",
    "CREATE INDEX FOR (n:Agency) ON (n.kind)",
    "CALL db.idx.fulltext.createNodeIndex('Task', 'title')",
    "UNWIND [1, 2] AS i CREATE (:Agency {id: 'agency/' + toString(i)})",
]


def fingerprint(store: GraphStore) -> dict[str, Any]:
    """What a write would change: counts, labels, one name, the indexes."""
    def one(query: str) -> Any:
        return store.read(query).rows

    return {
        "nodes": one("MATCH (n) RETURN count(n) AS n"),
        "relationships": one("MATCH ()-[r]->() RETURN count(r) AS n"),
        "labels": one("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS n ORDER BY l"),
        "names": one("MATCH (a:Agency) RETURN a.name AS name ORDER BY name"),
        "titles": one("MATCH (t:Task) RETURN t.title AS title ORDER BY title"),
        "indexes": one("CALL db.indexes() YIELD label, properties RETURN label, properties "
                       "ORDER BY label"),
    }


def cypher(client: TestClient, query: str, parameters: dict[str, Any] | None = None) -> Any:
    return client.post("/cypher", json={"query": query, "parameters": parameters or {}})


def test_read(api_client: TestClient) -> None:
    body = cypher(api_client, "MATCH (a:Agency {name: $name})-[r]->(t:Task) "
                              "RETURN t.number AS number, type(r) AS relation ORDER BY number",
                  {"name": "省发改委"}).json()
    assert body["columns"] == ["number", "relation"]
    assert [r["number"] for r in body["rows"]] == [1, 2, 4, 6, 7, 8, 12, 13, 19, 20, 36, 40, 44, 49]
    assert body["count"] == 14 and body["truncated"] is False


@pytest.mark.parametrize("query", WRITES)
def test_writes_are_refused(api_client: TestClient, api_store: GraphStore, query: str) -> None:
    before = fingerprint(api_store)
    response = cypher(api_client, query)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] in ("read_only", "query_error")
    assert fingerprint(api_store) == before


@pytest.mark.parametrize("value", TRICKY)
def test_parameters_round_trip(api_client: TestClient, api_store: GraphStore, value: str) -> None:
    before = fingerprint(api_store)
    body = cypher(api_client, "RETURN $p AS p, size($p) AS n", {"p": value}).json()
    assert body["rows"] == [{"p": value, "n": len(value)}]
    assert fingerprint(api_store) == before


def test_parameters_match_values_exactly(api_client: TestClient) -> None:
    # A value that would close the string if it were pasted in matches nothing.
    body = cypher(api_client, "MATCH (a:Agency) WHERE a.name = $name RETURN a.name AS name",
                  {"name": "省发改委' OR 1=1 OR a.name = '"}).json()
    assert body["rows"] == []


def test_nested_parameters(api_client: TestClient) -> None:
    value = {"names": ["省发改委", "a\"b"], "n": 3, "ok": True, "none": None, "x": 2.5}
    assert cypher(api_client, "RETURN $m AS m", {"m": value}).json()["rows"] == [{"m": value}]


@pytest.mark.parametrize("parameters", [
    {"bad name": 1},
    {"p": {"a b": 1}},
    {"p": {"k`": 1}},
    {"x=1 CREATE (n)": 1},
    {"p": 2**70},
    {"p": "a\x00b"},
    {"p": ["ok", {"k": "\x00"}]},
])
def test_bad_parameters(api_client: TestClient, parameters: dict[str, Any]) -> None:
    response = cypher(api_client, "RETURN 1 AS one", parameters)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_parameter"


def test_too_long(api_store: GraphStore, api_settings: Settings) -> None:
    client = small_limits_client(api_store, api_settings, cypher_max_length=100)
    ok = cypher(client, "RETURN 1 AS one")
    assert ok.status_code == 200
    response = cypher(client, "RETURN 1 AS one " + "/" * 200)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "query_too_long"


def test_very_long_with_default_limit(api_client: TestClient) -> None:
    response = cypher(api_client, "RETURN 1 AS one //" + "x" * 1_000_000)
    assert response.status_code == 413


def test_timeout(api_store: GraphStore, api_settings: Settings) -> None:
    client = small_limits_client(api_store, api_settings, query_timeout_ms=50)
    # A cartesian product the server can interrupt (a huge range() is built before any check).
    response = cypher(client, "MATCH (a), (b), (c), (d) RETURN count(*) AS n")
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "query_timeout"
    assert "50 ms" in response.json()["error"]["message"]


def test_row_limit(api_store: GraphStore, api_settings: Settings) -> None:
    client = small_limits_client(api_store, api_settings, query_row_limit=10)
    body = cypher(client, "UNWIND range(1, 50) AS x RETURN x").json()
    assert body["count"] == 10 and body["truncated"] is True
    assert [r["x"] for r in body["rows"]] == list(range(1, 11))


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"query": "MATCH (n RETURN n"}, 400, "query_error"),
    ({"query": "RETURN $missing AS x"}, 400, "query_error"),
    ({"query": "   "}, 422, "invalid_request"),
    ({"parameters": {}}, 422, "invalid_request"),
    ({"query": "RETURN 1", "extra": 1}, 422, "invalid_request"),
    ({"query": 1}, 422, "invalid_request"),
    ({"query": "RETURN 1 AS one\x00 CREATE (n)"}, 422, "invalid_request"),
])
def test_bad_requests(api_client: TestClient, body: dict[str, Any], status: int, code: str) -> None:
    response = api_client.post("/cypher", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


def test_not_json(api_client: TestClient) -> None:
    response = api_client.post("/cypher", content=b"{not json",
                               headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_values_json_lacks(api_client: TestClient) -> None:
    body = cypher(api_client, "RETURN 0.0/0.0 AS nan, 1.0/0.0 AS inf, 'x' AS s").json()
    assert body["rows"] == [{"nan": None, "inf": None, "s": "x"}]


def test_graph_values(api_client: TestClient) -> None:
    row = cypher(api_client, "MATCH (a:Agency {name: '省发改委'})-[r]->(t:Task {number: 1}) "
                             "RETURN a, r").json()["rows"][0]
    assert row["a"]["labels"] == ["Agency"] and row["a"]["properties"]["name"] == "省发改委"
    assert row["r"]["type"] == "LEADS"
