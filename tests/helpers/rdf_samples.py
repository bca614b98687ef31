"""Small hand-built graphs following graph/schema.py, for the RDF tests.

``sample_graph()`` is a slice of the 2015 plan: two sections, four tasks (one with a conflict,
one that lost its clause), three agencies, two pieces of infrastructure.
"""

from __future__ import annotations

import networkx as nx

from graph import schema as s

DOC = "fj-2015-digital-fujian"

# SPARQL: the three role predicates and the relation names the named queries return.
ROLE_VALUES = """VALUES (?p ?relation) {
    (kg:leads "LEADS") (kg:responsibleFor "RESPONSIBLE_FOR") (kg:cooperatesOn "COOPERATES_ON") }"""


# Clause spans and their text; an agency's evidence points at the whole clause.
CLAUSES = {
    (500, 510): "省发改委、数字办负责",
    (900, 921): "省发改委、数字办负责，省经济信息中心配合",
    (1200, 1210): "省发改委、数字办负责",
    (1500, 1515): "省经济信息中心、各有关部门负责",
}


def _role(g: nx.MultiDiGraph, agency: str, task: str, rel: str, verb: str,
          spans: list[tuple[int, int]]) -> None:
    g.add_edge(s.agency_id(agency), task, key=rel, type=rel, verb=verb, occurrences=len(spans),
               evidence=[s.span_str(sp) for sp in spans], quotes=[CLAUSES[sp] for sp in spans])


def sample_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node(DOC, labels=(s.DOCUMENT,), id=DOC,
               title="福建省人民政府办公厅关于印发2015年数字福建工作要点的通知",
               plan_title="2015年数字福建工作要点", issuer="福建省人民政府办公厅", year=2015,
               published="2015-02-28", signed="2015-02-17", doc_number=None,
               source="2015-digital-fujian-work-points.txt", sha256="0" * 64,
               profile="verb-clause")
    for number, title, first in ((1, "推进改革创新", 1), (2, "提升基础设施", 7)):
        sid = s.section_id(DOC, number)
        g.add_node(sid, labels=(s.SECTION,), id=sid, document_id=DOC, number=number,
                   title=title, first_task=first)
        g.add_edge(DOC, sid, key=s.HAS_SECTION, type=s.HAS_SECTION)

    tasks = {
        1: (1, "出台进一步加快数字福建建设的若干意见", 2, True,
            ["省发改委、数字办负责", "省发改委、数字办负责，省经济信息中心配合"]),
        3: (1, "出台实施《福建省电子政务建设和应用管理办法》", 1, False, []),
        7: (2, "出台《福建省信息通信业科学发展跨越发展行动实施方案》", 1, False,
            ["省发改委、数字办负责"]),
        11: (2, "升级现有政务云平台", 1, False, ["省经济信息中心、各有关部门负责"]),
    }
    for number, (section, title, occurrences, conflict, clauses) in tasks.items():
        tid = s.task_id(DOC, number)
        g.add_node(tid, labels=(s.TASK,), id=tid, document_id=DOC, number=number,
                   section=section, title=title, text=title + "。", occurrences=occurrences,
                   conflict=conflict, clauses=clauses)
        g.add_edge(DOC, tid, key=s.HAS_TASK, type=s.HAS_TASK)
        g.add_edge(s.section_id(DOC, section), tid, key=s.HAS_TASK, type=s.HAS_TASK)

    agencies = {
        "省发改委": ("福建省发展和改革委员会", "Fujian Development and Reform Commission",
                  "provincial_department", ["发改委", "省发展改革委"]),
        "省数字办": ("福建省数字福建建设领导小组办公室", None, "provincial_office", ["数字办"]),
        "省经济信息中心": ("福建省经济信息中心", None, "public_institution", []),
        "各有关部门": (None, None, "collective", []),
    }
    for name, (full, en, kind, aliases) in agencies.items():
        aid = s.agency_id(name)
        g.add_node(aid, labels=(s.AGENCY,), id=aid, name=name, full_name=full, name_en=en,
                   kind=kind, aliases=aliases)

    t1, t7, t11 = (s.task_id(DOC, n) for n in (1, 7, 11))
    _role(g, "省发改委", t1, s.LEADS, "负责", [(500, 510), (900, 921)])
    _role(g, "省数字办", t1, s.LEADS, "负责", [(500, 510), (900, 921)])
    _role(g, "省经济信息中心", t1, s.COOPERATES_ON, "配合", [(900, 921)])
    _role(g, "省发改委", t7, s.LEADS, "负责", [(1200, 1210)])
    _role(g, "省数字办", t7, s.LEADS, "负责", [(1200, 1210)])
    _role(g, "省经济信息中心", t11, s.LEADS, "负责", [(1500, 1515)])
    _role(g, "各有关部门", t11, s.LEADS, "负责", [(1500, 1515)])

    for name, kind, task, action, span in (
        ("政务云平台", "Platform", t11, "升级", (1450, 1455)),
        ("国家级互联网骨干直联点", "Network", t7, None, (1180, 1191)),
    ):
        iid = s.infrastructure_id(name)
        g.add_node(iid, labels=(s.INFRASTRUCTURE, kind), id=iid, name=name, kind=kind)
        g.add_edge(task, iid, key=s.INVOLVES, type=s.INVOLVES, action=action,
                   evidence=[s.span_str(span)])

    # The measures graph/build.compute_measures writes.
    simple = nx.Graph(g.to_undirected(as_view=True))
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    for node_id, attrs in g.nodes(data=True):
        if attrs["labels"][0] in (s.AGENCY, s.INFRASTRUCTURE):
            attrs["degree"] = int(g.degree(node_id))
            attrs["betweenness"] = round(float(betweenness[node_id]), 6)
            attrs["tasks_total"] = len(set(g.successors(node_id)) | set(g.predecessors(node_id)))
        if attrs["labels"][0] == s.AGENCY:
            out = [k for _, _, k in g.out_edges(node_id, keys=True)]
            attrs["tasks_led"] = out.count(s.LEADS)
            attrs["tasks_responsible"] = out.count(s.RESPONSIBLE_FOR)
            attrs["tasks_cooperating"] = out.count(s.COOPERATES_ON)
    return g
