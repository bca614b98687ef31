"""The networkx graph as RDF: conversion, SHACL validation and read-only SPARQL.

Terms come from ``ontology.ttl`` only; the shapes are in ``shapes.ttl``. Every node becomes
``<https://w3id.org/workplan-kg/id/{node id}>``. Roles, involvements and successions are written
both as a direct triple (``?agency kg:leads ?task``) and as a qualified node that keeps the
edge's properties: verb, occurrences and evidence, or a succession's year (see the ontology's
comment for why).

>>> import networkx as nx
>>> from graph.rdf import to_rdf, sparql
>>> g = nx.MultiDiGraph()
>>> g.add_node("agency/省发改委", labels=("Agency",), id="agency/省发改委", name="省发改委",
...            kind="provincial_department")
>>> sparql(to_rdf(g), "SELECT ?n WHERE { ?a a kg:Agency ; kg:name ?n }")
(['n'], [{'n': '省发改委'}])
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Final
from typing import Literal as TypingLiteral
from urllib.parse import unquote

import networkx as nx
from pyparsing import ParseException, ParseResults
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import ResultRow
from rdflib.term import Identifier, Node

from graph import schema as s
from loaders.errors import InputError

KG: Final = Namespace("https://w3id.org/workplan-kg/ontology#")
ID: Final = Namespace("https://w3id.org/workplan-kg/id/")
ORG: Final = Namespace("http://www.w3.org/ns/org#")

# ontology.ttl and shapes.ttl sit at the project root, beside pyproject.toml.
ROOT: Final = Path(__file__).resolve().parent.parent
ONTOLOGY_PATH: Final = ROOT / "ontology.ttl"
SHAPES_PATH: Final = ROOT / "shapes.ttl"

PREFIXES: Final[dict[str, str]] = {
    "kg": str(KG),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
}

# Export format name → rdflib serializer / parser name.
FORMATS: Final[dict[str, str]] = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
SUFFIXES: Final[dict[str, str]] = {
    ".ttl": "turtle", ".jsonld": "json-ld", ".json-ld": "json-ld", ".nt": "nt",
}


class SparqlError(InputError):
    """The SPARQL text cannot be run (syntax, refused feature); one line for the user."""


class UpdateRefused(SparqlError):
    """A SPARQL update (INSERT, DELETE, LOAD, CLEAR, …) was given where only queries run."""


# ---------------------------------------------------------------------------------------------
# The mapping between the property graph and the ontology
# ---------------------------------------------------------------------------------------------

Kind = TypingLiteral["str", "int", "bool", "float", "date", "json", "strs", "document"]


@dataclass(frozen=True)
class Prop:
    """One node property: networkx key → RDF predicate, with how its value is written."""

    key: str
    predicate: URIRef
    kind: Kind


_MEASURES: Final = (
    Prop("degree", KG.degree, "int"),
    Prop("betweenness", KG.betweenness, "float"),
    Prop("tasks_total", KG.tasksTotal, "int"),
)

NODE_PROPERTIES: Final[dict[str, tuple[Prop, ...]]] = {
    s.DOCUMENT: (
        Prop("title", DCTERMS.title, "str"),
        Prop("plan_title", KG.planTitle, "str"),
        Prop("year", KG.year, "int"),
        Prop("published", DCTERMS.issued, "date"),
        Prop("signed", KG.signed, "date"),
        Prop("doc_number", KG.docNumber, "str"),
        Prop("source", KG.sourceFile, "str"),
        Prop("sha256", KG.sha256, "str"),
        Prop("profile", KG.loaderProfile, "str"),
        Prop("script", KG.sourceScript, "str"),
        Prop("place", KG.issuingPlace, "str"),
        Prop("task_count", KG.taskCount, "int"),
        Prop("quality", KG.qualityReport, "json"),
        # "issuer" becomes dcterms:publisher → an org:Organization (see _write_document).
    ),
    s.SECTION: (
        Prop("document_id", KG.document, "document"),
        Prop("number", KG.number, "int"),
        Prop("title", DCTERMS.title, "str"),
        Prop("first_task", KG.firstTask, "int"),
    ),
    s.TASK: (
        Prop("document_id", KG.document, "document"),
        Prop("number", KG.number, "int"),
        Prop("section", KG.sectionNumber, "int"),
        Prop("subsection", KG.subsectionNumber, "int"),
        Prop("label", KG.taskLabel, "str"),
        Prop("title", DCTERMS.title, "str"),
        Prop("text", KG.text, "str"),
        Prop("occurrences", KG.occurrences, "int"),
        Prop("conflict", KG.conflict, "bool"),
        Prop("clauses", KG.clause, "strs"),
    ),
    s.AGENCY: (
        Prop("name", KG.name, "str"),
        Prop("full_name", KG.fullName, "str"),
        Prop("name_en", KG.nameEn, "str"),
        Prop("kind", KG.agencyKind, "str"),
        Prop("aliases", KG.alias, "strs"),
        Prop("qualified_name", KG.qualifiedName, "str"),
        *_MEASURES,
        Prop("tasks_led", KG.tasksLed, "int"),
        Prop("tasks_responsible", KG.tasksResponsible, "int"),
        Prop("tasks_cooperating", KG.tasksCooperating, "int"),
    ),
    s.INFRASTRUCTURE: (
        Prop("name", KG.name, "str"),
        Prop("kind", KG.infrastructureKind, "str"),
        *_MEASURES,
    ),
}
# Node attributes that are structure, not properties.
_NOT_PROPERTIES: Final = frozenset({"labels", "id", "issuer"})

CLASSES: Final[dict[str, URIRef]] = {
    s.DOCUMENT: KG.Document,
    s.SECTION: KG.Section,
    s.TASK: KG.Task,
    s.AGENCY: KG.Agency,
    s.INFRASTRUCTURE: KG.Infrastructure,
    **{kind: KG[kind] for kind in s.INFRASTRUCTURE_KINDS},
}
ROLE_PREDICATES: Final[dict[str, URIRef]] = {
    s.LEADS: KG.leads, s.RESPONSIBLE_FOR: KG.responsibleFor, s.COOPERATES_ON: KG.cooperatesOn,
}
ROLE_INDIVIDUALS: Final[dict[str, URIRef]] = {
    s.LEADS: KG.Lead, s.RESPONSIBLE_FOR: KG.Responsible, s.COOPERATES_ON: KG.Cooperating,
}
STRUCTURE_PREDICATES: Final[dict[str, URIRef]] = {
    s.HAS_SECTION: KG.hasSection, s.HAS_TASK: KG.hasTask, s.MEMBER_OF: KG.memberOf,
}
# The direct triple of every relationship type (qualified types also get a qualified node).
RELATIONSHIP_PREDICATES: Final[dict[str, URIRef]] = {
    **STRUCTURE_PREDICATES, **ROLE_PREDICATES, s.INVOLVES: KG.involves,
    s.SUCCEEDED_BY: KG.succeededBy,
}
# Edge attributes written onto the qualified node (besides evidence and quotes).
_EDGE_NOT_PROPERTIES: Final = frozenset({"type", "evidence", "quotes"})
_ROLE_EDGE_KEYS: Final = frozenset({"verb", "occurrences"})
_INVOLVES_EDGE_KEYS: Final = frozenset({"action"})
_SUCCESSION_EDGE_KEYS: Final = frozenset({"year"})


# ---------------------------------------------------------------------------------------------
# IRIs
# ---------------------------------------------------------------------------------------------

# ASCII characters an IRI path holds as they are (RFC 3987 iunreserved, sub-delims, ":", "@",
# and "/" which the ids use as a separator). "%" is not among them, so encoding is reversible.
_IRI_SAFE_ASCII: Final = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=:@"
)


def _iri_char_ok(ch: str) -> bool:
    if ch in _IRI_SAFE_ASCII:
        return True
    c = ord(ch)
    if c < 0xA0 or ch.isspace():
        return False
    # RFC 3987 ucschar: no surrogates, private use, or noncharacters.
    return (
        c <= 0xD7FF
        or 0xF900 <= c <= 0xFDCF
        or 0xFDF0 <= c <= 0xFFEF
        or (0x10000 <= c <= 0xEFFFD and (c & 0xFFFF) <= 0xFFFD)
    )


def encode_id(node_id: str) -> str:
    """Percent-encode what an IRI path cannot hold; Chinese stays readable.

    >>> encode_id("agency/省发改委")
    'agency/省发改委'
    >>> encode_id("infra/a b#1%")
    'infra/a%20b%231%25'
    """
    return "".join(
        ch if _iri_char_ok(ch) else "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
        for ch in node_id
    )


def node_iri(node_id: str) -> URIRef:
    """The resource IRI of a graph node id."""
    return URIRef(str(ID) + encode_id(node_id))


def node_id_of(iri: Node | None) -> str | None:
    """The graph node id of a resource IRI, or None when the IRI is not a node's."""
    text = str(iri)
    if not isinstance(iri, URIRef) or not text.startswith(str(ID)):
        return None
    return unquote(text[len(str(ID)):])


