"""Answers of the read routes, kept while the graph is unchanged.

A graph changes only by a load or a drop, and each changes ``store.version()`` (a counter
read in one round trip). A ``GET`` of a read route (``READ_PREFIXES``) answered 200 is kept
with the version it was built at, by path and query string, and sent again while the
version is the same: the store is not queried, nor the answer built and serialised again. A
load from anywhere (``kg load`` in another process) shows at the next request. A store that
cannot tell its version (Neo4j) is read every time.

The version is read once for all the requests that wait at the same time (:class:`VersionReads`):
under load a request costs an await, not a thread hop and a round trip of its own, so more
clients do not mean more threads fighting for the interpreter.

Not kept: ``/health`` (it reports the store's state now), ``POST /cypher`` (ad-hoc Cypher
may call ``rand()`` or ``timestamp()``), ``/export`` (it keeps a file of its own per version),
errors, and answers larger than ``max_bytes``. At most ``entries`` answers are kept, the least
recently used going first.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Final

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
        self._versions = VersionReads()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or \
                not scope["path"].startswith(READ_PREFIXES):
            await self.app(scope, receive, send)
            return
        store = scope["app"].state.store_holder.ready
        version = await self._versions.read(store) if store is not None else None
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


class VersionReads:
    """The store's version, read for every request that waits at the same time.

    A request is answered by a read that started after it arrived, so a load finished
    before the request is seen. While one read runs, the requests that arrive wait together
    for the next, which starts when it ends: at most one read in flight and one waiting, on a
    thread of their own (never queued behind the routes' queries).
    """

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-version")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._running: asyncio.Future[str | None] | None = None
        self._next: asyncio.Future[str | None] | None = None

    async def read(self, store: GraphStore) -> str | None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # futures belong to one loop (a test client may start many)
            self._loop, self._running, self._next = loop, None, None
        if self._running is None:
            self._start(loop, store, loop.create_future())
            assert self._running is not None
            waiting = self._running
        else:
            if self._next is None:
                self._next = loop.create_future()
            waiting = self._next
        return await asyncio.shield(waiting)  # one caller going away cancels no one else's

    def _start(self, loop: asyncio.AbstractEventLoop, store: GraphStore,
               result: asyncio.Future[str | None]) -> None:
        self._running = result
        read = loop.run_in_executor(self._executor, _version, store)

        def done(read: asyncio.Future[str | None]) -> None:
            if not result.done():  # no waiter is left waiting, whatever ended the read
                error = None if read.cancelled() else read.exception()
                if error is not None:
                    result.set_exception(error)
                else:
                    result.set_result(None if read.cancelled() else read.result())
            if self._running is result:
                self._running = None
                if self._next is not None:
                    waiting, self._next = self._next, None
                    self._start(loop, store, waiting)

        read.add_done_callback(done)


def _version(store: GraphStore) -> str | None:
    try:
        return store.version()
    except Exception:  # the route reports the store's error
        return None
