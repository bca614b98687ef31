"""GET /export, /export/{format}: the graph in the store as one file (Turtle, JSON-LD, …).

The file is built from the store's contents (every node and relationship, read page by
page) with the same exporters as ``kg export``. Formats that write a directory
(``neo4j-csv``) are not served: use ``kg export`` for those.

Built files are kept (in a private temporary directory) under the store's change counter
(``GraphStore.version()``): while the graph is unchanged a request streams the kept file
without reading the store. A build runs on a thread of its own, never on the threads that
serve requests, and every request for the same file waits for the one build. A store
without a change counter (Neo4j) is read each time and the file kept by a digest of what
was read, which spares the serialisation.
"""

# No `from __future__ import annotations`: the path parameter's annotation names the
# formats found when the router is built, a local that FastAPI could not resolve from text.
import asyncio
import atexit
import hashlib
import json
import shutil
import tempfile
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path as FilePath
from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Path
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from api import reads
from api.deps import SettingsDep, StoreDep
from api.errors import NotFound, responses
from api.models import ExportFormatPublic, ExportFormatsPublic
from core.config import Settings
from graph.exporters import Exporter, exporters
from graph.stores.base import GraphStore


def file_exporters() -> dict[str, Exporter]:
    """The registered formats that write one file."""
    return {name: ex for name, ex in exporters().items() if not ex.to_directory}


class _Cache:
    """The last file built per format, on disk, keyed by the graph version it was built
    from (or a digest of the graph); builds run one at a time on a thread of their own."""

    def __init__(self) -> None:
        self._dir = FilePath(tempfile.mkdtemp(prefix="kg-export-"))  # mode 0700
        atexit.register(shutil.rmtree, self._dir, True)
        self._files: dict[str, tuple[str, FilePath]] = {}
        self._old: dict[str, FilePath] = {}  # the file before: a response may still send it
        self._building: dict[tuple[str, str | None], Future[FilePath]] = {}
        self._lock = threading.Lock()
        self._builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-export")

    def file(self, store: GraphStore, settings: Settings, name: str, exporter: Exporter,
             version: str | None) -> Future[FilePath]:
        """The file of format ``name`` for the graph at ``version``: kept, or being built."""
        with self._lock:
            hit = self._files.get(name)
            if version is not None and hit is not None and hit[0] == version:
                done: Future[FilePath] = Future()
                done.set_result(hit[1])
                return done
            key = (name, version)
            building = self._building.get(key)
            if building is None or building.done():
                building = self._builder.submit(self._build, store, settings, name, exporter, version)
                self._building[key] = building
            return building

    def _build(self, store: GraphStore, settings: Settings, name: str, exporter: Exporter,
               version: str | None) -> FilePath:
        g = reads.store_graph(store, settings.query_row_limit)
        # The version was read before the graph: a file is never labelled newer than it is.
        key = version if version is not None else "sha256:" + graph_digest(g)
        with self._lock:
            hit = self._files.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]
        out = self._dir / f"{name}-{uuid.uuid4().hex}.{exporter.suffix}"
        exporter.write(g, out)
        with self._lock:
            previous = self._files.get(name)
            self._files[name] = (key, out)
            stale = self._old.pop(name, None)
            if previous is not None:
                self._old[name] = previous[1]
        if stale is not None:
            stale.unlink(missing_ok=True)
        return out


def graph_digest(g: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(g, edges="links")
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def build_router() -> APIRouter:
    """The router, with the formats registered now listed in the OpenAPI document."""
    router = APIRouter(prefix="/export", tags=["export"])
    formats = file_exporters()
    cache = _Cache()

    @router.get(
        "",
        response_model=ExportFormatsPublic,
        summary="List the export formats served",
        description="File formats GET /export/{format} serves. Directory formats "
        "(neo4j-csv) are left out: use `kg export` for those.",
        responses=responses(),
    )
    def list_formats() -> ExportFormatsPublic:
        data = [ExportFormatPublic(name=n, description=ex.description, media_type=ex.media_type)
                for n, ex in formats.items()]
        return ExportFormatsPublic(data=data, count=len(data))

    # JSON formats hold an object; the others are text the schema can only call a string.
    content = {
        ex.media_type.split(";")[0]: {"schema": {"type": "object" if "json" in n else "string"}}
        for n, ex in formats.items()
    }

    @router.get(
        "/{format}",
        response_class=FileResponse,
        summary="The whole graph as one file",
        description="Builds the file from everything in the store. Formats: "
        + ", ".join(f"`{n}` ({ex.media_type.split(';')[0]})" for n, ex in formats.items()) + ".",
        responses={200: {"description": "The file (sent as an attachment).", "content": content},
                   **responses(404)},
    )
    async def export_graph(
        store: StoreDep,
        settings: SettingsDep,
        format: Annotated[str, Path(description="Format name; see GET /export.",
                                    json_schema_extra={"enum": list(formats)})],
    ) -> FileResponse:
        exporter = formats.get(format)
        if exporter is None:
            raise NotFound(f"no file export format {format!r}; choose one of: {', '.join(formats)}")
        version = await run_in_threadpool(store.version)
        # Awaited, not run here: the build holds no request thread while it works.
        path = await asyncio.wrap_future(cache.file(store, settings, format, exporter, version))
        return FileResponse(path, media_type=exporter.media_type,
                            filename=f"graph.{exporter.suffix}")

    return router