def _evidence_iri(document_id: str | None, span: tuple[int, int]) -> URIRef:
    # Offsets are into one document's text, so the document scopes the span; the same span
    # read for several agencies is one evidence node.
    scope = encode_id(document_id) if document_id else "unknown-document"
    return URIRef(f"{ID}{scope}/evidence/{span[0]}-{span[1]}")


def _qualified_iri(source: str, rel_type: str, target: str) -> URIRef:
    return URIRef(f"{ID}{encode_id(source)}/{rel_type}/{encode_id(target)}")


def parse_span(text: str) -> tuple[int, int]:
    """``"12-30"`` → ``(12, 30)``, the evidence form of :func:`graph.schema.span_str`."""
    match = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", text)
    if match is None:
        raise ValueError(f"evidence span {text!r} is not 'start-end'")
    return int(match.group(1)), int(match.group(2))


# ---------------------------------------------------------------------------------------------
# networkx → RDF
# ---------------------------------------------------------------------------------------------


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


def new_graph() -> Graph:
    """An empty rdflib graph with the project's prefixes bound."""
    rdf = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, Namespace(namespace))
    return rdf


def _labels(attrs: dict[str, Any]) -> tuple[str, ...]:
    labels = attrs.get("labels") or ()
    return (labels,) if isinstance(labels, str) else tuple(labels)


