"""The HTTP API under attack: health that never queues behind queries, a bound on ad-hoc
queries at once, on request and response sizes, on Host names, no paths in errors, and
exports built once per change of the graph.

What needs real concurrency runs against uvicorn on a loopback port (one server for the
module, over the session's embedded FalkorDB); the rest uses the in-process TestClient.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.health import FRESH_S
from core.config import Settings
from graph.stores.base import GraphStore
from graph.stores.falkordb_server import FalkorDBServer
from graph.stores.falkordb_store import FalkorDBStore
from tests.helpers.api import small_limits_client
from tests.helpers.paths import ROOT
from tests.helpers.serve import free_port, http_get, http_post, serving
from tests.helpers.stores import falkordb_settings, graph_reads

pytestmark = [pytest.mark.falkordb, pytest.mark.slow]
SLOW = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n"
LIMITS = {"KG_QUERY_TIMEOUT_MS": "1500", "KG_CYPHER_MAX_CONCURRENT": "2",
          "KG_HEALTH_TIMEOUT_MS": "500", "KG_REQUEST_MAX_BYTES": "65536"}


@pytest.fixture(scope="module")
def served(falkordb_home: Path, bundled_graph: nx.MultiDiGraph) -> Iterator[tuple[str, FalkorDBStore]]:
    """uvicorn serving the bundled document from a graph of its own; the store beside it."""
    settings = falkordb_settings(falkordb_home)
    store = FalkorDBStore(settings)
    store.write_graph(bundled_graph)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_HOME": str(falkordb_home),
           "KG_GRAPH": settings.graph, **LIMITS}
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
               "--no-access-log"]
    try:
        with serving(command, cwd=ROOT, env=env, port=port, stop=signal.SIGTERM,
                     capture=False) as (_, url):
            yield url, store
    finally:
        store.drop()
        store.close()


def _post(url: str, query: str) -> httpx.Response:
    return http_post(url + "/cypher", json={"query": query}, timeout=60)


# --- item 4: health never queues behind queries; ad-hoc queries are bounded ----------------


def test_slow_queries_neither_pile_up_nor_starve_health(served: tuple[str, FalkorDBStore]) -> None:
    url, _ = served
    with ThreadPoolExecutor(max_workers=6) as pool:
        slow = [pool.submit(_post, url, SLOW) for _ in range(6)]
        time.sleep(0.3)  # they are all in
        live = http_get(url + "/health/live", timeout=10)
        ready = http_get(url + "/health", timeout=10)
        answers = [f.result() for f in slow]
    assert live.status_code == 200 and live.json()["status"] == "alive"
    assert ready.status_code in (200, 503) and ready.json()["status"] in ("ok", "degraded")
    busy = [a for a in answers if a.status_code == 503]
    # cypher_max_concurrent=2: the other four were turned away at once, not queued.
    assert len(busy) >= 4, [a.status_code for a in answers]
    for answer in busy:
        assert answer.json()["error"]["code"] == "busy" and answer.headers["retry-after"] == "1"
    assert {a.status_code for a in answers} <= {503, 504}
    assert _post(url, "RETURN 1 AS one").json()["rows"] == [{"one": 1}]  # the slots are back


def test_readiness_answers_when_the_store_does_not(served: tuple[str, FalkorDBStore],
                                                   falkordb_home: Path) -> None:
    url, _ = served
    pid = FalkorDBServer(Settings(home=falkordb_home).falkordb_dir).read_pid()
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(FRESH_S + 0.1)  # the check the fixture's own wait made is no longer fresh
        ready = http_get(url + "/health", timeout=20)
        live = http_get(url + "/health/live", timeout=20)
    finally:
        os.kill(pid, signal.SIGCONT)
    assert ready.status_code == 503
    assert "did not answer within 500 ms" in ready.json()["detail"]
    assert live.status_code == 200


# --- item 5: request and response sizes ----------------------------------------------------


def test_request_bodies_are_bounded(served: tuple[str, FalkorDBStore]) -> None:
    url, _ = served
    big = b'{"query": "RETURN 1 AS one", "parameters": {"x": "' + b"a" * 100_000 + b'"}}'
    response = http_post(url + "/cypher", content=big, timeout=30,
                          headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "request_max_bytes" in response.json()["error"]["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield big[:50_000]
        yield big[50_000:]

    response = http_post(url + "/cypher", content=chunks(), timeout=30,
                          headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_a_result_over_the_size_limit_is_refused(api_store: GraphStore, api_settings: Settings) -> None:
    client = small_limits_client(api_store, api_settings, result_max_mb=1)
    # 100 rows of about 17 KB: far under the row limit, over 1 MB (the server drops 16 MB).
    response = client.post("/cypher", json={
        "query": "UNWIND range(1, 100) AS x RETURN [y IN range(1, 600) | 'abcdefghijklmnopqrstuvwxyz'] AS s"})
    assert response.status_code == 422, response.status_code
    error = response.json()["error"]
    assert error["code"] == "result_too_large" and "result_max_mb" in error["message"]


def test_a_reply_the_server_drops_is_refused_too(api_client: TestClient) -> None:
    # About 20 MB in one value; the server drops replies over 16 MB (the default) before
    # sending. (A list of strings: FalkorDB 4.16 crashed, now and then, joining one string
    # that long.)
    response = api_client.post("/cypher", json={
        "query": "RETURN [x IN range(1, 700) | [y IN range(1, 1000) | 'abcdefghijklmnopqrstuvwxyz']] AS s"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "result_too_large"
    assert api_client.post("/cypher", json={"query": "RETURN 1 AS one"}).status_code == 200


def test_named_queries_answer_as_before(api_client: TestClient) -> None:
    body = api_client.get("/queries/tasks_by_agency", params={"agency": "发改委"}).json()
    assert body["count"] == 14 and not body["truncated"]


# --- item 9: Host names, paths --------------------------------------------------------------


@pytest.mark.parametrize(("host", "status"), [
    ("evil.example", 400), ("evil.example:8000", 400), ("127.0.0.1.evil.example", 400),
    ("localhost", 200), ("localhost:8000", 200), ("127.0.0.1:8000", 200), ("[::1]:8000", 200),
    ("plans.internal", 200),
])
def test_host_names(api_store: GraphStore, api_settings: Settings, host: str, status: int) -> None:
    settings = api_settings.model_copy(update={"api_allowed_hosts": ["plans.internal"]})
    with TestClient(create_app(settings, api_store)) as client:
        response = client.get("/health/live", headers={"host": host})
    assert response.status_code == status
    if status == 400:
        assert response.json()["error"]["code"] == "host_not_allowed"


def test_a_foreign_host_is_refused_by_the_live_server(served: tuple[str, FalkorDBStore]) -> None:
    url, _ = served
    response = http_get(url + "/health", headers={"host": "rebound.example"}, timeout=10)
    assert response.status_code == 400


def test_errors_do_not_show_paths(tmp_path: Path) -> None:
    # A server that cannot start (its data file is damaged) is a store that is down.
    data_dir = tmp_path / "falkordb"
    data_dir.mkdir()
    (data_dir / "falkordb.rdb").write_bytes(b"REDIS0011 not really")
    with TestClient(create_app(Settings(home=tmp_path))) as client:
        health = client.get("/health")
        tasks = client.get("/tasks")
    assert health.status_code == 503 and tasks.status_code == 503
    for text in (health.text, tasks.text):
        assert str(tmp_path) not in text and "falkordb.log" not in text, text


# --- item 10: exports built once per change ------------------------------------------------


def test_concurrent_exports_build_once(served: tuple[str, FalkorDBStore]) -> None:
    url, store = served
    before = graph_reads(store)
    alone = http_get(url + "/export/nt", timeout=120)
    assert alone.status_code == 200
    one_build = graph_reads(store) - before
    assert one_build > 0

    before = graph_reads(store)
    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(lambda _: http_get(url + "/export/jsonld", timeout=120), range(5)))
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert graph_reads(store) - before == one_build  # five requests, one build

    before = graph_reads(store)
    again = http_get(url + "/export/jsonld", timeout=120)
    assert again.content == answers[0].content
    assert graph_reads(store) - before == 0  # unchanged graph: the store is not read


def test_an_export_follows_the_graph(falkordb_store: GraphStore, api_settings: Settings,
                                     bundled_graph: nx.MultiDiGraph) -> None:
    falkordb_store.write_graph(bundled_graph)
    with TestClient(create_app(api_settings, falkordb_store)) as client:
        first = client.get("/export/nt")
        assert first.status_code == 200
        assert first.headers["content-disposition"] == 'attachment; filename="graph.nt"'
        g = nx.MultiDiGraph()
        g.add_node("agency/新机构", labels=("Agency",), id="agency/新机构", name="新机构")
        falkordb_store.write_graph(g)
        second = client.get("/export/nt")
    assert "新机构" not in first.text and "新机构" in second.text
