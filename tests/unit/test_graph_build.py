"""Records → networkx graph (graph/build.py), checked against graph/schema.py."""

from __future__ import annotations

import copy

import networkx as nx
import pytest

from graph import schema as s
from graph.build import build_graph
from loaders import read_document


@pytest.fixture(scope="module")
def g(bundled_graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return bundled_graph


def nodes(g: nx.MultiDiGraph, label: str) -> list[dict]:  # type: ignore[type-arg]
    return [d for _, d in g.nodes(data=True) if d["labels"][0] == label]


def test_counts(g: nx.MultiDiGraph) -> None:
    assert len(nodes(g, s.DOCUMENT)) == 1
    assert len(nodes(g, s.SECTION)) == 6
    assert len(nodes(g, s.TASK)) == 38
    # 41 agencies in attached clauses (省内网办 appears only in an orphan clause).
    assert len(nodes(g, s.AGENCY)) == 41


def test_task_node_properties(g: nx.MultiDiGraph) -> None:
    doc_id = nodes(g, s.DOCUMENT)[0]["id"]
    t11 = g.nodes[s.task_id(doc_id, 11)]
    assert t11["number"] == 11 and t11["section"] == 2 and t11["occurrences"] == 2
    assert t11["conflict"] is False and t11["title"] == "升级现有政务云平台"
    assert g.has_edge(s.section_id(doc_id, 2), s.task_id(doc_id, 11), key=s.HAS_TASK)
    assert g.has_edge(doc_id, s.task_id(doc_id, 11), key=s.HAS_TASK)
    # Task 20 lies under the lost heading: no section edge, only the document's.
    t20 = s.task_id(doc_id, 20)
    assert g.nodes[t20]["section"] is None
    assert [u for u, _, k in g.in_edges(t20, keys=True) if k == s.HAS_TASK] == [doc_id]


def test_responsibility_edges(g: nx.MultiDiGraph) -> None:
    doc_id = nodes(g, s.DOCUMENT)[0]["id"]
    t7 = s.task_id(doc_id, 7)
    edges = {(u, k) for u, _, k in g.in_edges(t7, keys=True) if k in s.ROLE_TYPES}
    assert edges == {("agency/省发改委", s.LEADS), ("agency/省数字办", s.LEADS),
                     ("agency/各有关部门", s.RESPONSIBLE_FOR)}
    data = g.get_edge_data("agency/省发改委", t7, key=s.LEADS)
    assert data["verb"] == "负责/牵头" and data["occurrences"] == 2
    assert all("-" in e for e in data["evidence"])


def test_infrastructure_nodes_are_shared_and_labelled(g: nx.MultiDiGraph) -> None:
    cloud = g.nodes[s.infrastructure_id("政务云平台")]
    assert cloud["labels"] == (s.INFRASTRUCTURE, "Platform") and cloud["kind"] == "Platform"
    changle = g.nodes[s.infrastructure_id("数字福建（长乐）云计算中心")]
    assert changle["labels"] == (s.INFRASTRUCTURE, "DataCenter")
    # 政务云平台 appears in both copies of task 11: one node, one INVOLVES edge.
    assert len(list(g.in_edges(s.infrastructure_id("政务云平台"), keys=True))) == 1


def test_measures_on_agencies(g: nx.MultiDiGraph) -> None:
    fgw = g.nodes["agency/省发改委"]
    # 省发改委 leads tasks 1 2 4 6 7 8 12 13 19 20 36 40 44 49 (read from the clauses).
    assert fgw["tasks_led"] == 14 and fgw["tasks_responsible"] == 0
    assert fgw["degree"] == 14 and fgw["betweenness"] > 0
    assert g.nodes["agency/省空间中心"]["tasks_cooperating"] == 2


def test_two_documents_share_agencies() -> None:
    ex = read_document()
    other = copy.deepcopy(ex)
    other.document.id = "doc-2016-other"
    g = build_graph([ex, other])
    assert len(nodes(g, s.DOCUMENT)) == 2 and len(nodes(g, s.TASK)) == 76
    assert len(nodes(g, s.AGENCY)) == 41
    assert g.nodes["agency/省发改委"]["tasks_led"] == 28


def test_property_values_are_store_friendly(g: nx.MultiDiGraph) -> None:
    def ok(v: object) -> bool:
        if isinstance(v, list | tuple):
            return all(isinstance(x, str | int) for x in v)
        return v is None or isinstance(v, str | int | float | bool)
    for _, d in g.nodes(data=True):
        assert all(ok(v) for v in d.values())
    for *_, d in g.edges(data=True):
        assert all(ok(v) for v in d.values())
