"""`kg export`: write the graph as a file (or a directory) in one of the registered formats.

The graph is the store's (what ``GET /export`` serves), or the files given with ``--from``.
The formats are those of :func:`graph.exporters.exporters` (one registry: a new exporter
module shows up here, in ``--help`` and in the format check, without touching this file).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.base import KgCommand, console

if TYPE_CHECKING:
    from graph.exporters import Exporter

err = console(stderr=True)

FROM_HELP = ("Read these work-plan files instead of the store, without loading them "
             "(repeat --from, or list the files after it).")
FilesArg = Annotated[list[Path] | None, typer.Argument(
    metavar="PATH...", help="The same as --from.", show_default=False)]
FromOption = Annotated[list[Path] | None, typer.Option(
    "--from", metavar="PATH", help=FROM_HELP, show_default=False)]


def pick_exporter(name: str) -> Exporter:
    from core.errors import InputError
    from graph.exporters import exporters

    available = exporters()
    if name not in available:
        raise InputError(f"unknown export format {name!r}; choose one of: {', '.join(available)}")
    return available[name]


def check_target(exporter: Exporter, out: Path | None) -> None:
    """Refuse, before any work, an output the format cannot write to."""
    from core.errors import InputError

    if exporter.to_directory:
        if out is None:
            raise InputError(f"format {exporter.name} writes a directory: give --out DIR")
        if out.exists() and not out.is_dir():
            raise InputError(f"--out {out} is a file; format {exporter.name} writes a directory")
    elif out is not None:
        if out.is_dir():
            raise InputError(f"--out {out} is a directory; format {exporter.name} writes a file")
        if not out.parent.is_dir():
            raise InputError(f"--out {out}: directory {out.parent} does not exist")


def export(
    fmt: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Export format (listed above).",
        show_default=False)],
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="PATH",
        help="File to write (default: stdout), or directory for directory formats.",
        show_default=False)] = None,
    sources: FromOption = None,
    paths: FilesArg = None,
) -> None:
    """Write the graph of the store (or of the files given) in FORMAT."""
    from cli.sources import read_graph

    exporter = pick_exporter(fmt)
    check_target(exporter, out)
    g = read_graph([*(sources or []), *(paths or [])])
    exporter.write(g, out)
    if out is not None:
        err.print(f"wrote {exporter.name} to {out} "
                  f"({g.number_of_nodes()} nodes, {g.number_of_edges()} relationships)",
                  highlight=False)


class _ExportCommand(KgCommand):
    """Lists the registered formats in ``kg export --help`` (only then: listing them imports
    every exporter)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from graph.exporters import exporters

        formats = "\n\n".join(
            f"[bold]{name}[/]: {ex.description}"
            + (" (a directory: needs --out)" if ex.to_directory else "")
            for name, ex in exporters().items())
        self.help = f"{self.help}\n\nFormats:\n\n{formats}"
        super().format_help(ctx, formatter)


def register(app: typer.Typer) -> None:
    app.command(
        "export", cls=_ExportCommand,
        help="Write the graph of the store (or of the files given with --from) in FORMAT to "
             "--out: a file, stdout by default, or a directory.\n\n"
             "An empty store is said so on stderr, and the bundled plan is written instead.",
    )(export)
