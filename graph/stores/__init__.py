"""Graph stores: one protocol (:class:`graph.stores.base.GraphStore`), implementations
registered by name here — the one list every other part derives from (the ``store`` setting
is checked against it, ``--store`` help lists it, the tests parametrize over it).

>>> store_names()
['falkordb', 'neo4j']

Adding a store: see ``graph/stores/README.md``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Final

from core.config import Settings, get_settings
from core.errors import InputError, StoreError
from graph.stores.base import GraphStore


@dataclass(frozen=True)
class StoreEntry:
    name: str
    description: str
    # "module:Class"; imported on open, so opening one backend never loads another's driver.
    target: str


STORES: Final[dict[str, StoreEntry]] = {e.name: e for e in (
    StoreEntry("falkordb", "embedded FalkorDB started by kg (the default)",
               "graph.stores.falkordb_store:FalkorDBStore"),
    StoreEntry("neo4j", "a Neo4j server (bolt:// or neo4j://, Aura)",
               "graph.stores.neo4j_store:Neo4jStore"),
)}


def store_names() -> list[str]:
    return sorted(STORES)


def check_store_name(name: str) -> str:
    """``name`` when a store of that name is registered; :class:`InputError` otherwise."""
    if name not in STORES:
        raise InputError(f"unknown store {name!r}; choose one of {', '.join(store_names())}")
    return name


def open_store(settings: Settings | None = None, name: str | None = None) -> GraphStore:
    """Open the store named ``name`` (default: ``settings.store``); the caller closes it."""
    settings = settings or get_settings()
    chosen = name or settings.store
    entry = STORES.get(chosen)
    if entry is None:
        raise StoreError(f"unknown store {chosen!r} (setting store, KG_STORE); choose one of "
                         f"{', '.join(store_names())}")
    module, _, cls = entry.target.partition(":")
    store: GraphStore = getattr(importlib.import_module(module), cls)(settings)
    return store
