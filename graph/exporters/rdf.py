"""RDF exporters: Turtle, JSON-LD and N-Triples of the graph, in the terms of ontology.ttl."""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx

from graph import rdf
from graph.exporters import Exporter, register

# format → (description, media type)
_FORMATS = {
    "ttl": ("RDF Turtle (ontology.ttl terms, SHACL-valid against shapes.ttl)",
            "text/turtle; charset=utf-8"),
    "jsonld": ("RDF JSON-LD with an inline context (no network needed to read it)",
               "application/ld+json"),
    "nt": ("RDF N-Triples, lines sorted so equal graphs give equal files",
           "application/n-triples; charset=utf-8"),
}


def _writer(fmt: str) -> Exporter:
    def write(g: nx.MultiDiGraph, out: Path | None) -> None:
        data = rdf.serialize(g, fmt)
        if out is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            out.write_bytes(data)

    description, media_type = _FORMATS[fmt]
    return Exporter(name=fmt, description=description, write=write, media_type=media_type,
                    suffix=fmt)


for _fmt in rdf.FORMATS:
    register(_writer(_fmt))
