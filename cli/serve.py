"""`kg serve`: the HTTP API over the configured store.

Starts the embedded FalkorDB if it is not running (and stops it on exit if it started it),
loads the bundled document when the store holds no document, prints the docs URL and
serves with uvicorn until Ctrl-C.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

from core.config import get_settings

out = Console(stderr=True)


def serve(
    host: Annotated[str | None, typer.Option(
        help="Interface to bind (default: setting api_host, 127.0.0.1). Anything but a "
             "loopback address exposes the API to the network.", show_default=False)] = None,
    port: Annotated[int | None, typer.Option(
        min=1, max=65535, help="Port (default: setting api_port, 8000).", show_default=False)] = None,
    store: Annotated[str | None, typer.Option(
        help="Store backend: falkordb or neo4j (default: setting store).", show_default=False)] = None,
    load: Annotated[bool, typer.Option(
        help="Load the bundled document when the store holds no document.")] = True,
    workers: Annotated[int, typer.Option(
        min=1, help="Worker processes, for more cores. Each opens its own store connection: "
        "the embedded FalkorDB started here is shared over its unix socket.")] = 1,
) -> None:
    """Serve the JSON API (docs at /docs) over the graph store."""
    import uvicorn

    from api import reads
    from api.app import create_app
    from graph.stores import check_store_name, open_store

    if store is not None:
        check_store_name(store)
    settings = get_settings()
    settings = settings.model_copy(update={
        "api_host": host or settings.api_host,
        "api_port": port or settings.api_port,
        "store": store or settings.store,
    })
    graph_store = open_store(settings, settings.store)
    try:
        if load and reads.count_documents(graph_store) == 0:
            from graph.build import load_graph

            out.print("store is empty: loading the bundled document …", highlight=False)
            summary = graph_store.write_graph(load_graph())
            out.print(f"loaded {summary.nodes} nodes, {summary.relationships} relationships",
                      highlight=False)
        app = create_app(settings, graph_store)
        shown = "[" + settings.api_host + "]" if ":" in settings.api_host else settings.api_host
        url = f"http://{shown}:{settings.api_port}"
        out.print(f"[bold]serving[/] {graph_store.name} store on {url} — docs: {url}/docs",
                  highlight=False, soft_wrap=True)
        if workers == 1:
            uvicorn.run(app, host=settings.api_host, port=settings.api_port, log_level="info")
        else:
            # Workers build their own app from the environment (an import string): hand them
            # the options given here. They reuse the store server this process holds open.
            os.environ["KG_STORE"] = settings.store
            # A worker imports the app before it answers the supervisor's health check: on a
            # busy machine that takes longer than uvicorn's default 5 s.
            uvicorn.run("api.app:create_app", factory=True, workers=workers,
                        host=settings.api_host, port=settings.api_port, log_level="info",
                        timeout_worker_healthcheck=30)
    finally:
        # The FalkorDB store stops the embedded server only if it started it.
        graph_store.close()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
