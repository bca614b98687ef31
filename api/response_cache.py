"""Answers of the read routes, kept while the graph is unchanged.

A graph changes only by a load or a drop, and each changes ``store.version()`` (a counter
read in one round trip). A ``GET`` of a read route (``READ_PREFIXES``) answered 200 is kept
with the version it was built at, by path and query string, and sent again while the
version is the same: the store is not queried, nor the answer built and serialised again. A
load from anywhere (``kg load`` in another process) shows at the next request. A store that
cannot tell its version (Neo4j) is read every time.

Not kept: ``/health`` (it reports the store's state now), ``POST /cypher`` (ad-hoc Cypher
may call ``rand()`` or ``timestamp()``), ``/export`` (it keeps a file of its own per version),
errors, and answers larger than ``max_bytes``. At most ``entries`` answers are kept, the least
recently used going first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Final

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.stores.base import GraphStore

READ_PREFIXES: Final = ("/tasks", "/agencies", "/infrastructure", "/documents", "/queries",
                        "/graph", "/explorer/")
MAX_BYTES: Final = 256 * 1024  # with the default 256 entries: 64 MiB at the most

Headers = list[tuple[bytes, bytes]]


class ResponseCache:
    """ASGI middleware; the store is the app's (``app.state.store_holder``)."""

    def __init__(self, app: ASGIApp, *, entries: int, max_bytes: int = MAX_BYTES) -> None:
        self.app = app
        self.entries = entries
        self.max_bytes = max_bytes
        self._kept: OrderedDict[tuple[str, bytes], tuple[str, Headers, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or \
                not scope["path"].startswith(READ_PREFIXES):
            await self.app(scope, receive, send)
            return
        store = scope["app"].state.store_holder.ready
        version = await run_in_threadpool(_version, store) if store is not None else None
        if version is None:  # not open yet, down, or cannot tell: answer as always
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        with self._lock:
            kept = self._kept.get(key)
            fresh = kept is not None and kept[0] == version
            if fresh:
                self._kept.move_to_end(key)
        if kept is not None and fresh:
            await send({"type": "http.response.start", "status": 200, "headers": kept[1]})
            await send({"type": "http.response.body", "body": kept[2]})
            return
        await self._answer_and_keep(scope, receive, send, key, version)

    async def _answer_and_keep(self, scope: Scope, receive: Receive, send: Send,
                               key: tuple[str, bytes], version: str) -> None:
        start: Message = {}
        body: list[bytes] = []
        size = 0

        async def keep(message: Message) -> None:
            nonlocal size
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and size <= self.max_bytes:
                body.append(message.get("body", b""))
                size += len(body[-1])
            await send(message)

        await self.app(scope, receive, keep)
        if start.get("status") != 200 or size > self.max_bytes:
            return
        with self._lock:
            self._kept[key] = (version, list(start.get("headers", [])), b"".join(body))
            self._kept.move_to_end(key)
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)


def _version(store: GraphStore) -> str | None:
    try:
        return store.version()
    except Exception:  # the route reports the store's error
        return None