def _write_node(rdf: Graph, node_id: str, attrs: dict[str, Any]) -> None:
    subject = node_iri(node_id)
    labels = _labels(attrs)
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
    return any(_edge_type(k, a) in ROLE_PREDICATES for _, _, k, a in
               g.in_edges(task_id, keys=True, data=True))


def _without_clause(g: nx.MultiDiGraph, task_id: str, attrs: dict[str, Any]) -> bool:
    # The loader lists the clause texts it attached; no clause text means the source lost the
    # clause. A graph without that property falls back to "no agency at all".
    clauses = attrs.get("clauses")
    if clauses is None:
        return not _has_role(g, task_id)
    return len(clauses) == 0


def _edge_type(key: object, attrs: dict[str, Any]) -> str:
    return str(attrs.get("type") or key)


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
        labels = _labels(attrs)
        if labels and labels[0] == s.TASK and _without_clause(g, str(node_id), attrs):
            rdf.add((node_iri(str(node_id)), KG.withoutClause, Literal(True)))
    for u, v, key, attrs in g.edges(keys=True, data=True):
        _write_edge(rdf, g, str(u), str(v), _edge_type(key, attrs), attrs)
    return rdf


def unmapped_properties(g: nx.MultiDiGraph) -> set[tuple[str, str]]:
    """(label or relationship type, property) pairs of ``g`` that :func:`to_rdf` cannot write."""
    missing: set[tuple[str, str]] = set()
    for _, attrs in g.nodes(data=True):
        labels = _labels(attrs)
        primary = labels[0] if labels else "?"
        props = {p.key for p in NODE_PROPERTIES.get(primary, ())} | _NOT_PROPERTIES
        missing |= {(primary, k) for k, val in attrs.items() if k not in props and val is not None}
    for _, _, key, attrs in g.edges(keys=True, data=True):
        rel_type = _edge_type(key, attrs)
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


