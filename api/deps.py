"""Annotated dependencies of the routes: the store, the settings, pagination.

The app holds one store for its lifetime (``app.state``). It is opened on first use rather
than at start-up, so the API starts (and ``/health`` can say why) when the store is down.

The dependencies are ``async``: FastAPI runs a sync dependency in the threadpool, one hop
each, and these only look things up. Opening the store (blocking) is the exception: the
first request does it in the threadpool. The routes themselves stay sync (the store clients
block), one hop per request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Annotated, Final

from fastapi import Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from core.config import Settings
from graph.stores.base import GraphStore

DEFAULT_LIMIT: Final = 50
# Text parameters may hold anything but NUL: FalkorDB passes parameters in a C string, so
# a NUL cuts the value (and the query after it) short. Declared in the schema as a pattern.
TEXT: Final = r"^[^\x00]*$"
NON_BLANK_TEXT: Final = r"^[^\x00]*[^\s\x00][^\x00]*$"
MAX_OFFSET: Final = 1_000_000_000  # keeps SKIP inside every backend's integer range


class StoreHolder:
    """Opens the store once, on first use; closes it only if it opened it."""

    def __init__(self, settings: Settings, store: GraphStore | None = None) -> None:
        self.settings = settings
        self._store = store
        self._owned = False
        self._lock = threading.Lock()

    @property
    def ready(self) -> GraphStore | None:
        """The store when it is open, else None (no lock: a reference read is atomic)."""
        return self._store

    def get(self) -> GraphStore:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    # Imported here: the registry pulls in the backend drivers.
                    from graph.stores import open_store

                    self._store = open_store(self.settings)
                    self._owned = True
        return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None and self._owned:
                self._store.close()
                self._store = None
                self._owned = False


async def app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> GraphStore:
    holder: StoreHolder = request.app.state.store_holder
    store = holder.ready
    if store is None:  # the first request opens it (may start the embedded server)
        store = await run_in_threadpool(holder.get)
    return store


SettingsDep = Annotated[Settings, Depends(app_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


async def pagination(
    settings: SettingsDep,
    limit: Annotated[
        int,
        Query(ge=1, description="Items per page; values above the server's row limit "
              "(setting query_row_limit, 1000 by default) are lowered to it."),
    ] = DEFAULT_LIMIT,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Items to skip before the page.")
    ] = 0,
) -> Page:
    # A huge limit is bounded rather than refused: clients asking for "everything" get
    # the most the server gives, and `count` tells them there is more.
    return Page(limit=min(limit, settings.query_row_limit), offset=offset)


PageDep = Annotated[Page, Depends(pagination)]
