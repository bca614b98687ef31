"""Store commands: ``kg load``, ``kg queries``, ``kg query``, ``kg cypher``, ``kg db …``.

Human output is Rich tables; ``--json`` prints a JSON array of row objects. Errors are
raised as StoreError / QueryError / ReadOnlyViolation / InputError and turned into one
line and an exit code by :mod:`cli.main` (2 for bad input and refused writes).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.base import KgGroup, console, note, rows_label

if TYPE_CHECKING:
    from core.config import Settings
    from graph.load import Readers
    from graph.stores.base import GraphStore, QueryResult, WriteSummary

out = console()
err = console(stderr=True)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", metavar="NAME", help="Store backend: falkordb or neo4j (default: "
                 "setting store, KG_STORE).", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON array of row objects.")]
ParamOption = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", metavar="NAME=VALUE",
                 help="A parameter; repeat for several.", show_default=False),
]
LimitOption = Annotated[
    int | None,
    typer.Option("--limit", metavar="ROWS", min=1, help="Most rows to return (default: setting "
                 "query_row_limit).", show_default=False),
]
TimeoutOption = Annotated[
    int | None,
    typer.Option("--timeout", metavar="MS", min=1, help="Time limit in milliseconds (default: "
                 "setting query_timeout_ms).", show_default=False),
]

db_app = typer.Typer(cls=KgGroup, help="Manage the embedded FalkorDB server (start, stop, "
                     "status).", no_args_is_help=True)


def _settings(store: str | None) -> Settings:
    from core.config import get_settings

    settings = get_settings()
    if store is None:
        return settings
    from graph.stores import check_store_name

    check_store_name(store)
    return settings.model_copy(update={"store": store})


def _open(settings: Settings) -> GraphStore:
    from cli.base import open_store

    return open_store(settings)


# --- output ------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def print_result(result: QueryResult, as_json: bool, title: str | None = None) -> None:
    """Rows as a Rich table, or as a JSON array of objects (``--json``)."""
    if as_json:
        sys.stdout.write(json.dumps(result.rows, ensure_ascii=False, default=str, indent=2) + "\n")
    else:
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for column in result.columns:
            table.add_column(column, overflow="fold")
        for row in result.rows:
            table.add_row(*(_cell(row.get(c)) for c in result.columns))
        out.print(table)
        out.print(rows_label(len(result.rows)), style="dim", highlight=False)
    if result.truncated:
        err.print(f"[yellow]truncated:[/] only the first {len(result.rows)} rows are shown "
                  "(raise --limit or the setting query_row_limit)", highlight=False)


# --- kg load -------------------------------------------------------------------------------


def load(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Work-plan files to load (default: the bundled 2015 document).",
        show_default=False)] = None,
    store: StoreOption = None,
    batch_size: Annotated[int | None, typer.Option(
        min=1, help="Rows per UNWIND statement (default: setting batch_size).",
        show_default=False)] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Reader processes (default: the number of cores).",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Load documents into the store (the bundled document by default).

    A document's id comes from its issuer, title, year and text. Loading the
    same text again replaces it: loading twice changes nothing, and the
    summary says how many were replaced. A different text under the same
    title is a document of its own, never merged.

    All-or-nothing: on failure the store keeps its old contents.

    Documents stream through reading (in --jobs processes), building and
    writing; on a terminal a long load shows a bar per stage (not with --json).
    """
    from graph.load import Readers, check_paths, load_documents

    check_paths(paths or [])
    started = time.perf_counter()
    # The readers start first: the settings, the store's modules and the store load while
    # they read.
    with Readers(list(paths) if paths else [None], jobs) as readers:
        settings = _settings(store)
        if batch_size is not None:
            settings = settings.model_copy(update={"batch_size": batch_size})
        db = _open(settings)
        try:
            # --json is for programs: no bar, and Rich is not even imported.
            summary = (load_documents(db, readers) if as_json
                       else _load_with_bars(db, readers))
        finally:
            db.close()
    elapsed = time.perf_counter() - started
    counts = {
        "store": settings.store,
        "documents": summary.details.get("documents", 0),
        "nodes": summary.nodes,
        "relationships": summary.relationships,
        "removed_relationships": summary.removed_relationships,
        **summary.details,
        "namesake_documents": summary.namesakes,
        "seconds": round(elapsed, 3),
        "stages": summary.seconds,
    }
    if as_json:
        sys.stdout.write(json.dumps(counts, ensure_ascii=False) + "\n")
        return
    out.print(
        f"loaded {counts['documents']} document(s) into {settings.store}: "
        f"[bold]{summary.nodes}[/] nodes, [bold]{summary.relationships}[/] relationships "
        f"written ({summary.details.get('nodes_created', 0)} nodes and "
        f"{summary.details.get('relationships_created', 0)} relationships new, "
        f"{summary.details.get('nodes_deleted', 0)} nodes and "
        f"{summary.removed_relationships} relationships removed) in {elapsed:.2f} s",
        highlight=False,
    )
    if replaced := summary.details.get("replaced_documents", 0):
        out.print(f"{replaced} of them replaced the document(s) of the same text already in "
                  "the store", style="dim", highlight=False)
    if namesakes := summary.namesakes:
        err.print(f"[yellow]note:[/] {len(namesakes)} document(s) have the issuer, title and "
                  "year of another with a different text; each is kept as a document of its "
                  f"own ({', '.join(namesakes[:3])}{' …' if len(namesakes) > 3 else ''})",
                  highlight=False)


