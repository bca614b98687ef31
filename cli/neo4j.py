"""`kg push` (load the graph into a Neo4j server) and `kg guide` (write the Browser guide).

`kg push` pushes the store's graph (the bundled plan when the store is empty, said on
stderr), or the work-plan files given with ``--from``. Its password comes from
``--password-stdin`` (one line), else ``KG_NEO4J_PASSWORD``, else a hidden prompt when a
terminal is attached; it is never echoed or printed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final

import typer

from cli.base import console
from cli.export import FilesArg, FromOption
from core.errors import InputError

if TYPE_CHECKING:
    import networkx as nx

    from graph import writes

out = console(soft_wrap=True)
err = console(stderr=True, soft_wrap=True)

# The schemes the Neo4j driver speaks Bolt with (http:// needs an optional extra, and is
# not what `kg push` is for).
BOLT_SCHEMES: Final = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def check_uri(uri: str) -> str:
    """``uri`` when it is a Bolt URI; :class:`InputError` naming the schemes otherwise.

    >>> check_uri("neo4j+s://x.databases.neo4j.io")
    'neo4j+s://x.databases.neo4j.io'
    """
    scheme, sep, rest = uri.partition("://")
    if not sep or scheme.lower() not in BOLT_SCHEMES or not rest.strip("/"):
        raise InputError(f"Neo4j URI {uri!r} is not a Bolt URI: use bolt://HOST:PORT (one "
                         "server) or neo4j://HOST:PORT (cluster, Aura), +s or +ssc for TLS")
    return uri


def read_password(password_stdin: bool) -> str | None:
    """The password from stdin, the environment or a hidden prompt; None when there is none."""
    if password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise InputError("--password-stdin: nothing on standard input")
        return line.rstrip("\r\n")
    if os.environ.get("KG_NEO4J_PASSWORD"):
        return os.environ["KG_NEO4J_PASSWORD"]
    if sys.stdin.isatty():
        return str(typer.prompt("Neo4j password", hide_input=True))
    return None


def first_queries(limit: int = 3) -> list[tuple[str, str]]:
    """(question, Cypher with values inlined) for the first slides of the guide's tour."""
    from api.guide import TOUR, inline_parameters, slide_values
    from queries.catalog import all_queries

    queries = all_queries()
    picked = []
    for slide in TOUR:
        q = queries.get(slide.query)
        if q is not None:
            picked.append((slide.question, inline_parameters(q.text, slide_values(q, slide.params))))
        if len(picked) == limit:
            break
    return picked


def _counts(g: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, int]]:
    labels: dict[str, int] = {}
    for _, attrs in g.nodes(data=True):
        for label in attrs["labels"]:
            labels[label] = labels.get(label, 0) + 1
    types: dict[str, int] = {}
    for *_, key in g.edges(keys=True):
        types[key] = types.get(key, 0) + 1
    return labels, types


