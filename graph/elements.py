"""One document's records → its nodes and relationships: ids, labels and properties as
:mod:`graph.schema` defines them. The one mapping behind the networkx graph
(:func:`graph.build.add_extraction`) and the rows a load writes
(:func:`graph.writes.document_rows`), which readers build without networkx.

>>> from loaders import read_document
>>> doc = document_elements(read_document(None))   # the bundled 2015 plan
>>> doc.nodes[doc.document_id]["labels"], doc.nodes["agency/省发改委"]["kind"]
(('Document',), 'provincial_department')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph import schema as s
from loaders.records import Extraction, to_json


@dataclass
class DocumentElements:
    """Node attributes by id and relationship attributes by (start, end, type), first seen
    first, as networkx holds them: a node's ``labels`` and ``id`` among its attributes (None
    values kept), a relationship's ``type`` among its own."""

    document_id: str
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    relationships: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)

    def node(self, node_id: str, labels: tuple[str, ...], **props: Any) -> None:
        held = self.nodes.get(node_id)
        if held is None:
            self.nodes[node_id] = {"labels": labels, "id": node_id, **props}
        else:
            fill_in(held, props)

    def relationship(self, start: str, end: str, rel_type: str, **props: Any) -> None:
        held = self.relationships.get((start, end, rel_type))
        if held is None:
            self.relationships[(start, end, rel_type)] = {"type": rel_type, **props}
        else:  # the same relationship again: its later values win (as in networkx)
            held.update(type=rel_type, **props)


def fill_in(held: dict[str, Any], attrs: Mapping[str, Any]) -> None:
    """A shared node (an agency, an infrastructure) named again: keep the values it holds,
    take the ones it lacks (missing or None)."""
    for key, value in attrs.items():
        if held.get(key) is None:
            held[key] = value


def document_elements(ex: Extraction) -> DocumentElements:
    """The nodes and relationships of one document (agencies by key, infrastructure by name)."""
    doc = ex.document
    out = DocumentElements(doc.id)
    out.node(
        doc.id, (s.DOCUMENT,),
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
        out.node(sid, (s.SECTION,), document_id=doc.id, number=sec.number, title=sec.title,
                 first_task=sec.first_task)
        out.relationship(doc.id, sid, s.HAS_SECTION)

    # Agencies by key: 市大数据委 of 福州 and of 厦门 share a name but not a key.
    agencies = {a.key: a for a in ex.agencies}
    for task in ex.tasks:
        tid = s.task_id(doc.id, task.number)
        out.node(
            tid, (s.TASK,), document_id=doc.id, number=task.number, section=task.section,
            title=task.title, text=task.text, occurrences=task.occurrences,
            conflict=task.conflict, clauses=list(task.clauses), label=task.label or None,
            subsection=task.subsection,
        )
        out.relationship(doc.id, tid, s.HAS_TASK)
        if task.section is not None:
            out.relationship(s.section_id(doc.id, task.section), tid, s.HAS_TASK)
        for role in task.agencies:
            a = agencies[role.key]
            aid = s.agency_id(a.key)
            out.node(aid, (s.AGENCY,), name=a.name, full_name=a.full_name,
                     name_en=a.name_en, kind=a.kind, aliases=list(a.aliases),
                     qualified_name=a.key if a.key != a.name else None)
            out.relationship(
                aid, tid, role.relation, verb=role.verb,
                occurrences=role.occurrences, inherited=True if role.inherited else None,
                evidence=[s.span_str(sp) for sp in role.evidence], quotes=list(role.quotes),
            )
        for infra in task.infrastructure:
            iid = s.infrastructure_id(infra.name)
            out.node(iid, (s.INFRASTRUCTURE, infra.kind), name=infra.name, kind=infra.kind)
            out.relationship(
                tid, iid, s.INVOLVES, action=infra.action,
                evidence=[s.span_str(sp) for sp in infra.evidence],
            )
    return out
