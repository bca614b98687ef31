"""Small hand-built graphs in the :mod:`graph.schema` convention, and store snapshots.

``sample_graph("v1")`` / ``sample_graph("v2")`` are two versions of one document
(``doc-a``) for replace tests; ``doc-b`` shares an agency and an infrastructure with it.
``snapshot(g)`` and ``store_snapshot(store)`` give the same shape, so a test can say
"the store holds exactly this graph".
"""

from __future__ import annotations

import json
from typing import Any, Literal

import networkx as nx

from graph import schema as s
from graph import writes
from graph.build import compute_measures
from graph.stores.base import GraphStore

DOC_A = "doc-a"
DOC_B = "doc-b"
# Values that break naive string building: quotes, backslashes, newlines, Cypher, Chinese.
TRICKY = [
    "省发改委",
    "it's",
    'say "hi"',
    "back\\slash",
    "line1\nline2\r\nline3\ttab",
    "'}) DETACH DELETE n //",
    '"}) MATCH (m) DETACH DELETE m RETURN 1 //',
    "$rows {id: 1}",
    "（省发改委、数字办负责）",
    "emoji 🏛 and ·middle·dot",
    "",
]

# A task table read by hand: row 2 names no unit; on the page its unit cells are merged with row 1's.
MERGED_TABLE = """2024年重点工作任务分工表
序号\t工作任务\t牵头单位\t配合单位
1\t建设全省统一的电子证照库。\t省数据管理局\t省公安厅
2\t推进政务外网扩容改造。\t\t
3\t完善公共数据开放平台。\t省发改委\t省财政厅
"""


def _agency(g: nx.MultiDiGraph, name: str, kind: str, aliases: list[str]) -> str:
    aid = s.agency_id(name)
    if aid not in g:
        g.add_node(aid, labels=(s.AGENCY,), id=aid, name=name, full_name=None,
                   name_en=None, kind=kind, aliases=aliases)
    return aid


def _infra(g: nx.MultiDiGraph, name: str, kind: str) -> str:
    iid = s.infrastructure_id(name)
    if iid not in g:
        g.add_node(iid, labels=(s.INFRASTRUCTURE, kind), id=iid, name=name, kind=kind)
    return iid


def _document(g: nx.MultiDiGraph, doc: str, year: int) -> None:
    g.add_node(doc, labels=(s.DOCUMENT,), id=doc, title=f"{year}年数字福建工作要点",
               issuer="福建省人民政府办公厅", year=year, published=f"{year}-02-28",
               signed=None, doc_number=None, source=f"{doc}.txt", sha256="0" * 64)


def _section(g: nx.MultiDiGraph, doc: str, number: int, title: str | None) -> str:
    sid = s.section_id(doc, number)
    g.add_node(sid, labels=(s.SECTION,), id=sid, document_id=doc, number=number, title=title)
    g.add_edge(doc, sid, key=s.HAS_SECTION, type=s.HAS_SECTION)
    return sid


def _task(g: nx.MultiDiGraph, doc: str, number: int, section: int | None, text: str,
          clauses: list[str], conflict: bool = False) -> str:
    tid = s.task_id(doc, number)
    g.add_node(tid, labels=(s.TASK,), id=tid, document_id=doc, number=number, section=section,
               text=text, title=text.split("，")[0], occurrences=len(clauses) or 1,
               conflict=conflict, clauses=clauses)
    g.add_edge(doc, tid, key=s.HAS_TASK, type=s.HAS_TASK)
    if section is not None:
        g.add_edge(s.section_id(doc, section), tid, key=s.HAS_TASK, type=s.HAS_TASK)
    return tid


def _role(g: nx.MultiDiGraph, agency: str, task: str, relation: str, verb: str,
          start: int) -> None:
    g.add_edge(agency, task, key=relation, type=relation, verb=verb, occurrences=1,
               evidence=[f"{start}-{start + 8}"], quotes=[f"（{verb}）"])


def _involves(g: nx.MultiDiGraph, task: str, infra: str, action: str | None) -> None:
    g.add_edge(task, infra, key=s.INVOLVES, type=s.INVOLVES, action=action,
               evidence=["10-15"])


def one_agency(name: str = "省发改委") -> nx.MultiDiGraph:
    """A graph of one Agency node and nothing else."""
    g = nx.MultiDiGraph()
    g.add_node(f"agency/{name}", labels=("Agency",), id=f"agency/{name}", name=name)
    return g


