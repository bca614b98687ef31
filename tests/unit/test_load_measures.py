"""What a load computes without a store: betweenness (exact, sampled, without igraph) and the
synthetic corpus the load benchmarks read. Loads themselves: tests/integration/test_load_stream.py."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from bench import synthetic
from graph import measures

# --- the synthetic corpus ------------------------------------------------------------------


def test_synthetic_documents_are_distinct_documents() -> None:
    texts = synthetic.make_corpus(40, seed=11)
    assert texts == synthetic.make_corpus(40, seed=11)
    ids = set()
    places = set()
    for i, text in enumerate(texts):
        from loaders import read_text
        from loaders.source import SourceText

        ex = read_text(SourceText(text=text, name=f"p{i}.txt", sha256="0" * 64,
                                  encoding="utf-8", was_html=False))
        assert ex.tasks and not ex.quality.warnings
        ids.add(ex.document.id)
        places.add(ex.document.issuer)
    assert len(ids) == 40 and len(places) > 20


def test_synthetic_without_arguments_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert synthetic.main([]) == 0
    assert capsys.readouterr().out.startswith("usage:")
    assert synthetic.main(["x"]) == 2


# --- betweenness ---------------------------------------------------------------------------


def test_exact_betweenness_is_networkx() -> None:
    g = nx.gnm_random_graph(120, 300, seed=2)
    want = nx.betweenness_centrality(g)
    got = measures.betweenness(120, g.edges())
    assert all(math.isclose(got[v], want[v], abs_tol=1e-6) for v in g)


def test_sampled_betweenness_is_within_its_stated_error() -> None:
    g = nx.barabasi_albert_graph(600, 2, seed=random.Random(5).randint(0, 99))
    want = measures.betweenness(600, g.edges())  # exact: networkx's values (the test above)
    got = measures.betweenness(600, g.edges(), exact_max_nodes=10, sources=100)
    bound = math.sqrt(math.log(2 / 0.05) / (2 * 100))  # Hoeffding, 95 %
    assert max(abs(got[v] - want[v]) for v in g) < bound
    assert got != want  # it did sample


@pytest.mark.parametrize(("exact_max_nodes", "sources"), [(2000, 100), (50, 40)])
def test_betweenness_without_igraph_is_the_same(exact_max_nodes: int, sources: int) -> None:
    """igraph is GPL and may be left out: networkx then gives the same values (exact, and
    sampled from the same seeded sources)."""
    import random

    from graph.measures import _betweenness_networkx, betweenness

    rng = random.Random(1)
    edges = [(rng.randrange(300), rng.randrange(300)) for _ in range(900)]
    assert betweenness(300, edges, exact_max_nodes=exact_max_nodes, sources=sources) == (
        _betweenness_networkx(300, edges, exact_max_nodes, sources))

