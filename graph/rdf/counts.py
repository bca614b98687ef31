"""Nodes per label and relationships per type, counted the same way on the property graph and
on its RDF form (round-trip checks)."""

from __future__ import annotations

from collections import Counter
from typing import Final

import networkx as nx
from rdflib import RDF, Graph

from graph import schema as s
from graph.rdf.terms import CLASSES, KG, RELATIONSHIP_PREDICATES, ROLE_PREDICATES, edge_type, labels_of

COUNT_KEYS: Final = (
    *s.NODE_LABELS, *s.INFRASTRUCTURE_KINDS, *s.RELATIONSHIP_TYPES, "Responsibility", "Involvement",
    "Succession",
)


def nx_counts(g: nx.MultiDiGraph) -> dict[str, int]:
    """Nodes per label and relationships per type of the property graph, keyed like
    :func:`rdf_counts` (qualified nodes count as their edges)."""
    counts: Counter[str] = Counter({k: 0 for k in COUNT_KEYS})
    for _, attrs in g.nodes(data=True):
        counts.update(lb for lb in labels_of(attrs) if lb in counts)
    for _, _, key, attrs in g.edges(keys=True, data=True):
        rel_type = edge_type(key, attrs)
        counts[rel_type] += 1
        if rel_type in ROLE_PREDICATES:
            counts["Responsibility"] += 1
        elif rel_type == s.INVOLVES:
            counts["Involvement"] += 1
        elif rel_type == s.SUCCEEDED_BY:
            counts["Succession"] += 1
    return dict(counts)


def rdf_counts(rdf: Graph) -> dict[str, int]:
    """Resources per class and triples per relationship property of an RDF export."""
    counts = {k: 0 for k in COUNT_KEYS}
    for label, cls in CLASSES.items():
        counts[label] = len(set(rdf.subjects(RDF.type, cls)))
    for rel_type, predicate in RELATIONSHIP_PREDICATES.items():
        counts[rel_type] = len(list(rdf.subject_objects(predicate)))
    counts["Responsibility"] = len(set(rdf.subjects(RDF.type, KG.Responsibility)))
    counts["Involvement"] = len(set(rdf.subjects(RDF.type, KG.Involvement)))
    counts["Succession"] = len(set(rdf.subjects(RDF.type, KG.Succession)))
    return counts
