"""All write Cypher of the project: builders of ``UNWIND $rows AS row …`` statements.

A load is a list of :class:`Step` values, each one statement and the rows it runs over
(``(statement, rows)``, unpackable). Stores run them in order, passing ``{"rows": rows}``
as the only parameter; values never reach the Cypher text. Labels and relationship types
do (Cypher has no parameter for them), so they are checked against :mod:`graph.schema`.

Loading a graph *replaces* each document in it, in this order:

1. ``remove``: the document's Task/Section nodes that are not in the graph, and every
   relationship touching its remaining tasks and sections that is not in the graph;
2. ``relabel``: an infrastructure node whose kind changed (new loader rules) gets its new
   kind label in place, keeping the relationships of other documents;
3. ``nodes``: MERGE on the label set (Infrastructure + kind) and ``id``; ``SET n = props``
   (so a property that became None disappears);
4. ``relationships``: MATCH both ends by ``id``, MERGE the typed relationship, ``SET r = props``;
5. ``cleanup``: Agency/Infrastructure nodes left without any relationship are deleted.

Documents not in the graph are untouched. Agency and Infrastructure nodes are shared
between documents; their properties are overwritten from the graph, and their measures
(degree, task counts, betweenness) are recomputed in the store after every load, over all it
holds (:mod:`graph.measures`). Relationships between agencies (MEMBER_OF, SUCCEEDED_BY)
belong to no document: they are merged, never removed.

``kg load`` streams instead (:class:`StreamPlan`): each document arrives as its own rows
(:class:`DocumentRows`, built in a reader process), documents are grouped into chunks of about
:data:`CHUNK_ROWS` rows, and each chunk runs the same steps. A document the store does not hold
yet has nothing to remove, so its nodes and relationships are CREATEd (one index lookup less
than MERGE); a shared node is written once per load, by the first document that names it.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("agency/省发改委", labels=("Agency",), id="agency/省发改委", name="省发改委")
>>> step = [s for s in write_plan(g) if s.kind == "nodes"][0]
>>> print(step.statement)
UNWIND $rows AS row
MERGE (n:Agency {id: row.id})
SET n = row.props
>>> step.rows
[{'id': 'agency/省发改委', 'props': {'id': 'agency/省发改委', 'name': '省发改委'}}]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from graph import schema as s

if TYPE_CHECKING:
    import networkx as nx

    from graph.elements import DocumentElements

Row = dict[str, Any]
StepKind = Literal["remove", "relabel", "nodes", "relationships", "cleanup", "measures"]

DEFAULT_BATCH_SIZE: Final = 500
# Rows (nodes + relationships) gathered from consecutive documents before they are written:
# big enough that each statement carries a full batch, small enough to stay a few MB.
CHUNK_ROWS: Final = 5000
# Document-scoped labels: their nodes are replaced with their document.
SCOPED_LABELS: Final = (s.TASK, s.SECTION)
# Shared labels: deleted once nothing points at them any more.
SHARED_LABELS: Final = (s.AGENCY, s.INFRASTRUCTURE)
# Every relationship touching a document's tasks and sections, seen from one end: into a
# task (HAS_TASK, roles), out of a task (INVOLVES), into a section (HAS_SECTION).
SCOPED_RELATIONSHIPS: Final[tuple[tuple[str, Literal["in", "out"]], ...]] = (
    (s.TASK, "in"), (s.TASK, "out"), (s.SECTION, "in"),
)
KEY_SEPARATOR: Final = "|"  # in relationship keys "other_id|TYPE"; ids never contain it

_KNOWN_LABELS: Final = frozenset((*s.NODE_LABELS, *s.INFRASTRUCTURE_KINDS))
_KNOWN_TYPES: Final = frozenset(s.RELATIONSHIP_TYPES)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Step(NamedTuple):
    """One statement and its rows; ``kind``/``target`` describe it for progress and tests."""

    statement: str
    rows: list[Row]
    kind: StepKind
    target: str


# --- statement builders ----------------------------------------------------------------


def _label(name: str) -> str:
    if name not in _KNOWN_LABELS or not _IDENTIFIER.match(name):
        raise ValueError(f"unknown node label {name!r} (see graph.schema)")
    return name


def _rel_type(name: str) -> str:
    if name not in _KNOWN_TYPES or not _IDENTIFIER.match(name):
        raise ValueError(f"unknown relationship type {name!r} (see graph.schema)")
    return name


def merge_nodes_statement(labels: Sequence[str]) -> str:
    """MERGE nodes on their label set and id; rows are ``{id, props}``.

    All labels go into the MERGE pattern rather than a later ``SET n:Kind``: ArcadeDB
    implements a label change as a move to another record, which trips the unique ``id``
    constraint inside one transaction. The kind of an infrastructure node is a function
    of its name, hence of its id, so the label set never changes for a given id.

    >>> print(merge_nodes_statement(("Infrastructure", "Platform")))
    UNWIND $rows AS row
    MERGE (n:Infrastructure:Platform {id: row.id})
    SET n = row.props
    """
    pattern = ":".join(_label(x) for x in labels)
    return "\n".join(["UNWIND $rows AS row", f"MERGE (n:{pattern} {{id: row.id}})",
                      "SET n = row.props"])


def merge_relationships_statement(rel_type: str, start_label: str, end_label: str) -> str:
    """MERGE relationships between nodes found by id; rows are ``{start, end, props}``.

    >>> print(merge_relationships_statement("LEADS", "Agency", "Task"))
    UNWIND $rows AS row
    MATCH (a:Agency {id: row.start})
    MATCH (b:Task {id: row.end})
    MERGE (a)-[r:LEADS]->(b)
    SET r = row.props
    """
    return "\n".join([
        "UNWIND $rows AS row",
        f"MATCH (a:{_label(start_label)} {{id: row.start}})",
        f"MATCH (b:{_label(end_label)} {{id: row.end}})",
        f"MERGE (a)-[r:{_rel_type(rel_type)}]->(b)",
        "SET r = row.props",
    ])


def create_nodes_statement(labels: Sequence[str]) -> str:
    """CREATE nodes (of a document the store does not hold yet); rows are ``{id, props}``.

    >>> print(create_nodes_statement(("Task",)))
    UNWIND $rows AS row
    CREATE (n:Task)
    SET n = row.props
    """
    pattern = ":".join(_label(x) for x in labels)
    return "\n".join(["UNWIND $rows AS row", f"CREATE (n:{pattern})", "SET n = row.props"])


def create_relationships_statement(rel_type: str, start_label: str, end_label: str) -> str:
    """CREATE relationships of a new document between nodes found by id; rows
    ``{start, end, props}``."""
    return "\n".join([
        "UNWIND $rows AS row",
        f"MATCH (a:{_label(start_label)} {{id: row.start}})",
        f"MATCH (b:{_label(end_label)} {{id: row.end}})",
        f"CREATE (a)-[r:{_rel_type(rel_type)}]->(b)",
        "SET r = row.props",
    ])


def remove_stale_nodes_statement(label: str) -> str:
    """Delete a document's nodes of ``label`` not in the graph; rows ``{document_id, keep}``."""
    return "\n".join([
        "UNWIND $rows AS row",
        f"MATCH (n:{_label(label)})",
        "WHERE n.document_id = row.document_id AND NOT n.id IN row.keep",
        "DETACH DELETE n",
    ])


