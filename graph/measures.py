"""Graph measures of Agency and Infrastructure nodes: degree, task counts, betweenness.

Two places compute them, with the same definitions:

* :func:`graph.build.compute_measures` on a networkx graph (exports, RDF, ``load_graph``);
* :func:`update_store_measures` inside the store, at the end of every load, over everything
  the store holds (so a document loaded later updates the shared agencies' counts).
  Degree and task counts are one Cypher statement per label (:mod:`graph.writes`); the
  betweenness reads the store's adjacency once and is computed here.

Betweenness is the normalised betweenness centrality in the undirected simple graph (every
node and relationship, multi-edges collapsed), as ``networkx.betweenness_centrality``. Exact
(Brandes) is O(nodes × relationships): it is exact up to :data:`EXACT_MAX_NODES` nodes and
otherwise estimated from :data:`SAMPLE_SOURCES` source nodes (Brandes–Pich pivots, scaled by
nodes / sources), drawn with a fixed seed from the nodes in id order, so a reload gives the
same values. The estimate is unbiased; each node's error is within ±√(ln(2/δ) / 2k) with
probability 1 − δ (Hoeffding: ±0.136 at k = 100 sources and δ = 0.05). Both run in igraph's C
core: about k breadth-first searches, linear in the size of the graph; the sampled sources
are shared between two processes where there are two cores.

>>> betweenness(3, [(0, 1), (1, 2)])
[0.0, 1.0, 0.0]
"""

from __future__ import annotations

import os
import random
from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, Final

from core.machine import usable_cores
from graph import writes

if TYPE_CHECKING:
    from graph.dialects import Dialect

EXACT_MAX_NODES: Final = 2000
SAMPLE_SOURCES: Final = 100
SEED: Final = 0
# From this many nodes the sampled sources are shared with a forked child (about 0.1 s of
# work per 10,000 nodes here, against a few ms for the fork).
SPLIT_MIN_NODES: Final = 20_000

# run(statement, params) → rows (lists of values), inside the load's transaction.
Runner = Callable[[str, dict[str, Any]], list[list[Any]]]


def betweenness(n: int, edges: Iterable[tuple[int, int]], *,
                exact_max_nodes: int = EXACT_MAX_NODES,
                sources: int = SAMPLE_SOURCES) -> list[float]:
    """Normalised betweenness of nodes ``0 … n-1`` of the undirected graph ``edges``, rounded
    to 6 digits; exact up to ``exact_max_nodes`` nodes, else sampled from ``sources`` nodes."""
    if n < 3:
        return [0.0] * n
    try:
        import igraph  # C core; imported only when a load or an export computes measures
    except ImportError:  # igraph is GPL: a deployment may leave it out (README, Licences)
        return _betweenness_networkx(n, edges, exact_max_nodes, sources)

    g = igraph.Graph(n=n, directed=False)
    pending = iter(edges)
    while chunk := list(islice(pending, 65536)):  # never all the pairs as Python tuples
        g.add_edges(chunk)
    g.simplify()
    scale = 2.0 / ((n - 1) * (n - 2))
    if n <= max(exact_max_nodes, sources):
        raw = g.betweenness(directed=False)
    else:
        picked = sorted(random.Random(SEED).sample(range(n), sources))
        if n >= SPLIT_MIN_NODES:
            raw = _split_sources(lambda part: g.betweenness(directed=False, sources=part), picked)
        else:
            raw = g.betweenness(directed=False, sources=picked)
        scale *= n / sources
    return [round(float(x) * scale, 6) for x in raw]


def _split_sources(betweenness_from: Callable[[list[int]], list[float]],
                   sources: list[int]) -> list[float]:
    """``betweenness_from(sources)``, half of the sources computed in a forked child.

    A node's betweenness from a set of sources is the sum of its dependencies on each source
    (Brandes), so two halves add up to the whole; igraph holds the GIL, hence a process. Where
    there is one core or no fork, or the child fails, everything runs here.
    """
    if len(sources) < 2 or usable_cores() < 2 or not hasattr(os, "fork"):
        return betweenness_from(sources)
    mine, theirs = sources[::2], sources[1::2]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send the doubles, leave without any Python clean-up
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                out.write(array("d", betweenness_from(theirs)).tobytes())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    child = os.fdopen(read_end, "rb")
    try:
        here = betweenness_from(mine)
        data = child.read()
    finally:
        child.close()  # a child still writing gets EPIPE and leaves
        _, status = os.waitpid(pid, 0)
    there = array("d")
    there.frombytes(data)
    if status != 0 or len(there) != len(here):
        return [a + b for a, b in zip(here, betweenness_from(theirs), strict=True)]
    return [a + b for a, b in zip(here, there, strict=True)]


