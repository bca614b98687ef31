"""The graph as RDF against real parts: SPARQL answers equal the named Cypher queries on a
real FalkorDB, and the serialisation is the same in fresh processes whatever their hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph, URIRef

from graph import rdf
from tests.helpers.paths import ROOT
from tests.helpers.rdf_samples import ROLE_VALUES

pytestmark = pytest.mark.slow

# ---------------------------------------------------------------------------------------------
# SPARQL answers equal the named Cypher queries on a real FalkorDB
# ---------------------------------------------------------------------------------------------

# The SPARQL twin of each named query in queries/, returning the same columns; the named
# query's parameters are pre-bound variables of the same name.
SPARQL_TWINS: dict[str, str] = {
    "tasks_by_agency": """
        SELECT ?document ?number ?title ?relation ?verb ?section ?section_title WHERE {
            ?a a kg:Agency ; kg:name ?agency ; kg:qualifiedResponsibility ?r .
            ?r kg:task ?t ; kg:role ?role ; kg:verb ?verb .
            VALUES (?role ?relation) {
                (kg:Lead "LEADS") (kg:Responsible "RESPONSIBLE_FOR") (kg:Cooperating "COOPERATES_ON") }
            ?t kg:number ?number ; dcterms:title ?title ; kg:document ?document .
            OPTIONAL { ?s a kg:Section ; kg:hasTask ?t ; kg:number ?section .
                       OPTIONAL { ?s dcterms:title ?section_title } }
        }""",
    "who_builds": f"""
        SELECT ?infrastructure ?kind ?document ?task ?action ?agency ?relation WHERE {{
            ?t kg:qualifiedInvolvement ?q ; kg:number ?task ; kg:document ?document .
            ?q kg:infrastructure ?i . OPTIONAL {{ ?q kg:action ?action }}
            ?i kg:name ?infrastructure ; kg:infrastructureKind ?kind .
            FILTER (CONTAINS(?infrastructure, ?needle))
            OPTIONAL {{ ?a ?p ?t ; kg:name ?agency . {ROLE_VALUES} }}
        }}""",
    "agency_workload": """
        SELECT ?agency ?qualified_name ?kind (COUNT(DISTINCT ?t) AS ?tasks)
               (SUM(IF(?p = kg:leads, 1, 0)) AS ?led)
               (SUM(IF(?p = kg:responsibleFor, 1, 0)) AS ?responsible)
               (SUM(IF(?p = kg:cooperatesOn, 1, 0)) AS ?cooperating)
               (SAMPLE(?b) AS ?betweenness) WHERE {
            ?a a kg:Agency ; kg:name ?agency ; kg:agencyKind ?kind ; ?p ?t .
            FILTER (?p IN (kg:leads, kg:responsibleFor, kg:cooperatesOn))
            OPTIONAL { ?a kg:qualifiedName ?qualified_name }
            OPTIONAL { ?a kg:betweenness ?b }
        } GROUP BY ?a ?agency ?qualified_name ?kind""",
}


def _sparql_twin(g_rdf: Graph, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    # who_builds matches part of the name: the text is the needle, ?infrastructure the name.
    bound = {"needle" if k == "infrastructure" else k: v for k, v in params.items()}
    _, rows = rdf.sparql(g_rdf, SPARQL_TWINS[name], bound)
    for row in rows:
        if "document" in row:
            row["document"] = rdf.node_id_of(URIRef(row["document"]))
    return rows


def _multiset(rows: list[dict[str, Any]], columns: list[str]) -> Counter[tuple[Any, ...]]:
    def cell(value: Any) -> Any:
        return round(value, 6) if isinstance(value, float) else value

    return Counter(tuple(cell(row.get(c)) for c in columns) for row in rows)


@pytest.mark.parametrize(("name", "params"), [
    ("tasks_by_agency", {"agency": "省发改委"}),
    ("tasks_by_agency", {"agency": "省数字办", "relation": "LEADS"}),
    ("tasks_by_agency", {"agency": "省经济信息中心"}),
    ("who_builds", {"infrastructure": "政务云平台"}),
    ("who_builds", {"infrastructure": "数据中心"}),
    ("who_builds", {"infrastructure": "平台"}),
    ("agency_workload", {}),
    ("agency_workload", {"kind": "provincial_department"}),
])
def test_sparql_equals_named_cypher_on_falkordb(
    api_store: Any, bundled_graph: nx.MultiDiGraph, name: str, params: dict[str, Any]
) -> None:
    """``api_store``: the session's FalkorDB graph holding the bundled document."""
    from queries.catalog import run_query

    cypher = run_query(api_store, name, params)
    assert cypher.rows, "the example should have answers"
    rows = _sparql_twin(rdf.to_rdf(bundled_graph), name, params)
    assert _multiset(rows, cypher.columns) == _multiset(cypher.rows, cypher.columns)


def test_same_graph_same_bytes_in_every_process() -> None:
    """Fresh processes with two hash seeds write every RDF format byte for byte alike."""
    code = ("import hashlib, json, sys; from graph import rdf; from graph.build import load_graph;"
            "g = load_graph(); sys.stdout.write(json.dumps({f: hashlib.sha256(rdf.serialize(g, f))"
            ".hexdigest() for f in rdf.FORMATS}))")
    digests = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, timeout=120, cwd=ROOT,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")]
    assert digests[0] == digests[1]
    assert set(json.loads(digests[0])) == set(rdf.FORMATS)
