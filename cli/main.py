"""The `kg` command line: one module per group of commands (``cli/<group>.py``).

Exit codes: 0 ok, 1 error (store, server), 2 bad input (file, parameter, refused write,
invalid setting), 130 interrupted. Errors are one line on stderr, never a traceback: the
app itself maps the project's errors (:mod:`core.errors`) to their exit codes
(:class:`cli.base.KgGroup`), so a test runner invoking it in-process sees the same codes
as a shell.

Command modules import only Typer and Rich at the top; the heavy parts (FastAPI, rdflib,
pyshacl, the store drivers, networkx, the loaders) are imported by the commands that use
them, so ``kg --help`` is quick (a test holds every command module to this).
"""

from __future__ import annotations

import atexit
import os
import sys
import threading

import typer

from cli.base import KgGroup


def _version(value: bool) -> None:
    if value:
        from core import resources

        typer.echo(f"kg {resources.version()}")
        raise typer.Exit()


app = typer.Typer(
    name="kg",
    cls=KgGroup,
    help="Knowledge graph of government work plans (工作要点): read, load, query, serve, export.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Knowledge graph of government work plans (工作要点): read, load, query, serve, export."""


def _register() -> None:
    from cli import export, extract, neo4j, rdf, serve, store

    for module in (extract, store, rdf, export, serve, neo4j):
        module.register(app)


_register()


def main() -> None:
    """Run ``kg`` in this interpreter (it raises ``SystemExit``, as any Click app)."""
    app()


def run() -> None:
    """The ``kg`` process. A finished command leaves without the interpreter's teardown:
    freeing the modules of networkx, pydantic, redis… takes about 0.3 s at every exit, and
    nothing in it is needed once the output is flushed and the exit hooks (which stop a
    FalkorDB server this process started, remove temporary files) have run."""
    try:
        app()
    except SystemExit as done:
        code = done.code
        if (code is None or isinstance(code, int)) and threading.active_count() == 1:
            _leave(code or 0)
        raise  # a message as exit code, or threads still running: the usual exit


def _leave(code: int) -> None:
    """Flush, run the exit hooks and end the process with ``code``. Returns (to the usual
    exit) only when the output cannot be flushed, so that error is reported as always."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    atexit._run_exitfuncs()  # and clears them: the usual exit would not run them twice
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)
