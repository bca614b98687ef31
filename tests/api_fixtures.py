"""Fixtures of the HTTP API tests: the app over a real embedded FalkorDB holding the
bundled document (the session's server from tests/conftest.py, a graph of its own), and a
TestClient on it.

Import them into a test module (the functions carry a ``_fixture`` suffix so that test
parameters named after the fixtures do not shadow the imports)::

    from tests.api_fixtures import api_client_fixture, api_store_fixture  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from core.config import Settings
from graph.stores.base import GraphStore
from tests.conftest import falkordb_settings


@pytest.fixture(scope="session", name="api_settings")
def api_settings_fixture(falkordb_home: Path) -> Settings:
    return falkordb_settings(falkordb_home)


@pytest.fixture(scope="session", name="api_store")
def api_store_fixture(api_settings: Settings, bundled_graph: nx.MultiDiGraph) -> Iterator[GraphStore]:
    """The bundled document in the embedded FalkorDB (the API tests only read it)."""
    from graph.stores.falkordb_store import FalkorDBStore

    store = FalkorDBStore(api_settings)
    store.write_graph(bundled_graph)
    try:
        yield store
    finally:
        store.drop()
        store.close()


@pytest.fixture(scope="session", name="api_app")
def api_app_fixture(api_settings: Settings, api_store: GraphStore) -> FastAPI:
    return create_app(api_settings, api_store)


@pytest.fixture(scope="session", name="api_client")
def api_client_fixture(api_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(api_app) as client:
        yield client


def small_limits_client(store: GraphStore, settings: Settings, **limits: int) -> TestClient:
    """A client on an app sharing ``store`` but with other limits (row, length, time)."""
    return TestClient(create_app(settings.model_copy(update=limits), store))
