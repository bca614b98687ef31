"""The networkx graph as RDF against ``ontology.ttl``: conversion both ways, files, SHACL
validation and read-only SPARQL — one module each, the public names gathered here.

Every node becomes ``<https://w3id.org/workplan-kg/id/{node id}>``.

>>> import networkx as nx
>>> from graph.rdf import to_rdf, sparql
>>> g = nx.MultiDiGraph()
>>> g.add_node("agency/省发改委", labels=("Agency",), id="agency/省发改委", name="省发改委",
...            kind="provincial_department")
>>> sparql(to_rdf(g), "SELECT ?n WHERE { ?a a kg:Agency ; kg:name ?n }")
(['n'], [{'n': '省发改委'}])
"""

from __future__ import annotations

from graph.rdf.counts import COUNT_KEYS, nx_counts, rdf_counts
from graph.rdf.files import FORMATS, SUFFIXES, is_rdf_path, ontology, parse, read_rdf, serialize, shapes
from graph.rdf.read import from_rdf
from graph.rdf.shacl import Violation, validate
from graph.rdf.sparql import SparqlError, UpdateRefused, sparql
from graph.rdf.terms import (
    CLASSES,
    ID,
    KG,
    NODE_PROPERTIES,
    ORG,
    PREFIXES,
    RELATIONSHIP_PREDICATES,
    ROLE_INDIVIDUALS,
    ROLE_PREDICATES,
    Prop,
    encode_id,
    new_graph,
    node_id_of,
    node_iri,
    parse_span,
)
from graph.rdf.write import to_rdf, unmapped_properties

__all__ = [
    "CLASSES",
    "COUNT_KEYS",
    "FORMATS",
    "ID",
    "KG",
    "NODE_PROPERTIES",
    "ORG",
    "PREFIXES",
    "RELATIONSHIP_PREDICATES",
    "ROLE_INDIVIDUALS",
    "ROLE_PREDICATES",
    "SUFFIXES",
    "Prop",
    "SparqlError",
    "UpdateRefused",
    "Violation",
    "encode_id",
    "from_rdf",
    "is_rdf_path",
    "new_graph",
    "node_id_of",
    "node_iri",
    "nx_counts",
    "ontology",
    "parse",
    "parse_span",
    "rdf_counts",
    "read_rdf",
    "serialize",
    "shapes",
    "sparql",
    "to_rdf",
    "unmapped_properties",
    "validate",
]
