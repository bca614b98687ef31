"""Exporters of the networkx graph, registered by format name (``kg export --format NAME``).

Each module of this package registers its formats with :func:`register`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx


@dataclass(frozen=True)
class Exporter:
    name: str
    description: str
    # Writes the export. ``out`` is a file (or a directory when ``to_directory``); None = stdout.
    write: Callable[[nx.MultiDiGraph, Path | None], None]
    to_directory: bool = False


_REGISTRY: dict[str, Exporter] = {}
_MODULES = ("rdf", "neo4j_csv", "cypher_script", "files")


def register(exporter: Exporter) -> Exporter:
    _REGISTRY[exporter.name] = exporter
    return exporter


def exporters() -> dict[str, Exporter]:
    for module in _MODULES:
        try:
            importlib.import_module(f"{__name__}.{module}")
        except ModuleNotFoundError as exc:  # a format family not built yet
            if exc.name != f"{__name__}.{module}":
                raise
    return dict(sorted(_REGISTRY.items()))
