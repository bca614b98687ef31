"""The Neo4j store, through the official ``neo4j`` driver (``bolt://`` or ``neo4j://``).

Guarantees, and which server gives them:

* **All-or-nothing loads**: the whole load (every batch) runs in ONE ``execute_write``
  transaction; any failure rolls it all back. Schema DDL (``CREATE CONSTRAINT … IF NOT
  EXISTS``) runs before it, in its own transactions, as Neo4j requires.
* **Reads cannot write**, three layers:
  1. the read runs in a READ-access session via ``execute_read`` (routed to a reader on
     a cluster; Neo4j refuses writes there: ``Neo.ClientError.Statement.AccessMode``);
  2. the read transaction is *always rolled back*, never committed;
  3. when the result summary reports updates (or a write query type) the read is
     refused with :class:`ReadOnlyViolation`.
  Real Neo4j stops the write at layer 1. The ArcadeDB Bolt server used in tests ignores
  the access mode, so there layers 2 and 3 hold: the write happens inside the
  transaction, is rolled back, and the caller gets ReadOnlyViolation.
* **Time limit**: the transaction timeout is sent to the server (Neo4j aborts the query
  → :class:`QueryTimeout`), and the client also stops waiting at the deadline, for
  servers that ignore the timeout (ArcadeDB): the caller gets QueryTimeout on time, the
  abandoned transaction is still rolled back when the server finishes it.
* **Row limit**: at most ``row_limit + 1`` records are pulled (``fetch_size``); the extra
  one only tells that the result was truncated.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from typing import Any, Final

import neo4j
import networkx as nx
from neo4j import GraphDatabase, ManagedTransaction, unit_of_work
from neo4j import exceptions as nx4j
from neo4j.graph import Node, Path, Relationship

from core.config import Settings
from core.errors import QueryError, QueryTimeout, ReadOnlyViolation, StoreError, one_line
from graph import measures, writes
from graph import schema as s
from graph.dialects import DIALECTS, schema_statements
from graph.stores.base import Progress, QueryResult, WriteSummary

DIALECT: Final = DIALECTS["neo4j"]
# Extra wait after the deadline, so that a server that does honour the timeout can report it.
DEADLINE_GRACE_S: Final = 0.25
_WRITE_QUERY_TYPES: Final = frozenset({"w", "rw", "s"})
_TIMEOUT_CODES: Final = ("TransactionTimedOut", "Transaction.Terminated")



def _label_order(label: str) -> tuple[bool, str]:
    return (label not in s.NODE_LABELS, label)


def _plain(value: Any) -> Any:
    """Driver values → JSON-able values (the same shapes as the FalkorDB store)."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels, key=_label_order),
                "properties": _plain(dict(value))}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": _plain(dict(value))}
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes],
                "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time.Date/DateTime/Duration
        return value.iso_format()
    return value



class _Rollback(Exception):
    """Raised at the end of a read's transaction function so the driver rolls it back."""

    def __init__(self, result: QueryResult, wrote: bool) -> None:
        super().__init__("rollback")
        self.result = result
        self.wrote = wrote