def _load_with_bars(db: GraphStore, readers: Readers) -> WriteSummary:
    """``load_documents`` with a bar per stage on a terminal (none when stderr is not one)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from graph.load import STAGES, load_documents

    with Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(),
        MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    ) as bar:
        tasks = {stage: bar.add_task(stage, total=None) for stage in STAGES}

        def progress(stage: str, done: int, total: int) -> None:
            if done < 0:  # a phase without a count: say what it is
                bar.update(tasks["writing"], description=stage)
            else:
                bar.update(tasks[stage], completed=done, total=total)

        return load_documents(db, readers, progress=progress)


# --- kg queries / query / cypher -----------------------------------------------------------


def queries(as_json: JsonOption = False) -> None:
    """List the named queries and their parameters."""
    from queries.catalog import public_queries

    listed = public_queries()
    if as_json:
        rows = [{"name": q.name, "description": q.description,
                 "params": [{"name": p.name, "type": p.type, "required": p.required,
                             "help": p.help} for p in q.params],
                 "examples": list(q.examples)} for q in listed.values()]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table(title="Named queries (kg query NAME --param k=v)")
    table.add_column("name", style="bold")
    table.add_column("description", overflow="fold")
    table.add_column("parameters", overflow="fold")
    for q in listed.values():
        params = "\n".join(
            f"{p.name} {p.type}{'' if p.required else ' (optional)'}"
            + (f" — {p.help}" if p.help else "")
            for p in q.params
        )
        table.add_row(q.name, q.description, params or "—")
    out.print(table)


def query(
    name: Annotated[str, typer.Argument(help="Query name (see `kg queries`).")],
    param: ParamOption = None,
    as_json: JsonOption = False,
    limit: LimitOption = None,
    timeout: TimeoutOption = None,
    store: StoreOption = None,
) -> None:
    """Run a named query, e.g. `kg query tasks_by_agency --param agency=发改委`."""
    from cli.sources import warn_if_empty
    from queries.catalog import get_query, parse_pairs, run_query, unknown_agency_hint

    get_query(name)  # an unknown name fails before the store is opened
    params = parse_pairs(param or [])
    settings = _settings(store)
    db = _open(settings)
    hint = None
    try:
        result = run_query(db, name, params, timeout_ms=timeout, row_limit=limit)
        loaded = warn_if_empty(db, settings)  # after the run: a refused query says only why
        if loaded and not result.rows:
            hint = unknown_agency_hint(db, name, params)
    finally:
        db.close()
    print_result(result, as_json, title=name)
    if hint:
        note(hint)


def cypher(
    text: Annotated[str, typer.Argument(help="Read-only Cypher; writes are refused.")],
    param: ParamOption = None,
    as_json: JsonOption = False,
    limit: LimitOption = None,
    timeout: TimeoutOption = None,
    store: StoreOption = None,
) -> None:
    """Run ad-hoc read-only Cypher; a write is refused (exit 2) and changes nothing.

    Parameter values are JSON when they parse (5, true, ["a"]) and text otherwise; they
    reach the query as parameters, never as text.
    """
    from cli.sources import warn_if_empty
    from queries.catalog import guess_values, parse_pairs, run_cypher

    params = guess_values(parse_pairs(param or []))  # checked as POST /cypher checks them
    settings = _settings(store)
    db = _open(settings)
    try:
        result = run_cypher(db, text, params, settings=settings, timeout_ms=timeout,
                            row_limit=limit)
        warn_if_empty(db, settings)  # after the run: a refused query says only why
    finally:
        db.close()
    print_result(result, as_json)


# --- kg db ---------------------------------------------------------------------------------


def _server(settings: Settings) -> Any:
    from core.errors import StoreError

    if settings.store != "falkordb":
        raise StoreError(f"the {settings.store} store runs outside kg; `kg db start/stop` "
                         "manage the embedded FalkorDB only")
    from graph.stores.falkordb_server import FalkorDBServer

    return FalkorDBServer.from_settings(settings)


@db_app.command("start")
def db_start() -> None:
    """Start the embedded FalkorDB in the background, until `kg db stop`.

    It outlives this command on purpose: every kg command then reuses it. A server that
    a command starts by itself is stopped when that command exits.
    """
    server = _server(_settings(None))
    if server.ensure_running("detached"):
        out.print(f"started FalkorDB (pid {server.read_pid()}) on {server.socket_path}",
                  highlight=False)
    else:
        state = server.read_state()
        how = f", attached to pid {state.owner_pid}" if state and state.owner_pid else ""
        out.print(f"FalkorDB already running (pid {server.read_pid()}{how}) on "
                  f"{server.socket_path}", highlight=False)


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded FalkorDB (saving its data first)."""
    server = _server(_settings(None))
    pid = server.read_pid()
    if server.stop():
        out.print(f"stopped FalkorDB (pid {pid})", highlight=False)
    else:
        out.print("FalkorDB was not running", highlight=False)


