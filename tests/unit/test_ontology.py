"""ontology.ttl and shapes.ttl: they load, every term is labelled and explained, and the
shapes only use terms the ontology defines."""

from __future__ import annotations

from typing import TypeGuard

import networkx as nx
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from core import resources
from graph import rdf
from graph import schema as s
from graph.rdf import KG

pytestmark = pytest.mark.slow

ONTOLOGY = Graph().parse(resources.path("ontology.ttl"), format="turtle")
SHAPES = Graph().parse(resources.path("shapes.ttl"), format="turtle")
ONTOLOGY_IRI = URIRef("https://w3id.org/workplan-kg/ontology")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)


def _ours(term: object) -> TypeGuard[URIRef]:
    return isinstance(term, URIRef) and str(term).startswith(str(KG))


TERMS = sorted({t for typ in TERM_TYPES for t in ONTOLOGY.subjects(RDF.type, typ) if _ours(t)})
CLASSES = sorted(t for t in ONTOLOGY.subjects(RDF.type, OWL.Class) if _ours(t))
OBJECT_PROPERTIES = sorted(t for t in ONTOLOGY.subjects(RDF.type, OWL.ObjectProperty) if _ours(t))
DATATYPE_PROPERTIES = sorted(
    t for t in ONTOLOGY.subjects(RDF.type, OWL.DatatypeProperty) if _ours(t)
)


def _local(term: URIRef) -> str:
    return str(term).removeprefix(str(KG))


class TestOntologyHeader:
    def test_is_an_owl_ontology_with_one_namespace(self) -> None:
        assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ONTOLOGY
        # The code and the ontology name the same namespace.
        assert ONTOLOGY.value(ONTOLOGY_IRI, URIRef("http://purl.org/vocab/vann/preferredNamespaceUri")) \
            == Literal(str(KG))

    def test_comment_records_the_relationship_design(self) -> None:
        comment = str(ONTOLOGY.value(ONTOLOGY_IRI, RDFS.comment))
        for word in ("qualified", "reification", "RDF-star", "gYear", "dcterms:title",
                     "kg:Succession"):
            assert word in comment

    def test_has_terms(self) -> None:
        assert len(CLASSES) >= 14 and len(OBJECT_PROPERTIES) >= 10 and len(DATATYPE_PROPERTIES) >= 20


@pytest.mark.parametrize("term", TERMS, ids=_local)
class TestEveryTerm:
    def test_labels_in_chinese_and_english(self, term: URIRef) -> None:
        langs = {lit.language for lit in ONTOLOGY.objects(term, RDFS.label)
                 if isinstance(lit, Literal)}
        assert {"zh", "en"} <= langs

    def test_comment(self, term: URIRef) -> None:
        comments = [str(c) for c in ONTOLOGY.objects(term, RDFS.comment)]
        assert comments and all(len(c) > 15 for c in comments)

    def test_defined_by_the_ontology(self, term: URIRef) -> None:
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ONTOLOGY


@pytest.mark.parametrize("prop", OBJECT_PROPERTIES, ids=_local)
def test_object_properties_have_domain_and_range(prop: URIRef) -> None:
    assert ONTOLOGY.value(prop, RDFS.domain) is not None
    assert ONTOLOGY.value(prop, RDFS.range) is not None


@pytest.mark.parametrize("prop", DATATYPE_PROPERTIES, ids=_local)
def test_datatype_properties_have_domain_and_xsd_or_rdf_range(prop: URIRef) -> None:
    assert ONTOLOGY.value(prop, RDFS.domain) is not None
    rng = ONTOLOGY.value(prop, RDFS.range)
    assert rng is not None and (str(rng).startswith(str(rdflib.XSD)) or rng == RDF.JSON)


def test_every_kg_iri_used_is_declared() -> None:
    used = {t for triple in ONTOLOGY for t in triple if _ours(t)}
    assert used <= set(TERMS), sorted(used - set(TERMS))


class TestContract:
    """The ontology covers graph/schema.py."""

    @pytest.mark.parametrize("label", [*s.NODE_LABELS, *s.INFRASTRUCTURE_KINDS])
    def test_every_label_is_a_class(self, label: str) -> None:
        assert KG[label] in CLASSES

    @pytest.mark.parametrize("kind", s.INFRASTRUCTURE_KINDS)
    def test_kinds_are_infrastructure(self, kind: str) -> None:
        assert (KG[kind], RDFS.subClassOf, KG.Infrastructure) in ONTOLOGY

    @pytest.mark.parametrize("rel_type", s.RELATIONSHIP_TYPES)
    def test_every_relationship_type_is_a_property(self, rel_type: str) -> None:
        assert rdf.RELATIONSHIP_PREDICATES[rel_type] in OBJECT_PROPERTIES

    @pytest.mark.parametrize(
        ("label", "prop"),
        [(label, p) for label, props in rdf.NODE_PROPERTIES.items() for p in props],
        ids=lambda x: x if isinstance(x, str) else x.key,
    )
    def test_every_mapped_property_is_declared(self, label: str, prop: rdf.Prop) -> None:
        # Ours or an external term the ontology declares (dcterms:title, prov:value …).
        declared = {*ONTOLOGY.subjects(RDF.type, OWL.DatatypeProperty),
                    *ONTOLOGY.subjects(RDF.type, OWL.ObjectProperty)}
        assert prop.predicate in declared

    def test_roles_qualify_the_three_role_properties(self) -> None:
        assert set(rdf.ROLE_INDIVIDUALS.values()) == set(ONTOLOGY.subjects(RDF.type, KG.Role))

    def test_succession_is_qualified_and_keeps_its_year(self) -> None:
        assert ONTOLOGY.value(KG.succeededBy, RDFS.domain) == KG.Agency
        assert ONTOLOGY.value(KG.succeededBy, RDFS.range) == KG.Agency
        assert (KG.qualifiedSuccession, RDFS.range, KG.Succession) in ONTOLOGY
        for prop in (KG.predecessor, KG.successor):
            assert (prop, RDF.type, OWL.FunctionalProperty) in ONTOLOGY
            assert ONTOLOGY.value(prop, RDFS.domain) == KG.Succession
            assert ONTOLOGY.value(prop, RDFS.range) == KG.Agency
        # kg:year is shared by documents and successions, and stays an integer.
        domain = ONTOLOGY.value(KG.year, RDFS.domain)
        members = set(Collection(ONTOLOGY, ONTOLOGY.value(domain, OWL.unionOf)))
        assert members == {KG.Document, KG.Succession}
        assert ONTOLOGY.value(KG.year, RDFS.range) == rdflib.XSD.integer


