"""The `kg` command line: one module per group of commands (``cli/<group>.py``).

Exit codes: 0 ok, 1 error (store, server), 2 bad input (file, parameter, refused write),
130 interrupted. Errors are one line on stderr, never a traceback: the app itself maps the
project's errors (:mod:`core.errors`) to their exit codes, so a test runner invoking it
in-process sees the same codes as a shell.

Command modules import only Typer and Rich at the top; the heavy parts (FastAPI, rdflib,
the store drivers) are imported by the commands that use them, so ``kg --help`` is quick.
"""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from core.errors import KgError

err = Console(stderr=True)


def fail(message: str, code: int) -> None:
    """Print one error line and end the command with ``code``."""
    # Escaped: a message quoting input ("map key '[red]'") is text, not Rich markup.
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


class _Commands(TyperGroup):
    """Runs a command and turns the project's errors into one line and an exit code."""

    def invoke(self, ctx: Any) -> Any:  # Typer vendors its click: its Context type is private
        try:
            return super().invoke(ctx)
        except KgError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)


def _version(value: bool) -> None:
    if value:
        from core import resources

        typer.echo(f"kg {resources.version()}")
        raise typer.Exit()


app = typer.Typer(
    name="kg",
    cls=_Commands,
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
    app()