def sample_graph(version: Literal["v1", "v2"] = "v1", *, with_doc_b: bool = True
                 ) -> nx.MultiDiGraph:
    """``doc-a`` in version v1 or v2, plus (by default) ``doc-b``.

    v1 → v2: task 3 disappears (and with it the only links of 省财政厅 and 测试数据中心);
    task 2 moves from section 1 to section 2; 省数字办 changes from RESPONSIBLE_FOR to
    COOPERATES_ON on task 1; 省工信厅 joins task 2; the action on 政务云平台 changes; the
    title of section 2 is lost (None: the property must disappear from the store).
    """
    g = nx.MultiDiGraph()
    _document(g, DOC_A, 2015)
    fgw = _agency(g, "省发改委", "provincial_department", ["发改委", "省发展改革委"])
    szb = _agency(g, "省数字办", "provincial_office", ["数字办"])
    cloud = _infra(g, "政务云平台", "Platform")
    _section(g, DOC_A, 1, "推进改革创新")
    if version == "v1":
        _section(g, DOC_A, 2, "提升基础设施")
        t1 = _task(g, DOC_A, 1, 1, "升级现有政务云平台，完善服务。",
                   ["（省发改委负责，省数字办负责）"])
        t2 = _task(g, DOC_A, 2, 1, "出台政策措施。", ["（省发改委负责）"])
        t3 = _task(g, DOC_A, 3, 2, "建设测试数据中心。", ["（省财政厅牵头）", "（省数字办配合）"],
                   conflict=True)
        czt = _agency(g, "省财政厅", "provincial_department", [])
        _role(g, fgw, t1, s.LEADS, "负责", 100)
        _role(g, szb, t1, s.RESPONSIBLE_FOR, "负责", 110)
        _role(g, fgw, t2, s.LEADS, "负责", 200)
        _role(g, czt, t3, s.LEADS, "牵头", 300)
        _role(g, szb, t3, s.COOPERATES_ON, "配合", 310)
        _involves(g, t1, cloud, "升级")
        _involves(g, t3, _infra(g, "测试数据中心", "DataCenter"), "建设")
    else:
        _section(g, DOC_A, 2, None)
        t1 = _task(g, DOC_A, 1, 1, "升级现有政务云平台，完善服务。",
                   ["（省发改委负责，省数字办配合）"])
        t2 = _task(g, DOC_A, 2, 2, "出台政策措施。", ["（省发改委、工信厅负责）"])
        gxt = _agency(g, "省工信厅", "provincial_department", ["工信厅"])
        _role(g, fgw, t1, s.LEADS, "负责", 100)
        _role(g, szb, t1, s.COOPERATES_ON, "配合", 110)
        _role(g, fgw, t2, s.LEADS, "负责", 200)
        _role(g, gxt, t2, s.LEADS, "负责", 205)
        _involves(g, t1, cloud, "建设")
    if with_doc_b:
        add_doc_b(g)
    compute_measures(g)
    return g


def add_doc_b(g: nx.MultiDiGraph) -> None:
    """A second document sharing 省发改委 and 政务云平台 with doc-a."""
    _document(g, DOC_B, 2016)
    _section(g, DOC_B, 1, "夯实基础")
    fgw = _agency(g, "省发改委", "provincial_department", ["发改委", "省发展改革委"])
    t = _task(g, DOC_B, 1, 1, "整合政务云平台。", ["（省发改委负责）"])
    _role(g, fgw, t, s.LEADS, "负责", 50)
    _involves(g, t, _infra(g, "政务云平台", "Platform"), "整合")


def tricky_graph() -> nx.MultiDiGraph:
    """One document whose text values are :data:`TRICKY` (exact round trip, no injection)."""
    g = nx.MultiDiGraph()
    _document(g, "doc-tricky", 2020)
    g.nodes["doc-tricky"]["title"] = TRICKY[2]
    _section(g, "doc-tricky", 1, TRICKY[1])
    aid = _agency(g, TRICKY[0], "unknown", TRICKY)
    for number, text in enumerate(TRICKY, 1):
        tid = _task(g, "doc-tricky", number, 1, text or "（空）", [text, TRICKY[-2]])
        g.nodes[tid]["title"] = text
        _role(g, aid, tid, s.LEADS, text, number)
    compute_measures(g)
    return g


# --- snapshots -----------------------------------------------------------------------------

Snapshot = dict[str, Any]


def _primary_first(labels: list[str] | tuple[str, ...]) -> list[str]:
    return sorted(labels, key=lambda x: (x not in s.NODE_LABELS, x))


def snapshot(g: nx.MultiDiGraph) -> Snapshot:
    """What a store should hold after loading ``g``: None values are not stored."""
    nodes = {
        n: {"labels": _primary_first(a["labels"]),
            "props": {k: v for k, v in a.items() if k != "labels" and v is not None}}
        for n, a in g.nodes(data=True)
    }
    rels = {
        (u, a["type"], v): {k: x for k, x in a.items() if k != "type" and x is not None}
        for u, v, a in g.edges(data=True)
    }
    return {"nodes": nodes, "relationships": rels}