@db_app.command("status")
def db_status(
    store: StoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """Which store this user's commands use (its directory or server), is it reachable, what
    does it hold, and which limits apply."""
    from cli.sources import document_count, store_location

    settings = _settings(store)
    status: dict[str, Any]
    if settings.store == "falkordb":
        server = _server(settings)
        status = {"store": "falkordb", "home": str(settings.home),
                  "home_from": settings.home_origin(), "graph": settings.graph,
                  **server.status()}
        if status["running"]:  # count without starting anything
            db = _open(settings)
            try:
                status.update(db.status(), documents=document_count(db))
            finally:
                db.close()
    else:
        db = _open(settings)
        try:
            status = {**db.status(), "documents": document_count(db)}
        finally:
            db.close()
    status["limits"] = {
        "query_timeout_ms": settings.query_timeout_ms,
        "query_row_limit": settings.query_row_limit,
        "cypher_max_length": settings.cypher_max_length,
        "batch_size": settings.batch_size,
    }
    if as_json:
        sys.stdout.write(json.dumps(status, ensure_ascii=False, default=str) + "\n")
        return
    from rich.table import Table

    table = Table(title=f"{settings.store} store at {store_location(settings)}",
                  show_header=False)
    table.add_column("key", style="bold")
    table.add_column("value", overflow="fold")
    for key, value in status.items():
        table.add_row(key, _cell(value))
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command("load")(load)
    app.command("queries")(queries)
    app.command("query")(query)
    app.command("cypher")(cypher)
    app.add_typer(db_app, name="db")
