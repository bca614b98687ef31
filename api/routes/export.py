"""GET /export, /export/{format}: the graph in the store as one file (Turtle, JSON-LD, …).

The file is built from the store's contents (every node and relationship, read page by
page) with the same exporters as ``kg export``. Formats that write a directory
(``neo4j-csv``) are not served: use ``kg export`` for those.
"""

# No `from __future__ import annotations`: the path parameter's annotation names the
# formats found when the router is built, a local that FastAPI could not resolve from text.
import hashlib
import json
import tempfile
import threading
from pathlib import Path as FilePath
from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Path, Response

from api import reads
from api.deps import SettingsDep, StoreDep
from api.errors import NotFound, responses
from api.models import ExportFormatPublic, ExportFormatsPublic
from graph.exporters import Exporter, exporters


def file_exporters() -> dict[str, Exporter]:
    """The registered formats that write one file."""
    return {name: ex for name, ex in exporters().items() if not ex.to_directory}


class _Cache:
    """The last file built per format, keyed by a digest of the graph it was built from:
    serialising (RDF especially) costs far more than reading the store."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[str, bytes]] = {}
        self._lock = threading.Lock()

    def get(self, name: str, digest: str) -> bytes | None:
        with self._lock:
            hit = self._files.get(name)
        return hit[1] if hit and hit[0] == digest else None

    def put(self, name: str, digest: str, content: bytes) -> None:
        with self._lock:
            self._files[name] = (digest, content)


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
        response_class=Response,
        summary="The whole graph as one file",
        description="Builds the file from everything in the store. Formats: "
        + ", ".join(f"`{n}` ({ex.media_type.split(';')[0]})" for n, ex in formats.items()) + ".",
        responses={200: {"description": "The file (sent as an attachment).", "content": content},
                   **responses(404)},
    )
    def export_graph(
        store: StoreDep,
        settings: SettingsDep,
        format: Annotated[str, Path(description="Format name; see GET /export.",
                                    json_schema_extra={"enum": list(formats)})],
    ) -> Response:
        exporter = formats.get(format)
        if exporter is None:
            raise NotFound(f"no file export format {format!r}; choose one of: {', '.join(formats)}")
        g = reads.store_graph(store, settings.query_row_limit)
        digest = graph_digest(g)
        body = cache.get(format, digest)
        if body is None:
            with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
                out = FilePath(tmp) / f"graph.{exporter.suffix}"
                exporter.write(g, out)
                body = out.read_bytes()
            cache.put(format, digest, body)
        filename = f"graph.{exporter.suffix}"
        return Response(body, media_type=exporter.media_type,
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    return router