def store_snapshot(store: GraphStore) -> Snapshot:
    """Everything in the store, in the shape of :func:`snapshot`."""
    limit = 100_000
    nodes = {
        r["id"]: {"labels": _primary_first(r["labels"]), "props": r["props"]}
        for r in store.read(
            "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props "
            "ORDER BY id", row_limit=limit, timeout_ms=60_000).rows
    }
    rels = {
        (r["a"], r["t"], r["b"]): r["props"]
        for r in store.read(
            "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, "
            "properties(r) AS props ORDER BY a, t, b", row_limit=limit, timeout_ms=60_000).rows
    }
    return {"nodes": nodes, "relationships": rels}


def counts(store: GraphStore) -> tuple[int, int]:
    nodes = store.read("MATCH (n) RETURN count(n) AS c").rows
    rels = store.read("MATCH ()-[r]->() RETURN count(r) AS c").rows
    return (nodes[0]["c"] if nodes else 0, rels[0]["c"] if rels else 0)


# Strings that break naive quoting in CSV, Cypher, XML or line-based tools.
HOSTILE: list[str] = [
    "it's", 'say "hi"', "back\\slash", "ends with backslash\\", "\\'", "\\\"", "'; DROP",
    "new\nline", "crlf\r\nnext", "tab\there", "\\n is not a newline", "\\u0041 stays literal",
    "中文 省发改委 😀 𠀀", "semi;colon", "pi|pe", "// not a comment", "/* nor this */",
    "$param {map: 1} `tick`", "", " padded ", "back\bspace form\ffeed", "zero\u200dwidth",
    "rtl \u202e mark", "line\u2028separator", "ctrl\x01char\x02", "del\x7f", "nel\x85",
]


def hostile_graph() -> nx.MultiDiGraph:
    """A small graph of the contract whose values are all awkward to quote."""
    g = nx.MultiDiGraph()
    doc = "doc-hostile"
    g.add_node(doc, labels=(s.DOCUMENT,), id=doc, title=HOSTILE[1], year=2015,
               quality=json.dumps({"a": HOSTILE}, ensure_ascii=False), source="x'y\".txt")
    sec = s.section_id(doc, 1)
    g.add_node(sec, labels=(s.SECTION,), id=sec, document_id=doc, number=1, title=HOSTILE[7])
    task = s.task_id(doc, 1)
    g.add_node(task, labels=(s.TASK,), id=task, document_id=doc, number=1, section=1,
               title=HOSTILE[0], text="\n".join(HOSTILE), occurrences=2, conflict=True,
               clauses=list(HOSTILE))
    agency = s.agency_id("it's \"q\" \\ 省发改委")
    g.add_node(agency, labels=(s.AGENCY,), id=agency, name="it's \"q\" \\ 省发改委",
               aliases=list(HOSTILE), kind="unknown", degree=1, betweenness=1e-05,
               tasks_led=2**40, tasks_total=-3)
    quiet = s.agency_id("无别名")
    g.add_node(quiet, labels=(s.AGENCY,), id=quiet, name="无别名", aliases=[], kind="unknown",
               degree=1, betweenness=0.5)
    # Not a trailing newline: FalkorDB's index does not find ids with outer whitespace.
    infra = s.infrastructure_id("平台'\n台")
    g.add_node(infra, labels=(s.INFRASTRUCTURE, "Platform"), id=infra, name="平台'\n台",
               kind="Platform")
    g.add_edge(doc, sec, key=s.HAS_SECTION, type=s.HAS_SECTION)
    g.add_edge(doc, task, key=s.HAS_TASK, type=s.HAS_TASK)
    g.add_edge(sec, task, key=s.HAS_TASK, type=s.HAS_TASK)
    g.add_edge(agency, task, key=s.LEADS, type=s.LEADS, verb="负责", occurrences=2,
               evidence=["1-2", "3-4"], quotes=list(HOSTILE))
    g.add_edge(quiet, task, key=s.COOPERATES_ON, type=s.COOPERATES_ON, verb="配合",
               occurrences=1, evidence=["5-6"], quotes=[HOSTILE[2]])
    g.add_edge(task, infra, key=s.INVOLVES, type=s.INVOLVES, action=HOSTILE[4], evidence=["7-8"])
    return g


def expected_nodes(g: nx.MultiDiGraph) -> dict[str, tuple[frozenset[str], dict[str, Any]]]:
    """What a store should hold per node id: its labels and the stored properties."""
    return {n: (frozenset(a["labels"]), {**writes.node_props(a), "id": n})
            for n, a in g.nodes(data=True)}


def expected_relationships(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(u, a["type"], v): writes.relationship_props(a) for u, v, a in g.edges(data=True)}
