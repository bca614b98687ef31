"""networkx → RDF: every node a resource, every relationship a direct triple plus, for roles,
involvements and successions, a qualified node that keeps the edge's properties (verb,
occurrences, evidence, year; the ontology's comment says why).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("agency/省发改委", labels=("Agency",), id="agency/省发改委", name="省发改委")
>>> len(to_rdf(g))
3
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph import schema as s
from graph.rdf.terms import (
    _EDGE_NOT_PROPERTIES,
    _INVOLVES_EDGE_KEYS,
    _NOT_PROPERTIES,
    _ROLE_EDGE_KEYS,
    _SUCCESSION_EDGE_KEYS,
    CLASSES,
    ID,
    KG,
    NODE_PROPERTIES,
    ORG,
    ROLE_INDIVIDUALS,
    ROLE_PREDICATES,
    STRUCTURE_PREDICATES,
    Kind,
    _evidence_iri,
    _qualified_iri,
    edge_type,
    encode_id,
    labels_of,
    new_graph,
    node_iri,
    parse_span,
)


def _literal(value: object, kind: Kind) -> Literal:
    """The value as a typed literal. A value of the wrong type is written as it is (the
    shapes then report it) rather than coerced into something the source did not say."""
    if kind == "json":
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return Literal(text, datatype=RDF.JSON)
    if kind == "date" and isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return Literal(value)
        return Literal(value, datatype=XSD.date)
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    if isinstance(value, int):
        if kind == "float":
            return Literal(float(value), datatype=XSD.double)
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(value, datatype=XSD.double)
    return Literal(str(value))








def _write_node(rdf: Graph, node_id: str, attrs: dict[str, Any]) -> None:
    subject = node_iri(node_id)
    labels = labels_of(attrs)
    for label in labels:
        if label in CLASSES:
            rdf.add((subject, RDF.type, CLASSES[label]))
    primary = labels[0] if labels else None
    for prop in NODE_PROPERTIES.get(primary or "", ()):
        value = attrs.get(prop.key)
        if value is None:
            continue
        if prop.kind == "document":
            rdf.add((subject, prop.predicate, node_iri(str(value))))
        elif prop.kind == "strs":
            for item in value if isinstance(value, list | tuple) else [value]:
                rdf.add((subject, prop.predicate, Literal(str(item))))
        else:
            rdf.add((subject, prop.predicate, _literal(value, prop.kind)))

    # Display labels for browsers; queries use kg:name / dcterms:title.
    name = attrs.get("name") or attrs.get("title")
    if name:
        rdf.add((subject, RDFS.label, Literal(str(name), lang="zh")))
    if attrs.get("name_en"):
        rdf.add((subject, RDFS.label, Literal(str(attrs["name_en"]), lang="en")))

    if primary == s.DOCUMENT:
        _write_quality_facets(rdf, subject, attrs.get("quality"))
    if primary == s.DOCUMENT and attrs.get("issuer"):
        # dcterms:publisher ranges over agents, so the issuer is a resource, not a string.
        issuer = str(attrs["issuer"])
        publisher = URIRef(f"{ID}publisher/{encode_id(issuer)}")
        rdf.add((subject, DCTERMS.publisher, publisher))
        rdf.add((publisher, RDF.type, ORG.Organization))
        rdf.add((publisher, RDFS.label, Literal(issuer, lang="zh")))


def _write_quality_facets(rdf: Graph, subject: URIRef, quality: object) -> None:
    # The report stays whole in kg:qualityReport; its gaps are repeated as triples because
    # "which task numbers are missing?" is a question analysts ask in SPARQL.
    if isinstance(quality, str):
        try:
            quality = json.loads(quality)
        except ValueError:
            return
    if not isinstance(quality, dict):
        return
    for key, predicate in (("missing_tasks", KG.missingTask), ("missing_sections", KG.lostSection)):
        for number in quality.get(key) or []:
            if isinstance(number, int) and not isinstance(number, bool):
                rdf.add((subject, predicate, Literal(number, datatype=XSD.integer)))


def _has_role(g: nx.MultiDiGraph, task_id: str) -> bool:
    return any(edge_type(k, a) in ROLE_PREDICATES for _, _, k, a in
               g.in_edges(task_id, keys=True, data=True))


def _without_clause(g: nx.MultiDiGraph, task_id: str, attrs: dict[str, Any]) -> bool:
    # The loader lists the clause texts it attached; no clause text means the source lost the
    # clause. A graph without that property falls back to "no agency at all".
    clauses = attrs.get("clauses")
    if clauses is None:
        return not _has_role(g, task_id)
    return len(clauses) == 0





def _write_evidence(
    rdf: Graph, qualified: URIRef, document_id: str | None, attrs: dict[str, Any]
) -> None:
    spans = [parse_span(str(e)) for e in attrs.get("evidence") or []]
    quotes = list(attrs.get("quotes") or [])
    # Quotes are aligned with the spans they quote; without that alignment they cannot be
    # placed on the right span, so only aligned quotes are written.
    aligned = len(quotes) == len(spans)
    for i, span in enumerate(spans):
        ev = _evidence_iri(document_id, span)
        rdf.add((qualified, PROV.wasDerivedFrom, ev))
        rdf.add((ev, RDF.type, KG.Evidence))
        rdf.add((ev, KG.startOffset, Literal(span[0], datatype=XSD.integer)))
        rdf.add((ev, KG.endOffset, Literal(span[1], datatype=XSD.integer)))
        if document_id:
            rdf.add((ev, PROV.wasQuotedFrom, node_iri(document_id)))
        if aligned and quotes[i] is not None:
            rdf.add((ev, PROV.value, Literal(str(quotes[i]))))


def _write_edge(
    rdf: Graph, g: nx.MultiDiGraph, u: str, v: str, rel_type: str, attrs: dict[str, Any]
) -> None:
    su, sv = node_iri(u), node_iri(v)
    if rel_type in STRUCTURE_PREDICATES:
        rdf.add((su, STRUCTURE_PREDICATES[rel_type], sv))
        return
    if rel_type in ROLE_PREDICATES:
        rdf.add((su, ROLE_PREDICATES[rel_type], sv))
        q = _qualified_iri(u, rel_type, v)
        rdf.add((su, KG.qualifiedResponsibility, q))
        rdf.add((q, RDF.type, KG.Responsibility))
        rdf.add((q, KG.agency, su))
        rdf.add((q, KG.task, sv))
        rdf.add((q, KG.role, ROLE_INDIVIDUALS[rel_type]))
        if attrs.get("verb") is not None:
            rdf.add((q, KG.verb, Literal(str(attrs["verb"]))))
        if attrs.get("occurrences") is not None:
            rdf.add((q, KG.occurrences, _literal(attrs["occurrences"], "int")))
        if attrs.get("inherited"):
            rdf.add((q, KG.inherited, Literal(True)))
        _write_evidence(rdf, q, g.nodes[v].get("document_id"), attrs)
        return
    if rel_type == s.INVOLVES:
        rdf.add((su, KG.involves, sv))
        q = _qualified_iri(u, rel_type, v)
        rdf.add((su, KG.qualifiedInvolvement, q))
        rdf.add((q, RDF.type, KG.Involvement))
        rdf.add((q, KG.task, su))
        rdf.add((q, KG.infrastructure, sv))
        if attrs.get("action") is not None:
            rdf.add((q, KG.action, Literal(str(attrs["action"]))))
        _write_evidence(rdf, q, g.nodes[u].get("document_id"), attrs)
        return
    if rel_type == s.SUCCEEDED_BY:
        # Read from the agency registry, not from a document: no evidence to write.
        rdf.add((su, KG.succeededBy, sv))
        q = _qualified_iri(u, rel_type, v)
        rdf.add((su, KG.qualifiedSuccession, q))
        rdf.add((q, RDF.type, KG.Succession))
        rdf.add((q, KG.predecessor, su))
        rdf.add((q, KG.successor, sv))
        if attrs.get("year") is not None:
            rdf.add((q, KG.year, _literal(attrs["year"], "int")))


def to_rdf(g: nx.MultiDiGraph) -> Graph:
    """The RDF form of a graph that follows :mod:`graph.schema`.

    Properties the ontology has no term for are left out; :func:`unmapped_properties` lists
    them (a test keeps that list empty for the bundled document).
    """
    rdf = new_graph()
    for node_id, attrs in g.nodes(data=True):
        _write_node(rdf, str(node_id), attrs)
        labels = labels_of(attrs)
        if labels and labels[0] == s.TASK and _without_clause(g, str(node_id), attrs):
            rdf.add((node_iri(str(node_id)), KG.withoutClause, Literal(True)))
    for u, v, key, attrs in g.edges(keys=True, data=True):
        _write_edge(rdf, g, str(u), str(v), edge_type(key, attrs), attrs)
    return rdf


def unmapped_properties(g: nx.MultiDiGraph) -> set[tuple[str, str]]:
    """(label or relationship type, property) pairs of ``g`` that :func:`to_rdf` cannot write."""
    missing: set[tuple[str, str]] = set()
    for _, attrs in g.nodes(data=True):
        labels = labels_of(attrs)
        primary = labels[0] if labels else "?"
        props = {p.key for p in NODE_PROPERTIES.get(primary, ())} | _NOT_PROPERTIES
        missing |= {(primary, k) for k, val in attrs.items() if k not in props and val is not None}
    for _, _, key, attrs in g.edges(keys=True, data=True):
        rel_type = edge_type(key, attrs)
        known: frozenset[str]
        if rel_type in ROLE_PREDICATES:
            known = _ROLE_EDGE_KEYS
        elif rel_type == s.INVOLVES:
            known = _INVOLVES_EDGE_KEYS
        elif rel_type == s.SUCCEEDED_BY:
            known = _SUCCESSION_EDGE_KEYS
        elif rel_type in STRUCTURE_PREDICATES:
            known = frozenset()
        else:
            missing.add((rel_type, "*"))
            continue
        missing |= {
            (rel_type, k) for k, val in attrs.items()
            if k not in known | _EDGE_NOT_PROPERTIES and val is not None
        }
    return missing