# ---------------------------------------------------------------------------------------------
# RDF → networkx (for round trips)
# ---------------------------------------------------------------------------------------------


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
        g.add_edge(u, v, key=role, type=role,
                   verb=None if verb is None else str(verb),
                   occurrences=None if occ is None else _python(occ),
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


# ---------------------------------------------------------------------------------------------
# Counts (round-trip checks)
# ---------------------------------------------------------------------------------------------

COUNT_KEYS: Final = (
    *s.NODE_LABELS, *s.INFRASTRUCTURE_KINDS, *s.RELATIONSHIP_TYPES, "Responsibility", "Involvement",
    "Succession",
)


def nx_counts(g: nx.MultiDiGraph) -> dict[str, int]:
    """Nodes per label and relationships per type of the property graph, keyed like
    :func:`rdf_counts` (qualified nodes count as their edges)."""
    counts: Counter[str] = Counter({k: 0 for k in COUNT_KEYS})
    for _, attrs in g.nodes(data=True):
        counts.update(lb for lb in _labels(attrs) if lb in counts)
    for _, _, key, attrs in g.edges(keys=True, data=True):
        rel_type = _edge_type(key, attrs)
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


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------


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
        raise InputError(f"{p}: not valid {fmt}: {_one_line(exc)}") from exc


def is_rdf_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SUFFIXES


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


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


# ---------------------------------------------------------------------------------------------
# SHACL
# ---------------------------------------------------------------------------------------------

SH: Final = Namespace("http://www.w3.org/ns/shacl#")


def _short(rdf: Graph, term: Node | None) -> str:
    if term is None:
        return "-"
    node_id = node_id_of(term)
    if node_id is not None:
        return node_id
    if isinstance(term, URIRef):
        for prefix, ns in PREFIXES.items():
            if str(term).startswith(ns) and prefix != "id":
                return f"{prefix}:{str(term)[len(ns):]}"
        return f"<{term}>"
    if isinstance(term, Literal):
        return repr(str(term))
    # A blank node is a path expression or a nested shape: show its path if it has one.
    inverse = rdf.value(term, SH.inversePath)
    if inverse is not None:
        return f"^{_short(rdf, inverse)}"
    return "(path)"


@dataclass(frozen=True)
class Violation:
    severity: str
    focus: str
    path: str
    message: str
    value: str

    def __str__(self) -> str:
        where = self.focus if self.path in ("-", "(path)") else f"{self.focus} {self.path}"
        value = "" if self.value in ("-", self.focus) else f" [value: {self.value}]"
        return f"{self.severity}: {where}: {self.message}{value}"


def _shorten(message: str) -> str:
    # SPARQL messages substitute full IRIs; show them the way the rest of the report does.
    return message.replace(str(ID), "").replace(str(KG), "kg:")


def _violations(results: Graph) -> list[Violation]:
    out: list[Violation] = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        messages = sorted(_shorten(str(m)) for m in results.objects(r, SH.resultMessage))
        out.append(Violation(
            severity=_short(results, severity).removeprefix("<http://www.w3.org/ns/shacl#")
            .rstrip(">"),
            focus=_short(results, results.value(r, SH.focusNode)),
            path=_short(results, results.value(r, SH.resultPath)),
            message="; ".join(messages) or "constraint not met",
            value=_short(results, results.value(r, SH.value)),
        ))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))