def remove_stale_relationships_statement(label: str, direction: Literal["in", "out"]) -> str:
    """Delete relationships of one node that are not in the graph; rows ``{id, keep}``.

    ``keep`` holds ``"start_id|TYPE"`` for incoming and ``"TYPE|end_id"`` for outgoing ones.
    """
    if direction == "in":
        pattern, key = f"(o)-[r]->(n:{_label(label)} {{id: row.id}})", "o.id + '|' + type(r)"
    else:
        pattern, key = f"(n:{_label(label)} {{id: row.id}})-[r]->(o)", "type(r) + '|' + o.id"
    return "\n".join([
        "UNWIND $rows AS row",
        f"MATCH {pattern}",
        f"WHERE NOT ({key}) IN row.keep",
        "DELETE r",
    ])


def relabel_statement(kind: str) -> str:
    """Give infrastructure nodes the kind label ``kind`` (and no other); rows ``{id}``.

    A no-op when the kind is unchanged. (The ArcadeDB test server cannot relabel a node
    under a unique constraint: there a kind change fails the load, which is rolled back.)

    >>> print(relabel_statement("Platform"))
    UNWIND $rows AS row
    MATCH (n:Infrastructure {id: row.id})
    WHERE NOT n:Platform
    REMOVE n:DataCenter:Network:Park:System:Database
    SET n:Platform
    """
    others = ":".join(k for k in s.INFRASTRUCTURE_KINDS if k != kind)
    return "\n".join([
        "UNWIND $rows AS row",
        f"MATCH (n:{s.INFRASTRUCTURE} {{id: row.id}})",
        f"WHERE NOT n:{_label(kind)}",
        f"REMOVE n:{others}",
        f"SET n:{kind}",
    ])