def push(
    uri: Annotated[str | None, typer.Option(
        "--uri", help="Neo4j URI: bolt://host:7687 (one server) or neo4j://host:7687 "
                      "(cluster, Aura). Default: KG_NEO4J_URI.", show_default=False)] = None,
    user: Annotated[str | None, typer.Option(
        "--user", "-u", help="User name. Default: KG_NEO4J_USER or neo4j.",
        show_default=False)] = None,
    database: Annotated[str | None, typer.Option(
        "--database", "-d", help="Database. Default: KG_NEO4J_DATABASE or the server's default.",
        show_default=False)] = None,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from the first line of standard input "
                                 "(for scripts); else KG_NEO4J_PASSWORD, else a hidden prompt.")] = False,
    sources: FromOption = None,
    paths: FilesArg = None,
) -> None:
    """Load the store's graph (or the files given) into Neo4j: constraints, then MERGE in
    batches. Idempotent."""
    from pydantic import SecretStr
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from cli.base import quiet_driver_logs
    from cli.sources import read_graph
    from core import resources
    from core.config import Settings
    from graph import schema as s
    from graph.stores.neo4j_store import Neo4jStore

    if uri is not None:
        check_uri(uri)
    password = read_password(password_stdin)
    if password is None:
        raise InputError("no Neo4j password: set KG_NEO4J_PASSWORD, pass --password-stdin, "
                         "or run in a terminal to be asked")
    # Options override the KG_NEO4J_* environment, which overrides the defaults.
    overrides: dict[str, Any] = {"neo4j_uri": uri, "neo4j_user": user, "neo4j_database": database}
    settings = Settings(store="neo4j", neo4j_password=SecretStr(password),
                        **{k: v for k, v in overrides.items() if v is not None})
    check_uri(settings.neo4j_uri)
    target = f"{settings.neo4j_uri} (database {settings.neo4j_database or 'default'})"
    quiet_driver_logs()
    store = Neo4jStore(settings)  # reach the server (and log in) before reading anything
    try:
        g = read_graph([*(sources or []), *(paths or [])])
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err, transient=True) as bar:
            task = bar.add_task(f"pushing to {target}", total=None)

            def advance(done: int, total: int, step: writes.Step) -> None:
                bar.update(task, completed=done, total=total,
                           description=f"{step.kind} {step.target}")

            summary = store.write_graph(g, progress=advance)
        status = store.status()
    finally:
        store.close()

    labels, types = _counts(g)
    grass = resources.path("graphstyle.grass")
    kinds = ", ".join(f"{k} {labels.pop(k)}" for k in s.INFRASTRUCTURE_KINDS if k in labels)
    out.print(f"[bold]Pushed[/] {g.number_of_nodes()} nodes and {g.number_of_edges()} "
              f"relationships to {target}.", highlight=False)
    out.print("  nodes: " + ", ".join(
        f"{k} {v}" + (f" ({kinds})" if k == s.INFRASTRUCTURE and kinds else "")
        for k, v in labels.items()), highlight=False)
    out.print("  relationships: " + ", ".join(f"{k} {v}" for k, v in types.items()),
              highlight=False)
    d = summary.details
    out.print(f"  changes: {d.get('nodes_created', 0)} nodes and "
              f"{d.get('relationships_created', 0)} relationships created, "
              f"{d.get('nodes_deleted', 0)} nodes and {d.get('relationships_deleted', 0)} "
              "relationships removed (a document pushed again replaces its earlier version; "
              "pushing the same graph again creates nothing).", highlight=False)
    if "nodes" in status:
        out.print(f"  the database now holds {status['nodes']} nodes and "
                  f"{status.get('relationships', '?')} relationships.", highlight=False)
    out.print("\n[bold]Try in Neo4j Browser[/]", highlight=False)
    for question, cypher in first_queries():
        out.print(f"  // {question}", highlight=False, markup=False)
        out.print("  " + cypher.replace("\n", "\n  "), highlight=False, markup=False)
    out.print(
        "\n[bold]Style[/]: run [cyan]:style[/] in Browser and drop "
        f"{grass.name} on it ({grass}), or set "
        "browser.post_connect_cmd=style <url-of-graphstyle.grass> in neo4j.conf.\n"
        "[bold]Guide[/]: [cyan]:play <url-of-guide/index.html>[/] (served by `kg serve` at /guide; "
        "the host must be in browser.remote_content_hostname_allowlist).",
        highlight=False)


def guide(
    out_path: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="PATH", help="Where to write the guide (default: the packaged "
        "guide, guide/index.html in a checkout).", show_default=False)] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 if the file differs from the queries.")] = False,
) -> None:
    """Write the Neo4j Browser guide (HTML slides for :play) from the named queries."""
    from api.guide import GUIDE_PATH, render_guide

    out_path = out_path or GUIDE_PATH
    html = render_guide()
    if check:
        current = out_path.read_text(encoding="utf-8") if out_path.exists() else ""
        if current != html:
            err.print(f"{out_path} is out of date: run `kg guide`", highlight=False)
            raise typer.Exit(1)
        out.print(f"{out_path} is up to date", highlight=False)
        return
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(html, encoding="utf-8")
    out.print(f"wrote {out_path} ({html.count('<slide')} slides)", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("push")(push)
    app.command("guide")(guide)
