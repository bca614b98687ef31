"""`kg export`: write the graph as a file (or a directory) in one of the registered formats.

The formats are those of :func:`graph.exporters.exporters` (one registry: a new exporter
module shows up here, in ``--help`` and in the format check, without touching this file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import networkx as nx
import typer
from rich.console import Console

from core.errors import InputError
from graph.exporters import Exporter, exporters

err = Console(stderr=True)


def graph_of(paths: list[Path] | None) -> nx.MultiDiGraph:
    """The bundled document's graph, or one graph of the given documents (merged)."""
    from graph.build import build_graph, load_graph
    from loaders import read_document

    if not paths:
        return load_graph()
    return build_graph([read_document(p) for p in paths])


def pick_exporter(name: str) -> Exporter:
    available = exporters()
    if name not in available:
        raise InputError(f"unknown export format {name!r}; choose one of: {', '.join(available)}")
    return available[name]


def check_target(exporter: Exporter, out: Path | None) -> None:
    """Refuse, before any work, an output the format cannot write to."""
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
        "--format", "-f", help="Export format (listed above).", show_default=False)],
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="File to write (default: stdout), or directory for directory formats.",
        show_default=False)] = None,
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Work-plan files to read (merged into one graph). "
             "Default: the bundled 2015 Digital Fujian plan.", show_default=False)] = None,
) -> None:
    """Write the graph in FORMAT to --out (a file, stdout by default, or a directory)."""
    exporter = pick_exporter(fmt)
    check_target(exporter, out)
    g = graph_of(paths)
    exporter.write(g, out)
    if out is not None:
        err.print(f"wrote {exporter.name} to {out} "
                  f"({g.number_of_nodes()} nodes, {g.number_of_edges()} relationships)",
                  highlight=False)


def register(app: typer.Typer) -> None:
    # The help lists the registered formats; it is built when the command is registered.
    formats = "\n\n".join(
        f"[bold]{name}[/]: {ex.description}" + (" (a directory: needs --out)" if ex.to_directory else "")
        for name, ex in exporters().items())
    app.command(
        "export",
        help="Write the graph in FORMAT to --out (a file, stdout by default, or a directory).\n\n"
             "Formats:\n\n" + formats,
    )(export)
