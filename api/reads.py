"""What the resource routes read: the ``api_*`` queries of ``queries/`` → response models.

The Cypher lives in ``queries/api_*.cypher`` (one place for read Cypher); this module
only binds parameters, runs them through ``store.read`` and shapes the rows.

>>> from api.reads import task_evidence
>>> task_evidence({"clauses": ["（省发改委负责）"], "agencies": []})
['（省发改委负责）']
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx

from api.models import (
    AgencyDetailPublic,
    AgencyPublic,
    AgencyTasks,
    DocumentPublic,
    DocumentTextPublic,
    InfrastructureAgency,
    InfrastructureDetailPublic,
    InfrastructurePublic,
    InfrastructureTask,
    NeighbourhoodLink,
    NeighbourhoodNode,
    NeighbourhoodPublic,
    PartnerPublic,
    SearchHit,
    TaskAgency,
    TaskCounts,
    TaskInfrastructure,
    TaskPublic,
    TaskRef,
)
from graph import schema as s
from graph.stores.base import GraphStore, QueryResult
from queries import catalog
from queries.catalog import bind_params, get_query

ROLE_ORDER: Final = {"LEADS": 0, "RESPONSIBLE_FOR": 1, "COOPERATES_ON": 2}
# Page queries that return the total of their matches in every row.
_PAGES_WITH_TOTAL: Final = frozenset({"api_tasks_agency"})


def run(store: GraphStore, name: str, /, row_limit: int | None = None, **params: Any) -> QueryResult:
    """Run the query ``name`` of ``queries/``; parameters are checked against its header
    (an optional one left out is passed as null). A required value that is blank (an id of
    spaces from a URL) names nothing: no rows, as for an unknown one; the catalog would
    refuse it."""
    query = get_query(name)
    if any(p.required and isinstance(params.get(p.name), str) and not params[p.name].strip()
           for p in query.params):
        return QueryResult(columns=[], rows=[])
    return store.read(query.text, bind_params(query, params), row_limit=row_limit)


def _total(store: GraphStore, name: str, /, **params: Any) -> int:
    rows = run(store, name, **params).rows
    return int(rows[0]["total"]) if rows else 0


def _page(store: GraphStore, name: str, offset: int, limit: int, /, **filters: Any
          ) -> tuple[list[dict[str, Any]], int]:
    """One page of the list query ``name`` and the total from ``<name>_count`` (both take the
    same filters; the page query also takes offset and limit). A page query whose rows carry
    ``total`` runs first and alone, unless its page is empty."""
    if name in _PAGES_WITH_TOTAL:
        rows = run(store, name, row_limit=limit, offset=offset, limit=limit, **filters).rows
        if rows:
            return rows, int(rows[0]["total"])
    total = _total(store, f"{name}_count", **filters)
    if total == 0 or offset >= total:
        return [], total
    return run(store, name, row_limit=limit, offset=offset, limit=limit, **filters).rows, total


def _span_start(evidence: list[str] | None) -> int:
    # Spans are "start-end"; order agencies as they appear in the source.
    try:
        return int((evidence or ["0-0"])[0].split("-", 1)[0])
    except ValueError:
        return 0


# --- agencies: name resolution ------------------------------------------------------------


def resolve_agency(store: GraphStore, name: str) -> str:
    """The canonical short name for a name or alias (发改委 → 省发改委), or a qualified name
    unchanged (福州市大数据委), as the named queries resolve it; an unknown name comes back
    unchanged, so a filter on it matches nothing."""
    return catalog.resolve_agency(store, name)


# --- tasks ---------------------------------------------------------------------------------


def task_evidence(row: dict[str, Any]) -> list[str]:
    """The distinct responsibility clauses of a task, in source order."""
    clauses = row.get("clauses")
    if clauses:
        return [str(c) for c in clauses]
    seen: dict[str, None] = {}
    for agency in sorted(row.get("agencies") or [], key=lambda a: _span_start(a.get("evidence"))):
        for quote in agency.get("quotes") or []:
            seen.setdefault(str(quote), None)
    return list(seen)


def _agency_order(agency: dict[str, Any]) -> tuple[int, int, int, str]:
    """Relation, then the order the clause names them in (stores keep no edge order)."""
    quote = next(iter(agency.get("quotes") or []), "")
    name = str(agency["name"])
    at = quote.find(name)
    if at < 0 and name[:1] in "省市区县":  # the clause wrote 数字办 for 省数字办
        at = quote.find(name[1:])
    return (ROLE_ORDER.get(agency["relation"], 9), _span_start(agency.get("evidence")),
            at if at >= 0 else len(quote), name)


def _task(row: dict[str, Any]) -> TaskPublic:
    agencies = [a for a in row.get("agencies") or [] if a.get("id") is not None]
    agencies.sort(key=_agency_order)
    infrastructure = [x for x in row.get("infrastructure") or [] if x.get("id") is not None]
    infrastructure.sort(key=lambda x: (_span_start(x.get("evidence")), x["name"]))
    return TaskPublic(
        id=row["id"], document_id=row.get("document_id"), number=row["number"],
        section=row.get("section"), title=row.get("title"), text=row.get("text"),
        occurrences=row.get("occurrences"), conflict=row.get("conflict"),
        agencies=[TaskAgency(**{k: v for k, v in a.items() if v is not None}) for a in agencies],
        infrastructure=[TaskInfrastructure(**{k: v for k, v in x.items() if v is not None})
                        for x in infrastructure],
        evidence=task_evidence(row),
    )


def list_tasks(store: GraphStore, *, offset: int, limit: int, **filters: Any) -> tuple[list[TaskPublic], int]:
    params = {key: filters.get(key) for key in
              ("id", "document", "number", "section", "agency", "relation", "q")}
    # With an agency, start from it (its tasks) rather than from every task.
    name = "api_tasks" if params["agency"] is None else "api_tasks_agency"
    rows, total = _page(store, name, offset, limit, **params)
    return [_task(r) for r in rows], total


def get_task(store: GraphStore, task_id: str) -> TaskPublic | None:
    tasks, _ = list_tasks(store, offset=0, limit=1, id=task_id)
    return tasks[0] if tasks else None


# --- agencies ------------------------------------------------------------------------------


def _agency(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "name": row["name"], "qualified_name": row.get("qualified_name"),
        "full_name": row.get("full_name"),
        "name_en": row.get("name_en"), "kind": row.get("kind"),
        "aliases": list(row.get("aliases") or []),
        "degree": row.get("degree"), "betweenness": row.get("betweenness"),
        "tasks": TaskCounts(LEADS=int(row.get("leads") or 0),
                            RESPONSIBLE_FOR=int(row.get("responsible") or 0),
                            COOPERATES_ON=int(row.get("cooperates") or 0),
                            total=int(row.get("total") or 0)),
    }


def list_agencies(store: GraphStore, *, offset: int, limit: int, kind: str | None = None,
                  agency_id: str | None = None) -> tuple[list[AgencyPublic], int]:
    rows, total = _page(store, "api_agencies", offset, limit, id=agency_id, kind=kind)
    return [AgencyPublic(**_agency(r)) for r in rows], total


def get_agency(store: GraphStore, agency_id: str) -> AgencyDetailPublic | None:
    rows = run(store, "api_agencies", id=agency_id, kind=None, offset=0, limit=1).rows
    if not rows:
        return None
    by_relation: dict[str, list[TaskRef]] = defaultdict(list)
    for r in run(store, "api_agency_tasks", id=agency_id).rows:
        by_relation[r["relation"]].append(
            TaskRef(id=r["id"], number=r["number"], label=r.get("label"), title=r.get("title"),
                    verb=r.get("verb")))
    partners = [PartnerPublic(id=r["id"], name=r["name"], qualified_name=r.get("qualified_name"),
                              shared_tasks=int(r["shared_tasks"]))
                for r in run(store, "api_agency_partners", id=agency_id).rows]
    return AgencyDetailPublic(**_agency(rows[0]), by_relation=AgencyTasks(**by_relation),
                              partners=partners)


def agency_id_for(store: GraphStore, key: str) -> str:
    """An agency id from an id, a canonical or qualified name or an alias (``agency/`` ids
    pass through); see :func:`queries.catalog.resolve_agency_id`."""
    if key.startswith("agency/"):
        return key
    return catalog.resolve_agency_id(store, key)


# --- infrastructure ------------------------------------------------------------------------


def _infrastructure(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "kind": row.get("kind"),
            "tasks_total": int(row.get("tasks_total") or 0), "degree": row.get("degree"),
            "betweenness": row.get("betweenness")}


def list_infrastructure(store: GraphStore, *, offset: int, limit: int, kind: str | None = None
                        ) -> tuple[list[InfrastructurePublic], int]:
    rows, total = _page(store, "api_infrastructure", offset, limit, id=None, kind=kind)
    return [InfrastructurePublic(**_infrastructure(r)) for r in rows], total


def get_infrastructure(store: GraphStore, infra_id: str) -> InfrastructureDetailPublic | None:
    rows = run(store, "api_infrastructure", id=infra_id, kind=None, offset=0, limit=1).rows
    if not rows:
        return None
    tasks: dict[str, InfrastructureTask] = {}
    agencies: list[InfrastructureAgency] = []
    for r in run(store, "api_infrastructure_tasks", id=infra_id).rows:
        if r["task_id"] not in tasks:
            tasks[r["task_id"]] = InfrastructureTask(
                id=r["task_id"], number=r["number"], label=r.get("label"), title=r.get("title"),
                action=r.get("action"))
        if r.get("agency_id") is not None:
            agencies.append(InfrastructureAgency(id=r["agency_id"], name=r["agency"],
                                                 relation=r["relation"], task_number=r["number"]))
    agencies.sort(key=lambda a: (a.task_number, ROLE_ORDER.get(a.relation, 9), a.name))
    return InfrastructureDetailPublic(**_infrastructure(rows[0]), tasks=list(tasks.values()),
                                      agencies=agencies)


# --- documents -----------------------------------------------------------------------------


def _quality(row: dict[str, Any]) -> dict[str, Any] | None:
    raw = row.get("quality")
    if isinstance(raw, str):
        try:
            value = json.loads(raw)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None
    return bundled_quality(row)


def bundled_quality(row: dict[str, Any]) -> dict[str, Any] | None:
    """The quality report of a document loaded before reports were stored on the node.

    Only the bundled document can be re-read here (the store keeps a file name, not a
    path); its hash must match, so a changed file never lends its report.
    """
    from loaders import BUNDLED_DOCUMENT, read_document
    from loaders.records import to_json

    if row.get("source") != BUNDLED_DOCUMENT.name:
        return None
    extraction = read_document(BUNDLED_DOCUMENT)
    if extraction.document.sha256 != row.get("sha256"):
        return None
    return to_json(extraction.quality)


def _document(row: dict[str, Any]) -> DocumentPublic:
    fields = {k: v for k, v in row.items() if k != "quality"}
    return DocumentPublic(**fields, quality=_quality(row))


def list_documents(store: GraphStore, *, offset: int, limit: int) -> tuple[list[DocumentPublic], int]:
    rows, total = _page(store, "api_documents", offset, limit, id=None)
    return [_document(r) for r in rows], total


def get_document(store: GraphStore, document_id: str) -> DocumentPublic | None:
    rows = run(store, "api_documents", id=document_id, offset=0, limit=1).rows
    return _document(rows[0]) if rows else None


def count_documents(store: GraphStore) -> int:
    return _total(store, "api_documents_count", id=None)


# --- graph ---------------------------------------------------------------------------------


def _labels(labels: list[str]) -> list[str]:
    # Primary label first (graph.schema): Neo4j does not keep the order labels were set in.
    primary = [x for x in labels if x in s.NODE_LABELS]
    return primary + sorted(x for x in labels if x not in s.NODE_LABELS)


def neighbourhood(store: GraphStore, center: str, depth: int, max_nodes: int) -> tuple[list[str], bool]:
    """Ids within ``depth`` hops of ``center`` (breadth first, one query per hop), and
    whether ``max_nodes`` cut the set. Per-hop queries keep the cost linear in what is
    found, where a variable-length pattern would enumerate every path."""
    seen: dict[str, None] = {center: None}
    frontier = [center]
    for _ in range(depth):
        if not frontier:
            break
        rows = run(store, "api_graph_neighbours", row_limit=max_nodes + 1, ids=frontier).rows
        frontier = [r["id"] for r in rows if r["id"] is not None and r["id"] not in seen]
        for node_id in frontier:
            seen[node_id] = None
            if len(seen) >= max_nodes:
                return list(seen)[:max_nodes], True
    return list(seen), False


def graph_nodes(store: GraphStore, ids: list[str] | None, limit: int) -> QueryResult:
    result = run(store, "api_graph_nodes", row_limit=limit, ids=ids, offset=0, limit=limit + 1)
    if len(result.rows) > limit:
        result = QueryResult(result.columns, result.rows[:limit], truncated=True)
    for row in result.rows:
        row["labels"] = _labels(list(row.get("labels") or []))
        row["properties"] = dict(row.get("properties") or {})
    return result


def graph_links(store: GraphStore, ids: list[str] | None, limit: int) -> QueryResult:
    result = run(store, "api_graph_links", row_limit=limit, ids=ids, offset=0, limit=limit + 1)
    if len(result.rows) > limit:
        result = QueryResult(result.columns, result.rows[:limit], truncated=True)
    for row in result.rows:
        row["properties"] = dict(row.get("properties") or {})
    return result


def _pages(store: GraphStore, name: str, page: int) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        rows = run(store, name, row_limit=page, ids=None, offset=offset, limit=page).rows
        yield from rows
        if len(rows) < page:
            return
        offset += page


def store_graph(store: GraphStore, page: int) -> nx.MultiDiGraph:
    """The store's whole contents as a networkx graph in the :mod:`graph.schema` convention
    (what the exporters take), read ``page`` rows at a time so the row limit cuts nothing."""
    g = nx.MultiDiGraph()
    for row in _pages(store, "api_graph_nodes", page):
        props = dict(row.get("properties") or {})
        props.pop("labels", None)
        g.add_node(row["id"], labels=tuple(_labels(list(row.get("labels") or []))), **props)
    for row in _pages(store, "api_graph_links", page):
        g.add_edge(row["source"], row["target"], key=row["type"], type=row["type"],
                   **dict(row.get("properties") or {}))
    return g


# --- explorer ------------------------------------------------------------------------------


def search(store: GraphStore, text: str, limit: int) -> list[SearchHit]:
    """Agencies (names and aliases), infrastructure and tasks containing ``text``, best first."""
    rows = run(store, "search", row_limit=limit, text=text, limit=limit).rows
    return [SearchHit(**{k: v for k, v in r.items() if k != "rank" and v is not None})
            for r in rows]


# Labels of the nodes a neighbourhood can centre on; ids are unique across labels.
_CENTRE_LABELS: Final = (s.AGENCY, s.INFRASTRUCTURE, s.TASK, s.DOCUMENT, s.SECTION)


def _centre(store: GraphStore, node_id: str) -> NeighbourhoodNode | None:
    rows = run(store, "api_node", id=node_id).rows
    if not rows:
        return None
    row = rows[0]
    labels = _labels(list(row.get("labels") or []))
    label = next((x for x in labels if x in _CENTRE_LABELS), labels[0] if labels else "")
    return NeighbourhoodNode(
        id=node_id, label=label, name=row.get("name"), qualified_name=row.get("qualified_name"),
        kind=row.get("kind"), number=row.get("number"), task_label=row.get("label"),
        document_id=row.get("document_id"), conflict=row.get("conflict"))


@dataclass
class _Admitted:
    """Nodes and links of whole tasks taken in order while they fit in the node limit."""

    nodes: dict[str, NeighbourhoodNode]
    links: list[NeighbourhoodLink]
    tasks: int = 0  # tasks drawn
    seen: set[str] = field(default_factory=set)  # every node of the rows, drawn or not
    full: bool = False  # a task did not fit


def _admit(centre: NeighbourhoodNode, by_task: dict[str, list[dict[str, Any]]], limit: int) -> _Admitted:
    out = _Admitted(nodes={centre.id: centre}, links=[], seen={centre.id})
    for task_id, rows in by_task.items():
        first = rows[0]
        others = {r["node"]: r for r in rows if r.get("node") is not None}
        out.seen.add(task_id)
        out.seen.update(others)
        if out.full:
            continue
        new = [n for n in (task_id, *others) if n not in out.nodes]
        if len(out.nodes) + len(new) > limit:
            out.full = True  # later tasks are counted in `total`, never half drawn
            continue
        out.tasks += 1
        if task_id not in out.nodes:
            out.nodes[task_id] = NeighbourhoodNode(
                id=task_id, label=s.TASK, name=first.get("title"), number=first.get("number"),
                task_label=first.get("label"), document_id=first.get("document"),
                conflict=first.get("conflict"))
        if centre.label in (s.DOCUMENT, s.SECTION):
            out.links.append(NeighbourhoodLink(source=centre.id, target=task_id, type=s.HAS_TASK))
        for other_id, r in others.items():
            if other_id not in out.nodes:
                out.nodes[other_id] = NeighbourhoodNode(
                    id=other_id, label=r.get("node_label") or "", name=r.get("name"),
                    qualified_name=r.get("qualified_name"), kind=r.get("kind"))
        for r in rows:
            if r.get("node") is None:
                continue
            involves = r["relation"] == s.INVOLVES
            out.links.append(NeighbourhoodLink(
                source=task_id if involves else r["node"], target=r["node"] if involves else task_id,
                type=r["relation"], verb=r.get("verb"), action=r.get("action"),
                occurrences=r.get("occurrences")))
    return out


def neighbourhood_view(store: GraphStore, node_id: str, *, limit: int, relation: str | None = None,
                       document: str | None = None, year: int | None = None
                       ) -> NeighbourhoodPublic | None:
    """The tasks around ``node_id`` and every agency and infrastructure on them (the named
    query ``neighbourhood``), cut to at most ``limit`` nodes: tasks are taken in order, each
    with all its neighbours, while they fit. None when there is no such node.

    ``total`` is the size of the whole neighbourhood: counted from the rows when the query
    returned every task, else by ``api_neighbourhood_size``."""
    centre = _centre(store, node_id)
    if centre is None:
        return None
    filters: dict[str, Any] = {"relation": relation, "document": document, "year": year}

    def fetch(tasks: int) -> tuple[dict[str, list[dict[str, Any]]], bool]:
        # Rows per task are unbounded (a clause may name dozens of bodies): a generous cap.
        result = run(store, "neighbourhood", row_limit=tasks * 50, id=node_id, limit=tasks, **filters)
        by_task: dict[str, list[dict[str, Any]]] = {}
        for row in result.rows:
            by_task.setdefault(row["task"], []).append(row)
        return by_task, len(by_task) < tasks and not result.truncated

    # Each task brings itself and a few neighbours, so a quarter of the limit in tasks
    # usually fills it; ask for up to `limit` tasks only when it did not.
    asked = max(1, limit // 4)
    by_task, complete = fetch(asked)
    admitted = _admit(centre, by_task, limit)
    if not complete and not admitted.full and asked < limit:
        by_task, complete = fetch(limit)
        admitted = _admit(centre, by_task, limit)

    if complete:
        tasks_total, total = len(by_task), len(admitted.seen)
    else:
        size = run(store, "api_neighbourhood_size", id=node_id, **filters).rows[0]
        tasks_total = int(size["tasks"])
        centre_counted = centre.label in (s.AGENCY, s.INFRASTRUCTURE, s.TASK) and tasks_total > 0
        total = tasks_total + int(size["others"]) + (0 if centre_counted else 1)
    nodes = admitted.nodes
    return NeighbourhoodPublic(
        center=centre, nodes=list(nodes.values()), links=admitted.links, shown=len(nodes),
        total=max(total, len(nodes)), tasks_shown=admitted.tasks, tasks_total=tasks_total,
        truncated=len(nodes) < total)


def document_choices(store: GraphStore) -> list[dict[str, Any]]:
    """Every document, briefly (no quality report), for the explorer's selectors."""
    return run(store, "api_document_choices", row_limit=100_000).rows


