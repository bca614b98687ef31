"""What every command module shares: the group class (errors → one line and an exit code,
clean help), consoles, the error line, and the wording of row counts.

Imports only Typer (and Rich when something is first printed): ``kg --help`` must not pay
for the heavy parts.
"""

from __future__ import annotations

import copy
import functools
import sys
from typing import TYPE_CHECKING, Any, NoReturn, cast

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from core.errors import KgError

if TYPE_CHECKING:
    from rich.console import Console

    from core.config import Settings
    from graph.stores.base import GraphStore


class _LazyConsole:
    """A Rich console made on first use: commands that print only JSON or plain lines
    (`kg extract --json`, `kg --version`) do not load Rich's console at all."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    @property
    def real(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> Console:  # Rich's Live enters its console
        return self.real.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self.real.__exit__(*exc)


def console(**options: Any) -> Console:
    """``rich.console.Console(**options)``, made when first used."""
    return cast("Console", _LazyConsole(**options))


err = console(stderr=True)


def fail(message: str, code: int) -> NoReturn:
    """Print one error line and end the command with ``code``."""
    from rich.markup import escape

    # Escaped: messages quote user input and addresses ("[::1]") that are not markup.
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def note(message: str) -> None:
    """One line on stderr that is not an error (what a command read, what it skipped)."""
    err.print(message, highlight=False, soft_wrap=True, markup=False)


def rows_label(n: int) -> str:
    """How every command counts result rows.

    >>> rows_label(1), rows_label(5), rows_label(0)
    ('1 row', '5 rows', '0 rows')
    """
    return f"{n} row{'' if n == 1 else 's'}"


def quiet_driver_logs() -> None:
    """The Neo4j driver logs a failed connection as a warning of its own before raising; with
    no handler configured Python prints it as a second stderr line. The error line says it
    all (called where a Neo4j store is opened: the logging module is not loaded otherwise)."""
    import logging

    logging.getLogger("neo4j").addHandler(logging.NullHandler())


def open_store(settings: Settings, name: str | None = None) -> GraphStore:
    """The configured store (the caller closes it)."""
    from graph.stores import open_store as open_registered

    if (name or settings.store) == "neo4j":
        quiet_driver_logs()
    return open_registered(settings, name)


# --- help ----------------------------------------------------------------------------------
# Typer shows a parameter's Python type as its placeholder (`--limit <int range>`,
# `--json <bool>`, `Usage: kg query {name}`). The classes below give the usual command-line
# forms instead: flags show nothing, options and arguments an upper-case name
# (`--limit LIMIT`, `kg query [OPTIONS] NAME`), unless the command set a metavar.


class _Argument(TyperArgument):
    def make_metavar(self, ctx: Any, *, usage: bool = False) -> str:
        name = self.metavar or (self.name or "value").upper()
        return name if self.required or not usage else f"[{name}]"


@functools.cache
def _quiet(kind: type) -> type:
    """``kind`` of parameter type that shows no ``<str>``/``<path>`` in the help's type column."""
    return type(kind.__name__, (kind,), {"get_metavar": lambda self, *a, **k: ""})


class _Option(TyperOption):
    """An option already given its placeholder."""


def tidy_param(param: Any) -> Any:
    """Give ``param`` a command-line placeholder instead of its Python type (idempotent)."""
    if isinstance(param, TyperArgument) and not isinstance(param, _Argument):
        if param.metavar is None:
            param.metavar = (param.name or "value").upper() + ("..." if param.nargs != 1 else "")
        param.__class__ = _Argument
        param.type = copy.copy(param.type)  # types are shared (click.STRING): change a copy
        param.type.__class__ = _quiet(cast(type, type(param.type)))
    elif isinstance(param, TyperOption) and not isinstance(param, _Option):
        if param.is_flag or param.count:
            param.metavar = ""
        elif param.metavar is None:
            param.metavar = (param.name or "value").upper()
        param.__class__ = _Option
    return param


def tidy_command(command: Any, ctx: Any) -> Any:
    for param in command.params:
        tidy_param(param)
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        tidy_param(help_option)
    return command


class KgCommand(TyperCommand):
    """A command with clean help; subclass it to compute help text only when it is shown."""

    def get_params(self, ctx: Any) -> list[Any]:
        return [tidy_param(p) for p in super().get_params(ctx)]


class KgGroup(TyperGroup):
    """A group whose commands show clean help and whose errors are one line.

    Runs a command and turns the project's errors (:class:`core.errors.KgError`) and invalid
    ``KG_*`` settings into one line on stderr and an exit code, in-process too.
    """

    def get_params(self, ctx: Any) -> list[Any]:
        return [tidy_param(p) for p in super().get_params(ctx)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        return None if command is None else tidy_command(command, ctx)

    def invoke(self, ctx: Any) -> Any:  # Typer vendors its click: its Context type is private
        try:
            return super().invoke(ctx)
        except KgError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except Exception as exc:
            message = settings_error(exc)
            if message is None:
                raise
            fail(message, 2)


def settings_error(exc: BaseException) -> str | None:
    """One line for an invalid ``KG_*`` setting (pydantic's ValidationError of
    :class:`core.config.Settings`), else None."""
    pydantic_core = sys.modules.get("pydantic_core")
    if pydantic_core is None or not isinstance(exc, pydantic_core.ValidationError) \
            or exc.title != "Settings":
        return None
    problems = []
    for error in exc.errors():
        name = "_".join(str(part) for part in error.get("loc", ())) or "value"
        shown = "" if "password" in name else f" (got {error.get('input')!r})"
        problems.append(f"KG_{name.upper()}: {error.get('msg', 'invalid')}{shown}")
    return "invalid setting " + "; ".join(problems)
