"""The embedded FalkorDB store (the default).

Guarantees:

* **Reads cannot write.** Every read goes through ``GRAPH.RO_QUERY``; the server refuses
  a query that would write before running it → :class:`ReadOnlyViolation`.
* **Time limit** by FalkorDB's ``TIMEOUT`` argument: the server aborts the query →
  :class:`QueryTimeout`.
* **Row limit** in the client: FalkorDB returns whole result sets, so the store keeps the
  first ``row_limit`` rows and marks the result truncated (the time limit bounds the cost).
* **All-or-nothing loads.** ``MULTI/EXEC`` does not roll back a failed ``GRAPH.QUERY``,
  but ``RENAME`` replaces a key atomically: the live graph is copied to a staging key
  (``GRAPH.COPY``), the load is written into the copy, and the copy is renamed over the
  live graph. A failure deletes the copy; readers only ever see the old or the new graph.
  A lock key (holding the loader's pid, taken over when that process is gone) keeps two
  loads from interleaving. After a load the RDB is saved with a synchronous ``SAVE``
  (never ``BGSAVE``: see :mod:`graph.stores.falkordb_server`).
* Doubles come back with 15 significant digits (FalkorDB's reply format).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, TypeVar

import networkx as nx
import redis
from falkordb import Edge, FalkorDB, Graph, Node
from falkordb import Path as FalkorPath
from falkordb.helpers import stringify_param_value
from falkordb.query_result import QueryResult as FalkorQueryResult
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.config import Settings
from core.errors import QueryError, QueryTimeout, ReadOnlyViolation, StoreError, one_line
from graph import measures, writes
from graph.dialects import DIALECTS, is_already_exists, schema_statements
from graph.stores.base import Progress, QueryResult, WriteSummary
from graph.stores.falkordb_server import FalkorDBServer, pid_alive

DIALECT: Final = DIALECTS["falkordb"]
STAGING_SUFFIX: Final = "__staging"
LOCK_SUFFIX: Final = "__load_lock"
LOCK_TTL_MS: Final = 6 * 3600 * 1000  # a lock outlives no loader by more than this
# Delete the lock only if it is still ours (it may have expired and been taken).
_RELEASE_LOCK: Final = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) "
    "else return 0 end"
)

T = TypeVar("T")


_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """FalkorDB client objects → JSON-able values (the same shapes as the Neo4j store)."""
    kind = type(value)
    if kind in _SCALARS:  # most values: checked first, by exact type
        return value
    if kind is list:
        return [_plain(v) for v in value]
    if kind is dict:
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Node):
        return {"labels": list(value.labels or []), "properties": _plain(value.properties)}
    if isinstance(value, Edge):
        return {"type": value.relation, "properties": _plain(value.properties)}
    if isinstance(value, FalkorPath):
        return {"nodes": [_plain(n) for n in value.nodes()],
                "relationships": [_plain(e) for e in value.edges()]}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value



class FalkorDBStore:
    """The graph in an embedded FalkorDB (started on demand, see :mod:`falkordb_server`).

    >>> from core.config import Settings
    >>> store = FalkorDBStore(Settings(home=tmp_home))        # doctest: +SKIP
    >>> store.read("MATCH (a:Agency) RETURN count(a) AS n").rows  # doctest: +SKIP
    [{'n': 41}]
    """

    name = "falkordb"

    def __init__(self, settings: Settings, *, server: FalkorDBServer | None = None) -> None:
        self.settings = settings
        self.graph_name = settings.graph
        self.server = server or FalkorDBServer(settings.falkordb_dir, query_memory_mb=settings.query_memory_mb)
        self._db: FalkorDB | None = None
        self._lock_owner = f"{os.getpid()}:{secrets.token_hex(4)}"  # this store, in lock values
        self._connect()

    # --- connection --------------------------------------------------------------------

    def _connect(self) -> None:
        self.server.ensure_running("attached")
        self._db = FalkorDB(
            unix_socket_path=str(self.server.socket_path),
            retry=Retry(NoBackoff(), 0),
        )

    @property
    def db(self) -> FalkorDB:
        if self._db is None:
            raise StoreError("the FalkorDB store is closed")
        return self._db

    @property
    def redis(self) -> redis.Redis:
        return self.db.connection

    def _graph(self, name: str | None = None) -> Graph:
        # A fresh Graph per call: its schema cache (property ids → names) must not
        # outlive a RENAME that swapped the graph underneath it.
        return Graph(self.db, name or self.graph_name)

    def _with_server(self, fn: Callable[[], T]) -> T:
        """Run ``fn``; if the server went away (its owner exited), start one and retry once."""
        try:
            return fn()
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as first:
            try:
                self._connect()
            except StoreError:
                raise StoreError(f"FalkorDB is unreachable: {one_line(first)}") from first
            try:
                return fn()
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
                raise StoreError(f"FalkorDB is unreachable: {one_line(exc)}") from exc

    # --- reads -------------------------------------------------------------------------

    def read(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_limit: int | None = None,
    ) -> QueryResult:
        timeout = timeout_ms or self.settings.query_timeout_ms
        limit = row_limit or self.settings.query_row_limit
        if _has_nul(query) or _has_nul(params):
            # FalkorDB cuts a query or a string value at NUL and runs what is left.
            raise QueryError("the query or a parameter holds a NUL character")

        def run() -> QueryResult:
            try:
                try:
                    res = self._graph().ro_query(query, params or {}, timeout=int(timeout))
                except redis.exceptions.ResponseError as exc:
                    if "empty key" not in str(exc):
                        raise
                    # Nothing loaded yet. FalkorDB runs no query on a missing graph, not
                    # even RETURN 1: create the empty graph (no data is written) and retry.
                    self._graph().query("RETURN 0")
                    res = self._graph().ro_query(query, params or {}, timeout=int(timeout))
            except redis.exceptions.ResponseError as exc:
                message = one_line(exc)
                if "read-only" in message:
                    raise ReadOnlyViolation(
                        "refused: the query would write, and reads are read-only "
                        "(nothing was changed)"
                    ) from exc
                if "timed out" in message.lower():
                    raise QueryTimeout(f"query ran past its time limit of {timeout} ms") from exc
                if "mem consumption exceeded" in message:
                    raise QueryError("query needed more memory than one query may use "
                                     "(KG_QUERY_MEMORY_MB)") from exc
                raise QueryError(f"query failed: {message}") from exc
            columns = [str(col[1]) for col in res.header]
            records = res.result_set
            rows = [
                {col: _plain(val) for col, val in zip(columns, rec, strict=True)}
                for rec in records[:limit]
            ]
            return QueryResult(columns=columns, rows=rows, truncated=len(records) > limit)

        return self._with_server(run)

    # --- writes ------------------------------------------------------------------------

    def write_graph(
        self, g: nx.MultiDiGraph, *, progress: Progress | None = None
    ) -> WriteSummary:
        """Load ``g`` into a copy of the live graph and swap it in (see the module doc)."""
        plan = writes.write_plan(g, self.settings.batch_size)
        summary = self._with_server(lambda: self._write(lambda _: iter(plan), len(plan), progress))
        summary.nodes = g.number_of_nodes()
        summary.relationships = g.number_of_edges()
        return summary

    def write_documents(
        self, documents: Iterable[writes.DocumentRows], *,
        successions: Iterable[tuple[str, str, int | None]] = (), progress: Progress | None = None,
    ) -> WriteSummary:
        """Stream documents into a copy of the live graph and swap it in (``kg load``)."""
        state: dict[str, Any] = {}

        def plan(target: Graph) -> Iterator[writes.Step]:
            if "plan" in state:  # the server went away mid-load: the documents are spent
                raise StoreError("FalkorDB went away during the load; the graph is unchanged")
            present = [r[0] for r in target.query(writes.DOCUMENT_IDS).result_set]
            kinds = {r[0]: r[1] for r in target.query(writes.INFRASTRUCTURE_KINDS).result_set}
            stream = state["plan"] = writes.StreamPlan(
                present, kinds, batch_size=self.settings.batch_size, successions=successions)
            for doc in documents:
                yield from stream.add(doc)
            yield from stream.finish()

        summary = self._with_server(lambda: self._write(plan, 0, progress))
        summary.nodes = state["plan"].nodes
        summary.relationships = state["plan"].relationships
        summary.details["documents"] = state["plan"].documents
        return summary

    def _write(self, plan: Callable[[Graph], Iterator[writes.Step]], total: int,
               progress: Progress | None) -> WriteSummary:
        """Run ``plan(staging)``'s steps and the measures on a copy, then swap it in."""
        live, staging = self.graph_name, self.graph_name + STAGING_SUFFIX
        lock_key = self.graph_name + LOCK_SUFFIX
        token = f"{self._lock_owner}:{secrets.token_hex(8)}"
        conn = self.redis
        self._acquire(lock_key, token)
        summary = WriteSummary()
        try:
            conn.delete(staging)  # the leftovers of a load that crashed
            if conn.exists(live):
                self._wait_for_no_fork()
                conn.execute_command("GRAPH.COPY", live, staging)
            target = self._graph(staging)
            self._ensure_schema(target)
            done = 0
            for step in plan(target):
                summary.add_statement(_write_rows(target, step.statement, step.rows))
                done += 1
                if progress is not None:
                    progress(done, total, step)

            def measured(what: str) -> None:
                if progress is not None:
                    progress(done, total, writes.Step("", [], "measures", what))

            measures.update_store_measures(
                lambda q, params: target.query(q, params).result_set, DIALECT, measured)
            conn.rename(staging, live)  # the atomic swap
        except redis.exceptions.ResponseError as exc:
            self._discard(staging)
            raise StoreError(f"load failed, the graph is unchanged: {one_line(exc)}") from exc
        except BaseException:
            self._discard(staging)
            raise
        finally:
            conn.eval(_RELEASE_LOCK, 1, lock_key, token)
        conn.save()  # synchronous: no fork that a later GRAPH.COPY could collide with
        return summary

    def _wait_for_no_fork(self, timeout: float = 600.0) -> None:
        """Wait until redis has no child process (GRAPH.COPY must fork; two forks hang)."""
        deadline = time.monotonic() + timeout
        while True:
            info = self.redis.info("persistence")
            busy = [k for k in ("rdb_bgsave_in_progress", "aof_rewrite_in_progress",
                                "module_fork_in_progress") if int(info.get(k, 0))]
            if not busy:
                return
            if time.monotonic() > deadline:
                raise StoreError(f"FalkorDB is busy ({', '.join(busy)}); try the load again")
            time.sleep(0.05)

    def _acquire(self, lock_key: str, token: str) -> None:
        """Take the load lock; a lock whose loader process is gone (killed) is taken over."""
        conn = self.redis
        for _ in range(2):
            if conn.set(lock_key, token, nx=True, px=LOCK_TTL_MS):
                return
            holder = conn.get(lock_key)
            pid = str(holder or "").partition(":")[0]
            ours = str(holder or "").startswith(self._lock_owner + ":")
            if holder is not None and (ours or (pid.isdigit() and not pid_alive(int(pid)))):
                # The loader died mid-load, or this store's own earlier attempt was cut
                # off when the server went away (its RDB kept the lock).
                conn.eval(_RELEASE_LOCK, 1, lock_key, holder)
                continue
            break
        raise StoreError(
            f"another load into graph {self.graph_name!r} is running; try again later"
        )

    def _discard(self, key: str) -> None:
        with contextlib.suppress(redis.exceptions.RedisError):
            self.redis.delete(key)

    def _ensure_schema(self, graph: Graph) -> None:
        for ddl in schema_statements(DIALECT):
            try:
                graph.query(ddl)
            except redis.exceptions.ResponseError as exc:
                if not is_already_exists(DIALECT, str(exc)):
                    raise

    # --- admin -------------------------------------------------------------------------

    def drop(self) -> None:
        """Delete the whole graph (tests, ``kg load --replace-all``)."""
        self._with_server(lambda: self.redis.delete(self.graph_name))

    def status(self) -> dict[str, Any]:
        out: dict[str, Any] = {"store": self.name, "graph": self.graph_name}
        out.update(self.server.status())
        counts = self.read(
            "MATCH (n) RETURN count(n) AS nodes", timeout_ms=self.settings.query_timeout_ms
        ).rows
        rels = self.read("MATCH ()-[r]->() RETURN count(r) AS relationships").rows
        out["nodes"] = counts[0]["nodes"] if counts else 0
        out["relationships"] = rels[0]["relationships"] if rels else 0
        return out

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(Exception):
                self._db.connection.close()
            self._db = None
        self.server.release()

    def __enter__(self) -> FalkorDBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _cypher_value(value: Any) -> str:
    """A parameter value in the text form of FalkorDB's ``CYPHER name=value`` header: the
    client's own ``stringify_param_value``, specialised to the rows of a load (the same text,
    about twice as fast; it is most of a load's client-side time)."""
    kind = type(value)
    if kind is str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if kind is dict:
        return "{" + ",".join([f"`{k}`:{_cypher_value(v)}" for k, v in value.items()]) + "}"
    if kind is list or kind is tuple:
        return "[" + ",".join([_cypher_value(v) for v in value]) + "]"
    if value is None:
        return "null"
    if isinstance(value, str | list | tuple | dict):  # subclasses (a StrEnum): the slow path
        return str(stringify_param_value(value))
    return str(value)


def _write_rows(graph: Graph, statement: str, rows: list[dict[str, Any]]) -> QueryResult:
    """``graph.query(statement, {"rows": rows})`` with the faster parameter text."""
    response = graph.execute_command("GRAPH.QUERY", graph.name,
                                     f"CYPHER rows={_cypher_value(rows)} {statement}", "--compact")
    return FalkorQueryResult(graph, response)


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False
