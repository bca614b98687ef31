"""RDF → networkx, the inverse of :func:`graph.rdf.write.to_rdf` (for round trips)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from graph import schema as s
from graph.rdf.terms import (
    CLASSES,
    KG,
    NODE_PROPERTIES,
    ROLE_INDIVIDUALS,
    STRUCTURE_PREDICATES,
    node_id_of,
    node_iri,
)


def _python(term: Node) -> Any:
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return float(value)
        return value if not isinstance(value, Literal) else str(value)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _objects(rdf: Graph, subject: Node, predicate: URIRef) -> list[Node]:
    return list(rdf.objects(subject, predicate))


def _read_evidence(rdf: Graph, qualified: Node) -> tuple[list[str], list[str]]:
    spans: list[tuple[int, int, str | None]] = []
    for ev in _objects(rdf, qualified, PROV.wasDerivedFrom):
        start = rdf.value(ev, KG.startOffset)
        end = rdf.value(ev, KG.endOffset)
        quote = rdf.value(ev, PROV.value)
        if start is None or end is None:
            continue
        spans.append((int(_python(start)), int(_python(end)),
                      None if quote is None else str(quote)))
    spans.sort(key=lambda t: (t[0], t[1]))
    evidence = [s.span_str((a, b)) for a, b, _ in spans]
    quotes = [q for _, _, q in spans if q is not None]
    return evidence, quotes if len(quotes) == len(spans) else []


def from_rdf(rdf: Graph) -> nx.MultiDiGraph:
    """Rebuild the property graph from its RDF form (the inverse of :func:`to_rdf`).

    Multi-valued properties and evidence come back sorted (RDF keeps no order);
    ``withoutClause`` is derived, so it does not come back.
    """
    g = nx.MultiDiGraph()
    by_class: dict[Node, str] = {iri: label for label, iri in CLASSES.items()}
    for subject, cls in rdf.subject_objects(RDF.type):
        node_id = node_id_of(subject)
        label = by_class.get(cls)
        if node_id is None or label is None:
            continue
        if node_id not in g:
            g.add_node(node_id, id=node_id, labels=())
        labels = g.nodes[node_id]["labels"]
        # The primary label first, the infrastructure kind after it.
        ordered = sorted({*labels, label}, key=lambda lb: lb in s.INFRASTRUCTURE_KINDS)
        g.nodes[node_id]["labels"] = tuple(ordered)

    for node_id, attrs in g.nodes(data=True):
        subject = node_iri(node_id)
        for prop in NODE_PROPERTIES.get(attrs["labels"][0], ()):
            values = _objects(rdf, subject, prop.predicate)
            if prop.kind == "strs":  # lists are always present, as the builder writes them
                attrs[prop.key] = sorted(str(v) for v in values)
            elif not values:
                continue
            elif prop.kind == "document":
                attrs[prop.key] = node_id_of(values[0])
            else:
                attrs[prop.key] = _python(values[0])
        if attrs["labels"][0] == s.DOCUMENT:
            publisher = rdf.value(subject, DCTERMS.publisher)
            if publisher is not None:
                label_ = rdf.value(publisher, RDFS.label)
                attrs["issuer"] = None if label_ is None else str(label_)

    for rel_type, predicate in STRUCTURE_PREDICATES.items():
        for su, so in rdf.subject_objects(predicate):
            u, v = node_id_of(su), node_id_of(so)
            if u is not None and v is not None:
                g.add_edge(u, v, key=rel_type, type=rel_type)

    roles: dict[Node | None, str] = {iri: rel for rel, iri in ROLE_INDIVIDUALS.items()}
    for q in rdf.subjects(RDF.type, KG.Responsibility):
        u, v = node_id_of(rdf.value(q, KG.agency)), node_id_of(rdf.value(q, KG.task))
        role = roles.get(rdf.value(q, KG.role))
        if u is None or v is None or role is None:
            continue
        evidence, quotes = _read_evidence(rdf, q)
        verb, occ = rdf.value(q, KG.verb), rdf.value(q, KG.occurrences)
        inherited = rdf.value(q, KG.inherited)
        g.add_edge(u, v, key=role, type=role,
                   verb=None if verb is None else str(verb),
                   occurrences=None if occ is None else _python(occ),
                   inherited=True if inherited is not None and _python(inherited) is True else None,
                   evidence=evidence, quotes=quotes)
    for q in rdf.subjects(RDF.type, KG.Involvement):
        u, v = node_id_of(rdf.value(q, KG.task)), node_id_of(rdf.value(q, KG.infrastructure))
        if u is None or v is None:
            continue
        evidence, _quotes = _read_evidence(rdf, q)
        action = rdf.value(q, KG.action)
        g.add_edge(u, v, key=s.INVOLVES, type=s.INVOLVES,
                   action=None if action is None else str(action), evidence=evidence)
    for q in rdf.subjects(RDF.type, KG.Succession):
        u, v = node_id_of(rdf.value(q, KG.predecessor)), node_id_of(rdf.value(q, KG.successor))
        if u is None or v is None:
            continue
        year = rdf.value(q, KG.year)
        g.add_edge(u, v, key=s.SUCCEEDED_BY, type=s.SUCCEEDED_BY,
                   year=None if year is None else _python(year))
    return g
