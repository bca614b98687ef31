"""What differs between the Cypher backends, in one table.

Differences no query should depend on (and none of ``queries/`` does): ``size()`` of a
string counts code points on FalkorDB and UTF-16 units on Java servers (they differ for
characters outside the BMP); ``sum()`` of integers is a float on FalkorDB (count with
``count(CASE WHEN … THEN 1 END)`` instead); FalkorDB returns doubles with 15 significant
digits; a query with no rows has no column names on the ArcadeDB Bolt server.

Everything else (MATCH / OPTIONAL MATCH / MERGE / SET / UNWIND / WITH / aggregation, list
comprehensions, ``CONTAINS``) is written once, in the common dialect, and runs on FalkorDB,
Neo4j and the ArcadeDB Bolt server used in tests.

>>> from graph.dialects import DIALECTS, schema_statements
>>> schema_statements(DIALECTS["neo4j"])[0]
'CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE'
>>> schema_statements(DIALECTS["falkordb"])[0]
'CREATE INDEX FOR (n:Document) ON (n.id)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from graph import schema as s

# Secondary indexes besides `id`: the replace step of a load looks nodes up by document.
SECONDARY_INDEXES: Final = ((s.TASK, "document_id"), (s.SECTION, "document_id"))


@dataclass(frozen=True)
class Dialect:
    name: str
    # DDL for `id` on one label; formatted with {label}, {name} (a lower-case identifier).
    id_ddl: str
    # DDL for a secondary index; formatted with {label}, {prop}, {name}.
    index_ddl: str
    # Error text meaning "already there" for backends without IF NOT EXISTS.
    already_exists: tuple[str, ...]
    # Full-text index DDL, or None: search_tasks then uses CONTAINS (exact substring, which
    # is also what Chinese text wants: neither backend's analyzer segments Chinese words).
    fulltext_ddl: str | None
    # Where shortestPath(...) may appear: FalkorDB only in WITH/RETURN, Neo4j only in MATCH.
    shortest_path: Literal["projection", "match"]
    # Whether `exists((a)-->())` pattern predicates work (FalkorDB: no).
    exists_pattern: bool
    # How a read is kept from writing (the store enforces it; see the store modules).
    read_only: str
    # How a read's time limit is enforced.
    timeout: str
    # A node's key when the load reads the adjacency back for the measures ({v}: variable):
    # FalkorDB's internal id is a small number; elsewhere the `id` property (portable).
    node_key: str = "{v}.id"
    # Whether the adjacency can be read in slices of internal ids (an id seek), so the
    # measures never hold the whole reply at once.
    id_slices: bool = False


DIALECTS: Final[dict[str, Dialect]] = {
    "falkordb": Dialect(
        name="falkordb",
        id_ddl="CREATE INDEX FOR (n:{label}) ON (n.id)",
        index_ddl="CREATE INDEX FOR (n:{label}) ON (n.{prop})",
        already_exists=("already indexed",),
        fulltext_ddl=None,
        shortest_path="projection",
        exists_pattern=False,
        read_only="GRAPH.RO_QUERY: the server refuses any write before running the query",
        timeout="TIMEOUT argument of GRAPH.RO_QUERY: the server aborts the query",
        node_key="id({v})",
        id_slices=True,
    ),
    "neo4j": Dialect(
        name="neo4j",
        id_ddl="CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE",
        index_ddl="CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})",
        already_exists=(),
        fulltext_ddl=None,
        shortest_path="match",
        exists_pattern=True,
        read_only="READ access mode (Neo4j refuses writes) + a transaction that is always "
        "rolled back + refusal when the result summary reports updates",
        timeout="transaction timeout sent to the server (Neo4j aborts the query) + a "
        "client-side deadline for servers that ignore it",
    ),
}


def schema_statements(dialect: Dialect) -> list[str]:
    """DDL for a unique/indexed ``id`` on every node label, then the secondary indexes."""
    out = [
        dialect.id_ddl.format(label=label, name=f"{label.lower()}_id") for label in s.NODE_LABELS
    ]
    out += [
        dialect.index_ddl.format(label=label, prop=prop, name=f"{label.lower()}_{prop}")
        for label, prop in SECONDARY_INDEXES
    ]
    return out


def is_already_exists(dialect: Dialect, message: str) -> bool:
    return any(marker in message for marker in dialect.already_exists)