def remove_isolated_statement(label: str) -> str:
    """Delete nodes of ``label`` without relationships, except ids in ``row.keep``."""
    return "\n".join([
        "UNWIND $rows AS row",
        f"MATCH (n:{_label(label)})",
        "WHERE NOT n.id IN row.keep",
        "OPTIONAL MATCH (n)-[r]-()",
        "WITH n, count(r) AS degree",
        "WHERE degree = 0",
        "DELETE n",
    ])


# --- rows from the networkx graph ------------------------------------------------------


def node_props(attrs: dict[str, Any]) -> dict[str, Any]:
    """The properties to store: everything but ``labels``; None values are not written."""
    return {k: v for k, v in attrs.items() if k != "labels" and v is not None}


def relationship_props(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if k != "type" and v is not None}


def _labels(attrs: dict[str, Any]) -> tuple[str, ...]:
    return tuple(attrs["labels"])


def node_groups(g: nx.MultiDiGraph) -> dict[tuple[str, ...], list[Row]]:
    """Rows ``{id, props}`` per label set, in schema order, each sorted by id."""
    return _node_groups(g.nodes(data=True))


def _node_groups(nodes: Iterable[tuple[str, dict[str, Any]]]) -> dict[tuple[str, ...], list[Row]]:
    groups: dict[tuple[str, ...], list[Row]] = defaultdict(list)
    for node_id, attrs in nodes:
        props = node_props(attrs)
        props["id"] = node_id  # the key is the id (graph.schema)
        groups[_labels(attrs)].append({"id": node_id, "props": props})
    order = {label: i for i, label in enumerate(s.NODE_LABELS)}
    return {
        labels: sorted(rows, key=lambda r: r["id"])
        for labels, rows in sorted(
            groups.items(), key=lambda kv: (order.get(kv[0][0], len(order)), kv[0])
        )
    }


def relationship_groups(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[Row]]:
    """Rows ``{start, end, props}`` per (type, start label, end label), sorted."""
    return _relationship_groups(g.nodes(data=True), g.edges(data=True))


def _relationship_groups(nodes: Iterable[tuple[str, dict[str, Any]]],
                         edges: Iterable[tuple[str, str, dict[str, Any]]]
                         ) -> dict[tuple[str, str, str], list[Row]]:
    groups: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    primary = {n: a["labels"][0] for n, a in nodes}  # one lookup per node, not per end
    for u, v, attrs in edges:
        key = (attrs["type"], primary[u], primary[v])
        groups[key].append({"start": u, "end": v, "props": relationship_props(attrs)})
    order = {t: i for i, t in enumerate(s.RELATIONSHIP_TYPES)}
    return {
        key: sorted(rows, key=lambda r: (r["start"], r["end"]))
        for key, rows in sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0]))
    }


def document_ids(g: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, a in g.nodes(data=True) if _labels(a)[0] == s.DOCUMENT)


