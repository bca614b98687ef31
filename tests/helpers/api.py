"""Clients on the HTTP app for tests that need other limits than the session's app."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from core.config import Settings
from graph.stores.base import GraphStore


def small_limits_client(store: GraphStore, settings: Settings, **limits: int) -> TestClient:
    """A client on an app sharing ``store`` but with other limits (row, length, time)."""
    return TestClient(create_app(settings.model_copy(update=limits), store))
