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
    app()