def stale_node_rows(g: nx.MultiDiGraph, label: str) -> list[Row]:
    """Per document in ``g``: the ids of its ``label`` nodes to keep."""
    keep: dict[str, list[str]] = {doc: [] for doc in document_ids(g)}
    for node_id, attrs in g.nodes(data=True):
        if _labels(attrs)[0] == label and attrs.get("document_id") in keep:
            keep[attrs["document_id"]].append(node_id)
    return [{"document_id": doc, "keep": sorted(ids)} for doc, ids in keep.items()]


def stale_relationship_rows(
    g: nx.MultiDiGraph, label: str, direction: Literal["in", "out"]
) -> list[Row]:
    """Per ``label`` node in ``g``: the keys of its in/out relationships to keep."""
    rows = []
    for node_id, attrs in sorted(g.nodes(data=True), key=lambda na: na[0]):
        if _labels(attrs)[0] != label:
            continue
        if direction == "in":
            keep = [f"{u}{KEY_SEPARATOR}{a['type']}" for u, _, a in g.in_edges(node_id, data=True)]
        else:
            keep = [f"{a['type']}{KEY_SEPARATOR}{v}" for _, v, a in g.out_edges(node_id, data=True)]
        rows.append({"id": node_id, "keep": sorted(keep)})
    return rows


def isolated_keep_rows(g: nx.MultiDiGraph, label: str) -> list[Row]:
    """One row: the ``label`` nodes that are isolated in ``g`` itself (kept as written)."""
    keep = sorted(
        n for n, a in g.nodes(data=True) if _labels(a)[0] == label and g.degree(n) == 0
    )
    return [{"keep": keep}]


# --- the plan --------------------------------------------------------------------------


def batches(rows: Sequence[Row], size: int) -> Iterator[list[Row]]:
    """Consecutive slices of at most ``size`` rows (none for no rows)."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


def _steps(statement: str, rows: list[Row], kind: StepKind, target: str, size: int) -> list[Step]:
    return [Step(statement, batch, kind, target) for batch in batches(rows, size)]


def write_plan(g: nx.MultiDiGraph, batch_size: int = DEFAULT_BATCH_SIZE) -> list[Step]:
    """Every statement of loading ``g`` (replace its documents), in execution order."""
    plan: list[Step] = []
    for label in SCOPED_LABELS:
        plan += _steps(remove_stale_nodes_statement(label), stale_node_rows(g, label),
                       "remove", label, batch_size)
    for label, direction in SCOPED_RELATIONSHIPS:
        plan += _steps(remove_stale_relationships_statement(label, direction),
                       stale_relationship_rows(g, label, direction),
                       "remove", f"{label} {direction}", batch_size)
    groups = node_groups(g)
    for labels, rows in groups.items():
        if labels[0] == s.INFRASTRUCTURE and len(labels) == 2:
            plan += _steps(relabel_statement(labels[1]), [{"id": r["id"]} for r in rows],
                           "relabel", ":".join(labels), batch_size)
    for labels, rows in groups.items():
        plan += _steps(merge_nodes_statement(labels), rows, "nodes", ":".join(labels), batch_size)
    for (rel_type, start, end), rows in relationship_groups(g).items():
        plan += _steps(merge_relationships_statement(rel_type, start, end), rows,
                       "relationships", f"{start}-{rel_type}->{end}", batch_size)
    for label in SHARED_LABELS:
        plan.append(Step(remove_isolated_statement(label), isolated_keep_rows(g, label),
                         "cleanup", label))
    return plan



# --- measures in the store (graph.measures) --------------------------------------------


def count_measure_statements() -> list[str]:
    """Degree and task counts by role of every Agency and Infrastructure node, in the store
    (the definitions of :func:`graph.build.compute_measures`), one pass over each node's
    relationships. Role relationships always run from an agency to a task."""
    roles = ", ".join(f"'{_rel_type(t)}'" for t in s.ROLE_TYPES)

    def count(rel: str) -> str:
        return f"count(CASE WHEN type(r) = '{_rel_type(rel)}' THEN 1 END)"

    return [
        "\n".join([
            f"MATCH (a:{s.AGENCY})",
            "OPTIONAL MATCH (a)-[r]-(o)",
            f"WITH a, count(r) AS degree, {count(s.LEADS)} AS led,",
            f"     {count(s.RESPONSIBLE_FOR)} AS responsible, {count(s.COOPERATES_ON)} AS cooperating,",
            f"     count(DISTINCT CASE WHEN type(r) IN [{roles}] THEN o END) AS total",
            "SET a.degree = degree, a.tasks_led = led, a.tasks_responsible = responsible,",
            "    a.tasks_cooperating = cooperating, a.tasks_total = total",
        ]),
        "\n".join([
            f"MATCH (x:{s.INFRASTRUCTURE})",
            "OPTIONAL MATCH (x)-[r]-(o)",
            "WITH x, count(r) AS degree, count(DISTINCT CASE WHEN startNode(r) = o THEN o END) AS total",
            "SET x.degree = degree, x.tasks_total = total",
        ]),
    ]


def all_nodes_statement(key: str) -> str:
    """Every node's internal key (``key`` formatted with the variable), in ``id`` order."""
    return f"MATCH (n) RETURN {key.format(v='n')} AS k ORDER BY n.id"