def validate(data: nx.MultiDiGraph | Graph) -> tuple[bool, str]:
    """SHACL-validate the RDF form of ``data`` against ``shapes.ttl`` (with the ontology).

    Returns ``(conforms, report)``; the report is one line per violation, sorted by node.
    """
    import pyshacl  # slow to import; only validation needs it

    rdf = data if isinstance(data, Graph) else to_rdf(data)
    conforms, results, _text = pyshacl.validate(
        rdf, shacl_graph=_shapes(), ont_graph=_ontology(), inference="none",
        abort_on_first=False, allow_warnings=False, advanced=True,
    )
    triples = len(rdf)
    if conforms:
        return True, f"Conforms: yes ({triples} triples checked against {SHAPES_PATH.name})."
    if not isinstance(results, Graph):  # pyshacl reports a broken shapes file this way
        raise RuntimeError(f"SHACL validation could not run: {_one_line(Exception(_text))}")
    violations = _violations(results)
    lines = [f"Conforms: no — {len(violations)} violation(s) in {triples} triples:"]
    lines += [f"  {v}" for v in violations]
    return False, "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# SPARQL (read-only)
# ---------------------------------------------------------------------------------------------


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _walk(node: object) -> Iterator[object]:
    yield node
    if isinstance(node, dict):  # CompValue is an OrderedDict
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple | ParseResults):
        for item in node:
            yield from _walk(item)


def _check_query(query: str) -> None:
    """Raise SparqlError unless ``query`` is a query this module runs: no updates, and nothing
    that makes rdflib fetch from the network (SERVICE, FROM / FROM NAMED load the IRI)."""
    if not query.strip():
        raise SparqlError("empty SPARQL query")
    try:
        parsed = parseQuery(query)
    except ParseException as exc:
        try:
            update = parseUpdate(query)
        except ParseException:
            update = None
        # An empty update (only PREFIX lines) parses too; that is not a refused write.
        if update is None or not dict.get(update, "request"):
            raise SparqlError(
                f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
            ) from None
        raise UpdateRefused(
            "SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) are "
            "refused: the exported graph is read-only"
        ) from None
    for node in _walk(parsed):
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise SparqlError("SERVICE is refused: queries run on the exported graph only")
            # CompValue.get returns the key itself when missing, hence dict.get.
            if dict.get(node, "datasetClause"):
                raise SparqlError("FROM / FROM NAMED is refused: queries run on the exported "
                                  "graph only")


def _binding(name: str, value: object) -> Identifier:
    if isinstance(value, URIRef | Literal):
        return value
    if isinstance(value, bool | int | float | str):
        return Literal(value)
    raise SparqlError(f"parameter {name}: a SPARQL value is a string, number, boolean or IRI, "
                      f"got {type(value).__name__}")


def sparql(
    data: nx.MultiDiGraph | Graph, query: str, params: Mapping[str, object] | None = None
) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a read-only SPARQL query on the RDF form of ``data``.

    The prefixes of :data:`PREFIXES` (``kg:``, ``dcterms:``, ``prov:`` …) are predeclared.
    ``params`` pre-bind variables (``{"agency": "省发改委"}`` binds ``?agency`` to that
    literal; None leaves it unbound), so values never need to be spliced into the text.
    SELECT gives its variables as columns; ASK one column ``ask``; CONSTRUCT and DESCRIBE
    the columns ``subject, predicate, object``. Values are plain Python (IRIs as strings).
    Updates raise :class:`UpdateRefused`, other bad text :class:`SparqlError`.
    """
    _check_query(query)
    bindings = {k: _binding(k, v) for k, v in (params or {}).items() if v is not None}
    rdf = data if isinstance(data, Graph) else to_rdf(data)
    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
        result = rdf.query(prepared, initBindings=bindings)
        if result.type == "ASK":
            return ["ask"], [{"ask": bool(result.askAnswer)}]
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            columns = ["subject", "predicate", "object"]
            triples: Iterable[tuple[Node, Node, Node]] = result.graph or Graph()
            rows = [dict(zip(columns, map(_python, t), strict=True)) for t in sorted(triples)]
            return columns, rows
        columns = [str(v) for v in result.vars or []]
        rows = []
        for row in result:
            assert isinstance(row, ResultRow)  # SELECT results are rows
            values = tuple(row)
            rows.append({c: None if t is None else _python(t)
                         for c, t in zip(columns, values, strict=True)})
        return columns, rows
    except SparqlError:
        raise
    except Exception as exc:  # rdflib raises many kinds (unknown prefix, bad function, …)
        raise SparqlError(f"SPARQL query failed: {_one_line(exc)}") from None
