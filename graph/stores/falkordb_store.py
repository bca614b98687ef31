"""The embedded FalkorDB store (the default).

Guarantees:

* **Reads cannot write.** Every read goes through ``GRAPH.RO_QUERY``; the server refuses
  a query that would write before running it → :class:`ReadOnlyViolation`.
* **Time limit** by FalkorDB's ``TIMEOUT`` argument: the server aborts the query →
  :class:`QueryTimeout`. The server does not count parsing nor the time a query waits
  behind others, so the store also stops waiting shortly after the limit.
* **Row limit** in the server: ``RESULTSET_SIZE`` (raised to ``row_limit + 1`` when a read
  asks for more than the server's current cap) stops a query once it has that many rows,
  so a huge result is never built nor sent; the store keeps the first ``row_limit`` rows
  and marks the result truncated. A reply larger than ``result_max_mb`` is dropped by the
  server → :class:`ResultTooLarge`.
* **Never sent twice.** A call is retried (after starting a server) only when no
  connection could be made; once a query was sent, a lost connection is an error: the
  query may be what stopped the server, and sending it again would stop the next one.
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
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final, TypeVar

import redis
from falkordb import Edge, FalkorDB, Graph, Node
from falkordb import Path as FalkorPath
from falkordb.helpers import stringify_param_value
from falkordb.query_result import QueryResult as FalkorResult
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.config import Settings
from core.errors import QueryError, QueryTimeout, ReadOnlyViolation, ResultTooLarge, StoreError, one_line
from graph import measures, writes
from graph.cypher_guard import has_load_csv
from graph.dialects import DIALECTS, is_already_exists, schema_statements
from graph.stores.base import Progress, QueryResult, WriteSummary
from graph.stores.falkordb_server import FalkorDBServer, pid_alive

if TYPE_CHECKING:
    import networkx as nx


DIALECT: Final = DIALECTS["falkordb"]
STAGING_SUFFIX: Final = "__staging"
LOCK_SUFFIX: Final = "__load_lock"
VERSION_SUFFIX: Final = "__version"  # a hash: epoch (random, set once) and n (per change)
DEADLINE_GRACE_S: Final = 1.0  # how long past the time limit the store still waits
WATCH_INTERVAL_S: Final = 10.0  # how often a load checks that the server is not stuck
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


class _NotConnected(redis.exceptions.ConnectionError):
    """No connection could be made: nothing was sent, so the call may be made again."""


class _Pool(redis.ConnectionPool):
    """A connection pool that tells a connection that could not be made (the server is
    gone: start one and try again) from one lost after a command was sent (never resent)."""

    def get_connection(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().get_connection(*args, **kwargs)
        except _NotConnected:
            raise
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as exc:
            raise _NotConnected(one_line(exc)) from exc


class _Stuck(Exception):
    """The server stopped answering and working while a call waited on it; it was killed."""

    def __init__(self, pid: int | None) -> None:
        super().__init__(f"FalkorDB stopped answering and working (pid {pid}, a deadlock "
                         "inside the server); it was stopped, and the next call starts it "
                         "again with the data as last saved")


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
        self.server = server or FalkorDBServer.from_settings(settings)
        self._db: FalkorDB | None = None
        self._result_cap: int | None = None  # the server's RESULTSET_SIZE, once read
        self._run_id: str | None = None
        self._lock_owner = f"{os.getpid()}:{secrets.token_hex(4)}"  # this store, in lock values
        self._connect()

    # --- connection --------------------------------------------------------------------

    def _connect(self) -> None:
        self.server.ensure_running("attached")
        pool = _Pool(
            connection_class=redis.UnixDomainSocketConnection,
            path=str(self.server.socket_path),
            decode_responses=True,  # as FalkorDB's own client
            socket_connect_timeout=5,
            socket_timeout=None,  # a load may take minutes; reads set their own deadline
            retry=Retry(NoBackoff(), 0),  # no silent resend: see _with_server
        )
        old, self._db = self._db, FalkorDB(connection_pool=pool)
        self._result_cap = None
        self._run_id = self._server_run_id()  # which server process this store talks to
        if old is not None:
            with contextlib.suppress(Exception):
                old.connection.close()

    def _server_run_id(self) -> str | None:
        """The run id of the server answering now (new with every start), if one answers."""
        try:
            with contextlib.closing(self.server.client(timeout=2)) as conn:
                return str(conn.info("server")["run_id"])
        except (redis.exceptions.RedisError, OSError, KeyError):
            return None

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

    def _with_server(self, fn: Callable[[], T], *, watched: bool = False,
                     again_if_stuck: bool = False) -> T:
        """Run ``fn``. If no connection could be made (the server went away: its owner
        exited, or it stopped), start a server and run ``fn`` once more. A connection lost
        after a command was sent is never retried (see the module doc).

        ``watched``: a watchdog stops the server if it gets stuck while ``fn`` waits on it
        (loads have no time limit of their own). ``again_if_stuck``: then ``fn`` runs once
        more on a new server (only for calls that change nothing until they finish)."""
        try:
            return self._watched_once(fn) if watched else self._once(fn)
        except _Stuck as stuck:
            if not again_if_stuck:
                raise StoreError(str(stuck)) from stuck
            self._connect()
            try:
                return self._watched_once(fn)
            except _Stuck as again:
                raise StoreError(str(again)) from again
        except _NotConnected as first:
            try:
                self._connect()
            except StoreError:
                raise StoreError(f"FalkorDB is unreachable: {one_line(first)}") from first
            try:
                return self._once(fn)
            except _NotConnected as exc:
                raise StoreError(f"FalkorDB is unreachable: {one_line(exc)}") from exc

    def _watched_once(self, fn: Callable[[], T]) -> T:
        """``fn`` with a watchdog: every WATCH_INTERVAL_S it checks that the server still
        answers or works; a stuck one is killed, which ends ``fn``'s wait with an error."""
        done = threading.Event()
        killed: list[int | None] = []

        def watch() -> None:
            while not done.wait(WATCH_INTERVAL_S):
                if self.server.stuck():
                    killed.append(self.server.kill())
                    return

        watchdog = threading.Thread(target=watch, name="falkordb-watchdog", daemon=True)
        watchdog.start()
        try:
            return self._once(fn)
        except (StoreError, redis.exceptions.RedisError) as exc:
            failure: BaseException = exc
        finally:
            done.set()
            watchdog.join()  # a kill under way may be what ended the call: it finishes first
        if killed:
            raise _Stuck(killed[0]) from failure
        raise failure

    def _once(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except _NotConnected:
            raise
        except redis.exceptions.TimeoutError as exc:
            raise StoreError(f"FalkorDB did not answer in time: {one_line(exc)}") from exc
        except redis.exceptions.ConnectionError as exc:
            raise StoreError("FalkorDB stopped while working on the request; it was not sent "
                             "again (see the server log)") from exc

    # --- reads -------------------------------------------------------------------------

    def read(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_limit: int | None = None,
    ) -> QueryResult:
        timeout = int(timeout_ms or self.settings.query_timeout_ms)
        limit = row_limit or self.settings.query_row_limit
        if _has_nul(query) or _has_nul(params):
            # FalkorDB cuts a query or a string value at NUL and runs what is left.
            raise QueryError("the query or a parameter holds a NUL character")
        if has_load_csv(query):
            # It reads files (or URLs) on the server's side; the server also has no import
            # folder, but a read must not even try.
            raise QueryError("LOAD CSV is not allowed in a read query (it reads files on the "
                             "database server)")

        def run() -> QueryResult:
            try:
                try:
                    res = self._ro_query(query, params or {}, timeout, limit + 1)
                except redis.exceptions.ResponseError as exc:
                    if "empty key" not in str(exc):
                        raise
                    # Nothing loaded yet. FalkorDB runs no query on a missing graph, not
                    # even RETURN 1: create the empty graph (no data is written) and retry.
                    self._graph().query("RETURN 0")
                    res = self._ro_query(query, params or {}, timeout, limit + 1)
            except redis.exceptions.TimeoutError as exc:
                if self.server.stuck():  # not a slow query: the server no longer works
                    raise StoreError(str(_Stuck(self.server.kill()))) from exc
                raise QueryTimeout(f"query ran past its time limit of {timeout} ms") from exc
            except _NotConnected:
                raise
            except redis.exceptions.ConnectionError as exc:
                if self._run_id is not None and self._server_run_id() == self._run_id:
                    # The same server is fine: it dropped a reply over its size limit
                    # (client-output-buffer-limit) and closed the connection.
                    raise ResultTooLarge(
                        f"the result is larger than {self.settings.result_max_mb} MB (setting "
                        "result_max_mb); return fewer or smaller values") from exc
                raise StoreError("FalkorDB stopped while running the query; it was not sent "
                                 "again (see the server log)") from exc
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

    def _ro_query(self, query: str, params: dict[str, Any], timeout_ms: int, rows: int) -> FalkorResult:
        """``GRAPH.RO_QUERY`` cut after ``rows`` rows by the server, waiting at most a little
        longer than the time limit: FalkorDB's limit covers neither parsing nor queueing."""
        graph = self._graph()
        command = ["GRAPH.RO_QUERY", graph.name, graph._build_params_header(params) + query,
                   "--compact", "timeout", timeout_ms]
        deadline = time.monotonic() + timeout_ms / 1000 + DEADLINE_GRACE_S
        with self._connection() as conn:
            self._ensure_result_cap(conn, rows, deadline)
            conn.send_command(*command)
            response = conn.read_response(timeout=max(0.0, deadline - time.monotonic()))
        return FalkorResult(graph, response)

    def _starter(self, graph_name: str) -> measures.Starter:
        """Statements sent on a connection of their own, run by the server while this client
        goes on; the function returned reads their replies and raises the first error."""
        def start(statements: list[str]) -> Callable[[], None]:
            pool = self.redis.connection_pool
            conn = pool.get_connection()
            try:
                for statement in statements:
                    conn.send_command("GRAPH.QUERY", graph_name, statement, "--compact")
            except BaseException:
                conn.disconnect()  # a half-sent command must not meet the next user
                pool.release(conn)
                raise

            def wait() -> None:
                failed: redis.exceptions.ResponseError | None = None
                try:
                    for _ in statements:
                        try:
                            conn.read_response()
                        except redis.exceptions.ResponseError as exc:
                            failed = failed or exc
                except BaseException:
                    conn.disconnect()
                    raise
                finally:
                    pool.release(conn)
                if failed is not None:
                    raise failed
            return wait
        return start

    @contextlib.contextmanager
    def _connection(self) -> Iterator[Any]:
        """A connection of the pool for commands that need their own deadline."""
        pool = self.redis.connection_pool
        conn = pool.get_connection()  # _NotConnected when it cannot: nothing was sent
        try:
            yield conn
        finally:
            pool.release(conn)  # one that timed out was closed by read_response

    def _fit_result_cap(self, graph: Graph) -> None:
        """A load's own reads (the documents and infrastructure held, every node for the
        measures) are as long as the graph: the server's row cut, set for user queries, is
        raised to the graph's size (raised only, as every read does)."""
        nodes = int(graph.query("MATCH (n) RETURN count(n)").result_set[0][0])
        with self._connection() as conn:
            self._ensure_result_cap(conn, nodes + 1,
                                    time.monotonic() + self.settings.query_timeout_ms / 1000)

    def _ensure_result_cap(self, conn: Any, rows: int, deadline: float) -> None:
        """Make the server cut results at no fewer than ``rows`` rows (its RESULTSET_SIZE is
        shared by every client: it is only ever raised, to what a read asks for)."""
        def call(*command: Any) -> Any:
            conn.send_command(*command)
            return conn.read_response(timeout=max(0.0, deadline - time.monotonic()))

        cap = self._result_cap
        if cap is None:
            cap = int(call("GRAPH.CONFIG", "GET", "RESULTSET_SIZE")[1])
        if cap < 0 or cap < rows:  # unlimited (a server started without the cap), or too low
            call("GRAPH.CONFIG", "SET", "RESULTSET_SIZE", rows)
            cap = rows
        self._result_cap = cap

    def version(self) -> str:
        """A token that changes whenever the graph is loaded or dropped (the change counter
        kept beside the graph; the epoch tells a recreated store from the old one)."""
        def get() -> str:
            with self._connection() as conn:
                conn.send_command("HMGET", self.graph_name + VERSION_SUFFIX, "epoch", "n")
                epoch, n = (str(v or "") for v in conn.read_response(
                    timeout=self.settings.query_timeout_ms / 1000 + DEADLINE_GRACE_S))
            return f"{epoch or '-'}:{n or 0}"

        return self._with_server(get)

    def _bump_version(self, pipe: Any) -> None:
        key = self.graph_name + VERSION_SUFFIX
        pipe.hsetnx(key, "epoch", secrets.token_hex(8))
        pipe.hincrby(key, "n", 1)

    # --- writes ------------------------------------------------------------------------

    def write_graph(
        self, g: nx.MultiDiGraph, *, progress: Progress | None = None
    ) -> WriteSummary:
        """Load ``g`` into a copy of the live graph and swap it in (see the module doc)."""
        plan = writes.write_plan(g, self.settings.batch_size)
        try:
            summary = self._with_server(
                lambda: self._write(lambda _: iter(plan), len(plan), progress),
                watched=True, again_if_stuck=True)  # the plan is a list: it can run again
        except redis.exceptions.ResponseError as exc:  # refused before the load began
            raise self._load_failed(exc) from exc
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
            held = target.query(writes.DOCUMENT_IDS).result_set
            names = {r[0]: writes.namesake_key(r[1], r[2], r[3]) for r in held}
            kinds = {r[0]: r[1] for r in target.query(writes.INFRASTRUCTURE_KINDS).result_set}
            stream = state["plan"] = writes.StreamPlan(
                names, kinds, batch_size=self.settings.batch_size, successions=successions,
                names=names)
            for doc in documents:
                yield from stream.add(doc)
            yield from stream.finish()

        summary = self._with_server(lambda: self._write(plan, 0, progress), watched=True)
        summary.nodes = state["plan"].nodes
        summary.relationships = state["plan"].relationships
        summary.details["documents"] = state["plan"].documents
        summary.details["replaced_documents"] = state["plan"].replaced
        summary.namesakes = state["plan"].namesakes
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
            self._fit_result_cap(target)
            done = 0
            for step in plan(target):
                summary.add_statement(_write_rows(target, step.statement, step.rows))
                done += 1
                if progress is not None:
                    progress(done, total, step)

            def measured(what: str) -> None:
                if progress is not None:
                    progress(done, total, writes.Step("", [], "measures", what))

            self._fit_result_cap(target)
            measures.update_store_measures(
                lambda q, params: target.query(q, params).result_set, DIALECT, measured,
                start=self._starter(target.name))
            swap = conn.pipeline(transaction=True)  # the atomic swap, and its change count
            swap.rename(staging, live)
            self._bump_version(swap)
            swap.execute()
        except redis.exceptions.ResponseError as exc:
            self._discard(staging)
            raise self._load_failed(exc) from exc
        except BaseException:
            self._discard(staging)
            raise
        finally:
            conn.eval(_RELEASE_LOCK, 1, lock_key, token)
        conn.save()  # synchronous: no fork that a later GRAPH.COPY could collide with
        return summary

    def _load_failed(self, exc: Exception) -> StoreError:
        if "maxmemory" in str(exc):  # noeviction: writes are refused, nothing is evicted
            return StoreError(
                "load failed, the graph is unchanged: the store is full (its data reached "
                f"half of server_memory_mb, {self.settings.server_memory_mb} MB)")
        return StoreError(f"load failed, the graph is unchanged: {one_line(exc)}")

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
        def drop() -> None:
            pipe = self.redis.pipeline(transaction=True)
            pipe.delete(self.graph_name)
            self._bump_version(pipe)
            pipe.execute()

        self._with_server(drop, watched=True, again_if_stuck=True)

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
    return FalkorResult(graph, response)


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False
