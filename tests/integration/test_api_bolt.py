"""The API gives the same answers over the Neo4j store (on the ArcadeDB Bolt test server)
as over the embedded FalkorDB: the ``api_*`` queries run unchanged on both backends.

Skipped when arcadedb-embedded is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.helpers.bolt import BoltServer
from tests.helpers.stores import bolt_settings

pytestmark = [pytest.mark.bolt, pytest.mark.falkordb]

URLS = [
    "/documents",
    "/tasks?limit=100",
    "/tasks/doc-2015-5fcb5c5c/task/11",
    "/tasks?agency=发改委",
    "/tasks?relation=COOPERATES_ON&q=平台",
    "/agencies?limit=100",
    "/agencies/agency/省发改委",
    "/agencies?kind=collective",
    "/infrastructure?limit=100",
    "/infrastructure/infra/政务云平台",
    "/graph?around=agency/省数字办&depth=2",
    "/graph",
    "/queries/tasks_by_agency?agency=发改委",
    "/tasks/doc-2015-5fcb5c5c/task/999",
]


@pytest.fixture(scope="module")
def bolt_client(bolt_server: BoltServer, bundled_graph: nx.MultiDiGraph) -> Iterator[TestClient]:
    from graph.stores.neo4j_store import Neo4jStore

    settings = bolt_settings(bolt_server)
    store = Neo4jStore(settings)
    try:
        store.drop()  # the server has one database, shared by the session's tests
        store.write_graph(bundled_graph)
        yield TestClient(create_app(settings, store))
    finally:
        store.close()


def comparable(value: Any) -> Any:
    """Floats to 6 digits (FalkorDB replies with 15 significant digits); the node and link
    lists of /graph in id order (their order is the backend's)."""
    if isinstance(value, dict):
        out = {k: comparable(v) for k, v in value.items()}
        for key in ("nodes", "links"):
            if isinstance(out.get(key), list):
                out[key] = sorted(out[key], key=repr)
        return out
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


@pytest.mark.parametrize("url", URLS)
def test_same_answers(url: str, api_client: TestClient, bolt_client: TestClient) -> None:
    falkor, bolt = api_client.get(url), bolt_client.get(url)
    assert falkor.status_code == bolt.status_code
    assert comparable(bolt.json()) == comparable(falkor.json())


def test_health(bolt_client: TestClient) -> None:
    body = bolt_client.get("/health").json()
    assert body["store"] == "neo4j" and body["documents"] == 1
