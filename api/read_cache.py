"""The API's reads of the store, kept while the graph is unchanged.

A graph changes only by a load or a drop, and each changes ``store.version()`` (a counter
read in one round trip). A result read at one version is served again while the version
is the same, so a load from anywhere (``kg load`` in another process) shows at the next
request. A store that cannot tell its version (Neo4j) is read every time.

Only the API's own queries go through the cache (``queries/`` and the catalog's lookups):
ad-hoc Cypher (``POST /cypher``) may call ``rand()`` or ``timestamp()`` and is always run,
and exports keep a file of their own per version (:mod:`api.routes.export`).
The cache is bounded: at most ``entries`` results (least recently used go first), each of at
most ``max_rows`` rows (exports and other long reads are not kept).

>>> from graph.stores.base import QueryResult
>>> class Store:
...     name, reads = "demo", 0
...     def version(self): return "epoch:1"
...     def read(self, query, params=None, *, timeout_ms=None, row_limit=None):
...         self.reads += 1
...         return QueryResult(columns=["n"], rows=[{"n": 1}])
>>> store = Store()
>>> cached = CachedReads(store, entries=8)  # type: ignore[arg-type]
>>> [cached.read("RETURN 1 AS n").rows for _ in range(3)], store.reads
([[{'n': 1}], [{'n': 1}], [{'n': 1}]], 1)
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any, Final

import networkx as nx

from graph.stores.base import GraphStore, Progress, QueryResult, WriteSummary
from graph.writes import DocumentRows

MAX_ROWS: Final = 200  # longer results (pages of an export) are read, never kept


class CachedReads:
    """``store`` with its reads kept while its version is unchanged (a GraphStore itself)."""

    def __init__(self, store: GraphStore, *, entries: int, max_rows: int = MAX_ROWS) -> None:
        self.store = store
        self.name = store.name
        self._entries = entries
        self._max_rows = max_rows
        self._kept: OrderedDict[tuple[str, str, int | None], tuple[str, QueryResult]] = OrderedDict()
        self._lock = threading.Lock()

    def read(self, query: str, params: dict[str, Any] | None = None, *,
             timeout_ms: int | None = None, row_limit: int | None = None) -> QueryResult:
        version = self.store.version() if self._entries else None
        if version is None:
            return self.store.read(query, params, timeout_ms=timeout_ms, row_limit=row_limit)
        key = (query, json.dumps(params, sort_keys=True, ensure_ascii=False, default=str),
               row_limit)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] == version:
                self._kept.move_to_end(key)
                return _copy(kept[1])
        result = self.store.read(query, params, timeout_ms=timeout_ms, row_limit=row_limit)
        if len(result.rows) <= self._max_rows:
            with self._lock:
                self._kept[key] = (version, result)
                self._kept.move_to_end(key)
                while len(self._kept) > self._entries:
                    self._kept.popitem(last=False)
        return _copy(result)

    # Everything else is the store's own.

    def write_graph(self, g: nx.MultiDiGraph, *, progress: Progress | None = None) -> WriteSummary:
        return self.store.write_graph(g, progress=progress)

    def write_documents(
        self, documents: Iterable[DocumentRows], *,
        successions: Iterable[tuple[str, str, int | None]] = (), progress: Progress | None = None,
    ) -> WriteSummary:
        return self.store.write_documents(documents, successions=successions, progress=progress)

    def status(self) -> dict[str, Any]:
        return self.store.status()

    def version(self) -> str | None:
        return self.store.version()

    def close(self) -> None:
        self.store.close()


def _copy(result: QueryResult) -> QueryResult:
    """A result whose rows the caller may change (the shaping code sets keys on them)."""
    return QueryResult(columns=list(result.columns), rows=[dict(row) for row in result.rows],
                       truncated=result.truncated)