def busiest_agency(store: GraphStore) -> str | None:
    rows = run(store, "api_busiest_agency").rows
    return str(rows[0]["id"]) if rows else None


def document_text(store: GraphStore, document_id: str) -> str | None:
    """The decoded source text of a document (what its evidence offsets index); None when
    there is no such document or it was loaded without its text (re-load it to add it)."""
    rows = run(store, "api_document_text", id=document_id).rows
    if not rows:
        return None
    text = rows[0].get("text")
    if isinstance(text, str):
        return text
    return bundled_text(rows[0])


def bundled_text(row: dict[str, Any]) -> str | None:
    """The text of the bundled document when the store has none (loaded by an earlier
    version); only if the hash matches, as for :func:`bundled_quality`."""
    from loaders import BUNDLED_DOCUMENT, read_document

    if row.get("source") != BUNDLED_DOCUMENT.name:
        return None
    extraction = read_document(BUNDLED_DOCUMENT)
    if extraction.document.sha256 != row.get("sha256"):
        return None
    return extraction.source_text


def text_span(document_id: str, text: str, start: int | None, end: int | None,
              context: int) -> DocumentTextPublic:
    """The span ``start:end`` of ``text`` with ``context`` characters on each side; the whole
    text without a span. Offsets past the end are clamped; an end before the start gives an
    empty span at the start.

    >>> text_span("d", "abcdefgh", 3, 5, 2).model_dump()
    {'document_id': 'd', 'length': 8, 'start': 3, 'end': 5, 'before': 'bc', 'text': 'de', 'after': 'fg'}
    """
    if start is None and end is None:
        return DocumentTextPublic(document_id=document_id, length=len(text), start=0,
                                  end=len(text), text=text)
    lo = min(start or 0, len(text))
    hi = min(max(end if end is not None else lo, lo), len(text))
    return DocumentTextPublic(
        document_id=document_id, length=len(text), start=lo, end=hi,
        before=text[max(0, lo - context):lo], text=text[lo:hi], after=text[hi:hi + context])