def adjacency_statement(key: str, *, sliced: bool = False) -> str:
    """Every node with outgoing relationships and the keys of their end nodes; ``sliced``:
    only the nodes whose key is in ``[$lo, $hi)`` (keys are internal ids)."""
    where = f"WHERE {key.format(v='a')} >= $lo AND {key.format(v='a')} < $hi " if sliced else ""
    return (f"MATCH (a) {where}MATCH (a)-[]->(b) WITH a, collect({key.format(v='b')}) AS out "
            f"RETURN {key.format(v='a')} AS k, out")


def top_key_statement(key: str) -> str:
    return f"MATCH (n) RETURN max({key.format(v='n')}) AS top"


def keys_statement(label: str, key: str) -> str:
    """The key and the id of every node of ``label``."""
    return f"MATCH (n:{_label(label)}) RETURN {key.format(v='n')} AS k, n.id AS id"


def betweenness_statement(label: str) -> str:
    """Set ``betweenness`` from rows ``{id, betweenness}`` (found by the ``id`` index: a
    lookup by FalkorDB's internal id inside UNWIND scans every node)."""
    return "\n".join(["UNWIND $rows AS row", f"MATCH (n:{_label(label)} {{id: row.id}})",
                      "SET n.betweenness = row.betweenness"])


# --- streaming loads -------------------------------------------------------------------

# What a streaming load asks the store first: which documents it holds (they are replaced,
# the others created), and each infrastructure node's kind (a changed kind is relabelled).
DOCUMENT_IDS: Final = (f"MATCH (d:{s.DOCUMENT}) RETURN d.id AS id, d.issuer AS issuer, "
                       "coalesce(d.plan_title, d.title) AS title, d.year AS year")


def namesake_key(issuer: object, title: object, year: object) -> str:
    """What names a document apart from its text: two documents with the same key and
    different ids are two texts of one plan (a corrected copy, another edition)."""
    return f"{issuer or ''}|{title or ''}|{year or ''}"
INFRASTRUCTURE_KINDS: Final = f"MATCH (x:{s.INFRASTRUCTURE}) RETURN x.id AS id, x.kind AS kind"


@dataclass
class DocumentRows:
    """One document's rows, from its nodes and relationships (:func:`document_rows`); small to
    pickle."""

    document_id: str
    nodes: dict[tuple[str, ...], list[Row]]
    relationships: dict[tuple[str, str, str], list[Row]]
    isolated: list[tuple[str, str]] = field(default_factory=list)  # (label, id) of lone shared nodes
    name: str = ""  # namesake_key: issuer, title, year
    seconds: dict[str, float] = field(default_factory=dict)  # time spent reading, building

    @property
    def node_count(self) -> int:
        return sum(map(len, self.nodes.values()))

    @property
    def relationship_count(self) -> int:
        return sum(map(len, self.relationships.values()))


