"""Stores by name: ``falkordb`` (embedded, default) and ``neo4j``.

>>> from graph.stores.registry import store_names
>>> store_names()
['falkordb', 'neo4j']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from graph.settings import Settings, get_settings
from graph.stores.base import GraphStore, StoreError

Factory = Callable[[Settings], GraphStore]


def _falkordb(settings: Settings) -> GraphStore:
    from graph.stores.falkordb_store import FalkorDBStore

    return FalkorDBStore(settings)


def _neo4j(settings: Settings) -> GraphStore:
    from graph.stores.neo4j_store import Neo4jStore

    return Neo4jStore(settings)


# Imports stay inside the factories: opening one backend never loads the other's driver.
_FACTORIES: Final[dict[str, Factory]] = {"falkordb": _falkordb, "neo4j": _neo4j}


def register(name: str, factory: Factory) -> None:
    """Add a backend (tests use it for fakes)."""
    _FACTORIES[name] = factory


def store_names() -> list[str]:
    return sorted(_FACTORIES)


def open_store(settings: Settings | None = None, name: str | None = None) -> GraphStore:
    """Open the store named ``name`` (default: ``settings.store``); the caller closes it."""
    settings = settings or get_settings()
    chosen = name or settings.store
    try:
        factory = _FACTORIES[chosen]
    except KeyError:
        raise StoreError(
            f"unknown store {chosen!r}; choose one of {', '.join(store_names())}"
        ) from None
    return factory(settings)