class TestAlignment:
    def test_agency_is_a_w3c_organization(self) -> None:
        assert (KG.Agency, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) \
            in ONTOLOGY
        assert (KG.memberOf, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#memberOf")) \
            in ONTOLOGY

    def test_evidence_is_prov(self) -> None:
        assert (KG.Evidence, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) \
            in ONTOLOGY

    def test_year_is_integer_and_dates_are_xsd_date(self) -> None:
        assert ONTOLOGY.value(KG.year, RDFS.range) == rdflib.XSD.integer
        assert ONTOLOGY.value(KG.signed, RDFS.range) == rdflib.XSD.date
        assert ONTOLOGY.value(KG.conflict, RDFS.range) == rdflib.XSD.boolean


class TestShapes:
    @pytest.mark.parametrize(
        "cls",
        [KG.Document, KG.Section, KG.Task, KG.Agency, KG.Infrastructure, KG.Responsibility,
         KG.Involvement, KG.Succession, KG.Evidence],
        ids=_local,
    )
    def test_a_node_shape_per_main_class(self, cls: URIRef) -> None:
        shapes = set(SHAPES.subjects(SH.targetClass, cls))
        assert shapes and all((sh, RDF.type, SH.NodeShape) in SHAPES for sh in shapes)

    def test_shapes_use_only_declared_terms(self) -> None:
        used = {t for triple in SHAPES for t in triple if _ours(t)}
        assert used <= set(TERMS), sorted(used - set(TERMS))

    def test_shapes_graph_is_valid_shacl(self) -> None:
        from pyshacl.entrypoints import meta_validate

        # SHACL-for-SHACL; TaskShape's nested path needs more than pyshacl's default depth.
        conforms, _, text = meta_validate(SHAPES, max_validation_depth=40)
        assert conforms, text


def test_bundled_export_is_owl_rl_consistent(bundled_graph: nx.MultiDiGraph) -> None:
    """Domains, ranges and disjointness agree with the data: the OWL-RL closure of ontology +
    export puts no node in two disjoint classes (e.g. evidence inferred a Responsibility)."""
    import owlrl

    def closure_of(*graphs: Graph) -> Graph:
        """The graphs' union in a store without contexts (owlrl needs none; 30 % faster)."""
        union = Graph(store="SimpleMemory")
        for g in graphs:
            for triple in g:
                union.add(triple)
        return union

    closure = closure_of(rdf.to_rdf(bundled_graph), rdf.ontology())
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    errors = [str(o) for _, p, o in closure if str(p).endswith("agent-ont#error")]
    # owlrl rejects the lexical form "0.0" of xsd:double, which XML Schema allows.
    errors = [e for e in errors if not e.startswith("Lexical value of the literal '0.0'")]
    assert errors == []
    # And the check bites: a node that is both an Agency and a Task.
    from tests.helpers.rdf_samples import sample_graph

    # A succession's year does not make it a Document (kg:year's domain is a union).
    succession = sample_graph()
    for name in ("省卫计委", "省卫健委"):
        succession.add_node(s.agency_id(name), labels=(s.AGENCY,), id=s.agency_id(name),
                            name=name, kind="provincial_department", aliases=[])
    succession.add_edge(s.agency_id("省卫计委"), s.agency_id("省卫健委"), key=s.SUCCEEDED_BY,
                        type=s.SUCCEEDED_BY, year=2018)
    closure = closure_of(rdf.to_rdf(succession), rdf.ontology())
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    errors = [str(o) for _, p, o in closure if str(p).endswith("agent-ont#error")]
    assert [e for e in errors if not e.startswith("Lexical value of the literal '0.0'")] == []

    broken = closure_of(rdf.to_rdf(sample_graph()), rdf.ontology())
    broken.add((rdf.node_iri("agency/省发改委"), RDF.type, KG.Task))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(broken)
    assert any("Disjoint classes" in str(o) for _, p, o in broken
               if str(p).endswith("agent-ont#error"))
