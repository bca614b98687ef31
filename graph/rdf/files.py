"""RDF files: Turtle, JSON-LD and N-Triples out (byte-stable) and in; the ontology and the
shapes as graphs."""

from __future__ import annotations

import json
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import networkx as nx
from rdflib import Graph

from core import resources
from core.errors import InputError, one_line
from graph.rdf.terms import PREFIXES, new_graph
from graph.rdf.write import to_rdf

# Export format name → rdflib serializer / parser name.
FORMATS: Final[dict[str, str]] = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
SUFFIXES: Final[dict[str, str]] = {
    ".ttl": "turtle", ".jsonld": "json-ld", ".json-ld": "json-ld", ".nt": "nt",
}


def serialize(data: nx.MultiDiGraph | Graph, fmt: str) -> bytes:
    """Serialize as ``ttl``, ``jsonld`` or ``nt`` (UTF-8). N-Triples lines are sorted so that
    exports of the same graph are byte-identical."""
    if fmt not in FORMATS:
        raise InputError(f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdf = data if isinstance(data, Graph) else to_rdf(data)
    if fmt == "jsonld":
        text = rdf.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
        canonical = _sorted_jsonld(json.loads(text))
        return (json.dumps(canonical, ensure_ascii=False, indent=2, sort_keys=True) + "\n") \
            .encode("utf-8")
    if fmt == "nt":
        lines = sorted(line for line in rdf.serialize(format="nt").splitlines() if line.strip())
        return ("\n".join(lines) + "\n").encode("utf-8")
    return rdf.serialize(format=FORMATS[fmt]).encode("utf-8")


def _sorted_jsonld(node: Any) -> Any:
    # rdflib writes JSON-LD nodes and values in hash order; RDF values are unordered (except
    # @list), so sorting them changes nothing but makes equal graphs give equal files.
    if isinstance(node, dict):
        return {k: v if k == "@list" else _sorted_jsonld(v) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_jsonld(item) for item in node]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False,
                                                         sort_keys=True))
    return node


def parse(data: str | bytes, fmt: str) -> Graph:
    """Parse text in one of :data:`FORMATS` (by export name or rdflib name)."""
    rdf = new_graph()
    with warnings.catch_warnings():
        # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        rdf.parse(data=data, format=FORMATS.get(fmt, fmt))
    return rdf


def read_rdf(path: str | Path) -> Graph:
    """Read an RDF export file; the format comes from its suffix."""
    p = Path(path)
    fmt = SUFFIXES.get(p.suffix.lower())
    if fmt is None:
        raise InputError(f"{p}: not an RDF file (expected {', '.join(SUFFIXES)})")
    try:
        return parse(p.read_bytes(), fmt)
    except OSError as exc:
        raise InputError(f"{p}: {exc.strerror or exc}") from exc
    except Exception as exc:  # rdflib raises parser-specific exceptions
        raise InputError(f"{p}: not valid {fmt}: {one_line(exc)}") from exc


def is_rdf_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SUFFIXES


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(resources.path("ontology.ttl"), format="turtle")


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(resources.path("shapes.ttl"), format="turtle")


def ontology() -> Graph:
    """A fresh copy of ``ontology.ttl``."""
    copy = new_graph()
    for triple in _ontology():
        copy.add(triple)
    return copy


def shapes() -> Graph:
    """A fresh copy of ``shapes.ttl``."""
    copy = Graph()
    for triple in _shapes():
        copy.add(triple)
    return copy
