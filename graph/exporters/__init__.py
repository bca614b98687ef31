"""Exporters of the networkx graph, registered by format name (``kg export --format NAME``).

Each module of this package registers its formats with :func:`register`; an exporter carries
everything the CLI and the HTTP API need (its description, media type and file suffix), so a
new format is one module plus its name in :data:`_MODULES`. Recipe: ``graph/exporters/README.md``.
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
    media_type: str  # what the HTTP API sends it as ("text/turtle; charset=utf-8")
    suffix: str  # file name suffix without the dot ("ttl"); for a directory, of its files
    to_directory: bool = False


_REGISTRY: dict[str, Exporter] = {}
_MODULES = ("rdf", "neo4j_csv", "cypher_script", "files")


def register(exporter: Exporter) -> Exporter:
    _REGISTRY[exporter.name] = exporter
    return exporter


def exporters() -> dict[str, Exporter]:
    for module in _MODULES:
        importlib.import_module(f"{__name__}.{module}")
    return dict(sorted(_REGISTRY.items()))
