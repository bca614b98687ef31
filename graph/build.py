"""Typed records → networkx ``MultiDiGraph`` (the contract of :mod:`graph.schema`).

>>> from graph.build import load_graph
>>> g = load_graph()                      # the bundled 2015 document
>>> g.nodes["agency/省发改委"]["kind"]
'provincial_department'
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from graph import measures
from graph import schema as s
from graph.elements import document_elements, fill_in
from loaders import read_document
from loaders.agencies import AgencyRegistry, successor_edges
from loaders.records import Extraction


def add_extraction(g: nx.MultiDiGraph, ex: Extraction) -> None:
    """Add one document's nodes and relationships (:mod:`graph.elements`) to ``g``; agencies
    and infrastructure shared with documents already in ``g`` keep their first values and
    gain the ones they lacked."""
    doc = document_elements(ex)
    for node_id, attrs in doc.nodes.items():
        if node_id in g:
            fill_in(g.nodes[node_id], attrs)
        else:
            g.add_node(node_id, **attrs)
    for (start, end, rel_type), attrs in doc.relationships.items():
        g.add_edge(start, end, key=rel_type, **attrs)


def add_successions(g: nx.MultiDiGraph, registry: AgencyRegistry) -> None:
    """Link renamed or merged agencies (省卫计委 → 省卫健委) when both are in the graph.

    Only successions the registry records from a source; agencies are never merged. The
    registry's names are the home province's, whose bodies are keyed by their names.
    """
    for old, new, year in successor_edges(registry):
        old_id, new_id = s.agency_id(old), s.agency_id(new)
        if old_id in g and new_id in g:
            g.add_edge(old_id, new_id, key=s.SUCCEEDED_BY, type=s.SUCCEEDED_BY, year=year)


def compute_measures(g: nx.MultiDiGraph) -> None:
    """Write degree, betweenness and task counts by role onto Agency and Infrastructure nodes
    (definitions, exactness and sampling error: :mod:`graph.measures`)."""
    order = sorted(g.nodes)
    index = {node_id: i for i, node_id in enumerate(order)}
    values = measures.betweenness(len(order), ((index[u], index[v]) for u, v in g.edges()))
    for node_id, attrs in g.nodes(data=True):
        primary = attrs["labels"][0]
        if primary not in (s.AGENCY, s.INFRASTRUCTURE):
            continue
        attrs["degree"] = int(g.degree(node_id))
        attrs["betweenness"] = values[index[node_id]]
        if primary == s.AGENCY:
            out = [k for _, _, k in g.out_edges(node_id, keys=True)]
            attrs["tasks_led"] = out.count(s.LEADS)
            attrs["tasks_responsible"] = out.count(s.RESPONSIBLE_FOR)
            attrs["tasks_cooperating"] = out.count(s.COOPERATES_ON)
            attrs["tasks_total"] = len({v for _, v, k in g.out_edges(node_id, keys=True)
                                        if k in s.ROLE_TYPES})
        else:
            attrs["tasks_total"] = len({u for u, _ in g.in_edges(node_id)})


def build_graph(extractions: Iterable[Extraction]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for ex in extractions:
        add_extraction(g, ex)
    add_successions(g, AgencyRegistry.bundled())
    compute_measures(g)
    return g


def load_graph(path: str | Path | None = None) -> nx.MultiDiGraph:
    """Read one document (the bundled 2015 plan by default) into a networkx graph."""
    return build_graph([read_document(path)])
