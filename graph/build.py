"""Typed records → networkx ``MultiDiGraph`` (the contract of :mod:`graph.schema`).

>>> from graph.build import load_graph
>>> g = load_graph()                      # the bundled 2015 document
>>> g.nodes["agency/省发改委"]["kind"]
'provincial_department'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from graph import measures
from graph import schema as s
from loaders import read_document
from loaders.agencies import AgencyRegistry, successor_edges
from loaders.records import Extraction, to_json


def _add_node(g: nx.MultiDiGraph, node_id: str, labels: tuple[str, ...], **props: object) -> None:
    if node_id in g:
        # Agencies and infrastructure are shared across documents: keep the first values,
        # fill in what was missing.
        attrs = g.nodes[node_id]
        for key, value in props.items():
            if attrs.get(key) is None:
                attrs[key] = value
        return
    g.add_node(node_id, labels=labels, id=node_id, **props)


def add_extraction(g: nx.MultiDiGraph, ex: Extraction) -> None:
    """Add one document's records to ``g`` (agencies merge by key, infrastructure by name)."""
    doc = ex.document
    _add_node(
        g, doc.id, (s.DOCUMENT,),
        title=doc.title, plan_title=doc.plan_title, issuer=doc.issuer, year=doc.year,
        published=doc.published, signed=doc.signed, doc_number=doc.doc_number,
        source=doc.source, sha256=doc.sha256, profile=doc.profile, script=doc.script,
        place=doc.place,
        # The data-quality report travels with the document so every store can serve it.
        quality=json.dumps(to_json(ex.quality), ensure_ascii=False),
        task_count=len(ex.tasks),
        # The text the evidence offsets index, so readers can show a clause in context.
        # A NUL becomes U+FFFD (one character for one: offsets hold); stores refuse NULs.
        text=ex.source_text.replace("\x00", "\ufffd") or None,
    )
    for sec in ex.sections:
        sid = s.section_id(doc.id, sec.number)
        _add_node(g, sid, (s.SECTION,), document_id=doc.id, number=sec.number, title=sec.title,
                  first_task=sec.first_task)
        g.add_edge(doc.id, sid, key=s.HAS_SECTION, type=s.HAS_SECTION)

    # Agencies by key: 市大数据委 of 福州 and of 厦门 share a name but not a key.
    agencies = {a.key: a for a in ex.agencies}
    for task in ex.tasks:
        tid = s.task_id(doc.id, task.number)
        _add_node(
            g, tid, (s.TASK,), document_id=doc.id, number=task.number, section=task.section,
            title=task.title, text=task.text, occurrences=task.occurrences,
            conflict=task.conflict, clauses=list(task.clauses), label=task.label or None,
            subsection=task.subsection,
        )
        g.add_edge(doc.id, tid, key=s.HAS_TASK, type=s.HAS_TASK)
        if task.section is not None:
            g.add_edge(s.section_id(doc.id, task.section), tid, key=s.HAS_TASK, type=s.HAS_TASK)
        for role in task.agencies:
            a = agencies[role.key]
            aid = s.agency_id(a.key)
            _add_node(g, aid, (s.AGENCY,), name=a.name, full_name=a.full_name,
                      name_en=a.name_en, kind=a.kind, aliases=list(a.aliases),
                      qualified_name=a.key if a.key != a.name else None)
            g.add_edge(
                aid, tid, key=role.relation, type=role.relation, verb=role.verb,
                occurrences=role.occurrences, inherited=True if role.inherited else None,
                evidence=[s.span_str(sp) for sp in role.evidence], quotes=list(role.quotes),
            )
        for infra in task.infrastructure:
            iid = s.infrastructure_id(infra.name)
            _add_node(g, iid, (s.INFRASTRUCTURE, infra.kind), name=infra.name, kind=infra.kind)
            g.add_edge(
                tid, iid, key=s.INVOLVES, type=s.INVOLVES, action=infra.action,
                evidence=[s.span_str(sp) for sp in infra.evidence],
            )


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
