"""`kg serve`: the explorer page and the HTTP API over the configured store.

Binds the address first (a port in use is one error line, before anything starts), then
starts the embedded FalkorDB if it is not running (and stops it on exit if it started it),
loads the bundled document when the store holds no document, prints the docs URL and
serves with uvicorn on the bound socket until Ctrl-C.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
from typing import TYPE_CHECKING, Annotated

import typer

from cli.base import console

if TYPE_CHECKING:
    from core.config import Settings

out = console(stderr=True)


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``, or one error line saying why it cannot be.

    uvicorn then serves on this very socket, so no other process can take the port between
    the check and the start.
    """
    from core.errors import InputError, KgError

    url = f"http://{_shown(host)}:{port}"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not 0: asyncio turns Nagle off (TCP_NODELAY) only on sockets that
    # say they are TCP; without it a keep-alive client waited ~40 ms for each response's body.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    # As uvicorn does: a port left in TIME_WAIT by a server that just stopped is free.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except socket.gaierror as exc:
        sock.close()
        raise InputError(f"cannot serve on {url}: unknown host {host!r} ({exc.strerror})") from exc
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise KgError(f"cannot serve on {url}: address already in use (another server "
                          "listens there; choose another --port)") from exc
        raise KgError(f"cannot serve on {url}: {exc.strerror or exc}") from exc
    return sock


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def serve(
    host: Annotated[str | None, typer.Option(
        metavar="HOST",
        help="Interface to bind (default: setting api_host, 127.0.0.1). Anything but a "
             "loopback address exposes the API to the network.", show_default=False)] = None,
    port: Annotated[int | None, typer.Option(
        metavar="PORT", min=1, max=65535, help="Port (default: setting api_port, 8000).",
        show_default=False)] = None,
    store: Annotated[str | None, typer.Option(
        metavar="NAME", help="Store backend: falkordb or neo4j (default: setting store).",
        show_default=False)] = None,
    load: Annotated[bool, typer.Option(
        help="Load the bundled document when the store holds no document.")] = True,
    workers: Annotated[int, typer.Option(
        min=1, help="Worker processes, for more cores. Each opens its own store connection: "
        "the embedded FalkorDB started here is shared over its unix socket.")] = 1,
) -> None:
    """Serve the explorer page (/) and the JSON API (docs at /docs) over the graph store."""
    from core.config import get_settings
    from graph.stores import check_store_name

    if store is not None:
        check_store_name(store)
    settings = get_settings()
    settings = settings.model_copy(update={
        "api_host": host or settings.api_host,
        "api_port": port or settings.api_port,
        "store": store or settings.store,
    })
    sock = bind(settings.api_host, settings.api_port)
    try:
        _serve(settings, sock, load, workers)
    finally:
        sock.close()


def _serve(settings: Settings, sock: socket.socket, load: bool, workers: int = 1) -> None:
    import uvicorn

    from api import reads
    from api.app import create_app
    from cli.base import open_store
    from cli.sources import store_location

    graph_store = open_store(settings, settings.store)
    try:
        if load and reads.count_documents(graph_store) == 0:
            from graph.build import load_graph

            out.print("store is empty: loading the bundled document …", highlight=False)
            summary = graph_store.write_graph(load_graph())
            out.print(f"loaded {summary.nodes} nodes, {summary.relationships} relationships",
                      highlight=False)
        app = create_app(settings, graph_store)
        url = f"http://{_shown(settings.api_host)}:{settings.api_port}"
        out.print(f"[bold]serving[/] the {graph_store.name} store at "
                  f"{store_location(settings)} on {url} — explorer: {url}/ — docs: {url}/docs",
                  highlight=False, soft_wrap=True)
        if workers == 1:
            config = uvicorn.Config(app, host=settings.api_host, port=settings.api_port,
                                    log_level="info")
            with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the Ctrl-C
                uvicorn.Server(config).run(sockets=[sock])
        else:
            # Workers build their own app from the environment (an import string): hand them
            # the options given here. They reuse the store server this process holds open and
            # serve on the socket bound above.
            os.environ["KG_STORE"] = settings.store
            from uvicorn.supervisors import Multiprocess

            # A worker imports the app before it answers the supervisor's health check: on a
            # busy machine that takes longer than uvicorn's default 5 s.
            config = uvicorn.Config("api.app:create_app", factory=True, workers=workers,
                                    log_level="info", timeout_worker_healthcheck=30)
            # The socket goes to the workers as it is: uvicorn.run(fd=…) would rebuild it as
            # a unix socket, and its connections would wait on Nagle's algorithm (see bind).
            Multiprocess(config, sockets=[sock]).run()
    finally:
        # The FalkorDB store stops the embedded server only if it started it.
        graph_store.close()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
