"""The FastAPI application: one router per resource (``api/routes/``), JSON errors, limits.

>>> from fastapi.testclient import TestClient
>>> from api.app import create_app
>>> app = create_app(store=my_store)                         # doctest: +SKIP
>>> TestClient(app).get("/tasks", params={"agency": "发改委"}).json()["count"]  # doctest: +SKIP
14

Run it with ``kg serve`` (which also starts the embedded store and loads the bundled
document when the store is empty), or with any ASGI server: ``uvicorn --factory
api.app:create_app``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse

from api import errors, explorer, limits
from api.deps import StoreHolder
from api.response_cache import ResponseCache
from api.routes import (
    agencies,
    cypher,
    documents,
    explore,
    export,
    graph,
    health,
    infrastructure,
    queries,
    tasks,
)
from core import resources
from core.config import Settings, get_settings
from graph.stores.base import GraphStore

DESCRIPTION: Final = """\
A knowledge graph of Chinese government work plans (工作要点): the numbered **tasks**, the
**agencies** that lead (牵头), are responsible for (负责) or cooperate on (配合) them, and the
**infrastructure** they build, read from the documents with provenance.

* Lists return `{"data": [...], "count": total}`; page with `limit` and `offset`.
* Ids contain slashes (`agency/省发改委`, `doc-2015-5fcb5c5c/task/11`): put them in the path as
  they are; the routes take the rest of the path.
* Errors always have the shape `{"error": {"code": ..., "message": ...}}`.
* Named queries (GET /queries) and read-only Cypher (POST /cypher) run with the server's
  time and row limits.
* The explorer page for people is at [/](/): search, neighbourhood graph, evidence, overview.
"""

TAGS: Final = [
    {"name": "health", "description": "Is the service usable."},
    {"name": "documents", "description": "Loaded work plans and their data-quality reports."},
    {"name": "tasks", "description": "Numbered tasks with roles, infrastructure and evidence."},
    {"name": "agencies", "description": "Government bodies and their roles on tasks."},
    {"name": "infrastructure", "description": "Platforms, data centers, networks, parks …"},
    {"name": "queries", "description": "The named read queries of queries/."},
    {"name": "cypher", "description": "Ad-hoc read-only Cypher."},
    {"name": "graph", "description": "Node-link JSON for drawing."},
    {"name": "explorer", "description": "Search and capped neighbourhoods for the explorer page at /."},
    {"name": "export", "description": "The graph as a file (RDF, GraphML, JSON, Cypher)."},
]


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app. A ``store`` passed in is used as is and left open on shutdown; without
    one the app opens ``settings.store`` on first use and closes it on shutdown."""
    settings = settings or get_settings()
    holder = StoreHolder(settings, store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()

    app = FastAPI(
        title="Work-plan knowledge graph",
        version=resources.version(),
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        # Served by api/explorer.py from installed packages: the CDN defaults are blank offline.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store_holder = holder
    errors.install(app)
    if settings.api_cache_entries:  # innermost: it keeps what the routes answered
        app.add_middleware(ResponseCache, entries=settings.api_cache_entries)
    if settings.cors_origins:  # off unless origins are configured
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
        )
    limits.install(app, settings)  # request size and Host checks, outermost

    for router in (health.router, documents.router, tasks.router, agencies.router,
                   infrastructure.router, queries.build_router(), cypher.router, graph.router,
                   explore.router, export.build_router()):
        app.include_router(router)
    explorer.install(app)

    @app.get("/guide", include_in_schema=False)
    def guide() -> FileResponse:
        return FileResponse(resources.path("guide.html"), media_type="text/html; charset=utf-8")

    return app
