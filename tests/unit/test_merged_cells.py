"""A table row that leaves its unit cells empty takes the units of the row above (a merged
cell on the page): the graph, the RDF export and its way back say which roles were taken."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Literal

from graph import rdf
from graph import schema as s
from graph.build import build_graph
from graph.rdf import KG
from loaders import read_text
from tests.helpers.graph_samples import MERGED_TABLE


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph([read_text(MERGED_TABLE)])


def roles(g: nx.MultiDiGraph) -> dict[tuple[int, str, str], bool]:
    """(task number, agency, relation) → inherited."""
    return {(g.nodes[v]["number"], g.nodes[u]["name"], key): bool(attrs.get("inherited"))
            for u, v, key, attrs in g.edges(keys=True, data=True) if key in s.ROLE_TYPES}


def test_the_merged_row_takes_the_units_above_and_says_so(graph: nx.MultiDiGraph) -> None:
    assert roles(graph) == {
        (1, "省数据管理局", s.LEADS): False, (1, "省公安厅", s.COOPERATES_ON): False,
        (2, "省数据管理局", s.LEADS): True, (2, "省公安厅", s.COOPERATES_ON): True,
        (3, "省发改委", s.LEADS): False, (3, "省财政厅", s.COOPERATES_ON): False,
    }


def test_rdf_keeps_inherited_and_conforms(graph: nx.MultiDiGraph) -> None:
    exported = rdf.to_rdf(graph)
    assert len(set(exported.subjects(KG.inherited, Literal(True)))) == 2
    assert rdf.validate(exported)[0]
    assert roles(rdf.from_rdf(exported)) == roles(graph)


def test_a_false_inherited_is_refused_by_the_shapes(graph: nx.MultiDiGraph) -> None:
    exported = rdf.to_rdf(graph)
    responsibility = next(exported.subjects(KG.inherited, Literal(True)))
    exported.set((responsibility, KG.inherited, Literal(False)))
    conforms, report = rdf.validate(exported)
    assert not conforms and "only when true" in report
