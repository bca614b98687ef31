"""The mapping between the property graph and the ontology: namespaces, classes, properties
and the IRIs of nodes. Terms come from ``ontology.ttl`` only.

>>> node_iri("agency/省发改委")
rdflib.term.URIRef('https://w3id.org/workplan-kg/id/agency/省发改委')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final
from typing import Literal as TypingLiteral
from urllib.parse import unquote

from rdflib import RDF, RDFS, XSD, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV
from rdflib.term import Node

from graph import schema as s

KG: Final = Namespace("https://w3id.org/workplan-kg/ontology#")
ID: Final = Namespace("https://w3id.org/workplan-kg/id/")
ORG: Final = Namespace("http://www.w3.org/ns/org#")

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
        Prop("text", KG.sourceText, "str"),
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
_ROLE_EDGE_KEYS: Final = frozenset({"verb", "occurrences", "inherited"})
_INVOLVES_EDGE_KEYS: Final = frozenset({"action"})
_SUCCESSION_EDGE_KEYS: Final = frozenset({"year"})


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


def new_graph() -> Graph:
    """An empty rdflib graph with the project's prefixes bound."""
    rdf = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, Namespace(namespace))
    return rdf


def labels_of(attrs: dict[str, Any]) -> tuple[str, ...]:
    labels = attrs.get("labels") or ()
    return (labels,) if isinstance(labels, str) else tuple(labels)


def edge_type(key: object, attrs: dict[str, Any]) -> str:
    return str(attrs.get("type") or key)
