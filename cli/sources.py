"""Where a command's graph comes from: the store, as for the HTTP API (the default), or the
files named on the command line (``--from PATH…``), which are read without being loaded.

A store that holds no document is said so on stderr; commands that need a graph then read
the bundled plan, and say that too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cli.base import note

if TYPE_CHECKING:
    import networkx as nx

    from core.config import Settings
    from graph.stores.base import GraphStore


def store_location(settings: Settings) -> str:
    """The store a command uses, as people name it: a directory or a server."""
    if settings.store == "falkordb":
        return str(settings.home)
    database = settings.neo4j_database or "default database"
    return f"{settings.neo4j_uri} ({database})"


def empty_message(settings: Settings, then: str = "run kg load") -> str:
    return f"store at {store_location(settings)} holds no documents; {then}"


def document_count(store: GraphStore) -> int:
    from queries.catalog import bind_params, get_query

    query = get_query("api_documents_count")
    rows = store.read(query.text, bind_params(query, {})).rows
    return int(rows[0]["total"]) if rows else 0


def warn_if_empty(store: GraphStore, settings: Settings) -> bool:
    """Say on stderr when ``store`` holds no document; True when it holds some."""
    if document_count(store) > 0:
        return True
    note(empty_message(settings))
    return False


def surely_empty(settings: Settings) -> bool:
    """True when the embedded store has certainly never held anything (no server runs and
    no data file exists): then it need not be started to learn that it is empty."""
    if settings.store != "falkordb":
        return False
    from graph.stores.falkordb_server import FalkorDBServer

    server = FalkorDBServer(settings.falkordb_dir)
    return server.running_pid() is None and not server.rdb_path.exists()


def files_graph(paths: list[Path]) -> nx.MultiDiGraph:
    """One graph of the given work-plan files (agencies and infrastructure merged)."""
    from graph.build import build_graph
    from loaders import read_document

    return build_graph([read_document(p) for p in paths])


def read_graph(paths: list[Path] | None, settings: Settings | None = None) -> nx.MultiDiGraph:
    """The graph a command works on: the files in ``paths`` when there are any, else the
    store's whole contents, else (an empty store) the bundled plan."""
    if paths:
        return files_graph(paths)
    from core.config import get_settings

    settings = settings or get_settings()
    if not surely_empty(settings):
        from api.reads import store_graph
        from cli.base import open_store

        store = open_store(settings)
        try:
            if document_count(store) > 0:
                return store_graph(store, settings.query_row_limit)
        finally:
            store.close()
    note(empty_message(settings, "reading the bundled plan (kg load fills the store)"))
    from graph.build import load_graph

    return load_graph()