def document_rows(doc: DocumentElements) -> DocumentRows:
    """The rows of one document's nodes and relationships (:mod:`graph.elements`)."""
    touched = {end for start, stop, _ in doc.relationships for end in (start, stop)}
    isolated = [(a["labels"][0], n) for n, a in doc.nodes.items()
                if a["labels"][0] in SHARED_LABELS and n not in touched]
    attrs = doc.nodes[doc.document_id]
    name = namesake_key(attrs.get("issuer"), attrs.get("plan_title") or attrs.get("title"),
                        attrs.get("year"))
    edges = ((start, end, a) for (start, end, _), a in doc.relationships.items())
    return DocumentRows(doc.document_id, _node_groups(doc.nodes.items()),
                        _relationship_groups(doc.nodes.items(), edges), isolated, name)


def _replace_rows(doc: DocumentRows) -> dict[tuple[str, str], list[Row]]:
    """For a document the store holds: what to keep of it, as the ``remove`` steps take it."""
    out: dict[tuple[str, str], list[Row]] = {}
    for label in SCOPED_LABELS:
        keep = sorted(r["id"] for labels, rows in doc.nodes.items() if labels[0] == label
                      for r in rows)
        out[("nodes", label)] = [{"document_id": doc.document_id, "keep": keep}]
    for label, direction in SCOPED_RELATIONSHIPS:
        keep_by_node: dict[str, list[str]] = {
            r["id"]: [] for labels, rows in doc.nodes.items() if labels[0] == label for r in rows}
        for (rel_type, start_label, end_label), rows in doc.relationships.items():
            for r in rows:
                if direction == "in" and end_label == label and r["end"] in keep_by_node:
                    keep_by_node[r["end"]].append(f"{r['start']}{KEY_SEPARATOR}{rel_type}")
                elif direction == "out" and start_label == label and r["start"] in keep_by_node:
                    keep_by_node[r["start"]].append(f"{rel_type}{KEY_SEPARATOR}{r['end']}")
        out[(direction, label)] = [{"id": k, "keep": sorted(v)} for k, v in sorted(keep_by_node.items())]
    return out


