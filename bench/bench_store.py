"""Store speed on the embedded FalkorDB.

* load throughput in relationships/s, batched (``batch_size``) against one statement per
  row (``batch_size=1``), and their ratio, measured in the same run;
* latency p50/p99 of every named query (its examples) on the bundled document;
* load time, reload time and server memory (``INFO used_memory``, and its growth over an
  empty server) for synthetic corpora of 100 and 1,000 documents.

Synthetic documents come from :func:`bench.synthetic.make_corpus` read by the loader; when
that module is missing, from copies of the bundled graph under other document ids.

>>> result = run(sizes=(2,), ratio_documents=1, query_repeats=2)   # doctest: +SKIP
>>> sorted(result)                                                 # doctest: +SKIP
['corpora', 'load_throughput', 'query_latency_ms']
"""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx

from core.config import Settings
from graph.build import build_graph, load_graph
from graph.stores.falkordb_store import FalkorDBStore
from queries.catalog import public_queries, run_query


def synthetic_graph(n: int, seed: int = 0) -> nx.MultiDiGraph:
    """``n`` synthetic documents as one graph (agencies and infrastructure shared)."""
    from bench.synthetic import make_corpus
    from loaders import read_text
    from loaders.source import SourceText

    extractions = []
    seen: set[str] = set()
    for i, text in enumerate(make_corpus(n, seed=seed)):
        source = SourceText(text=text, name=f"synthetic-{i}.txt", sha256=f"{i:064x}",
                            encoding="utf-8", was_html=False)
        ex = read_text(source)
        if ex.document.id in seen:  # same issuer, title and year: keep both documents
            ex = replace(ex, document=replace(ex.document, id=f"{ex.document.id}-{i}"))
        seen.add(ex.document.id)
        extractions.append(ex)
    return build_graph(extractions)  # betweenness is sampled above 3,000 nodes


def _store(home: Path, **settings: Any) -> FalkorDBStore:
    return FalkorDBStore(Settings(home=home, **settings))


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def load_throughput(home: Path, documents: int) -> dict[str, Any]:
    g = synthetic_graph(documents, seed=7)
    rels = g.number_of_edges()
    out: dict[str, Any] = {"documents": documents, "relationships": rels}
    for label, batch in (("batched", 500), ("one_per_row", 1)):
        with _store(home, graph=f"bench_{label}", batch_size=batch) as store:
            store.drop()
            started = time.perf_counter()
            store.write_graph(g)
            seconds = time.perf_counter() - started
            store.drop()
        out[label] = {"seconds": round(seconds, 3), "relationships_per_s": round(rels / seconds)}
    out["ratio"] = round(out["batched"]["relationships_per_s"]
                         / out["one_per_row"]["relationships_per_s"], 1)
    print(f"load of {documents} documents ({rels} relationships): batched "
          f"{out['batched']['relationships_per_s']:,} rel/s, one statement per row "
          f"{out['one_per_row']['relationships_per_s']:,} rel/s → ×{out['ratio']}")
    return out


def query_latency(home: Path, repeats: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    samples_all: list[float] = []
    with _store(home, graph="bench_queries") as store:
        store.write_graph(load_graph())
        for name, query in public_queries().items():
            samples = []
            for example in query.examples:
                run_query(store, name, example)  # warm the plan cache
                for _ in range(repeats):
                    started = time.perf_counter()
                    run_query(store, name, example)
                    samples.append((time.perf_counter() - started) * 1000)
            samples_all += samples
            out[name] = {"p50": round(statistics.median(samples), 2),
                         "p99": round(_percentile(samples, 0.99), 2)}
        store.drop()
    out["all"] = {"p50": round(statistics.median(samples_all), 2),
                  "p99": round(_percentile(samples_all, 0.99), 2)}
    print(f"named queries on the bundled document: p50 {out['all']['p50']} ms, "
          f"p99 {out['all']['p99']} ms (slowest p99: "
          f"{max((k for k in out if k != 'all'), key=lambda k: out[k]['p99'])})")
    return out


def corpus(tmp: Path, n: int) -> dict[str, Any]:
    g = synthetic_graph(n, seed=n)
    home = tmp / f"corpus-{n}"  # a server of its own: its memory is this graph's
    with _store(home) as store:
        empty = int(store.redis.info("memory")["used_memory"])
        started = time.perf_counter()
        store.write_graph(g)
        load_s = time.perf_counter() - started
        used = int(store.redis.info("memory")["used_memory"])
        started = time.perf_counter()
        store.write_graph(g)  # the idempotent reload: copy, replace, swap
        reload_s = time.perf_counter() - started
    out = {"documents": n, "nodes": g.number_of_nodes(), "relationships": g.number_of_edges(),
           "load_s": round(load_s, 2), "reload_s": round(reload_s, 2),
           "relationships_per_s": round(g.number_of_edges() / load_s),
           "used_memory_mb": round(used / 2**20, 1),
           "graph_memory_mb": round((used - empty) / 2**20, 1)}
    print(f"corpus of {n:>5} documents: {out['nodes']:,} nodes, {out['relationships']:,} "
          f"relationships; load {out['load_s']} s, reload {out['reload_s']} s, "
          f"memory {out['used_memory_mb']} MB ({out['graph_memory_mb']} MB for the graph)")
    return out


def run(sizes: tuple[int, ...] = (100, 1000), ratio_documents: int = 20,
        query_repeats: int = 30) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp_name:
        tmp = Path(tmp_name)
        results: dict[str, Any] = {
            "load_throughput": load_throughput(tmp / "shared", ratio_documents),
            "query_latency_ms": query_latency(tmp / "shared", query_repeats),
            "corpora": [corpus(tmp, n) for n in sizes],
        }
    return results


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=2))