class Neo4jStore:
    """The graph in Neo4j (or any Bolt server that speaks its Cypher).

    >>> store = Neo4jStore(Settings(store="neo4j", neo4j_uri="bolt://localhost:7687",
    ...                             neo4j_password="secret"))          # doctest: +SKIP
    >>> store.read("MATCH (t:Task) RETURN count(t) AS n").rows       # doctest: +SKIP
    [{'n': 38}]
    """

    name = "neo4j"

    def __init__(self, settings: Settings, *, driver: neo4j.Driver | None = None) -> None:
        self.settings = settings
        self.database = settings.neo4j_database
        self._schema_ready = False
        try:
            self.driver = driver or GraphDatabase.driver(
                settings.neo4j_uri,
                auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
            )
            self.driver.verify_connectivity()
        except (nx4j.DriverError, nx4j.Neo4jError, ValueError) as exc:
            raise StoreError(
                f"cannot reach Neo4j at {settings.neo4j_uri}: {one_line(exc)}"
            ) from exc

    # --- writes ------------------------------------------------------------------------

    def write_graph(
        self, g: nx.MultiDiGraph, *, progress: Progress | None = None
    ) -> WriteSummary:
        plan = writes.write_plan(g, self.settings.batch_size)
        self._ensure_schema()
        try:
            with self.driver.session(database=self.database) as session:
                summary = session.execute_write(_run_plan, plan, progress)
        except nx4j.Neo4jError as exc:
            raise StoreError(f"load failed, the graph is unchanged: {one_line(exc)}") from exc
        except nx4j.DriverError as exc:
            raise StoreError(f"load failed, the graph is unchanged: {one_line(exc)}") from exc
        summary.nodes = g.number_of_nodes()
        summary.relationships = g.number_of_edges()
        return summary

    def write_documents(
        self, documents: Iterable[writes.DocumentRows], *,
        successions: Iterable[tuple[str, str, int | None]] = (), progress: Progress | None = None,
    ) -> WriteSummary:
        """Stream documents into one transaction (``kg load``): committed whole, or rolled back.

        An explicit transaction rather than ``execute_write``, whose retries would need the
        documents again."""
        self._ensure_schema()
        try:
            with self.driver.session(database=self.database) as session, \
                    session.begin_transaction() as tx:
                names = {r["id"]: writes.namesake_key(r["issuer"], r["title"], r["year"])
                         for r in tx.run(writes.DOCUMENT_IDS)}
                kinds = {r["id"]: r["kind"] for r in tx.run(writes.INFRASTRUCTURE_KINDS)}
                stream = writes.StreamPlan(names, kinds, batch_size=self.settings.batch_size,
                                           successions=successions, names=names)

                def steps() -> Iterator[writes.Step]:
                    for doc in documents:
                        yield from stream.add(doc)
                    yield from stream.finish()

                summary = _run_plan(tx, steps(), progress)
                tx.commit()
        except nx4j.Neo4jError as exc:
            raise StoreError(f"load failed, the graph is unchanged: {one_line(exc)}") from exc
        except nx4j.DriverError as exc:
            raise StoreError(f"load failed, the graph is unchanged: {one_line(exc)}") from exc
        summary.nodes = stream.nodes
        summary.relationships = stream.relationships
        summary.details["documents"] = stream.documents
        summary.details["replaced_documents"] = stream.replaced
        summary.namesakes = stream.namesakes
        return summary

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        try:
            for ddl in schema_statements(DIALECT):
                self.driver.execute_query(ddl, database_=self.database)
        except (nx4j.Neo4jError, nx4j.DriverError) as exc:
            raise StoreError(f"cannot create constraints: {one_line(exc)}") from exc
        self._schema_ready = True

    # --- reads -------------------------------------------------------------------------

    def read(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_limit: int | None = None,
    ) -> QueryResult:
        timeout_s = (timeout_ms or self.settings.query_timeout_ms) / 1000
        limit = row_limit or self.settings.query_row_limit
        outcome: dict[str, Any] = {}
        abandoned = threading.Event()

        def work() -> None:
            try:
                outcome["result"] = self._read_rolled_back(
                    query, params or {}, timeout_s, limit, abandoned)
            except BaseException as exc:  # handed to the waiting thread
                outcome["error"] = exc

        # A daemon worker: the caller stops waiting at the deadline even when the server
        # ignores the transaction timeout; the worker finishes (and rolls back) on its own.
        worker = threading.Thread(target=work, name="kg-neo4j-read", daemon=True)
        worker.start()
        worker.join(timeout_s + DEADLINE_GRACE_S)
        if worker.is_alive():
            abandoned.set()  # no retry of a read nobody waits for
            raise QueryTimeout(f"query ran past its time limit of {round(timeout_s * 1000)} ms")
        if "error" in outcome:
            raise outcome["error"]
        result: QueryResult = outcome["result"]
        return result

    def _read_rolled_back(
        self, query: str, params: dict[str, Any], timeout_s: float, limit: int,
        abandoned: threading.Event,
    ) -> QueryResult:
        @unit_of_work(timeout=timeout_s)
        def run(tx: ManagedTransaction) -> None:
            if abandoned.is_set():  # execute_read retries by calling us again
                raise QueryTimeout("abandoned")
            res = tx.run(query, params)
            columns = list(res.keys())
            records = []
            for record in res:
                records.append(record)
                if len(records) > limit:
                    break
            summary = res.consume()
            counters = summary.counters
            wrote = (
                counters.contains_updates
                or counters.contains_system_updates
                or summary.query_type in _WRITE_QUERY_TYPES
            )
            rows = [{c: _plain(rec[c]) for c in columns} for rec in records[:limit]]
            raise _Rollback(QueryResult(columns, rows, len(records) > limit), bool(wrote))

        try:
            with self.driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                fetch_size=limit + 1,
            ) as session:
                session.execute_read(run)
        except _Rollback as done:
            if done.wrote:
                raise ReadOnlyViolation(
                    "refused: the query would write, and reads are read-only "
                    "(its transaction was rolled back; nothing was changed)"
                ) from None
            return done.result
        except nx4j.Neo4jError as exc:
            code = exc.code or ""
            if "AccessMode" in code or isinstance(exc, nx4j.ForbiddenOnReadOnlyDatabase):
                raise ReadOnlyViolation(
                    "refused: the query would write, and reads are read-only "
                    "(nothing was changed)"
                ) from exc
            if any(marker in code for marker in _TIMEOUT_CODES):
                raise QueryTimeout(
                    f"query ran past its time limit of {round(timeout_s * 1000)} ms"
                ) from exc
            if isinstance(exc, nx4j.ClientError):
                raise QueryError(f"query failed: {one_line(exc)}") from exc
            raise StoreError(f"Neo4j failed: {one_line(exc)}") from exc
        except nx4j.DriverError as exc:
            raise StoreError(f"Neo4j is unreachable: {one_line(exc)}") from exc
        raise StoreError("the read ended without a result")  # pragma: no cover

    # --- admin -------------------------------------------------------------------------

    def drop(self) -> None:
        """Delete every node and relationship of the database (tests)."""
        try:
            self.driver.execute_query("MATCH (n) DETACH DELETE n", database_=self.database)
        except (nx4j.Neo4jError, nx4j.DriverError) as exc:
            raise StoreError(f"cannot clear Neo4j: {one_line(exc)}") from exc

    def version(self) -> str | None:
        # Neo4j keeps no change counter a reader can ask for cheaply: callers fall back to
        # looking at the contents.
        return None

    def status(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "store": self.name,
            "uri": self.settings.neo4j_uri,
            "database": self.database or "(default)",
        }
        with contextlib.suppress(nx4j.DriverError, nx4j.Neo4jError):
            info = self.driver.get_server_info()
            out["server"] = info.agent
        out["running"] = True
        nodes = self.read("MATCH (n) RETURN count(n) AS nodes").rows
        rels = self.read("MATCH ()-[r]->() RETURN count(r) AS relationships").rows
        out["nodes"] = nodes[0]["nodes"] if nodes else 0
        out["relationships"] = rels[0]["relationships"] if rels else 0
        return out

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _run_plan(
    tx: ManagedTransaction | neo4j.Transaction, plan: Iterable[writes.Step], progress: Progress | None
) -> WriteSummary:
    """Every statement of the load, then the measures, in one transaction (``execute_write``
    retries it whole)."""
    summary = WriteSummary()
    total = len(plan) if isinstance(plan, list) else 0
    done = 0
    for step in plan:
        summary.add_statement(tx.run(step.statement, rows=step.rows).consume().counters)
        done += 1
        if progress is not None:
            progress(done, total, step)

    def measured(what: str) -> None:
        if progress is not None:
            progress(done, total, writes.Step("", [], "measures", what))

    measures.update_store_measures(
        lambda q, params: [list(r.values()) for r in tx.run(q, params)], DIALECT, measured)
    return summary