def _betweenness_networkx(n: int, edges: Iterable[tuple[int, int]], exact_max_nodes: int,
                          sources: int) -> list[float]:
    """The same measure in networkx (pure Python: slower, same sources and scaling)."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((a, b) for a, b in edges if a != b)
    if n <= max(exact_max_nodes, sources):
        values = nx.betweenness_centrality(g, normalized=True)
    else:
        picked = sorted(random.Random(SEED).sample(range(n), sources))
        raw = nx.betweenness_centrality_subset(g, picked, list(range(n)), normalized=False)
        scale = 2.0 / ((n - 1) * (n - 2)) * n / sources
        values = {k: v * scale for k, v in raw.items()}
    return [round(float(values[i]), 6) for i in range(n)]


ADJACENCY_SLICE: Final = 8192  # nodes per read of the adjacency, where the store can slice


def _adjacency(run: Runner, dialect: Dialect) -> Iterator[list[Any]]:
    """(key, keys of the end nodes) of every node with outgoing relationships."""
    if not dialect.id_slices:
        yield from run(writes.adjacency_statement(dialect.node_key), {})
        return
    statement = writes.adjacency_statement(dialect.node_key, sliced=True)
    top = run(writes.top_key_statement(dialect.node_key), {})[0][0]
    for lo in range(0, (top or 0) + 1, ADJACENCY_SLICE):
        yield from run(statement, {"lo": lo, "hi": lo + ADJACENCY_SLICE})


# start(statements) sends statements to run in order and returns a function that waits for
# their end (and raises the first error).
Starter = Callable[[list[str]], Callable[[], None]]


def _run_now(run: Runner) -> Starter:
    """A store without statements aside (a transaction is not shared): run them in turn."""
    def start(statements: list[str]) -> Callable[[], None]:
        for statement in statements:
            run(statement, {})
        return lambda: None
    return start


def update_store_measures(run: Runner, dialect: Dialect,
                          progress: Callable[[str], None] | None = None, *,
                          start: Starter | None = None) -> None:
    """Recompute every Agency's and Infrastructure's measures in the store ``run`` talks to.

    Nodes travel as the dialect's ``node_key`` (FalkorDB: the internal id, a number). With
    ``start`` (a store that runs a statement while its client goes on), the counts run in
    the server while the betweenness is computed here: they change properties only, the
    betweenness reads only the structure.
    """
    if progress is not None:
        progress("counts, betweenness")  # as they begin: a progress bar says what runs
    counted = (start or _run_now(run))(writes.count_measure_statements())
    try:
        values, index = _store_betweenness(run, dialect)
    finally:
        counted()  # behind an error too: nothing is left running
    for label in writes.SHARED_LABELS:
        rows = [{"id": node_id, "betweenness": values[index[key]]}
                for key, node_id in run(writes.keys_statement(label, dialect.node_key), {})]
        for batch in writes.batches(rows, 5000):
            run(writes.betweenness_statement(label), {"rows": batch})


def _store_betweenness(run: Runner, dialect: Dialect) -> tuple[list[float], dict[Any, int]]:
    """The betweenness of every node in the store, and each node key's place in it."""
    dialect_key = dialect.node_key
    # Nodes in id order (the server sorts; only keys travel): the order the sampled
    # sources are drawn in, the same in every store and on every reload.
    index = {row[0]: i for i, row in enumerate(run(writes.all_nodes_statement(dialect_key), {}))}
    starts, ends = array("l"), array("l")  # 8 bytes an end, not a tuple of two ints
    for key, targets in _adjacency(run, dialect):
        u = index[key]
        for t in targets:
            starts.append(u)
            ends.append(index[t])
    return betweenness(len(index), zip(starts, ends, strict=True)), index
