"""The `kg` command line. Each group of commands lives in ``api/commands/<group>.py``.

Exit codes: 0 ok, 1 error (store, server), 2 bad input (file, parameter, refused write).
Errors are printed as one line, never as a traceback.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from graph.stores.base import QueryError, ReadOnlyViolation, StoreError
from loaders.errors import InputError

app = typer.Typer(
    name="kg",
    help="Knowledge graph of government work plans (工作要点): read, load, query, serve, export.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = Console(stderr=True)


@app.callback()
def _root() -> None:
    """Knowledge graph of government work plans (工作要点): read, load, query, serve, export."""


def _register_commands() -> None:
    import importlib

    for module in ("extract", "store", "rdf", "export", "serve", "neo4j"):
        try:
            mod = importlib.import_module(f"api.commands.{module}")
        except ModuleNotFoundError as exc:  # a command group not built yet
            if exc.name != f"api.commands.{module}":
                raise
            continue
        mod.register(app)


def fail(message: str, code: int) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    sys.exit(code)


def main() -> None:
    _register_commands()
    # Typer handles usage errors itself (exit 2); ours arrive here as exceptions.
    try:
        app()
    except (InputError, ReadOnlyViolation, QueryError) as exc:
        fail(str(exc), 2)
    except StoreError as exc:
        fail(str(exc), 1)
    except KeyboardInterrupt:
        fail("interrupted", 130)
