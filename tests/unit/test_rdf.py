"""The graph as RDF (graph/rdf/): IRIs, exports, round trips, SHACL, SPARQL, CLI.

The main tests run on the bundled 2015 document; tests/helpers/rdf_samples.py is a small
hand-built graph for the tests that need a known, tiny input (the broken-graph SHACL cases
among them). Nested numbering, local bodies and Traditional sources come from the fixtures in
tests/data; successions need two agencies that no single fixture names together, so those
tests add them to the sample graph."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph import rdf
from graph import schema as s
from graph.build import add_successions, build_graph
from graph.exporters import exporters
from graph.rdf import KG
from loaders import read_document
from loaders.agencies import AgencyRegistry
from tests.helpers.cli import run_kg as kg
from tests.helpers.paths import DATA
from tests.helpers.rdf_samples import DOC as SAMPLE_DOC
from tests.helpers.rdf_samples import ROLE_VALUES, sample_graph

pytestmark = pytest.mark.slow

RDF_FORMATS = tuple(rdf.FORMATS)


@pytest.fixture(scope="module")
def g(bundled_graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return bundled_graph


@pytest.fixture(scope="module")
def g_rdf(g: nx.MultiDiGraph) -> Graph:
    return rdf.to_rdf(g)


@pytest.fixture(scope="module")
def parsed_back(g: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory
                ) -> Callable[[str], Graph]:
    """The bundled graph written by a format's exporter and read back from the file, once per
    format (a second or so each)."""
    done: dict[str, Graph] = {}

    def get(fmt: str) -> Graph:
        if fmt not in done:
            out = tmp_path_factory.mktemp("export") / f"export.{fmt}"
            exporters()[fmt].write(g, out)
            done[fmt] = rdf.read_rdf(out)
        return done[fmt]
    return get


def _primary(g: nx.MultiDiGraph, node: str) -> str:
    return str(g.nodes[node]["labels"][0])


def _role_edges(g: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [(u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if k in s.ROLE_TYPES]


# ---------------------------------------------------------------------------------------------
# IRIs
# ---------------------------------------------------------------------------------------------


class TestIris:
    @pytest.mark.parametrize(("node_id", "encoded"), [
        ("agency/省发改委", "agency/省发改委"),
        ("infra/数字福建（长乐）云计算中心", "infra/数字福建（长乐）云计算中心"),
        ("infra/a b", "infra/a%20b"),
        ("x#y?z%", "x%23y%3Fz%25"),
        ('q"<>{}|\\^`', "q%22%3C%3E%7B%7D%7C%5C%5E%60"),
        ("\u3000全角空格", "%E3%80%80全角空格"),
    ])
    def test_encode(self, node_id: str, encoded: str) -> None:
        assert rdf.encode_id(node_id) == encoded
        assert rdf.node_id_of(rdf.node_iri(node_id)) == node_id

    @given(st.text(min_size=1, max_size=40))
    def test_any_id_round_trips_through_ntriples(self, node_id: str) -> None:
        iri = rdf.node_iri(node_id)
        assert rdf.node_id_of(iri) == node_id
        one = Graph()
        one.add((iri, KG.name, Literal("x")))
        back = rdf.parse(rdf.serialize(one, "nt"), "nt")
        assert {rdf.node_id_of(subj) for subj in back.subjects()} == {node_id}

    def test_foreign_iri_is_not_a_node(self) -> None:
        assert rdf.node_id_of(URIRef("http://example.org/x")) is None


# ---------------------------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------------------------


def test_rdf_exporters_are_registered() -> None:
    assert set(RDF_FORMATS) <= set(exporters())


@pytest.mark.parametrize("fmt", RDF_FORMATS)
class TestExport:
    def test_parses_back_to_the_same_graph(self, fmt: str, g_rdf: Graph,
                                           parsed_back: Callable[[str], Graph]) -> None:
        back = parsed_back(fmt)
        assert len(back) == len(g_rdf) and isomorphic(back, g_rdf)

    def test_counts_equal_the_networkx_graph(self, fmt: str, g: nx.MultiDiGraph,
                                            parsed_back: Callable[[str], Graph]) -> None:
        back = parsed_back(fmt)
        counts = rdf.rdf_counts(back)
        assert counts == rdf.nx_counts(g)
        assert counts[s.TASK] == 38 and counts[s.AGENCY] == 41
        assert counts["Responsibility"] == len(_role_edges(g)) > 100

    def test_stdout(self, fmt: str, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        exporters()[fmt].write(sample_graph(), None)
        assert len(rdf.parse(capsysbinary.readouterr().out, fmt)) == len(rdf.to_rdf(sample_graph()))


def test_the_export_conforms_to_the_shapes(g_rdf: Graph) -> None:
    """Validated once: every format parses back to this very graph (TestExport)."""
    conforms, report = rdf.validate(g_rdf)
    assert conforms, report


def test_jsonld_uses_an_inline_context(g_rdf: Graph) -> None:
    doc = json.loads(rdf.serialize(g_rdf, "jsonld"))
    assert doc["@context"]["kg"] == str(KG)


def test_only_ontology_terms_are_written(g_rdf: Graph) -> None:
    ontology = rdf.ontology()
    declared = set(ontology.subjects())
    builtin = {URIRef(str(RDF.type)), URIRef(str(RDFS.label))}
    predicates = set(g_rdf.predicates())
    assert predicates - builtin <= declared, sorted(map(str, predicates - builtin - declared))
    classes = set(g_rdf.objects(None, RDF.type))
    assert classes <= declared, sorted(map(str, classes - declared))


# ---------------------------------------------------------------------------------------------
# Round trip
# ---------------------------------------------------------------------------------------------


def _normal_nodes(g: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    out = {}
    for node, attrs in g.nodes(data=True):
        out[node] = {k: sorted(v) if isinstance(v, list) else v
                     for k, v in attrs.items() if v is not None}
        out[node]["labels"] = tuple(attrs["labels"])
    return out


def _normal_edges(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    out = {}
    for u, v, k, attrs in g.edges(keys=True, data=True):
        d = {key: val for key, val in attrs.items() if val is not None}
        evidence = d.pop("evidence", [])
        quotes = d.pop("quotes", [])
        # RDF keeps no order: compare spans with their quotes, sorted by offset.
        d["spans"] = sorted(zip(evidence, quotes or [None] * len(evidence), strict=True),
                            key=lambda eq: rdf.parse_span(eq[0]))
        out[(u, v, k)] = d
    return out


class TestRoundTrip:
    @pytest.mark.parametrize("fmt", RDF_FORMATS)
    def test_from_rdf_gives_back_the_graph(self, fmt: str, g: nx.MultiDiGraph,
                                           parsed_back: Callable[[str], Graph]) -> None:
        back = rdf.from_rdf(parsed_back(fmt))
        assert _normal_nodes(back) == _normal_nodes(g)
        assert _normal_edges(back) == _normal_edges(g)

    def test_relationship_properties_survive(self, g: nx.MultiDiGraph, g_rdf: Graph) -> None:
        _, rows = rdf.sparql(g_rdf, """
            SELECT ?agency ?task ?role ?verb ?occ ?start ?end ?quote WHERE {
                ?r a kg:Responsibility ; kg:agency ?agency ; kg:task ?task ; kg:role ?role ;
                   kg:verb ?verb ; kg:occurrences ?occ ; prov:wasDerivedFrom ?e .
                ?e kg:startOffset ?start ; kg:endOffset ?end ; prov:value ?quote .
            }""")
        roles = {str(iri): rel for rel, iri in rdf.ROLE_INDIVIDUALS.items()}
        got = {(rdf.node_id_of(URIRef(r["agency"])), rdf.node_id_of(URIRef(r["task"])),
                roles[r["role"]], r["verb"], r["occ"], f"{r['start']}-{r['end']}", r["quote"])
               for r in rows}
        want = {(u, v, k, d["verb"], d["occurrences"], ev, q)
                for u, v, k, d in _role_edges(g)
                for ev, q in zip(d["evidence"], d["quotes"], strict=True)}
        assert got == want

    def test_every_graph_property_has_a_term(self, g: nx.MultiDiGraph) -> None:
        # Fails when the builder grows a property the ontology has no term for.
        assert rdf.unmapped_properties(g) == set()

    def test_sample_round_trips(self) -> None:
        sample = sample_graph()
        back = rdf.from_rdf(rdf.to_rdf(sample))
        assert _normal_nodes(back) == _normal_nodes(sample)
        assert _normal_edges(back) == _normal_edges(sample)


# ---------------------------------------------------------------------------------------------
# Nested numbering, local bodies and scripts (fixtures from tests/data)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixtures_graph() -> nx.MultiDiGraph:
    """A 福州市 plan numbered per heading (1.1, 2.1.1 …) and a 2014 plan in Traditional."""
    return build_graph([read_document(DATA / name) for name in
                        ("lead_unit_fuzhou_2025.txt", "verb_clause_2014_traditional.txt")])


def _document(g: nx.MultiDiGraph, place: str) -> str:
    return next(n for n, d in g.nodes(data=True)
                if d["labels"][0] == s.DOCUMENT and d.get("place") == place and d["year"] == 2025)


class TestNewProperties:
    def test_every_property_has_a_term(self, fixtures_graph: nx.MultiDiGraph) -> None:
        assert rdf.unmapped_properties(fixtures_graph) == set()

    def test_the_fixtures_hold_every_new_property(self, fixtures_graph: nx.MultiDiGraph) -> None:
        # Otherwise the round trip below would prove nothing about them.
        keys = {(d["labels"][0], k) for _, d in fixtures_graph.nodes(data=True)
                for k, v in d.items() if v is not None}
        assert {(s.TASK, "label"), (s.TASK, "subsection"), (s.DOCUMENT, "script"),
                (s.DOCUMENT, "place"), (s.AGENCY, "qualified_name")} <= keys

    @pytest.mark.parametrize("fmt", RDF_FORMATS)
    def test_round_trip(self, fmt: str, fixtures_graph: nx.MultiDiGraph) -> None:
        back = rdf.from_rdf(rdf.parse(rdf.serialize(fixtures_graph, fmt), fmt))
        assert _normal_nodes(back) == _normal_nodes(fixtures_graph)
        assert _normal_edges(back) == _normal_edges(fixtures_graph)

    def test_conforms(self, fixtures_graph: nx.MultiDiGraph) -> None:
        conforms, report = rdf.validate(fixtures_graph)
        assert conforms, report

    def test_task_labels_and_subsections(self, fixtures_graph: nx.MultiDiGraph) -> None:
        doc = _document(fixtures_graph, "福州市")
        _, rows = rdf.sparql(fixtures_graph, """
            SELECT ?number ?label ?section ?subsection WHERE {
                ?t kg:document ?doc ; kg:number ?number ; kg:taskLabel ?label .
                OPTIONAL { ?t kg:sectionNumber ?section }
                OPTIONAL { ?t kg:subsectionNumber ?subsection }
            }""", {"doc": rdf.node_iri(doc)})
        got = {r["number"]: (r["label"], r["section"], r["subsection"]) for r in rows}
        want = {d["number"]: (d["label"], d["section"], d.get("subsection"))
                for _, d in fixtures_graph.nodes(data=True)
                if d["labels"][0] == s.TASK and d["document_id"] == doc}
        assert got == want
        assert got[1] == ("1.1", 1, None) and got[3] == ("2.1.1", 2, 1)
        # The label is a string: "2.1.1", not a number, and typed xsd:string.
        assert rdf.sparql(fixtures_graph, 'ASK { ?t kg:taskLabel "2.1.1" }')[1] == [{"ask": True}]

    def test_place_script_and_qualified_name(self, fixtures_graph: nx.MultiDiGraph) -> None:
        _, rows = rdf.sparql(fixtures_graph, """
            SELECT ?year ?script ?place WHERE {
                ?d a kg:Document ; kg:year ?year ; kg:sourceScript ?script .
                OPTIONAL { ?d kg:issuingPlace ?place } }""")
        assert sorted((r["year"], r["script"], r["place"]) for r in rows) == [
            (2014, "traditional", "福建省"), (2025, "simplified", "福州市")]
        _, rows = rdf.sparql(fixtures_graph, """
            SELECT ?name WHERE { ?a kg:qualifiedName "福州市发改委" ; kg:name ?name }""")
        assert rows == [{"name": "市发改委"}]
        # The home province's bodies have no qualified name: their kg:name is unique.
        _, rows = rdf.sparql(fixtures_graph, """
            SELECT ?a ?q WHERE { ?a kg:name "省发改委" . OPTIONAL { ?a kg:qualifiedName ?q } }""")
        assert [r["q"] for r in rows] == [None]

    def test_bad_script_is_reported(self, fixtures_graph: nx.MultiDiGraph) -> None:
        broken = fixtures_graph.copy()
        broken.nodes[_document(broken, "福州市")]["script"] = "cyrillic"
        conforms, report = rdf.validate(broken)
        assert not conforms and "kg:sourceScript" in report and "simplified" in report


# ---------------------------------------------------------------------------------------------
# Successions (SUCCEEDED_BY)
# ---------------------------------------------------------------------------------------------

OLD, NEW = s.agency_id("省卫计委"), s.agency_id("省卫健委")


def _with_succession(year: int | None = 2018) -> nx.MultiDiGraph:
    """The sample graph with 省卫计委 and 省卫健委, linked as graph.build links them."""
    g = sample_graph()
    for name, full in (("省卫计委", "福建省卫生和计划生育委员会"),
                       ("省卫健委", "福建省卫生健康委员会")):
        aid = s.agency_id(name)
        g.add_node(aid, labels=(s.AGENCY,), id=aid, name=name, full_name=full,
                   kind="provincial_department", aliases=[])
    add_successions(g, AgencyRegistry.bundled())
    if year != 2018:
        g.edges[OLD, NEW, s.SUCCEEDED_BY]["year"] = year
    return g


class TestSuccession:
    def test_the_builder_links_both_agencies(self) -> None:
        g = _with_succession()
        assert g.edges[OLD, NEW, s.SUCCEEDED_BY] == {"type": s.SUCCEEDED_BY, "year": 2018}
        # Only successions between agencies of the graph: none in the sample alone.
        assert not any(k == s.SUCCEEDED_BY for _, _, k in sample_graph().edges(keys=True))

    def test_direct_and_qualified_forms(self) -> None:
        _, rows = rdf.sparql(_with_succession(), """
            SELECT ?old ?new ?year WHERE {
                ?a kg:succeededBy ?b ; kg:qualifiedSuccession ?q ; kg:name ?old .
                ?q a kg:Succession ; kg:predecessor ?a ; kg:successor ?b ; kg:year ?year .
                ?b kg:name ?new . }""")
        assert rows == [{"old": "省卫计委", "new": "省卫健委", "year": 2018}]

    @pytest.mark.parametrize("year", [2018, None])
    @pytest.mark.parametrize("fmt", RDF_FORMATS)
    def test_round_trip_keeps_the_year(self, fmt: str, year: int | None) -> None:
        g = _with_succession(year)
        back = rdf.from_rdf(rdf.parse(rdf.serialize(g, fmt), fmt))
        assert _normal_nodes(back) == _normal_nodes(g)
        assert _normal_edges(back) == _normal_edges(g)
        assert back.edges[OLD, NEW, s.SUCCEEDED_BY].get("year") == year

    def test_year_is_an_integer(self) -> None:
        g_rdf = rdf.to_rdf(_with_succession())
        years = list(g_rdf.objects(None, KG.year))
        assert years and all(y.datatype == XSD.integer for y in years
                             if isinstance(y, Literal))
        _, rows = rdf.sparql(g_rdf, "SELECT ?q WHERE { ?q a kg:Succession ; kg:year ?y "
                                    "FILTER (?y >= 2018) }")
        assert len(rows) == 1

    def test_counts(self) -> None:
        g = _with_succession()
        counts = rdf.rdf_counts(rdf.to_rdf(g))
        assert counts == rdf.nx_counts(g)
        assert counts[s.SUCCEEDED_BY] == counts["Succession"] == 1

    def test_every_property_has_a_term(self) -> None:
        g = _with_succession()
        assert rdf.unmapped_properties(g) == set()
        g.edges[OLD, NEW, s.SUCCEEDED_BY]["note"] = "merged"
        assert rdf.unmapped_properties(g) == {(s.SUCCEEDED_BY, "note")}

    def test_conforms(self) -> None:
        conforms, report = rdf.validate(_with_succession())
        assert conforms, report

    def test_only_agencies_succeed_agencies(self) -> None:
        g = _with_succession()
        task = s.task_id("fj-2015-digital-fujian", 11)
        g.add_edge(task, NEW, key=s.SUCCEEDED_BY, type=s.SUCCEEDED_BY, year=2018)
        g.add_edge(OLD, task, key=s.SUCCEEDED_BY, type=s.SUCCEEDED_BY, year=2018)
        conforms, report = rdf.validate(g)
        assert not conforms
        assert "/task/11: Only an Agency is succeeded by another" in report
        assert "agency/省卫计委 kg:succeededBy" in report and "to an Agency" in report
        assert "kg:successor" in report and "kg:predecessor" in report

    def test_implausible_year_is_reported(self) -> None:
        conforms, report = rdf.validate(_with_succession(18))
        assert not conforms and "plausible integer year" in report


# ---------------------------------------------------------------------------------------------
# SHACL
# ---------------------------------------------------------------------------------------------

Breaker = Callable[[nx.MultiDiGraph, str], None]


def _task_without_number(g: nx.MultiDiGraph, doc: str) -> None:
    del g.nodes[s.task_id(doc, 11)]["number"]


def _responsibility_from_task_to_agency(g: nx.MultiDiGraph, doc: str) -> None:
    g.add_edge(s.task_id(doc, 11), "agency/省发改委", key=s.LEADS, type=s.LEADS, verb="负责",
               occurrences=1, evidence=["1-5"], quotes=["省发改委负责"])


def _task_lost_its_agencies(g: nx.MultiDiGraph, doc: str) -> None:
    tid = s.task_id(doc, 11)
    g.remove_edges_from([(u, v, k) for u, v, k in g.in_edges(tid, keys=True)
                         if k in s.ROLE_TYPES])


def _infrastructure_without_kind(g: nx.MultiDiGraph, doc: str) -> None:
    node = g.nodes["infra/政务云平台"]
    node["labels"] = (s.INFRASTRUCTURE,)
    del node["kind"]


def _agency_without_name(g: nx.MultiDiGraph, doc: str) -> None:
    del g.nodes["agency/省发改委"]["name"]


def _document_without_title(g: nx.MultiDiGraph, doc: str) -> None:
    del g.nodes[doc]["title"]


@pytest.mark.parametrize(("breaker", "focus", "words"), [
    (_task_without_number, "/task/11 kg:number", "exactly one positive integer kg:number"),
    (_responsibility_from_task_to_agency, "/task/11: Only an Agency", "leads"),
    (_responsibility_from_task_to_agency, "/task/11 kg:leads", "from an Agency to a Task"),
    (_responsibility_from_task_to_agency, "/task/11/LEADS/agency/省发改委 kg:task", "a Task"),
    (_task_lost_its_agencies, "/task/11:", "unless it is flagged kg:withoutClause"),
    (_infrastructure_without_kind, "infra/政务云平台 kg:infrastructureKind", "exactly one"),
    (_agency_without_name, "agency/省发改委 kg:name", "exactly one non-empty kg:name"),
    (_document_without_title, " dcterms:title", "exactly one non-empty dcterms:title"),
], ids=lambda x: x.__name__.strip("_") if callable(x) else None)
def test_broken_graph_fails_with_a_readable_report(breaker: Breaker, focus: str, words: str) -> None:
    """Each break of a conforming graph (a slice of the 2015 plan, small enough to validate
    quickly) is reported, on the node it concerns, in words."""
    broken = sample_graph()  # conforms before the break: test_task_flagged_without_clause_conforms
    breaker(broken, SAMPLE_DOC)
    conforms, report = rdf.validate(broken)
    assert not conforms
    lines = report.splitlines()
    assert lines[0].startswith("Conforms: no")
    assert any(focus in line and words in line for line in lines), report
    assert "https://" not in report  # node ids and prefixed names, not raw IRIs


def test_direct_and_qualified_forms_must_agree() -> None:
    broken = rdf.to_rdf(sample_graph())
    agency, task = rdf.node_iri("agency/省发改委"), next(iter(broken.objects(
        rdf.node_iri("agency/省发改委"), KG.leads)))
    broken.remove((agency, KG.leads, task))  # the qualified node stays
    broken.add((agency, KG.cooperatesOn, task))  # a direct triple without a qualified node
    conforms, report = rdf.validate(broken)
    assert not conforms
    assert "has no direct kg:leads" in report
    assert "kg:cooperatesOn" in report and "has no kg:qualifiedResponsibility" in report


def test_task_flagged_without_clause_conforms() -> None:
    sample = sample_graph()
    task3 = s.task_id("fj-2015-digital-fujian", 3)
    assert sample.nodes[task3]["clauses"] == []
    flagged = rdf.sparql(sample, "SELECT ?n WHERE { ?t kg:withoutClause true ; kg:number ?n }")
    assert flagged[1] == [{"n": 3}]
    assert rdf.validate(sample)[0]


def test_without_clause_matches_the_quality_report(g: nx.MultiDiGraph) -> None:
    doc = next(n for n in g if _primary(g, n) == s.DOCUMENT)
    expected = json.loads(g.nodes[doc]["quality"])["tasks_without_clause"]
    _, rows = rdf.sparql(g, "SELECT ?n WHERE { ?t kg:withoutClause true ; kg:number ?n }")
    assert sorted(r["n"] for r in rows) == sorted(expected)


# ---------------------------------------------------------------------------------------------
# SPARQL answers equal networkx computations
# ---------------------------------------------------------------------------------------------


class TestSparqlMatchesNetworkx:
    def test_tasks_of_an_agency(self, g: nx.MultiDiGraph, g_rdf: Graph) -> None:
        _, rows = rdf.sparql(g_rdf, f"""
            SELECT ?number ?relation WHERE {{
                ?a kg:name "省发改委" ; ?p ?t . {ROLE_VALUES}
                ?t kg:number ?number .
            }}""")
        want = {(g.nodes[v]["number"], k) for _, v, k in g.out_edges("agency/省发改委", keys=True)
                if k in s.ROLE_TYPES}
        assert {(r["number"], r["relation"]) for r in rows} == want
        assert len(want) == 14

    def test_tasks_of_an_agency_by_alias(self, g: nx.MultiDiGraph, g_rdf: Graph) -> None:
        _, rows = rdf.sparql(g_rdf, """
            SELECT DISTINCT ?number WHERE {
                ?a kg:alias "省发展改革委" ; kg:leads|kg:responsibleFor|kg:cooperatesOn ?t .
                ?t kg:number ?number .
            }""")
        want = {g.nodes[v]["number"] for _, v, k in g.out_edges("agency/省发改委", keys=True)
                if k in s.ROLE_TYPES}
        assert {r["number"] for r in rows} == want

    def test_who_builds_the_government_cloud(self, g: nx.MultiDiGraph, g_rdf: Graph) -> None:
        _, rows = rdf.sparql(g_rdf, f"""
            SELECT DISTINCT ?agency ?relation ?number WHERE {{
                ?i kg:name "政务云平台" . ?t kg:involves ?i ; kg:number ?number .
                ?a ?p ?t ; kg:name ?agency . {ROLE_VALUES}
            }}""")
        want = {(g.nodes[a]["name"], k, g.nodes[t]["number"])
                for t, _, kt in g.in_edges("infra/政务云平台", keys=True) if kt == s.INVOLVES
                for a, _, k in g.in_edges(t, keys=True) if k in s.ROLE_TYPES}
        assert {(r["agency"], r["relation"], r["number"]) for r in rows} == want
        assert ("省经济信息中心", s.LEADS, 11) in want

    def test_who_builds_every_infrastructure(self, g: nx.MultiDiGraph, g_rdf: Graph) -> None:
        _, rows = rdf.sparql(g_rdf, """
            SELECT DISTINCT ?infra ?agency WHERE {
                ?t kg:involves ?i . ?i kg:name ?infra .
                ?a kg:leads|kg:responsibleFor|kg:cooperatesOn ?t . ?a kg:name ?agency .
            }""")
        want = {(g.nodes[i]["name"], g.nodes[a]["name"])
                for t, i, kt in g.edges(keys=True) if kt == s.INVOLVES
                for a, _, k in g.in_edges(t, keys=True) if k in s.ROLE_TYPES}
        assert {(r["infra"], r["agency"]) for r in rows} == want

    def test_agency_workload(self, g: nx.MultiDiGraph, g_rdf: Graph) -> None:
        _, rows = rdf.sparql(g_rdf, f"""
            SELECT ?agency ?relation (COUNT(DISTINCT ?t) AS ?tasks) WHERE {{
                ?a ?p ?t ; kg:name ?agency . {ROLE_VALUES}
            }} GROUP BY ?agency ?relation""")
        want = Counter((g.nodes[u]["name"], k) for u, _, k, _ in _role_edges(g))
        assert {(r["agency"], r["relation"]): r["tasks"] for r in rows} == dict(want)

    def test_workload_measures_on_agency_nodes(self, g: nx.MultiDiGraph, g_rdf: Graph) -> None:
        _, rows = rdf.sparql(g_rdf, """
            SELECT ?name ?led ?resp ?coop ?total WHERE {
                ?a a kg:Agency ; kg:name ?name ; kg:tasksLed ?led ; kg:tasksResponsible ?resp ;
                   kg:tasksCooperating ?coop ; kg:tasksTotal ?total . }""")
        for r in rows:
            attrs = g.nodes[s.agency_id(r["name"])]
            assert (r["led"], r["resp"], r["coop"], r["total"]) == (
                attrs["tasks_led"], attrs["tasks_responsible"], attrs["tasks_cooperating"],
                attrs["tasks_total"])
        assert len(rows) == 41


# ---------------------------------------------------------------------------------------------
# SPARQL: read-only, clean errors
# ---------------------------------------------------------------------------------------------


class TestSparqlInterface:
    @pytest.mark.parametrize("update", [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "PREFIX ex: <http://ex/> DELETE { ?s ?p ?o } INSERT { ?s ex:x 1 } WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <http://example.org/g>",
        "CREATE GRAPH <http://example.org/g>",
    ])
    def test_updates_are_refused_and_change_nothing(self, update: str) -> None:
        data = rdf.to_rdf(sample_graph())
        before = len(data)
        with pytest.raises(rdf.UpdateRefused, match="read-only"):
            rdf.sparql(data, update)
        assert len(data) == before

    @pytest.mark.parametrize(("query", "message"), [
        ("", "empty"),
        ("SELECT * WHERE { ?s ?p }", "syntax error at line 1"),
        ("SELECT * WHERE { ?s ex:p ?o }", "Unknown namespace prefix"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://example.org/x.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ])
    def test_bad_queries_give_one_line(self, query: str, message: str) -> None:
        with pytest.raises(rdf.SparqlError, match=message) as info:
            rdf.sparql(sample_graph(), query)
        assert "\n" not in str(info.value)

    def test_query_kinds(self) -> None:
        sample = rdf.to_rdf(sample_graph())
        assert rdf.sparql(sample, "ASK { ?a kg:leads ?t }") == (["ask"], [{"ask": True}])
        cols, rows = rdf.sparql(sample, "CONSTRUCT { ?a kg:leads ?t } WHERE { ?a kg:leads ?t }")
        assert cols == ["subject", "predicate", "object"] and len(rows) == 6
        cols, rows = rdf.sparql(sample, """
            SELECT ?title ?issued ?year ?conflict WHERE {
                ?d dcterms:title ?title ; dcterms:issued ?issued ; kg:year ?year .
                OPTIONAL { ?t kg:conflict ?conflict ; kg:number 1 } }""")
        assert rows == [{"title": "福建省人民政府办公厅关于印发2015年数字福建工作要点的通知",
                         "issued": "2015-02-28", "year": 2015, "conflict": True}]

    def test_params_prebind_variables(self) -> None:
        query = "SELECT ?n WHERE { ?a kg:name ?agency ; kg:leads ?t . ?t kg:number ?n }"
        _, rows = rdf.sparql(sample_graph(), query, {"agency": "省经济信息中心"})
        assert rows == [{"n": 11}]
        # None leaves the variable free; a value a SPARQL term cannot hold is bad input.
        assert len(rdf.sparql(sample_graph(), query, {"agency": None})[1]) == 6
        with pytest.raises(rdf.SparqlError, match="parameter agency"):
            rdf.sparql(sample_graph(), query, {"agency": ["a", "b"]})

    def test_unbound_is_none(self) -> None:
        _, rows = rdf.sparql(sample_graph(), """
            SELECT ?name ?en WHERE { ?a kg:name "各有关部门" ; kg:name ?name
                                     OPTIONAL { ?a kg:nameEn ?en } }""")
        assert rows == [{"name": "各有关部门", "en": None}]


# ---------------------------------------------------------------------------------------------
# CLI, as a user runs it (in-process: tests.helpers.cli)
# ---------------------------------------------------------------------------------------------


class TestCli:
    def test_validate_bundled(self) -> None:
        result = kg("validate")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Conforms: yes")

    def test_validate_broken_export_exits_1(self, tmp_path: Path) -> None:
        broken = sample_graph()
        _task_without_number(broken, SAMPLE_DOC)
        path = tmp_path / "broken.ttl"
        path.write_bytes(rdf.serialize(broken, "ttl"))
        result = kg("validate", str(path))
        assert result.returncode == 1
        assert "Conforms: no" in result.stdout and "kg:number" in result.stdout

    def test_sparql_json(self) -> None:
        result = kg("sparql", "--json",
                    'SELECT ?n WHERE { ?a kg:name "省发改委" ; kg:leads ?t . ?t kg:number ?n }')
        assert result.returncode == 0, result.stderr
        payload = json.loads(result.stdout)
        assert payload["columns"] == ["n"] and payload["count"] == 14

    def test_sparql_param(self) -> None:
        result = kg("sparql", "--json", "-p", "agency=省发改委", "-p", "n=7",
                    "ASK { ?a kg:name ?agency ; kg:leads ?t . ?t kg:number ?n }")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["rows"] == [{"ask": True}]

    def test_sparql_table_on_a_document_file(self, tmp_path: Path) -> None:
        from loaders import BUNDLED_DOCUMENT

        result = kg("sparql", "SELECT (COUNT(?t) AS ?tasks) WHERE { ?t a kg:Task }",
                    str(BUNDLED_DOCUMENT))
        assert result.returncode == 0, result.stderr
        assert "38" in result.stdout

    @pytest.mark.parametrize(("args", "message"), [
        (("sparql", "DELETE WHERE { ?s ?p ?o }"), "refused"),
        (("sparql", "SELECT WHERE"), "syntax error"),
        (("sparql", "ASK {}", "--param", "agency"), "NAME=VALUE"),
        (("validate", "/nonexistent/plan.txt"), "plan.txt"),
        (("sparql", "ASK {}", "/nonexistent/export.ttl"), "export.ttl"),
    ])
    def test_bad_input_one_line_exit_2(self, args: tuple[str, ...], message: str) -> None:
        result = kg(*args)
        assert result.returncode == 2
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