class StreamPlan:
    """The steps of a streaming load, produced as documents arrive.

    ``present`` are the ids of the documents the store holds (they are replaced), ``kinds``
    the kind of every infrastructure node it holds (a changed kind is relabelled),
    ``successions`` the (agency id, successor id, year) links to make when both agencies are
    in the load, ``names`` the :func:`namesake_key` of the documents held, by id.

    >>> plan = StreamPlan(present=["doc-a"], kinds={})
    >>> [step.kind for step in plan.finish()]       # nothing taken: nothing to do
    []
    """

    def __init__(self, present: Iterable[str], kinds: dict[str, str], *,
                 batch_size: int = DEFAULT_BATCH_SIZE, chunk_rows: int = CHUNK_ROWS,
                 successions: Iterable[tuple[str, str, int | None]] = (),
                 names: dict[str, str] | None = None) -> None:
        self.present = set(present)
        # namesake key → ids: another text of a plan already held is kept beside it, and said
        self.names: dict[str, set[str]] = {}
        for doc_id, name in (names or {}).items():
            self.names.setdefault(name, set()).add(doc_id)
        self.namesakes: list[str] = []  # ids loaded beside another text of the same plan
        self.kinds = dict(kinds)
        self.batch_size = batch_size
        self.chunk_rows = chunk_rows
        self.successions = list(successions)
        self.shared: set[str] = set()  # shared nodes written in this load
        self.isolated: set[tuple[str, str]] = set()
        self.seen: set[str] = set()
        self.replaced = 0  # documents the store held before
        self.chunk: list[DocumentRows] = []
        self.pending = 0
        self.documents = self.nodes = self.relationships = 0

    def add(self, doc: DocumentRows) -> list[Step]:
        """Take one document; the steps of a chunk once it is full."""
        steps: list[Step] = []
        if doc.document_id in self.seen:  # twice in one load: the later copy replaces
            steps += self.flush()
            self.present.add(doc.document_id)
        self.seen.add(doc.document_id)
        if doc.name and doc.name != namesake_key(None, None, None):
            ids = self.names.setdefault(doc.name, set())
            if ids - {doc.document_id}:
                self.namesakes.append(doc.document_id)
            ids.add(doc.document_id)
        self.documents += 1
        self.chunk.append(doc)
        self.pending += doc.node_count + doc.relationship_count
        if self.pending >= self.chunk_rows:
            steps += self.flush()
        return steps

    def flush(self) -> list[Step]:
        """The steps of the documents taken since the last flush."""
        chunk, self.chunk, self.pending = self.chunk, [], 0
        if not chunk:
            return []
        plan: list[Step] = []
        size = self.batch_size
        replaced = [_replace_rows(d) for d in chunk if d.document_id in self.present]
        self.replaced += len(replaced)
        for label in SCOPED_LABELS:
            plan += _steps(remove_stale_nodes_statement(label),
                           [r for rows in replaced for r in rows[("nodes", label)]],
                           "remove", label, size)
        for label, direction in SCOPED_RELATIONSHIPS:
            plan += _steps(remove_stale_relationships_statement(label, direction),
                           [r for rows in replaced for r in rows[(direction, label)]],
                           "remove", f"{label} {direction}", size)
        nodes: dict[tuple[tuple[str, ...], bool], list[Row]] = defaultdict(list)
        relabel: dict[str, list[Row]] = defaultdict(list)
        rels: dict[tuple[tuple[str, str, str], bool], list[Row]] = defaultdict(list)
        for doc in chunk:
            new = doc.document_id not in self.present
            for labels, rows in doc.nodes.items():
                if labels[0] not in SHARED_LABELS:
                    nodes[(labels, new)] += rows
                    self.nodes += len(rows)
                    continue
                for row in rows:
                    if row["id"] in self.shared:
                        continue  # the first document to name a shared node writes it
                    self.shared.add(row["id"])
                    self.nodes += 1
                    nodes[(labels, False)].append(row)
                    if len(labels) == 2 and self.kinds.get(row["id"], labels[1]) != labels[1]:
                        relabel[labels[1]].append({"id": row["id"]})
            for key, rows in doc.relationships.items():
                rels[(key, new)] += rows
                self.relationships += len(rows)
            self.isolated.update(doc.isolated)
            self.present.add(doc.document_id)
        for kind, rows in sorted(relabel.items()):
            plan += _steps(relabel_statement(kind), rows, "relabel", f"{s.INFRASTRUCTURE}:{kind}", size)
        order = {label: i for i, label in enumerate(s.NODE_LABELS)}
        for (labels, new), rows in sorted(nodes.items(), key=lambda kv: (order[kv[0][0][0]], kv[0])):
            statement = create_nodes_statement(labels) if new else merge_nodes_statement(labels)
            plan += _steps(statement, rows, "nodes", ":".join(labels), size)
        types = {t: i for i, t in enumerate(s.RELATIONSHIP_TYPES)}
        for ((rel_type, start, end), new), rows in sorted(
                rels.items(), key=lambda kv: (types[kv[0][0][0]], kv[0])):
            statement = (create_relationships_statement if new
                         else merge_relationships_statement)(rel_type, start, end)
            plan += _steps(statement, rows, "relationships", f"{start}-{rel_type}->{end}", size)
        return plan

    def finish(self) -> list[Step]:
        """The last chunk, the successions between agencies of the load, the cleanup."""
        plan = self.flush()
        links = [{"start": old, "end": new, "props": {} if year is None else {"year": year}}
                 for old, new, year in self.successions if old in self.shared and new in self.shared]
        self.relationships += len(links)
        plan += _steps(merge_relationships_statement(s.SUCCEEDED_BY, s.AGENCY, s.AGENCY), links,
                       "relationships", f"{s.AGENCY}-{s.SUCCEEDED_BY}->{s.AGENCY}", self.batch_size)
        if self.replaced:  # only a replaced document can leave a shared node without relationships
            for label in SHARED_LABELS:
                keep = sorted(i for lab, i in self.isolated if lab == label)
                plan.append(Step(remove_isolated_statement(label), [{"keep": keep}], "cleanup", label))
        return plan
