"""Shared fixtures: real servers, started once per session.

* ``falkordb_home``: a KG_HOME whose embedded FalkorDB runs for the whole session
  (attached to the pytest process, stopped at the end); each ``falkordb_store`` uses its
  own graph name, so tests never see each other's data.
* ``bolt_server`` (tests/conftest_bolt.py): ArcadeDB with its Neo4j Bolt plugin. It has
  one database, so ``bolt_store`` empties it before each test.
* ``neo4j_store``: a real Neo4j when ``KG_TEST_NEO4J_URI`` is set (user, password and
  database from ``KG_TEST_NEO4J_USER`` / ``_PASSWORD`` / ``_DATABASE``), skipped otherwise.
  The tests EMPTY that database: point it at a throw-away one.
* ``store``: parametrized over every backend above (a test runs once per store).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from core.config import Settings, get_settings
from graph.stores.base import GraphStore
from graph.stores.falkordb_server import FalkorDBServer

try:  # the Bolt test server fixture, built alongside
    from tests.conftest_bolt import bolt_server
except ImportError:  # pragma: no cover
    @pytest.fixture(scope="session")
    def bolt_server() -> None:  # type: ignore[misc]
        pytest.skip("tests/conftest_bolt.py is not available")


STORE_BACKENDS = ("falkordb", "bolt", "neo4j")
# Starlette's TestClient sends "Host: testserver"; the API answers loopback names only.
os.environ.setdefault("KG_API_ALLOWED_HOSTS", "testserver")


@pytest.fixture(scope="session", autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test touches the user's own store: KG_HOME (read by commands run in-process and
    by subprocesses) points into the session's temporary directory unless a test sets it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KG_HOME", str(tmp_path_factory.mktemp("kg-default-home")))
        yield


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    """get_settings() is cached per process: tests that change KG_* see their values."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def falkordb_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("kg-home")
    server = FalkorDBServer.from_settings(Settings(home=home))  # with every bound
    server.ensure_running("attached")
    yield home
    server.stop()


def falkordb_settings(home: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"home": home, "graph": f"t_{uuid.uuid4().hex[:12]}"}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def falkordb_store(falkordb_home: Path) -> Iterator[GraphStore]:
    from graph.stores.falkordb_store import FalkorDBStore

    store = FalkorDBStore(falkordb_settings(falkordb_home))
    yield store
    store.drop()
    store.close()


def bolt_settings(server: object, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "store": "neo4j",
        "neo4j_uri": server.uri,  # type: ignore[attr-defined]
        "neo4j_user": server.user,  # type: ignore[attr-defined]
        "neo4j_password": server.password,  # type: ignore[attr-defined]
        "neo4j_database": server.database,  # type: ignore[attr-defined]
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def bolt_store(bolt_server: object) -> Iterator[GraphStore]:
    from graph.stores.neo4j_store import Neo4jStore

    store = Neo4jStore(bolt_settings(bolt_server))
    store.drop()
    yield store
    store.close()


def neo4j_settings(**overrides: object) -> Settings | None:
    uri = os.environ.get("KG_TEST_NEO4J_URI")
    if not uri:
        return None
    values: dict[str, object] = {
        "store": "neo4j",
        "neo4j_uri": uri,
        "neo4j_user": os.environ.get("KG_TEST_NEO4J_USER", "neo4j"),
        "neo4j_password": os.environ.get("KG_TEST_NEO4J_PASSWORD", ""),
        "neo4j_database": os.environ.get("KG_TEST_NEO4J_DATABASE") or None,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def neo4j_store() -> Iterator[GraphStore]:
    settings = neo4j_settings()
    if settings is None:
        pytest.skip("set KG_TEST_NEO4J_URI to test against a real Neo4j")
    from graph.stores.neo4j_store import Neo4jStore

    store = Neo4jStore(settings)
    store.drop()
    yield store
    store.close()


@pytest.fixture(params=STORE_BACKENDS)
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Every backend in turn: embedded FalkorDB, the ArcadeDB Bolt server, real Neo4j."""
    fixture = {"falkordb": "falkordb_store", "bolt": "bolt_store", "neo4j": "neo4j_store"}
    result: GraphStore = request.getfixturevalue(fixture[request.param])
    return result


@pytest.fixture(scope="session")
def bundled_graph() -> nx.MultiDiGraph:
    from graph.build import load_graph

    return load_graph()


_MARKS = {"falkordb": ("falkordb_store", "falkordb_home"), "bolt": ("bolt_store", "bolt_server"),
          "neo4j": ("neo4j_store",)}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by the servers they use (``-m "not bolt"`` skips the JVM)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("store") if callspec is not None else None
        for mark, names in _MARKS.items():
            if backend == mark or (backend is None and fixtures & set(names)):
                item.add_marker(getattr(pytest.mark, mark))
